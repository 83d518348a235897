/**
 * `evaluate(request, policies)`: AWS's decision for one request, and which statements made it.
 *
 * The order follows the IAM policy evaluation logic: an applicable Deny in any policy wins; then
 * every guard rail that is present (each SCP level, the VPC endpoint policy) must allow; then the
 * grant must come from the identity side and/or the resource-based policy, combined by the
 * same-account and cross-account rules. The RCP that allows everything stays attached at every
 * level, so RCPs only take away (through their Deny statements).
 *
 * Deciding allocates little: statement outcomes are small numbers, the reason and the missing
 * allows are kept as codes, and their sentences, the trace and the ledger are written only when
 * someone reads them.
 */
import { RequestError } from '../policy/errors';
import { checkKnownKeys, describeArgument, recordArgument } from '../problems/known-keys';
import type { PolicyKind, StatementRef } from '../policy/model';
import { variableLookup } from './conditions';
import type { Decision, DecisionKind, EvaluationIssue, LedgerEntry, MissingAllow, PolicyTrace, Reason, ReasonCode } from './decision-types';
import { placePolicySet, type PlacedPolicy, type PlacedPolicySet, type PolicySetInput } from './policy-set';
import { notPrincipalShortfall, principalMatch, type PrincipalMatch } from './principal';
import { resolveRequest, type ResolvedRequest } from './request';
import { serviceFor } from './services';
import type { RequestInput } from './request-types';
import { APPLIES, matchStatement, type MatchEnvironment, type Outcomes } from './statement';
import { buildLedger, buildTrace } from './trace';

export interface EvaluateOptions {
  /**
   * Refuse an Allow that rests on a condition key the request did not carry (an `IfExists`,
   * `ForAllValues` or negated operator that held only because the key was absent, or a Deny that
   * did not fire only because its key was absent): such a decision gets an entry in `errors`.
   */
  readonly strict?: boolean;
}

/** Which allow was missing, as a code; `MissingAllow` objects are written from it on demand. */
type GapCode = 'identity' | 'resource' | 'permission-boundary' | 'session' | 'scp' | 'vpc-endpoint';

function refOf(placed: PlacedPolicy, index: number): StatementRef {
  const ref = placed.policy.statements[index]!.ref;
  return ref.kind === placed.kind ? ref : { ...ref, kind: placed.kind };
}

function anyApplies(placed: PlacedPolicy, outcomes: Outcomes, effect: 'Allow' | 'Deny'): boolean {
  const statements = placed.policy.statements;
  const out = outcomes[placed.slot]!;
  for (let i = 0; i < statements.length; i++) {
    if (out[i] === APPLIES && statements[i]!.effect === effect) return true;
  }
  return false;
}

