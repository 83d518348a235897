import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadScenarioText } from '../../src/scenarios/load';
import { meets, type Expectation } from '../../src/scenarios/model';
import { runScenario, type CaseResult, type RunOptions } from '../../src/scenarios/run';

const FIXTURE = fileURLToPath(new URL('../fixtures/scenarios-basic/', import.meta.url));

const HEADER = `
policies:
  table: { file: policies/table.json }
  reader: { file: policies/reader.json }
principals:
  alfa:
    arn: arn:aws:sts::111111111111:assumed-role/reader/fn
    identityPolicies: [reader]
    region: us-east-1
  owner:
    arn: arn:aws:iam::222222222222:role/owner
    identityPolicies: [{ name: owner-all, document: { Statement: [ { Effect: Allow, Action: "dynamodb:*", Resource: "*" } ] } }]
    region: us-east-1
resources:
  tbl:
    arn: arn:aws:dynamodb:us-east-1:222222222222:table/central
    policy: table
    keySchema: { partitionKey: PK, sortKey: SK }
    tags: { team: data }
cases:
`;

function run(cases: string, options: RunOptions = {}): CaseResult[] {
  const scenario = loadScenarioText(`${HEADER}${cases}`, { path: join(FIXTURE, 'run.iam.yaml'), cwd: FIXTURE });
  return runScenario(scenario, options);
}

function only(cases: string, options: RunOptions = {}): CaseResult {
  const [result, ...rest] = run(cases, options);
  expect(rest).toEqual([]);
  return result!;
}

const OWN_KEY = 'context: { dynamodb:LeadingKeys: ["alfa#1"] }';

describe('expectations', () => {
  test.each<[Expectation, string, boolean]>([
    ['allow', 'Allow', true],
    ['allow', 'ImplicitDeny', false],
    ['deny', 'ImplicitDeny', true],
    ['deny', 'ExplicitDeny', true],
    ['deny', 'Allow', false],
    ['explicit-deny', 'ExplicitDeny', true],
    ['explicit-deny', 'ImplicitDeny', false],
    ['implicit-deny', 'ImplicitDeny', true],
    ['implicit-deny', 'ExplicitDeny', false],
  ])('expect %s holds for %s: %s', (expectation, decision, holds) => {
    expect(meets(expectation, decision as 'Allow')).toBe(holds);
  });

  test('each case is decided and held to its expectation', () => {
    const results = run(
      `
  - { name: own item, principal: alfa, action: dynamodb:GetItem, resource: tbl, ${OWN_KEY}, ` +
        `expect: allow }
  - { name: other item, principal: alfa, action: dynamodb:GetItem, resource: ` +
        `tbl, context: { dynamodb:LeadingKeys: ["bravo#1"] }, expect: allow }
  - { name: write, ` +
        `principal: alfa, action: dynamodb:PutItem, resource: tbl, expect: explicit-deny }
  - { name: ` +
        `write said implicit, principal: alfa, action: dynamodb:PutItem, resource: tbl, expect: ` +
        `implicit-deny }
`,
    );
    expect(results.map((r) => [r.name, r.status, r.decision])).toEqual([
      ['own item', 'passed', 'Allow'],
      ['other item', 'failed', 'ImplicitDeny'],
      ['write', 'passed', 'ExplicitDeny'],
      ['write said implicit', 'failed', 'ExplicitDeny'],
    ]);
    expect(results[1]!.message).toBe('expected allow, got ImplicitDeny');
    expect(results[1]!.explanation).toMatch(/ForAllValues:StringLike on dynamodb:LeadingKeys: the request has \["bravo#1"\]/);
    expect(results[1]!.missing).toEqual(['the resource-based policy']);
    expect(results[1]!.line).toBe(23);
  });
});

