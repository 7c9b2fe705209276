/**
 * `npm run bench`: Berth's speed, measured on this machine against the production build (run
 * `npm run build` first) and a sandbox started here, printed as the README's Performance table.
 *
 * Pages: the cluster page at 150 services / 600 tasks and 1,000 services / 3,000 tasks —
 * uncached (a server whose read cache lasts 1 ms, each time a URL nobody has seen), rendered
 * from cached reads, a shared render (the same URL again: lib/http/page-cache.ts), 20
 * concurrent viewers for 10 s, uncached with 100 ms added to every AWS call; AWS calls, HTML
 * bytes (raw and gzip) per page and bytes per unchanged refresh (/api/changes).
 * Live tail: 50 viewers of one service → StartLiveTail sessions; line-to-browser p95 with 20
 * viewers while 2,000 lines/s are written; server RSS after BENCH_SLOW_MINUTES (default 10) of
 * 20 viewers that never read. BENCH_QUICK=1 runs 1 minute and 5 s of load instead.
 * Other pages, the same way: a service of the 1,000-service cluster, the task definitions list
 * with 500 families × 50 revisions, one of those families, and a repository of 1,000 images
 * that 10 services run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateRepositoryCommand, ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';

const QUICK = process.env.BENCH_QUICK === '1';
const LOAD_SECONDS = QUICK ? 5 : 10;
const SLOW_MINUTES = Number(process.env.BENCH_SLOW_MINUTES ?? (QUICK ? 1 : 10));
const SIZES = [
  { cluster: 'bench-150', services: 150, tasksEach: 4 },
  { cluster: 'bench-1000', services: 1_000, tasksEach: 3 },
];
const SANDBOX_PORT = 4599;
const FAMILIES = 500;
const REVISIONS = 50;
const IMAGES = 1_000;
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60718'] } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => quantile(values, 0.5);
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
const ms = (value: number) => `${Math.round(value)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KB`;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
}

/** A Berth standalone server on `port` against the sandbox, with `extra` settings. */
async function startBerth(sandbox: { url: string }, port: number, extra: Record<string, string>) {
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
        NODE_ENV: 'production',
        HOSTNAME: '127.0.0.1',
        PORT: String(port),
        AWS_ENDPOINT_URL: sandbox.url,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        BERTH_TRUSTED_PROXIES: '127.0.0.1',
        BERTH_LIVE_TAIL_LINGER_SECONDS: '2',
        ...extra,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    if ((await fetch(`${base}/api/health`).catch(() => null))?.ok) return { server, base };
    await sleep(500);
  }
  throw new Error(`Berth on ${port} did not start`);
}

/** Creates a cluster of `services` services running `tasksEach` tasks each, and waits for them. */
async function populate(
  ecs: ECSClient,
  size: { cluster: string; services: number; tasksEach: number },
  family?: string,
) {
  await ecs.send(new CreateClusterCommand({ clusterName: size.cluster }));
  for (let i = 0; i < size.services; i += 25)
    await Promise.all(
      Array.from({ length: Math.min(25, size.services - i) }, (_, j) =>
        ecs.send(
          new CreateServiceCommand({
            cluster: size.cluster,
            serviceName: `svc-${String(i + j).padStart(4, '0')}`,
            // One service logs (the tail's subject); 3,600 writing tasks would bench the sandbox.
            taskDefinition:
              family ?? (size.cluster === 'bench-150' && i + j === 0 ? 'bench-logged' : 'bench'),
            desiredCount: size.tasksEach,
            networkConfiguration: NETWORK,
          }),
        ),
      ),
    );
  const want = size.services * size.tasksEach;
  for (let tries = 0; tries < 600; tries++) {
    let count = 0;
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(
        new ListTasksCommand({ cluster: size.cluster, desiredStatus: 'RUNNING', nextToken }),
      );
      count += page.taskArns?.length ?? 0;
      nextToken = page.nextToken;
    } while (nextToken);
    if (count >= want) return;
    await sleep(500);
  }
  throw new Error(`${size.cluster}: tasks did not start`);
}

/** Runs `calls` at most `concurrency` at once. */
async function pooled(calls: (() => Promise<unknown>)[], concurrency: number) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls.length) await calls[next++]!();
    }),
  );
}

/**
 * 500 families of 50 revisions; a repository of 1,000 images, the newest of which 10 services
 * of cluster bench-ecr run (one task each).
 */
