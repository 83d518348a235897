/**
 * SARIF 2.1.0 for `iamspec check`, the format GitHub code scanning reads: each finding becomes a
 * result at its policy file's line and column, so that a pull request shows it on the line that
 * causes it. GitHub's requirements shape the details: every result has a location (a finding about
 * the whole document points at line 1), file URIs are relative to the repository root with forward
 * slashes, rule ids are stable (the finding codes), and each result carries a partial fingerprint
 * so that an alert is matched across runs even when lines move.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { FINDING_RULES, type Finding, type Severity } from '../../analysis/findings';

export interface SarifPolicyInput {
  /** The file as given on the command line (relative to `cwd`, or absolute). */
  readonly file: string;
  readonly findings: readonly Finding[];
}

export interface SarifOptions {
  readonly toolVersion: string;
  /** The directory file URIs are made relative to: the repository root in CI. */
  readonly cwd: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', suggestion: 'note' };

/** Rule summaries for the loader's codes, which FINDING_RULES does not list (they are errors of a policy that does not load). */
const LOAD_RULE_SUMMARY = 'The policy does not load: AWS would reject it as written.';

function ruleName(code: string): string {
  return code
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function ruleSummary(code: string): string {
  const rule = (FINDING_RULES as Record<string, { summary: string } | undefined>)[code];
  return rule?.summary ?? LOAD_RULE_SUMMARY;
}

function uriOf(file: string, cwd: string): string {
  const absolute = isAbsolute(file) ? file : resolve(cwd, file);
  const rel = relative(cwd, absolute);
  const path = rel.startsWith('..') || isAbsolute(rel) ? absolute : rel;
  return path.split(sep).join('/');
}

function fingerprint(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** The SARIF log for a run of `iamspec check`, as an object ready for JSON.stringify. */
export function sarifLog(policies: readonly SarifPolicyInput[], options: SarifOptions): object {
  const ruleIds: string[] = [];
  const ruleIndex = new Map<string, number>();
  const severityOfRule = new Map<string, Severity>();
  const results: object[] = [];
  for (const policy of policies) {
    const uri = uriOf(policy.file, options.cwd);
    for (const f of policy.findings) {
      if (!ruleIndex.has(f.code)) {
        ruleIndex.set(f.code, ruleIds.length);
        ruleIds.push(f.code);
        severityOfRule.set(f.code, f.severity);
      }
      const line = f.location?.line ?? f.statement?.line ?? 1;
      const column = f.location?.line !== undefined ? (f.location.column ?? 1) : f.statement?.line !== undefined ? (f.statement.column ?? 1) : 1;
      const statement = f.location?.statement ?? f.statement?.label;
      results.push({
        ruleId: f.code,
        ruleIndex: ruleIndex.get(f.code),
        level: LEVEL[f.severity],
        message: { text: statement !== undefined ? `${f.message} (statement ${statement})` : f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri },
              region: { startLine: line, startColumn: column },
            },
            ...(f.location?.path ? { logicalLocations: [{ fullyQualifiedName: f.location.path, kind: 'member' }] } : {}),
          },
        ],
        // The statements the finding is about besides its own (the Deny that blocks a dead Allow).
        ...(f.related !== undefined
          ? {
              relatedLocations: f.related.map((ref, id) => ({
                id,
                message: { text: `statement ${ref.label}` },
                physicalLocation: { artifactLocation: { uri }, region: { startLine: ref.line ?? 1, startColumn: ref.line !== undefined ? (ref.column ?? 1) : 1 } },
              })),
            }
          : {}),
        partialFingerprints: { 'iamspecFinding/v1': fingerprint([f.code, uri, statement ?? '', f.location?.path ?? '', f.message]) },
        ...(statement !== undefined ? { properties: { statement } } : {}),
      });
    }
  }
  const rules = ruleIds.map((id) => {
    const severity = severityOfRule.get(id)!;
    const summary = ruleSummary(id);
    return {
      id,
      name: ruleName(id),
      shortDescription: { text: summary },
      fullDescription: { text: summary },
      defaultConfiguration: { level: LEVEL[severity] },
      properties: {
        tags: ['security', 'iam', 'dynamodb'],
        precision: 'very-high',
        'problem.severity': severity === 'suggestion' ? 'recommendation' : severity,
        // GitHub ranks security alerts by this score: public access is the gravest finding.
        ...(id === 'public-access' ? { 'security-severity': '9.0' } : severity === 'error' ? { 'security-severity': '7.0' } : {}),
      },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'iamspec', version: options.toolVersion, informationUri: 'https://www.npmjs.com/package/iamspec', rules } },
        // Columns count UTF-16 code units, as the policy reader measures them.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
