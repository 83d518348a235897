import { defineConfig } from 'vitest/config';

const EXCLUDE = ['**/node_modules/**', 'test/fixtures/**'];
/**
 * Tests that install the packed package into projects and run test runners and tsc in child
 * processes: they keep both cores busy, so they run after the rest (whose CPU-bound property tests
 * have time limits), not beside it.
 */
const PROJECT_TESTS = ['test/consumers/**/*.test.ts', 'test/docs/**/*.test.ts'];

export default defineConfig({
  test: {
    // The package's entry points register DynamoDB with the engine; tests that import a module of
    // the source directly get the same default.
    setupFiles: ['test/support/services.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...EXCLUDE, ...PROJECT_TESTS], sequence: { groupOrder: 0 } },
      },
      { extends: true, test: { name: 'projects', include: PROJECT_TESTS, exclude: EXCLUDE, sequence: { groupOrder: 1 } } },
    ],
  },
});
