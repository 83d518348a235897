/**
 * What `expect(subject)` is about: the policies in play, by role and by name.
 *
 * A lone policy with Principal elements is the resource-based policy of the resource it names; the
 * test is about that policy, so the caller's own account is assumed to allow (an identity-based
 * policy that allows everything stands in for it, and failure messages say so). A lone policy
 * without Principal is the identity-based policy of the caller. `policySet({...})` describes a whole
 * situation and is evaluated exactly as given.
 */
import { renamePolicy } from '../src/policy/rename';
import { findPrincipal, findTable, readDeployed, type ReadDeployedOptions } from '../src/templates/index';
import type { PolicyLevel, PolicySetInput } from '../src/engine/policy-set';
import { loadPolicy, type PolicyInput } from '../src/policy/load';
import { ASSUMED_IDENTITY, loneResourcePolicySet } from '../src/engine/lone-resource-policy';
import { isCompiledPolicy, type Policy, type PolicyKind } from '../src/policy/model';
import { describeValue, isPlainObject, MatcherArgumentError } from './argument-error';
import { firstConcreteResource } from '../src/policy/named-resources';
import { closestName } from '../src/util/nearest-name';
import { checkStringArgument, checkTemplateOptions, READ_DEPLOYED_OPTION_FIELDS } from '../src/templates/options';

/** Policies by the role each plays; the names given become the policy names in `decidedBy`. */
export interface PolicySetSpec {
  /** The resource-based policy of the resource under test. */
  readonly resource?: PolicyInput;
  /** The caller's identity-based policies: one, a list, or a record of name to policy. */
  readonly identity?: PolicyInput | readonly PolicyInput[] | Readonly<Record<string, PolicyInput>>;
  /** The caller's permissions boundary. */
  readonly boundary?: PolicyInput;
  /** Session policies passed when the role session was made. */
  readonly session?: PolicyInput | readonly PolicyInput[];
  /** SCP levels from the root through the OUs to the caller's account: each level must allow. */
  readonly scps?: readonly PolicyLevel[];
  /** RCP levels from the root through the OUs to the resource's account: their Deny statements count. */
  readonly rcps?: readonly PolicyLevel[];
  /** The policy of the VPC endpoint the request goes through. */
  readonly vpcEndpoint?: PolicyInput;
}

/** Brands a policy set; `Symbol.for` so that two copies of iamspec (ESM and CJS) recognise each other's. */
export const POLICY_SET: unique symbol = Symbol.for('iamspec.policy-set');

/** A whole situation to test, made by `policySet`. */
export interface PolicySet {
  readonly [POLICY_SET]: Situation;
}

/** The normalised subject of an assertion. */
export interface Situation {
  /** Compiled policies, ready for `evaluate`. */
  readonly policies: PolicySetInput;
  readonly resourcePolicy: Policy | undefined;
  /** True when only a resource-based policy was given and an allow-everything identity policy stands in. */
  readonly assumedIdentity: boolean;
  /** Every policy in play, for checking the statements `decidedBy` names. */
  readonly all: readonly Policy[];
}

export function isPolicySet(value: unknown): value is PolicySet {
  return typeof value === 'object' && value !== null && POLICY_SET in value;
}

const SPEC_KEYS: readonly (keyof PolicySetSpec)[] = ['resource', 'identity', 'boundary', 'session', 'scps', 'rcps', 'vpcEndpoint'];

/** Compiles a policy for its slot. Compiled policies keep their own name unless `forceName` is set. */
function compileFor(input: PolicyInput, name: string, kind: PolicyKind, forceName = false): Policy {
  if (isCompiledPolicy(input)) return forceName ? renamePolicy(input, name) : input;
  if (typeof input !== 'string' && !isPlainObject(input)) {
    throw new MatcherArgumentError(
      `policySet: the ${name} policy is a document, JSON/YAML text, a file path or loadPolicy(...); found ${describeValue(input)}`,
    );
  }
  return loadPolicy(input, { name, kind });
}

function numbered(base: string, count: number, index: number): string {
  return count === 1 ? base : `${base}-${index + 1}`;
}

/** A policy document or compiled policy, as opposed to a record of name to policy. */
function isSinglePolicy(value: unknown): boolean {
  return typeof value === 'string' || isCompiledPolicy(value) || (isPlainObject(value) && 'Statement' in value);
}

