/**
 * `iamspec/jest`: registers the iamspec matchers on Jest's `expect` and types them, for both the
 * `expect` of `@jest/globals` and the global one.
 *
 *   // jest.config.js
 *   module.exports = { setupFilesAfterEnv: ['iamspec/jest'] };
 *
 * `@jest/globals` is provided by the Jest runtime itself, so this works whether or not the project
 * lists it as a dependency.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import '../src/dynamodb/register';
import { iamspecMatchers } from './core';
import { createScenarioTests } from './scenario-tests';
import type { IamspecMatchers } from './types';

expect.extend(iamspecMatchers);

declare module 'expect' {
  // The `expect` of `@jest/globals` (re-exported by `@jest/expect`).
  interface Matchers<R extends void | Promise<void>, T = unknown> extends IamspecMatchers<R> {}
}

declare global {
  namespace jest {
    // The global `expect` as typed by @types/jest.
    interface Matchers<R, T = {}> extends IamspecMatchers<R> {}
  }
}

export * from './core';
export type { ScenarioTestsOptions } from './scenario-tests';

/** Scenario files as Jest tests: a `describe` per file, a `test` per case. */
export const scenarioTests = createScenarioTests({ describe, test, expect, afterAll });
