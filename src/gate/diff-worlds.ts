/**
 * `diffWorlds(old, new)`: the diff of two versions of a whole scenario world (a `*.iam.yaml` file):
 * every request of one of its principals whose decision changes when all the world's policies are
 * in play, each principal with its own identity-side policies and each resource with its own
 * resource-based policy, as `iamspec test` evaluates them.
 *
 * The request classes are built as for a policy diff (`request-classes.ts`), from the statements of
 * every policy of both versions, with two differences: the callers are the world's principals (each
 * kept apart, since each brings its own policies) and the resources include the named ones (kept
 * apart by the resource-side policies that govern them). A principal that exists in one version
 * only cannot be compared and is listed, never dropped silently.
 */
import { parseDynamoArn, tableArnOf } from '../dynamodb/arn';
import type { PolicyTrace } from '../engine/decision-types';
import { evaluate } from '../engine/evaluate';
import type { PolicySetInput } from '../engine/policy-set';
import type { RequestInput } from '../engine/request-types';
import type { Scenario, ScenarioPrincipal, ScenarioResource } from '../scenarios/model';
import { compareOverSpace, side, type DiffOptions, type PolicyDiff } from './diff';
import { policiesOfScenario } from './mutate';
import { buildClassSpace, type FixedCaller } from '../request-space/request-classes';

const DEFAULT_MAX_CONTEXTS = 20_000;
const DEFAULT_MAX_EVALUATIONS = 1_000_000;
const DEFAULT_SIDE = 'unnamed resource';

export interface WorldDiff extends PolicyDiff {
  /** Principals of one version only: their requests were not compared. */
  readonly principalsOnlyIn: { readonly old: readonly string[]; readonly new: readonly string[] };
}

/** The named resource that governs an ARN in a world: itself, or the table of an index. */
function resourceOf(world: Scenario, arn: string): ScenarioResource | undefined {
  const exact = world.resources.find((r) => r.arn === arn);
  if (exact || !arn.includes('/index/')) return exact;
  const parsed = parseDynamoArn(arn);
  if (!parsed.ok || parsed.resource.type !== 'index') return undefined;
  const table = tableArnOf(parsed.resource);
  return world.resources.find((r) => r.arn === table);
}

/** The policy set of one principal and one resource, as the scenario runner builds it. */
function policySet(world: Scenario, principal: ScenarioPrincipal, arn: string): PolicySetInput {
  const resource = resourceOf(world, arn);
  const caller = principal.caller;
  return {
    identityPolicies: caller.identityPolicies,
    ...(caller.permissionBoundary ? { permissionBoundary: caller.permissionBoundary } : {}),
    sessionPolicies: caller.sessionPolicies,
    scps: caller.scps,
    ...(caller.vpcEndpointPolicy ? { vpcEndpointPolicy: caller.vpcEndpointPolicy } : {}),
    ...(resource?.side.resourcePolicy ? { resourcePolicy: resource.side.resourcePolicy } : {}),
    rcps: resource ? resource.side.rcps : world.defaultRcps,
  };
}

/** Compares two versions of a scenario world. */
export function diffWorlds(
  oldWorld: Scenario,
  newWorld: Scenario,
  options: Pick<DiffOptions, 'maxContextsPerClass' | 'maxEvaluations'> = {},
): WorldDiff {
  const worlds = [oldWorld, newWorld] as const;
  const names = [...newWorld.principals.keys()].filter((name) => oldWorld.principals.has(name));
  const callers: FixedCaller[] = names.map((name) => {
    const principal = newWorld.principals.get(name)!;
    return { name, principal: principal.description, context: principal.context };
  });
  const resources = [...new Set([...oldWorld.resources, ...newWorld.resources].map((r) => r.arn))];
  const space = buildClassSpace({
    versions: [policiesOfScenario(oldWorld), policiesOfScenario(newWorld)],
    callers,
    resources,
    // Which named resource governs an ARN, in either version: resources governed differently never merge.
    resourceSide: (arn) => worlds.map((w) => resourceOf(w, arn)?.name ?? DEFAULT_SIDE).join('|'),
  });

  // One policy set object per principal, resource side and version, so that the evaluator's cache hits.
  const sets = new Map<string, PolicySetInput>();
  const setFor = (version: 0 | 1, name: string, arn: string): PolicySetInput => {
    const world = worlds[version];
    const key = `${version}\u0000${name}\u0000${resourceOf(world, arn)?.name ?? DEFAULT_SIDE}`;
    let set = sets.get(key);
    if (!set) sets.set(key, (set = policySet(world, world.principals.get(name)!, arn)));
    return set;
  };
  const withPrincipalContext = (request: RequestInput, principal: ScenarioPrincipal): RequestInput => {
    const fixed = principal.context;
    if (Object.keys(fixed).length === 0) return request;
    return { ...request, context: { ...fixed, ...(request.context ?? {}) } };
  };
  const everyTrace = (_trace: PolicyTrace) => true;
  const compared = compareOverSpace(space, {
    decide: (request, triple) => {
      const name = triple.caller.worldName!;
      const arn = request.resource ?? '*';
      return [0, 1].map((v) => {
        const version = v as 0 | 1;
        const principal = worlds[version].principals.get(name)!;
        return evaluate(
          withPrincipalContext(
            {
              ...request,
              principal: principal.description,
              ...(principal.region !== undefined && request.region === undefined ? { region: principal.region } : {}),
            },
            principal,
          ),
          setFor(version, name, arn),
        );
      }) as unknown as readonly [ReturnType<typeof evaluate>, ReturnType<typeof evaluate>];
    },
    describe: (decision) => side(decision, everyTrace),
    useSameRules: false,
    maxContexts: options.maxContextsPerClass ?? DEFAULT_MAX_CONTEXTS,
    maxEvaluations: options.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS,
  });
  const onlyOld = [...oldWorld.principals.keys()].filter((n) => !newWorld.principals.has(n));
  const onlyNew = [...newWorld.principals.keys()].filter((n) => !oldWorld.principals.has(n));
  const notes = [...compared.notes];
  if (onlyOld.length + onlyNew.length > 0) {
    notes.push(
      `principals in one version only were not compared: ` +
        `${[...onlyOld.map((n) => `${n} (old)`), ...onlyNew.map((n) => `${n} (new)`)].join(', ')}`,
    );
  }
  const countStatements = (world: Scenario) => policiesOfScenario(world).reduce((n, p) => n + p.statements.length, 0);
  return {
    old: { name: oldWorld.description ?? oldWorld.file, file: oldWorld.file, statements: countStatements(oldWorld), present: true },
    new: { name: newWorld.description ?? newWorld.file, file: newWorld.file, statements: countStatements(newWorld), present: true },
    evaluatedAs: 'world',
    assumption:
      `evaluated as the scenario world: each of its ${names.length} ` +
      `principal${names.length === 1 ? '' : 's'} with its own policies, each named resource with its ` +
      `own resource-based policy`,
    ...compared,
    exact: compared.exact && notes.length === 0,
    notes,
    principalsOnlyIn: { old: onlyOld, new: onlyNew },
  };
}
