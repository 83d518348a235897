/**
 * What a template deploys, as far as access is concerned: tables with their resource policies,
 * the principals with their identity policies and boundaries, SCPs and RCPs, VPC endpoint
 * policies. Plain data, the same whether it came from CloudFormation, CDK or a Terraform plan.
 */
import type { Policy } from '../policy/model';

/** Where a resource, or a policy of it, was written. */
export interface TemplateSite {
  readonly template: string;
  /** Logical id (CloudFormation) or address (Terraform). */
  readonly resource: string;
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
}

export interface DeployedTable {
  /** The logical id (or Terraform address) that names it in scenarios and reports. */
  readonly name: string;
  readonly tableName: string;
  readonly arn: string;
  readonly policy: Policy | undefined;
  readonly stream: { readonly arn: string; readonly policy: Policy | undefined } | undefined;
  readonly site: TemplateSite;
}

export interface DeployedPrincipal {
  readonly name: string;
  readonly type: 'role' | 'user';
  readonly arn: string;
  readonly identityPolicies: readonly Policy[];
  readonly permissionBoundary: Policy | undefined;
  readonly site: TemplateSite;
}

export interface DeployedOrganizationPolicy {
  readonly name: string;
  readonly kind: 'scp' | 'rcp';
  readonly policy: Policy;
  /** Roots, OUs and accounts it is attached to, as written. */
  readonly targets: readonly string[];
  readonly site: TemplateSite;
}

export interface DeployedEndpoint {
  readonly name: string;
  readonly endpointId: string;
  readonly serviceName: string | undefined;
  readonly policy: Policy;
  readonly site: TemplateSite;
}

/**
 * A value AWS chooses at deployment (a generated name, a stream label, an endpoint id) that the
 * template does not fix and the options did not give: a fixed stand-in is used, and said.
 */
export interface StandIn {
  readonly resource: string;
  readonly attribute: string;
  readonly value: string;
  readonly template: string;
}

/** A value a Terraform plan knows only after apply: what depends on it is left out, and said. */
export interface UnknownValue {
  readonly resource: string;
  readonly attribute: string;
  readonly template: string;
  /** What could not be read because of it. */
  readonly consequence: string;
}

export interface DeployedPolicies {
  /** The template (or plan, with `(before)`/`(after)`) this was read from. */
  readonly source: string;
  readonly tables: readonly DeployedTable[];
  readonly principals: readonly DeployedPrincipal[];
  readonly organizationPolicies: readonly DeployedOrganizationPolicy[];
  readonly vpcEndpoints: readonly DeployedEndpoint[];
  readonly standIns: readonly StandIn[];
  /** Values known only after apply (Terraform plans); empty for templates. */
  readonly unknowns: readonly UnknownValue[];
  /** The data package that gave AWS managed policies, with its version, when one was used. */
  readonly managedPolicyData: string | undefined;
}

/** Every policy the model holds, in a fixed order. */
export function allPolicies(model: DeployedPolicies): Policy[] {
  const out: Policy[] = [];
  for (const table of model.tables) {
    if (table.policy) out.push(table.policy);
    if (table.stream?.policy) out.push(table.stream.policy);
  }
  for (const principal of model.principals) {
    out.push(...principal.identityPolicies);
    if (principal.permissionBoundary) out.push(principal.permissionBoundary);
  }
  for (const org of model.organizationPolicies) out.push(org.policy);
  for (const endpoint of model.vpcEndpoints) out.push(endpoint.policy);
  return [...new Set(out)];
}

/**
 * A model whose names carry a prefix: the stacks of an assembly reuse logical ids (CDK derives
 * them from the construct path within the stack), so merged stacks are named `Stack/LogicalId`.
 */
export function qualifyNames(model: DeployedPolicies, prefix: string): DeployedPolicies {
  const named = <T extends { readonly name: string }>(items: readonly T[]): T[] =>
    items.map((item) => ({ ...item, name: `${prefix}/${item.name}` }));
  return {
    ...model,
    tables: named(model.tables),
    principals: named(model.principals),
    organizationPolicies: named(model.organizationPolicies),
    vpcEndpoints: named(model.vpcEndpoints),
  };
}

/** Models of several templates (a CDK assembly's stacks) as one. */
export function mergeDeployed(source: string, models: readonly DeployedPolicies[]): DeployedPolicies {
  const data = models.map((m) => m.managedPolicyData).find((d) => d !== undefined);
  return {
    source,
    tables: models.flatMap((m) => m.tables),
    principals: models.flatMap((m) => m.principals),
    organizationPolicies: models.flatMap((m) => m.organizationPolicies),
    vpcEndpoints: models.flatMap((m) => m.vpcEndpoints),
    standIns: models.flatMap((m) => m.standIns),
    unknowns: models.flatMap((m) => m.unknowns),
    managedPolicyData: data,
  };
}
