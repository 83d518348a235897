/**
 * `diffPolicies(old, new)`: every class of request whose decision changes between two versions of
 * a policy, each shown by one concrete request with its decision and deciding statements before and
 * after.
 *
 * Exact for what it covers: `request-classes.ts` builds the finite set of request classes the two
 * versions can tell apart, and each class is decided by the real evaluator. Where a dimension is too
 * large to enumerate, the result says what was bounded and how (`bounds`), and where a class is a
 * stand-in rather than a proof (policy variables, wildcard account patterns...), it says so
 * (`notes`); `exact` is true only when neither happened.
 *
 * How a policy is evaluated: a policy with Principal elements is the resource-based policy of the
 * resources it names, and the caller's identity-based policy is taken to allow everything, so the
 * decision is the resource policy's (within one account an identity Allow then suffices, so there
 * only the resource policy's Deny statements can change a decision); a policy without Principal is
 * the caller's identity-based policy.
 */
import { evaluate } from '../engine/evaluate';
import type { Decision, DecisionKind, PolicyTrace } from '../engine/decision-types';
import type { PolicySetInput } from '../engine/policy-set';
import { isAssumedIdentity, loneResourcePolicySet, LONE_RESOURCE_POLICY_NOTE, type LoneIdentitySide } from '../engine/lone-resource-policy';
import type { RequestInput } from '../engine/request-types';
import { PolicyError } from '../policy/errors';
import { loadPolicy, policyFromObject, type PolicyInput } from '../policy/load';
import type { Policy, StatementRef } from '../policy/model';
import {
  buildClassSpace,
  combinations,
  contextOf,
  productSize,
  requestOf,
  type ClassSpace,
  type ContextKeyDimension,
  type RequestTriple,
} from '../request-space/request-classes';
import { checkOptions } from '../problems/known-keys';

/** How versions were placed: one policy as a resource or identity policy, or whole scenario worlds. */
export type EvaluatedAs = 'identity' | 'resource' | 'world';

export interface DiffOptions {
  /** How both versions are evaluated; inferred from their Principal elements when omitted. */
  readonly evaluateAs?: Exclude<EvaluatedAs, 'world'>;
  /**
   * For a resource-based policy: what the caller's identity side allows. `all` (the default) shows
   * what the resource policy decides for any caller; `nothing` shows what it grants by itself
   * (within one account a resource policy naming the caller suffices). Mutation testing uses both
   * to prove a mutant equivalent.
   */
  readonly identitySide?: LoneIdentitySide;
  /** Names for versions given as documents (default `old` and `new`). */
  readonly names?: { readonly old?: string; readonly new?: string };
  /** Upper bound on context combinations per caller/action/resource class. Default 20,000. */
  readonly maxContextsPerClass?: number;
  /** Upper bound on requests evaluated in all (each against both versions). Default 1,000,000. */
  readonly maxEvaluations?: number;
}

export type ChangeDirection = 'widened' | 'narrowed' | 'changed';

export interface DecisionSide {
  readonly decision: DecisionKind;
  readonly decidedBy: readonly StatementRef[];
  readonly reason: string;
  /** Statements of the diffed policy that matched the caller, action and resource but whose conditions did not hold, and why. */
  readonly unmet: readonly string[];
}

export interface DecisionChange {
  /** `widened`: denied before, allowed now; `narrowed`: the reverse; `changed`: a deny of another kind. */
  readonly direction: ChangeDirection;
  /** One concrete request of the class. */
  readonly request: RequestInput;
  readonly before: DecisionSide;
  readonly after: DecisionSide;
  /** How many request classes (values of the condition keys) change the same way for this caller, action and resource. */
  readonly classes: number;
  /** Other actions of the same class: they change alike. */
  readonly sameForActions: readonly string[];
  /** Other callers and resources that were found to behave alike (at most 20 each). */
  readonly sameForPrincipals: readonly string[];
  readonly sameForResources: readonly string[];
}

export interface PolicyVersionInfo {
  readonly name: string;
  readonly file: string | undefined;
  readonly statements: number;
  /** False when this side is absent (a file added or deleted). */
  readonly present: boolean;
}

