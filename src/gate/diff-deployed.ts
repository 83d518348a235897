/**
 * The diff of two versions of what infrastructure code deploys (two template versions, a CDK
 * assembly before and after a change, a Terraform plan's prior and planned values): per table, the
 * table and stream policies compared as resource-based policies; and the deployment as a world
 * whose principals are its roles and users, so that an identity change counts (a role that gains
 * `dynamodb:*` on a table of its account is a widening).
 */
import type { Policy } from '../policy/model';
import type { Scenario, ScenarioPrincipal, ScenarioResource } from '../scenarios/model';
import type { DeployedPolicies, DeployedTable } from '../templates/index';
import { diffPolicies, type PolicyDiff } from './diff';
import { diffWorlds } from './diff-worlds';

export interface DeployedDiff {
  /** What is compared, e.g. `CentralTable (table policy)` or `roles and users`. */
  readonly title: string;
  readonly diff: PolicyDiff;
}

/** The deployment as a scenario world: each role or user with its policies, each table and stream with its own. */
export function worldOfDeployed(model: DeployedPolicies): Scenario {
  const principals = new Map<string, ScenarioPrincipal>();
  for (const p of model.principals) {
    principals.set(p.name, {
      name: p.name,
      description: { arn: p.arn },
      caller: {
        identityPolicies: p.identityPolicies,
        permissionBoundary: p.permissionBoundary,
        sessionPolicies: [],
        scps: [],
        vpcEndpointPolicy: undefined,
      },
      context: {},
      region: undefined,
    });
  }
  const resources: ScenarioResource[] = [];
  const resource = (name: string, arn: string, policy: Policy | undefined) =>
    resources.push({ name, arn, side: { resourcePolicy: policy, rcps: [] }, keySchema: undefined, tags: {} });
  for (const table of model.tables) {
    resource(table.name, table.arn, table.policy);
    if (table.stream) resource(`${table.name}.Stream`, table.stream.arn, table.stream.policy);
  }
  return {
    file: model.source,
    path: model.source,
    description: model.source,
    principals,
    resources,
    defaultRcps: [],
    cases: [],
    policyFiles: [],
  };
}

function sameDocument(a: Policy | undefined, b: Policy | undefined): boolean {
  return JSON.stringify(a?.document) === JSON.stringify(b?.document);
}

/** Compares two versions of a deployment. Tables are matched by name; a table of one version only is compared with no policy. */
export function diffDeployed(before: DeployedPolicies, after: DeployedPolicies): DeployedDiff[] {
  const out: DeployedDiff[] = [];
  const names = [...new Set([...before.tables, ...after.tables].map((t) => t.name))];
  const find = (model: DeployedPolicies, name: string): DeployedTable | undefined => model.tables.find((t) => t.name === name);
  for (const name of names) {
    const [old, now] = [find(before, name), find(after, name)];
    const sides = [
      ['table policy', old?.policy, now?.policy],
      ['stream policy', old?.stream?.policy, now?.stream?.policy],
    ] as const;
    for (const [what, oldPolicy, newPolicy] of sides) {
      if ((!oldPolicy && !newPolicy) || sameDocument(oldPolicy, newPolicy)) continue;
      out.push({
        title: `${name} (${what})`,
        diff: diffPolicies(oldPolicy ?? null, newPolicy ?? null, { evaluateAs: 'resource', names: { old: name, new: name } }),
      });
    }
  }
  if (before.principals.length + after.principals.length > 0) {
    out.push({
      title: 'roles and users, with every policy of the deployment in play',
      diff: diffWorlds(worldOfDeployed(before), worldOfDeployed(after)),
    });
  }
  return out;
}