async function populateOthers(ecs: ECSClient, ecr: ECRClient) {
  const definition = (family: string, image: string) =>
    new RegisterTaskDefinitionCommand({
      family,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image, essential: true }],
    });
  await pooled(
    Array.from({ length: FAMILIES * REVISIONS }, (_, i) => () => {
      const family = `fam-${String(i % FAMILIES).padStart(3, '0')}`;
      return ecs.send(definition(family, `nginx:1.${Math.floor(i / FAMILIES)}`));
    }),
    16,
  );
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'bench-images' }));
  await pooled(
    Array.from({ length: IMAGES }, (_, i) => () => {
      const manifest = JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        config: { size: 1_000 + i, digest: `sha256:${String(i).padStart(64, '0')}` },
        layers: [{ size: 30_000_000 + i, digest: `sha256:${String(i).padStart(64, '1')}` }],
      });
      const tag = `build-${String(i).padStart(4, '0')}`;
      return ecr.send(
        new PutImageCommand({
          repositoryName: 'bench-images',
          imageManifest: manifest,
          imageTag: tag,
        }),
      );
    }),
    16,
  );
  await ecs.send(definition('bench-ecr', `${REGISTRY}/bench-images:build-${IMAGES - 1}`));
  await populate(ecs, { cluster: 'bench-ecr', services: 10, tasksEach: 1 }, 'bench-ecr');
  ecr.destroy();
}

async function timedGet(url: string): Promise<{ ms: number; text: string }> {
  const started = performance.now();
  const response = await fetch(url);
  const text = await response.text();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return { ms: performance.now() - started, text };
}

/** `viewers` loops fetching `url` for `seconds`: pages per second and latency quantiles. */
async function load(url: string, viewers: number, seconds: number) {
  const times: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: viewers }, async () => {
      while (performance.now() < end) times.push((await timedGet(url)).ms);
    }),
  );
  return { perSecond: times.length / seconds, p50: median(times), p95: quantile(times, 0.95) };
}