describe('decidedBy', () => {
  test('names a statement by Sid, by 0-based index, or a whole policy', () => {
    const results = run(
      `
  - { name: by sid, principal: alfa, action: dynamodb:GetItem, resource: tbl, ${OWN_KEY}, ` +
        `expect: allow, decidedBy: [table#ReaderReads, reader#ReadCentral] }
  - { name: by index, ` +
        `principal: alfa, action: dynamodb:PutItem, resource: tbl, expect: deny, decidedBy: table#1 }
  ` +
        `- { name: by policy, principal: alfa, action: dynamodb:PutItem, resource: tbl, expect: deny, ` +
        `decidedBy: table }
`,
    );
    expect(results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed']);
    expect(results[0]!.decidedBy.map((r) => `${r.policy}#${r.label}`).sort()).toEqual(['reader#ReadCentral', 'table#ReaderReads']);
  });

  test('a statement that exists but did not decide is a failure', () => {
    const result = only(
      `  - { name: wrong one, principal: alfa, action: dynamodb:PutItem, resource: tbl, expect: deny, decidedBy: table#ReaderReads }\n`,
    );
    expect(result.status).toBe('failed');
    expect(result.message).toBe('expected decidedBy table#ReaderReads, but table#1 decided');
  });

  test('a statement that does not exist is an error, not a mismatch', () => {
    const result = only(
      `  - { name: typo, principal: alfa, action: dynamodb:PutItem, resource: tbl, expect: deny, decidedBy: table#ReaderRead }\n`,
    );
    expect(result.status).toBe('error');
    expect(result.message).toMatch(
      /line 21: decidedBy "table#ReaderRead": policy "table" has no statement "ReaderRead"; its statements: ReaderReads, 1/,
    );
    // The same, as a problem located at the decidedBy of the case.
    expect(result.problems).toEqual([
      {
        code: 'invalid-scenario',
        severity: 'error',
        message: expect.stringMatching(/^decidedBy "table#ReaderRead": policy "table" has no statement "ReaderRead"/),
        location: { file: 'run.iam.yaml', line: 21, column: expect.any(Number) },
        file: 'run.iam.yaml',
        line: 21,
        column: expect.any(Number),
      },
    ]);
  });

  test('a policy that is not in play is an error', () => {
    const result = only(
      `  - { name: not in play, principal: owner, action: dynamodb:GetItem, resource: tbl, expect: ` +
        `allow, decidedBy: reader#ReadCentral }\n`,
    );
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/no policy "reader" is in play for this case.*in play: owner-all, table/);
  });

  test('an out-of-range index is an error', () => {
    expect(
      only(`  - { name: index, principal: alfa, action: dynamodb:PutItem, resource: tbl, expect: deny, decidedBy: table#7 }\n`).status,
    ).toBe('error');
  });
});

describe('known defects', () => {
  const cases =
    `
  - { name: defect, principal: alfa, action: dynamodb:Query, resource: tbl, context: { ` +
    `dynamodb:LeadingKeys: ["bravo#1"] }, expect: allow, knownDefect: documents a bug }
  - { name: ` +
    `fine, principal: alfa, action: dynamodb:Query, resource: tbl, ${OWN_KEY}, expect: allow }
`;
  test('are reported, not run, by default', () => {
    const [defect, fine] = run(cases);
    expect(defect).toMatchObject({ status: 'not-run', decision: undefined, knownDefect: 'documents a bug' });
    expect(defect!.message).toMatch(/--include-known-defects/);
    expect(fine!.status).toBe('passed');
  });

  test('run, and fail, when included', () => {
    const [defect] = run(cases, { includeKnownDefects: true });
    expect(defect).toMatchObject({ status: 'failed', decision: 'ImplicitDeny' });
  });
});

