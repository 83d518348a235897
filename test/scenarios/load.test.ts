import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ScenarioError, type ScenarioIssue } from '../../src/scenarios/errors';
import { loadScenarioFile, loadScenarioText } from '../../src/scenarios/load';
import type { Scenario } from '../../src/scenarios/model';

const FIXTURE = fileURLToPath(new URL('../fixtures/scenarios-basic/', import.meta.url));
const FILE = 'inline.iam.yaml';

function load(text: string): Scenario {
  return loadScenarioText(text, { path: join(FIXTURE, FILE), cwd: FIXTURE });
}

function issuesOf(text: string): readonly ScenarioIssue[] {
  try {
    load(text);
  } catch (error) {
    if (error instanceof ScenarioError) return error.issues;
    throw error;
  }
  throw new Error('the scenario loaded; expected it to be refused');
}

/** A scenario that loads; each test below changes one line of it. Line numbers are in the comments. */
const BASE = [
  'policies:', // 1
  '  table: { file: policies/table.json }', // 2
  '  reader: { file: policies/reader.json }', // 3
  'principals:', // 4
  '  alfa:', // 5
  '    arn: arn:aws:sts::111111111111:assumed-role/reader/fn', // 6
  '    identityPolicies: [reader]', // 7
  'resources:', // 8
  '  tbl:', // 9
  '    arn: arn:aws:dynamodb:us-east-1:222222222222:table/central', // 10
  '    policy: table', // 11
  'cases:', // 12
  '  - name: reads', // 13
  '    principal: alfa', // 14
  '    action: dynamodb:GetItem', // 15
  '    resource: tbl', // 16
  '    expect: allow', // 17
];

function withLine(line: number, text: string): string {
  const lines = [...BASE];
  lines[line - 1] = text;
  return `${lines.join('\n')}\n`;
}

function withExtra(text: string): string {
  return `${BASE.join('\n')}\n${text}\n`;
}

