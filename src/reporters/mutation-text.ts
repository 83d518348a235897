/** How `iamspec mutate` shows its results to people. */
import type { RequestInput } from '../engine/request-types';
import { formatRef } from '../engine/explain';
import type { Mutant, MutationReport } from '../gate/mutate';

function principalText(request: RequestInput): string {
  return typeof request.principal === 'string' ? request.principal : request.principal.arn;
}

function survivorLines(m: Mutant): string[] {
  const lines = [`  ${formatRef(m.statement)}: ${m.description}`];
  if (m.witness) {
    const r = m.witness.request;
    const context = Object.entries(r.context ?? {})
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(', ');
    lines.push(
      `    no case notices it; this request would: ${principalText(r)} → ${r.action} on ` +
        `${r.resource ?? '*'}${context ? ` with ${context}` : ''} (${m.witness.original} now, ` +
        `${m.witness.mutant} with the change)`,
    );
  } else {
    lines.push('    no case notices it');
  }
  return lines;
}

/** The text report of `iamspec mutate`: survivors with a request that would notice them, and the score. */
export function renderMutationText(report: MutationReport): string {
  const t = report.totals;
  const out: string[] = [];
  out.push(
    `iamspec mutate: ${report.scenarios.length} scenario ` +
      `file${report.scenarios.length === 1 ? '' : 's'}, ${report.policies} ` +
      `polic${report.policies === 1 ? 'y' : 'ies'}, ${t.mutants} mutants`,
  );
  if (report.failingCases.length > 0) {
    out.push(
      `  warning: ${report.failingCases.length} ` +
        `case${report.failingCases.length === 1 ? ' fails' : 's fail'} before any change and cannot ` +
        `notice one: ${report.failingCases.map((c) => `${c.scenario}: ${c.case}`).join('; ')}`,
    );
  }
  if (report.survivors.length > 0) {
    out.push('', 'Survivors (no case noticed the change):');
    for (const m of report.survivors) out.push(...survivorLines(m));
  }
  const invalid = report.mutants.filter((m) => m.status === 'invalid');
  if (invalid.length > 0) {
    out.push('', 'Left out (the change makes a policy that does not load):');
    for (const m of invalid) out.push(`  ${formatRef(m.statement)}: ${m.description}: ${m.invalidBecause ?? ''}`);
  }
  out.push('');
  out.push(`killed ${t.killed}, survived ${t.survived}, equivalent ${t.equivalent}, invalid ${t.invalid}`);
  out.push(`mutation score ${(t.score * 100).toFixed(1)}%`);
  return `${out.join('\n')}\n`;
}
