/**
 * Evaluating one condition (operator, key, values) against a request: the missing-key rule,
 * `IfExists`, the set qualifiers, and each operator family's comparison.
 */
import type { ArnParts } from '../policy/arn';
import { splitArn } from '../policy/arn';
import type { Condition, ResourcePattern, StringValue } from '../policy/model';
import { ipInRange, parseBool, parseIamDate, parseIpAddress, parseNumber } from '../policy/values';
import { resolveTemplate, resolveTemplateText, type Template, type VariableLookup } from '../policy/variables';
import { compileGlob } from '../policy/wildcard';
import { findGlobalConditionKey, findWebIdentityKey } from '../condition-keys/global';
import type { ResolvedRequest } from './request';
import { memoWhileServicesLast, serviceFor } from './services';

/**
 * Whether AWS types the key as a list (`ArrayOf...`): such a key is never substituted. Global and
 * web-identity keys are the engine's own catalog; a service's keys come from its `ServiceModel`.
 */
const isMultivaluedKey = memoWhileServicesLast(1024, (keyLower) => {
  const known = findGlobalConditionKey(keyLower) ?? findWebIdentityKey(keyLower);
  if (known !== undefined) return known.multivalued;
  const colon = keyLower.indexOf(':');
  const types = colon > 0 ? serviceFor(keyLower.slice(0, colon))?.conditionKeyTypes(keyLower) : undefined;
  return types !== undefined && types.some((type) => type.startsWith('ArrayOf'));
});

/**
 * Policy variables read single-valued keys only (IAM User Guide, "IAM policy elements: Variables
 * and tags"): a multivalued key has no single value to substitute, even when the request happens to
 * carry one, so it resolves like an absent key (to the default, if the variable has one).
 */
export function variableLookup(request: ResolvedRequest): VariableLookup {
  return (keyLower) => {
    const entry = request.context.get(keyLower);
    return entry && entry.values.length === 1 && !isMultivaluedKey(keyLower) ? entry.values[0] : undefined;
  };
}

function compareNumbers(comparison: Condition['operator']['comparison'], actual: number, expected: number): boolean {
  switch (comparison) {
    case 'equals':
      return actual === expected;
    case 'lessThan':
      return actual < expected;
    case 'lessThanEquals':
      return actual <= expected;
    case 'greaterThan':
      return actual > expected;
    case 'greaterThanEquals':
      return actual >= expected;
    default:
      return false;
  }
}

function stringMatches(condition: Condition, value: StringValue, actual: string, lookup: VariableLookup): boolean | undefined {
  const comparison = condition.operator.comparison;
  if (value.text !== undefined) {
    if (comparison === 'like') return value.glob!.matches(actual);
    if (comparison === 'equalsIgnoreCase') return actual.toLowerCase() === value.text;
    return actual === value.text;
  }
  // A value with variables: resolved per request; unresolved means "no value to compare".
  if (comparison === 'like') {
    const pieces = resolveTemplate(value.template, lookup);
    return pieces === undefined ? undefined : compileGlob(pieces).matches(actual);
  }
  const text = resolveTemplateText(value.template, lookup);
  if (text === undefined) return undefined;
  return comparison === 'equalsIgnoreCase' ? actual.toLowerCase() === text.toLowerCase() : actual === text;
}

/** Matches an ARN (split) against a pattern component by component; undefined when a variable has no value. */
export function arnPatternMatches(pattern: ResourcePattern, arn: ArnParts, lookup: VariableLookup): boolean | undefined {
  if (pattern.kind === 'any') return true;
  const actual = [arn.partition, arn.service, arn.region, arn.account, arn.resource];
  for (let i = 0; i < 5; i++) {
    const component = pattern.components[i]!;
    const text = actual[i]!;
    if (component.glob) {
      if (!component.glob.matches(text)) return false;
      continue;
    }
    const pieces = resolveTemplate(component.template, lookup);
    if (pieces === undefined) return undefined;
    if (!compileGlob(pieces).matches(text)) return false;
  }
  return true;
}