async function main() {
  if (!existsSync('.next/standalone/server.js')) {
    console.error('bench: no production build; run `npm run build` first.');
    process.exit(1);
  }
  cpSync('.next/static', '.next/standalone/.next/static', { recursive: true });
  // The sandbox runs in its own process, so the load this script makes does not slow it.
  const sandboxProcess = spawn(process.execPath, ['--import', 'tsx', 'sandbox/main.ts'], {
    env: {
      ...process.env,
      SANDBOX_PORT: String(SANDBOX_PORT),
      SANDBOX_SPEED: '20',
      SANDBOX_SEED: 'empty',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const sandbox = { url: `http://127.0.0.1:${SANDBOX_PORT}` };
  for (let i = 0; i < 120; i++) {
    if ((await fetch(`${sandbox.url}/_sandbox/health`).catch(() => null))?.ok) break;
    await sleep(250);
  }
  const config = {
    endpoint: sandbox.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const ecs = new ECSClient(config);
  const logs = new CloudWatchLogsClient({ ...config, disableHostPrefix: true });
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${sandbox.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then((r) => r.json() as Promise<{ total: number; liveTailSessions: number }>);

  await logs.send(new CreateLogGroupCommand({ logGroupName: 'bench' }));
  const quiet = { name: 'app', image: 'nginx:1.27', essential: true };
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'bench',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [quiet],
    }),
  );
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'bench-logged',
      executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          ...quiet,
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': 'bench',
              'awslogs-region': 'us-east-1',
              'awslogs-stream-prefix': 'app',
            },
          },
        },
      ],
    }),
  );
  for (const size of SIZES) await populate(ecs, size);
  await populateOthers(ecs, new ECRClient(config));
  // From here the world stands still: the figures are Berth's, not the sandbox stepping
  // 3,600 simulated tasks on the same two cores. (Logs written below still flow.)
  await admin('PUT', '/_sandbox/simulation', { running: false });

  const servers: ChildProcess[] = [];
  const uncached = await startBerth(sandbox, 3195, { BERTH_CACHE_TTL_MS: '1' });
  const cached = await startBerth(sandbox, 3196, { BERTH_CACHE_TTL_MS: '5000' });
  // Nothing kept at all, not even a list of ARNs (lib/aws/kept-lists.ts): a first view.
  const firstView = await startBerth(sandbox, 3197, {
    BERTH_CACHE_TTL_MS: '1',
    BERTH_LIST_REUSE_SECONDS: '0',
  });
  servers.push(uncached.server, cached.server, firstView.server);
  /** The sandbox's call count once it stops moving: a page's background listings included. */
  const settledCalls = async () => {
    let last = -1;
    for (;;) {
      const { total } = await admin('GET', '/_sandbox/stats');
      if (total === last) return total;
      last = total;
      await sleep(500);
    }
  };

  const rows: string[][] = [];
  // A URL nobody has asked for (an unknown query parameter changes nothing on the page) is a
  // render nobody shares: the uncached figures read and render every time.
  let unseen = 0;
  const fresh = (base: string, path: string) => `${base}${path}?bench=${++unseen}`;
  for (const size of SIZES) {
    const path = `/clusters/${size.cluster}`;
    await timedGet(fresh(uncached.base, path)); // first render compiles nothing, but warms the JIT
    const cold = [];
    for (let i = 0; i < 5; i++) cold.push((await timedGet(fresh(uncached.base, path))).ms);
    await settledCalls(); // the listings behind the pages above
    await admin('DELETE', '/_sandbox/stats');
    const page = await timedGet(fresh(uncached.base, path));
    const calls = await settledCalls();
    await timedGet(`${cached.base}${path}`);
    const rendered = [];
    for (let i = 0; i < 10; i++) rendered.push((await timedGet(fresh(cached.base, path))).ms);
    const hits = [];
    for (let i = 0; i < 10; i++) hits.push((await timedGet(`${cached.base}${path}`)).ms);
    const viewers = await load(`${cached.base}${path}`, 20, LOAD_SECONDS);
    const refresh = await timedGet(
      `${cached.base}/api/changes?view=cluster&cluster=${size.cluster}`,
    );
    await timedGet(fresh(firstView.base, path));
    await admin('PUT', '/_sandbox/faults', { latencyMs: 100 });
    const slow = [];
    for (let i = 0; i < 3; i++) slow.push((await timedGet(fresh(uncached.base, path))).ms);
    const slowFirst = [];
    for (let i = 0; i < 3; i++) slowFirst.push((await timedGet(fresh(firstView.base, path))).ms);
    await admin('DELETE', '/_sandbox/faults');
    rows.push([
      `${size.services} services / ${size.services * size.tasksEach} tasks`,
      ms(median(cold)),
      ms(median(rendered)),
      ms(median(hits)),
      `${viewers.perSecond.toFixed(1)} pages/s, p50 ${ms(viewers.p50)}, p95 ${ms(viewers.p95)}`,
      `${ms(median(slow))} (first view ${ms(median(slowFirst))})`,
      String(calls),
      `${kb(Buffer.byteLength(page.text))} (${kb(gzipSync(page.text).length)} gzip)`,
      `${Buffer.byteLength(refresh.text)} B`,
    ]);
    console.error(`bench: ${size.cluster} measured`);
  }

  const others: string[][] = [];
  for (const [label, path] of [
    ['service page (1,000-service cluster)', '/clusters/bench-1000/services/svc-0000'],
    [`task definitions (${FAMILIES} families × ${REVISIONS} revisions)`, '/task-definitions'],
    [`a family's ${REVISIONS} revisions`, '/task-definitions/fam-000'],
    [
      `repository of ${IMAGES.toLocaleString('en')} images, 10 services`,
      '/repositories/bench-images',
    ],
  ] as const) {
    await timedGet(fresh(uncached.base, path));
    const cold = [];
    for (let i = 0; i < 5; i++) cold.push((await timedGet(fresh(uncached.base, path))).ms);
    await settledCalls();
    await admin('DELETE', '/_sandbox/stats');
    const page = await timedGet(fresh(uncached.base, path));
    const calls = await settledCalls();
    await timedGet(`${cached.base}${path}`);
    const hits = [];
    for (let i = 0; i < 10; i++) hits.push((await timedGet(`${cached.base}${path}`)).ms);
    const viewers = await load(`${cached.base}${path}`, 20, LOAD_SECONDS);
    await admin('PUT', '/_sandbox/faults', { latencyMs: 100 });
    const slow = [];
    for (let i = 0; i < 3; i++) slow.push((await timedGet(fresh(uncached.base, path))).ms);
    await admin('DELETE', '/_sandbox/faults');
    others.push([
      label,
      ms(median(cold)),
      ms(median(hits)),
      `${viewers.perSecond.toFixed(1)} pages/s, p95 ${ms(viewers.p95)}`,
      ms(median(slow)),
      String(calls),
      `${kb(Buffer.byteLength(page.text))} (${kb(gzipSync(page.text).length)} gzip)`,
    ]);
    console.error(`bench: ${path} measured`);
  }

  // Live tail: 50 viewers of one service, then line latency with 20, then 20 slow viewers.
  const tail = (i: number) =>
    `/api/logs?cluster=bench-150&service=svc-0000&since=1m&mode=auto&_v=${i}`;
  const { taskArns = [] } = await ecs.send(
    new ListTasksCommand({ cluster: 'bench-150', serviceName: 'svc-0000' }),
  );
  const stream = `app/app/${taskArns[0]?.split('/').pop() ?? 'bench'}`;
  await logs
    .send(new CreateLogStreamCommand({ logGroupName: 'bench', logStreamName: stream }))
    .catch(() => undefined);
  const openViewer = (i: number, onLine?: (data: string) => void) => {
    const controller = new AbortController();
    const done = fetch(`${cached.base}${tail(i).replace(/&_v=\d+$/, '')}`, {
      headers: { 'x-forwarded-for': `198.51.100.${(i % 250) + 1}` },
      signal: controller.signal,
    })
      .then(async (response) => {
        const reader = response.body!.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done: end } = await reader.read();
          if (end) return;
          buffer += decoder.decode(value, { stream: true });
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const data = /^data: (.*)$/m.exec(event)?.[1];
            if (data && /^event: line$/m.test(event)) onLine?.(data);
          }
        }
      })
      .catch(() => undefined);
    return { close: () => controller.abort(), done };
  };

  const fifty = Array.from({ length: 50 }, (_, i) => openViewer(i));
  await sleep(5_000);
  const sessions = (await admin('GET', '/_sandbox/stats')).liveTailSessions;
  fifty.forEach((viewer) => viewer.close());
  await sleep(4_000);

  const latencies: number[] = [];
  const twenty = Array.from({ length: 20 }, (_, i) =>
    openViewer(i, (data) => {
      const sent = /bench-sent (\d+)/.exec(data)?.[1];
      if (sent) latencies.push(Date.now() - Number(sent));
    }),
  );
  await sleep(3_000);
  const write = (perSecond: number, seconds: number) =>
    new Promise<void>((resolve) => {
      let ticks = 0;
      const timer = setInterval(() => {
        const now = Date.now();
        void logs.send(
          new PutLogEventsCommand({
            logGroupName: 'bench',
            logStreamName: stream,
            logEvents: Array.from({ length: perSecond / 10 }, (_, i) => ({
              timestamp: now,
              message: `bench-sent ${now} line ${i} GET /api/activities/home 200`,
            })),
          }),
        );
        if (++ticks >= seconds * 10) {
          clearInterval(timer);
          resolve();
        }
      }, 100);
    });
  await write(2_000, LOAD_SECONDS);
  await sleep(3_000);
  twenty.forEach((viewer) => viewer.close());

  const pid = cached.server.pid ?? 0;
  const sockets: Socket[] = [];
  for (let i = 0; i < 20; i++) {
    const socket = connect(3196, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      `GET ${tail(i).replace(/&_v=\d+$/, '')} HTTP/1.1\r\nHost: 127.0.0.1:3196\r\nX-Forwarded-For: 203.0.113.${i + 1}\r\nAccept: text/event-stream\r\n\r\n`,
    );
    socket.pause();
    sockets.push(socket);
  }
  let peak = rssMb(pid);
  const writing = write(2_000, SLOW_MINUTES * 60);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 1_000);
  await writing;
  const slowRss = rssMb(pid);
  clearInterval(sampler);
  sockets.forEach((socket) => socket.destroy());

  console.log(
    `\nBerth bench on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}\n`,
  );
  console.log(
    '| cluster | uncached page | reads cached, rendered | shared render | 20 concurrent viewers | uncached, +100 ms per AWS call: refresh (first view) | AWS calls per uncached page | HTML per page | unchanged refresh |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(
    '\n| page | uncached | shared render | 20 concurrent viewers | uncached, +100 ms per AWS call | AWS calls per uncached page | HTML |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const row of others) console.log(`| ${row.join(' | ')} |`);
  console.log('\n| live tail | figure |\n|---|---|');
  console.log(`| 50 viewers of one service | ${sessions} StartLiveTail session(s) |`);
  console.log(
    `| line → browser, 20 viewers, 2,000 lines/s for ${LOAD_SECONDS} s | p50 ${ms(median(latencies))}, p95 ${ms(quantile(latencies, 0.95))} (${latencies.length} lines read) |`,
  );
  console.log(
    `| server RSS, 20 viewers that never read, ${SLOW_MINUTES} min at 2,000 lines/s | ${slowRss} MB at the end, ${peak} MB peak |`,
  );

  for (const server of servers) server.kill();
  ecs.destroy();
  logs.destroy();
  sandboxProcess.kill();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
