/**
 * How statement coverage is shown: a table for the terminal, JSON for tools, and lcov keyed to the
 * policy files' lines (for coverage viewers).
 */
import { unexercised, type CoverageReport, type StatementCoverage } from '../gate/coverage';
import type { StatementRef } from '../policy/model';

function where(ref: StatementRef): string {
  return `${ref.policy}#${ref.label}${ref.file !== undefined ? ` (${ref.file}${ref.line !== undefined ? `:${ref.line}` : ''})` : ''}`;
}

/** A table for the terminal: one row per statement, then what no case exercised. */
export function renderCoverageTable(report: CoverageReport): string {
  const rows: string[][] = [['statement', 'line', 'effect', 'in play', 'matched', 'applied', 'decided']];
  for (const policy of report.policies) {
    rows.push([`${policy.file ?? policy.policy}${policy.file !== undefined ? ` (${policy.policy})` : ''}`, '', '', '', '', '', '']);
    for (const s of policy.statements) {
      rows.push([
        `  ${s.statement.label}`,
        String(s.statement.line ?? ''),
        s.effect,
        String(s.evaluated),
        String(s.matched),
        String(s.applied),
        String(s.decided),
      ]);
    }
  }
  // Policy rows (a file name, no numbers) stand on their own line and do not widen the columns.
  const isPolicyRow = (r: readonly string[]) => r !== rows[0] && r[2] === '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.filter((r) => !isPolicyRow(r)).map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    isPolicyRow(r) ? r[0]! : r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
  );
  const t = report.totals;
  lines.push(
    '',
    `statements covered: ${t.coveredStatements}/${t.statements} (${t.statementPercent}%); condition ` +
      `values exercised: ${t.exercisedValues}/${t.conditionValues} (${t.valuePercent}%); ${t.cases} ` +
      `cases`,
  );
  const gaps = unexercised(report);
  if (gaps.statements.length + gaps.values.length > 0) {
    lines.push('not exercised:');
    for (const s of gaps.statements)
      lines.push(
        `  ${where(s.statement)}: no case made this ${s.effect} ` +
          `apply${s.matched > 0 ? ` (matched ${s.matched} cases; its conditions never all held)` : ''}`,
      );
    for (const v of gaps.values)
      lines.push(
        `  ${where(v.statement)}${v.condition.line !== undefined ? ` line ${v.condition.line}` : ''}: ` +
          `${v.condition.operator} ${v.condition.key} ${JSON.stringify(v.value)}: no request matched this ` +
          `value`,
      );
  }
  return `${lines.join('\n')}\n`;
}

/** The report as JSON, with the unexercised parts listed for tools. */
export function renderCoverageJson(report: CoverageReport): string {
  return `${JSON.stringify({ ...report, unexercised: unexercised(report) }, null, 2)}\n`;
}

/**
 * lcov, keyed to the policy files' lines: each statement is a line (hit when it applied) and a
 * function named by its label (hit when it decided), each condition value a branch at its key's line
 * (taken when a request matched it). Statements of policies written inline in a scenario file are
 * keyed to that file's lines. Files appear once, whatever names the scenarios gave the policy.
 */
export function renderLcov(report: CoverageReport): string {
  const byFile = new Map<string, StatementCoverage[]>();
  for (const policy of report.policies) {
    if (policy.file === undefined) continue;
    const list = byFile.get(policy.file) ?? [];
    list.push(...policy.statements);
    byFile.set(policy.file, list);
  }
  const out: string[] = [];
  for (const [file, statements] of byFile) {
    out.push('TN:iamspec', `SF:${file}`);
    const located = statements.filter((s) => s.statement.line !== undefined);
    for (const s of located) out.push(`FN:${s.statement.line},${s.statement.policy}#${s.statement.label}`);
    for (const s of located) out.push(`FNDA:${s.decided},${s.statement.policy}#${s.statement.label}`);
    out.push(`FNF:${located.length}`, `FNH:${located.filter((s) => s.decided > 0).length}`);
    let branches = 0;
    let taken = 0;
    located.forEach((s, block) => {
      s.conditions.forEach((condition, ci) => {
        condition.values.forEach((v, vi) => {
          const line = condition.line ?? s.statement.line!;
          out.push(`BRDA:${line},${block},${ci * 1000 + vi},${s.matched === 0 ? '-' : v.cases}`);
          branches++;
          if (v.cases > 0) taken++;
        });
      });
    });
    out.push(`BRF:${branches}`, `BRH:${taken}`);
    const lines = new Map<number, number>();
    for (const s of located) lines.set(s.statement.line!, Math.max(lines.get(s.statement.line!) ?? 0, s.applied));
    for (const [line, hits] of [...lines].sort((a, b) => a[0] - b[0])) out.push(`DA:${line},${hits}`);
    out.push(`LF:${lines.size}`, `LH:${[...lines.values()].filter((h) => h > 0).length}`, 'end_of_record');
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}
