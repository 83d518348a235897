/**
 * Issue 9 §2: every public function, given anything at all, returns or throws one of the documented
 * error classes with the field or the place it is about: never a TypeError, RangeError or crash.
 * fast-check generates arbitrary values (`fc.anything` with BigInt, null prototypes, sparse arrays,
 * boxed values, maps, sets and typed arrays) and hostile ones aimed at each input: cyclic and deeply
 * nested values, huge strings, names of `Object.prototype` members, near-valid policies and requests
 * with one part replaced.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { parseCaller } from '../../src/engine/principal';
import { fromTemplate, iamspecMatchers, type MatcherContextLike } from '../../matchers/core';
import { CallError } from '../../src/index';
import { MatcherArgumentError } from '../../matchers/argument-error';
import {
  checkPublicAccess,
  diffPolicies,
  evaluate,
  evaluateAll,
  explain,
  findExternalAccess,
  fromCommand,
  loadPolicy,
  loadPolicyFile,
  loadScenarioFile,
  loadScenarioText,
  parsePolicy,
  PolicyError,
  policyFromObject,
  preparePolicySet,
  readCloudAssembly,
  readDeployed,
  readTemplateFile,
  readTemplateText,
  readTerraformPlan,
  readTerraformPlanText,
  RequestError,
  resolveRequest,
  runScenario,
  runScenarioFile,
  runScenarioSuite,
  ScenarioError,
  TemplateError,
  validate,
} from '../../src/index';
import { cli } from '../cli/cli-io';
import { policyArb, requestArb } from '../support/arbitraries';

/** The documented error classes (README, "Errors"). */
const DOCUMENTED = [PolicyError, RequestError, ScenarioError, CallError, TemplateError] as const;

/** The thrown value is a documented error that says where: a policy location, a field, a file. */
function expectDocumented(error: unknown, call: string): void {
  const documented = DOCUMENTED.some((type) => error instanceof type);
  if (!documented)
    throw new Error(`${call} threw an undocumented ${(error as Error)?.name ?? typeof error}: ${(error as Error)?.stack ?? String(error)}`);
  if (error instanceof PolicyError) {
    expect(typeof error.location.policy, call).toBe('string');
    expect(typeof error.location.path, call).toBe('string');
  } else if (error instanceof RequestError) {
    expect(typeof error.field, call).toBe('string');
    expect(error.message, call).toMatch(/^(request|policies|options|requests|decision|scenario|patterns)[.[:]/);
  } else if (error instanceof TemplateError) {
    expect(error.issues.length, call).toBeGreaterThan(0);
    expect(typeof error.issues[0]!.template, call).toBe('string');
  } else if (error instanceof ScenarioError) {
    expect(error.issues.length, call).toBeGreaterThan(0);
    expect(typeof error.issues[0]!.file, call).toBe('string');
  } else {
    expect((error as Error).message.length, call).toBeGreaterThan(0);
  }
  // Messages quote the values they are about, cut short (a scenario error has a line per problem).
  for (const line of (error as Error).message.split('\n')) expect(line.length, call).toBeLessThan(2200);
}

function returnsOrDocumented(call: string, run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expectDocumented(error, call);
  }
}

// --- hostile values -----------------------------------------------------------------------------------

function cyclic(): object {
  const policy: Record<string, unknown> = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }],
  };
  (policy.Statement as Record<string, unknown>[])[0]!.Condition = { StringEquals: { 'aws:PrincipalTag/x': policy } };
  return policy;
}

function deep(depth: number, leaf: unknown = 1): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

const INHERITED = [...Object.getOwnPropertyNames(Object.prototype), '__proto__'];

const hostileScalar = fc.oneof(
  fc.constantFrom(...INHERITED),
  fc.constantFrom(
    '',
    ' ',
    '*',
    '\u00a0',
    '::warning::x',
    '${toString}',
    '${__proto__}',
    'arn:aws:dynamodb:us-east-1:123456789012:table/T',
    '123456789012',
    '8640000000001',
  ),
  fc.constant('x'.repeat(100_000)),
  fc.bigInt(),
  fc.constantFrom(NaN, Infinity, -0, Number.MAX_VALUE),
  fc.constantFrom(Symbol('s'), () => 1, undefined, null),
);

