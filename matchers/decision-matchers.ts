/**
 * toAllow, toDeny, toExplicitlyDeny, toImplicitlyDeny: evaluate the request(s) against the subject's
 * policies and compare the decision, and optionally the deciding statements, with what the test
 * expects. An SDK call is allowed only when every request it makes is; the message then names the
 * request that was not, by its place in the call.
 */
import type { Decision, DecisionKind } from '../src/engine/decision-types';
import { evaluate } from '../src/engine/evaluate';
import type { StatementRef } from '../src/policy/model';
import {
  callSummary,
  decidedByText,
  effectToExplain,
  explainDecision,
  whereInCall,
  type CallDecision,
} from '../src/reporters/decision-text';
import { MatcherArgumentError } from './argument-error';
import { guarded, hint, type MatcherContextLike, type MatcherOutcome } from './matcher-context';
import { isCallRequest, prepareAssertion } from './request-shorthand';
import { situationOf, type Situation } from './subject';
import { isAssumedIdentity, LONE_RESOURCE_POLICY_NOTE } from '../src/engine/lone-resource-policy';

export type DecisionMatcherName = 'toAllow' | 'toDeny' | 'toExplicitlyDeny' | 'toImplicitlyDeny';

/** The decisions each matcher accepts. */
export const EXPECTED: Readonly<Record<DecisionMatcherName, readonly DecisionKind[]>> = {
  toAllow: ['Allow'],
  toDeny: ['ExplicitDeny', 'ImplicitDeny'],
  toExplicitlyDeny: ['ExplicitDeny'],
  toImplicitlyDeny: ['ImplicitDeny'],
};

const ALL_KINDS: readonly DecisionKind[] = ['Allow', 'ExplicitDeny', 'ImplicitDeny'];

type Evaluated = CallDecision;

/** `Sid`, or `policy#label`: does it name this statement? */
function names(name: string, ref: StatementRef): boolean {
  const hash = name.lastIndexOf('#');
  return hash < 0 ? ref.label === name : ref.policy === name.slice(0, hash) && ref.label === name.slice(hash + 1);
}

/** Every `decidedBy` name must name a statement in play: otherwise the assertion could never mean anything. */
function checkDecidedBy(decidedBy: readonly string[], situation: Situation, expected: readonly DecisionKind[]): void {
  if (decidedBy.length === 0) return;
  const refs = situation.all.flatMap((p) => p.statements.map((s) => s.ref));
  for (const name of decidedBy) {
    if (!refs.some((ref) => names(name, ref))) {
      const known = refs.filter((r) => !isAssumedIdentity(r)).map((r) => `${r.policy}#${r.label}`);
      throw new MatcherArgumentError(`decidedBy: "${name}" names no statement of the policies in play (${known.join(', ')})`);
    }
  }
  if (expected.length === 1 && expected[0] === 'ImplicitDeny') {
    throw new MatcherArgumentError(
      'decidedBy: an implicit deny is decided by no statement (nothing allowed the request); leave decidedBy out or use toExplicitlyDeny',
    );
  }
}

/** The overall kind of one or more decisions: any explicit deny wins, then any implicit deny. */
function overall(evaluated: readonly Evaluated[]): { kind: DecisionKind; shown: Evaluated } {
  const explicit = evaluated.find((e) => e.decision.decision === 'ExplicitDeny');
  if (explicit) return { kind: 'ExplicitDeny', shown: explicit };
  const implicit = evaluated.find((e) => e.decision.decision === 'ImplicitDeny');
  if (implicit) return { kind: 'ImplicitDeny', shown: implicit };
  return { kind: 'Allow', shown: evaluated[0]! };
}

function decidedByHolds(decidedBy: readonly string[], decisions: readonly Decision[]): boolean {
  return decisions.every((d) => decidedBy.every((name) => d.decidedBy.some((ref) => names(name, ref))));
}

function kindsText(kinds: readonly DecisionKind[], print: (v: unknown) => string): string {
  return kinds.map(print).join(' or ');
}

function assumptionNotes(situation: Situation): string[] {
  return situation.assumedIdentity ? [`${LONE_RESOURCE_POLICY_NOTE}; use policySet({ resource, identity }) to test both sides`] : [];
}

export function decisionMatcher(
  name: DecisionMatcherName,
  ctx: MatcherContextLike,
  received: unknown,
  principal: unknown,
  second: unknown,
  third: unknown,
): MatcherOutcome {
  const args = isCallRequest(second) ? 'principal, call' : third === undefined ? 'principal, action' : 'principal, action, request';
  const hintLine = hint(ctx, name, 'policy', args);
  return guarded(ctx, hintLine, () => {
    const expected = EXPECTED[name];
    const situation = situationOf(received);
    const prepared = prepareAssertion(principal, second, third, situation);
    checkDecidedBy(prepared.decidedBy, situation, expected);
    const evaluated: Evaluated[] = prepared.requests.map((r) => ({
      decision: evaluate(r.input, situation.policies, { strict: prepared.strict }),
      origin: r.origin,
    }));
    const { kind, shown } = overall(evaluated);

    const kindOk = expected.includes(kind);
    const relevant = evaluated.filter((e) => expected.includes(e.decision.decision)).map((e) => e.decision);
    const decidedByOk = prepared.decidedBy.length === 0 || (kindOk && decidedByHolds(prepared.decidedBy, relevant));
    const strictRefusal = evaluated.find((e) => e.decision.errors.length > 0);
    const notes = [...assumptionNotes(situation), ...prepared.notes];
    const { printExpected, printReceived } = ctx.utils;
    const isNot = ctx.isNot === true;

    const body = (): string[] => {
      const wanted = prepared.decidedBy.length > 0 ? `, decided by ${prepared.decidedBy.map((d) => printExpected(d)).join(' and ')}` : '';
      const expectedText = isNot ? `not ${kindsText(expected, printExpected)}${wanted}` : `${kindsText(expected, printExpected)}${wanted}`;
      const receivedDecidedBy = prepared.decidedBy.length > 0 && kindOk ? `, decided by ${decidedByText(shown.decision)}` : '';
      const lines = [
        hintLine,
        '',
        `Expected: ${expectedText}`,
        `Received: ${printReceived(kind)}${receivedDecidedBy}${whereInCall(prepared.call, evaluated, shown)}`,
        '',
        ...explainDecision(shown.decision, {
          effect: isNot
            ? effectToExplain(
                kind,
                ALL_KINDS.filter((k) => !expected.includes(k)),
              )
            : effectToExplain(kind, expected),
          notes,
        }),
      ];
      const summary = callSummary(prepared.call, evaluated);
      return summary.length > 0 ? [...lines, ...summary] : lines;
    };

    if (strictRefusal) {
      // Strict mode refuses to trust the Allow either way: the answer rests on a key the request did not carry.
      return {
        pass: isNot,
        message: () =>
          [
            ...body(),
            '',
            `Strict mode: the Allow${strictRefusal.origin ? ` for ${strictRefusal.origin}` : ''} rests on a ` +
              `condition key the request did not carry, so this assertion fails with or without .not; give the ` +
              `key in the request, or drop strict.`,
          ].join('\n'),
      };
    }
    return { pass: kindOk && decidedByOk, message: () => body().join('\n') };
  });
}
