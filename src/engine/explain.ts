/**
 * `explain(decision)`: the decision as text a person reads in a failing test. Short when the
 * reason is short: the verdict, the deciding statements, then one line per statement that did not
 * apply with the first thing that did not match.
 */
import type { StatementRef } from '../policy/model';
import type { Decision } from './decision-types';
import { RequestError } from '../policy/errors';
import { checkKnownKeys, describeArgument, recordArgument } from '../problems/known-keys';

export interface ExplainOptions {
  /** List statements that applied too (default: only those that did not, plus the deciding ones). */
  readonly verbose?: boolean;
}

export function formatRef(ref: StatementRef): string {
  const where = ref.file
    ? ` (${ref.file}${ref.line !== undefined ? `:${ref.line}` : ''})`
    : ref.line !== undefined
      ? ` (line ${ref.line})`
      : '';
  return `${ref.policy}#${ref.label}${where}`;
}

function callerText(decision: Decision): string {
  const caller = decision.request.caller;
  return caller.arn ?? caller.service ?? 'anonymous';
}

/** Whether `value` is a decision `evaluate` made (what `explain` can read). */
function isDecision(value: unknown): value is Decision {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Partial<Record<keyof Decision, unknown>>;
  return (
    typeof d.decision === 'string' &&
    typeof d.request === 'object' &&
    d.request !== null &&
    typeof d.reason === 'object' &&
    d.reason !== null &&
    Array.isArray(d.decidedBy) &&
    Array.isArray(d.missing) &&
    Array.isArray(d.trace) &&
    Array.isArray(d.ledger) &&
    Array.isArray(d.errors)
  );
}

export function explain(decision: Decision, options: ExplainOptions = {}): string {
  if (!isDecision(decision))
    throw new RequestError('', `explain takes a decision that evaluate returned; found ${describeArgument(decision)}`, 'decision');
  checkKnownKeys(recordArgument(options, 'options', '', 'the options are an object such as { verbose: true }'), ['verbose'], 'options');
  const request = decision.request;
  const lines: string[] = [];
  lines.push(`${decision.decision}: ${callerText(decision)} → ${request.action} on ${request.resource}`);
  lines.push(`  reason: ${decision.reason.message}`);
  if (decision.decidedBy.length > 0) {
    lines.push(`  decided by: ${decision.decidedBy.map(formatRef).join(', ')}`);
  }
  for (const gap of decision.missing)
    lines.push(`  missing allow (${gap.kind}${gap.level !== undefined ? ` level ${gap.level}` : ''}): ${gap.message}`);
  const deciding = new Set(decision.decidedBy.map((r) => `${r.policy}\u0000${r.index}`));
  const traceLines: string[] = [];
  for (const policy of decision.trace) {
    for (const s of policy.statements) {
      const key = `${s.statement.policy}\u0000${s.statement.index}`;
      if (s.applied) {
        if (options.verbose || (!deciding.has(key) && s.effect === 'Allow' && decision.decision !== 'Allow')) {
          traceLines.push(`    ${formatRef(s.statement)} [${s.effect}] applied`);
        }
        continue;
      }
      traceLines.push(`    ${formatRef(s.statement)} [${s.effect}] did not apply: ${s.mismatch?.message ?? ''}`);
    }
  }
  if (traceLines.length > 0) lines.push('  statements that did not decide:', ...traceLines);
  const ledger = decision.ledger.filter((e) => e.applied || e.effect === 'Deny');
  if (ledger.length > 0) {
    lines.push('  rests on keys the request did not carry:');
    for (const entry of ledger) lines.push(`    ${formatRef(entry.statement)} [${entry.effect}]: ${entry.message}`);
  }
  for (const error of decision.errors) lines.push(`  error: ${error.message}`);
  return lines.join('\n');
}
