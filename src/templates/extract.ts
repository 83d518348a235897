/**
 * The policies a CloudFormation template deploys, each tied to what it is attached to: table and
 * stream resource policies (tables and global table replicas), the identity policies and boundary
 * of each role and user (inline, `AWS::IAM::Policy`, managed policies of the template or of AWS,
 * group policies), SCPs and RCPs, VPC endpoint policies, and the roles SAM creates for functions.
 */
import type { Node } from 'yaml';
import { compilePolicy } from '../policy/compile';
import { PolicyError } from '../policy/errors';
import type { Policy, PolicyKind } from '../policy/model';
import { formatPath, type PathSegment, type SourceText } from '../source/document';
import { collectIssues, type CloudFormationTemplate, type TemplateResource } from './cloudformation';
import { TemplateError, type TemplateIssueInput } from './errors';
import { tableArn } from './identities';
import { ManagedPolicies } from './managed-policies';
import type {
  DeployedEndpoint,
  DeployedOrganizationPolicy,
  DeployedPolicies,
  DeployedPrincipal,
  DeployedTable,
  TemplateSite,
} from './model';
import { describeResolved, resolvedSource, type Resolved } from './resolved';

interface Located {
  readonly value: Resolved;
  readonly node: Node;
  readonly path: PathSegment[];
}

/** Attachments by name, as `AWS::IAM::Policy` and `ManagedPolicy` write them. */
interface Attached {
  readonly policy: Policy;
  readonly roles: readonly string[];
  readonly users: readonly string[];
  readonly groups: readonly string[];
}

/** Policy errors of a document in a template become template issues at the template's lines. */
function asTemplateIssues(
  error: PolicyError,
  template: string,
  resource: string,
  documentPath: readonly PathSegment[],
): TemplateIssueInput[] {
  return error.issues.map((issue) => ({
    code: issue.code,
    message: issue.message,
    template,
    resource,
    path: [formatPath(documentPath), issue.location.path].filter((p) => p !== '').join('.'),
    ...(issue.location.line !== undefined ? { line: issue.location.line, column: issue.location.column ?? 1 } : {}),
  }));
}

class Extraction {
  private readonly attached: Attached[] = [];
  private readonly groupPolicies = new Map<string, Policy[]>();
  private readonly groupsAdded: { readonly user: string; readonly group: string }[] = [];
  private readonly managed: ManagedPolicies;
  readonly tables: DeployedTable[] = [];
  readonly principals: DeployedPrincipal[] = [];
  readonly organizationPolicies: DeployedOrganizationPolicy[] = [];
  readonly vpcEndpoints: DeployedEndpoint[] = [];

  constructor(private readonly t: CloudFormationTemplate) {
    this.managed = new ManagedPolicies(t.options.managedPolicies);
  }

  run(): DeployedPolicies {
    const created = [...this.t.resources.values()].filter((r) => this.t.isCreated(r));
    const ofType = (...types: string[]) => created.filter((r) => types.includes(r.type));
    // Policies first, so that roles, users and groups find what is attached to them.
    collectIssues(ofType('AWS::IAM::ManagedPolicy'), (r) => this.managedPolicy(r));
    collectIssues(ofType('AWS::IAM::Policy'), (r) => this.standalonePolicy(r));
    collectIssues(ofType('AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy', 'AWS::IAM::GroupPolicy'), (r) => this.embeddedPolicy(r));
    collectIssues(ofType('AWS::IAM::UserToGroupAddition'), (r) => this.groupAddition(r));
    collectIssues(ofType('AWS::IAM::Group'), (r) => this.group(r));
    collectIssues(ofType('AWS::IAM::Role', 'AWS::IAM::User'), (r) => this.principal(r));
    collectIssues(ofType('AWS::Serverless::Function'), (r) => this.samFunction(r));
    collectIssues(ofType('AWS::DynamoDB::Table'), (r) => this.table(r));
    collectIssues(ofType('AWS::DynamoDB::GlobalTable'), (r) => this.globalTable(r));
    collectIssues(ofType('AWS::Organizations::Policy'), (r) => this.organizationPolicy(r));
    collectIssues(ofType('AWS::EC2::VPCEndpoint'), (r) => this.vpcEndpoint(r));
    return {
      source: this.t.template,
      tables: this.tables,
      principals: this.principals,
      organizationPolicies: this.organizationPolicies,
      vpcEndpoints: this.vpcEndpoints,
      standIns: this.t.standIns,
      unknowns: [],
      managedPolicyData: this.managed.used,
    };
  }

