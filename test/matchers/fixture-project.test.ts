import { tmpdir } from 'node:os';
import { describe, expect, test } from 'vitest';
import { normaliseOutput, REPO_ROOT, runProcess, sourceStamp } from '../support/fixture-project';

describe('the fixture-project helper', () => {
  test('normalises output for snapshots: colours, paths, durations, stack frames', () => {
    const project = { dir: '/tmp/iamspec-x-abc123' };
    const raw = [
      '\u001b[31mError\u001b[39m: expect(policy).toAllow(principal, action)',
      `  in /tmp/iamspec-x-abc123/policies/t.json and /private/tmp/iamspec-x-abc123/a.json, ${REPO_ROOT}src/x.ts`,
      '    at Object.<anonymous> (/tmp/iamspec-x-abc123/a.test.mjs:3:5)',
      'Duration 1.25s (setup 12ms)   ',
    ].join('\n');
    expect(normaliseOutput(raw, project)).toBe(
      [
        'Error: expect(policy).toAllow(principal, action)',
        '  in <project>/policies/t.json and <project>/a.json, <repo>/src/x.ts',
        'Duration <time> (setup <time>)',
      ].join('\n'),
    );
  });

  test('runs a command, and kills it at the timeout', async () => {
    const ok = await runProcess(
      process.execPath,
      ['-e', 'process.stdout.write("out"); process.stderr.write(String(process.env.NO_COLOR)); process.exit(3)'],
      tmpdir(),
    );
    expect(ok).toEqual({ code: 3, stdout: 'out', stderr: '1', timedOut: false });
    const slow = await runProcess(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], tmpdir(), { timeoutMs: 300 });
    expect(slow.timedOut).toBe(true);
    expect(slow.code).not.toBe(0);
  }, 10_000);

  test('the source stamp is stable for the same sources', () => {
    expect(sourceStamp()).toMatch(/^[0-9a-f]{20}$/);
  });
});
