/**
 * Plausible output of the seed's containers, so there is something real to tail:
 * Flask's request log, nginx's access log, the X-Ray daemon, or a generic process.
 */
import { pick, type Random } from '../random.js';

type Kind = 'flask' | 'nginx' | 'xray' | 'generic';

export function kindOf(image: string, name: string): Kind {
  const text = `${image} ${name}`.toLowerCase();
  if (text.includes('xray')) return 'xray';
  if (text.includes('nginx') || text.includes('frontend') || text.includes('react')) return 'nginx';
  if (text.includes('flask') || text.includes('python') || text.includes('backend')) return 'flask';
  return 'generic';
}

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function clf(at: number, nginx: boolean) {
  const d = new Date(at);
  const day = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return nginx ? `${day}:${time} +0000` : `${day} ${time}`;
}

const ip = (random: Random) =>
  `10.0.${Math.floor(random() * 4)}.${10 + Math.floor(random() * 240)}`;

const FLASK_ROUTES = [
  ['GET', '/api/activities/home', 200],
  ['GET', '/api/activities/notifications', 200],
  ['GET', '/api/message_groups', 200],
  ['GET', '/api/activities/@andrewbrown', 200],
  ['POST', '/api/activities', 200],
  ['GET', '/api/messages/5ae290ed-55d1-47a0-bc6d-fe2bc2700399', 200],
  ['GET', '/api/profile/update', 405],
  ['GET', '/rollbar/test', 200],
  ['GET', '/api/activities/search', 404],
] as const;

const NGINX_PATHS = [
  '/',
  '/static/js/main.2c4a6a2e.js',
  '/static/css/main.073c9b0a.css',
  '/favicon.ico',
  '/messages',
  '/notifications',
  '/manifest.json',
];
const AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'ELB-HealthChecker/2.0',
];

export function startupLines(kind: Kind, at: number): string[] {
  const iso = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z');
  switch (kind) {
    case 'flask':
      return [
        " * Serving Flask app 'app'",
        ' * Debug mode: off',
        '\u001b[31m\u001b[1mWARNING: This is a development server. Do not use it in a production deployment. Use a production WSGI server instead.\u001b[0m',
        ' * Running on all addresses (0.0.0.0)',
        ' * Running on http://127.0.0.1:4567',
        '\u001b[33mPress CTRL+C to quit\u001b[0m',
      ];
    case 'nginx':
      return [
        '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
        '/docker-entrypoint.sh: Configuration complete; ready for start up',
        `${iso.replace('T', ' ').replace('Z', '')} [notice] 1#1: nginx/1.23.3`,
        `${iso.replace('T', ' ').replace('Z', '')} [notice] 1#1: start worker processes`,
      ];
    case 'xray':
      return [
        `${iso} [Info] Initializing AWS X-Ray daemon 3.3.13`,
        `${iso} [Info] Using buffer memory limit of 20 MB`,
        `${iso} [Info] 320 segment buffers allocated`,
        `${iso} [Info] Using region: us-east-1`,
        `${iso} [Info] HTTP Proxy server using X-Ray Endpoint : https://xray.us-east-1.amazonaws.com`,
        `${iso} [Info] Starting proxy http server on 127.0.0.1:2000`,
      ];
    default:
      return [`${iso} starting`];
  }
}

export function nextLine(kind: Kind, at: number, random: Random, healthCheckPath?: string): string {
  switch (kind) {
    case 'flask': {
      if (healthCheckPath && random() < 0.3) {
        return `127.0.0.1 - - [${clf(at, false)}] "GET ${healthCheckPath} HTTP/1.1" 200 -`;
      }
      const [method, path, status] = pick(random, FLASK_ROUTES);
      return `${ip(random)} - - [${clf(at, false)}] "${method} ${path} HTTP/1.1" ${status} -`;
    }
    case 'nginx': {
      const path = pick(random, NGINX_PATHS);
      const bytes = 200 + Math.floor(random() * 90000);
      return `${ip(random)} - - [${clf(at, true)}] "GET ${path} HTTP/1.1" 200 ${bytes} "-" "${pick(random, AGENTS)}" "-"`;
    }
    case 'xray': {
      const iso = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z');
      const segments = 1 + Math.floor(random() * 4);
      return `${iso} [Info] Successfully sent batch of ${segments} segments (0.0${1 + Math.floor(random() * 8)}0 seconds)`;
    }
    default:
      return `${new Date(at).toISOString()} heartbeat ok`;
  }
}

export function crashLines(kind: Kind): string[] {
  if (kind === 'flask' || kind === 'generic') {
    return [
      'Traceback (most recent call last):',
      '  File "/backend-flask/app.py", line 7, in <module>',
      '    from services.home_activities import *',
      "ModuleNotFoundError: No module named 'services.home_activities'",
    ];
  }
  if (kind === 'nginx') {
    return ['nginx: [emerg] unknown directive "lisen" in /etc/nginx/nginx.conf:12'];
  }
  return ['[Error] Failed to start daemon: bind: address already in use'];
}

/** The path a health-check command curls, if it names one, so its requests show in the log. */
export function healthCheckPath(command: readonly string[] | undefined): string | undefined {
  const text = command?.join(' ') ?? '';
  return /https?:\/\/[^/\s]+(\/[^\s"'|]*)/.exec(text)?.[1];
}
