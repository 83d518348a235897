/**
 * One shape for a problem: loading a policy, reading a request, a scenario file or an SDK call, and
 * a policy check all describe what is wrong as a `Problem` (code, severity, message, location,
 * suggestion), and every error class carries a list of them.
 */
import { describe, expect, test } from 'vitest';
import { MatcherArgumentError } from '../../matchers/argument-error';
import { checkAction } from '../../matchers/request-shorthand';
import {
  evaluate,
  formatProblem,
  fromCommand,
  loadScenarioText,
  parsePolicy,
  readTemplateText,
  validate,
  type Problem,
} from '../../src/index';

const TABLE = 'arn:aws:dynamodb:us-east-1:111122223333:table/Music';

function problemsOf(run: () => unknown): readonly Problem[] {
  try {
    run();
  } catch (error) {
    return (error as { issues: readonly Problem[] }).issues;
  }
  throw new Error('expected an error');
}

describe('every error carries problems of one shape', () => {
  test('a policy that does not load: PolicyError', () => {
    const [problem] = problemsOf(() =>
      parsePolicy('{"Version": "2012-10-17", "Statement": [{"Effect": "Alow", "Action": "*", "Resource": "*"}]}', { file: 'p.json' }),
    );
    expect(problem).toMatchObject({
      code: 'invalid-effect',
      severity: 'error',
      location: { file: 'p.json', line: 1, path: 'Statement[0].Effect' },
    });
  });

  test('a request that cannot be read: RequestError, located by its path in the request, with the suggestion', () => {
    const problems = problemsOf(() => evaluate({ principal: '111122223333', action: 'dynamodb:GetItems', resource: TABLE }, {}));
    expect(problems).toEqual([
      {
        code: 'invalid-request',
        severity: 'error',
        message: '"dynamodb:GetItems" is not a DynamoDB action (did you mean "dynamodb:GetItem"?)',
        location: { path: 'request.action' },
      },
    ]);
  });

  test('a scenario file that does not load: ScenarioError, with file, line and column in the location', () => {
    const text = 'policies:\n  table: { file: p.json }\ncases:\n  - name: x\n    principle: a\n';
    const [problem] = problemsOf(() => loadScenarioText(text, { path: 'x.iam.yaml', cwd: '.' }));
    expect(problem).toMatchObject({
      code: 'invalid-scenario',
      severity: 'error',
      location: { file: 'x.iam.yaml', line: expect.any(Number), column: expect.any(Number) },
    });
    expect(problem!.location!.line).toBe((problem as { line?: number }).line);
  });

  test('an SDK call that cannot be translated: CallError', () => {
    const [problem] = problemsOf(() => fromCommand('GetItems', {}, { account: '111122223333', region: 'us-east-1' }));
    expect(problem).toMatchObject({ code: 'invalid-call', severity: 'error' });
    expect(problem!.message).toContain('GetItems');
  });

  test('a matcher argument: MatcherArgumentError, from the same action check as requests and scenario files', () => {
    const problems = problemsOf(() => checkAction('dynamodb:GetItems'));
    expect(problems).toEqual([
      {
        code: 'invalid-argument',
        severity: 'error',
        message: '"dynamodb:GetItems" is not a DynamoDB action (did you mean "dynamodb:GetItem"?)',
      },
    ]);
    expect(() => checkAction('dynamodb:GetItems')).toThrow(MatcherArgumentError);
  });

  test("a template that cannot be read: TemplateError, located in the template, with the policy's own code for a policy in it", () => {
    const template =
      'Resources:\n  Orders:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: ' +
      'orders\n      ResourcePolicy:\n        PolicyDocument:\n          Version: "2012-10-17"\n       ' +
      '   Statement:\n            - Effect: Alow\n              Principal: "*"\n              Action: ' +
      'dynamodb:GetItem\n              Resource: "*"\n';
    const [problem] = problemsOf(() => readTemplateText(template, 't.yaml', { accountId: '111122223333', region: 'us-east-1' }));
    expect(problem).toMatchObject({
      code: 'invalid-effect',
      severity: 'error',
      location: { file: 't.yaml', line: expect.any(Number), path: expect.stringContaining('Effect') },
    });
  });

  test('a policy check: a Finding is a problem', () => {
    const findings = validate({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'dynamodb:GetItem', Resource: TABLE }],
    });
    const publicAccess = findings.find((f) => f.code === 'public-access');
    expect(publicAccess).toMatchObject({ severity: 'error', message: expect.any(String) });
    expect(formatProblem(publicAccess!)).toContain(publicAccess!.message);
  });
});

describe('formatProblem', () => {
  test.each([
    [{ code: 'x', severity: 'error', message: 'm', location: { file: 'a.yaml', line: 3, column: 7 } }, 'a.yaml:3:7: m'],
    [{ code: 'x', severity: 'error', message: 'm', location: { file: 'a.yaml' } }, 'a.yaml: m'],
    [{ code: 'x', severity: 'warning', message: 'm', location: { path: 'request.action' } }, 'request.action: m'],
    [{ code: 'x', severity: 'suggestion', message: 'm' }, 'm'],
  ] as const)('%o → %s', (problem, text) => {
    expect(formatProblem(problem)).toBe(text);
  });
});
