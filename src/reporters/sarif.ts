/**
 * SARIF 2.1.0 for `iamspec check`, the format GitHub code scanning reads: each finding becomes a
 * result at its policy file's line and column, so that a pull request shows it on the line that
 * causes it. GitHub's requirements shape the details: every result has a location (a finding about
 * the whole document points at line 1), file URIs are relative to the repository root (with the
 * base `%SRCROOT%`, declared in `originalUriBaseIds`) even when the files were named by absolute
 * paths, rule ids are stable (the finding codes), and each result carries a partial fingerprint so
 * that an alert is matched across runs even when lines move. A file outside the repository keeps
 * an absolute `file:` URI.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FINDING_RULES, type Finding, type Severity } from '../checks/findings';

export interface SarifPolicyInput {
  /** The file as given on the command line (relative to `cwd`, or absolute). */
  readonly file: string;
  readonly findings: readonly Finding[];
}

export interface SarifOptions {
  readonly toolVersion: string;
  /** The directory relative file names start from. */
  readonly cwd: string;
  /** The repository root, which file URIs are relative to (default `cwd`). */
  readonly root?: string;
}

/** The base the relative URIs are resolved against (the name GitHub's own examples use). */
export const SARIF_ROOT_BASE = '%SRCROOT%';

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

/** Where a file is, as SARIF writes it: relative to the root with its base, or an absolute URI outside it. */
function artifactLocation(file: string, cwd: string, root: string): { uri: string; uriBaseId?: string } {
  const absolute = resolve(cwd, file);
  const rel = relative(root, absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(absolute).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SARIF_ROOT_BASE };
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
  const root = resolve(options.cwd, options.root ?? options.cwd);
  for (const policy of policies) {
    const location = artifactLocation(policy.file, options.cwd, root);
    const uri = location.uri;
    for (const f of policy.findings) {
      if (!ruleIndex.has(f.code)) {
        ruleIndex.set(f.code, ruleIds.length);
        ruleIds.push(f.code);
        severityOfRule.set(f.code, f.severity);
      }
      const line = f.location?.line ?? f.statement?.line ?? 1;
      const column =
        f.location?.line !== undefined ? (f.location.column ?? 1) : f.statement?.line !== undefined ? (f.statement.column ?? 1) : 1;
      const statement = f.location?.statement ?? f.statement?.label;
      results.push({
        ruleId: f.code,
        ruleIndex: ruleIndex.get(f.code),
        level: LEVEL[f.severity],
        message: { text: statement !== undefined ? `${f.message} (statement ${statement})` : f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: location,
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
                physicalLocation: {
                  artifactLocation: { uri },
                  region: { startLine: ref.line ?? 1, startColumn: ref.line !== undefined ? (ref.column ?? 1) : 1 },
                },
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
        // An absolute URI must end with a slash to be a base (SARIF 2.1.0, 3.14.14).
        originalUriBaseIds: { [SARIF_ROOT_BASE]: { uri: pathToFileURL(root).href.replace(/\/?$/, '/') } },
        // Columns count UTF-16 code units, as the policy reader measures them.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