export interface PolicyDiff {
  readonly old: PolicyVersionInfo;
  readonly new: PolicyVersionInfo;
  readonly evaluatedAs: EvaluatedAs;
  /** For a resource-based policy: the caller's identity side (`all`, the stand-in; or `nothing`). */
  readonly identitySide?: LoneIdentitySide;
  /** How the versions were placed, in one sentence for people. */
  readonly assumption: string;
  readonly changes: readonly DecisionChange[];
  readonly counts: {
    readonly widened: number;
    readonly narrowed: number;
    readonly changed: number;
    /** Classes of caller, action and resource; each is combined with every class of condition values. */
    readonly callerActionResourceClasses: number;
    /** Caller/action/resource classes proven unchanged without evaluation: both versions have the same rules for them. */
    readonly provenSame: number;
    /** Request classes evaluated (one request each, against both versions). */
    readonly evaluations: number;
    readonly callers: number;
    readonly actionClasses: number;
    readonly resources: number;
  };
  /** True when every class was enumerated and every class is a proof, not a stand-in. */
  readonly exact: boolean;
  /** What was cut because it was too large, and how. Empty when nothing was. */
  readonly bounds: readonly string[];
  /** Where classes stand in for values they cannot enumerate (policy variables, wildcard accounts...). */
  readonly notes: readonly string[];
}

const DEFAULT_MAX_CONTEXTS = 20_000;
const DEFAULT_MAX_EVALUATIONS = 1_000_000;

function emptyPolicy(name: string): Policy {
  return policyFromObject({ Version: '2012-10-17', Statement: [] }, { name });
}

function hasStatementsWithout(policy: Policy): boolean {
  return policy.statements.some((s) => s.principal === undefined);
}

function decideKind(
  oldPolicy: Policy,
  newPolicy: Policy,
  requested: Exclude<EvaluatedAs, 'world'> | undefined,
): Exclude<EvaluatedAs, 'world'> {
  if (requested) return requested;
  const resourceLike = (p: Policy) => p.hasPrincipal;
  const identityLike = (p: Policy) => p.statements.length > 0 && !p.hasPrincipal;
  if ((resourceLike(oldPolicy) && identityLike(newPolicy)) || (identityLike(oldPolicy) && resourceLike(newPolicy))) {
    const which = (p: Policy) =>
      p.hasPrincipal ? 'a resource-based policy (it names principals)' : 'an identity-based policy (it names no principal)';
    throw new PolicyError([
      {
        code: 'principal-required',
        message:
          `the two versions are different kinds of policy: ${oldPolicy.name} is ${which(oldPolicy)} and ` +
          `${newPolicy.name} is ${which(newPolicy)}`,
        location: { policy: newPolicy.name, ...(newPolicy.file !== undefined ? { file: newPolicy.file } : {}), path: '' },
      },
    ]);
  }
  return resourceLike(oldPolicy) || resourceLike(newPolicy) ? 'resource' : 'identity';
}

function placed(policy: Policy, as: Exclude<EvaluatedAs, 'world'>, identitySide: LoneIdentitySide): PolicySetInput {
  if (as === 'resource') {
    if (hasStatementsWithout(policy)) {
      const first = policy.statements.find((s) => s.principal === undefined)!;
      throw new PolicyError([
        {
          code: 'principal-required',
          message: `${policy.name} is evaluated as a resource-based policy, but statement ${first.ref.label} has no Principal`,
          location: {
            policy: policy.name,
            ...(policy.file !== undefined ? { file: policy.file } : {}),
            ...(first.ref.line !== undefined ? { line: first.ref.line, column: first.ref.column ?? 1 } : {}),
            path: `Statement[${first.ref.index}]`,
            statement: first.ref.label,
          },
        },
      ]);
    }
    return loneResourcePolicySet(policy, identitySide);
  }
  return { identityPolicies: [policy] };
}

function refKey(refs: readonly StatementRef[]): string {
  return refs.map((r) => `${r.policy}#${r.index}`).join(',');
}

/** Why the statements of the compared policies that reached the request did not apply. */
function unmetConditions(decision: Decision, compared: (trace: PolicyTrace) => boolean): string[] {
  const out: string[] = [];
  for (const trace of decision.trace) {
    if (!compared(trace)) continue;
    for (const s of trace.statements) {
      if (s.applied || s.mismatch?.element !== 'Condition') continue;
      out.push(`${s.statement.label}: ${s.mismatch.message}`);
    }
  }
  return out.slice(0, 5);
}

