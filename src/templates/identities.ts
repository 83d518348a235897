/**
 * What `Ref` and `Fn::GetAtt` return for the resource types policies are tied to, as CloudFormation
 * documents them: a table's `Ref` is its name and its `Arn` the table ARN; a role's `Ref` is its
 * name and its `Arn` carries its path; a managed policy's `Ref` is already its ARN. A name the
 * template leaves to CloudFormation is generated at deployment: the caller gives it, or a stand-in
 * is used and reported.
 */

/** The account and place a stack deploys to. */
export interface StackPlace {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/** How a resource's identity reads its own properties and the deploy-time values it lacks. */
export interface IdentityInputs {
  readonly logicalId: string;
  readonly place: StackPlace;
  /** A property resolved to text, or undefined when the template does not set it. */
  property(name: string): string | undefined;
  /** A value AWS chooses at deployment: given in the options, or a reported stand-in. */
  deployTime(attribute: string, standIn: () => string): string;
}

interface Identity {
  readonly ref?: (r: IdentityInputs) => string;
  readonly attributes: Readonly<Record<string, (r: IdentityInputs) => string>>;
}

function name(r: IdentityInputs, property: string, standInPrefix: string): string {
  return r.property(property) ?? r.deployTime('Name', () => `${standInPrefix}-${r.logicalId}-GENERATED`);
}

/** IAM paths start and end with `/`; the default is `/`. */
function iamArn(r: IdentityInputs, kind: string, nameProperty: string, stackName: string): string {
  const path = r.property('Path') ?? '/';
  return `arn:${r.place.partition}:iam::${r.place.accountId}:${kind}${path}${name(r, nameProperty, stackName)}`;
}

export function tableArn(place: StackPlace, tableName: string): string {
  return `arn:${place.partition}:dynamodb:${place.region}:${place.accountId}:table/${tableName}`;
}

/** A stream's label is the time it was enabled: known only after deployment. */
function streamArn(r: IdentityInputs, stackName: string): string {
  const label = r.deployTime('StreamLabel', () => '1970-01-01T00:00:00.000');
  return `${tableArn(r.place, name(r, 'TableName', stackName))}/stream/${label}`;
}

export function identities(stackName: string): Readonly<Record<string, Identity>> {
  const table: Identity = {
    ref: (r) => name(r, 'TableName', stackName),
    attributes: {
      Arn: (r) => tableArn(r.place, name(r, 'TableName', stackName)),
      StreamArn: (r) => streamArn(r, stackName),
    },
  };
  const managedPolicy: Identity = {
    ref: (r) => iamArn(r, 'policy', 'ManagedPolicyName', stackName),
    attributes: { PolicyArn: (r) => iamArn(r, 'policy', 'ManagedPolicyName', stackName) },
  };
  return {
    'AWS::DynamoDB::Table': table,
    'AWS::DynamoDB::GlobalTable': table,
    // SAM's simple table is a DynamoDB table: its Ref is the table name.
    'AWS::Serverless::SimpleTable': { ref: table.ref!, attributes: {} },
    'AWS::IAM::Role': { ref: (r) => name(r, 'RoleName', stackName), attributes: { Arn: (r) => iamArn(r, 'role', 'RoleName', stackName) } },
    'AWS::IAM::User': { ref: (r) => name(r, 'UserName', stackName), attributes: { Arn: (r) => iamArn(r, 'user', 'UserName', stackName) } },
    'AWS::IAM::Group': {
      ref: (r) => name(r, 'GroupName', stackName),
      attributes: { Arn: (r) => iamArn(r, 'group', 'GroupName', stackName) },
    },
    'AWS::IAM::ManagedPolicy': managedPolicy,
    'AWS::EC2::VPCEndpoint': {
      ref: (r) => r.deployTime('Id', () => `vpce-${r.logicalId.toLowerCase().replace(/[^a-z0-9]/g, '')}generated`),
      attributes: {},
    },
    'AWS::Lambda::Function': {
      ref: (r) => name(r, 'FunctionName', stackName),
      attributes: {
        Arn: (r) => `arn:${r.place.partition}:lambda:${r.place.region}:${r.place.accountId}:function:${name(r, 'FunctionName', stackName)}`,
      },
    },
  };
}

/** The partition and URL suffix of a region. */
export function partitionOf(region: string): { partition: string; urlSuffix: string } {
  if (region.startsWith('cn-')) return { partition: 'aws-cn', urlSuffix: 'amazonaws.com.cn' };
  if (region.startsWith('us-gov-')) return { partition: 'aws-us-gov', urlSuffix: 'amazonaws.com' };
  return { partition: 'aws', urlSuffix: 'amazonaws.com' };
}