describe('requests', () => {
  test("a bare table name resolves in the caller's own account, so the central table's policy does not apply", () => {
    const result = only(`  - { name: bare, principal: alfa, action: dynamodb:GetItem, resource: central, ${OWN_KEY}, expect: allow }\n`);
    expect(result.status).toBe('failed');
    expect(result.explanation).toMatch(/arn:aws:dynamodb:us-east-1:111111111111:table\/central/);
    expect(result.missing).toEqual(['the identity-based policies']);
  });

  test("an index ARN is governed by its table's policy", () => {
    const result = only(
      `  - { name: index, principal: alfa, action: dynamodb:Query, resource: ` +
        `"arn:aws:dynamodb:us-east-1:222222222222:table/central/index/by-date", ${OWN_KEY}, expect: ` +
        `allow, decidedBy: table#ReaderReads }\n`,
    );
    expect(result.status).toBe('passed');
  });

  test("the resource's tags are in the request as aws:ResourceTag keys", () => {
    const result = only(
      `
  - name: tag
    principal: owner
    identityPolicies: [{ document: { Statement: [ { Effect: ` +
        `Allow, Action: "dynamodb:GetItem", Resource: "*", Condition: { StringEquals: { ` +
        `"aws:ResourceTag/team": data } } } ] } }]
    action: dynamodb:GetItem
    resource: tbl
    ` +
        `expect: allow
`,
    );
    expect(result.status).toBe('passed');
  });

  test('a call is authorized as the requests it makes, with the keys DynamoDB sets', () => {
    const results = run(`
  - name: own item
    principal: alfa
    call: { GetItem: { TableName: "arn:aws:dynamodb:us-east-1:222222222222:table/central", Key: { PK: { S: "alfa#7" }, SK: { S: x } } } }
    expect: allow
  - name: a batch with another tenant's key
    principal: alfa
    call:
      BatchGetItem:
        RequestItems:
          "arn:aws:dynamodb:us-east-1:222222222222:table/central":
            Keys: [ { PK: { S: "alfa#1" }, SK: { S: x } }, { PK: { S: "bravo#1" }, SK: { S: y } } ]
    expect: allow
  - name: resource fills TableName
    principal: alfa
    resource: tbl
    call: { GetItem: { Key: { PK: { S: "alfa#7" }, SK: { S: x } } } }
    expect: allow
`);
    expect(results.map((r) => r.status)).toEqual(['passed', 'failed', 'passed']);
    // The batch is refused for its second key, and the message says which request of the call it was.
    expect(results[1]!.message).toBe(
      'expected allow, got ImplicitDeny (request 2 of 2: RequestItems["arn:aws:dynamodb:us-east-1:222222222222:table/central"].Keys[1])',
    );
  });

  test('a call whose keys the case also gives is an error', () => {
    const result = only(`
  - name: conflict
    principal: alfa
    call: { GetItem: { TableName: "arn:aws:dynamodb:us-east-1:222222222222:table/central", Key: { PK: { S: "alfa#7" }, SK: { S: x } } } }
    context: { dynamodb:LeadingKeys: ["alfa#1"] }
    expect: allow
`);
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/dynamodb:LeadingKeys is set by the GetItem call itself/);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'invalid-call', severity: 'error' })]);
  });

  test('a request the evaluator refuses is an error of the case', () => {
    const result = only(
      `  - { name: no region, principal: "arn:aws:iam::111111111111:user/x", action: dynamodb:GetItem, resource: central, expect: deny }\n`,
    );
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/the request cannot be evaluated: .*region/);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'invalid-request', location: { path: 'request.region' } })]);
  });
});