/** A decision as a change reports it; `compared` picks the traces of the policies being compared. */
export function side(decision: Decision, compared: (trace: PolicyTrace) => boolean): DecisionSide {
  return {
    decision: decision.decision,
    decidedBy: decision.decidedBy.filter((r) => !isAssumedIdentity(r)),
    reason: decision.reason.message,
    unmet: unmetConditions(decision, compared),
  };
}

function directionOf(before: DecisionKind, after: DecisionKind): ChangeDirection {
  if (before !== 'Allow' && after === 'Allow') return 'widened';
  if (before === 'Allow' && after !== 'Allow') return 'narrowed';
  return 'changed';
}

function loadSide(input: PolicyInput | null, name: string): { policy: Policy; present: boolean } {
  if (input === null) return { policy: emptyPolicy(name), present: false };
  return { policy: loadPolicy(input, { name }), present: true };
}

/**
 * Compares two versions of a policy. `null` stands for a version that does not exist (a policy file
 * added or deleted). Throws `PolicyError` for a version that does not load, and when the two are
 * different kinds of policy.
 */
export function diffPolicies(oldInput: PolicyInput | null, newInput: PolicyInput | null, options: DiffOptions = {}): PolicyDiff {
  checkOptions(options, {
    evaluateAs: ['identity', 'resource'],
    identitySide: ['all', 'nothing'],
    names: 'object',
    maxContextsPerClass: 'number',
    maxEvaluations: 'number',
  });
  if (options.names !== undefined) checkOptions(options.names, { old: 'string', new: 'string' });
  const oldSide = loadSide(oldInput, options.names?.old ?? 'old');
  const newSide = loadSide(newInput, options.names?.new ?? 'new');
  const oldPolicy = oldSide.policy;
  const newPolicy = newSide.policy;
  const evaluatedAs = decideKind(oldPolicy, newPolicy, options.evaluateAs);
  const identitySide = options.identitySide ?? 'all';
  const sets: [PolicySetInput, PolicySetInput] = [
    placed(oldPolicy, evaluatedAs, identitySide),
    placed(newPolicy, evaluatedAs, identitySide),
  ];
  const space = buildClassSpace({ versions: [[oldPolicy], [newPolicy]] });
  const compared = compareOverSpace(space, {
    decide: (request) => [evaluate(request, sets[0]), evaluate(request, sets[1])],
    describe: (decision, version) =>
      side(decision, (t) => t.policy === (version === 0 ? oldPolicy : newPolicy).name && t.kind === evaluatedAs),
    useSameRules: true,
    maxContexts: options.maxContextsPerClass ?? DEFAULT_MAX_CONTEXTS,
    maxEvaluations: options.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS,
  });
  const info = (policy: Policy, present: boolean): PolicyVersionInfo => ({
    name: policy.name,
    file: policy.file,
    statements: policy.statements.length,
    present,
  });
  return {
    old: info(oldPolicy, oldSide.present),
    new: info(newPolicy, newSide.present),
    evaluatedAs,
    ...(evaluatedAs === 'resource' ? { identitySide } : {}),
    assumption:
      evaluatedAs === 'resource' && identitySide === 'nothing'
        ? 'evaluated as the resource-based policy of the resources it names, with no identity-based policy ' +
          'for the caller (so only what the resource policy grants by itself is allowed: within one ' +
          'account, to the principals it names)'
        : evaluatedAs === 'resource'
          ? `evaluated as the resource-based policy of the resources it names; ${LONE_RESOURCE_POLICY_NOTE} ` +
            `(so the decision is the resource policy's; within one account an identity Allow suffices, so ` +
            `only its Deny statements can change decisions there)`
          : 'evaluated as the identity-based policy of the caller, with no resource-based policy (so ' +
            'requests across accounts are denied by both versions)',
    ...compared,
  };
}

/** How `compareOverSpace` decides a request in both versions and describes a decision. */
export interface Comparer {
  readonly decide: (request: RequestInput, triple: RequestTriple) => readonly [Decision, Decision];
  readonly describe: (decision: Decision, version: 0 | 1) => DecisionSide;
  /** Skip classes whose reachable rules are the same in both versions (sound for one policy placed alike). */
  readonly useSameRules: boolean;
  readonly maxContexts: number;
  readonly maxEvaluations: number;
}

