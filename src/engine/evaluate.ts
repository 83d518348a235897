/**
 * `evaluate(request, policies)`: AWS's decision for one request, and which statements made it.
 *
 * The order follows the IAM policy evaluation logic: an applicable Deny in any policy wins; then
 * every guard rail that is present (each SCP level, the VPC endpoint policy) must allow; then the
 * grant must come from the identity side and/or the resource-based policy, combined by the
 * same-account and cross-account rules. The RCP that allows everything stays attached at every
 * level, so RCPs only take away (through their Deny statements).
 */
import type { PolicyKind, StatementRef } from '../policy/model';
import { variableLookup } from './conditions';
import type { Decision, DecisionKind, EvaluationIssue, LedgerEntry, MissingAllow, PolicyTrace, Reason, ReasonCode } from './decision-types';
import { preparePolicySet, type PlacedPolicy, type PolicySetInput, type PreparedPolicySet } from './policy-set';
import { principalMatch, type PrincipalMatch } from './principal';
import { resolveRequest, type ResolvedRequest } from './request';
import type { RequestInput } from './request-types';
import { APPLIES, matchStatement, type MatchEnvironment } from './statement';
import { buildLedger, buildTrace } from './trace';

export interface EvaluateOptions {
  /**
   * Refuse an Allow that rests on a condition key the request did not carry (an `IfExists`,
   * `ForAllValues` or negated operator that held only because the key was absent): such a
   * decision gets an entry in `errors`.
   */
  readonly strict?: boolean;
}

/** Outcomes of every statement of every placed policy, in `PreparedPolicySet.all` order. */
export type Outcomes = readonly (readonly number[])[];

interface Grant {
  readonly statements: StatementRef[];
  /** The strongest way a resource-policy Allow named the caller. */
  readonly match: PrincipalMatch | undefined;
}

const setCache = new WeakMap<PolicySetInput, PreparedPolicySet>();

function prepared(policies: PolicySetInput): PreparedPolicySet {
  let set = setCache.get(policies);
  if (!set) {
    set = preparePolicySet(policies);
    setCache.set(policies, set);
  }
  return set;
}

function refOf(placed: PlacedPolicy, index: number): StatementRef {
  const ref = placed.policy.statements[index]!.ref;
  return ref.kind === placed.kind ? ref : { ...ref, kind: placed.kind };
}

/** Statements of `placed` with the given effect that applied. */
function applied(placed: PlacedPolicy, outcomes: readonly number[], effect: 'Allow' | 'Deny'): StatementRef[] {
  const out: StatementRef[] = [];
  const statements = placed.policy.statements;
  for (let i = 0; i < statements.length; i++) {
    if (outcomes[i] === APPLIES && statements[i]!.effect === effect) out.push(refOf(placed, i));
  }
  return out;
}

function anyAllows(placed: PlacedPolicy, outcomes: readonly number[]): boolean {
  const statements = placed.policy.statements;
  for (let i = 0; i < statements.length; i++) {
    if (outcomes[i] === APPLIES && statements[i]!.effect === 'Allow') return true;
  }
  return false;
}

/** How much a principal match grants by itself within one account (IAM User Guide, evaluation logic). */
function rank(match: PrincipalMatch): number {
  switch (match) {
    case 'account':
      return 1;
    case 'role':
    case 'user-of-federated-session':
      return 2;
    default:
      return 3;
  }
}

class EvaluatedDecision implements Decision {
  private traceCache: readonly PolicyTrace[] | undefined;
  private ledgerCache: readonly LedgerEntry[] | undefined;

  constructor(
    readonly decision: DecisionKind,
    readonly decidedBy: readonly StatementRef[],
    readonly missing: readonly MissingAllow[],
    readonly reason: Reason,
    readonly request: ResolvedRequest,
    readonly errors: readonly EvaluationIssue[],
    private readonly set: PreparedPolicySet,
    private readonly outcomes: Outcomes,
    private readonly env: MatchEnvironment,
  ) {}

  get trace(): readonly PolicyTrace[] {
    return (this.traceCache ??= buildTrace(this.set, this.outcomes, this.env));
  }

  get ledger(): readonly LedgerEntry[] {
    return (this.ledgerCache ??= buildLedger(this.set, this.outcomes, this.env));
  }

