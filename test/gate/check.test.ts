/**
 * `iamspec check`: the announcement's three defects at their lines, in text, JSON and SARIF; public
 * and external access; exit codes.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command';
import { command as checkCommand } from '../../src/cli/commands/check';
import { schemaErrors } from '../support/json-schema';

/** The SARIF 2.1.0 schema (OASIS, sarif-2.1/schema/sarif-schema-2.1.0.json of the sarif-spec repository), as test data. */
const SARIF_SCHEMA = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url)), 'utf8'),
) as Record<string, unknown>;

const repo = fileURLToPath(new URL('../..', import.meta.url));
const AS_PUBLISHED = 'test/fixtures/announcement/as-published';
const CORRECTED = 'test/fixtures/announcement/corrected';
const EXAMPLES = ['1-specific-users-getitem', '2-admin-stream-read', '3-fine-grained-query', '4-admin-source-ip-and-vpce'];
const TABLE = 'arn:aws:dynamodb:us-east-1:222222222222:table/rbac-central-table';

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
function tempFile(name: string, content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamspec-check-'));
  temporary.push(dir);
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

async function runCheck(args: readonly string[], cwd = repo): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, color: false };
  const code = await checkCommand.run(args, io);
  return { code, stdout, stderr };
}

/** The three defects of the as-published examples: file, line, column, code. */
const DEFECTS = [
  { file: '2-admin-stream-read', line: 13, column: 19, code: 'invalid-resource', text: 'table/rbac-central-table /stream/' },
  { file: '3-fine-grained-query', line: 7, column: 29, code: 'invalid-arn', text: 'arn:aws:iam:: 111111111111:user/foo' },
  { file: '4-admin-source-ip-and-vpce', line: 11, column: 41, code: 'invalid-cidr', text: '"" is not one' },
] as const;

