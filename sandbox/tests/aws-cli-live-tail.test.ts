/**
 * `aws logs start-live-tail` against the sandbox, with every AWS CLI on this machine that has
 * the command (Debian's v2.9 does not; the Python CLI v1 with a current botocore does). The
 * host prefix the operation carries must be turned off for a custom endpoint.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { ignoreAlreadyExists } from './ignore-exists.js';
import { setupSandbox } from './harness.js';

const h = setupSandbox({ seed: 'cruddur' });

function installedClis(): string[] {
  let onPath: string[] = [];
  try {
    onPath = execFileSync('which', ['-a', 'aws'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    // none on PATH
  }
  return [...new Set([...onPath, '/usr/bin/aws', '/usr/local/bin/aws'])].filter((path) =>
    existsSync(path),
  );
}

/** Older CLIs answer "Invalid choice" for the command; one that has it tries to connect. */
function hasLiveTail(cli: string): boolean {
  const probe = spawnSync(
    cli,
    [
      'logs',
      'start-live-tail',
      '--log-group-identifiers',
      'x',
      '--endpoint-url',
      'http://127.0.0.1:9',
      '--region',
      'us-east-1',
    ],
    {
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_MAX_ATTEMPTS: '1',
      },
    },
  );
  return !/invalid choice/i.test(`${probe.stderr}${probe.stdout}`);
}

const env = {
  NODE_ENV: 'test' as const,
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_DISABLE_HOST_PREFIX_INJECTION: 'true',
  AWS_PAGER: '',
};

describe('aws logs start-live-tail', () => {
  const clis = installedClis();

  it('an AWS CLI is installed (npm test installs one)', () => {
    expect(clis.length).toBeGreaterThan(0);
  });

  // Without this, a machine whose CLIs all lack the command would run no case below and pass.
  it('an installed AWS CLI has start-live-tail', () => {
    expect(clis.filter(hasLiveTail)).not.toEqual([]);
  });

  it.each(clis.filter(hasLiveTail).map((cli) => [cli]))(
    '%s streams lines written to the sandbox',
    async (cli) => {
      const marker = `cli-live-tail-${Date.now()}`;
      const child = spawn(
        cli,
        [
          'logs',
          'start-live-tail',
          '--endpoint-url',
          h.sandbox.url,
          '--log-group-identifiers',
          'arn:aws:logs:us-east-1:123456789012:log-group:cruddur',
          '--log-event-filter-pattern',
          marker,
        ],
        { env },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      try {
        await new Promise((resolve) => setTimeout(resolve, 2500));
        await h.logs
          .send(new CreateLogStreamCommand({ logGroupName: 'cruddur', logStreamName: 'cli/test' }))
          .catch(ignoreAlreadyExists);
        await h.logs.send(
          new PutLogEventsCommand({
            logGroupName: 'cruddur',
            logStreamName: 'cli/test',
            logEvents: [{ timestamp: Date.now(), message: marker }],
          }),
        );
        const deadline = Date.now() + 10_000;
        while (!output.includes(marker) && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 200));
      } finally {
        child.kill('SIGTERM');
      }
      expect(output).toContain(marker);
    },
  );
});
