/**
 * `iamspec/vitest`: registers the iamspec matchers on Vitest's `expect` and types them.
 *
 *   // vitest.config.ts
 *   export default defineConfig({ test: { setupFiles: ['iamspec/vitest'] } });
 *   // or, in a test file
 *   import { policySet, loadPolicy, fromCommand } from 'iamspec/vitest';
 *
 * The types need Vitest 3.2 or later (the `Matchers` interface).
 */
import { afterAll, describe, expect, test } from 'vitest';
import '../src/dynamodb/register';
import { iamspecMatchers } from './core';
import { createScenarioTests } from './scenario-tests';
import type { IamspecMatchers } from './types';

expect.extend(iamspecMatchers);

declare module 'vitest' {
  // `Matchers` types expect(...).toAllow(...) and expect.toAllow(...) at once (Vitest 3.2+).
  interface Matchers<T = any> extends IamspecMatchers<void> {}
}

export * from './core';
export type { ScenarioTestsOptions } from './scenario-tests';

/** Scenario files as Vitest tests: a `describe` per file, a `test` per case. */
export const scenarioTests = createScenarioTests({ describe, test, expect, afterAll });
