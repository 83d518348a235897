import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkPublicAccess, findExternalAccess, validate, type Finding } from '../../src/checks/index';

const FIXTURES = fileURLToPath(new URL('../fixtures/announcement/', import.meta.url));
const published = (name: string) => `${FIXTURES}as-published/${name}`;
const corrected = (name: string) => `${FIXTURES}corrected/${name}`;

/** The line of the first line of `file` that contains `text`, 1-based. */
function lineOf(file: string, text: string): number {
  return (
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(text)) + 1
  );
}

const errors = (findings: readonly Finding[]) => findings.filter((f) => f.severity === 'error');

describe('the announcement as published: each defect the README lists is found', () => {
  it('example 2: the space before /stream/ is an error at the Resource', () => {
    const file = published('2-admin-stream-read.json');
    const [error, ...more] = errors(validate(file));
    expect(more).toEqual([]);
    expect(error).toMatchObject({
      code: 'invalid-resource',
      statement: { sid: 'Statement2' },
      location: { file, line: lineOf(file, ' /stream/'), path: 'Statement[0].Resource' },
    });
    expect(error!.message).toContain('no spaces');
  });

  it('example 3: the space in the principal ARN is an error at the principal', () => {
    const file = published('3-fine-grained-query.json');
    const [error, ...more] = errors(validate(file));
    expect(more).toEqual([]);
    expect(error).toMatchObject({
      code: 'invalid-arn',
      statement: { sid: 'Statement3' },
      location: { line: lineOf(file, 'iam:: 111111111111'), path: 'Statement[0].Principal.AWS' },
    });
  });

  it('example 3: StringEquals on a prefix is a warning that says to use StringLike', () => {
    const file = published('3-fine-grained-query.json');
    const warning = validate(file).find((f) => f.code === 'string-equals-prefix');
    expect(warning).toMatchObject({
      severity: 'warning',
      statement: { sid: 'Statement3' },
      location: {
        line: lineOf(file, '"dynamodb:LeadingKeys"'),
        path: 'Statement[0].Condition["ForAllValues:StringEquals"]["dynamodb:LeadingKeys"]',
      },
    });
    expect(warning!.message).toContain('"ForAllValues:StringLike" with "ProductCatalog-*"');
  });

  it('example 4: the empty aws:SourceIp entry is an error at that entry', () => {
    const file = published('4-admin-source-ip-and-vpce.json');
    const [error, ...more] = errors(validate(file));
    expect(more).toEqual([]);
    expect(error).toMatchObject({
      code: 'invalid-cidr',
      statement: { sid: 'Statement4' },
      location: { line: lineOf(file, '"aws:SourceIp"'), path: 'Statement[0].Condition.IpAddress["aws:SourceIp"][0]' },
    });
  });

  it('example 1 was published without a defect', () => {
    expect(validate(published('1-specific-users-getitem.json'))).toEqual([]);
  });
});

describe('the corrected examples, each attached to the table or stream its policy names', () => {
  const files = readdirSync(`${FIXTURES}corrected`).filter((f) => f.endsWith('.json'));

  it('are the four examples', () => {
    expect(files).toHaveLength(4);
  });

  it.each(files)('%s gives no error', (name) => {
    const file = corrected(name);
    const document = JSON.parse(readFileSync(file, 'utf8')) as { Statement: { Resource: string }[] };
    const attachTo = document.Statement[0]!.Resource;
    expect(errors(validate(file, { attachTo }))).toEqual([]);
    expect(checkPublicAccess(file).isPublic).toBe(false);
  });

  it('example 1 grants two users of another account GetItem, and nothing public', () => {
    const grants = findExternalAccess(corrected('1-specific-users-getitem.json'), { owner: '444455556666' });
    expect(grants.map((g) => [g.principal, g.principalKind, g.account, g.actions, g.isPublic])).toEqual([
      ['arn:aws:iam::111122223333:user/foo', 'user', '111122223333', ['dynamodb:GetItem'], false],
      ['arn:aws:iam::111122223333:user/foobar', 'user', '111122223333', ['dynamodb:GetItem'], false],
    ]);
  });

  it('example 2 is external access to the stream: the stream actions only', () => {
    const [grant, ...more] = findExternalAccess(corrected('2-admin-stream-read.json'), { owner: '444455556666' });
    expect(more).toEqual([]);
    expect(grant).toMatchObject({
      principalKind: 'role',
      account: '111122223333',
      actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
    });
  });

  it('example 4 reports the IP condition that limits the role, and the Deny does not remove the grant', () => {
    const [grant, ...more] = findExternalAccess(corrected('4-admin-source-ip-and-vpce.json'), { owner: '444455556666' });
    expect(more).toEqual([]);
    expect(grant!.conditions).toEqual([
      { operator: 'IpAddress', key: 'aws:SourceIp', values: ['192.0.2.0/24', '2001:DB8:1234:5678::/64'] },
    ]);
    expect(grant!.actions).toContain('dynamodb:GetItem');
    expect(grant!.actions).not.toContain('dynamodb:ListTables'); // acts on no table
  });

  it('seen from the tenant accounts being trusted, nothing is external', () => {
    for (const name of files) {
      expect(findExternalAccess(corrected(name), { owner: '444455556666', trustedAccounts: ['111122223333', '111111111111'] })).toEqual([]);
    }
  });
});