  private site(r: TemplateResource, path: readonly PathSegment[] = r.path, node: Node = r.node): TemplateSite {
    const pos = this.t.positionOf(node);
    return {
      template: this.t.template,
      resource: r.logicalId,
      path: formatPath(path),
      ...(pos ? { line: pos.line, column: pos.column } : {}),
    };
  }

  private fail(r: TemplateResource, at: { node: Node | null | undefined; path: readonly PathSegment[] }, message: string): never {
    throw this.t.error(at.path, at.node, message, r.logicalId);
  }

  private at(r: TemplateResource, ...path: string[]): Located | undefined {
    return this.t.resolveAt(r, path);
  }

  private text(r: TemplateResource, ...path: string[]): string | undefined {
    const found = this.at(r, ...path);
    if (!found) return undefined;
    if (typeof found.value !== 'string') this.fail(r, found, `${path.join('.')} is text; found ${describeResolved(found.value)}`);
    return found.value;
  }

  private list(r: TemplateResource, ...path: string[]): { values: readonly Resolved[]; at: Located } | undefined {
    const found = this.at(r, ...path);
    if (!found) return undefined;
    if (!Array.isArray(found.value)) this.fail(r, found, `${path.join('.')} is a list; found ${describeResolved(found.value)}`);
    return { values: found.value, at: found };
  }

  private textList(r: TemplateResource, ...path: string[]): string[] {
    const found = this.list(r, ...path);
    if (!found) return [];
    found.values.forEach((v) => {
      if (typeof v !== 'string') this.fail(r, found.at, `${path.join('.')} is a list of text; found ${describeResolved(v)} in it`);
    });
    return found.values as string[];
  }

