/**
 * `npm run soak`: the log tail's memory under abuse, against the production build (run
 * `npm run build` first) and a sandbox started here, on loopback only.
 *
 * 1. 20 clients open /api/logs and never read, while 0.8 MB/s of 8 KB lines are written to the
 *    tailed group, for 60 s. The server must drop them (bounded bytes per client) and close
 *    every upstream live tail session.
 * 2. 5 clients ask for the last hour of those 8 KB lines at once (the backlog is capped in bytes).
 *
 * Fails (exit 1) when the server's RSS passes RSS_LIMIT_MB or a live tail session stays open.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  CloudWatchLogsClient,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { startSandbox } from '../sandbox/server';

const RSS_LIMIT_MB = Number(process.env.SOAK_RSS_LIMIT_MB ?? 450);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CLIENTS = 20;
const BYTES_PER_SECOND = 800_000;
const LINE_BYTES = 8_000;
const PORT = 3190;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function main() {
  if (!existsSync('.next/standalone/server.js')) {
    console.error('soak: no production build; run `npm run build` first.');
    process.exit(1);
  }
  cpSync('.next/static', '.next/standalone/.next/static', { recursive: true });
  const sandbox = await startSandbox({ port: 0, speed: 1, seed: 'cruddur' });
  const stats = async () =>
    (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as { liveTailSessions: number };

  const server = spawn(
    process.execPath,
    [
      '--require',
      fileURLToPath(new URL('./peer-address.cjs', import.meta.url)),
      '--require',
      fileURLToPath(new URL('./malformed-path.cjs', import.meta.url)),
      '.next/standalone/server.js',
    ],
    {
      env: {
        ...process.env,
        HOSTNAME: '127.0.0.1',
        PORT: String(PORT),
        AWS_ENDPOINT_URL: sandbox.url,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        // Each soak client names itself in X-Forwarded-For, as clients behind a proxy would.
        BERTH_TRUSTED_PROXIES: '127.0.0.1',
        // A shared session may outlive its last viewer this long; the end check waits 10 s.
        BERTH_LIVE_TAIL_LINGER_SECONDS: '2',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${PORT}`;
  for (let i = 0; i < 60; i++) {
    if ((await fetch(`${base}/api/health`).catch(() => null))?.ok) break;
    await sleep(500);
  }
  const pid = server.pid ?? 0;
  const logs = new CloudWatchLogsClient({
    endpoint: sandbox.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    disableHostPrefix: true,
  });
  const stream = 'backend-flask/backend-flask/soak';
  await logs.send(new CreateLogStreamCommand({ logGroupName: 'cruddur', logStreamName: stream }));
  const line = 'x'.repeat(LINE_BYTES - 20);
  let written = 0;
  const writer = setInterval(() => {
    const now = Date.now();
    const count = BYTES_PER_SECOND / LINE_BYTES / 4;
    void logs
      .send(
        new PutLogEventsCommand({
          logGroupName: 'cruddur',
          logStreamName: stream,
          logEvents: Array.from({ length: count }, (_, i) => ({
            timestamp: now,
            message: `soak ${written + i} ${line}`,
          })),
        }),
      )
      .then(() => (written += count));
  }, 250);

  const baseline = rssMb(pid);
  const peak = { idle: baseline, nonReading: baseline, backlog: baseline };

  // Phase 1: clients that never read.
  const sockets: Socket[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const socket = connect(PORT, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      `GET /api/logs?cluster=cruddur&service=backend-flask&since=1m&containers=backend-flask HTTP/1.1\r\nHost: 127.0.0.1:${PORT}\r\nX-Forwarded-For: 198.51.100.${i + 1}\r\nAccept: text/event-stream\r\n\r\n`,
    );
    socket.pause();
    sockets.push(socket);
  }
  let sessionsDuring = 0;
  for (let s = 0; s < SECONDS; s++) {
    await sleep(1000);
    peak.nonReading = Math.max(peak.nonReading, rssMb(pid));
    sessionsDuring = Math.max(sessionsDuring, (await stats()).liveTailSessions);
  }
  const openAfterStall = (await stats()).liveTailSessions;
  for (const socket of sockets) socket.destroy();

  // Phase 2: five viewers of the last hour at once, reading everything.
  const readers = await Promise.all(
    Array.from({ length: 5 }, async (_, i) => {
      const abort = new AbortController();
      const response = await fetch(
        `${base}/api/logs?cluster=cruddur&service=backend-flask&since=1h&containers=backend-flask`,
        { signal: abort.signal, headers: { 'x-forwarded-for': `192.0.2.${i + 1}` } },
      );
      let bytes = 0;
      const reader = response.body!.getReader();
      const deadline = Date.now() + 8000;
      let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
      while (Date.now() < deadline) {
        pending ??= reader.read();
        const chunk = await Promise.race([pending, sleep(500).then(() => undefined)]);
        peak.backlog = Math.max(peak.backlog, rssMb(pid));
        if (!chunk) continue;
        pending = undefined;
        if (chunk.done) break;
        bytes += chunk.value.byteLength;
      }
      abort.abort();
      return bytes;
    }),
  );
  clearInterval(writer);
  let openAtEnd = (await stats()).liveTailSessions;
  for (let i = 0; i < 50 && openAtEnd > 0; i++) {
    await sleep(200);
    openAtEnd = (await stats()).liveTailSessions;
  }
  server.kill('SIGTERM');
  logs.destroy();
  await sandbox.close();

  const rows: [string, string][] = [
    ['machine', `${cpus().length} cores, Node ${process.version}`],
    ['log volume written', `${((written * LINE_BYTES) / 1e6).toFixed(1)} MB in ${SECONDS} s`],
    ['server RSS at start', `${baseline} MB`],
    [`peak RSS, ${CLIENTS} non-reading clients, ${SECONDS} s`, `${peak.nonReading} MB`],
    [
      'live tail sessions open (max during / after the stall)',
      `${sessionsDuring} / ${openAfterStall}`,
    ],
    [
      'peak RSS, 5 viewers of the last hour of 8 KB lines',
      `${peak.backlog} MB (each received ≤ ${(Math.max(...readers) / 1e6).toFixed(1)} MB)`,
    ],
    ['live tail sessions open at the end', String(openAtEnd)],
    ['limit', `${RSS_LIMIT_MB} MB`],
  ];
  console.log('\n| log tail soak | result |\n|---|---|');
  for (const [what, value] of rows) console.log(`| ${what} | ${value} |`);
  const failures = [
    peak.nonReading > RSS_LIMIT_MB && `RSS ${peak.nonReading} MB with non-reading clients`,
    peak.backlog > RSS_LIMIT_MB && `RSS ${peak.backlog} MB with backlog viewers`,
    openAfterStall > 0 && `${openAfterStall} live tail sessions still open after the stall`,
    openAtEnd > 0 && `${openAtEnd} live tail sessions still open at the end`,
  ].filter(Boolean);
  if (failures.length) {
    console.error(`\nsoak failed: ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log('\nsoak passed');
}

await main();
