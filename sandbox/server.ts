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
import { FaultsSchema, faultsIn, injectedFault, NO_FAULTS, type Faults } from './faults.js';
import { QUERY_SERVICES, SERVICES, type AwsService } from './operations.js';
import { parseQuery, xmlError, xmlResponse } from './query.js';
import type { SeedName } from './seed.js';
import { callerOf } from './caller.js';
import { Worlds } from './worlds.js';
import { requestId, type JsonObject } from './wire.js';
import type { World } from './world.js';

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
  /** The world admin requests and unsigned AWS requests go to. */
  world(): World;
  worlds(): Worlds;
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

/** An AWS region name; anything else in a credential scope reads as the home region. */
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

const ResetSchema = z.strictObject({ seed: z.enum(['cruddur', 'empty', 'multi']).optional() });
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
  const makeWorlds = (seed: SeedName, previous?: Worlds) =>
    new Worlds({
      clock,
      seed,
      accountId,
      region,
      liveTailQuota: options.liveTailQuota,
      // Keys handed out before a reset stay valid, as IAM outlives any one cluster.
      sts: previous && previous.multi === (seed === 'multi') ? previous.sts : undefined,
    });
  let seedName: SeedName = options.seed ?? 'cruddur';
  let worlds = makeWorlds(seedName);
  let faults: Faults = NO_FAULTS;
  const calls = new Map<string, number>();
  /** Calls per `account/region` world (for a multi-account sandbox's tests). */
  const callsByWorld = new Map<string, Map<string, number>>();
  const count = (key: string, world?: World) => {
    calls.set(key, (calls.get(key) ?? 0) + 1);
    if (!world) return;
    const where = `${world.accountId}/${world.region}`;
    const counts = callsByWorld.get(where) ?? new Map<string, number>();
    counts.set(key, (counts.get(key) ?? 0) + 1);
    callsByWorld.set(where, counts);
  };

  /**
   * The world a request is for: its key's account (STS knows issued keys; any other is the
   * base account) in its credential scope's region. An expired or unknown temporary key gets
   * the error AWS gives it, named for the protocol.
   */
  function resolve(req: IncomingMessage, protocol: 'json' | 'query') {
    const caller = callerOf(req);
    const identity = worlds.sts.identify(caller.accessKeyId);
    if (!identity.ok) {
      if (identity.problem === 'expired')
        return new AwsError(
          'ExpiredTokenException',
          'The security token included in the request is expired',
          protocol === 'json' ? 400 : 403,
        );
      return protocol === 'json'
        ? new AwsError(
            'UnrecognizedClientException',
            'The security token included in the request is invalid.',
          )
        : new AwsError(
            'InvalidClientTokenId',
            'The security token included in the request is invalid.',
            403,
          );
    }
    const region = caller.region && REGION.test(caller.region) ? caller.region : worlds.home.region;
    return { identity, world: worlds.get(identity.account, region) };
  }

  const everyWorld = () => worlds.entries().map(([, world]) => world);

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string) {
    const method = req.method ?? 'GET';
    const body = method === 'GET' || method === 'DELETE' ? '' : await readBody(req);
    const json = (): unknown => (body.trim() === '' ? {} : JSON.parse(body));
    const reply = (status: number, value: unknown) => send(res, status, value, 'application/json');
    const route = `${method} ${path}`;
    try {
      switch (route) {
        case 'GET /_sandbox/health':
          return reply(200, {
            ok: true,
            region: worlds.home.region,
            accountId: worlds.home.accountId,
            speed: clock.speed,
            seed: seedName,
          });
        case 'GET /_sandbox/stats': {
          const byOperation = Object.fromEntries([...calls.entries()].sort());
          const total = [...calls.values()].reduce((a, b) => a + b, 0);
          // Open StartLiveTail sessions, until their clients go or they are ended.
          const liveTailSessions = everyWorld().reduce((n, w) => n + w.logs.liveSessions.size, 0);
          const byWorld = Object.fromEntries(
            [...callsByWorld.entries()]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([where, counts]) => [where, Object.fromEntries([...counts.entries()].sort())]),
          );
          return reply(200, { calls: byOperation, total, liveTailSessions, byWorld });
        }
        case 'DELETE /_sandbox/stats':
        case 'POST /_sandbox/stats/reset':
          calls.clear();
          callsByWorld.clear();
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
          const sessions = everyWorld().flatMap((w) => [...w.logs.liveSessions]);
          for (const finish of sessions) finish(method === 'DELETE' ? 'end' : 'timeout');
          const ended = sessions.length;
          return reply(200, { ended });
        }
        case 'POST /_sandbox/sts/expire':
          return reply(200, { ended: worlds.sts.expireAll() });
        case 'DELETE /_sandbox/faults':
          faults = NO_FAULTS;
          return reply(200, faults);
        case 'POST /_sandbox/reset': {
          const parsed = ResetSchema.safeParse(json());
          if (!parsed.success) return reply(400, { error: z.prettifyError(parsed.error) });
          seedName = parsed.data.seed ?? options.seed ?? 'cruddur';
          worlds = makeWorlds(seedName, worlds);
          faults = NO_FAULTS;
          calls.clear();
          callsByWorld.clear();
          return reply(200, { ok: true, seed: seedName });
        }
        case 'PUT /_sandbox/images': {
          const parsed = ImageBehaviourSchema.safeParse(json());
          if (!parsed.success) return reply(400, { error: z.prettifyError(parsed.error) });
          for (const world of everyWorld())
            world.imageBehaviours.set(parsed.data.image, parsed.data.behaviour);
          return reply(200, parsed.data);
        }
        case 'PUT /_sandbox/simulation': {
          // Paused, the world stands still (tasks, health, metrics, container logs): what a
          // benchmark measures is then the client, not the sandbox stepping 3,000 tasks.
          const parsed = SimulationSchema.safeParse(json());
          if (!parsed.success) return reply(400, { error: z.prettifyError(parsed.error) });
          for (const world of everyWorld()) {
            world.paused = !parsed.data.running;
            if (parsed.data.running)
              world.simulatedUntil = Math.max(world.simulatedUntil, world.now());
          }
          return reply(200, { running: parsed.data.running });
        }
        case 'PUT /_sandbox/load': {
          const parsed = LoadSchema.safeParse(json());
          if (!parsed.success) return reply(400, { error: z.prettifyError(parsed.error) });
          const { cluster, service, factor } = parsed.data;
          for (const world of everyWorld()) world.metrics.load.set(`${cluster}/${service}`, factor);
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
    const target = resolve(req, 'query');
    count(key, target instanceof AwsError ? undefined : target.world);
    const namespace = service?.namespace ?? '';
    let status = 200;
    try {
      if (target instanceof AwsError) throw target;
      const { world, identity } = target;
      if (!service || !operation) {
        throw new AwsError(
          'InvalidAction',
          `Could not find operation ${action} for version ${version}`,
        );
      }
      const here = faultsIn(faults, `${world.accountId}/${world.region}`);
      if (here.latencyMs > 0) await new Promise((r) => setTimeout(r, here.latencyMs));
      const fault = injectedFault(here, service.name, action, identity.account);
      if (fault) throw fault;
      advance(world);
      send(
        res,
        200,
        xmlResponse(action, namespace, operation(world, params, identity)),
        'text/xml',
      );
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
    const resolved = resolve(req, 'json');
    count(key, resolved instanceof AwsError ? undefined : resolved.world);
    let status = 200;
    try {
      if (resolved instanceof AwsError) throw resolved;
      const { world, identity } = resolved;
      if (!service || (!operation && !streaming)) {
        throw unknownOperation(target);
      }
      const here = faultsIn(faults, `${world.accountId}/${world.region}`);
      if (here.latencyMs > 0) await new Promise((r) => setTimeout(r, here.latencyMs));
      const fault = injectedFault(here, service.name, operationName, identity.account);
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
  const ticker = setInterval(() => everyWorld().forEach((world) => advance(world)), 250);
  ticker.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4566, options.host ?? '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    world: () => worlds.homeWorld(),
    worlds: () => worlds,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(ticker);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
