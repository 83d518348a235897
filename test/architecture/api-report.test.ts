/**
 * The public surface is chosen on purpose: api/iamspec.api.md lists every exported name of every
 * entry point with its type, and this test fails when the exports change without the report.
 * To accept a change: `npm run api:update`, then commit the report with the change.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'api-report.mjs');
const REPORT = join(ROOT, 'api', 'iamspec.api.md');
const scratch = mkdtempSync(join(tmpdir(), 'iamspec-api-'));

function check(report = REPORT) {
  const run = spawnSync(process.execPath, [SCRIPT, '--check', '--report', report], { encoding: 'utf8' });
  return { status: run.status, errors: run.stderr };
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the API report', () => {
  const committed = readFileSync(REPORT, 'utf8');

  test('matches the exported surface (if not: npm run api:update, and commit the report)', { timeout: 60_000 }, () => {
    const result = check();
    expect(result.errors).toBe('');
    expect(result.status).toBe(0);
  });

  test('keeps internals out of the package entry point', () => {
    const library = committed.slice(committed.indexOf('## iamspec\n'), committed.indexOf('## iamspec/vitest'));
    for (const internal of ['editDistance', 'partitionOfRegion', 'exitCodeOf', 'totalsOf', 'displayPath', 'ScenarioRunner', 'renderLcov']) {
      expect(library).not.toMatch(new RegExp(`^(const|function|class|interface|type) ${internal}\\b`, 'm'));
    }
    for (const documented of [
      'evaluate',
      'explain',
      'loadPolicy',
      'validate',
      'checkPublicAccess',
      'findExternalAccess',
      'formatFinding',
      'fromCommand',
    ]) {
      expect(library).toMatch(new RegExp(`^function ${documented}\\b`, 'm'));
    }
  });

  test('fails, naming the line, when a signature in the report differs from the source', { timeout: 60_000 }, () => {
    const line = committed.split('\n').find((l) => l.startsWith('function evaluate('))!;
    expect(line).toBeDefined();
    const stale = join(scratch, 'stale.api.md');
    writeFileSync(stale, committed.replace(line, line.replace('Decision', 'Decisions')));
    const result = check(stale);
    expect(result.status).toBe(1);
    expect(result.errors).toContain('npm run api:update');
    expect(result.errors).toContain(`+ ${line}`);
  });
});
