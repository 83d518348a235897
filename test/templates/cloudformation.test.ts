/**
 * CloudFormation templates read the way the deployed stack sees them: intrinsic functions in both
 * forms, parameters, conditions, pseudo parameters, and the ARNs CloudFormation's Ref/Fn::GetAtt
 * documentation gives (AWS CloudFormation User Guide, resource type reference, "Return values" of
 * AWS::DynamoDB::Table, AWS::IAM::Role, AWS::IAM::ManagedPolicy). Every unresolvable value is an
 * error at its template line.
 */
import { describe, expect, test } from 'vitest';
import { templateErrorOf } from '../support/template-error';
import { evaluate } from '../../src/engine/evaluate';
import { readTemplateFile, readTemplateText, type TemplateOptions } from '../../src/templates/index';
import { standalone, STREAM_444, TABLE_222, TABLE_444, verdicts } from '../support/announcement-requests';

const FIXTURE = 'test/fixtures/templates/announcement.yaml';

/** A template with one table whose resource policy's condition value is `value` (YAML). */
function tableWith(value: string, extra = ''): string {
  return `Parameters:
  Stage: { Type: String, Default: prod, AllowedValues: [prod, test] }
  Names: { Type: CommaDelimitedList, Default: "a,b,c" }
${extra}
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders
      StreamSpecification: { StreamViewType: KEYS_ONLY }
      ResourcePolicy:
        PolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: { AWS: "111122223333" }
              Action: dynamodb:GetItem
              Resource: !GetAtt Orders.Arn
              Condition: { StringLike: { "aws:PrincipalTag/team": ${value} } }
`;
}

/** The condition value as the deployed policy holds it (a list joined with commas). */
function valueOf(value: string, options: TemplateOptions = {}, extra = ''): string {
  const model = readTemplateText(tableWith(value, extra), 't.yaml', options);
  return model.tables[0]!.policy!.statements[0]!.conditions[0]!.rawValues.join(',');
}

