/**
 * A Terraform plan as `terraform show -json plan.out` writes it (format version 1.x): every
 * resource change carries its prior (`before`) and planned (`after`) values, so one plan is a
 * before/after of the policies it deploys. Policies are JSON text in the plan, rendered by
 * `aws_iam_policy_document` data sources or `jsonencode`; a value known only after apply
 * (`after_unknown`) is reported as unknown, and what depends on it left out, never guessed.
 */
import { compilePolicy } from '../policy/compile';
import { checkStringArgument, checkTemplateOptions, TERRAFORM_OPTION_FIELDS } from './options';
import { PolicyError } from '../policy/errors';
import type { Policy, PolicyKind } from '../policy/model';
import { sourceFromValue } from '../source/document';
import { collectIssues } from './cloudformation';
import { TemplateError, type TemplateIssueInput } from './errors';
import { readFileText } from './files';
import { ManagedPolicies, type ManagedPolicyDocuments } from './managed-policies';
import type {
  DeployedEndpoint,
  DeployedOrganizationPolicy,
  DeployedPolicies,
  DeployedPrincipal,
  DeployedTable,
  TemplateSite,
  UnknownValue,
} from './model';

export interface TerraformOptions {
  /** Documents of managed policies attached by ARN and not defined in the plan. */
  readonly managedPolicies?: ManagedPolicyDocuments;
}

export interface TerraformPlan {
  readonly file: string;
  readonly terraformVersion: string | undefined;
  /** What is deployed now (the prior values). */
  readonly before: DeployedPolicies;
  /** What the plan deploys (the planned values). */
  readonly after: DeployedPolicies;
}

type Values = Record<string, unknown>;

interface PlannedResource {
  readonly address: string;
  readonly type: string;
  readonly index: number;
  readonly values: Values;
  /** `after_unknown`: the same shape as the values, `true` where a value is known only after apply. */
  readonly unknown: unknown;
}

