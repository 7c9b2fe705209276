#!/usr/bin/env node
// `npm run demo`: Berth on the sandbox, one command on a fresh clone. Installs dependencies
// and builds if needed, starts the sandbox, then the dashboard pointed at it, and prints the URL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SANDBOX_PORT = process.env.SANDBOX_PORT ?? '4566';
const PORT = process.env.PORT ?? '3000';
const SANDBOX_URL = `http://127.0.0.1:${SANDBOX_PORT}`;

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync('node_modules/.bin/next')) {
  console.log('Installing dependencies (npm ci)...');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
if (!existsSync('.next/standalone/server.js') || process.env.BERTH_REBUILD === '1') {
  console.log('Building the dashboard (next build)...');
  run('npm', ['run', 'build']);
}

const children = [];
function start(command, args, env) {
  const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  child.on('exit', (code) => {
    for (const other of children) if (other !== child) other.kill('SIGTERM');
    process.exit(code ?? 0);
  });
  children.push(child);
  return child;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => children.forEach((child) => child.kill(signal)));
}

async function waitFor(url) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not come up`);
}

async function ensureFree(port, variable) {
  const taken = await fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );
  if (taken) {
    console.error(
      `Port ${port} is already in use. Stop what runs there, or set ${variable} to another port.`,
    );
    process.exit(1);
  }
}
await ensureFree(SANDBOX_PORT, 'SANDBOX_PORT');
await ensureFree(PORT, 'PORT');

start('node_modules/.bin/tsx', ['sandbox/main.ts'], { SANDBOX_PORT });
await waitFor(`${SANDBOX_URL}/_sandbox/health`);
start(process.execPath, ['scripts/start.mjs'], {
  PORT,
  AWS_ENDPOINT_URL: SANDBOX_URL,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'sandbox',
  AWS_SECRET_ACCESS_KEY: 'sandbox',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
await waitFor(`http://127.0.0.1:${PORT}/api/health`);
console.log(
  `\n  Berth is running on the sandbox: http://127.0.0.1:${PORT}\n  (AWS sandbox at ${SANDBOX_URL}; Ctrl-C stops both)\n`,
);
