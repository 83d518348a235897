import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { diffPolicies } from '../../src/gate/diff';
import { ASSUMED_IDENTITY, LONE_RESOURCE_POLICY_NOTE, loneResourcePolicySet } from '../../src/engine/lone-resource-policy';
import { loadPolicy } from '../../src/policy/load';
import '../../matchers/vitest';
import { cli } from './cli-io';

// One convention for a resource-based policy given alone (issue 9, section 4): the caller's own
// account is assumed to allow. Within one account, a policy that names only the account delegates
// to the identity side (IAM User Guide, "Policy evaluation logic"), so the convention decides it.
const ACCOUNT = '111122223333';
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Music`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AccountReads',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'dynamodb:GetItem',
      Resource: TABLE,
    },
  ],
};

function policyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamspec-lone-'));
  writeFileSync(join(dir, 'table.json'), JSON.stringify(POLICY));
  writeFileSync(
    join(dir, 'wild.json'),
    JSON.stringify({ ...POLICY, Statement: [{ ...POLICY.Statement[0], Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/*` }] }),
  );
  writeFileSync(
    join(dir, 'identity.json'),
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:Query', Resource: '*' }] }),
  );
  return dir;
}

describe('the matchers, diff and explain decide a lone resource-based policy alike', () => {
  test('the matcher allows, with the stand-in identity policy', () => {
    expect(POLICY).toAllow(ALICE, 'dynamodb:GetItem');
  });

  test('diff uses the same policy set and says the same thing', () => {
    const diff = diffPolicies(POLICY, POLICY);
    expect(diff.assumption).toContain(LONE_RESOURCE_POLICY_NOTE);
    const set = loneResourcePolicySet(loadPolicy(POLICY), 'all');
    expect(set.identityPolicies).toEqual([ASSUMED_IDENTITY]);
    expect(loneResourcePolicySet(loadPolicy(POLICY), 'nothing').identityPolicies).toEqual([]);
  });

  test('explain --policy allows too, and says why', async () => {
    const run = await cli(
      ['explain', '--policy', 'table.json', '--principal', ALICE, '--action', 'dynamodb:GetItem', '--resource', TABLE],
      policyDir(),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Allow: /);
    expect(run.stdout).toContain(
      `Note: ${LONE_RESOURCE_POLICY_NOTE}; give --identity-policy, or --no-identity-policy to decide with none.`,
    );
  });

  test('explain --json carries the note beside the decision', async () => {
    const run = await cli(
      ['explain', '--policy', 'table.json', '--principal', ALICE, '--action', 'dynamodb:GetItem', '--resource', TABLE, '--json'],
      policyDir(),
    );
    const decision = JSON.parse(run.stdout) as { decision: string; assumption?: string };
    expect(decision.decision).toBe('Allow');
    expect(decision.assumption).toContain(LONE_RESOURCE_POLICY_NOTE);
  });

  test('--no-identity-policy decides with none: the account-only grant delegates to nothing', async () => {
    const run = await cli(
      [
        'explain',
        '--policy',
        'table.json',
        '--no-identity-policy',
        '--principal',
        ALICE,
        '--action',
        'dynamodb:GetItem',
        '--resource',
        TABLE,
      ],
      policyDir(),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ImplicitDeny: /);
    expect(run.stdout).not.toContain('Note:');
  });

  test('an identity policy given: no stand-in, no note', async () => {
    const run = await cli(
      [
        'explain',
        '--policy',
        'table.json',
        '--identity-policy',
        'identity.json',
        '--principal',
        ALICE,
        '--action',
        'dynamodb:GetItem',
        '--resource',
        TABLE,
      ],
      policyDir(),
    );
    expect(run.stdout).toMatch(/^ImplicitDeny: /);
    expect(run.stdout).not.toContain('Note:');
  });

  test('--no-identity-policy with an identity policy is a usage error', async () => {
    const run = await cli(
      [
        'explain',
        '--policy',
        'table.json',
        '--identity-policy',
        'identity.json',
        '--no-identity-policy',
        '--principal',
        ALICE,
        '--action',
        'dynamodb:GetItem',
      ],
      policyDir(),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--no-identity-policy says the caller has no identity-based policy, but identity\.json is one/);
  });
});

describe('explain --help describes the default resource as it is', () => {
  test('the help says: the first ARN without wildcards or variables, else "*"', async () => {
    const help = await cli(['explain', '--help'], policyDir());
    expect(help.stdout).toMatch(
      new RegExp(
        /default: the first ARN without\s+wildcards or variables in a Resource element /.source +
          /of the resource-based\s+policy \(said on stderr\), or "\*" when there is none/.source,
      ),
    );
    expect(help.stdout).toMatch(/--no-identity-policy/);
  });
  test('a policy naming a table: that table', async () => {
    const run = await cli(['explain', '--policy', 'table.json', '--principal', ALICE, '--action', 'dynamodb:GetItem'], policyDir());
    expect(run.stderr).toContain(`using ${TABLE}`);
    expect(run.stdout).toContain(`on ${TABLE}`);
  });
  test('a policy with only wildcard resources: "*"', async () => {
    const run = await cli(['explain', '--policy', 'wild.json', '--principal', ALICE, '--action', 'dynamodb:GetItem'], policyDir());
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/dynamodb:GetItem on \*\n/);
  });
});

describe('iamspec diff: the same convention, and --no-identity-policy', () => {
  function diffDir(): string {
    const dir = policyDir();
    // alice's grant moves from GetItem to Query: with the stand-in nothing changes within the
    // account (her identity side allows anyway); with no identity policy, GetItem is lost.
    const toAlice = (action: string) => ({ ...POLICY, Statement: [{ ...POLICY.Statement[0], Principal: { AWS: ALICE }, Action: action }] });
    writeFileSync(join(dir, 'old.json'), JSON.stringify(toAlice('dynamodb:GetItem')));
    writeFileSync(join(dir, 'new.json'), JSON.stringify(toAlice('dynamodb:Query')));
    return dir;
  }
  test('by default the report states the convention', async () => {
    const run = await cli(['diff', 'table.json', 'new.json', '--format', 'json'], diffDir());
    const report = JSON.parse(run.stdout) as { comparisons?: { diff: { assumption: string } }[] } & Record<string, unknown>;
    expect(JSON.stringify(report)).toContain(LONE_RESOURCE_POLICY_NOTE);
  });
  test('--no-identity-policy decides with none, and narrowing the account grant shows', async () => {
    const assumed = await cli(['diff', 'old.json', 'new.json', '--format', 'json'], diffDir());
    const none = await cli(['diff', 'old.json', 'new.json', '--format', 'json', '--no-identity-policy'], diffDir());
    expect(JSON.stringify(JSON.parse(none.stdout))).toContain('with no identity-based policy for the caller');
    const narrowed = (text: string) => (text.match(/"direction": ?"narrowed"/g) ?? []).length;
    expect(narrowed(none.stdout)).toBeGreaterThan(narrowed(assumed.stdout));
  });
});