function isRecord(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownAt(unknown: unknown, path: readonly (string | number)[]): boolean {
  let current = unknown;
  for (const segment of path) {
    if (current === true) return true;
    if (typeof current !== 'object' || current === null) return false;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current === true;
}

/** The attribute holding the policy document, by resource type. */
const POLICY_ATTRIBUTES: Readonly<Record<string, string>> = {
  aws_dynamodb_resource_policy: 'policy',
  aws_iam_policy: 'policy',
  aws_iam_role_policy: 'policy',
  aws_iam_user_policy: 'policy',
  aws_iam_group_policy: 'policy',
  aws_organizations_policy: 'content',
  aws_vpc_endpoint: 'policy',
};

/** One side of the plan read into the model. */
class PlanSide {
  private readonly managed: ManagedPolicies;
  private readonly unknowns: UnknownValue[] = [];
  private readonly source: string;

  constructor(
    private readonly file: string,
    private readonly side: 'before' | 'after',
    private readonly resources: readonly PlannedResource[],
    options: TerraformOptions,
  ) {
    this.source = `${file} (${side})`;
    this.managed = new ManagedPolicies(options.managedPolicies);
  }

  private site(r: PlannedResource, attribute = ''): TemplateSite {
    return {
      template: this.file,
      resource: r.address,
      path: `resource_changes[${r.index}].change.${this.side}${attribute ? `.${attribute}` : ''}`,
    };
  }

  private fail(r: PlannedResource, attribute: string, message: string): never {
    throw new TemplateError([{ message, template: this.file, resource: r.address, path: this.site(r, attribute).path }]);
  }

  private unknown(r: PlannedResource, attribute: string, consequence: string): void {
    if (this.unknowns.some((u) => u.resource === r.address && u.attribute === attribute)) return;
    this.unknowns.push({ resource: r.address, attribute, template: this.file, consequence });
  }

  /** A text attribute; undefined when unset, or unknown (then recorded with its consequence). */
  text(r: PlannedResource, path: readonly (string | number)[], consequence: string): string | undefined {
    if (unknownAt(r.unknown, path)) {
      this.unknown(r, path.join('.'), consequence);
      return undefined;
    }
    let value: unknown = r.values;
    for (const segment of path)
      value = isRecord(value) || Array.isArray(value) ? (value as Record<string | number, unknown>)[segment] : undefined;
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') this.fail(r, path.join('.'), `${path.join('.')} is text; found ${typeof value}`);
    return value;
  }

  list(r: PlannedResource, attribute: string, consequence: string): string[] {
    if (unknownAt(r.unknown, [attribute])) {
      this.unknown(r, attribute, consequence);
      return [];
    }
    const value = r.values[attribute];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(r, attribute, `${attribute} is a list`);
    return value.map((_, i) => this.text(r, [attribute, i], consequence)).filter((v): v is string => v !== undefined);
  }

  policy(r: PlannedResource, path: readonly (string | number)[], name: string, kind: PolicyKind): Policy | undefined {
    const text = this.text(r, path, `the policy ${name} is not read`);
    if (text === undefined) return undefined;
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      this.fail(r, path.join('.'), `the policy is not valid JSON: ${(error as Error).message}`);
    }
    try {
      return compilePolicy(sourceFromValue(document), { name, kind, file: this.file });
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      throw new TemplateError(
        error.issues.map((issue): TemplateIssueInput => ({
          code: issue.code,
          message: issue.message,
          template: this.file,
          resource: r.address,
          path: `${this.site(r, path.join('.')).path}.${issue.location.path}`,
        })),
      );
    }
  }

  read(): DeployedPolicies {
    // A policy known only after apply is said, whether or not what it is attached to is known.
    for (const r of this.resources) {
      const attribute = POLICY_ATTRIBUTES[r.type];
      if (attribute && unknownAt(r.unknown, [attribute])) this.unknown(r, attribute, `the policy ${r.address} is not read`);
    }
    const ofType = (...types: string[]) => this.resources.filter((r) => types.includes(r.type));
    // Managed policies first: roles and users find them by ARN.
    collectIssues(ofType('aws_iam_policy'), (r) => {
      const arn = this.text(r, ['arn'], 'the roles it is attached to do not get it');
      const policy = this.policy(r, ['policy'], r.address, 'identity');
      if (arn && policy) this.managed.define(arn, policy);
    });
    const tables = this.tables();
    const principals = [...this.principals('aws_iam_role', 'role'), ...this.principals('aws_iam_user', 'user')];
    return {
      source: this.source,
      tables,
      principals,
      organizationPolicies: this.organizationPolicies(),
      vpcEndpoints: this.vpcEndpoints(),
      standIns: [],
      unknowns: this.unknowns,
      managedPolicyData: this.managed.used,
    };
  }

  private tables(): DeployedTable[] {
    const byArn = new Map<
      string,
      { name: string; tableName: string; arn: string; policy?: Policy; stream?: { arn: string; policy?: Policy }; site: TemplateSite }
    >();
    const streamOwner = new Map<string, string>();
    collectIssues(
      this.resources.filter((r) => r.type === 'aws_dynamodb_table'),
      (r) => {
        const arn = this.text(r, ['arn'], "the table's policy and requests cannot name it");
        const tableName = this.text(r, ['name'], 'the table is not read');
        if (!arn || !tableName) return;
        const streamArn = r.values.stream_enabled === true ? this.text(r, ['stream_arn'], 'the stream is not read') : undefined;
        byArn.set(arn, { name: r.address, tableName, arn, ...(streamArn ? { stream: { arn: streamArn } } : {}), site: this.site(r) });
        if (streamArn) streamOwner.set(streamArn, arn);
      },
    );
    collectIssues(
      this.resources.filter((r) => r.type === 'aws_dynamodb_resource_policy'),
      (r) => {
        const target = this.text(r, ['resource_arn'], 'the policy is not tied to its table');
        const policy = this.policy(r, ['policy'], r.address, 'resource');
        if (!target || !policy) return;
        const isStream = target.includes('/stream/');
        const tableArn = isStream ? (streamOwner.get(target) ?? target.slice(0, target.indexOf('/stream/'))) : target;
        let table = byArn.get(tableArn);
        if (!table) {
          // A table of another configuration or account: known by the ARN the policy names.
          table = { name: r.address, tableName: tableArn.slice(tableArn.indexOf(':table/') + 7), arn: tableArn, site: this.site(r) };
          byArn.set(tableArn, table);
        }
        if (isStream) table.stream = { arn: target, policy };
        else table.policy = policy;
      },
    );
    return [...byArn.values()].map((t) => ({
      name: t.name,
      tableName: t.tableName,
      arn: t.arn,
      policy: t.policy,
      stream: t.stream ? { arn: t.stream.arn, policy: t.stream.policy } : undefined,
      site: t.site,
    }));
  }

  private principals(type: 'aws_iam_role' | 'aws_iam_user', kind: 'role' | 'user'): DeployedPrincipal[] {
    const out: DeployedPrincipal[] = [];
    const key = kind === 'role' ? 'role' : 'user';
    const attachments = this.resources.filter(
      (r) => r.type === `aws_iam_${kind}_policy_attachment` || r.type === 'aws_iam_policy_attachment',
    );
    const inlineResources = this.resources.filter((r) => r.type === `aws_iam_${kind}_policy`);
    collectIssues(
      this.resources.filter((r) => r.type === type),
      (r) => {
        const name = this.text(r, ['name'], `the ${kind}'s policies are not read`);
        const arn = this.text(r, ['arn'], `the ${kind} is not read: its ARN is known only after apply`);
        if (!name || !arn) return;
        const policies: Policy[] = [];
        const inline = Array.isArray(r.values.inline_policy) ? r.values.inline_policy : [];
        inline.forEach((_, i) => {
          const policyName = this.text(r, ['inline_policy', i, 'name'], 'an inline policy is not read') ?? `inline${i}`;
          const policy = this.policy(r, ['inline_policy', i, 'policy'], `${r.address}.${policyName}`, 'identity');
          if (policy) policies.push(policy);
        });
        for (const arnOf of this.list(r, 'managed_policy_arns', 'a managed policy is not read')) {
          policies.push(this.managed.resolve(arnOf, 'identity', (message) => this.fail(r, 'managed_policy_arns', message)));
        }
        for (const own of inlineResources) {
          if (this.text(own, [key], 'the policy is not tied to its principal') !== name) continue;
          const policy = this.policy(own, ['policy'], own.address, 'identity');
          if (policy) policies.push(policy);
        }
        for (const attachment of attachments) {
          const names =
            attachment.type === 'aws_iam_policy_attachment'
              ? this.list(attachment, `${key}s`, 'an attachment is not read')
              : [this.text(attachment, [key], 'an attachment is not read')];
          if (!names.includes(name)) continue;
          const policyArn = this.text(attachment, ['policy_arn'], 'an attached policy is not read');
          if (policyArn)
            policies.push(this.managed.resolve(policyArn, 'identity', (message) => this.fail(attachment, 'policy_arn', message)));
        }
        if (kind === 'user') policies.push(...this.groupPolicies(name));
        const boundaryArn = this.text(r, ['permissions_boundary'], 'the permissions boundary is not read');
        out.push({
          name: r.address,
          type: kind,
          arn,
          identityPolicies: [...new Set(policies)],
          permissionBoundary: boundaryArn
            ? this.managed.resolve(boundaryArn, 'permission-boundary', (message) => this.fail(r, 'permissions_boundary', message))
            : undefined,
          site: this.site(r),
        });
      },
    );
    return out;
  }

  /** The policies of the groups a user is in: their inline policies and the managed policies attached to them. */
  private groupPolicies(user: string): Policy[] {
    const of = (type: string) => this.resources.filter((r) => r.type === type);
    const groups = new Set<string>();
    for (const m of of('aws_iam_user_group_membership')) {
      if (this.text(m, ['user'], 'a group membership is not read') === user)
        for (const g of this.list(m, 'groups', 'a group membership is not read')) groups.add(g);
    }
    for (const m of of('aws_iam_group_membership')) {
      const group = this.text(m, ['group'], 'a group membership is not read');
      if (group !== undefined && this.list(m, 'users', 'a group membership is not read').includes(user)) groups.add(group);
    }
    const out: Policy[] = [];
    for (const g of of('aws_iam_group_policy')) {
      if (!groups.has(this.text(g, ['group'], 'a group policy is not read') ?? '')) continue;
      const policy = this.policy(g, ['policy'], g.address, 'identity');
      if (policy) out.push(policy);
    }
    for (const a of [...of('aws_iam_group_policy_attachment'), ...of('aws_iam_policy_attachment')]) {
      const names =
        a.type === 'aws_iam_policy_attachment'
          ? this.list(a, 'groups', 'an attachment is not read')
          : [this.text(a, ['group'], 'an attachment is not read')];
      if (!names.some((n) => n !== undefined && groups.has(n))) continue;
      const policyArn = this.text(a, ['policy_arn'], 'an attached policy is not read');
      if (policyArn) out.push(this.managed.resolve(policyArn, 'identity', (message) => this.fail(a, 'policy_arn', message)));
    }
    return out;
  }

  private organizationPolicies(): DeployedOrganizationPolicy[] {
    const out: DeployedOrganizationPolicy[] = [];
    const attachments = this.resources.filter((r) => r.type === 'aws_organizations_policy_attachment');
    collectIssues(
      this.resources.filter((r) => r.type === 'aws_organizations_policy'),
      (r) => {
        const type = this.text(r, ['type'], 'the policy is not read') ?? 'SERVICE_CONTROL_POLICY';
        const kind = type === 'SERVICE_CONTROL_POLICY' ? 'scp' : type === 'RESOURCE_CONTROL_POLICY' ? 'rcp' : undefined;
        if (!kind) return;
        const policy = this.policy(r, ['content'], r.address, kind);
        if (!policy) return;
        const id = this.text(r, ['id'], 'its attachments are not read');
        const targets = attachments
          .filter((a) => id !== undefined && this.text(a, ['policy_id'], 'an attachment is not read') === id)
          .map((a) => this.text(a, ['target_id'], 'an attachment is not read'))
          .filter((t): t is string => t !== undefined);
        out.push({ name: r.address, kind, policy, targets, site: this.site(r) });
      },
    );
    return out;
  }

  private vpcEndpoints(): DeployedEndpoint[] {
    const out: DeployedEndpoint[] = [];
    collectIssues(
      this.resources.filter((r) => r.type === 'aws_vpc_endpoint'),
      (r) => {
        const policy = this.policy(r, ['policy'], r.address, 'vpc-endpoint');
        const id = this.text(r, ['id'], 'the endpoint policy is not tied to its endpoint');
        if (!policy || !id) return;
        out.push({
          name: r.address,
          endpointId: id,
          serviceName: this.text(r, ['service_name'], "the endpoint's service is not read"),
          policy,
          site: this.site(r),
        });
      },
    );
    return out;
  }
}

/** Reads `terraform show -json` output given as text. */
export function readTerraformPlanText(text: string, file: string, options: TerraformOptions = {}): TerraformPlan {
  checkStringArgument(text, 'text');
  checkStringArgument(file, 'file');
  checkTemplateOptions(options, TERRAFORM_OPTION_FIELDS);
  return terraformPlanOf(text, file, options);
}

/** `readTerraformPlanText` with options already checked (`readDeployed` hands on a wider set). */
export function terraformPlanOf(text: string, file: string, options: TerraformOptions): TerraformPlan {
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch (error) {
    throw new TemplateError([{ message: `the plan is not valid JSON: ${(error as Error).message}`, template: file, path: '' }]);
  }
  if (!isRecord(plan) || typeof plan.format_version !== 'string' || !Array.isArray(plan.resource_changes)) {
    throw new TemplateError([
      {
        message: 'not a Terraform plan: `terraform show -json PLANFILE` writes format_version and resource_changes',
        template: file,
        path: '',
      },
    ]);
  }
  if (!plan.format_version.startsWith('1.')) {
    throw new TemplateError([
      { message: `plan format_version ${plan.format_version} is not read; format 1.x is`, template: file, path: 'format_version' },
    ]);
  }
  const side = (which: 'before' | 'after'): PlannedResource[] =>
    (plan.resource_changes as unknown[]).flatMap((change, index): PlannedResource[] => {
      if (!isRecord(change) || change.mode !== 'managed' || !isRecord(change.change)) return [];
      const values = change.change[which];
      if (!isRecord(values)) return [];
      return [
        {
          address: String(change.address),
          type: String(change.type),
          index,
          values,
          unknown: which === 'after' ? change.change.after_unknown : undefined,
        },
      ];
    });
  return {
    file,
    terraformVersion: typeof plan.terraform_version === 'string' ? plan.terraform_version : undefined,
    before: new PlanSide(file, 'before', side('before'), options).read(),
    after: new PlanSide(file, 'after', side('after'), options).read(),
  };
}

export function readTerraformPlan(file: string, options: TerraformOptions = {}): TerraformPlan {
  checkStringArgument(file, 'file');
  checkTemplateOptions(options, TERRAFORM_OPTION_FIELDS);
  return readTerraformPlanText(readFileText(file), file, options);
}
