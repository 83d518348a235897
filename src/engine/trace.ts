/**
 * Turning statement outcomes into words: the trace (every statement, applied or not, and the first
 * element that did not match) and the ledger (what the decision leaned on that the request did not
 * say). Built only when read, so that deciding stays cheap.
 */
import type { Condition, ResourcePattern, Statement } from '../policy/model';
import { absenceReliance, requestValues } from './conditions';
import type { LedgerEntry, Mismatch, PolicyTrace, StatementTrace } from './decision-types';
import type { PlacedPolicy, PlacedPolicySet } from './policy-set';
import { principalMatch } from './principal';
import { APPLIES, MISS_ACTION, MISS_CONDITION, MISS_PRINCIPAL, MISS_RESOURCE, type MatchEnvironment, type Outcomes } from './statement';

function quoteList(values: readonly string[]): string {
  return values.length === 0 ? '[]' : `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

function patternTexts(patterns: readonly ResourcePattern[]): string[] {
  return patterns.map((p) => p.text);
}

function principalTexts(statement: Statement): string[] {
  const element = statement.principal!;
  return [...(element.anyone ? ['*'] : []), ...element.entries.map((e) => e.text)];
}

function callerText(env: MatchEnvironment): string {
  const caller = env.request.caller;
  return caller.arn ?? caller.service ?? 'anonymous';
}

function describeCondition(condition: Condition, env: MatchEnvironment): Mismatch {
  const values = requestValues(condition, env.request);
  const op = condition.operator;
  const policy = quoteList(condition.rawValues);
  let message: string;
  if (values === undefined) {
    message = `${op.name} on ${condition.key}: the request does not carry ${condition.key} (policy wants ${policy})`;
    if (op.qualifier === 'ForAnyValue') message += '; ForAnyValue is false for a missing key';
  } else {
    message =
      `${op.name} on ${condition.key}: the request has ${quoteList(values)}, the policy ` +
      `${op.negated ? 'excludes' : 'wants'} ${policy}`;
    if (
      op.family === 'String' &&
      op.comparison === 'equals' &&
      condition.rawValues.some((v) => v.endsWith('-') || v.endsWith('/') || v.endsWith('*'))
    ) {
      message += ` (${op.base} compares whole values; a prefix needs ${op.negated ? 'StringNotLike' : 'StringLike'} with "*")`;
    }
  }
  return {
    element: 'Condition',
    message,
    operator: op.name,
    key: condition.key,
    policyValues: condition.rawValues,
    requestValues: values,
    line: condition.line,
  };
}

export function describeMismatch(statement: Statement, outcome: number, env: MatchEnvironment): Mismatch | undefined {
  const request = env.request;
  if (outcome === APPLIES) return undefined;
  if (outcome === MISS_PRINCIPAL) {
    const element = statement.principal!.negated ? 'NotPrincipal' : 'Principal';
    const listed = principalTexts(statement);
    const message =
      element === 'Principal'
        ? `Principal ${quoteList(listed)} does not name the caller ${callerText(env)}`
        : `NotPrincipal ${quoteList(listed)} leaves out the caller ${callerText(env)}`;
    return { element, message, policyValues: listed, requestValue: callerText(env) };
  }
  if (outcome === MISS_ACTION) {
    const element = statement.action.negated ? 'NotAction' : 'Action';
    const listed = statement.action.patterns.map((p) => p.text);
    const message =
      element === 'Action'
        ? `Action ${quoteList(listed)} does not cover ${request.action}`
        : `NotAction ${quoteList(listed)} lists ${request.action}, so the statement leaves it out`;
    return { element, message, policyValues: listed, requestValue: request.action };
  }
  if (outcome === MISS_RESOURCE) {
    const element = statement.resource!.negated ? 'NotResource' : 'Resource';
    const listed = patternTexts(statement.resource!.patterns);
    let message =
      element === 'Resource'
        ? `Resource ${quoteList(listed)} does not cover ${request.resource}`
        : `NotResource ${quoteList(listed)} lists ${request.resource}, so the statement leaves it out`;
    if (request.resolvedFromName !== undefined) {
      message +=
        ` (the bare table name "${request.resolvedFromName}" resolves to the caller's own account ` +
        `${request.caller.account}; only a full table ARN reaches another account's table)`;
    }
    return { element, message, policyValues: listed, requestValue: request.resource };
  }
  const condition = statement.conditions[outcome - MISS_CONDITION]!;
  return describeCondition(condition, env);
}

function traceStatement(placed: PlacedPolicy, statement: Statement, outcome: number, env: MatchEnvironment): StatementTrace {
  const ref = statement.ref.kind === placed.kind ? statement.ref : { ...statement.ref, kind: placed.kind };
  const match =
    outcome === APPLIES && statement.principal && !statement.principal.negated
      ? principalMatch(statement.principal, env.request.caller)
      : undefined;
  return {
    statement: ref,
    effect: statement.effect,
    applied: outcome === APPLIES,
    mismatch: describeMismatch(statement, outcome, env),
    principalMatch: match,
  };
}

export function buildTrace(set: PlacedPolicySet, outcomes: Outcomes, env: MatchEnvironment): PolicyTrace[] {
  return set.all.map((placed, i) => ({
    policy: placed.policy.name,
    kind: placed.kind,
    level: placed.level,
    file: placed.policy.file,
    statements: placed.policy.statements.map((s, j) => traceStatement(placed, s, outcomes[i]![j]!, env)),
  }));
}

const RELIANCE_TEXT = {
  'if-exists': 'held only because the key is absent (IfExists)',
  'for-all-values': 'held only because the key is absent (ForAllValues is true for a missing key)',
  negated: 'held only because the key is absent (a negated operator is true for a missing key)',
  absent: 'did not hold because the key is absent',
} as const;

/**
 * For each statement whose Principal, Action and Resource matched: the conditions that were decided
 * by the absence of their key. For statements that applied, those that held because of it; for
 * those that did not, the condition that failed because of it.
 */
export function buildLedger(set: PlacedPolicySet, outcomes: Outcomes, env: MatchEnvironment): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  set.all.forEach((placed, i) => {
    placed.policy.statements.forEach((statement, j) => {
      const outcome = outcomes[i]![j]!;
      if (outcome !== APPLIES && outcome < MISS_CONDITION) return;
      const ref = statement.ref.kind === placed.kind ? statement.ref : { ...statement.ref, kind: placed.kind };
      const lastChecked = outcome === APPLIES ? statement.conditions.length - 1 : outcome - MISS_CONDITION;
      for (let k = 0; k <= lastChecked; k++) {
        const condition = statement.conditions[k]!;
        const reliance = absenceReliance(condition, env.request);
        if (reliance === undefined) continue;
        const failed = k === lastChecked && outcome !== APPLIES;
        if (failed !== (reliance === 'absent')) continue;
        entries.push({
          statement: ref,
          effect: statement.effect,
          operator: condition.operator.name,
          key: condition.key,
          reliance,
          applied: outcome === APPLIES,
          message: `${condition.operator.name} on ${condition.key} ${RELIANCE_TEXT[reliance]}`,
        });
      }
    });
  });
  return entries;
}