export type ComparedSpace = Pick<PolicyDiff, 'changes' | 'counts' | 'exact' | 'bounds' | 'notes'>;

/**
 * Decides every request class of the space in both versions and groups the classes whose decision
 * changes: one group per caller/action/resource class, decisions and deciding statements, with the
 * request that has the fewest condition keys present as its example.
 */
export function compareOverSpace(space: ClassSpace, comparer: Comparer): ComparedSpace {
  const bounds: string[] = [];
  const boundedClasses: { triple: RequestTriple; tried: number; total: number; keys: readonly ContextKeyDimension[] }[] = [];
  interface Group {
    change: Omit<DecisionChange, 'classes'>;
    classes: number;
  }
  const groups = new Map<string, Group>();
  let evaluations = 0;
  let provenSame = 0;
  let stoppedAt: number | undefined;

  space.triples.forEach((triple, tripleIndex) => {
    if (stoppedAt !== undefined) return;
    if (comparer.useSameRules && space.sameRules(triple)) {
      provenSame++;
      return;
    }
    const dimensions = space.contextFor(triple);
    const sizes = dimensions.map((d) => d.classes.length);
    const total = productSize(sizes);
    let tried = 0;
    for (const choice of combinations(sizes)) {
      if (tried >= comparer.maxContexts) break;
      if (evaluations >= comparer.maxEvaluations) {
        stoppedAt = tripleIndex;
        break;
      }
      tried++;
      evaluations++;
      const request = requestOf(triple, contextOf(dimensions, choice));
      const [before, after] = comparer.decide(request, triple);
      if (before.decision === after.decision) continue;
      const key = `${tripleIndex}|${before.decision}|${after.decision}|${refKey(before.decidedBy)}|${refKey(after.decidedBy)}`;
      const group = groups.get(key);
      if (group) {
        group.classes++;
        continue;
      }
      groups.set(key, {
        classes: 1,
        change: {
          direction: directionOf(before.decision, after.decision),
          request,
          before: comparer.describe(before, 0),
          after: comparer.describe(after, 1),
          sameForActions: triple.action.members.slice(1),
          sameForPrincipals: triple.otherCallers,
          sameForResources: triple.otherResources,
        },
      });
    }
    if (tried < total && stoppedAt === undefined) boundedClasses.push({ triple, tried, total, keys: dimensions });
  });

  if (boundedClasses.length > 0) {
    const keys = [...new Set(boundedClasses.flatMap((b) => b.keys.map((k) => k.name)))];
    const example = boundedClasses[0]!;
    bounds.push(
      `${boundedClasses.length} caller/action/resource class(es) have more combinations of condition ` +
        `values than the limit of ${comparer.maxContexts}: ` +
        `combinations were tried with the fewest keys present first (e.g. ${example.triple.caller.label} ` +
        `${example.triple.action.action}: ${example.tried} of ${example.total}); keys involved: ${keys.join(', ')}`,
    );
  }
  if (stoppedAt !== undefined) {
    bounds.push(
      `stopped after ${evaluations} evaluations (the limit): ${space.triples.length - stoppedAt} of ` +
        `${space.triples.length} caller/action/resource classes were not examined`,
    );
  }

  const order: Record<ChangeDirection, number> = { widened: 0, narrowed: 1, changed: 2 };
  const changes: DecisionChange[] = [...groups.values()]
    .map((g) => ({ ...g.change, classes: g.classes }))
    .sort((a, b) => order[a.direction] - order[b.direction]);
  const notes = space.notes;
  return {
    changes,
    counts: {
      widened: changes.filter((c) => c.direction === 'widened').length,
      narrowed: changes.filter((c) => c.direction === 'narrowed').length,
      changed: changes.filter((c) => c.direction === 'changed').length,
      callerActionResourceClasses: space.triples.length,
      provenSame,
      evaluations,
      callers: space.counts.callers,
      actionClasses: space.counts.actionClasses,
      resources: space.counts.resources,
    },
    exact: bounds.length === 0 && notes.length === 0,
    bounds,
    notes,
  };
}