  /** Compiles a document written in the template (as a mapping, or as JSON text). */
  private compile(r: TemplateResource, at: Located, name: string, kind: PolicyKind): Policy {
    let source: SourceText;
    if (typeof at.value === 'string') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(at.value);
      } catch (error) {
        this.fail(r, at, `the policy is JSON text that does not parse: ${(error as Error).message}`);
      }
      // Positions inside JSON text are not the template's: every issue points at the text.
      const pos = this.t.positionOf(at.node);
      source = { value: parsed, positionOf: () => pos };
    } else {
      source = resolvedSource(at.value);
    }
    try {
      return compilePolicy(source, { name, kind, file: this.t.template });
    } catch (error) {
      if (error instanceof PolicyError) throw new TemplateError(asTemplateIssues(error, this.t.template, r.logicalId, at.path));
      throw error;
    }
  }

  private document(r: TemplateResource, path: string[], name: string, kind: PolicyKind): Policy | undefined {
    const found = this.at(r, ...path);
    return found ? this.compile(r, found, name, kind) : undefined;
  }

  private managedPolicy(r: TemplateResource): void {
    const policy = this.document(r, ['PolicyDocument'], r.logicalId, 'identity');
    if (!policy) this.fail(r, { node: r.node, path: r.path }, 'an AWS::IAM::ManagedPolicy has a PolicyDocument');
    const arn = this.t.ref(r.logicalId, { node: r.node, path: r.path }, r.logicalId) as string;
    this.managed.define(arn, policy);
    this.attached.push({ policy, roles: this.textList(r, 'Roles'), users: this.textList(r, 'Users'), groups: this.textList(r, 'Groups') });
  }

  private standalonePolicy(r: TemplateResource): void {
    const policy = this.document(r, ['PolicyDocument'], r.logicalId, 'identity');
    if (!policy) this.fail(r, { node: r.node, path: r.path }, 'an AWS::IAM::Policy has a PolicyDocument');
    this.attached.push({ policy, roles: this.textList(r, 'Roles'), users: this.textList(r, 'Users'), groups: this.textList(r, 'Groups') });
  }

  /** `AWS::IAM::RolePolicy`, `UserPolicy`, `GroupPolicy`: an inline policy written as its own resource. */
  private embeddedPolicy(r: TemplateResource): void {
    const policy = this.document(r, ['PolicyDocument'], r.logicalId, 'identity');
    if (!policy) this.fail(r, { node: r.node, path: r.path }, `an ${r.type} has a PolicyDocument`);
    const owner = (property: string) => {
      const name = this.text(r, property);
      return name === undefined ? [] : [name];
    };
    this.attached.push({ policy, roles: owner('RoleName'), users: owner('UserName'), groups: owner('GroupName') });
  }

  /** `AWS::IAM::UserToGroupAddition`: users put in a group outside their own `Groups`. */
  private groupAddition(r: TemplateResource): void {
    const group = this.text(r, 'GroupName');
    if (group === undefined) this.fail(r, { node: r.node, path: r.path }, 'an AWS::IAM::UserToGroupAddition has a GroupName');
    for (const user of this.textList(r, 'Users')) this.groupsAdded.push({ user, group });
  }

  private managedByArnOrFail(r: TemplateResource, arn: string, at: Located, kind: PolicyKind): Policy {
    return this.managed.resolve(arn, kind, (message) => this.fail(r, at, message));
  }

  private managedList(r: TemplateResource, property: string): Policy[] {
    const found = this.list(r, property);
    if (!found) return [];
    return found.values.map((arn, i) => {
      if (typeof arn !== 'string') this.fail(r, found.at, `${property}[${i}] is an ARN; found ${describeResolved(arn)}`);
      return this.managedByArnOrFail(r, arn, found.at, 'identity');
    });
  }

  private inlinePolicies(r: TemplateResource): Policy[] {
    const found = this.list(r, 'Policies');
    if (!found) return [];
    return found.values.map((entry, i) => {
      const path = [...found.at.path, i];
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
        this.fail(r, { node: found.at.node, path }, 'an inline policy has PolicyName and PolicyDocument');
      const { PolicyName: name, PolicyDocument: document } = entry as Record<string, Resolved>;
      if (typeof name !== 'string' || document === undefined)
        this.fail(r, { node: found.at.node, path }, 'an inline policy has PolicyName and PolicyDocument');
      return this.compile(
        r,
        { value: document, node: found.at.node, path: [...path, 'PolicyDocument'] },
        `${r.logicalId}.${name}`,
        'identity',
      );
    });
  }

  private boundary(r: TemplateResource): Policy | undefined {
    const found = this.at(r, 'PermissionsBoundary');
    if (!found) return undefined;
    if (typeof found.value !== 'string')
      this.fail(r, found, `PermissionsBoundary is a managed policy ARN; found ${describeResolved(found.value)}`);
    return this.managedByArnOrFail(r, found.value, found, 'permission-boundary');
  }

  private group(r: TemplateResource): void {
    const name = this.t.ref(r.logicalId, { node: r.node, path: r.path }, r.logicalId) as string;
    this.groupPolicies.set(name, [...this.inlinePolicies(r), ...this.managedList(r, 'ManagedPolicyArns')]);
  }

  private principal(r: TemplateResource): void {
    const type = r.type === 'AWS::IAM::Role' ? 'role' : 'user';
    const at = { node: r.node, path: r.path };
    const name = this.t.ref(r.logicalId, at, r.logicalId) as string;
    const arn = this.t.getAtt(r.logicalId, 'Arn', at, r.logicalId) as string;
    const groups =
      type === 'user' ? [...this.textList(r, 'Groups'), ...this.groupsAdded.filter((a) => a.user === name).map((a) => a.group)] : [];
    const attached = this.attached.filter(
      (a) => (type === 'role' ? a.roles : a.users).includes(name) || a.groups.some((g) => groups.includes(g)),
    );
    this.principals.push({
      name: r.logicalId,
      type,
      arn,
      // A managed policy listed on the role and naming the role itself is one attachment.
      identityPolicies: [
        ...new Set([
          ...this.inlinePolicies(r),
          ...this.managedList(r, 'ManagedPolicyArns'),
          ...attached.map((a) => a.policy),
          ...groups.flatMap((g) => this.groupPolicies.get(g) ?? []),
        ]),
      ],
      permissionBoundary: this.boundary(r),
      site: this.site(r),
    });
  }

  /**
   * A SAM function without `Role` gets a role SAM creates, `<LogicalId>Role`, with the
   * AWSLambdaBasicExecutionRole managed policy and what `Policies` lists: managed policy names or
   * ARNs and policy documents. SAM policy templates are SAM's own expansions: not read.
   */
  private samFunction(r: TemplateResource): void {
    if (this.at(r, 'Role')) return; // The function runs as a role defined elsewhere.
    const logicalId = `${r.logicalId}Role`;
    const at = { node: r.node, path: r.path };
    const place = this.t.place;
    const arn =
      this.t.options.resourceValues?.[`${logicalId}.Arn`] ??
      `arn:${place.partition}:iam::${place.accountId}:role/${this.t.stackName}-${logicalId}-GENERATED`;
    if (this.t.options.resourceValues?.[`${logicalId}.Arn`] === undefined)
      this.t.standIns.push({ resource: logicalId, attribute: 'Arn', value: arn, template: this.t.template });
    const policies: Policy[] = [];
    const basic = `arn:${place.partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`;
    const located = this.at(r, 'Policies');
    policies.push(this.managedByArnOrFail(r, basic, located ?? { value: null, ...at, path: [...r.path] }, 'identity'));
    if (located) {
      const entries = Array.isArray(located.value) ? located.value : [located.value];
      entries.forEach((entry, i) => {
        const path = Array.isArray(located.value) ? [...located.path, i] : located.path;
        if (typeof entry === 'string') {
          const managedArn = entry.startsWith('arn:') ? entry : `arn:${place.partition}:iam::aws:policy/${entry}`;
          policies.push(this.managedByArnOrFail(r, managedArn, { ...located, path }, 'identity'));
        } else if (entry !== null && typeof entry === 'object' && !Array.isArray(entry) && 'Statement' in entry) {
          policies.push(this.compile(r, { value: entry, node: located.node, path }, `${logicalId}.Policies${i}`, 'identity'));
        } else {
          const template = entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? Object.keys(entry)[0] : undefined;
          this.fail(
            r,
            { node: located.node, path },
            `${template ? `the SAM policy template ${template}` : 'this entry'} is expanded by SAM; read the ` +
              `processed template (sam validate --debug / the template SAM deploys) or write the policy ` +
              `document`,
          );
        }
      });
    }
    const boundary = this.at(r, 'PermissionsBoundary');
    if (boundary && typeof boundary.value !== 'string') this.fail(r, boundary, 'PermissionsBoundary is a managed policy ARN');
    this.principals.push({
      name: logicalId,
      type: 'role',
      arn,
      identityPolicies: policies,
      permissionBoundary: boundary ? this.managedByArnOrFail(r, boundary.value as string, boundary, 'permission-boundary') : undefined,
      site: this.site(r),
    });
  }

  private table(r: TemplateResource): void {
    const at = { node: r.node, path: r.path };
    const tableName = this.t.ref(r.logicalId, at, r.logicalId) as string;
    const hasStream = this.at(r, 'StreamSpecification') !== undefined;
    const streamPolicy = this.document(r, ['StreamSpecification', 'ResourcePolicy', 'PolicyDocument'], `${r.logicalId}.Stream`, 'resource');
    this.tables.push({
      name: r.logicalId,
      tableName,
      arn: this.t.getAtt(r.logicalId, 'Arn', at, r.logicalId) as string,
      policy: this.document(r, ['ResourcePolicy', 'PolicyDocument'], r.logicalId, 'resource'),
      stream: hasStream ? { arn: this.t.getAtt(r.logicalId, 'StreamArn', at, r.logicalId) as string, policy: streamPolicy } : undefined,
      site: this.site(r),
    });
  }

  /** Each replica is a table in its region, with its own table and stream policies. */
  private globalTable(r: TemplateResource): void {
    const at = { node: r.node, path: r.path };
    const tableName = this.t.ref(r.logicalId, at, r.logicalId) as string;
    const replicas = this.list(r, 'Replicas');
    if (!replicas) this.fail(r, at, 'an AWS::DynamoDB::GlobalTable has Replicas');
    const hasStream = this.at(r, 'StreamSpecification') !== undefined;
    const label = hasStream ? (this.t.getAtt(r.logicalId, 'StreamArn', at, r.logicalId) as string).split('/stream/')[1] : undefined;
    replicas.values.forEach((replica, i) => {
      const path = [...replicas.at.path, i];
      const entry = replica as Record<string, Resolved>;
      const region = entry?.Region;
      if (typeof region !== 'string') this.fail(r, { node: replicas.at.node, path }, 'a replica has a Region');
      const arn = tableArn({ ...this.t.place, region }, tableName);
      const policyOf = (value: Resolved | undefined, sub: PathSegment[], name: string) =>
        value === undefined ? undefined : this.compile(r, { value, node: replicas.at.node, path: [...path, ...sub] }, name, 'resource');
      const resourcePolicy = (entry.ResourcePolicy as Record<string, Resolved> | undefined)?.PolicyDocument;
      const streamSpec = entry.ReplicaStreamSpecification as Record<string, Resolved> | undefined;
      const streamDocument = (streamSpec?.ResourcePolicy as Record<string, Resolved> | undefined)?.PolicyDocument;
      this.tables.push({
        name: `${r.logicalId}.${region}`,
        tableName,
        arn,
        policy: policyOf(resourcePolicy, ['ResourcePolicy', 'PolicyDocument'], `${r.logicalId}.${region}`),
        stream: hasStream
          ? {
              arn: `${arn}/stream/${label}`,
              policy: policyOf(
                streamDocument,
                ['ReplicaStreamSpecification', 'ResourcePolicy', 'PolicyDocument'],
                `${r.logicalId}.${region}.Stream`,
              ),
            }
          : undefined,
        site: this.site(r, path, replicas.at.node),
      });
    });
  }

  private organizationPolicy(r: TemplateResource): void {
    const type = this.text(r, 'Type');
    const kind = type === 'SERVICE_CONTROL_POLICY' ? 'scp' : type === 'RESOURCE_CONTROL_POLICY' ? 'rcp' : undefined;
    if (!kind) return; // Tag, backup and AI opt-out policies grant nothing.
    const content = this.at(r, 'Content');
    if (!content) this.fail(r, { node: r.node, path: r.path }, 'an AWS::Organizations::Policy has Content');
    this.organizationPolicies.push({
      name: r.logicalId,
      kind,
      policy: this.compile(r, content, r.logicalId, kind),
      targets: this.textList(r, 'TargetIds'),
      site: this.site(r),
    });
  }

  private vpcEndpoint(r: TemplateResource): void {
    const document = this.at(r, 'PolicyDocument');
    if (!document) return; // No policy: the endpoint allows full access; nothing to test here.
    const at = { node: r.node, path: r.path };
    this.vpcEndpoints.push({
      name: r.logicalId,
      endpointId: this.t.ref(r.logicalId, at, r.logicalId) as string,
      serviceName: this.text(r, 'ServiceName'),
      policy: this.compile(r, document, r.logicalId, 'vpc-endpoint'),
      site: this.site(r),
    });
  }
}

/** The policies a read template deploys. Throws `TemplateError` listing every problem. */
export function deployedPolicies(template: CloudFormationTemplate): DeployedPolicies {
  return new Extraction(template).run();
}
