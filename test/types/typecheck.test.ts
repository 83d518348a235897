/**
 * The type tests (`vitest-matchers.ts`, `jest-matchers.ts`: `expectTypeOf` assertions and
 * `@ts-expect-error` lines for calls that must not compile) are checked by the compiler, not run;
 * this runs the compiler over the whole project, so that `npm test` fails when a type test does.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

test('the project, its type tests included, type-checks', () => {
  const run = spawnSync(process.execPath, [TSC, '--noEmit', '-p', 'tsconfig.json'], { cwd: REPO, encoding: 'utf8' });
  expect(run.stdout + run.stderr).toBe('');
  expect(run.status).toBe(0);
}, 120_000);
