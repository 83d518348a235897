/**
 * Issue 9 §1: every table looked up by a user-supplied name has no inherited members. Each test
 * walks every name `Object.prototype` has (and `__proto__`) through a public entry point and
 * expects the documented "unknown ..." answer, never a value inherited from `Object.prototype`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  API_TO_ACTIONS,
  CallError,
  describeConditionKey,
  evaluate,
  findAction,
  findDynamoConditionKey,
  findGlobalConditionKey,
  findWebIdentityKey,
  fromCommand,
  loadPolicy,
  loadScenarioText,
  parsePolicy,
  PolicyError,
  runScenario,
  ScenarioError,
} from '../../src/index';
import { cli } from '../cli/cli-io';

const INHERITED = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__'])];

const ACCOUNT = '123456789012';
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/T`;
const USER = `arn:aws:iam::${ACCOUNT}:user/test-user`;

/** A document whose Condition has `operator` as an own key (JSON.parse keeps `__proto__` as a key). */
function policyWithOperator(operator: string): object {
  return JSON.parse(
    `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"*"` +
      `,"Condition":{${JSON.stringify(operator)}:{"aws:SourceIp":"192.0.2.0/24"}}}}`,
  ) as object;
}

const tmp = mkdtempSync(join(tmpdir(), 'iamspec-inherited-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('condition operators named after Object.prototype members', () => {
  const forms = (name: string) => [name, `${name}IfExists`, `ForAllValues:${name}`, `ForAnyValue:${name}`, `ForAnyValue:${name}IfExists`];

  test.each(INHERITED)('%s, with IfExists and the set prefixes, is an unknown operator', (name) => {
    for (const operator of forms(name)) {
      let error: unknown;
      try {
        loadPolicy(policyWithOperator(operator));
      } catch (e) {
        error = e;
      }
      expect(error, operator).toBeInstanceOf(PolicyError);
      expect((error as PolicyError).code, operator).toBe('unknown-operator');
      expect((error as PolicyError).message, operator).toContain(`"${operator}" is not a condition operator`);
    }
  });

  test('the issue example: a "constructor" condition does not let 203.0.113.9 in', () => {
    const request = { principal: USER, action: 'dynamodb:GetItem', resource: TABLE, context: { 'aws:SourceIp': '203.0.113.9' } };
    for (const operator of ['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnPropertyIfExists', 'ForAnyValue:valueOf']) {
      expect(() => evaluate(request, { identityPolicies: [policyWithOperator(operator)] }), operator).toThrow(
        /is not a condition operator/,
      );
    }
  });

  test('a scenario file with such a condition fails the run (exit 1), it does not pass', async () => {
    writeFileSync(
      join(tmp, 'ctor.iam.yaml'),
      [
        'policies:',
        '  reader:',
        '    document:',
        '      Version: "2012-10-17"',
        '      Statement:',
        '        - { Effect: Allow, Action: dynamodb:GetItem, Resource: "*", Condition: { constructor: { aws:SourceIp: 192.0.2.0/24 } } }',
        'principals:',
        `  u: { arn: "${USER}", identityPolicies: [reader] }`,
        'cases:',
        '  - name: from outside',
        '    principal: u',
        '    action: dynamodb:GetItem',
        `    resource: ${TABLE}`,
        '    context: { aws:SourceIp: 203.0.113.9 }',
        '    expect: allow',
        '',
      ].join('\n'),
    );
    const run = await cli(['test', 'ctor.iam.yaml'], tmp);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/"constructor" is not a condition operator/);
  });
});

describe('policy variables named after Object.prototype members', () => {
  test.each(INHERITED)('${%s} is a variable with no value, not the text of an inherited member', (name) => {
    const policy = parsePolicy(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: {
          Effect: 'Allow',
          Action: 'dynamodb:GetItem',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalTag/team': `\${${name}}` } },
        },
      }),
    );
    // What the old lookup produced: the inherited member turned into text.
    const inheritedText = String(({} as Record<string, unknown>)[name]);
    const decision = evaluate(
      { principal: { arn: USER, tags: { team: inheritedText } }, action: 'dynamodb:GetItem', resource: TABLE },
      { identityPolicies: [policy] },
    );
    expect(decision.decision).toBe('ImplicitDeny');
  });
});

describe('fromCommand command names', () => {
  test.each(INHERITED)('fromCommand(%j) is an unknown command', (name) => {
    for (const command of [name, `${name}Command`, `dynamodb:${name}`]) {
      let error: unknown;
      try {
        fromCommand(command, { TableName: 'T' });
      } catch (e) {
        error = e;
      }
      expect(error, command).toBeInstanceOf(CallError);
      expect((error as Error).message, command).toMatch(/is not a supported DynamoDB command/);
    }
  });

  test.each(INHERITED)('an SDK command object whose class is named %j is an unknown command', (name) => {
    const command = { constructor: { name }, input: { TableName: 'T' } };
    expect(() => fromCommand(command)).toThrow(CallError);
  });
});

