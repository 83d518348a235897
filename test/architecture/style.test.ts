/**
 * The code's habits, checked by `npm test`: the code is formatted by Prettier (.prettierrc.json;
 * fix with `npm run format`), and the linter (ESLint with typescript-eslint's rules and 140-column
 * code lines, eslint.config.js) finds nothing (`npm run lint`).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function run(bin: string, args: readonly string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', bin), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('style', () => {
  test('the code is formatted (npm run format)', { timeout: 120_000 }, () => {
    const result = run('prettier/bin/prettier.cjs', ['--check', '--log-level', 'warn', '.']);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  test('the linter finds nothing (npm run lint)', { timeout: 120_000 }, () => {
    const result = run('eslint/bin/eslint.js', ['.']);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });
});
