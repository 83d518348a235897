/**
 * Issue 9 §3: under `--reporter github`, no line iamspec prints starts a workflow command (`::`)
 * unless iamspec meant it. Case names are the user's text and may hold line breaks and `::`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { cli } from '../cli/cli-io';

const tmp = mkdtempSync(join(tmpdir(), 'iamspec-github-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const USER = 'arn:aws:iam::123456789012:user/u';

function scenario(cases: readonly { name: string; expect: string }[]): string {
  return [
    'policies:',
    '  reader:',
    '    document: { Version: "2012-10-17", Statement: [{ Sid: "Reads", Effect: Allow, Action: dynamodb:GetItem, Resource: "*" }] }',
    'principals:',
    `  u: { arn: "${USER}", identityPolicies: [reader] }`,
    'cases:',
    ...cases.map(
      (c) => `  - { name: ${JSON.stringify(c.name)}, principal: u, action: dynamodb:GetItem, resource: "*", expect: ${c.expect} }`,
    ),
    '',
  ].join('\n');
}

/** A line the runner would take for a workflow command: `::` after optional indentation. */
const COMMAND = /^[ \t]*::/;
/** The annotations iamspec means: one line each, its data escaped. */
const MEANT = /^::(error|notice) file=[^\n]*::[^\n]*$/;

describe('the GitHub reporter prints no workflow command it did not mean (fast-check)', () => {
  const name = fc
    .string({
      unit: fc.constantFrom('a', 'b', ':', '::', '\n', '\r\n', ' ', '\t', '%', ',', 'warning', 'error', '=', '\u2028'),
      minLength: 1,
      maxLength: 24,
    })
    .filter((n) => n.trim() !== '');

  test('property: case names with line breaks and "::", passing and failing, with coverage', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ name, expect: fc.constantFrom('allow', 'deny') }), {
          minLength: 1,
          maxLength: 4,
          selector: (c) => c.name.trim(),
        }),
        async (cases) => {
          writeFileSync(join(tmp, 'names.iam.yaml'), scenario(cases));
          const run = await cli(['test', '--reporter', 'github', '--coverage', 'names.iam.yaml'], tmp);
          expect([0, 1]).toContain(run.code);
          const lines = run.stdout.split('\n');
          const commands = lines.filter((line) => COMMAND.test(line));
          for (const line of commands) expect(line, JSON.stringify(run.stdout)).toMatch(MEANT);
          // One annotation per failed case, no more.
          const failed = cases.filter((c) => c.expect === 'deny').length;
          expect(commands.length).toBe(failed);
        },
      ),
      { numRuns: 60 },
    );
  }, 30_000);

  test('the issue example: a case named "x\\n::warning::injected"', async () => {
    writeFileSync(join(tmp, 'inject.iam.yaml'), scenario([{ name: 'x\n::warning::injected', expect: 'deny' }]));
    const run = await cli(['test', '--reporter', 'github', 'inject.iam.yaml'], tmp);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/^[ \t]*::warning/m);
    expect(run.stdout).toMatch(/^::error file=inject\.iam\.yaml,line=\d+,col=\d+,title=iamspec%3A x%0A%3A%3Awarning%3A%3Ainjected::/m);
  });
});
