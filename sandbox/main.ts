/** `npm run sandbox`: the AWS endpoint alone, configured from the environment. */
import { startSandbox } from './server.js';

const port = Number(process.env.SANDBOX_PORT ?? 4566);
const speed = Number(process.env.SANDBOX_SPEED ?? 1);
const seed = process.env.SANDBOX_SEED ?? 'cruddur';
const liveTailQuota = Number(process.env.SANDBOX_LIVE_TAIL_SESSIONS ?? 15);

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`SANDBOX_PORT must be a port number, got "${process.env.SANDBOX_PORT}".`);
  process.exit(2);
}
if (!(speed > 0)) {
  console.error(
    `SANDBOX_SPEED must be a positive number (1 = real time), got "${process.env.SANDBOX_SPEED}".`,
  );
  process.exit(2);
}
if (!Number.isInteger(liveTailQuota) || liveTailQuota < 0) {
  console.error(
    `SANDBOX_LIVE_TAIL_SESSIONS must be a whole number of sessions, got "${process.env.SANDBOX_LIVE_TAIL_SESSIONS}".`,
  );
  process.exit(2);
}
if (seed !== 'cruddur' && seed !== 'empty' && seed !== 'multi') {
  console.error(`SANDBOX_SEED must be "cruddur", "empty" or "multi", got "${seed}".`);
  process.exit(2);
}

const sandbox = await startSandbox({
  port,
  speed,
  seed,
  region: process.env.SANDBOX_REGION ?? 'us-east-1',
  log: process.env.SANDBOX_LOG === '1',
  liveTailQuota,
});
console.log(
  `AWS sandbox (ECS, ECR, CloudWatch, ELBv2, Application Auto Scaling) on ${sandbox.url}  speed=${speed} seed=${seed}`,
);
console.log(
  `  export AWS_ENDPOINT_URL=${sandbox.url} AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