describe('key schemas by table name', () => {
  // Table names may be any of these (3 to 255 of [A-Za-z0-9_.-]); a schema is found by own key only.
  const tables = INHERITED.filter((name) => /^[A-Za-z0-9_.-]{3,255}$/.test(name));
  test.each(tables)('a table named %s takes its own schema, and no inherited one', (table) => {
    const options = (keySchema: object) => ({
      account: '123456789012',
      region: 'us-east-1',
      keySchema: keySchema as Record<string, { partitionKey: string }>,
    });
    const input = { TableName: table, Key: { pk: { S: 'a' }, sk: { S: 'b' } } };
    const own = JSON.parse(`{${JSON.stringify(table)}: {"partitionKey": "sk", "sortKey": "pk"}}`) as object;
    expect(fromCommand('GetItem', input, options(own)).requests[0]?.context['dynamodb:LeadingKeys']).toEqual(['b']);
    expect(() => fromCommand('GetItem', input, options({ Other: { partitionKey: 'pk' } }))).toThrow(/pass options\.keySchema/);
  });
});

describe('actions and condition keys', () => {
  test.each(INHERITED)('%s is no DynamoDB action, API or condition key', (name) => {
    expect(findAction(name)).toBeUndefined();
    expect(findAction(`dynamodb:${name}`)).toBeUndefined();
    expect(API_TO_ACTIONS[name]).toBeUndefined();
    expect(findGlobalConditionKey(`aws:${name}`)).toBeUndefined();
    expect(findGlobalConditionKey(name)).toBeUndefined();
    expect(findDynamoConditionKey(`dynamodb:${name}`)).toBeUndefined();
    expect(findWebIdentityKey(name)).toBeUndefined();
    expect(describeConditionKey(name)).toBeUndefined();
  });
});

describe('scenario files', () => {
  const scenario = (name: string, extra: string[]) =>
    [
      'policies:',
      '  reader:',
      '    document:',
      '      Version: "2012-10-17"',
      '      Statement:',
      `        - { Effect: Allow, Action: dynamodb:GetItem, Resource: "*", Condition: { StringEquals: ` +
        `{ ${JSON.stringify(`aws:PrincipalTag/${name}`)}: blue } } }`,
      'principals:',
      '  u:',
      `    arn: "${USER}"`,
      '    identityPolicies: [reader]',
      `    tags: { ${JSON.stringify(name)}: blue }`,
      'cases:',
      '  - name: tagged',
      '    principal: u',
      '    action: dynamodb:GetItem',
      `    resource: ${TABLE}`,
      '    expect: allow',
      ...extra,
      '',
    ].join('\n');

  test.each(INHERITED)('a principal tag named %s reaches the request (it is not dropped)', (name) => {
    const loaded = loadScenarioText(scenario(name, []), { path: join(tmp, 'tags.iam.yaml'), cwd: tmp });
    const [result] = runScenario(loaded);
    expect(result?.status, result?.message).toBe('passed');
  });

  test.each(INHERITED)('a case key, a context key and a principal named %s are unknown', (name) => {
    const load = (text: string) => () => loadScenarioText(text, { path: join(tmp, 'keys.iam.yaml'), cwd: tmp });
    expect(load(scenario(name, [`    ${JSON.stringify(name)}: 1`]))).toThrow(ScenarioError);
    expect(load(scenario(name, [`    context: { ${JSON.stringify(`aws:${name}`)}: x }`]))).toThrow(/is not a global condition key/);
    expect(load(scenario(name, []).replace('principal: u', `principal: ${JSON.stringify(name)}`))).toThrow(/unknown principal/);
    expect(load(scenario(name, []).replace('identityPolicies: [reader]', `identityPolicies: [${JSON.stringify(name)}]`))).toThrow(
      /unknown policy/,
    );
    expect(load(scenario(name, []).replace('expect: allow', `expect: ${JSON.stringify(name)}`))).toThrow(ScenarioError);
  });
});

describe('CLI commands and reporters', () => {
  test.each(INHERITED)('iamspec %s is an unknown command', async (name) => {
    const run = await cli([name], tmp);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`unknown command "${name}"`);
    const help = await cli(['help', name], tmp);
    expect(help.code).toBe(2);
  });

  test.each(INHERITED)('--reporter %s is an unknown reporter', async (name) => {
    const run = await cli(['test', '--reporter', name, 'none.iam.yaml'], tmp);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`unknown reporter "${name}"`);
  });
});