describe('overrides and organization', () => {
  test("identityPolicies: [] removes the caller's policies; across accounts that denies", () => {
    const result = only(
      `  - { name: none, principal: alfa, identityPolicies: [], action: dynamodb:GetItem, resource: ` +
        `tbl, ${OWN_KEY}, expect: implicit-deny }\n`,
    );
    expect(result.status).toBe('passed');
    expect(result.missing).toEqual(['the identity-based policies']);
  });

  test("resourcePolicy: null removes the resource's policy; an inline one replaces it", () => {
    const results = run(
      `
  - { name: no policy, principal: owner, resourcePolicy: null, action: dynamodb:PutItem, ` +
        `resource: tbl, expect: allow }
  - { name: with the table policy, principal: alfa, action: ` +
        `dynamodb:PutItem, resource: tbl, expect: explicit-deny }
  - name: replaced
    principal: ` +
        `alfa
    resourcePolicy: { document: { Statement: [ { Sid: Open, Effect: Allow, Principal: { ` +
        `AWS: "111111111111" }, Action: "dynamodb:PutItem", Resource: "*" } ] } }
    action: ` +
        `dynamodb:PutItem
    resource: tbl
    expect: allow
    decidedBy: case.resourcePolicy#Open
`,
    );
    expect(results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed']);
  });

  test("a principal's context is in each of its requests, under what the case says", () => {
    const scenario = loadScenarioText(
      HEADER.replace(
        '    region: us-east-1\n  owner:',
        '    region: us-east-1\n    context: { aws:SourceVpce: vpce-1, aws:SourceIp: 192.0.2.1 }\n  owner:',
      ) +
        `  - { name: c, principal: alfa, action: dynamodb:GetItem, resource: tbl, context: { ` +
        `AWS:SOURCEVPCE: vpce-2 }, expect: deny }\n`,
      { path: join(FIXTURE, 'run.iam.yaml'), cwd: FIXTURE },
    );
    expect(scenario.cases[0]!.context).toEqual({ 'aws:SourceIp': '192.0.2.1', 'AWS:SOURCEVPCE': 'vpce-2' });
  });

  test('SCP levels: a level without an Allow denies', () => {
    const allowAll = '{ document: { Statement: [ { Effect: Allow, Action: "*", Resource: "*" } ] } }';
    const noDynamo = '{ document: { Statement: [ { Effect: Allow, Action: "s3:*", Resource: "*" } ] } }';
    const results = run(
      `
  - { name: both levels allow, principal: owner, scps: [[${allowAll}], [${allowAll}]], action: ` +
        `dynamodb:GetItem, resource: tbl, expect: allow }
  - { name: the OU does not, principal: owner, ` +
        `scps: [[${allowAll}], [${noDynamo}]], action: dynamodb:GetItem, resource: tbl, expect: ` +
        `implicit-deny }
`,
    );
    expect(results.map((r) => r.status)).toEqual(['passed', 'passed']);
    expect(results[1]!.missing).toEqual(['the SCPs (level 1)']);
  });

  test('strict mode fails an Allow that rests on a key the request did not carry', () => {
    const lenient =
      `
  - name: rests on absence
    principal: owner
    identityPolicies: [{ document: { ` +
      `Statement: [ { Effect: Allow, Action: "dynamodb:GetItem", Resource: "*", Condition: { ` +
      `StringEqualsIfExists: { "dynamodb:Select": SPECIFIC_ATTRIBUTES } } } ] } }]
    action: ` +
      `dynamodb:GetItem
    resource: tbl
    expect: allow
`;
    expect(only(lenient).status).toBe('passed');
    const strict = only(lenient, { strict: true });
    expect(strict.status).toBe('failed');
    expect(strict.message).toMatch(/strict mode/);
    expect(only(lenient.replace('    expect: allow', '    expect: allow\n    strict: true')).status).toBe('failed');
  });
});

describe('results', () => {
  test('passing cases do not keep their decisions unless asked', () => {
    const cases = `  - { name: ok, principal: alfa, action: dynamodb:GetItem, resource: tbl, ${OWN_KEY}, expect: allow }\n`;
    expect(only(cases).decisions).toEqual([]);
    expect(only(cases, { keepDecisions: true }).decisions).toHaveLength(1);
  });

  test('every case gets a result, in order', () => {
    const many = Array.from(
      { length: 30 },
      (_, i) =>
        `  - { name: c${i}, principal: alfa, action: dynamodb:${i % 2 ? 'PutItem' : 'GetItem'}, ` +
        `resource: tbl, ${OWN_KEY}, expect: ${i % 2 ? 'deny' : 'allow'} }`,
    ).join('\n');
    const results = run(`${many}\n`);
    expect(results.map((r) => r.name)).toEqual(Array.from({ length: 30 }, (_, i) => `c${i}`));
    expect(results.every((r) => r.status === 'passed')).toBe(true);
  });
});
