#!/usr/bin/env node
// `npm run test:mutation:files [-- file...]`: StrykerJS one source file at a time, so each
// file's result is saved the moment it is known (a whole-scope run takes hours on 2 cores and
// writes nothing if it is stopped). Per file: an incremental file under reports/stryker/ (a
// rerun after a change tests only what changed) and a line in reports/mutation-scores.json.
// `npm run test:mutation:report` prints the scores per folder.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { scopeFiles } from './mutation-scope.mjs';

const SCORES = 'reports/mutation-scores.json';

const slug = (file) => file.replace(/[/.]/g, '_');

/**
 * The tests that judge each file's mutants. `related` alone pulls in every sandbox-backed
 * suite that imports a pure module somewhere down the line (a Fargate table mutant then costs
 * a minute); the pure modules are judged by their own unit tests, which makes the score a
 * lower bound, never an inflated one. Files not listed run every related test.
 */
const PURE = ['lib/ecs/*.test.ts', 'lib/schemas/*.test.ts'];
const ACTIONS = [
  'lib/actions/*.test.ts',
  'lib/tests/actions.test.ts',
  'lib/tests/hardening.test.ts',
  ...PURE,
];
const JUDGES = [
  [/^lib\/(ecs\/|schemas\/|paging)/, PURE],
  [/^lib\/http\/sse-stream/, ['lib/http/*.test.ts', 'lib/tests/log-route-hardening.test.ts']],
  [/^lib\/http\//, ['lib/http/*.test.ts']],
  [/^sandbox\/logs\//, ['sandbox/logs/*.test.ts', 'sandbox/tests/ecr-logs.test.ts']],
  [
    /^sandbox\/ecs\//,
    ['sandbox/ecs/*.test.ts', 'sandbox/tests/deployments.test.ts', 'sandbox/tests/ecs.test.ts'],
  ],
  // Pure modules with their own unit tests: the sandbox suites that also reach them cost
  // seconds per mutant (the read cache's waits past its TTL) and judge nothing more.
  [/^lib\/aws\/errors/, ['lib/aws/errors.test.ts']],
  [/^lib\/aws\/read-cache/, ['lib/tests/read-cache.test.ts', 'lib/tests/views.test.ts']],
  [/^lib\/aws\/cache-keys/, ['lib/aws/cache-keys.test.ts']],
  [/^lib\/aws\/batch/, ['lib/aws/batch.test.ts']],
  [/^lib\/aws\/kept-lists/, ['lib/tests/kept-lists.test.ts']],
  [/^lib\/aws\/redescribe/, ['lib/aws/redescribe.test.ts']],
  [
    /^lib\/aws\/logs/,
    ['lib/aws/logs.test.ts', 'lib/tests/log-tail.test.ts', 'lib/tests/log-route-hardening.test.ts'],
  ],
  // Sign-in: its own unit tests and the role × action matrices (through the real actions).
  [
    /^lib\/auth\/(claims|session|oidc|identity|alb|policy)/,
    [
      'lib/auth/*.test.ts',
      'lib/env.test.ts',
      'lib/tests/authorization.test.ts',
      'lib/tests/oidc-session.test.ts',
    ],
  ],
  [
    /^lib\/auth\//,
    [
      ...ACTIONS,
      'lib/auth/*.test.ts',
      'lib/tests/authorization.test.ts',
      'lib/tests/oidc-session.test.ts',
      'lib/tests/roles-per-place.test.ts',
    ],
  ],
  // The Logs Insights box: its own suite (the query, sharing, refusals, bad input).
  [/^lib\/actions\/logs-query/, ['lib/tests/logs-insights.test.ts']],
  // The template: also the suites whose audit lines name a subject (OIDC) or a target.
  [
    /^lib\/actions\/run-action/,
    [
      ...ACTIONS,
      'lib/tests/oidc-session.test.ts',
      'lib/tests/roles-per-place.test.ts',
      'lib/tests/targets.test.ts',
    ],
  ],
  // The trail's own suite (signing, reading newest first, the filters, a missing group), the
  // template that writes it, and the /audit filters through the real actions.
  [
    /^lib\/aws\/audit/,
    ['lib/aws/audit.test.ts', 'lib/actions/run-action.test.ts', 'lib/tests/authorization.test.ts'],
  ],
  [/^lib\/aws\/newest-first/, ['lib/aws/newest-first.test.ts', 'lib/aws/audit.test.ts']],
  [/^lib\/actions/, ACTIONS],
];
const judgesOf = (file) => JUDGES.find(([pattern]) => pattern.test(file))?.[1];

/** The test files a judge list names (`dir/*.test.ts` or a path), or every test file. */
function testFiles(judges) {
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.name === 'node_modules' || entry.name.startsWith('.')
        ? []
        : entry.isDirectory()
          ? walk(join(dir, entry.name))
          : entry.name.endsWith('.test.ts')
            ? [join(dir, entry.name)]
            : [],
    );
  if (!judges) return ['app', 'lib', 'sandbox', 'deploy'].filter(existsSync).flatMap(walk).sort();
  return judges
    .flatMap((pattern) =>
      pattern.includes('*')
        ? readdirSync(dirname(pattern))
            .filter((name) => name.endsWith(pattern.slice(pattern.lastIndexOf('*') + 1)))
            .map((name) => join(dirname(pattern), name))
        : [pattern],
    )
    .sort();
}

/**
 * Stryker's incremental mode reuses a Survived result when the mutant is unchanged, even when
 * tests were added that would kill it. So the incremental file is kept only while the tests
 * that judge the file are byte for byte the ones it was made with.
 */
function forgetIfTestsChanged(name, judges) {
  const hash = createHash('sha256');
  for (const file of testFiles(judges)) hash.update(file).update(readFileSync(file));
  const digest = hash.digest('hex');
  const stamp = `reports/stryker/${name}.tests-sha256`;
  // No stamp: the file predates this check, and its tests may have changed since.
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== digest) {
    rmSync(`reports/stryker/${name}.json`, { force: true });
    console.log(`   its tests may have changed since the last run: every mutant runs again`);
  }
  writeFileSync(stamp, `${digest}\n`);
}