describe('iamspec check on the announcement examples', () => {
  const published = EXAMPLES.map((e) => `${AS_PUBLISHED}/${e}.json`);

  it('reports the three defects of the as-published policies at their lines, and exits 1', async () => {
    const result = await runCheck(published);
    expect(result.code).toBe(1);
    for (const defect of DEFECTS) {
      const section = result.stdout.split('\n\n').find((s) => s.startsWith(`${AS_PUBLISHED}/${defect.file}.json`))!;
      expect(section).toMatch(new RegExp(`error\\s+${defect.line}:${defect.column}\\s+\\[${defect.code}\\]`));
      expect(section).toContain(defect.text);
    }
    // Example 1 has none of them; example 3's StringEquals prefix is a warning on its own line.
    expect(result.stdout.split('\n\n')[0]).toContain('no findings');
    expect(result.stdout).toMatch(/warning\s+12:11\s+\[string-equals-prefix\]/);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('4 policies: 3 errors, 4 warnings, 0 suggestions; 0 public');
  });

  it('gives the same findings as SARIF 2.1.0 results on the policy lines', async () => {
    const result = await runCheck([...published, '--format', 'sarif']);
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('iamspec');
    const errors = run.results.filter((r: { level: string }) => r.level === 'error');
    expect(
      errors.map(
        (r: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
        }) => [
          r.ruleId,
          r.locations[0]!.physicalLocation.artifactLocation.uri,
          r.locations[0]!.physicalLocation.region.startLine,
          r.locations[0]!.physicalLocation.region.startColumn,
        ],
      ),
    ).toEqual(DEFECTS.map((d) => [d.code, `${AS_PUBLISHED}/${d.file}.json`, d.line, d.column]));
    // Every result has a location and points at a rule of the same id; fingerprints are stable.
    for (const r of run.results) {
      expect(r.locations).toHaveLength(1);
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.partialFingerprints['iamspecFinding/v1']).toMatch(/^[0-9a-f]{32}$/);
    }
    const again = JSON.parse((await runCheck([...published, '--format', 'sarif'])).stdout);
    expect(again.runs[0].results.map((r: { partialFingerprints: object }) => r.partialFingerprints)).toEqual(
      run.results.map((r: { partialFingerprints: object }) => r.partialFingerprints),
    );
    // Warnings are warnings, and document-level findings point at line 1.
    const incomplete = run.results.find((r: { ruleId: string }) => r.ruleId === 'analysis-incomplete');
    expect(incomplete.level).toBe('warning');
    expect(incomplete.locations[0].physicalLocation.region.startLine).toBe(1);
    expect(schemaErrors(log, SARIF_SCHEMA)).toEqual([]);
  });

  it('writes SARIF that the SARIF 2.1.0 schema accepts, for failing and passing policies alike', async () => {
    for (const files of [published, EXAMPLES.map((e) => `${CORRECTED}/${e}.json`)]) {
      const log = JSON.parse((await runCheck([...files, '--format', 'sarif'])).stdout);
      expect(schemaErrors(log, SARIF_SCHEMA)).toEqual([]);
    }
    // The checker does catch what the schema forbids.
    const log = JSON.parse((await runCheck([...published, '--format', 'sarif'])).stdout);
    log.runs[0].results[0].level = 'fatal';
    log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(schemaErrors(log, SARIF_SCHEMA)).toEqual([
      expect.stringMatching(/results\[0\]\.level: not one of/),
      expect.stringMatching(/results\[0\]\.locations\[0\]\.physicalLocation\.region\.startLine: below 1/),
    ]);
  });

  it('passes the corrected policies, with their external access listed by owner', async () => {
    const result = await runCheck(EXAMPLES.map((e) => `${CORRECTED}/${e}.json`));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('external access (owner 222222222222):');
    expect(result.stdout).toContain(
      'Statement3 (line 4): arn:aws:iam::111111111111:user/foo (user, account 111111111111) may dynamodb:Query on',
    );
    // The one warning: example 4's Admin grant can never be used (issue 9, section 5).
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('4 policies: 0 errors, 1 warnings, 0 suggestions; 0 public');
    expect(result.stdout).toMatch(
      new RegExp(
        /4-admin-source-ip-and-vpce\.json\n\s+warning\s+4:5\s+\[dead-allow\] statement /.source +
          /Statement4 never allows anything: every request it applies to is denied by /.source +
          /statement Statement5/.source,
      ),
    );
  });

  it('dead-allow in JSON and SARIF, with the blocking Deny as a related statement', async () => {
    const file = `${CORRECTED}/4-admin-source-ip-and-vpce.json`;
    const json = JSON.parse((await runCheck([file, '--format', 'json'])).stdout);
    const [dead] = json.policies[0].findings;
    expect(dead).toMatchObject({
      severity: 'warning',
      code: 'dead-allow',
      statement: { label: 'Statement4', line: 4 },
      related: [{ label: 'Statement5', line: 21 }],
    });
    const sarif = JSON.parse((await runCheck([file, '--format', 'sarif'])).stdout).runs[0];
    const result = sarif.results.find((r: { ruleId: string }) => r.ruleId === 'dead-allow');
    expect(result.level).toBe('warning');
    expect(result.locations[0].physicalLocation.region).toEqual({ startLine: 4, startColumn: 5 });
    expect(result.relatedLocations).toEqual([
      {
        id: 0,
        message: { text: 'statement Statement5' },
        physicalLocation: { artifactLocation: { uri: file }, region: { startLine: 21, startColumn: 5 } },
      },
    ]);
    expect(sarif.tool.driver.rules.find((r: { id: string }) => r.id === 'dead-allow').shortDescription.text).toMatch(/no request can use/);
  });

  it('gives the whole result as JSON', async () => {
    const result = await runCheck([
      `${CORRECTED}/3-fine-grained-query.json`,
      `${AS_PUBLISHED}/3-fine-grained-query.json`,
      '--format',
      'json',
    ]);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.errors).toBe(1);
    const [corrected, published3] = parsed.policies;
    expect(corrected.publicAccess).toEqual({ isPublic: false, statements: [] });
    expect(corrected.externalAccess.grants[0]).toMatchObject({
      principal: 'arn:aws:iam::111111111111:user/foo',
      principalKind: 'user',
      account: '111111111111',
      isPublic: false,
    });
    expect(published3.publicAccess).toBeUndefined();
    expect(published3.notDecided[0]).toMatch(/does not load/);
  });
});

