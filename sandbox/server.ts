/**
 * The sandbox's HTTP endpoint, every service on one port: the JSON protocols (awsJson1_1 for
 * ECS, ECR, CloudWatch Logs, Cloud Map and Application Auto Scaling; awsJson1_0 for
 * CloudWatch) routed by X-Amz-Target, the query protocol (ELBv2; CloudWatch for the AWS CLI)
 * by the form's Version, and the admin API under /_sandbox/.
 */
import {
  AwsError,
  queryErrorCode,
  serializationError,
  serverException,
  unknownOperation,
} from './errors.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { SimClock } from './clock.js';
import { advance } from './ecs/simulation.js';
import { FaultsSchema, injectedFault, NO_FAULTS, type Faults } from './faults.js';
import { QUERY_SERVICES, SERVICES, type AwsService } from './operations.js';
import { parseQuery, xmlError, xmlResponse } from './query.js';
import { seedWorld, type SeedName } from './seed.js';
import { requestId, type JsonObject } from './wire.js';
import { World } from './world.js';

export interface SandboxOptions {
  port?: number;
  host?: string;
  /** Simulated seconds per real second. */
  speed?: number;
  seed?: SeedName;
  region?: string;
  accountId?: string;
  /** Print one line per AWS request. */
  log?: boolean;
  /** Concurrent Live Tail sessions before LimitExceededException (AWS's default: 15). */
  liveTailQuota?: number;
}

export interface Sandbox {
  url: string;
  port: number;
  world(): World;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/x-amz-json-1.1';
const JSON_1_0_TYPE = 'application/x-amz-json-1.0';
const MAX_BODY = 8 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(serializationError('Request body too large.', 413));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = JSON_TYPE,
  headers: Record<string, string> = {},
) {
  // CloudWatch's operations return Dates (the query protocol writes them ISO 8601); JSON 1.0
  // carries epoch seconds. The other services' operations already give epoch seconds.
  const text =
    typeof body === 'string'
      ? body
      : contentType === JSON_1_0_TYPE
        ? JSON.stringify(body, function (this: Record<string, unknown>, key, value: unknown) {
            const raw = this[key];
            return raw instanceof Date ? raw.getTime() / 1000 : value;
          })
        : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-RequestId': requestId(),
    ...headers,
  });
  res.end(text);
}

function sendAwsError(res: ServerResponse, error: AwsError, service?: AwsService) {
  const contentType = service?.jsonVersion === '1.0' ? JSON_1_0_TYPE : JSON_TYPE;
  // awsQueryCompatible services name the query protocol's code too: Foo for FooException.
  const queryError: Record<string, string> = service?.queryCompatible
    ? {
        'x-amzn-query-error': `${queryErrorCode(error)};${error.status >= 500 ? 'Receiver' : 'Sender'}`,
      }
    : {};
  send(
    res,
    error.status,
    { __type: error.type, message: error.message, ...error.members },
    contentType,
    queryError,
  );
}

const ResetSchema = z.strictObject({ seed: z.enum(['cruddur', 'empty']).optional() });
/**
 * The load knob: a service's CPU is its profile times `factor` (5 keeps Flask over 70 % at every
 * phase of its wave; at 3 its trough is ~51 %).
 */
