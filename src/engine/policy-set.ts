/**
 * The policies in play for a request, by the role each plays. Raw documents are compiled once and
 * remembered (by object identity, or by text), so that a test or a benchmark that passes the same
 * document again pays nothing.
 */
import { describeKind } from '../policy/compile';
import { PolicyError, RequestError } from '../policy/errors';
import { describeArgument } from '../policy/known-keys';
import { checkPolicySetShape } from './request-check';
import { loadPolicy, type PolicyInput } from '../policy/load';
import { isCompiledPolicy, type Policy, type PolicyKind } from '../policy/model';
import { BoundedCache } from '../policy/memo';

/** A level of SCPs or RCPs: one policy, or several attached at the same level (any may allow). */
export type PolicyLevel = PolicyInput | readonly PolicyInput[];

export interface PolicySetInput {
  readonly identityPolicies?: readonly PolicyInput[];
  readonly resourcePolicy?: PolicyInput;
  readonly permissionBoundary?: PolicyInput;
  readonly sessionPolicies?: readonly PolicyInput[];
  /** Levels from the root through the OUs to the account; every level must allow. */
  readonly scps?: readonly PolicyLevel[];
  /** Levels as for SCPs; the full-access RCP stays attached everywhere, so only Deny statements count. */
  readonly rcps?: readonly PolicyLevel[];
  readonly vpcEndpointPolicy?: PolicyInput;
}

export interface PlacedPolicy {
  readonly policy: Policy;
  readonly kind: PolicyKind;
  readonly level: number | undefined;
  /** Position in `PreparedPolicySet.all`: where its statement outcomes are kept during evaluation. */
  readonly slot: number;
}

type Unplaced = Omit<PlacedPolicy, 'slot'> & { slot: number };

export interface PreparedPolicySet {
  readonly identity: readonly PlacedPolicy[];
  readonly resource: PlacedPolicy | undefined;
  readonly boundary: PlacedPolicy | undefined;
  readonly session: readonly PlacedPolicy[];
  readonly scpLevels: readonly (readonly PlacedPolicy[])[];
  readonly rcpLevels: readonly (readonly PlacedPolicy[])[];
  readonly vpcEndpoint: PlacedPolicy | undefined;
  /** All of the above, in a fixed order: the trace's order. */
  readonly all: readonly PlacedPolicy[];
}

const objectCache = new WeakMap<object, Map<string, Policy>>();
const textCache = new BoundedCache<Policy>(512);

function cached(input: PolicyInput, name: string, kind: PolicyKind): Policy {
  const key = `${kind}\u0000${name}`;
  if (typeof input === 'string') {
    return textCache.get(`${key}\u0000${input}`, (text) => loadPolicy(text, { name, kind }), input);
  }
  let byName = objectCache.get(input);
  if (!byName) objectCache.set(input, (byName = new Map()));
  let policy = byName.get(key);
  if (!policy) {
    policy = loadPolicy(input, { name, kind });
    byName.set(key, policy);
  }
  return policy;
}

const WITHOUT_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(['identity', 'permission-boundary', 'session', 'scp']);
const WITH_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(['resource', 'rcp']);

/** A compiled policy may sit in a slot only if its Principal elements fit that slot's kind. */
function checkPlacement(policy: Policy, kind: PolicyKind): void {
  const fits = WITHOUT_PRINCIPAL.has(kind)
    ? !policy.hasPrincipal
    : WITH_PRINCIPAL.has(kind)
      ? policy.statements.every((s) => s.principal !== undefined)
      : true;
  if (fits) return;
  const first = policy.statements[0];
  throw new PolicyError([
    {
      code: WITHOUT_PRINCIPAL.has(kind) ? 'principal-not-allowed' : 'principal-required',
      message: WITHOUT_PRINCIPAL.has(kind)
        ? `policy "${policy.name}" names principals, so it is a resource-based policy; it cannot be used as ${describeKind(kind)}`
        : `policy "${policy.name}" has statements without a Principal; it cannot be used as ${describeKind(kind)}`,
      location: {
        policy: policy.name,
        ...(policy.file !== undefined ? { file: policy.file } : {}),
        ...(first?.ref.line !== undefined ? { line: first.ref.line, column: first.ref.column ?? 1 } : {}),
        path: '',
      },
    },
  ]);
}

