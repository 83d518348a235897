/**
 * What every reporter says the same way: the closing line, and how a case's decision and deciding
 * statements read.
 */
import type { StatementRef } from '../policy/model';
import type { CaseResult } from '../scenarios/run';
import type { SuiteOutcome } from '../scenarios/suite';

/**
 * `N passed, N failed`: the last line of a run. Cases that could not be evaluated count as failed
 * (they did not pass); files that did not load and paths that found nothing are said on the lines
 * before it.
 */
export function summaryLine(result: SuiteOutcome): string {
  const t = result.totals;
  return `${t.passed} passed, ${t.failed + t.errors} failed`;
}

/** The lines before the summary: what else kept the run from passing, or was left out. */
export function summaryNotes(result: SuiteOutcome): string[] {
  const t = result.totals;
  const notes: string[] = [];
  for (const problem of result.problems) notes.push(`no scenario file: ${problem}`);
  if (t.files === 0 && result.problems.length === 0) notes.push('no scenario file was found');
  if (t.invalidFiles > 0)
    notes.push(
      `${t.invalidFiles} file${t.invalidFiles === 1 ? '' : 's'} could not be loaded; ` +
        `${t.invalidFiles === 1 ? 'its' : 'their'} cases did not run`,
    );
  if (t.errors > 0) notes.push(`${t.errors} case${t.errors === 1 ? '' : 's'} could not be evaluated`);
  if (t.notRun > 0)
    notes.push(
      `${t.notRun} known-defect case${t.notRun === 1 ? '' : 's'} not run (--include-known-defects runs ${t.notRun === 1 ? 'it' : 'them'})`,
    );
  if (t.files > 0 && t.invalidFiles < t.files && t.passed + t.failed + t.errors === 0) notes.push('no case ran');
  return notes;
}

/** Each statement's text, once: a run of 100,000 cases names the same few statements over and over. */
const refTexts = new WeakMap<StatementRef, string>();

export function refText(ref: StatementRef): string {
  let text = refTexts.get(ref);
  if (text === undefined) {
    const where = ref.file ? ` (${ref.file}${ref.line !== undefined ? `:${ref.line}` : ''})` : '';
    refTexts.set(ref, (text = `${ref.policy}#${ref.label}${where}`));
  }
  return text;
}

/** "Allow by central#Statement1 (file:line)", "ImplicitDeny: no Allow from the resource-based policy". */
export function outcomeText(c: CaseResult): string {
  if (c.decision === undefined) return '';
  if (c.decidedBy.length > 0) return `${c.decision} by ${c.decidedBy.map(refText).join(', ')}`;
  if (c.missing.length > 0) return `${c.decision}: no Allow from ${[...new Set(c.missing)].join(', ')}`;
  return c.decision;
}