function identityPolicies(input: PolicySetSpec['identity']): Policy[] {
  if (input === undefined) return [];
  if (Array.isArray(input)) return input.map((p: PolicyInput, i) => compileFor(p, numbered('identity', input.length, i), 'identity'));
  if (isSinglePolicy(input)) return [compileFor(input as PolicyInput, 'identity', 'identity')];
  if (!isPlainObject(input))
    throw new MatcherArgumentError(
      `policySet: identity is a policy, a list of policies or a record of name to policy; found ${describeValue(input)}`,
    );
  const entries = Object.entries(input as Record<string, PolicyInput>);
  if (entries.length === 0)
    throw new MatcherArgumentError('policySet: identity is an empty record; leave it out for a caller without identity-based policies');
  return entries.map(([name, policy]) => compileFor(policy, name, 'identity', true));
}

function levels(input: readonly PolicyLevel[] | undefined, kind: 'scp' | 'rcp'): Policy[][] {
  if (input === undefined) return [];
  if (!Array.isArray(input))
    throw new MatcherArgumentError(`policySet: ${kind}s is a list of levels, from the root through the OUs to the account`);
  return input.map((level: PolicyLevel, li) => {
    const list: readonly PolicyInput[] = Array.isArray(level) ? level : [level as PolicyInput];
    return list.map((p, pi) => compileFor(p, `${kind}-level${li}${list.length > 1 ? `-${pi + 1}` : ''}`, kind));
  });
}

/**
 * The policies of a whole situation, by role. Compiles them at once, so that a policy that does
 * not load fails here with its file and line; throws `MatcherArgumentError` for a malformed set.
 */
/** evaluate()'s policy-set keys, by the policySet role each is. */
const EVALUATE_NAMES: Readonly<Record<string, string>> = {
  resourcePolicy: 'resource',
  identityPolicies: 'identity',
  permissionBoundary: 'boundary',
  permissionsBoundary: 'boundary',
  sessionPolicies: 'session',
  vpcEndpointPolicy: 'vpcEndpoint',
};

export function policySet(spec: PolicySetSpec): PolicySet {
  if (!isPlainObject(spec as unknown))
    throw new MatcherArgumentError(`policySet takes an object such as { resource, identity }; found ${describeValue(spec)}`);
  for (const key of Object.keys(spec)) {
    if (!(SPEC_KEYS as readonly string[]).includes(key)) {
      // evaluate()'s names for the same roles are the likeliest slip; then a misspelling.
      const near = Object.hasOwn(EVALUATE_NAMES, key) ? EVALUATE_NAMES[key] : closestName(key, SPEC_KEYS);
      throw new MatcherArgumentError(
        `policySet: "${key}" is not a policy role${near ? ` (did you mean "${near}"?)` : ''}; use ${SPEC_KEYS.join(', ')}`,
      );
    }
  }
  const resource = spec.resource === undefined ? undefined : compileFor(spec.resource, 'resource', 'resource');
  const identity = identityPolicies(spec.identity);
  const boundary = spec.boundary === undefined ? undefined : compileFor(spec.boundary, 'permission-boundary', 'permission-boundary');
  const sessionInputs: readonly PolicyInput[] =
    spec.session === undefined ? [] : Array.isArray(spec.session) ? spec.session : [spec.session as PolicyInput];
  const session = sessionInputs.map((p, i) => compileFor(p, numbered('session', sessionInputs.length, i), 'session'));
  const scps = levels(spec.scps, 'scp');
  const rcps = levels(spec.rcps, 'rcp');
  const vpcEndpoint = spec.vpcEndpoint === undefined ? undefined : compileFor(spec.vpcEndpoint, 'vpc-endpoint', 'vpc-endpoint');

  const all = [
    ...scps.flat(),
    ...rcps.flat(),
    ...(vpcEndpoint ? [vpcEndpoint] : []),
    ...(boundary ? [boundary] : []),
    ...session,
    ...identity,
    ...(resource ? [resource] : []),
  ];
  if (all.length === 0) throw new MatcherArgumentError('policySet: give at least one policy');
  const seen = new Set<string>();
  for (const policy of all) {
    // `policy#Sid` must name one statement, so two policies may not share a name.
    if (seen.has(policy.name))
      throw new MatcherArgumentError(
        `policySet: two policies are named "${policy.name}"; give them different names (an identity record's keys name its policies)`,
      );
    seen.add(policy.name);
  }
  const policies: PolicySetInput = {
    ...(resource ? { resourcePolicy: resource } : {}),
    identityPolicies: identity,
    ...(boundary ? { permissionBoundary: boundary } : {}),
    sessionPolicies: session,
    scps,
    rcps,
    ...(vpcEndpoint ? { vpcEndpointPolicy: vpcEndpoint } : {}),
  };
  return { [POLICY_SET]: { policies, resourcePolicy: resource, assumedIdentity: false, all } };
}

