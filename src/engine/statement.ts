/**
 * Does a statement apply to a request? One pass over its elements in the order a person reads
 * them, stopping at the first that does not match. The answer is a small number, so that the hot
 * path allocates nothing; `trace.ts` turns it into words when someone asks.
 */
import type { ResourcePattern, Statement } from '../policy/model';
import { arnPatternMatches, conditionHolds } from './conditions';
import { notPrincipalExcludes, principalMatch } from './principal';
import type { ResolvedRequest } from './request';
import type { VariableLookup } from '../policy/variables';

/** 0: the statement applies. Otherwise the element that did not match. */
export const APPLIES = 0;
export const MISS_PRINCIPAL = 1;
export const MISS_ACTION = 2;
export const MISS_RESOURCE = 3;
/** MISS_CONDITION + i: condition i (in the statement's order) did not hold. */
export const MISS_CONDITION = 4;

export type StatementOutcome = number;

/** Outcomes of every statement of every placed policy, in `PlacedPolicySet.all` order. */
export type Outcomes = readonly (readonly StatementOutcome[])[];

export interface MatchEnvironment {
  readonly request: ResolvedRequest;
  readonly lookup: VariableLookup;
  /** A permissions boundary is in play: Deny with NotPrincipal then always applies (IAM User Guide). */
  readonly hasBoundary: boolean;
}

export function actionMatches(statement: Statement, actionLower: string): boolean {
  const patterns = statement.action.patterns;
  let hit = false;
  for (let i = 0; i < patterns.length; i++) {
    if (patterns[i]!.glob.matches(actionLower)) {
      hit = true;
      break;
    }
  }
  return hit !== statement.action.negated;
}

/** Whether a Resource pattern covers the request's resource; unresolved variables cover nothing. */
export function resourcePatternCovers(pattern: ResourcePattern, request: ResolvedRequest, lookup: VariableLookup): boolean {
  if (pattern.kind === 'any') return true;
  if (request.resourceArn === undefined) return false;
  return arnPatternMatches(pattern, request.resourceArn, lookup) === true;
}

export function resourceMatches(statement: Statement, request: ResolvedRequest, lookup: VariableLookup): boolean {
  const element = statement.resource;
  if (element === undefined) return true; // a resource-based policy without Resource: the resource it is attached to
  let hit = false;
  for (const pattern of element.patterns) {
    if (resourcePatternCovers(pattern, request, lookup)) {
      hit = true;
      break;
    }
  }
  return hit !== element.negated;
}

export function principalApplies(statement: Statement, env: MatchEnvironment): boolean {
  const element = statement.principal;
  if (element === undefined) return true;
  if (!element.negated) return principalMatch(element, env.request.caller) !== undefined;
  if (statement.effect === 'Deny' && env.hasBoundary) return true;
  return !notPrincipalExcludes(element, env.request.caller, statement.effect);
}

export function matchStatement(statement: Statement, env: MatchEnvironment): StatementOutcome {
  if (!principalApplies(statement, env)) return MISS_PRINCIPAL;
  if (!actionMatches(statement, env.request.actionLower)) return MISS_ACTION;
  if (!resourceMatches(statement, env.request, env.lookup)) return MISS_RESOURCE;
  const conditions = statement.conditions;
  for (let i = 0; i < conditions.length; i++) {
    if (!conditionHolds(conditions[i]!, env.request, env.lookup)) return MISS_CONDITION + i;
  }
  return APPLIES;
}