describe('loading a scenario file', () => {
  test('the base scenario loads, with every name resolved', () => {
    const scenario = load(`${BASE.join('\n')}\n`);
    expect(scenario.file).toBe(FILE);
    expect(scenario.cases).toHaveLength(1);
    const [c] = scenario.cases;
    expect(c).toMatchObject({
      name: 'reads',
      line: 13,
      column: 5,
      expect: 'allow',
      target: { kind: 'action', action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:us-east-1:222222222222:table/central' },
    });
    expect(scenario.resources[0]!.side.resourcePolicy?.statements[0]!.ref).toMatchObject({
      policy: 'table',
      sid: 'ReaderReads',
      file: 'policies/table.json',
      line: 4,
    });
    expect(scenario.policyFiles.map((f) => f.replace(FIXTURE, '')).sort()).toEqual(['policies/reader.json', 'policies/table.json']);
  });

  test('a named policy is compiled once and shared by every principal, resource and case that names it', () => {
    const scenario = load(
      withExtra(
        [
          '  - name: reads again', // 18
          '    principal: alfa',
          '    action: dynamodb:Query',
          '    resource: tbl',
          '    expect: allow',
          '    identityPolicies: [reader]',
        ].join('\n'),
      ),
    );
    const [first, second] = scenario.cases;
    expect(second!.principal.caller.identityPolicies[0]).toBe(first!.principal.caller.identityPolicies[0]);
    // A case that changes nothing on the caller's side shares the principal's policy set.
    expect(first!.principal.caller).toBe(scenario.principals.get('alfa')!.caller);
  });

  test('inline documents carry the scenario file and their own lines', () => {
    const scenario = load(
      withLine(
        11,
        '    policy: { name: inline-table, document: { Version: "2012-10-17", Statement: [ { Sid: All, ' +
          'Effect: Allow, Principal: "*", Action: "dynamodb:GetItem", Resource: "*" } ] } }',
      ),
    );
    expect(scenario.resources[0]!.side.resourcePolicy!.statements[0]!.ref).toMatchObject({
      policy: 'inline-table',
      sid: 'All',
      file: FILE,
      line: 11,
    });
  });

  test('plain numbers in condition values keep the text they were written as', () => {
    const scenario = load(withExtra('    context: { aws:SourceAccount: 012345678901, dynamodb:Attributes: [1.0, true] }'));
    expect(scenario.cases[0]!.context).toEqual({ 'aws:SourceAccount': '012345678901', 'dynamodb:Attributes': ['1.0', 'true'] });
  });
});

describe('every format error is refused with its line and column', () => {
  const cases: [label: string, text: string, message: RegExp, line: number, column: number][] = [
    [
      'an unknown top-level key',
      withExtra('principles: {}'),
      /unknown key "principles" in a scenario file \(did you mean "principals"\?\)/,
      18,
      1,
    ],
    ['an unknown case key', withLine(14, '    principle: alfa'), /unknown key "principle" in a case \(did you mean "principal"\?\)/, 14, 5],
    [
      'an unknown principal key',
      withLine(7, '    identityPolicy: [reader]'),
      /unknown key "identityPolicy" in principal "alfa" \(did you mean "identityPolicies"\?\)/,
      7,
      5,
    ],
    [
      'an unknown resource key',
      withLine(11, '    polcy: table'),
      /unknown key "polcy" in resource "tbl" \(did you mean "policy"\?\)/,
      11,
      5,
    ],
    [
      'an unknown policy-definition key',
      withLine(2, '  table: { fle: policies/table.json }'),
      /unknown key "fle" in policy "table" \(did you mean "file"\?\)/,
      2,
      12,
    ],
    [
      'an unknown key in an inline policy',
      withLine(7, '    identityPolicies: [{ file: policies/reader.json, nam: r }]'),
      /unknown key "nam"/,
      7,
      54,
    ],
    [
      'an unknown key in organization',
      withExtra('organization: { scp: [] }'),
      /unknown key "scp" in organization \(did you mean "scps"\?\)/,
      18,
      17,
    ],
    [
      'an unknown key in keySchema',
      withLine(11, '    policy: table\n    keySchema: { partitonKey: PK }'),
      /unknown key "partitonKey" in resource "tbl" keySchema \(did you mean "partitionKey"\?\)/,
      12,
      18,
    ],
    ['a number where text is wanted', withLine(10, '    arn: 123'), /resource "tbl" arn is text; found the number 123/, 10, 10],
    ['a list where a mapping is wanted', withExtra('organization: [x]'), /organization is a mapping; found a list/, 18, 15],
    [
      'a mapping where a list is wanted',
      withLine(7, '    identityPolicies: { a: reader }'),
      /principal "alfa" identityPolicies is a list; found a mapping/,
      7,
      23,
    ],
    ['a mapping where text is wanted', withLine(15, '    action: { a: b }'), /action is text; found a mapping/, 15, 13],
    [
      'a wrong expectation',
      withLine(17, '    expect: alow'),
      /expect is one of allow, deny, explicit-deny, implicit-deny; found "alow" \(did you mean "allow"\?\)/,
      17,
      13,
    ],
    [
      'cases that is not a list',
      withLine(13, '  name: reads').split('\n').slice(0, 13).join('\n'),
      /cases is a list; found a mapping/,
      13,
      3,
    ],
    [
      'a missing policy file',
      withLine(3, '  reader: { file: policies/nope.json }'),
      /cannot read the policy file: no such file.*used at inline\.iam\.yaml:7:24/,
      0,
      0,
    ],
    ['an unknown principal name', withLine(14, '    principal: alfaa'), /unknown principal "alfaa" \(did you mean "alfa"\?\)/, 14, 16],
    ['an unknown policy name', withLine(7, '    identityPolicies: [readr]'), /unknown policy "readr" \(did you mean "reader"\?\)/, 7, 24],
    ['an unknown resource name', withLine(16, '    resource: tbll'), /unknown resource "tbll" \(did you mean "tbl"\?\)/, 16, 15],
    [
      'an unknown DynamoDB action',
      withLine(15, '    action: dynamodb:GetItems'),
      /"dynamodb:GetItems" is not a DynamoDB action \(did you mean "dynamodb:GetItem"\?\)/,
      15,
      13,
    ],
    ['a wildcard action', withLine(15, '    action: dynamodb:Get*'), /a request is for one action; wildcards belong in policies/, 15, 13],
    [
      'an unknown global condition key',
      withExtra('    context: { aws:SourceIP: 192.0.2.1, aws:SorceVpce: vpce-1 }'),
      /"aws:SorceVpce" is not a global condition key/,
      18,
      41,
    ],
    [
      'a condition key given twice',
      withExtra('    context: { aws:SourceIp: 192.0.2.1, AWS:SOURCEIP: 192.0.2.2 }'),
      /"AWS:SOURCEIP" is given twice/,
      18,
      41,
    ],
    [
      'a condition value that is a mapping',
      withExtra('    context: { aws:SourceIp: { a: b } }'),
      /is a value or a list of values; found a mapping/,
      18,
      30,
    ],
    ['invalid YAML', withLine(15, '    action: [dynamodb:GetItem'), /invalid YAML: /, 16, 0],
    ['a duplicate key', withLine(15, '    principal: alfa'), /invalid YAML: Map keys must be unique/, 15, 5],
    [
      'both action and call',
      withExtra('    call: { GetItem: { TableName: central, Key: { PK: { S: a } } } }'),
      /has both action: and call:/,
      18,
      11,
    ],
    ['neither action nor call', withLine(15, '    description: nothing to do'), /needs action: \(with resource:\) or call:/, 13, 5],
    ['a missing expectation', withLine(17, '    description: no expect'), /needs expect:/, 13, 5],
    [
      'a decidedBy for an implicit deny',
      withLine(17, '    expect: implicit-deny\n    decidedBy: table#ReaderReads'),
      /decidedBy cannot hold for an implicit deny/,
      18,
      16,
    ],
    ['a malformed decidedBy', withExtra('    decidedBy: "#ReaderReads"'), /decidedBy "#ReaderReads" is "policy#Sid"/, 18, 16],
    [
      'a principal ARN that is not one',
      withLine(6, '    arn: arn:aws:iam::1111:user/x'),
      /principal "alfa": "arn:aws:iam::1111:user\/x" is not a caller/,
      6,
      10,
    ],
    [
      'a resource ARN that is not one',
      withLine(10, '    arn: arn:aws:dynamodb:us-east-1:2222:table/central'),
      /resource "tbl" arn: /,
      10,
      10,
    ],
    [
      'an unknown call command',
      withLine(15, '    call: { GetItemz: { TableName: central } }').replace('    resource: tbl\n', ''),
      /call: "GetItemz" is not a supported DynamoDB command/,
      15,
      13,
    ],
    [
      'a call with two commands',
      withLine(15, '    call: { GetItem: {}, Query: {} }').replace('    resource: tbl\n', ''),
      /call: has exactly one key/,
      15,
      11,
    ],
    [
      'a resource and a TableName both',
      withLine(15, '    call: { GetItem: { TableName: central, Key: { PK: { S: a } } } }'),
      /resource: is given and so is the call's TableName/,
      16,
      15,
    ],
    [
      'two cases with one name',
      withExtra('  - { name: reads, principal: alfa, action: dynamodb:Query, resource: tbl, expect: deny }'),
      /two cases are named "reads" \(the other is at line 13\)/,
      18,
      5,
    ],
    [
      'an empty case list',
      withLine(13, '  []').split('\n').slice(0, 13).join('\n').replace('cases:\n  []', 'cases: []'),
      /cases: is empty/,
      12,
      8,
    ],
    ['no cases at all', BASE.slice(0, 11).join('\n'), /a scenario file needs `cases:`/, 1, 1],
    ['a case without a name', withLine(13, '  - description: unnamed'), /a case needs name:/, 13, 5],
    ['a policy name with a hash', withLine(2, '  ta#ble: { file: policies/table.json }'), /policy name "ta#ble" may not contain "#"/, 2, 3],
    ['an empty SCP level', withExtra('organization: { scps: [[]] }'), /organization scps\[0\] is an empty level/, 18, 24],
    ['a bad resourceAccount', withExtra('    resourceAccount: "1234"'), /resourceAccount "1234" is not a 12-digit account id/, 18, 22],
    [
      'a policy with both file and document',
      withLine(2, '  table: { file: policies/table.json, document: { Statement: [] } }'),
      /policy "table" has both file: and document:/,
      2,
      10,
    ],
  ];

  test.each(cases)('%s', (_label, text, message, line, column) => {
    const issues = issuesOf(text);
    const issue = issues.find((i) => message.test(i.message));
    expect(issue, `issues were:\n${issues.map((i) => `${i.line}:${i.column} ${i.message}`).join('\n')}`).toBeDefined();
    if (line > 0) expect(issue!.line).toBe(line);
    if (column > 0) expect(issue!.column).toBe(column);
    expect(issue!.file).toBe(line === 0 && column === 0 ? issue!.file : FILE);
  });

  test('a policy that does not compile is reported in the policy file, at its line', () => {
    const issues = issuesOf(withLine(3, '  reader: { file: policies/broken.json }'));
    expect(issues).toContainEqual(
      expect.objectContaining({
        file: 'policies/broken.json',
        line: 5,
        message: expect.stringMatching(/Allw.*used at inline\.iam\.yaml:7:24/),
      }),
    );
  });

  test('an inline document that does not compile is reported in the scenario file, at the bad element', () => {
    const issues = issuesOf(
      withLine(
        11,
        '    policy: { document: { Statement: [ { Effect: Allow, Principal: "*", Action: ' +
          '"dynamodb:GetItem", Resource: "*", Condition: { StringEquale: { aws:SourceIp: x } } } ] } }',
      ),
    );
    expect(issues).toContainEqual(expect.objectContaining({ file: FILE, line: 11, message: expect.stringMatching(/StringEquale/) }));
  });

  test('every problem of a file is reported at once', () => {
    const text = withLine(14, '    principle: alfa').replace('    expect: allow', '    expect: alow');
    const issues = issuesOf(text);
    expect(issues.map((i) => i.line)).toEqual(expect.arrayContaining([14, 17]));
  });

  test('a policy named but used nowhere is still checked', () => {
    const issues = issuesOf(
      withExtra('').replace(
        '  reader: { file: policies/reader.json }',
        '  reader: { file: policies/reader.json }\n  unused: { file: policies/broken.json }',
      ),
    );
    expect(issues.some((i) => i.file === 'policies/broken.json')).toBe(true);
  });

  test('a scenario file that does not exist', () => {
    expect(() => loadScenarioFile(join(FIXTURE, 'nope.iam.yaml'), { cwd: FIXTURE })).toThrow(
      /nope\.iam\.yaml: cannot read the scenario file: no such file/,
    );
  });

  test('the error message names file, line and column', () => {
    expect(() => load(withLine(14, '    principle: alfa'))).toThrow(/^inline\.iam\.yaml:14:5: unknown key "principle"/);
  });
});