function collectApplied(placed: PlacedPolicy, outcomes: Outcomes, effect: 'Allow' | 'Deny', into: StatementRef[]): void {
  const statements = placed.policy.statements;
  const out = outcomes[placed.slot]!;
  for (let i = 0; i < statements.length; i++) {
    if (out[i] === APPLIES && statements[i]!.effect === effect) into.push(refOf(placed, i));
  }
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

function listRefs(refs: readonly StatementRef[]): string {
  return refs.map((r) => `${r.policy}#${r.label}`).join(', ');
}

function names(list: readonly PlacedPolicy[]): string[] {
  return list.map((p) => p.policy.name);
}

const NONE: readonly never[] = [];

/**
 * One evaluation's facts, kept so that the decision's sentences can be written later from them.
 * Built once per `evaluate` call; its methods write text only when asked.
 */
class Facts {
  readonly identityAllows: StatementRef[] = [];
  readonly grantStatements: StatementRef[] = [];
  grantMatch: PrincipalMatch | undefined;
  boundaryOk = true;
  sessionOk = true;
  /** The SCP level without an Allow, when that decided. */
  scpLevel = -1;

  constructor(
    readonly request: ResolvedRequest,
    readonly set: PlacedPolicySet,
    readonly outcomes: Outcomes,
  ) {}

  get callerIsEntity(): boolean {
    const kind = this.request.caller.kind;
    return kind !== 'service' && kind !== 'anonymous';
  }

  missing(code: GapCode): MissingAllow {
    const { set, request } = this;
    const action = request.action;
    switch (code) {
      case 'scp': {
        const level = this.scpLevel;
        const atLevel = names(set.scpLevels[level] ?? []);
        return {
          kind: 'scp',
          level,
          policies: atLevel,
          message: `no SCP at level ${level} (${atLevel.join(', ')}) allows ${action}; every level from the root to the account must allow`,
        };
      }
      case 'vpc-endpoint': {
        const name = set.vpcEndpoint!.policy.name;
        return {
          kind: 'vpc-endpoint',
          policies: [name],
          message: `the VPC endpoint policy ${name} does not allow this request; every request through the endpoint must be allowed by it`,
        };
      }
      case 'permission-boundary': {
        const name = set.boundary!.policy.name;
        return {
          kind: 'permission-boundary',
          policies: [name],
          message: `the permissions boundary ${name} does not allow ${action}; it caps what identity-based policies grant`,
        };
      }
      case 'session':
        return set.session.length === 0
          ? {
              kind: 'session',
              policies: [],
              message: 'a federated-user session made by GetFederationToken without a session policy has no permissions',
            }
          : {
              kind: 'session',
              policies: names(set.session),
              message:
                `no session policy (${names(set.session).join(', ')}) allows ${action}; session policies cap the ` +
                `session's permissions`,
            };
      case 'resource':
        return set.resource
          ? {
              kind: 'resource',
              policies: [set.resource.policy.name],
              message: `the resource-based policy ${set.resource.policy.name} has no Allow for this caller, action and resource`,
            }
          : { kind: 'resource', policies: [], message: `no resource-based policy was given for ${request.resource}` };
      case 'identity': {
        const caller = request.caller;
        if (!this.callerIsEntity) {
          return {
            kind: 'identity',
            policies: [],
            message:
              `a ${caller.kind === 'service' ? 'service principal' : 'anonymous caller'} has no identity-based ` +
              `policies; only the resource-based policy can grant it access`,
          };
        }
        const identityNames = names(set.identity);
        return {
          kind: 'identity',
          policies: identityNames,
          message:
            identityNames.length === 0
              ? 'no identity-based policy was given for the caller'
              : `no identity-based policy (${identityNames.join(', ')}) allows ${action} on ${request.resource}`,
        };
      }
    }
  }

  /** Why a Deny with NotPrincipal that names part of the caller's chain did not spare it. */
  notPrincipalHints(denies: readonly StatementRef[]): string {
    let out = '';
    for (const ref of denies) {
      const placed = this.set.all.find((p) => p.kind === ref.kind && p.policy.name === ref.policy);
      const principal = placed?.policy.statements[ref.index]?.principal;
      const shortfall = principal?.negated ? notPrincipalShortfall(principal, this.request.caller) : undefined;
      if (shortfall !== undefined) out += `; ${ref.policy}#${ref.label}: ${shortfall}`;
    }
    return out;
  }

  /** What stopped the identity side, or a grant to a role, although an Allow existed. */
  capCode(): GapCode {
    return !this.boundaryOk ? 'permission-boundary' : 'session';
  }

  identityGapCode(): GapCode {
    return !this.callerIsEntity || this.identityAllows.length === 0 ? 'identity' : this.capCode();
  }

  sentence(code: ReasonCode, gaps: readonly GapCode[], decidedBy: readonly StatementRef[]): string {
    const { request, grantStatements, identityAllows } = this;
    const gapText = () => gaps.map((g) => this.missing(g).message).join('; ');
    switch (code) {
      case 'explicit-deny':
        return (
          `explicitly denied by ${listRefs(decidedBy)} (a Deny in ` +
          `${[...new Set(decidedBy.map((d) => d.policy))].join(', ')} overrides every ` +
          `Allow)${this.notPrincipalHints(decidedBy)}`
        );
      case 'scp-no-allow':
      case 'vpc-endpoint-no-allow':
        return gapText();
      case 'root-user':
        return (
          denyWaiver(request) ??
          `the account's root user may do anything to its own account's resources unless a policy explicitly denies it`
        );
      case 'resource-allow':
        return this.callerIsEntity
          ? `allowed by the resource-based policy (${listRefs(grantStatements)}), which names the caller; within one account that suffices`
          : `allowed by the resource-based policy: ${listRefs(grantStatements)}`;
      case 'identity-allow':
        return `allowed by the identity-based policies (${listRefs(identityAllows)})`;
      case 'identity-and-resource-allow':
        return this.sameAccount
          ? `allowed by both the identity-based policies (${listRefs(identityAllows)}) and the ` +
              `resource-based policy (${listRefs(grantStatements)})`
          : `allowed across accounts: the resource-based policy (${listRefs(grantStatements)}) and the ` +
              `caller's identity-based policies (${listRefs(identityAllows)}) both allow`;
      case 'resource-policy-names-account':
        return (
          `the resource-based policy (${listRefs(grantStatements)}) names only the account, which ` +
          `delegates to its identity-based policies; ${gapText()}`
        );
      case 'cross-account-needs-both':
        return (
          `the caller (account ${request.caller.account}) and the resource (account ` +
          `${request.resourceAccount}) are in different accounts, so both sides must allow: ${gapText()}`
        );
      case 'permission-boundary-no-allow':
      case 'session-policy-no-allow':
      case 'federated-session-without-policy':
        return this.grantMatch !== undefined && rank(this.grantMatch) === 2
          ? `the resource-based policy (${listRefs(grantStatements)}) names the caller's ` +
              `${this.grantMatch === 'role' ? 'role' : 'user'}, but ${gapText()}`
          : `no policy allows it: ${gapText()}`;
      case 'no-allow':
        return this.callerIsEntity ? `no policy allows it: ${gapText()}` : `${gapText()}; ${this.missing('identity').message}`;
    }
  }

  get sameAccount(): boolean {
    return this.request.resourceAccount === undefined || this.request.resourceAccount === this.request.caller.account;
  }
}

class EvaluatedDecision implements Decision {
  private traceCache: readonly PolicyTrace[] | undefined;
  private ledgerCache: readonly LedgerEntry[] | undefined;
  private reasonCache: Reason | undefined;
  private missingCache: readonly MissingAllow[] | undefined;
  /** Strict mode's refusals, computed at construction when asked for (they read the ledger). */
  readonly errors: readonly EvaluationIssue[];

  constructor(
    readonly decision: DecisionKind,
    readonly decidedBy: readonly StatementRef[],
    private readonly reasonCode: ReasonCode,
    private readonly gaps: readonly GapCode[],
    private readonly facts: Facts,
    private readonly env: MatchEnvironment,
    strict = false,
  ) {
    this.errors = strict && decision === 'Allow' ? strictErrors(decidedBy, this.ledger) : NONE;
  }

  get request(): ResolvedRequest {
    return this.facts.request;
  }

  get reason(): Reason {
    return (this.reasonCache ??= { code: this.reasonCode, message: this.facts.sentence(this.reasonCode, this.gaps, this.decidedBy) });
  }

  get missing(): readonly MissingAllow[] {
    return (this.missingCache ??= this.gaps.map((g) => this.facts.missing(g)));
  }

  get trace(): readonly PolicyTrace[] {
    return (this.traceCache ??= buildTrace(this.facts.set, this.facts.outcomes, this.env));
  }

  get ledger(): readonly LedgerEntry[] {
    return (this.ledgerCache ??= buildLedger(this.facts.set, this.facts.outcomes, this.env));
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

function resourceGrant(facts: Facts, env: MatchEnvironment): void {
  const resource = facts.set.resource;
  if (!resource) return;
  const out = facts.outcomes[resource.slot]!;
  const statements = resource.policy.statements;
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i]!;
    if (out[i] !== APPLIES || statement.effect !== 'Allow') continue;
    facts.grantStatements.push(refOf(resource, i));
    // NotPrincipal in an Allow grants to everyone it does not list, like "*".
    const match =
      statement.principal === undefined || statement.principal.negated ? 'anyone' : principalMatch(statement.principal, env.request.caller);
    if (match !== undefined && (facts.grantMatch === undefined || rank(match) > rank(facts.grantMatch))) facts.grantMatch = match;
  }
}

interface Outcome {
  readonly decision: DecisionKind;
  readonly decidedBy: readonly StatementRef[];
  readonly code: ReasonCode;
  readonly gaps: readonly GapCode[];
}

function implicit(code: ReasonCode, gaps: readonly GapCode[]): Outcome {
  return { decision: 'ImplicitDeny', decidedBy: NONE, code, gaps };
}

function allow(code: ReasonCode, decidedBy: readonly StatementRef[]): Outcome {
  return { decision: 'Allow', decidedBy, code, gaps: NONE };
}

/** Why a named role or user of a federated session was still refused: the cap that held it back. */
function capReason(facts: Facts): ReasonCode {
  return facts.capCode() === 'permission-boundary'
    ? 'permission-boundary-no-allow'
    : facts.set.session.length === 0
      ? 'federated-session-without-policy'
      : 'session-policy-no-allow';
}

/** The identity-side statements, then the resource-side ones. */
function both(identityAllows: readonly StatementRef[], grantStatements: readonly StatementRef[]): StatementRef[] {
  const refs: StatementRef[] = new Array(identityAllows.length + grantStatements.length);
  for (let i = 0; i < identityAllows.length; i++) refs[i] = identityAllows[i]!;
  for (let i = 0; i < grantStatements.length; i++) refs[identityAllows.length + i] = grantStatements[i]!;
  return refs;
}

/** Which decision, deciding statements, reason and gaps the facts lead to (no text is written here). */
function combine(facts: Facts, env: MatchEnvironment): Outcome {
  const { set, outcomes, request } = facts;
  const caller = request.caller;
  const entity = facts.callerIsEntity;

  // 2. Guard rails: each SCP level of the caller's account, and the VPC endpoint policy.
  if (entity) {
    for (let level = 0; level < set.scpLevels.length; level++) {
      if (!set.scpLevels[level]!.some((p) => anyApplies(p, outcomes, 'Allow'))) {
        facts.scpLevel = level;
        return implicit('scp-no-allow', ['scp']);
      }
    }
  }
  if (set.vpcEndpoint && !anyApplies(set.vpcEndpoint, outcomes, 'Allow')) return implicit('vpc-endpoint-no-allow', ['vpc-endpoint']);

  // 3. The grant: identity side (capped by boundary and session policies) and resource side.
  for (const placed of set.identity) collectApplied(placed, outcomes, 'Allow', facts.identityAllows);
  facts.boundaryOk = set.boundary === undefined || anyApplies(set.boundary, outcomes, 'Allow');
  const sessionApplies = caller.kind === 'role-session' || caller.kind === 'federated-user' || set.session.length > 0;
  // A GetFederationToken session with no session policy has no permissions of its own.
  facts.sessionOk = !sessionApplies
    ? true
    : set.session.length > 0
      ? set.session.some((p) => anyApplies(p, outcomes, 'Allow'))
      : caller.kind !== 'federated-user';
  const identityOk = entity && facts.identityAllows.length > 0 && facts.boundaryOk && facts.sessionOk;
  resourceGrant(facts, env);
  const { grantMatch, grantStatements, identityAllows } = facts;

  if (!entity) {
    return grantMatch !== undefined ? allow('resource-allow', grantStatements) : implicit('no-allow', ['resource']);
  }

  if (facts.sameAccount) {
    if (caller.kind === 'root') return allow('root-user', NONE);
    const direct = grantMatch !== undefined && rank(grantMatch) === 3;
    const capped = grantMatch !== undefined && rank(grantMatch) === 2 && facts.boundaryOk && facts.sessionOk;
    if (direct || capped) {
      return identityOk
        ? allow('identity-and-resource-allow', both(identityAllows, grantStatements))
        : allow('resource-allow', grantStatements);
    }
    if (identityOk) {
      return grantMatch !== undefined
        ? allow('identity-and-resource-allow', both(identityAllows, grantStatements))
        : allow('identity-allow', identityAllows);
    }
    const identityGap = facts.identityGapCode();
    if (grantMatch === 'account') return implicit('resource-policy-names-account', [identityGap]);
    // A role or a user of a federated session was named, but the boundary or session policy caps it.
    if (grantMatch !== undefined) return implicit(capReason(facts), [facts.capCode()]);
    const gaps: GapCode[] = set.resource ? [identityGap, 'resource'] : [identityGap];
    return implicit(identityGap === 'identity' ? 'no-allow' : capReason(facts), gaps);
  }

  // Across accounts both sides must allow: the resource account's policy and the caller's own.
  if (grantMatch !== undefined && identityOk) return allow('identity-and-resource-allow', both(identityAllows, grantStatements));
  const gaps: GapCode[] = [];
  if (grantMatch === undefined) gaps.push('resource');
  if (!identityOk) gaps.push(facts.identityGapCode());
  return implicit('cross-account-needs-both', gaps);
}

/**
 * Decides one request against the policies in play. Synchronous and pure: the same request and
 * policies always give the same decision. Throws `PolicyError` for a policy it cannot read and
 * `RequestError` for a request it cannot read; never decides around either.
 */
const EVALUATE_OPTION_KEYS: readonly string[] = ['strict'];

/**
 * The options hold `strict` (a boolean) and nothing else. The common case is checked without
 * allocating: callers build `{ strict }` afresh for every request.
 */
function checkEvaluateOptions(options: unknown): void {
  if (typeof options === 'object' && options !== null && !Array.isArray(options)) {
    let onlyStrict = true;
    for (const key in options) {
      if (key !== 'strict') onlyStrict = false;
    }
    const strict = (options as { readonly strict?: unknown }).strict;
    if (onlyStrict && (strict === undefined || typeof strict === 'boolean')) return;
  }
  const record = recordArgument(options, 'options', '', 'the options are an object such as { strict: true }');
  checkKnownKeys(record, EVALUATE_OPTION_KEYS, 'options');
  if (record.strict !== undefined && typeof record.strict !== 'boolean')
    throw new RequestError('strict', `is true or false; found ${describeArgument(record.strict)}`, 'options');
}

const NO_OPTIONS: EvaluateOptions = {};

export function evaluate(request: RequestInput, policies: PolicySetInput, options: EvaluateOptions = NO_OPTIONS): Decision {
  if (options !== NO_OPTIONS) checkEvaluateOptions(options);
  const resolved = resolveRequest(request);
  return decide(resolved, placePolicySet(policies), options);
}

/**
 * A policy set compiled and placed once, to decide many requests against: the fastest way to
 * evaluate. `set.evaluate(request)` gives the same decision, trace and ledger as
 * `evaluate(request, policies)`.
 */
export interface PreparedPolicySet {
  /** Decides one request, as `evaluate(request, policies, options)` does. */
  evaluate(request: RequestInput, options?: EvaluateOptions): Decision;
  /** Decides a batch or transaction, as `evaluateAll(requests, policies, options)` does. */
  evaluateAll(requests: readonly RequestInput[], options?: EvaluateOptions): CombinedDecision;
}

class Prepared implements PreparedPolicySet {
  constructor(private readonly placed: PlacedPolicySet) {}

  evaluate(request: RequestInput, options: EvaluateOptions = NO_OPTIONS): Decision {
    if (options !== NO_OPTIONS) checkEvaluateOptions(options);
    return decide(resolveRequest(request), this.placed, options);
  }

  evaluateAll(requests: readonly RequestInput[], options: EvaluateOptions = NO_OPTIONS): CombinedDecision {
    return combineAll(requests, (request) => this.evaluate(request, options));
  }
}

/**
 * Compiles and places a policy set once (throwing `PolicyError` for a policy it cannot read, as
 * `evaluate` would), for deciding many requests against it.
 */
export function preparePolicySet(policies: PolicySetInput): PreparedPolicySet {
  return new Prepared(placePolicySet(policies));
}

function decide(resolved: ResolvedRequest, set: PlacedPolicySet, options: EvaluateOptions): Decision {
  const env: MatchEnvironment = { request: resolved, lookup: variableLookup(resolved), hasBoundary: set.boundary !== undefined };
  const all = set.all;
  // A service may waive the resource-based policy's Deny statements for one kind of request (DynamoDB:
  // the owning account's root user deleting that policy). Other policies' denies (an SCP) still count.
  const ignoredDenies = set.resource !== undefined && denyWaiver(resolved) !== undefined ? set.resource.slot : -1;
  const outcomes: number[][] = new Array(all.length);
  let anyDeny = false;
  for (let p = 0; p < all.length; p++) {
    const statements = all[p]!.policy.statements;
    const out: number[] = new Array(statements.length);
    for (let i = 0; i < statements.length; i++) {
      const outcome = matchStatement(statements[i]!, env);
      out[i] = outcome;
      if (outcome === APPLIES && statements[i]!.effect === 'Deny' && p !== ignoredDenies) anyDeny = true;
    }
    outcomes[p] = out;
  }
  const facts = new Facts(resolved, set, outcomes);

  // 1. An applicable Deny anywhere wins.
  if (anyDeny) {
    const denies: StatementRef[] = [];
    for (const placed of all) if (placed.slot !== ignoredDenies) collectApplied(placed, outcomes, 'Deny', denies);
    return new EvaluatedDecision('ExplicitDeny', denies, 'explicit-deny', NONE, facts, env);
  }
  const { decision, decidedBy, code, gaps } = combine(facts, env);
  return new EvaluatedDecision(decision, decidedBy, code, gaps, facts, env, options.strict === true);
}

/** Why the request may ignore the resource-based policy's Deny statements, when its service says it may. */
function denyWaiver(request: ResolvedRequest): string | undefined {
  return serviceFor(request.service)?.resourcePolicyDenyWaiver?.(request);
}

function strictErrors(decidedBy: readonly StatementRef[], ledger: readonly LedgerEntry[]): EvaluationIssue[] {
  const deciding = new Set(decidedBy.map((r) => `${r.policy}\u0000${r.index}`));
  // Two ways an Allow rests on a key the request did not carry: a deciding Allow held only because
  // the key was absent, or a Deny did not fire only because it was absent (the MFA trap).
  return ledger
    .filter((entry) =>
      entry.effect === 'Allow'
        ? entry.applied && entry.reliance !== 'absent' && deciding.has(`${entry.statement.policy}\u0000${entry.statement.index}`)
        : !entry.applied && entry.reliance === 'absent',
    )
    .map((entry) => ({
      code: 'allow-rests-on-absent-key' as const,
      message:
        `strict mode: the Allow rests on a key the request did not carry: ` +
        `${entry.statement.policy}#${entry.statement.label}: ${entry.message}`,
      statement: entry.statement,
    }));
}

/** The decision for a request made of several authorizations, each decided on its own. */
export interface CombinedDecision {
  readonly decision: DecisionKind;
  readonly decisions: readonly Decision[];
  /** The first explicit deny, else the first refusal, else the first decision. */
  readonly first: Decision | undefined;
}

function combineAll(requests: readonly RequestInput[], decideOne: (request: RequestInput) => Decision): CombinedDecision {
  if (!Array.isArray(requests) || requests.length === 0)
    throw new RequestError('', `evaluateAll takes a non-empty list of requests; found ${describeArgument(requests)}`, 'requests');
  // A loop, not map: a hole in the list is a missing request, not one to skip.
  const decisions: Decision[] = [];
  for (let i = 0; i < requests.length; i++) decisions.push(decideOne(requests[i]!));
  const denied = decisions.find((d) => d.decision === 'ExplicitDeny') ?? decisions.find((d) => d.decision !== 'Allow');
  return { decision: denied ? denied.decision : 'Allow', decisions, first: denied ?? decisions[0] };
}

/** Decides a request made of several authorizations (a batch or transaction): allowed only if each is. */
export function evaluateAll(
  requests: readonly RequestInput[],
  policies: PolicySetInput,
  options: EvaluateOptions = NO_OPTIONS,
): CombinedDecision {
  return combineAll(requests, (request) => evaluate(request, policies, options));
}

export type { PolicyKind };