const hostileObject = fc.oneof(
  fc.constant(null).map(() => cyclic()),
  fc.constantFrom(100, 1000, 5000).map((d) => deep(d)),
  fc.constant(null).map(() => Object.create(null) as object),
  fc.constant(null).map(() => JSON.parse('{"__proto__": {"a": 1}, "constructor": "x"}') as object),
  // eslint-disable-next-line no-sparse-arrays
  fc.constant(null).map(() => [1, , 3]),
  fc.constant(null).map(() => new Map([['a', 1]])),
  fc.constant(null).map(() => new Date(8.64e15 + 1)),
);

const anything = fc.anything({
  maxDepth: 3,
  maxKeys: 4,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});

const hostile = fc.oneof(anything, hostileScalar, hostileObject);

/** A valid value with one of its parts (at any depth) replaced by a hostile one. */
function withOnePartReplaced<T>(base: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.tuple(base, fc.nat(), hostile).map(([value, pick, replacement]) => {
    const copy = structuredClone(value) as unknown;
    const slots: { owner: Record<string | number, unknown>; key: string | number }[] = [];
    const walk = (v: unknown): void => {
      if (typeof v !== 'object' || v === null) return;
      for (const key of Object.keys(v)) {
        slots.push({ owner: v as Record<string, unknown>, key });
        walk((v as Record<string, unknown>)[key]);
      }
    };
    walk(copy);
    if (slots.length === 0) return replacement;
    const slot = slots[pick % slots.length]!;
    slot.owner[slot.key] = replacement;
    return copy;
  });
}

const policyInput = fc.oneof(hostile, withOnePartReplaced(policyArb(false)), withOnePartReplaced(policyArb(true)));
const requestInput = fc.oneof(hostile, withOnePartReplaced(requestArb));
const policySetInput = fc.oneof(
  hostile,
  fc.record({ identityPolicies: fc.oneof(fc.array(policyInput, { maxLength: 2 }), hostile) }, { requiredKeys: [] }),
  fc.record(
    {
      resourcePolicy: policyInput,
      scps: fc.oneof(hostile, fc.array(fc.oneof(policyInput, fc.array(policyInput, { maxLength: 2 })), { maxLength: 2 })),
    },
    { requiredKeys: [] },
  ),
  fc.dictionary(
    fc.constantFrom(
      'permissionsBoundary',
      'scp',
      'identityPolicy',
      'permissionBoundary',
      'sessionPolicies',
      'rcps',
      'vpcEndpointPolicy',
      ...INHERITED,
    ),
    policyInput,
    { maxKeys: 2 },
  ),
);
const optionsInput = fc.oneof(
  hostile,
  fc.dictionary(
    fc.constantFrom('strict', 'name', 'kind', 'file', 'region', 'account', 'keySchema', 'owner', 'orgId', 'attachTo', ...INHERITED),
    hostile,
    { maxKeys: 3 },
  ),
);

const RUNS = { numRuns: 150 };

const tmp = mkdtempSync(join(tmpdir(), 'iamspec-property-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(typeof value);
  }
}

describe('policy loading: loadPolicy, parsePolicy, policyFromObject, loadPolicyFile', () => {
  test('property: any value', () => {
    fc.assert(
      fc.property(policyInput, optionsInput, (input, options) => {
        returnsOrDocumented('loadPolicy', () => loadPolicy(input as never, options as never));
        returnsOrDocumented('policyFromObject', () => policyFromObject(input as never, options as never));
        returnsOrDocumented('parsePolicy', () => parsePolicy(textOf(input), options as never));
      }),
      RUNS,
    );
  }, 30_000);

  test('property: any text, as a .json and as a .yaml file', () => {
    const text = fc.oneof(
      fc.string(),
      policyInput.map(textOf),
      fc.constantFrom('['.repeat(1000) + ']'.repeat(1000), '{"a":'.repeat(500), '- '.repeat(5000) + 'x', '{"Statement": [1,],}'),
    );
    fc.assert(
      fc.property(text, fc.constantFrom('p.json', 'p.yaml', 'p.txt'), (content, name) => {
        const file = join(tmp, name);
        writeFileSync(file, content);
        returnsOrDocumented('loadPolicyFile', () => loadPolicyFile(file));
      }),
      { numRuns: 100 },
    );
  }, 30_000);

  test("parsePolicy('['.repeat(1000) + ']'.repeat(1000)) twice in one process is a PolicyError each time", () => {
    for (let i = 0; i < 2; i++) {
      expect(() => parsePolicy('['.repeat(1000) + ']'.repeat(1000))).toThrow(/nests deeper than 64 levels/);
      expect(() => parsePolicy('a:\n' + '- '.repeat(5000) + 'x\n')).toThrow(PolicyError);
    }
  });
});

