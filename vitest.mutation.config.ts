/**
 * Vitest as `npm run test:mutation` runs it: the suite less the AWS CLI compatibility tests,
 * which spawn the CLI for seconds per run and test the wire protocol, not the logic mutated,
 * and the call-count benchmark, which builds a 150-service cluster before each run (a minute
 * per mutant) and counts AWS calls rather than checking what a function returns.
 * scripts/mutation-by-file.mjs may name the tests that judge the file it mutates
 * (BERTH_MUTATION_TESTS, comma-separated globs); they replace the include list.
 */
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

const config = mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        'node_modules/**',
        '.next/**',
        'e2e/**',
        '.stryker-tmp/**',
        'reports/**',
        'sandbox/tests/aws-cli*.test.ts',
        'lib/tests/cluster-view-calls.test.ts',
      ],
    },
  }),
);
const judges = process.env.BERTH_MUTATION_TESTS;
// mergeConfig concatenates arrays, so the include list is replaced here, not merged.
export default judges
  ? { ...config, test: { ...(config.test as object), include: judges.split(',') } }
  : config;
