// @ts-check
/**
 * `npm run test:mutation`: StrykerJS over the logic that decides what users see and what AWS
 * receives. Incremental: results are kept in reports/stryker-incremental.json (committed), so a
 * rerun after a change tests only the mutants the change touches. Not part of `npm test`.
 * One folder at a time: `npm run test:mutation -- --mutate 'lib/ecs/**\/*.ts'`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  checkers: ['typescript'],
  // lib and sandbox sources only: the checker re-checks each mutated file's dependents, and
  // in the full project those include every page and component (seconds per mutant).
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'lib/ecs/**/*.ts',
    'lib/schemas/**/*.ts',
    'lib/auth/**/*.ts',
    'lib/actions/**/*.ts',
    'lib/http/**/*.ts',
    'lib/paging.ts',
    'lib/aws/read-cache.ts',
    'lib/aws/cache-keys.ts',
    'lib/aws/batch.ts',
    'lib/aws/kept-lists.ts',
    'lib/aws/redescribe.ts',
    'lib/aws/logs.ts',
    'lib/aws/errors.ts',
    'lib/aws/audit.ts',
    'lib/aws/newest-first.ts',
    'sandbox/ecs/rollout.ts',
    'sandbox/ecs/simulation.ts',
    'sandbox/ecs/task-lifecycle.ts',
    'sandbox/ecs/placement.ts',
    'sandbox/ecs/health-checks.ts',
    'sandbox/ecs/circuit-breaker.ts',
    'sandbox/logs/filter-pattern.ts',
    '!**/*.test.ts',
    '!lib/ecs/fixtures.ts',
  ],
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 85, low: 70, break: null },
  tempDirName: '.stryker-tmp',
};