describe('evaluation: evaluate, evaluateAll, explain, resolveRequest, parseCaller', () => {
  test('property: any request, policy set and options', () => {
    fc.assert(
      fc.property(requestInput, policySetInput, optionsInput, (request, policies, options) => {
        returnsOrDocumented('evaluate', () => explain(evaluate(request as never, policies as never, options as never)));
        returnsOrDocumented('evaluateAll', () => evaluateAll([request] as never, policies as never));
        returnsOrDocumented('preparePolicySet(...).evaluate', () => {
          const prepared = preparePolicySet(policies as never);
          returnsOrDocumented('preparePolicySet(...).evaluate', () => explain(prepared.evaluate(request as never, options as never)));
          returnsOrDocumented('preparePolicySet(...).evaluateAll', () => prepared.evaluateAll([request] as never, options as never));
          returnsOrDocumented('preparePolicySet(...).evaluateAll', () => prepared.evaluateAll(request as never));
        });
        returnsOrDocumented('resolveRequest', () => resolveRequest(request as never));
        returnsOrDocumented('parseCaller', () => parseCaller((request as { principal?: unknown } | null)?.principal as never));
      }),
      RUNS,
    );
  }, 30_000);

  test('property: explain and evaluateAll with anything', () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        returnsOrDocumented('explain', () => explain(a as never, b as never));
        returnsOrDocumented('evaluateAll', () => evaluateAll(a as never, { identityPolicies: [] }));
      }),
      RUNS,
    );
  }, 30_000);
});

describe('analysis: validate, checkPublicAccess, findExternalAccess, diffPolicies', () => {
  test('property: any policy and options', () => {
    fc.assert(
      fc.property(fc.oneof(policyInput, withOnePartReplaced(policyArb(true)).map(textOf)), policyInput, optionsInput, (a, b, options) => {
        returnsOrDocumented('validate', () => validate(a as never, options as never));
        returnsOrDocumented('checkPublicAccess', () => checkPublicAccess(a as never));
        returnsOrDocumented('findExternalAccess', () => findExternalAccess(a as never, (options ?? { owner: '111122223333' }) as never));
        returnsOrDocumented('diffPolicies', () => diffPolicies(a as never, b as never, options as never));
      }),
      { numRuns: 60 },
    );
  }, 30_000);
});

describe('fromCommand', () => {
  const commands = fc.oneof(
    fc.constantFrom(
      'GetItem',
      'Query',
      'BatchWriteItem',
      'TransactWriteItems',
      'ExecuteStatement',
      'CreateTable',
      'TagResource',
      ...INHERITED,
    ),
    hostile,
  );
  const input = fc.oneof(
    hostile,
    withOnePartReplaced(
      fc.constant({
        TableName: 'Orders',
        Key: { pk: { S: 'a' } },
        KeyConditionExpression: 'pk = :v',
        ExpressionAttributeValues: { ':v': { S: 'a' } },
      }),
    ),
    withOnePartReplaced(fc.constant({ RequestItems: { Orders: [{ PutRequest: { Item: { pk: { S: 'a' } } } }] } })),
    withOnePartReplaced(
      fc.constant({
        TransactItems: [
          {
            Update: {
              TableName: 'Orders',
              Key: { pk: 'a', sk: 1 },
              UpdateExpression: 'SET #a = :v',
              ExpressionAttributeNames: { '#a': 'x' },
            },
          },
        ],
      }),
    ),
    withOnePartReplaced(fc.constant({ Statement: 'SELECT * FROM "Orders" WHERE pk = \'a\'' })),
  );
  const callOptions = fc.oneof(
    optionsInput,
    withOnePartReplaced(
      fc.constant({
        account: '123456789012',
        region: 'us-east-1',
        keySchema: { partitionKey: 'pk', sortKey: 'sk', indexes: { ByX: { partitionKey: 'x' } } },
      }),
    ),
  );
  test('property: any command, input and options', () => {
    fc.assert(
      fc.property(commands, input, callOptions, (command, callInput, options) => {
        returnsOrDocumented('fromCommand', () => fromCommand(command as never, callInput as never, options as never));
        returnsOrDocumented('fromCommand(object)', () =>
          fromCommand({ constructor: { name: command }, input: callInput } as never, options as never),
        );
      }),
      RUNS,
    );
  }, 30_000);

  test('the issue examples: { region: 5 } and { keySchema: null } name the option', () => {
    expect(() => fromCommand('GetItem', { TableName: 'T', Key: { pk: { S: 'a' } } }, { region: 5 } as never)).toThrow(
      /^options\.region: is a string; found the number 5$/,
    );
    expect(() => fromCommand('GetItem', { TableName: 'T', Key: { pk: { S: 'a' } } }, { keySchema: null } as never)).toThrow(
      /^options\.keySchema: /,
    );
  });
});

