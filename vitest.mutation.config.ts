/**
 * Vitest as `npm run test:mutation` runs it: the suite less the AWS CLI compatibility tests,
 * which spawn the CLI for seconds per run and test the wire protocol, not the logic mutated.
 */
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

export default mergeConfig(
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
      ],
    },
  }),
);
