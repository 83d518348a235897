/**
 * Markdown for a pull-request comment: `iamspec diff` (one section per changed policy, a table of
 * the requests whose decision changes) and `iamspec mutate` (the score and the survivors).
 * GitHub-flavoured: tables, `<details>` for the long parts, and no HTML beyond that.
 */
import type { DecisionChange, DecisionSide, PolicyDiff } from '../gate/diff';
import type { MutationReport } from '../gate/mutate';
import type { RequestInput } from '../engine/request-types';
import type { StatementRef } from '../policy/model';

/** Text safe inside a table cell: no pipes or line breaks, inside a code span where useful. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  const clean = cell(text);
  const fence = clean.includes('`') ? '``' : '`';
  return `${fence}${clean}${fence}`;
}

function principalText(request: RequestInput): string {
  return typeof request.principal === 'string' ? request.principal : request.principal.arn;
}

function contextText(request: RequestInput): string {
  const entries = Object.entries(request.context ?? {});
  if (entries.length === 0) return '—';
  return entries.map(([k, v]) => code(`${k}=${JSON.stringify(v)}`)).join('<br>');
}

function refText(ref: StatementRef): string {
  return `${ref.policy}#${ref.label}${ref.line !== undefined ? ` (line ${ref.line})` : ''}`;
}

function sideText(side: DecisionSide): string {
  const by = side.decidedBy.length > 0 ? ` by ${side.decidedBy.map((r) => code(refText(r))).join(', ')}` : '';
  return `**${side.decision}**${by}`;
}

const DIRECTION_LABEL: Record<DecisionChange['direction'], string> = {
  widened: '⚠️ widened',
  narrowed: 'narrowed',
  changed: 'deny changed',
};

export interface MarkdownDiffSection {
  /** The file (or pair of files) the section is about. */
  readonly title: string;
  readonly diff: PolicyDiff;
}

/** One section per policy: a summary line, the table of changes, and what was assumed or bounded. */
export function renderDiffMarkdown(
  sections: readonly MarkdownDiffSection[],
  options: { readonly limit: number; readonly failOn: string },
): string {
  const lines: string[] = ['## iamspec diff', ''];
  const widened = sections.reduce((n, s) => n + s.diff.counts.widened, 0);
  const narrowed = sections.reduce((n, s) => n + s.diff.counts.narrowed, 0);
  if (sections.length === 0) lines.push('No policy file changed.', '');
  for (const { title, diff } of sections) {
    lines.push(`### ${code(title)}`, '');
    const c = diff.counts;
    lines.push(
      `${c.widened > 0 ? `**${c.widened} widened**` : '0 widened'}, ${c.narrowed} narrowed, ${c.changed} other decision changes ` +
        `(${c.evaluations} request classes evaluated${diff.exact ? '; exact' : ''}).`,
      '',
    );
    if (diff.changes.length > 0) {
      lines.push('| Change | Principal | Action | Resource | Context | Before | After |', '|---|---|---|---|---|---|---|');
      for (const change of diff.changes.slice(0, options.limit)) {
        const r = change.request;
        const more = change.classes > 1 ? `<br>(+${change.classes - 1} similar)` : '';
        lines.push(
          `| ${DIRECTION_LABEL[change.direction]}${more} | ${code(principalText(r))} | ${code(r.action)} | ` +
            `${code(r.resource ?? '*')} | ${contextText(r)} | ${sideText(change.before)} | ` +
            `${sideText(change.after)} |`,
        );
      }
      if (diff.changes.length > options.limit)
        lines.push('', `…and ${diff.changes.length - options.limit} more changes (run \`iamspec diff --format json\` for all).`);
      lines.push('');
      const reasons = diff.changes
        .slice(0, options.limit)
        .flatMap((change) => [...change.before.unmet.map((u) => `before: ${u}`), ...change.after.unmet.map((u) => `after: ${u}`)]);
      if (reasons.length > 0) {
        lines.push(
          '<details><summary>Why the conditions decide differently</summary>',
          '',
          ...[...new Set(reasons)].map((r) => `- ${cell(r)}`),
          '',
          '</details>',
          '',
        );
      }
    }
    const caveats = [
      `How: ${diff.assumption}.`,
      ...diff.bounds.map((b) => `Bounded: ${b}.`),
      ...diff.notes.map((n) => `Approximate: ${n}.`),
    ];
    lines.push('<details><summary>How this was computed</summary>', '', ...caveats.map((c) => `- ${cell(c)}`), '', '</details>', '');
  }
  const gate = widened > 0 || (options.failOn !== 'widened' && narrowed > 0) ? '❌ the gate fails' : '✅ the gate passes';
  const failsOn =
    options.failOn === 'widened' ? 'widened access' : options.failOn === 'narrowed' ? 'widened or narrowed access' : 'any decision change';
  lines.push(`${gate} (fails on: ${failsOn}).`, '');
  return lines.join('\n');
}

/** The mutation score and every surviving mutant, for a pull-request comment. */
export function renderMutationMarkdown(report: MutationReport, options: { readonly limit: number }): string {
  const t = report.totals;
  const lines: string[] = ['## iamspec mutate', ''];
  lines.push(
    `**Score ${(t.score * 100).toFixed(1)}%**: ${t.killed} of ${t.killed + t.survived} mutants noticed by at least one case` +
      ` (${t.equivalent} equivalent to the original and ${t.invalid} invalid left out).`,
    '',
  );
  if (report.survivors.length > 0) {
    lines.push('| Policy | Statement | Change | A request that tells them apart |', '|---|---|---|---|');
    for (const s of report.survivors.slice(0, options.limit)) {
      const where = `${s.statement.label}${s.statement.line !== undefined ? ` (line ${s.statement.line})` : ''}`;
      const witness = s.witness
        ? `${code(principalText(s.witness.request))} ${code(s.witness.request.action)} on ` +
          `${code(s.witness.request.resource ?? '*')} ${contextText(s.witness.request)}: ` +
          `${s.witness.original} → ${s.witness.mutant}`
        : '—';
      lines.push(`| ${code(s.file ?? s.policy)} | ${code(where)} | ${cell(s.description)} | ${witness} |`);
    }
    if (report.survivors.length > options.limit)
      lines.push('', `…and ${report.survivors.length - options.limit} more survivors (run \`iamspec mutate --format json\` for all).`);
    lines.push('');
  }
  return lines.join('\n');
}
