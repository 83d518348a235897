/** How `iamspec diff` shows its results: text for people, JSON for tools (Markdown is in markdown.ts). */
import type { RequestInput } from '../engine/request-types';
import { formatRef } from '../engine/explain';
import type { DecisionChange, DecisionSide, PolicyDiff } from '../gate/diff';
import { paint } from './ansi';

/** When the gate fails: on widened access only, also on narrowed, or on any change. */
export type FailOn = 'widened' | 'narrowed' | 'any';

/** One compared policy (or world) as `iamspec diff` reports it. */
export interface Comparison {
  readonly title: string;
  readonly diff: PolicyDiff;
  /** The new version's file, for scenarios that reference it. */
  readonly newFile: string | undefined;
  readonly newDocument: unknown;
  /** Compared from a template, an assembly or a plan. */
  readonly fromTemplate?: boolean;
}

function principalText(request: RequestInput): string {
  if (typeof request.principal === 'string') return request.principal === '*' ? 'anonymous (*)' : request.principal;
  const extra = [
    request.principal.rolePath && request.principal.rolePath !== '/' ? `role path ${request.principal.rolePath}` : undefined,
    request.principal.federatedBy ? `made by ${request.principal.federatedBy}` : undefined,
    request.principal.uniqueId ? `unique id ${request.principal.uniqueId}` : undefined,
  ].filter(Boolean);
  return extra.length > 0 ? `${request.principal.arn} (${extra.join(', ')})` : request.principal.arn;
}

function sideLine(label: string, side: DecisionSide): string[] {
  const by = side.decidedBy.length > 0 ? ` by ${side.decidedBy.map(formatRef).join(', ')}` : '';
  const lines = [`    ${label} ${side.decision}${by}`];
  for (const unmet of side.unmet) lines.push(`             ${unmet}`);
  return lines;
}

function changeLines(change: DecisionChange, color: boolean): string[] {
  const r = change.request;
  const label =
    change.direction === 'widened'
      ? paint(color, 'bold-red', 'WIDENED ')
      : change.direction === 'narrowed'
        ? paint(color, 'yellow', 'NARROWED')
        : paint(color, 'cyan', 'CHANGED ');
  const lines = [`  ${label} ${principalText(r)} → ${r.action} on ${r.resource ?? '*'}${r.region ? ` (region ${r.region})` : ''}`];
  const context = Object.entries(r.context ?? {});
  lines.push(
    `    context: ${context.length === 0 ? '(no condition keys)' : context.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}`,
  );
  lines.push(...sideLine('before:', change.before), ...sideLine('after: ', change.after));
  const also: string[] = [];
  if (change.classes > 1) also.push(`${change.classes} request classes change this way (other values of the condition keys)`);
  const actions = change.sameForActions;
  if (actions.length > 0)
    also.push(
      `also for ${actions.length > 6 ? `${actions.slice(0, 6).join(', ')} and ${actions.length - 6} more actions` : actions.join(', ')}`,
    );
  const callers = change.sameForPrincipals;
  if (callers.length > 0)
    also.push(`also for ${callers.slice(0, 3).join(', ')}${callers.length > 3 ? ` and ${callers.length - 3} more callers` : ''}`);
  for (const line of also) lines.push(`    ${line}`);
  return lines;
}

/** The text report of `iamspec diff`: each change with a request that shows it, bounds and notes, and the verdict. */
export function renderDiffText(
  comparisons: readonly Comparison[],
  skipped: readonly { path: string; why: string }[],
  options: { limit: number; failOn: FailOn },
  color: boolean,
): string {
  const out: string[] = [];
  if (comparisons.length === 0) out.push('iamspec diff: no policy file changed.');
  for (const { title, diff } of comparisons) {
    const c = diff.counts;
    out.push(`iamspec diff: ${title}`);
    const what =
      diff.evaluatedAs === 'resource'
        ? 'Resource-based policy'
        : diff.evaluatedAs === 'identity'
          ? 'Identity-based policy'
          : 'Scenario world';
    out.push(`  ${what}: ${diff.assumption}.`);
    out.push(
      `  ${c.callerActionResourceClasses} caller/action/resource classes (from ${c.callers} callers, ` +
        `${c.actionClasses} action classes, ${c.resources} resources), ` +
        `${c.provenSame} of them unchanged by construction; ${c.evaluations} request classes evaluated; ` +
        `${diff.exact ? 'exact' : 'see the notes below'}.`,
    );
    out.push('');
    for (const change of diff.changes.slice(0, options.limit)) out.push(...changeLines(change, color), '');
    if (diff.changes.length > options.limit)
      out.push(`  …and ${diff.changes.length - options.limit} more changes (--limit, or --format json for all)`, '');
    for (const bound of diff.bounds) out.push(`  bounded: ${bound}`);
    for (const note of diff.notes) out.push(`  approximate: ${note}`);
    if (diff.bounds.length + diff.notes.length > 0) out.push('');
    out.push(`  ${c.widened} widened, ${c.narrowed} narrowed, ${c.changed} other decision changes.`, '');
  }
  for (const s of skipped) out.push(`skipped ${s.path}: ${s.why}`);
  const widened = comparisons.reduce((n, x) => n + x.diff.counts.widened, 0);
  const narrowed = comparisons.reduce((n, x) => n + x.diff.counts.narrowed, 0);
  const changed = comparisons.reduce((n, x) => n + x.diff.counts.changed, 0);
  out.push(`${widened} widened, ${narrowed} narrowed, ${changed} changed${failed(comparisons, options.failOn) ? ' — the gate fails' : ''}`);
  return `${out.join('\n')}\n`;
}

/** Whether the gate fails: access widened, or (by --fail-on) narrowed or changed. */
export function failed(comparisons: readonly Comparison[], failOn: FailOn): boolean {
  return comparisons.some(({ diff }) => {
    const c = diff.counts;
    if (c.widened > 0) return true;
    if (failOn === 'narrowed' || failOn === 'any') {
      if (c.narrowed > 0) return true;
    }
    return failOn === 'any' && c.changed > 0;
  });
}

/** The JSON report of `iamspec diff`. */
export function renderDiffJson(
  comparisons: readonly Comparison[],
  skipped: readonly { path: string; why: string }[],
  base: string | undefined,
  failOn: FailOn,
): string {
  return `${JSON.stringify(
    {
      ...(base !== undefined ? { base } : {}),
      failOn,
      failed: failed(comparisons, failOn),
      files: comparisons.map(({ title, diff }) => ({ title, ...diff })),
      skipped,
    },
    null,
    2,
  )}\n`;
}