  toJSON(): object {
    return {
      decision: this.decision,
      decidedBy: this.decidedBy,
      missing: this.missing,
      reason: this.reason,
      request: { ...this.request, context: Object.fromEntries(this.request.context) },
      trace: this.trace,
      ledger: this.ledger,
      errors: this.errors,
    };
  }
}

function reason(code: ReasonCode, message: string): Reason {
  return { code, message };
}

function names(list: readonly PlacedPolicy[]): string[] {
  return list.map((p) => p.policy.name);
}

/**
 * Decides one request against the policies in play. Synchronous and pure: the same request and
 * policies always give the same decision. Throws `PolicyError` for a policy it cannot read and
 * `RequestError` for a request it cannot read; never decides around either.
 */
export function evaluate(request: RequestInput, policies: PolicySetInput, options: EvaluateOptions = {}): Decision {
  const resolved = resolveRequest(request);
  const set = prepared(policies);
  const env: MatchEnvironment = { request: resolved, lookup: variableLookup(resolved), hasBoundary: set.boundary !== undefined };
  const outcomes: number[][] = set.all.map((placed) => placed.policy.statements.map((s) => matchStatement(s, env)));
  const outcomesOf = new Map<PlacedPolicy, readonly number[]>();
  set.all.forEach((placed, i) => outcomesOf.set(placed, outcomes[i]!));
  const out = (placed: PlacedPolicy) => outcomesOf.get(placed)!;
  const decide = (decision: DecisionKind, decidedBy: StatementRef[], why: Reason, missing: MissingAllow[] = [], errors: EvaluationIssue[] = []) =>
    new EvaluatedDecision(decision, decidedBy, missing, why, resolved, errors, set, outcomes, env);

  // 1. An applicable Deny anywhere wins.
  const denies = set.all.flatMap((placed) => applied(placed, out(placed), 'Deny'));
  if (denies.length > 0) {
    const where = [...new Set(denies.map((d) => d.policy))].join(', ');
    return decide('ExplicitDeny', denies, reason('explicit-deny', `explicitly denied by ${denies.map((d) => `${d.policy}#${d.label}`).join(', ')} (a Deny in ${where} overrides every Allow)`));
  }

  const caller = resolved.caller;
  const principalIsEntity = caller.kind !== 'service' && caller.kind !== 'anonymous';

  // 2. Guard rails: each SCP level of the caller's account, and the VPC endpoint policy.
  if (principalIsEntity) {
    for (let level = 0; level < set.scpLevels.length; level++) {
      const atLevel = set.scpLevels[level]!;
      if (!atLevel.some((p) => anyAllows(p, out(p)))) {
        const missing: MissingAllow = {
          kind: 'scp',
          level,
          policies: names(atLevel),
          message: `no SCP at level ${level} (${names(atLevel).join(', ')}) allows ${resolved.action}; every level from the root to the account must allow`,
        };
        return decide('ImplicitDeny', [], reason('scp-no-allow', missing.message), [missing]);
      }
    }
  }
  if (set.vpcEndpoint && !anyAllows(set.vpcEndpoint, out(set.vpcEndpoint))) {
    const missing: MissingAllow = {
      kind: 'vpc-endpoint',
      policies: [set.vpcEndpoint.policy.name],
      message: `the VPC endpoint policy ${set.vpcEndpoint.policy.name} does not allow this request; every request through the endpoint must be allowed by it`,
    };
    return decide('ImplicitDeny', [], reason('vpc-endpoint-no-allow', missing.message), [missing]);
  }

  // 3. The grant: identity side (capped by boundary and session policies) and resource side.
  const identityAllows = set.identity.flatMap((p) => applied(p, out(p), 'Allow'));
  const boundaryOk = set.boundary === undefined || anyAllows(set.boundary, out(set.boundary));
  const sessionApplies = caller.kind === 'role-session' || caller.kind === 'federated-user' || set.session.length > 0;
  // A GetFederationToken session with no session policy has no permissions of its own.
  const sessionOk = !sessionApplies
    ? true
    : set.session.length > 0
      ? set.session.some((p) => anyAllows(p, out(p)))
      : caller.kind !== 'federated-user';
  const identityOk = principalIsEntity && identityAllows.length > 0 && boundaryOk && sessionOk;

  const grant = resourceGrant(set.resource, set.resource ? out(set.resource) : [], env);
  const sameAccount = resolved.resourceAccount === undefined || resolved.resourceAccount === caller.account;
  const allowed = (code: ReasonCode, by: StatementRef[], message: string) => {
    const errors = options.strict ? strictErrors(new EvaluatedDecision('Allow', by, [], reason(code, message), resolved, [], set, outcomes, env)) : [];
    return decide('Allow', by, reason(code, message), [], errors);
  };

  const identityGap = (): MissingAllow => {
    const identityNames = names(set.identity);
    if (!principalIsEntity) {
      return { kind: 'identity', policies: [], message: `a ${caller.kind === 'service' ? 'service principal' : 'anonymous caller'} has no identity-based policies; only the resource-based policy can grant it access` };
    }
    if (identityAllows.length === 0) {
      return {
        kind: 'identity',
        policies: identityNames,
        message: identityNames.length === 0 ? 'no identity-based policy was given for the caller' : `no identity-based policy (${identityNames.join(', ')}) allows ${resolved.action} on ${resolved.resource}`,
      };
    }
    return capGap();
  };
  // What stopped the identity side (or a grant to a role) although an Allow existed: the boundary or the session policy.
  const capGap = (): MissingAllow => {
    if (!boundaryOk) {
      return { kind: 'permission-boundary', policies: [set.boundary!.policy.name], message: `the permissions boundary ${set.boundary!.policy.name} does not allow ${resolved.action}; it caps what identity-based policies grant` };
    }
    if (set.session.length === 0) {
      return { kind: 'session', policies: [], message: 'a federated-user session made by GetFederationToken without a session policy has no permissions' };
    }
    return { kind: 'session', policies: names(set.session), message: `no session policy (${names(set.session).join(', ')}) allows ${resolved.action}; session policies cap the session's permissions` };
  };
  const gapReason = (gap: MissingAllow): ReasonCode =>
    gap.kind === 'permission-boundary' ? 'permission-boundary-no-allow' : gap.kind === 'session' ? (set.session.length === 0 ? 'federated-session-without-policy' : 'session-policy-no-allow') : 'no-allow';
  const resourceGap = (): MissingAllow => ({
    kind: 'resource',
    policies: set.resource ? [set.resource.policy.name] : [],
    message: set.resource
      ? `the resource-based policy ${set.resource.policy.name} has no Allow for this caller, action and resource`
      : `no resource-based policy was given for ${resolved.resource}`,
  });

  if (!principalIsEntity) {
    if (grant.match !== undefined) return allowed('resource-allow', grant.statements, `allowed by the resource-based policy: ${listRefs(grant.statements)}`);
    const gap = resourceGap();
    return decide('ImplicitDeny', [], reason('no-allow', `${gap.message}; ${identityGap().message}`), [gap]);
  }

  if (sameAccount) {
    if (caller.kind === 'root') {
      return allowed('root-user', [], `the account's root user may do anything to its own account's resources unless a policy explicitly denies it`);
    }
    const direct = grant.match !== undefined && rank(grant.match) === 3;
    const capped = grant.match !== undefined && rank(grant.match) === 2 && boundaryOk && sessionOk;
    if (direct || capped) {
      if (identityOk) {
        return allowed('identity-and-resource-allow', [...identityAllows, ...grant.statements], `allowed by both the identity-based policies (${listRefs(identityAllows)}) and the resource-based policy (${listRefs(grant.statements)})`);
      }
      return allowed('resource-allow', grant.statements, `allowed by the resource-based policy (${listRefs(grant.statements)}), which names the caller; within one account that suffices`);
    }
    if (identityOk) {
      const both = grant.match !== undefined;
      return allowed(
        both ? 'identity-and-resource-allow' : 'identity-allow',
        both ? [...identityAllows, ...grant.statements] : identityAllows,
        `allowed by the identity-based policies (${listRefs(identityAllows)})${both ? ` and the resource-based policy (${listRefs(grant.statements)})` : ''}`,
      );
    }
    const gap = identityGap();
    if (grant.match === 'account') {
      return decide(
        'ImplicitDeny',
        [],
        reason('resource-policy-names-account', `the resource-based policy (${listRefs(grant.statements)}) names only the account, which delegates to its identity-based policies; ${gap.message}`),
        [gap],
      );
    }
    if (grant.match !== undefined) {
      // A role or a user of a federated session was named, but the boundary or session policy caps it.
      const cap = capGap();
      return decide('ImplicitDeny', [], reason(gapReason(cap), `the resource-based policy (${listRefs(grant.statements)}) names the caller's ${grant.match === 'role' ? 'role' : 'user'}, but ${cap.message}`), [cap]);
    }
    const missing = set.resource ? [gap, resourceGap()] : [gap];
    return decide('ImplicitDeny', [], reason(gapReason(gap), `no policy allows it: ${missing.map((m) => m.message).join('; ')}`), missing);
  }

  // Across accounts both sides must allow: the resource account's policy and the caller's own.
  if (grant.match !== undefined && identityOk) {
    return allowed('identity-and-resource-allow', [...identityAllows, ...grant.statements], `allowed across accounts: the resource-based policy (${listRefs(grant.statements)}) and the caller's identity-based policies (${listRefs(identityAllows)}) both allow`);
  }
  const missing: MissingAllow[] = [];
  if (grant.match === undefined) missing.push(resourceGap());
  if (!identityOk) missing.push(identityGap());
  return decide(
    'ImplicitDeny',
    [],
    reason(
      'cross-account-needs-both',
      `the caller (account ${caller.account}) and the resource (account ${resolved.resourceAccount}) are in different accounts, so both sides must allow: ${missing.map((m) => m.message).join('; ')}`,
    ),
    missing,
  );
}

function listRefs(refs: readonly StatementRef[]): string {
  return refs.map((r) => `${r.policy}#${r.label}`).join(', ');
}

function resourceGrant(resource: PlacedPolicy | undefined, outcomes: readonly number[], env: MatchEnvironment): Grant {
  if (!resource) return { statements: [], match: undefined };
  const statements: StatementRef[] = [];
  let best: PrincipalMatch | undefined;
  resource.policy.statements.forEach((statement, i) => {
    if (outcomes[i] !== APPLIES || statement.effect !== 'Allow') return;
    statements.push(refOf(resource, i));
    // NotPrincipal in an Allow grants to everyone it does not list, like "*".
    const match = statement.principal === undefined ? 'anyone' : statement.principal.negated ? 'anyone' : principalMatch(statement.principal, env.request.caller);
    if (match !== undefined && (best === undefined || rank(match) > rank(best))) best = match;
  });
  return { statements, match: best };
}

function strictErrors(decision: Decision): EvaluationIssue[] {
  const deciding = new Set(decision.decidedBy.map((r) => `${r.policy}\u0000${r.index}`));
  // Two ways an Allow rests on a key the request did not carry: a deciding Allow held only because
  // the key was absent, or a Deny did not fire only because it was absent (the MFA trap).
  return decision.ledger
    .filter((entry) =>
      entry.effect === 'Allow'
        ? entry.applied && entry.reliance !== 'absent' && deciding.has(`${entry.statement.policy}\u0000${entry.statement.index}`)
        : !entry.applied && entry.reliance === 'absent',
    )
    .map((entry) => ({
      code: 'allow-rests-on-absent-key' as const,
      message: `strict mode: the Allow rests on a key the request did not carry: ${entry.statement.policy}#${entry.statement.label}: ${entry.message}`,
      statement: entry.statement,
    }));
}

/** Decides a request made of several authorizations (a batch or transaction): allowed only if each is. */
export function evaluateAll(requests: readonly RequestInput[], policies: PolicySetInput, options: EvaluateOptions = {}): { decision: DecisionKind; decisions: readonly Decision[]; first: Decision | undefined } {
  if (requests.length === 0) throw new TypeError('evaluateAll needs at least one request');
  const decisions = requests.map((r) => evaluate(r, policies, options));
  const denied = decisions.find((d) => d.decision === 'ExplicitDeny') ?? decisions.find((d) => d.decision !== 'Allow');
  return { decision: denied ? denied.decision : 'Allow', decisions, first: denied ?? decisions[0] };
}

export type { PolicyKind };