describe('scenario files: loadScenarioText, loadScenarioFile, runScenario, runScenarioFile', () => {
  const scenarioText = fc.oneof(
    fc.string(),
    hostile.map(textOf),
    fc.constantFrom(
      'cases: ' + '['.repeat(2000) + ']'.repeat(2000),
      'a:\n' + '- '.repeat(5000) + 'x\n',
      'policies:\n  p: { file: deep.json }\ncases: []\n',
      'principals:\n  u: { arn: "arn:aws:iam::123456789012:user/u", tags: { __proto__: x, constructor: y } }\ncases: []\n',
    ),
    fc
      .dictionary(fc.constantFrom('description', 'policies', 'principals', 'resources', 'cases', 'defaults', ...INHERITED), hostile, {
        maxKeys: 3,
      })
      .map(textOf),
  );
  writeFileSync(join(tmp, 'deep.json'), '['.repeat(1000) + ']'.repeat(1000));

  test('property: any text', () => {
    fc.assert(
      fc.property(scenarioText, (text) => {
        returnsOrDocumented('loadScenarioText', () => runScenario(loadScenarioText(text, { path: join(tmp, 'x.iam.yaml'), cwd: tmp })));
        writeFileSync(join(tmp, 'y.iam.yaml'), text);
        returnsOrDocumented('loadScenarioFile', () => runScenario(loadScenarioFile('y.iam.yaml', { cwd: tmp })));
        returnsOrDocumented('runScenarioFile', () => runScenarioFile('y.iam.yaml', { cwd: tmp }));
      }),
      { numRuns: 100 },
    );
  }, 30_000);

  test('property: the loader and runner with any arguments', () => {
    fc.assert(
      fc.property(hostile, optionsInput, (value, options) => {
        returnsOrDocumented('loadScenarioText', () => loadScenarioText(value as never, options as never));
        returnsOrDocumented('loadScenarioFile', () => loadScenarioFile(value as never, options as never));
        returnsOrDocumented('runScenario', () => runScenario(value as never, options as never));
        returnsOrDocumented('runScenarioFile', () => runScenarioFile(value as never, options as never));
        returnsOrDocumented('runScenarioSuite', () => runScenarioSuite(value as never, { ...(options as object), cwd: tmp } as never));
      }),
      RUNS,
    );
  }, 30_000);
});

