/**
 * Allow statements that no request can use: wherever the statement applies, a Deny of the same
 * policy applies too, or the only requests it applies to are ones AWS never sends (a condition key
 * the action never carries, `aws:SourceIp` through a VPC endpoint; see `possible-requests.ts`).
 *
 * The proof is the diff's: the request classes of the policy (`request-classes.ts`) are exhaustive
 * for what its statements can tell apart, so trying one request per class and condition-value class
 * decides every request. Where the class space is not exhaustive (policy variables, wildcard
 * accounts, bounds) the result says so instead of claiming.
 */
import { resolveRequest } from '../engine/request';
import { APPLIES, matchStatement, type MatchEnvironment } from '../engine/statement';
import { variableLookup } from '../engine/conditions';
import { RequestError } from '../problems/request-error';
import type { Policy, StatementRef } from '../policy/model';
import { impossibleContext } from '../request-space/possible-requests';
import { buildClassSpace, combinations, contextOf, productSize, requestOf } from '../request-space/request-classes';

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
}

/** The Allow statements of `policy` that no request can use, in statement order. */
export function findDeadAllows(policy: Policy, options: DeadAllowOptions = {}): DeadAllow[] {
  const statements = policy.statements;
  const states = new Map<number, AllowState>();
  statements.forEach((s, i) => {
    if (s.effect === 'Allow') states.set(i, { usable: false, applied: false, blockers: new Set(), impossible: new Set() });
  });
  if (states.size === 0) return [];
  const maxContexts = options.maxContexts ?? 20_000;
  const maxEvaluations = options.maxEvaluations ?? 200_000;

  const space = buildClassSpace({ versions: [[policy], []] });
  const indexOf = new Map(space.statements.map((s) => [s.id, statements.indexOf(s.statement)]));
  const limits: string[] = [];
  let evaluations = 0;
  let open = states.size;

  for (const triple of space.triples) {
    if (open === 0) break;
    const reachable = triple.reachable.map((id) => indexOf.get(id)!);
    if (!reachable.some((i) => states.get(i)?.usable === false)) continue;
    if (evaluations >= maxEvaluations) {
      limits.push(`stopped after ${evaluations} requests (the limit): not every class of request was tried`);
      break;
    }
    const dimensions = space.contextFor(triple);
    const total = productSize(dimensions.map((d) => d.classes.length));
    let tried = 0;
    for (const choice of combinations(dimensions.map((d) => d.classes.length))) {
      if (tried >= maxContexts || evaluations >= maxEvaluations) break;
      tried++;
      evaluations++;
      const context = contextOf(dimensions, choice);
      let env: MatchEnvironment;
      try {
        const request = resolveRequest(requestOf(triple, context));
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

  const allLimits = [...space.notes, ...limits];
  const out: DeadAllow[] = [];
  for (const [i, state] of states) {
    if (state.usable) continue;
    // Never applied to anything, not even to impossible requests: its Principal, Action and
    // Resource meet no request class, which other findings explain better.
    if (!state.applied && state.impossible.size === 0) continue;
    out.push({
      statement: statements[i]!.ref,
      blockedBy: [...state.blockers].sort((a, b) => a - b).map((d) => statements[d]!.ref),
      impossible: [...state.impossible],
      exact: allLimits.length === 0,
      limits: allLimits,
    });
  }
  return out;
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