function boolValue(value: boolean | Template, lookup: VariableLookup): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = resolveTemplateText(value, lookup);
  return text === undefined ? undefined : parseBool(text);
}

/**
 * Whether one request value matches at least one policy value (the positive reading). Values whose
 * variables have no value are left out: they match nothing, and under a negated operator they
 * exclude nothing.
 */
function anyValueMatches(condition: Condition, actual: string, lookup: VariableLookup): boolean {
  const compiled = condition.compiled;
  switch (compiled.family) {
    case 'String':
      return compiled.values.some((v) => stringMatches(condition, v, actual, lookup) === true);
    case 'Arn': {
      const split = splitArn(actual);
      if (!split.ok) return compiled.values.some((v) => v.kind === 'any');
      return compiled.values.some((v) => arnPatternMatches(v, split.arn, lookup) === true);
    }
    case 'Numeric': {
      const n = parseNumber(actual);
      return n !== undefined && compiled.values.some((v) => compareNumbers(condition.operator.comparison, n, v));
    }
    case 'Date': {
      const d = parseIamDate(actual);
      return d !== undefined && compiled.values.some((v) => compareNumbers(condition.operator.comparison, d, v));
    }
    case 'Bool': {
      const b = parseBool(actual);
      return b !== undefined && compiled.values.some((v) => boolValue(v, lookup) === b);
    }
    case 'Binary':
      return compiled.values.includes(actual);
    case 'IpAddress': {
      const address = parseIpAddress(actual);
      return address !== undefined && compiled.values.some((range) => ipInRange(address, range));
    }
    case 'Null':
      return false;
  }
}

/** The values a condition's key has in the request; undefined when the key is absent (or empty). */
export function requestValues(condition: Condition, request: ResolvedRequest): readonly string[] | undefined {
  const entry = request.context.get(condition.keyLower);
  return entry === undefined || entry.values.length === 0 ? undefined : entry.values;
}

/** Evaluates one condition. Pure; the same inputs always give the same answer. */
export function conditionHolds(condition: Condition, request: ResolvedRequest, lookup: VariableLookup): boolean {
  const op = condition.operator;
  const values = requestValues(condition, request);
  if (op.family === 'Null') {
    const absent = values === undefined;
    // Null under a set qualifier still asks about presence (Access Analyzer flags it as pointless).
    return (condition.compiled.values as readonly boolean[]).some((wantsAbsent) => wantsAbsent === absent);
  }
  if (values === undefined) {
    if (op.ifExists) return true;
    if (op.qualifier === 'ForAllValues') return true;
    if (op.qualifier === 'ForAnyValue') return false;
    return op.negated;
  }
  // A negated operator holds for a value that matches none of the policy's values.
  const holdsFor = (v: string) => anyValueMatches(condition, v, lookup) !== op.negated;
  if (op.qualifier === 'ForAllValues') return values.every(holdsFor);
  if (op.qualifier === 'ForAnyValue') return values.some(holdsFor);
  // No qualifier: a single value compares directly. For several values (a multivalued key without a
  // qualifier, which validate() flags) a positive operator holds when any value matches and a
  // negated one when none does, so that the negated operator stays the negation of the positive.
  if (values.length === 1) return holdsFor(values[0]!);
  const anyMatch = values.some((v) => anyValueMatches(condition, v, lookup));
  return anyMatch !== op.negated;
}

/**
 * How a condition that held relied on the key's absence: `IfExists`, `ForAllValues` and negated
 * operators all hold for a missing key. Undefined when the key was present or the condition is Null.
 */
export function absenceReliance(
  condition: Condition,
  request: ResolvedRequest,
): 'if-exists' | 'for-all-values' | 'negated' | 'absent' | undefined {
  if (condition.operator.family === 'Null') return undefined;
  if (requestValues(condition, request) !== undefined) return undefined;
  const op = condition.operator;
  if (op.ifExists) return 'if-exists';
  if (op.qualifier === 'ForAllValues') return 'for-all-values';
  if (op.negated && op.qualifier === undefined) return 'negated';
  return 'absent';
}
