/**
 * `decidedBy:` — which statement a case expects to decide. Written `policy#label`, where the label
 * is the statement's Sid or, for a statement without one, its 0-based index; or just `policy`, for
 * any statement of that policy.
 *
 * A name that matches nothing in play is an error, never a mismatch: a typo in `decidedBy` must not
 * read as "the policy changed".
 */
import type { Policy, StatementRef } from '../policy/model';
import type { DecidedByExpectation } from './model';
import { closestName } from '../util/nearest-name';
import type { Position } from '../source/yaml-tree';

/** The expectation, or a message saying why the text is not one. */
export function parseDecidedBy(text: string, pos: Position): DecidedByExpectation | string {
  const hash = text.indexOf('#');
  const policy = hash < 0 ? text : text.slice(0, hash);
  const label = hash < 0 ? undefined : text.slice(hash + 1);
  if (policy === '' || label === '' || (label !== undefined && label.includes('#'))) {
    return `decidedBy "${text}" is "policy#Sid", "policy#index" (0-based, for a statement without a Sid) or "policy"`;
  }
  return { policy, label, text, line: pos.line, column: pos.column };
}

/** Each policy's statements by Sid and by index text, built once per compiled policy. */
const labelIndexes = new WeakMap<Policy, ReadonlyMap<string, number>>();

/** The index of the statement `label` names: a Sid first, else a 0-based index. */
function statementIndex(policy: Policy, label: string): number | undefined {
  let byLabel = labelIndexes.get(policy);
  if (!byLabel) {
    const map = new Map<string, number>();
    for (const s of policy.statements) if (!map.has(String(s.ref.index))) map.set(String(s.ref.index), s.ref.index);
    // Sids win over indexes: a statement whose Sid is "1" is what "policy#1" names.
    for (const s of policy.statements) if (s.ref.sid !== undefined) map.set(s.ref.sid, s.ref.index);
    labelIndexes.set(policy, (byLabel = map));
  }
  return byLabel.get(label);
}

/** The policies in play by name, built once per list (the runner reuses its lists). */
const byNameCache = new WeakMap<readonly Policy[], ReadonlyMap<string, Policy>>();

function byName(inPlay: readonly Policy[]): ReadonlyMap<string, Policy> {
  let map = byNameCache.get(inPlay);
  if (!map) {
    const out = new Map<string, Policy>();
    for (const policy of inPlay) out.set(policy.name, policy);
    byNameCache.set(inPlay, (map = out));
  }
  return map;
}

/**
 * Checks that every expectation names a statement of a policy in play; returns the problems (one
 * message each, naming what does exist).
 */
export function decidedByProblems(
  expected: readonly DecidedByExpectation[],
  inPlay: readonly Policy[],
): { expectation: DecidedByExpectation; message: string }[] {
  const policies = byName(inPlay);
  const problems: { expectation: DecidedByExpectation; message: string }[] = [];
  for (const expectation of expected) {
    const policy = policies.get(expectation.policy);
    if (!policy) {
      const names = [...policies.keys()];
      const near = closestName(expectation.policy, names);
      problems.push({
        expectation,
        message:
          `decidedBy "${expectation.text}": no policy "${expectation.policy}" is in play for this ` +
          `case${near ? ` (did you mean "${near}"?)` : ''}; in play: ` +
          `${names.length > 0 ? names.join(', ') : 'none'}`,
      });
      continue;
    }
    if (expectation.label !== undefined && statementIndex(policy, expectation.label) === undefined) {
      const labels = policy.statements.map((s) => s.ref.label);
      problems.push({
        expectation,
        message:
          `decidedBy "${expectation.text}": policy "${policy.name}" has no statement ` +
          `"${expectation.label}"; its statements: ${labels.join(', ')} (a Sid, or the 0-based index of a ` +
          `statement without one)`,
      });
    }
  }
  return problems;
}

/** The expectations the decision's deciding statements do not meet (all are checked to exist first). */
export function unmetDecidedBy(
  expected: readonly DecidedByExpectation[],
  decidedBy: readonly StatementRef[],
  inPlay: readonly Policy[],
): DecidedByExpectation[] {
  const policies = byName(inPlay);
  return expected.filter((expectation) => {
    if (expectation.label === undefined) return !decidedBy.some((ref) => ref.policy === expectation.policy);
    const index = statementIndex(policies.get(expectation.policy)!, expectation.label);
    return !decidedBy.some((ref) => ref.policy === expectation.policy && ref.index === index);
  });
}