const objectSituations = new WeakMap<object, Situation>();
const textSituations = new Map<string, Situation>();
const TEXT_LIMIT = 256;

function situationOfPolicy(policy: Policy): Situation {
  if (policy.hasPrincipal) {
    return {
      policies: loneResourcePolicySet(policy, 'all'),
      resourcePolicy: policy,
      assumedIdentity: true,
      all: [policy, ASSUMED_IDENTITY],
    };
  }
  return { policies: { identityPolicies: [policy] }, resourcePolicy: undefined, assumedIdentity: false, all: [policy] };
}

/**
 * The situation `expect(received)` describes. Remembered per subject, so that a suite asserting
 * many requests on one policy compiles it once. Throws `PolicyError` for a policy that does not
 * load and `MatcherArgumentError` for a subject that is no policy at all.
 */
export function situationOf(received: unknown): Situation {
  if (isPolicySet(received)) return received[POLICY_SET];
  if (typeof received === 'string') {
    let situation = textSituations.get(received);
    if (!situation) {
      situation = situationOfPolicy(loadPolicy(received));
      if (textSituations.size >= TEXT_LIMIT) textSituations.delete(textSituations.keys().next().value!);
      textSituations.set(received, situation);
    }
    return situation;
  }
  if (isCompiledPolicy(received) || isPlainObject(received)) {
    let situation = objectSituations.get(received);
    if (!situation) {
      situation = situationOfPolicy(loadPolicy(received));
      objectSituations.set(received, situation);
    }
    return situation;
  }
  throw new MatcherArgumentError(
    `expect() takes a policy (a document object, JSON/YAML text, a file path or loadPolicy(...)) or ` +
      `policySet({...}); found ${describeValue(received)}`,
  );
}

export { firstConcreteResource };

export interface FromTemplateOptions extends ReadDeployedOptions {
  /** The table whose resource policy is the resource-based policy (logical id, CDK id without its hash, or Terraform address). */
  readonly resource?: string;
  /** The table whose stream policy is the resource-based policy. */
  readonly stream?: string;
  /** The role (or user) whose identity policies and permissions boundary are the caller's. */
  readonly role?: string;
}

const FROM_TEMPLATE_OPTION_FIELDS = { ...READ_DEPLOYED_OPTION_FIELDS, resource: 'string', stream: 'string', role: 'string' } as const;

/**
 * Policies of a template, CDK assembly or Terraform plan for `policySet(...)`: a table's (or
 * stream's) resource policy, a role's identity policies and boundary, as deployed.
 *
 *   policySet(fromTemplate('cdk.out', { resource: 'OrdersTable', role: 'AppFunctionRole' }))
 */
export function fromTemplate(path: string, options: FromTemplateOptions): Pick<PolicySetSpec, 'resource' | 'identity' | 'boundary'> {
  checkStringArgument(path, 'path');
  if (options === undefined) throw new MatcherArgumentError('fromTemplate: name a table (resource or stream) or a role');
  checkTemplateOptions(options, FROM_TEMPLATE_OPTION_FIELDS);
  const { resource, stream, role, ...read } = options;
  if (resource !== undefined && stream !== undefined) throw new MatcherArgumentError('fromTemplate: give resource or stream, not both');
  if (resource === undefined && stream === undefined && role === undefined)
    throw new MatcherArgumentError('fromTemplate: name a table (resource or stream) or a role');
  const model = readDeployed(path, read);
  const out: { resource?: Policy; identity?: readonly Policy[]; boundary?: Policy } = {};
  const tableName = resource ?? stream;
  if (tableName !== undefined) {
    const table = findTable(model, tableName);
    const policy = resource !== undefined ? table.policy : table.stream?.policy;
    if (!policy)
      throw new MatcherArgumentError(
        `fromTemplate: ${tableName} in ${path} has no ${resource !== undefined ? 'resource' : 'stream'} policy`,
      );
    out.resource = policy;
  }
  if (role !== undefined) {
    const principal = findPrincipal(model, role);
    out.identity = principal.identityPolicies;
    if (principal.permissionBoundary) out.boundary = principal.permissionBoundary;
  }
  return out;
}