const LoadSchema = z.strictObject({
  cluster: z.string().min(1),
  service: z.string().min(1),
  factor: z.number().positive().max(10),
});
const SimulationSchema = z.strictObject({ running: z.boolean() });
const ImageBehaviourSchema = z.strictObject({
  image: z.string().min(1),
  behaviour: z.enum(['healthy', 'unhealthy', 'crash', 'oom']),
});

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = new SimClock(options.speed ?? 1);
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const makeWorld = (seed: SeedName) => {
    const world = new World({ clock, region, accountId, liveTailQuota: options.liveTailQuota });
    seedWorld(world, seed);
    return world;
  };
  let seedName: SeedName = options.seed ?? 'cruddur';
  let world = makeWorld(seedName);
  let faults: Faults = NO_FAULTS;
  const calls = new Map<string, number>();

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string) {
    const method = req.method ?? 'GET';
    const body = method === 'GET' || method === 'DELETE' ? '' : await readBody(req);
    const json = (): unknown => (body.trim() === '' ? {} : JSON.parse(body));
    const reply = (status: number, value: unknown) => send(res, status, value, 'application/json');
    const route = `${method} ${path}`;
    try {
      switch (route) {
        case 'GET /_sandbox/health':
          return reply(200, { ok: true, region, accountId, speed: clock.speed, seed: seedName });
        case 'GET /_sandbox/stats': {
          const byOperation = Object.fromEntries([...calls.entries()].sort());
          const total = [...calls.values()].reduce((a, b) => a + b, 0);
          // Open StartLiveTail sessions, until their clients go or they are ended.
          const liveTailSessions = world.logs.liveSessions.size;
          return reply(200, { calls: byOperation, total, liveTailSessions });
        }
        case 'DELETE /_sandbox/stats':
        case 'POST /_sandbox/stats/reset':
          calls.clear();
          return reply(200, { calls: {}, total: 0 });
        case 'GET /_sandbox/faults':
          return reply(200, faults);
        case 'PUT /_sandbox/faults': {
          const parsed = FaultsSchema.safeParse(json());
          if (!parsed.success) return reply(400, { error: z.prettifyError(parsed.error) });
          faults = parsed.data;
          return reply(200, faults);
        }
        case 'DELETE /_sandbox/live-tail':
        case 'POST /_sandbox/live-tail/timeout': {
          // Ends every open session: cleanly, or with SessionTimeoutException as at 3 hours.
          const ended = world.logs.liveSessions.size;
          for (const finish of [...world.logs.liveSessions])
            finish(method === 'DELETE' ? 'end' : 'timeout');
          return reply(200, { ended });
        }
        case 'DELETE /_sandbox/faults':
          faults = NO_FAULTS;
          return reply(200, faults);
        case 'POST /_sandbox/reset': {
          const parsed = ResetSchema.safeParse(json());
          if (!parsed.success) return reply(400, { error: z.prettifyError(parsed.error) });
          seedName = parsed.data.seed ?? options.seed ?? 'cruddur';
          world = makeWorld(seedName);
          faults = NO_FAULTS;
          calls.clear();
          return reply(200, { ok: true, seed: seedName });
        }
        case 'PUT /_sandbox/images': {
          const parsed = ImageBehaviourSchema.safeParse(json());
          if (!parsed.success) return reply(400, { error: z.prettifyError(parsed.error) });
          world.imageBehaviours.set(parsed.data.image, parsed.data.behaviour);
          return reply(200, parsed.data);
        }
        case 'PUT /_sandbox/simulation': {
          // Paused, the world stands still (tasks, health, metrics, container logs): what a
          // benchmark measures is then the client, not the sandbox stepping 3,000 tasks.
          const parsed = SimulationSchema.safeParse(json());
          if (!parsed.success) return reply(400, { error: z.prettifyError(parsed.error) });
          world.paused = !parsed.data.running;
          if (parsed.data.running)
            world.simulatedUntil = Math.max(world.simulatedUntil, world.now());
          return reply(200, { running: parsed.data.running });
        }
        case 'PUT /_sandbox/load': {
          const parsed = LoadSchema.safeParse(json());
          if (!parsed.success) return reply(400, { error: z.prettifyError(parsed.error) });
          const { cluster, service, factor } = parsed.data;
          world.metrics.load.set(`${cluster}/${service}`, factor);
          return reply(200, parsed.data);
        }
        default:
          return reply(404, { error: `No admin route ${route}. See sandbox/README.md.` });
      }
    } catch (error) {
      return reply(400, {
        error: error instanceof SyntaxError ? `Invalid JSON: ${error.message}` : String(error),
      });
    }
  }

  /** The query protocol (query.ts): ELBv2, answered in XML. */
  async function handleQuery(req: IncomingMessage, res: ServerResponse) {
    const started = Date.now();
    const { action, version, params } = parseQuery(await readBody(req));
    const service = QUERY_SERVICES[version];
    const operation = service?.operations[action];
    const key = `${service?.name ?? 'unknown'}:${action || '(none)'}`;
    calls.set(key, (calls.get(key) ?? 0) + 1);
    const namespace = service?.namespace ?? '';
    let status = 200;
    try {
      if (!service || !operation) {
        throw new AwsError(
          'InvalidAction',
          `Could not find operation ${action} for version ${version}`,
        );
      }
      if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
      const fault = injectedFault(faults, service.name, action, accountId);
      if (fault) throw fault;
      advance(world);
      send(res, 200, xmlResponse(action, namespace, operation(world, params)), 'text/xml');
    } catch (error) {
      const known =
        error instanceof AwsError
          ? error
          : serverException('Internal error in the sandbox; see its console.', 'InternalFailure');
      if (!(error instanceof AwsError)) console.error(`sandbox: ${key} failed:`, error);
      status = known.status;
      send(res, known.status, xmlError(known, namespace), 'text/xml');
    }
    if (options.log) console.log(`${key} ${status} ${Date.now() - started}ms`);
  }

  async function handleAws(req: IncomingMessage, res: ServerResponse) {
    const started = Date.now();
    const target = String(req.headers['x-amz-target'] ?? '');
    const [prefix = '', operationName = ''] = target.split('.');
    const service = SERVICES[prefix];
    const operation = service?.operations[operationName];
    const streaming = service?.streaming?.[operationName];
    const body = await readBody(req);
    const key = `${service?.name ?? 'unknown'}:${operationName || target || '(none)'}`;
    calls.set(key, (calls.get(key) ?? 0) + 1);
    let status = 200;
    try {
      if (!service || (!operation && !streaming)) {
        throw unknownOperation(target);
      }
      if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
      const fault = injectedFault(faults, service.name, operationName, accountId);
      if (fault) throw fault;
      let input: JsonObject;
      try {
        const parsed: unknown = body.trim() === '' ? {} : JSON.parse(body);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new Error('not an object');
        input = parsed as JsonObject;
      } catch {
        throw serializationError('Start of structure or map found where not expected.');
      }
      advance(world);
      if (streaming) streaming(world, input, res);
      else if (operation) {
        send(
          res,
          200,
          operation(world, input),
          service.jsonVersion === '1.0' ? JSON_1_0_TYPE : JSON_TYPE,
        );
      }
    } catch (error) {
      if (error instanceof AwsError) {
        status = error.status;
        sendAwsError(res, error, service);
      } else {
        status = 500;
        console.error(`sandbox: ${key} failed:`, error);
        const name =
          service?.name === 'logs'
            ? 'ServiceUnavailableException'
            : service?.name === 'application-autoscaling'
              ? 'InternalServiceException'
              : 'ServerException';
        sendAwsError(
          res,
          serverException('Internal error in the sandbox; see its console.', name),
          service,
        );
      }
    }
    if (options.log) console.log(`${key} ${status} ${Date.now() - started}ms`);
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handled = path.startsWith('/_sandbox/')
      ? handleAdmin(req, res, path)
      : req.method === 'POST'
        ? String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
          ? handleQuery(req, res)
          : handleAws(req, res)
        : Promise.resolve(
            send(
              res,
              200,
              'Berth AWS sandbox: ECS, ECR, CloudWatch Logs and metrics, ELBv2, Application Auto Scaling, Cloud Map. See /_sandbox/health.\n',
              'text/plain',
            ),
          );
    handled.catch((error: unknown) => {
      if (!res.headersSent) {
        if (error instanceof AwsError) sendAwsError(res, error);
        else send(res, 500, { __type: 'ServerException', message: String(error) });
      }
    });
  });
  // The world moves on between requests too, so logs keep flowing for tails and pollers.
  const ticker = setInterval(() => advance(world), 250);
  ticker.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4566, options.host ?? '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    world: () => world,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(ticker);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