describe('intrinsic functions, short and long forms', () => {
  const table = 'arn:aws:dynamodb:us-east-1:123456789012:table/orders';
  test.each([
    ['!Ref', '!Sub "x-${Stage}"', 'x-prod'],
    [
      'Fn::Sub string form with pseudo parameters',
      '{ "Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Orders}" }',
      table,
    ],
    [
      'Fn::Sub with a variable map',
      '!Sub ["arn:aws:dynamodb:${R}:${AWS::AccountId}:table/${N}", { R: eu-west-1, N: !Ref Orders }]',
      'arn:aws:dynamodb:eu-west-1:123456789012:table/orders',
    ],
    ['Fn::Sub literal ${!...}', '!Sub "${!aws:username}"', '${aws:username}'],
    ['!GetAtt dotted', '!GetAtt Orders.Arn', table],
    ['Fn::GetAtt list form', '{ "Fn::GetAtt": [Orders, Arn] }', table],
    ['!GetAtt StreamArn', '!GetAtt Orders.StreamArn', `${table}/stream/1970-01-01T00:00:00.000`],
    ['${Res.Attr} in Fn::Sub', '!Sub "${Orders.Arn}/index/*"', `${table}/index/*`],
    [
      '!Join',
      '!Join [":", [arn, aws, dynamodb, !Ref "AWS::Region", !Ref "AWS::AccountId", table/x]]',
      'arn:aws:dynamodb:us-east-1:123456789012:table/x',
    ],
    ['!Select over !Split', '!Select [1, !Split [",", "a,b,c"]]', 'b'],
    ['!Select over a list parameter', '!Select [2, !Ref Names]', 'c'],
    ['!If true branch', '!If [IsProd, prod-table, test-table]', 'prod-table'],
    ['Fn::If long form, false branch', '{ "Fn::If": [IsTest, yes, no] }', 'no'],
    ['!FindInMap', '!FindInMap [Tables, !Ref Stage, Name]', 'orders-prod'],
    ['!ImportValue', '!ImportValue SharedTableArn', 'arn:aws:dynamodb:us-east-1:123456789012:table/shared'],
    ['!Base64', '!Base64 abc', 'YWJj'],
    ['!Select over !GetAZs', '!Select [0, !GetAZs ""]', 'us-east-1a'],
    ['AWS::URLSuffix and StackName', '!Sub "${AWS::StackName}.${AWS::URLSuffix}"', 't.amazonaws.com'],
  ])('%s', (_name, expression, expected) => {
    const extra = `Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  IsTest: { "Fn::Not": [{ Condition: IsProd }] }
Mappings:
  Tables:
    prod: { Name: orders-prod }
    test: { Name: orders-test }`;
    const options = {
      imports: { SharedTableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/shared' },
      availabilityZones: { 'us-east-1': ['us-east-1a', 'us-east-1b'] },
    };
    expect(valueOf(expression, options, extra)).toBe(expected);
  });

  test('options set the pseudo parameters; the partition follows the region', () => {
    const text = valueOf('!Sub "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/t ${AWS::URLSuffix}"', {
      region: 'cn-north-1',
      accountId: '210987654321',
    });
    expect(text).toBe('arn:aws-cn:dynamodb:cn-north-1:210987654321:table/t amazonaws.com.cn');
  });

  test('a given parameter value wins over the default; a value outside AllowedValues is refused', () => {
    expect(valueOf('!Sub "x-${Stage}"', { parameters: { Stage: 'test' } })).toBe('x-test');
    expect(templateErrorOf(() => valueOf('!Ref Stage', { parameters: { Stage: 'dev' } })).message).toMatch(
      /t\.yaml:2:10 at Parameters\.Stage: .*not one of its AllowedValues \(prod, test\)/,
    );
    expect(templateErrorOf(() => valueOf('!Ref Stage', { parameters: { Stag: 'prod' } })).message).toMatch(
      /does not declare \(did you mean Stage\?\)/,
    );
  });

  test('AWS::NoValue removes a list item', () => {
    expect(valueOf('[a, !If [Never, x, !Ref "AWS::NoValue"], b]', {}, 'Conditions:\n  Never: !Equals [a, b]')).toBe('a,b');
  });

  test('a resource whose Condition is false is not deployed', () => {
    const text =
      `Conditions:\n  Never: !Equals [a, b]\nResources:\n  T:\n    Type: AWS::DynamoDB::Table\n    ` +
      `Condition: Never\n    Properties: { TableName: t }\n`;
    expect(readTemplateText(text, 't.yaml').tables).toEqual([]);
  });
});

describe('what cannot be resolved is an error at template:line, never a guess', () => {
  test.each([
    [
      'an unknown Ref',
      '!Ref Nope',
      new RegExp(
        /t\.yaml:\d+:\d+ \(resource Orders\) at /.source +
          /Resources\.Orders\.Properties\.ResourcePolicy\.PolicyDocument\.Statement\[0\]\.C/.source +
          /ondition\.StringLike\["aws:PrincipalTag\/team"\]: Ref Nope: no parameter or /.source +
          /resource/.source,
      ),
    ],
    ['a misspelt Ref', '!Ref Ordres', /did you mean Orders\?/],
    [
      'an unknown GetAtt attribute',
      '!GetAtt Orders.Nope',
      /Fn::GetAtt Orders\.Nope \(AWS::DynamoDB::Table\) is known only after deployment; give it \(resourceValues\["Orders\.Nope"\]\)/,
    ],
    ['an unknown GetAtt resource', '!GetAtt Nope.Arn', /Fn::GetAtt Nope: no parameter or resource/],
    ['an ImportValue not given', '!ImportValue Other', /Fn::ImportValue Other: the value another stack exports is not known offline/],
    ['GetAZs not given', '!Select [0, !GetAZs ""]', /Fn::GetAZs us-east-1: the zones of an account are not known offline/],
    ['an unknown condition', '!If [Nope, a, b]', /the condition Nope is not declared in Conditions/],
    ['a missing mapping', '!FindInMap [Nope, a, b]', /Fn::FindInMap names the mapping Nope/],
    ['Fn::Select out of range', '!Select [5, !Ref Names]', /Fn::Select index 5 is outside the list of 3 values/],
    ['a list where text is needed', '!Sub "${Names}"', /\$\{Names\} in Fn::Sub is replaced by text; it resolves to a list/],
    ['Fn::Join of a non-list', '!Join ["", abc]', /the values of Fn::Join is a list of text/],
    ['Fn::Cidr', '!Cidr [10.0.0.0/16, 2, 8]', /Fn::Cidr .* not resolved offline/],
    ['Fn::Transform', '{ "Fn::Transform": { Name: M } }', /Fn::Transform runs a macro/],
    ['an unknown Fn::', '{ "Fn::Nope": x }', /Fn::Nope is not an intrinsic function CloudFormation knows/],
    ['an unknown tag', '!Nope x', /Unresolved tag: !Nope|unknown tag/],
    [
      'Ref of a resource type whose Ref is known only after deployment',
      '!Ref Queue',
      /Ref Queue \(AWS::SQS::Queue\) is known only after deployment/,
    ],
  ])('%s', (_name, expression, message) => {
    const text = tableWith(expression) + '  Queue:\n    Type: AWS::SQS::Queue\n';
    const error = templateErrorOf(() => readTemplateText(text, 't.yaml'));
    expect(error.message).toMatch(message);
    expect(error.issues[0]!.line).toBeGreaterThan(0);
  });

  test("the line is the expression's own line", () => {
    const error = templateErrorOf(() => readTemplateText(tableWith('!ImportValue Other'), 't.yaml'));
    expect(error.issues[0]).toMatchObject({ template: 't.yaml', resource: 'Orders', line: 19, column: 80 });
  });

  test('a parameter without a Default and without a value is an error where it is used', () => {
    const text =
      'Parameters:\n  P: { Type: String }\n  Bootstrap: { Type: "AWS::SSM::Parameter::Value<String>", ' +
      'Default: /cdk/version }\nResources:\n  R: { Type: AWS::IAM::Role, Properties: { RoleName: !Ref ' +
      'P } }\n';
    expect(templateErrorOf(() => readTemplateText(text, 't.yaml')).message).toBe(
      't.yaml:5:59 (resource R) at Resources.R.Properties.RoleName: Ref P: the parameter has no ' +
        'value\n  t.yaml:2:6 at Parameters.P: the parameter P has no Default: give its value',
    );
    // Unused, neither is a problem (CDK's BootstrapVersion is read from Systems Manager).
    expect(readTemplateText(text, 't.yaml', { parameters: { P: 'app' } }).principals[0]!.arn).toBe('arn:aws:iam::123456789012:role/app');
  });

  test('a macro transform is refused; SAM resources need the SAM transform', () => {
    expect(templateErrorOf(() => readTemplateText('Transform: MyMacro\nResources: {}\n', 't.yaml')).message).toMatch(
      /t\.yaml:1:12 at Transform: only the AWS::Serverless-2016-10-31 transform is read/,
    );
    expect(templateErrorOf(() => readTemplateText('Resources:\n  F:\n    Type: AWS::Serverless::Function\n', 't.yaml')).message).toMatch(
      /needs Transform: AWS::Serverless-2016-10-31/,
    );
  });

  test('every problem of a template is reported at once', () => {
    const text = `Resources:
  A: { Type: AWS::IAM::Role, Properties: { RoleName: !Ref X } }
  B: { Type: AWS::IAM::Role, Properties: { RoleName: !ImportValue Y } }
`;
    const error = templateErrorOf(() => readTemplateText(text, 't.yaml'));
    expect(error.issues.map((i) => [i.resource, i.line])).toEqual([
      ['A', 2],
      ['B', 3],
    ]);
  });

  test('an invalid policy in a template is reported at its template line', () => {
    const error = templateErrorOf(() => readTemplateText(tableWith('x').replace('Effect: Allow', 'Effect: Permit'), 't.yaml'));
    expect(error.issues[0]).toMatchObject({ template: 't.yaml', resource: 'Orders', line: 15 });
    expect(error.issues[0]!.path).toBe('Resources.Orders.Properties.ResourcePolicy.PolicyDocument.Statement[0].Effect');
  });
});

describe('what a template deploys', () => {
  const model = readTemplateFile(FIXTURE, { accountId: '444455556666' });

  test('the table and stream policies are tied to the ARNs AWS forms, with their lines', () => {
    const table = model.tables[0]!;
    expect(table.arn).toBe('arn:aws:dynamodb:us-east-1:444455556666:table/rbac-central-table');
    expect(table.policy!.statements.map((s) => [s.ref.label, s.ref.file, s.ref.line])).toEqual([
      ['Statement1', FIXTURE, 34],
      ['Statement4', FIXTURE, 42],
      ['Statement5', FIXTURE, 50],
    ]);
    expect(table.stream!.policy!.statements[0]!.ref.line).toBe(64);
    // The stream label is chosen at deployment: the stand-in is said.
    expect(model.standIns).toEqual([
      { resource: 'CentralTable', attribute: 'StreamLabel', value: '1970-01-01T00:00:00.000', template: FIXTURE },
    ]);
  });

  test('a given stream label replaces the stand-in', () => {
    const labelled = readTemplateFile(FIXTURE, {
      accountId: '444455556666',
      resourceValues: { 'CentralTable.StreamLabel': '2024-01-11T16:35:51.514' },
    });
    expect(labelled.tables[0]!.stream!.arn).toBe(
      'arn:aws:dynamodb:us-east-1:444455556666:table/rbac-central-table/stream/2024-01-11T16:35:51.514',
    );
    expect(labelled.standIns).toEqual([]);
  });

  test('a condition value from a list parameter and an Fn::If decide as written', () => {
    const table = model.tables[0]!;
    const request = {
      principal: 'arn:aws:iam::111122223333:role/Admin',
      action: 'dynamodb:GetItem',
      resource: table.arn,
      context: { 'aws:SourceIp': '192.0.2.10', 'aws:SourceVpce': 'vpce-1a2b3c4d' },
    };
    const admin = {
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] }],
      resourcePolicy: table.policy!,
    };
    expect(evaluate(request, admin).decision).toBe('Allow');
    expect(evaluate({ ...request, context: { ...request.context, 'aws:SourceVpce': 'vpce-other' } }, admin).decision).toBe('ExplicitDeny');
    // Deployed to another account, IsProduction is false and the Deny names the test endpoint.
    const elsewhere = readTemplateFile(FIXTURE, { accountId: '555555555555' });
    expect(elsewhere.tables[0]!.policy!.statements[2]!.conditions[0]!.rawValues).toEqual(['vpce-0000test']);
  });

  test('a role with inline policies that Ref and GetAtt the table', () => {
    expect(model.principals.map((p) => [p.name, p.type, p.arn, p.identityPolicies.map((x) => x.name)])).toEqual([
      ['AppRole', 'role', 'arn:aws:iam::444455556666:role/orders-app', ['AppRole.ReadCentral']],
    ]);
    expect(model.principals[0]!.identityPolicies[0]!.statements[0]!.resource!.patterns.map((p) => p.text)).toEqual([
      'arn:aws:dynamodb:us-east-1:444455556666:table/rbac-central-table',
      'arn:aws:dynamodb:us-east-1:444455556666:table/rbac-central-table/index/*',
    ]);
  });
});