function place(input: PolicyInput, defaultName: string, kind: PolicyKind, field: string, level?: number): Unplaced {
  if (typeof input !== 'string' && (typeof input !== 'object' || input === null)) {
    throw new RequestError(field, `a policy is a compiled policy, a document object, JSON or YAML text or a file path; found ${describeArgument(input)}`, 'policies');
  }
  const policy = isCompiledPolicy(input) ? input : cached(input, defaultName, kind);
  if (isCompiledPolicy(input)) checkPlacement(policy, kind);
  return { policy, kind, level, slot: -1 };
}

function numbered(base: string, count: number, i: number): string {
  return count === 1 ? base : `${base}-${i + 1}`;
}

function levels(input: readonly PolicyLevel[] | undefined, kind: 'scp' | 'rcp'): Unplaced[][] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) throw new RequestError(`${kind}s`, `is a list of levels (root, OUs, account); found ${describeArgument(input)}`, 'policies');
  // Array.from, not map: a hole in a list is a missing policy, not one to skip.
  return Array.from(input, (level, li) => {
    const list: readonly PolicyInput[] = Array.isArray(level) ? level : [level as PolicyInput];
    return Array.from(list, (p, pi) => place(p, `${kind}-level${li}${list.length > 1 ? `-${pi + 1}` : ''}`, kind, Array.isArray(level) ? `${kind}s[${li}][${pi}]` : `${kind}s[${li}]`, li));
  });
}

export function preparePolicySet(input: PolicySetInput): PreparedPolicySet {
  checkPolicySetShape(input);
  const identityInputs = input.identityPolicies ?? [];
  if (!Array.isArray(identityInputs)) throw new RequestError('identityPolicies', `is a list of policies; found ${describeArgument(identityInputs)}`, 'policies');
  const identity = Array.from(identityInputs, (p, i) => place(p, numbered('identity', identityInputs.length, i), 'identity', `identityPolicies[${i}]`));
  const resource = input.resourcePolicy === undefined ? undefined : place(input.resourcePolicy, 'resource', 'resource', 'resourcePolicy');
  const boundary = input.permissionBoundary === undefined ? undefined : place(input.permissionBoundary, 'permission-boundary', 'permission-boundary', 'permissionBoundary');
  const sessionInputs = input.sessionPolicies ?? [];
  if (!Array.isArray(sessionInputs)) throw new RequestError('sessionPolicies', `is a list of policies; found ${describeArgument(sessionInputs)}`, 'policies');
  const session = Array.from(sessionInputs, (p, i) => place(p, numbered('session', sessionInputs.length, i), 'session', `sessionPolicies[${i}]`));
  const scpLevels = levels(input.scps, 'scp');
  const rcpLevels = levels(input.rcps, 'rcp');
  const vpcEndpoint = input.vpcEndpointPolicy === undefined ? undefined : place(input.vpcEndpointPolicy, 'vpc-endpoint', 'vpc-endpoint', 'vpcEndpointPolicy');
  const all: Unplaced[] = [
    ...scpLevels.flat(),
    ...rcpLevels.flat(),
    ...(vpcEndpoint ? [vpcEndpoint] : []),
    ...(boundary ? [boundary] : []),
    ...session,
    ...identity,
    ...(resource ? [resource] : []),
  ];
  all.forEach((placed, slot) => (placed.slot = slot));
  return { identity, resource, boundary, session, scpLevels, rcpLevels, vpcEndpoint, all };
}