describe('templates: readTemplateText, readTemplateFile, readDeployed, readCloudAssembly, readTerraformPlan(Text), fromTemplate', () => {
  const TEMPLATE = {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { Env: { Type: 'String', Default: 'prod' } },
    Resources: {
      Orders: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          TableName: { 'Fn::Sub': 'orders-${Env}' },
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          ResourcePolicy: {
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } },
                  Action: 'dynamodb:GetItem',
                  Resource: '*',
                },
              ],
            },
          },
        },
      },
      AppRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
          Policies: [
            {
              PolicyName: 'Read',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: { 'Fn::GetAtt': ['Orders', 'Arn'] } }],
              },
            },
          ],
        },
      },
    },
  };
  const PLAN = {
    format_version: '1.2',
    resource_changes: [
      {
        address: 'aws_dynamodb_table.t',
        mode: 'managed',
        type: 'aws_dynamodb_table',
        change: { before: null, after: { name: 'orders', arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders' } },
      },
    ],
  };
  const templateText = fc.oneof(
    fc.string(),
    hostile.map(textOf),
    withOnePartReplaced(fc.constant(TEMPLATE)).map(textOf),
    withOnePartReplaced(fc.constant(PLAN)).map(textOf),
    fc.constantFrom(
      'Resources:\n  A: !Ref ' + 'x'.repeat(10),
      'Resources: ' + '['.repeat(2000) + ']'.repeat(2000),
      'Resources:\n  A: !Nope x\n',
      JSON.stringify(TEMPLATE),
      JSON.stringify(PLAN),
    ),
  );
  const templateOptions = fc.oneof(
    optionsInput,
    withOnePartReplaced(
      fc.constant({
        accountId: '123456789012',
        region: 'us-east-1',
        parameters: { Env: 'dev' },
        resourceValues: { 'Orders.Arn': 'arn:aws:dynamodb:us-east-1:123456789012:table/x' },
      }),
    ),
    fc.dictionary(
      fc.constantFrom('acountId', 'regions', 'planSide', 'parameters', 'resource', 'role', 'stream', 'managedPolicies', ...INHERITED),
      hostile,
      { maxKeys: 3 },
    ),
  );

  test('property: any text, file and options', () => {
    fc.assert(
      fc.property(templateText, templateOptions, fc.constantFrom('t.yaml', 't.json', 't.tfplan.json'), (text, options, name) => {
        const file = join(tmp, name);
        writeFileSync(file, text);
        returnsOrDocumented('readTemplateText', () => readTemplateText(text, name, options as never));
        returnsOrDocumented('readTemplateFile', () => readTemplateFile(file, options as never));
        returnsOrDocumented('readDeployed', () => readDeployed(file, options as never));
        returnsOrDocumented('readTerraformPlanText', () => readTerraformPlanText(text, name, options as never));
        returnsOrDocumented('readTerraformPlan', () => readTerraformPlan(file, options as never));
        returnsOrDocumented('readCloudAssembly', () => readCloudAssembly(tmp, options as never));
        // fromTemplate is the matchers' helper: its own argument errors are MatcherArgumentError (a failed assertion in a matcher).
        try {
          fromTemplate(file, options as never);
        } catch (error) {
          if (!(error instanceof MatcherArgumentError)) expectDocumented(error, 'fromTemplate');
        }
      }),
      { numRuns: 80 },
    );
  }, 30_000);

  test('property: any arguments', () => {
    fc.assert(
      fc.property(hostile, hostile, templateOptions, (a, b, options) => {
        returnsOrDocumented('readTemplateText', () => readTemplateText(a as never, b as never, options as never));
        returnsOrDocumented('readTemplateFile', () => readTemplateFile(a as never, options as never));
        returnsOrDocumented('readDeployed', () => readDeployed(a as never, options as never));
        returnsOrDocumented('readTerraformPlanText', () => readTerraformPlanText(a as never, b as never, options as never));
        returnsOrDocumented('readCloudAssembly', () => readCloudAssembly(a as never, options as never));
      }),
      RUNS,
    );
  }, 30_000);

  test('an unknown option key is a RequestError with a did-you-mean, for each reader', () => {
    writeFileSync(join(tmp, 'ok.yaml'), JSON.stringify(TEMPLATE));
    const typo = { acountId: '123456789012' };
    for (const [name, run] of [
      ['readTemplateText', () => readTemplateText(JSON.stringify(TEMPLATE), 'ok.yaml', typo as never)],
      ['readTemplateFile', () => readTemplateFile(join(tmp, 'ok.yaml'), typo as never)],
      ['readDeployed', () => readDeployed(join(tmp, 'ok.yaml'), typo as never)],
      ['readCloudAssembly', () => readCloudAssembly(tmp, typo as never)],
      ['fromTemplate', () => fromTemplate(join(tmp, 'ok.yaml'), { ...typo, resource: 'Orders' } as never)],
    ] as const) {
      expect(run, name).toThrow(RequestError);
      expect(run, name).toThrow(/^options\.acountId: unknown key "acountId" \(did you mean "accountId"\?\)/);
    }
    expect(() => readTerraformPlanText(JSON.stringify(PLAN), 'p.json', { managedPolicy: {} } as never)).toThrow(
      /^options\.managedPolicy: unknown key "managedPolicy" \(did you mean "managedPolicies"\?\)/,
    );
    expect(() => readDeployed(join(tmp, 'ok.yaml'), { planSide: 'middle' } as never)).toThrow(
      /^options\.planSide: is one of "before", "after"; found the string "middle"$/,
    );
    expect(() => readTemplateText(JSON.stringify(TEMPLATE), 'ok.yaml', { constructor: 'x' } as never)).toThrow(
      /^options\.constructor: unknown key/,
    );
    // The valid template is read: the checks refuse only what is wrong.
    expect(readTemplateText(JSON.stringify(TEMPLATE), 'ok.yaml', { accountId: '123456789012' }).tables.map((t) => t.tableName)).toEqual([
      'orders-prod',
    ]);
  });
});

