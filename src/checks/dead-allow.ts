/**
 * Allow statements that no request can use: wherever the statement applies, a Deny of the same
 * policy applies too, or the only requests it applies to are ones AWS never sends (a condition key
 * the action never carries, `aws:SourceIp` through a VPC endpoint; see `possible-requests.ts`).
 *
 * The proof is the diff's: the request classes (`request-classes.ts`) of a set of statements are
 * exhaustive for what those statements can tell apart, so trying one request per class and
 * condition-value class decides every request. Each Allow is tried over the classes of itself and
 * the Denies that may meet it. Where the class space is not exhaustive (policy variables, wildcard
 * accounts, bounds) the result says so instead of claiming.
 */
import { resolveRequest } from '../engine/request';
import type { RequestInput } from '../engine/request-types';
import { APPLIES, matchStatement, type MatchEnvironment } from '../engine/statement';
import { variableLookup } from '../engine/conditions';
import { RequestError } from '../problems/request-error';
import type { Policy, Statement, StatementRef } from '../policy/model';
import { DenyIndex } from './deny-index';
import { impossibleContext } from '../request-space/possible-requests';
import { buildClassSpace, combinations, contextOf, productSize, requestOf, type ClassSpace } from '../request-space/request-classes';
import { coveredActions } from './statement-scope';

export interface DeadAllow {
  /** The Allow statement no request can use. */
  readonly statement: StatementRef;
  /** The Deny statements that applied wherever it did; empty when it never applies. */
  readonly blockedBy: readonly StatementRef[];
  /** Why the requests it would apply to otherwise cannot be made; empty when there were none. */
  readonly impossible: readonly string[];
  /** True when every request class was tried and the classes are exhaustive. */
  readonly exact: boolean;
  /** Where the classes are not exhaustive, one sentence each. */
  readonly limits: readonly string[];
}

export interface DeadAllowOptions {
  /** Condition-value combinations tried per caller/action/resource class (default 20,000). */
  readonly maxContexts?: number;
  /** Requests tried in all (default 200,000). */
  readonly maxEvaluations?: number;
}

interface AllowState {
  usable: boolean;
  applied: boolean;
  readonly blockers: Set<number>;
  readonly impossible: Set<string>;
  /** A request that uses it, once one was found. */
  witness?: RequestInput;
}

/** The dead Allows, and a request that uses each Allow found usable (by statement position). */
export interface Judgement {
  readonly dead: DeadAllow[];
  readonly witnesses: ReadonlyMap<number, RequestInput>;
}

/** What is left of the request budget, shared by every class space tried for one policy. */
interface Budget {
  evaluations: number;
  readonly maxContexts: number;
  readonly maxEvaluations: number;
}

function newAllowState(): AllowState {
  return { usable: false, applied: false, blockers: new Set(), impossible: new Set() };
}

/**
 * Tries one request per class of `space` (built over `policy`, whose statement positions `states`
 * and the result use) and records, per open Allow, whether some possible request uses it, and
 * which Denies applied where it did. Returns the limits it met.
 */
function judge(
  statements: readonly Statement[],
  space: ClassSpace,
  positionOf: ReadonlyMap<Statement, number>,
  states: Map<number, AllowState>,
  budget: Budget,
): string[] {
  const indexOf = new Map(space.statements.map((s) => [s.id, positionOf.get(s.statement)!]));
  const limits: string[] = [];
  let open = [...states.values()].filter((s) => !s.usable).length;

  for (const triple of space.triples) {
    if (open === 0) break;
    const reachable = triple.reachable.map((id) => indexOf.get(id)!);
    if (!reachable.some((i) => states.get(i)?.usable === false)) continue;
    if (budget.evaluations >= budget.maxEvaluations) {
      limits.push(`stopped after ${budget.evaluations} requests (the limit): not every class of request was tried`);
      break;
    }
    const dimensions = space.contextFor(triple);
    const total = productSize(dimensions.map((d) => d.classes.length));
    let tried = 0;
    for (const choice of combinations(dimensions.map((d) => d.classes.length))) {
      if (tried >= budget.maxContexts || budget.evaluations >= budget.maxEvaluations) break;
      tried++;
      budget.evaluations++;
      const context = contextOf(dimensions, choice);
      let env: MatchEnvironment;
      const input = requestOf(triple, context);
      try {
        const request = resolveRequest(input);
        env = { request, lookup: variableLookup(request), hasBoundary: false };
      } catch (error) {
        if (error instanceof RequestError) continue; // not a request AWS could receive
        throw error;
      }
      const applied = reachable.filter((i) => matchStatement(statements[i]!, env) === APPLIES);
      const allows = applied.filter((i) => states.get(i)?.usable === false);
      if (allows.length === 0) continue;
      const impossible = impossibleContext(triple.action.members, context);
      if (impossible !== undefined) {
        for (const i of allows) states.get(i)!.impossible.add(impossible);
        continue;
      }
      const denies = applied.filter((i) => statements[i]!.effect === 'Deny');
      for (const i of allows) {
        const state = states.get(i)!;
        state.applied = true;
        if (denies.length === 0) {
          state.usable = true;
          state.witness = input;
          open--;
        } else for (const d of denies) state.blockers.add(d);
      }
      if (open === 0) break;
    }
    if (tried < total && open > 0) {
      limits.push(
        `${triple.caller.label} ${triple.action.action}: ${tried} of ${total} combinations of condition values were tried (the limit)`,
      );
    }
  }
  return limits;
}