describe("the announcement's examples deployed through a CloudFormation YAML template", () => {
  const central = readTemplateFile(FIXTURE, {
    accountId: '444455556666',
    resourceValues: { 'CentralTable.StreamLabel': '2024-01-11T16:35:51.514' },
  }).tables[0]!;
  const tenant = readTemplateFile('test/fixtures/templates/announcement-3.yaml', { accountId: '222222222222' }).tables[0]!;

  test.each([
    [1, () => central.policy!],
    [2, () => central.stream!.policy!],
    [3, () => tenant.policy!],
    [4, () => central.policy!],
  ] as const)('example %i: the same verdicts as the standalone file', (example, deployed) => {
    const expected = verdicts(standalone(example), example);
    expect(verdicts(deployed(), example)).toEqual(expected);
    expect(new Set(expected.map((v) => v.split(' ')[0])).size).toBeGreaterThan(1);
  });

  test('the tables are the ones the standalone policies name', () => {
    expect([central.arn, central.stream!.arn, tenant.arn]).toEqual([TABLE_444, STREAM_444, TABLE_222]);
  });
});

describe('JSON templates: the long forms fail the same way, at their line', () => {
  /** A JSON template whose table policy's condition value is `value`, one key per line. */
  function jsonWith(value: unknown): string {
    const statement = {
      Effect: 'Allow',
      Principal: { AWS: '111122223333' },
      Action: 'dynamodb:GetItem',
      Resource: '*',
      Condition: { StringLike: { 'aws:PrincipalTag/team': value } },
    };
    return JSON.stringify(
      {
        Resources: {
          Orders: {
            Type: 'AWS::DynamoDB::Table',
            Properties: { TableName: 'orders', ResourcePolicy: { PolicyDocument: { Version: '2012-10-17', Statement: [statement] } } },
          },
        },
      },
      null,
      2,
    );
  }

  // Where the error points: the function's value, or the argument that is wrong.
  const FUNCTION = '"aws:PrincipalTag/team": {';
  test.each([
    ['Ref', { Ref: 'Nope' }, /Ref Nope: no parameter or resource/, FUNCTION],
    [
      'Fn::GetAtt',
      { 'Fn::GetAtt': ['Orders', 'Nope'] },
      /Fn::GetAtt Orders\.Nope \(AWS::DynamoDB::Table\) is known only after deployment/,
      FUNCTION,
    ],
    ['Fn::Sub', { 'Fn::Sub': '${Nope}' }, /Ref Nope: no parameter or resource/, FUNCTION],
    [
      'Fn::ImportValue',
      { 'Fn::ImportValue': 'Other' },
      /Fn::ImportValue Other: the value another stack exports is not known offline/,
      FUNCTION,
    ],
    ['Fn::If', { 'Fn::If': ['Nope', 'a', 'b'] }, /the condition Nope is not declared/, '"Nope"'],
    ['Fn::FindInMap', { 'Fn::FindInMap': ['M', 'a', 'b'] }, /Fn::FindInMap names the mapping M/, FUNCTION],
    ['Fn::Select', { 'Fn::Select': ['3', ['a']] }, /Fn::Select index 3 is outside the list of 1 values/, '"3"'],
    ['Fn::Join', { 'Fn::Join': [',', 'a'] }, /the values of Fn::Join is a list of text/, '"a"'],
    ['Fn::Split', { 'Fn::Split': ['', 'a'] }, /the delimiter of Fn::Split is not empty/, '""'],
    ['Fn::GetAZs', { 'Fn::GetAZs': '' }, /Fn::GetAZs us-east-1: the zones of an account are not known offline/, FUNCTION],
  ])('%s', (_name, value, message, at) => {
    const text = jsonWith(value);
    const error = templateErrorOf(() => readTemplateText(text, 't.json'));
    expect(error.message).toMatch(message);
    const line = text.split('\n').findIndex((l) => l.trim().startsWith(at)) + 1;
    expect(line).toBeGreaterThan(0);
    expect(error.issues[0]!.line).toBe(line);
    expect(error.message.startsWith(`t.json:${line}:`)).toBe(true);
  });
});
