/**
 * A decision in the words a failing test needs: who asked for what, why the answer came out as it
 * did, which statement decided (policy, Sid, file and line), and for the statements that could have
 * changed the answer, the first thing that did not match. Nearest misses come first (a condition
 * that failed is closer than an action that was never covered), and the list is capped, so that
 * the message stays short when the reason is short. The matchers' failure messages are made of it.
 */
import type { Decision, DecisionKind, Mismatch, StatementTrace } from '../engine/decision-types';
import { formatRef } from '../engine/explain';
import { isAssumedIdentity } from '../engine/lone-resource-policy';
import type { Effect, StatementRef } from '../policy/model';

const MAX_MISSES = 8;

const CLOSENESS: Record<Mismatch['element'], number> = {
  Condition: 0,
  Resource: 1,
  NotResource: 1,
  Action: 2,
  NotAction: 2,
  Principal: 3,
  NotPrincipal: 3,
};

export function callerOf(decision: Decision): string {
  const caller = decision.request.caller;
  return caller.arn ?? caller.service ?? 'anonymous';
}

export function requestLine(decision: Decision): string {
  return `${callerOf(decision)} → ${decision.request.action} on ${decision.request.resource}`;
}

/** The statements that decided, without the stand-in identity policy (a note says it was assumed). */
export function decidingRefs(decision: Decision): StatementRef[] {
  return decision.decidedBy.filter((ref) => !isAssumedIdentity(ref));
}

/**
 * Which statements could have changed the answer: when the request was allowed, the Deny
 * statements that did not fire; when it was denied and an Allow was wanted, the Allow statements
 * that did not apply; when an explicit deny was wanted, the Deny statements that did not fire.
 */
export function effectToExplain(received: DecisionKind, expected: readonly DecisionKind[]): Effect | undefined {
  if (received === 'Allow') return 'Deny';
  if (received === 'ImplicitDeny') return expected.includes('ExplicitDeny') && !expected.includes('ImplicitDeny') ? 'Deny' : 'Allow';
  // An explicit deny: the deciding Deny statement is the explanation.
  return undefined;
}

function misses(decision: Decision, effect: Effect): StatementTrace[] {
  const out: StatementTrace[] = [];
  for (const policy of decision.trace) {
    for (const s of policy.statements) {
      if (!s.applied && s.effect === effect && s.mismatch !== undefined && !isAssumedIdentity(s.statement)) out.push(s);
    }
  }
  // Stable sort: nearest misses first, policy order within the same closeness.
  return out
    .map((s, i) => [s, i] as const)
    .sort((a, b) => CLOSENESS[a[0].mismatch!.element] - CLOSENESS[b[0].mismatch!.element] || a[1] - b[1])
    .map(([s]) => s);
}

function conditionWhere(mismatch: Mismatch, ref: StatementRef): string {
  if (mismatch.element !== 'Condition' || mismatch.line === undefined || mismatch.line === ref.line) return '';
  return ` (condition at line ${mismatch.line})`;
}

/** The explanation block of a message, indented by two spaces. */
export function explainDecision(decision: Decision, options: { effect: Effect | undefined; notes: readonly string[] }): string[] {
  const lines: string[] = [];
  lines.push(`Request:    ${requestLine(decision)}`);
  lines.push(`Reason:     ${decision.reason.message}`);
  const deciding = decidingRefs(decision);
  if (deciding.length > 0) lines.push(`Decided by: ${deciding.map(formatRef).join(', ')}`);
  for (const gap of decision.missing) {
    // The engine's reason usually quotes the gap already; say it once.
    if (decision.reason.message.includes(gap.message)) continue;
    lines.push(`Missing:    an Allow in the ${gap.kind}${gap.level !== undefined ? ` (level ${gap.level})` : ''} policies: ${gap.message}`);
  }
  if (options.effect !== undefined) {
    const list = misses(decision, options.effect);
    if (list.length > 0) {
      lines.push(`${options.effect} statements that did not apply:`);
      for (const s of list.slice(0, MAX_MISSES)) {
        lines.push(`  ${formatRef(s.statement)}${conditionWhere(s.mismatch!, s.statement)}: ${s.mismatch!.message}`);
      }
      if (list.length > MAX_MISSES) lines.push(`  … and ${list.length - MAX_MISSES} more`);
    }
  }
  const ledger = decision.ledger.filter((e) => (e.applied || e.effect === 'Deny') && !isAssumedIdentity(e.statement));
  if (ledger.length > 0) {
    lines.push('Rests on condition keys the request did not carry:');
    for (const entry of ledger) lines.push(`  ${formatRef(entry.statement)} [${entry.effect}]: ${entry.message}`);
  }
  for (const error of decision.errors) lines.push(`Strict:     ${error.message}`);
  for (const note of options.notes) lines.push(`Note:       ${note}`);
  return lines;
}

/** The statements that decided, as a failure message names them: `no statement` for none. */
export function decidedByText(decision: Decision): string {
  const refs = decidingRefs(decision);
  return refs.length === 0 ? 'no statement' : refs.map(formatRef).join(', ');
}

/** One request of an SDK call, decided: `origin` says which part of the call made it. */
export interface CallDecision {
  readonly decision: Decision;
  readonly origin: string | undefined;
}

/** Where in an SDK call the decision shown comes from; empty for a single request. */
export function whereInCall(call: string | undefined, decisions: readonly CallDecision[], shown: CallDecision): string {
  if (call === undefined) return '';
  const index = decisions.indexOf(shown);
  return ` for ${shown.origin ?? call} (request ${index + 1} of ${decisions.length} of the ${call} call)`;
}

const MAX_CALL_REQUESTS = 10;

/** Every request of an SDK call and its decision, capped; empty for a call of one request. */
export function callSummary(call: string | undefined, decisions: readonly CallDecision[]): string[] {
  if (call === undefined || decisions.length < 2) return [];
  const lines = [`The ${call} call's requests:`];
  for (const e of decisions.slice(0, MAX_CALL_REQUESTS))
    lines.push(`  ${e.origin ?? '?'}: ${e.decision.request.action} on ${e.decision.request.resource} → ${e.decision.decision}`);
  if (decisions.length > MAX_CALL_REQUESTS) lines.push(`  … and ${decisions.length - MAX_CALL_REQUESTS} more`);
  return lines;
}
