#!/usr/bin/env node
// Makes sure the programs the tests drive are on this machine: the AWS CLI v2 (the CLI
// compatibility test), cfn-lint (the CloudFormation template) and Chromium (Playwright's
// e2e). On Debian, as root, missing ones are installed with apt-get; elsewhere this says what
// to install and fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Playwright's own Chromium, where its download has worked on this machine. */
async function bundledChromium() {
  try {
    const { chromium } = await import('@playwright/test');
    const path = chromium.executablePath();
    return path && existsSync(path) ? [path] : [];
  } catch {
    return [];
  }
}

/** Where `name` is on PATH (a pyenv shim, /usr/bin...), or '' if nowhere. */
function whichPath(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout?.trim() ?? '';
}

const tools = [
  {
    name: 'AWS CLI v2',
    paths: ['/usr/bin/aws', '/usr/local/bin/aws'],
    works: (path) => /^aws-cli\/2\./.test(output(path, ['--version'])),
    apt: 'awscli',
  },
  {
    // Lints the CloudFormation template (deploy/berth-on-ecs.test.ts); this machine kind has it.
    name: 'cfn-lint',
    paths: [whichPath('cfn-lint')].filter(Boolean),
    works: (path) => /^cfn-lint \d/.test(output(path, ['--version'])),
    apt: 'cfn-lint',
  },
  {
    name: 'Chromium',
    paths: [...(await bundledChromium()), '/usr/bin/chromium'],
    works: (path) => /Chromium|Chrome/.test(output(path, ['--version'])),
    apt: 'chromium',
  },
];

function output(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
}

const found = (tool) => tool.paths.find((path) => existsSync(path) && tool.works(path));
const missing = tools.filter((tool) => !found(tool));
if (missing.length === 0) process.exit(0);

const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
if (!canApt) {
  console.error(`Missing for the tests: ${missing.map((t) => t.name).join(', ')}.`);
  console.error(
    `Install them, e.g. on Debian: sudo apt-get install -y ${missing.map((t) => t.apt).join(' ')}`,
  );
  process.exit(1);
}
const packages = missing.map((tool) => tool.apt);
console.log(`Installing ${packages.join(', ')} with apt-get for the tests...`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
  stdio: 'inherit',
  env,
});
const still = tools.filter((tool) => !found(tool));
if (still.length) {
  console.error(`Still missing after apt-get: ${still.map((t) => t.name).join(', ')}.`);
  process.exit(1);
}