describe('iamspec check: public and external access, options and exit codes', () => {
  const publicPolicy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'dynamodb:GetItem', Resource: TABLE },
      { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: '333333333333' }, Action: 'dynamodb:Query', Resource: TABLE },
    ],
  };

  it('calls a Principal "*" Allow public, as an error on its line', async () => {
    const file = tempFile('public.json', publicPolicy);
    const result = await runCheck([file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/error\s+4:5\s+\[public-access\]/);
    expect(result.stdout).toContain('public access: PUBLIC');
    expect(result.stdout).toContain('Everyone (line 4): anyone (*) [public] may dynamodb:GetItem');
    expect(result.stdout).toContain('Partner (line 11): 333333333333 (account) may dynamodb:Query');
  });

  it('takes the owner from --attach-to and leaves trusted accounts out of external access', async () => {
    const file = tempFile('partner.json', { Version: '2012-10-17', Statement: [publicPolicy.Statement[1]] });
    const untrusted = JSON.parse((await runCheck([file, '--attach-to', TABLE, '--format', 'json'])).stdout);
    expect(untrusted.policies[0].externalAccess.owner).toBe('222222222222');
    expect(untrusted.policies[0].externalAccess.grants).toHaveLength(1);
    const trusted = JSON.parse(
      (await runCheck([file, '--attach-to', TABLE, '--trusted-account', '333333333333', '--format', 'json'])).stdout,
    );
    expect(trusted.policies[0].externalAccess.grants).toEqual([]);
  });

  it('says when it cannot tell the owner', async () => {
    const file = tempFile('two-owners.json', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '333333333333' },
          Action: 'dynamodb:GetItem',
          Resource: [TABLE, 'arn:aws:dynamodb:us-east-1:444444444444:table/other'],
        },
      ],
    });
    const result = await runCheck([file]);
    expect(result.stdout).toContain('external access was not decided: the policy names no single owner account; give --attach-to');
  });

  it('checks an identity-based policy with --kind identity, without public or external access', async () => {
    const file = tempFile(
      'identity.yaml',
      'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: dynamodb:GetItem\n    Resource: "*"\n',
    );
    const result = await runCheck([file, '--kind', 'identity']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('an identity-based policy grants no public or external access by itself');
  });

  it('reports a syntax error at its line as an error finding', async () => {
    const file = tempFile('broken.json', '{\n  "Version": "2012-10-17",\n  "Statement": [\n');
    const result = await runCheck([file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/error\s+\d+:\d+\s+\[syntax\]/);
  });

  it.each([
    [[], /give at least one policy file/],
    [['no/such/policy.json'], /cannot read no\/such\/policy\.json: no such file/],
    [[`${CORRECTED}/1-specific-users-getitem.json`, '--attach-to', 'arn:aws:dynamodb:us-east-1:222222222222:table/t/index/i'], /attachTo/],
    [[`${CORRECTED}/1-specific-users-getitem.json`, '--format', 'html'], /unknown format "html"/],
    [[`${CORRECTED}/1-specific-users-getitem.json`, '--trusted-account', '123'], /12-digit/],
  ])('exits 2 for %j', async (args, message) => {
    const result = await runCheck(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('writes the report to --output', async () => {
    const out = tempFile('out.sarif', '');
    const result = await runCheck([`${AS_PUBLISHED}/4-admin-source-ip-and-vpce.json`, '--format', 'sarif', '--output', out]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).runs[0].results[0].ruleId).toBe('invalid-cidr');
  });
});

describe('iamspec check --format sarif: where the files are', () => {
  /** A repository (a directory holding .git) with a policy two levels down, and a policy outside it. */
  function repository() {
    const root = mkdtempSync(join(tmpdir(), 'iamspec-sarif-repo-'));
    temporary.push(root);
    mkdirSync(join(root, '.git'));
    mkdirSync(join(root, 'infra', 'policies'), { recursive: true });
    const policy = readFileSync(join(repo, AS_PUBLISHED, '4-admin-source-ip-and-vpce.json'), 'utf8');
    writeFileSync(join(root, 'infra', 'policies', 'orders table.json'), policy);
    const outside = tempFile('outside.json', policy);
    return { root, inside: join(root, 'infra', 'policies', 'orders table.json'), outside };
  }
  type Location = { uri: string; uriBaseId?: string };
  const locationsOf = (log: { runs: { results: { locations: { physicalLocation: { artifactLocation: Location } }[] }[] }[] }) =>
    log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation);

  it(
    'names files relative to the repository root, with uriBaseId, even when they were given as ' + 'absolute paths from a subdirectory',
    async () => {
      const { root, inside } = repository();
      for (const [cwd, arg] of [
        [root, inside],
        [join(root, 'infra'), inside],
        [join(root, 'infra'), 'policies/orders table.json'],
      ] as const) {
        const log = JSON.parse((await runCheck([arg, '--format', 'sarif'], cwd)).stdout);
        expect(locationsOf(log)).toEqual([
          { uri: 'infra/policies/orders%20table.json', uriBaseId: '%SRCROOT%' },
          { uri: 'infra/policies/orders%20table.json', uriBaseId: '%SRCROOT%' },
        ]);
        expect(log.runs[0].originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: pathToFileURL(root).href + '/' } });
        expect(schemaErrors(log, SARIF_SCHEMA)).toEqual([]);
      }
    },
  );

  it('gives a file outside the repository an absolute file URI', async () => {
    const { root, outside } = repository();
    const log = JSON.parse((await runCheck([outside, '--format', 'sarif'], root)).stdout);
    expect(locationsOf(log)).toEqual([{ uri: pathToFileURL(outside).href }, { uri: pathToFileURL(outside).href }]);
    expect(schemaErrors(log, SARIF_SCHEMA)).toEqual([]);
  });
});