/** The finding for an Allow no request was found to use, or undefined when it never applied at all. */
function deadAllowOf(statements: readonly Statement[], i: number, state: AllowState, limits: readonly string[]): DeadAllow | undefined {
  if (state.usable) return undefined;
  // Never applied to anything, not even to impossible requests: its Principal, Action and
  // Resource meet no request class, which other findings explain better.
  if (!state.applied && state.impossible.size === 0) return undefined;
  return {
    statement: statements[i]!.ref,
    blockedBy: [...state.blockers].sort((a, b) => a - b).map((d) => statements[d]!.ref),
    impossible: [...state.impossible],
    exact: limits.length === 0,
    limits,
  };
}

function budgetOf(options: DeadAllowOptions): Budget {
  return { evaluations: 0, maxContexts: options.maxContexts ?? 20_000, maxEvaluations: options.maxEvaluations ?? 200_000 };
}

function positions(statements: readonly Statement[]): Map<Statement, number> {
  return new Map(statements.map((s, i) => [s, i]));
}

/**
 * Whether an Allow that no Deny can meet is usable without trying it: when it has no condition, any
 * request it applies to carries no key, so AWS can send it (see `impossibleContext`). An Allow that
 * applies to no request at all is no finding either way.
 */
function plainlyUsable(allow: Statement, denies: readonly Statement[]): boolean {
  return denies.length === 0 && allow.conditions.length === 0;
}

/**
 * The Allow statements of `policy` that no request can use, in statement order.
 *
 * Each Allow is judged against only the Deny statements that may apply where it does (`DenyIndex`),
 * over the request classes of those statements alone: what other statements tell apart cannot
 * change whether a request the Allow applies to is denied, so the verdict is the one the whole
 * policy's classes give (`findDeadAllowsOverWholePolicy`), in time linear in the policy's size
 * when each Allow meets few Denies. `limits` (and so `exact`) speak of that Allow's classes only.
 */
export function findDeadAllows(policy: Policy, options: DeadAllowOptions = {}): DeadAllow[] {
  return judgeEachAllow(policy, options).dead;
}

/**
 * `findDeadAllows`, with a request that uses each Allow it tried and found usable (by statement
 * position): what shows, where it and the whole-policy computation disagree, which one is right.
 */
export function judgeEachAllow(policy: Policy, options: DeadAllowOptions = {}): Judgement {
  const statements = policy.statements;
  const allows = statements.filter((s) => s.effect === 'Allow');
  const witnesses = new Map<number, RequestInput>();
  if (allows.length === 0) return { dead: [], witnesses };
  const index = new DenyIndex(
    statements.filter((s) => s.effect === 'Deny'),
    coveredActions,
  );
  const positionOf = positions(statements);
  const budget = budgetOf(options);
  const out: DeadAllow[] = [];
  for (const allow of allows) {
    const denies = index.overlapping(allow);
    if (plainlyUsable(allow, denies)) continue;
    const i = positionOf.get(allow)!;
    const states = new Map([[i, newAllowState()]]);
    const space = buildClassSpace({ versions: [[{ ...policy, statements: [allow, ...denies] }], []], possibleRequestsOnly: true });
    const limits = judge(statements, space, positionOf, states, budget);
    const state = states.get(i)!;
    if (state.witness !== undefined) witnesses.set(i, state.witness);
    const dead = deadAllowOf(statements, i, state, [...space.notes, ...limits]);
    if (dead !== undefined) out.push(dead);
  }
  return { dead: out, witnesses };
}

/**
 * The same question over the request classes of the whole policy at once: every Allow against
 * every statement. Kept as the reference the per-Allow path is tested against; it grows with the
 * product of the policy's callers and statements.
 */
export function findDeadAllowsOverWholePolicy(policy: Policy, options: DeadAllowOptions = {}): DeadAllow[] {
  return judgeAllowsTogether(policy, options).dead;
}

/** `findDeadAllowsOverWholePolicy`, with a request that uses each Allow it found usable. */
export function judgeAllowsTogether(policy: Policy, options: DeadAllowOptions = {}): Judgement {
  const statements = policy.statements;
  const states = new Map<number, AllowState>();
  statements.forEach((s, i) => {
    if (s.effect === 'Allow') states.set(i, newAllowState());
  });
  if (states.size === 0) return { dead: [], witnesses: new Map() };
  const space = buildClassSpace({ versions: [[policy], []], possibleRequestsOnly: true });
  const limits = [...space.notes, ...judge(statements, space, positions(statements), states, budgetOf(options))];
  return {
    dead: [...states].flatMap(([i, state]) => deadAllowOf(statements, i, state, limits) ?? []),
    witnesses: new Map([...states].flatMap(([i, state]) => (state.witness === undefined ? [] : [[i, state.witness] as const]))),
  };
}

/** One sentence for a finding: what blocks the statement, and how sure the claim is. */
export function describeDeadAllow(dead: DeadAllow): string {
  const label = dead.statement.label;
  const denies = dead.blockedBy.map((r) => `statement ${r.label}`).join(' and ');
  let text =
    dead.blockedBy.length > 0
      ? `statement ${label} never allows anything: every request it applies to is denied by ${denies}`
      : `statement ${label} never allows anything: no request it applies to can be made`;
  if (dead.impossible.length > 0) {
    text += `${dead.blockedBy.length > 0 ? ', and the requests that would escape it cannot be made' : ''}: ${dead.impossible.join('; ')}`;
  }
  if (!dead.exact) text += `; shown over the request classes iamspec can enumerate here, which are not exhaustive (${dead.limits[0]})`;
  return text;
}
