#!/usr/bin/env node
// `npm start`: the production build's standalone server, the same thing the Docker image runs.
// Next leaves static assets out of .next/standalone; they are copied in beside server.js first.
import { spawn } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

if (!existsSync('.next/standalone/server.js')) {
  console.error('No production build: run `npm run build` first.');
  process.exit(1);
}
cpSync('.next/static', '.next/standalone/.next/static', { recursive: true });
if (existsSync('public')) cpSync('public', '.next/standalone/public', { recursive: true });

// The preloads record each request's socket address for per-client limits, and answer a path
// Next cannot decode with a 400 (see each file).
const preloads = ['./peer-address.cjs', './malformed-path.cjs'].flatMap((file) => [
  '--require',
  fileURLToPath(new URL(file, import.meta.url)),
]);
const server = spawn(process.execPath, [...preloads, '.next/standalone/server.js'], {
  stdio: 'inherit',
  env: { HOSTNAME: '127.0.0.1', PORT: '3000', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