describe(
  'matchers: toAllow, toDeny, toExplicitlyDeny, toImplicitlyDeny, toBePublic, ' +
    'toGrantExternalAccess, toOnlyGrantAccessTo, toBeValidResourcePolicy',
  () => {
    const ctx: MatcherContextLike = {
      isNot: false,
      utils: { matcherHint: (name) => name, printExpected: (v) => String(v), printReceived: (v) => String(v) },
    };
    test('property: a matcher returns an outcome for any arguments (a bad argument is a failed assertion)', () => {
      fc.assert(
        fc.property(
          policyInput,
          fc.array(
            fc.oneof(
              hostile,
              requestArb.map((r) => r.principal),
              fc.constantFrom('dynamodb:GetItem', 'dynamodb:GetItm'),
            ),
            { maxLength: 3 },
          ),
          (received, args) => {
            for (const [name, matcher] of Object.entries(iamspecMatchers)) {
              let outcome: { pass: boolean; message: () => string } | undefined;
              try {
                outcome = (matcher as (...a: unknown[]) => { pass: boolean; message: () => string }).call(ctx, received, ...args);
              } catch (error) {
                throw new Error(`${name} threw ${(error as Error).name}: ${(error as Error).stack}`);
              }
              expect(typeof outcome.pass, name).toBe('boolean');
              expect(typeof outcome.message(), name).toBe('string');
            }
          },
        ),
        { numRuns: 60 },
      );
    }, 30_000);
  },
);

describe('the CLI, run in process', () => {
  writeFileSync(
    join(tmp, 'lax.json'),
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*", "Principal": "*",},]}',
  );
  writeFileSync(join(tmp, 'deep2.json'), '['.repeat(1000) + ']'.repeat(1000));
  const args = fc.array(
    fc.oneof(
      fc.constantFrom(
        'test',
        'explain',
        'check',
        'diff',
        'mutate',
        'help',
        '--reporter',
        'github',
        'json',
        '--policy',
        '--resource-policy',
        '--principal',
        '--action',
        '--resource',
        '--context',
        '--format',
        'sarif',
        '--json',
      ),
      fc.constantFrom(
        'deep.json',
        'deep2.json',
        'lax.json',
        'y.iam.yaml',
        'missing.json',
        'aws:SourceIp=1.2.3.4',
        'arn:aws:iam::123456789012:user/u',
        'dynamodb:GetItem',
        ...INHERITED,
      ),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 6 },
  );
  test('property: any arguments end with exit code 0, 1 or 2 and no internal error', async () => {
    await fc.assert(
      fc.asyncProperty(args, async (argv) => {
        let run;
        try {
          run = await cli(argv, tmp);
        } catch (error) {
          throw new Error(`iamspec ${JSON.stringify(argv)} threw ${(error as Error).stack}`);
        }
        expect([0, 1, 2], JSON.stringify(argv)).toContain(run.code);
      }),
      { numRuns: 80 },
    );
  }, 30_000);

  test('iamspec test on two scenario files whose policies nest 1000 deep reports an error for each', async () => {
    for (const name of ['a', 'b'])
      writeFileSync(
        join(tmp, `${name}.iam.yaml`),
        'policies:\n  p: { file: deep2.json }\nprincipals:\n  u: { arn: ' +
          '"arn:aws:iam::123456789012:user/u", identityPolicies: [p] }\ncases:\n  - { name: c, principal: ' +
          'u, action: dynamodb:GetItem, resource: "*", expect: allow }\n',
      );
    const run = await cli(['test', 'a.iam.yaml', 'b.iam.yaml'], tmp);
    expect(run.code).toBe(2);
    const out = run.stdout + run.stderr;
    expect(out.match(/nests deeper than 64 levels/g)?.length).toBe(2);
  });

  test('iamspec check on a .json policy with trailing commas reports a syntax error, not "no findings"', async () => {
    const run = await cli(['check', 'lax.json'], tmp);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/not valid JSON \(RFC 8259\): a trailing comma/);
  });
});
