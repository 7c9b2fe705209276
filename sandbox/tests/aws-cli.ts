/** Running Debian's AWS CLI v2 against a test's sandbox, as a person would from a shell. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Harness } from './harness.js';

const run = promisify(execFile);

/** Debian's AWS CLI v2; a Python `aws` v1 may come first on PATH, so look for v2 by path. */
export function findAwsCliV2(): string {
  for (const candidate of ['/usr/bin/aws', '/usr/local/bin/aws']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    'AWS CLI v2 not found: install it with `apt-get install -y awscli` (Debian), or run npm test as root.',
  );
}

/** `aws …` with --endpoint-url set to the sandbox, in `dir`; the parsed JSON it prints. */
export function awsCli(h: Harness, dir: string) {
  return async (...args: string[]): Promise<unknown> => {
    const { stdout } = await run(
      findAwsCliV2(),
      [...args, '--endpoint-url', h.sandbox.url, '--output', 'json'],
      {
        cwd: dir,
        env: {
          NODE_ENV: 'test',
          PATH: process.env.PATH,
          HOME: dir,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_PAGER: '',
        },
      },
    );
    return stdout.trim() === '' ? {} : JSON.parse(stdout);
  };
}