function summarize(file, report) {
  const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0 };
  for (const mutant of report.files[file]?.mutants ?? []) {
    if (mutant.status in counts) counts[mutant.status] += 1;
  }
  const detected = counts.Killed + counts.Timeout;
  const valid = detected + counts.Survived + counts.NoCoverage;
  return {
    killed: counts.Killed,
    timeout: counts.Timeout,
    survived: counts.Survived,
    noCoverage: counts.NoCoverage,
    score: valid ? Math.round((1000 * detected) / valid) / 10 : null,
  };
}

const scope = scopeFiles();
const files = process.argv.slice(2).length ? process.argv.slice(2) : scope;
const outside = files.filter((file) => !scope.includes(file));
if (outside.length) {
  console.error(
    `Not in the mutation scope (stryker.config.mjs): ${outside.join(', ')}. Name source files such as lib/ecs/drift.ts, or none for all.`,
  );
  process.exit(2);
}
mkdirSync('reports/stryker', { recursive: true });
mkdirSync('.stryker-tmp', { recursive: true });
for (const file of files) {
  const name = slug(file);
  const config = `.stryker-tmp/config-${name}.mjs`;
  const json = `reports/mutation/files/${name}.json`;
  const judges = judgesOf(file);
  // Named judges run whole (per-test coverage still picks each mutant's tests): `related`
  // follows static imports only, and the sandbox-backed suites import what they test after
  // configuring it (`await import(...)`), so it found none of them ("No tests were executed").
  writeFileSync(
    config,
    `import base from '../stryker.config.mjs';\n` +
      `export default { ...base, mutate: [${JSON.stringify(file)}], ` +
      `vitest: { ...base.vitest, related: ${judges ? 'false' : 'true'} }, ` +
      `incrementalFile: 'reports/stryker/${name}.json', reporters: ['clear-text', 'json'], ` +
      `jsonReporter: { fileName: '${json}' } };\n`,
  );
  console.log(`\n== ${file}`);
  forgetIfTestsChanged(name, judges);
  const run = spawnSync('npx', ['stryker', 'run', config], {
    stdio: 'inherit',
    env: { ...process.env, BERTH_MUTATION_TESTS: judges ? judges.join(',') : '' },
  });
  if (run.status !== 0 || !existsSync(json)) {
    console.error(`Stryker failed on ${file}; its score is not updated.`);
    continue;
  }
  const scores = existsSync(SCORES) ? JSON.parse(readFileSync(SCORES, 'utf8')) : {};
  scores[file] = summarize(file, JSON.parse(readFileSync(json, 'utf8')));
  const sorted = Object.fromEntries(Object.entries(scores).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(SCORES, `${JSON.stringify(sorted, null, 2)}\n`);
  console.log(`== ${file}: ${JSON.stringify(scores[file])}`);
}
