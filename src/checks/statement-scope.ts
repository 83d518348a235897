/**
 * What a compiled statement covers, in terms an analysis can compare: the DynamoDB actions of the
 * catalog its Action (or NotAction) element matches, and whether one statement covers another's
 * principals, actions and resources. Used to find Allow statements a Deny always overrides, and
 * Deny statements that confine an open Allow.
 *
 * Only `dynamodb:` actions matter here: a table or stream policy authorizes nothing else.
 */
import { DYNAMODB_ACTIONS, type DynamoAction } from '../dynamodb/catalog';
import { splitArn } from '../policy/arn';
import type { ResourcePattern, Statement } from '../policy/model';
import { compileWildcard, hasWildcard } from '../policy/wildcard';
import { DenyIndex } from './deny-index';

/** The catalog actions a statement's Action or NotAction element matches. */
export function coveredActions(statement: Statement): readonly DynamoAction[] {
  const { negated, patterns } = statement.action;
  return DYNAMODB_ACTIONS.filter((action) => {
    const name = action.fullName.toLowerCase();
    return patterns.some((p) => p.glob.matches(name)) !== negated;
  });
}

/** The catalog actions a list of action texts matches, for statements that did not compile. */
export function coveredActionsOfTexts(texts: readonly string[], negated: boolean): readonly DynamoAction[] {
  const globs = texts.map((t) => compileWildcard(t, true));
  return DYNAMODB_ACTIONS.filter((action) => globs.some((g) => g.matches(action.fullName.toLowerCase())) !== negated);
}

/** Whether `statement` (its Action or NotAction element) applies to the catalog action. */
export function statementCoversAction(statement: Statement, action: DynamoAction): boolean {
  const name = action.fullName.toLowerCase();
  return statement.action.patterns.some((p) => p.glob.matches(name)) !== statement.action.negated;
}

/** Whether every DynamoDB action `inner` grants is also matched by `outer`. */
export function actionsCovered(outer: Statement, inner: Statement): boolean {
  return coveredActions(inner).every((action) => statementCoversAction(outer, action));
}

function isLiteralArn(text: string): boolean {
  return text !== '*' && !hasWildcard(text) && !text.includes('${');
}

/** Whether a Resource pattern covers every ARN another pattern text can name (sound, not complete). */
function patternCovers(outer: ResourcePattern, innerText: string): boolean {
  if (outer.kind === 'any') return true;
  if (outer.text === innerText) return true;
  if (!isLiteralArn(innerText)) return false;
  const split = splitArn(innerText);
  if (!split.ok) return false;
  const { partition, service, region, account, resource } = split.arn;
  const parts = [partition, service, region, account, resource];
  return outer.components.every((component, i) => component.glob !== undefined && component.glob.matches(parts[i]!));
}

/**
 * Whether `outer` applies to every resource `inner` names. A statement without a Resource element
 * applies to the resource the policy is attached to, which is all a resource policy can name.
 */
export function resourcesCovered(outer: Statement, inner: Statement): boolean {
  const o = outer.resource;
  if (o === undefined) return true;
  if (o.negated) return false;
  if (o.patterns.some((p) => p.kind === 'any')) return true;
  const i = inner.resource;
  if (i === undefined || i.negated) return false;
  return i.patterns.every((p) => o.patterns.some((q) => patternCovers(q, p.text)));
}

/**
 * Whether `outer`'s Principal names everyone `inner`'s does: `"*"` covers all; otherwise each of
 * inner's entries must be listed in outer as written (an account does not cover its users here:
 * the evaluator, not this check, decides delegation).
 */
export function principalsCovered(outer: Statement, inner: Statement): boolean {
  const o = outer.principal;
  const i = inner.principal;
  if (o === undefined || i === undefined) return o === undefined;
  if (o.negated) return false;
  if (o.anyone) return true;
  if (i.negated || i.anyone) return false;
  const listed = new Set(o.entries.map((e) => `${e.type}:${e.text}`));
  return i.entries.length > 0 && i.entries.every((e) => listed.has(`${e.type}:${e.text}`));
}

/**
 * The Deny statements of a list that pass `test`, indexed once per list: the analyses ask, for
 * every Allow of a policy, which Deny statements bear on it, and scanning the whole policy each
 * time made them quadratic in its length. A compiled policy's statement list never changes, so it
 * is the key.
 */
export function denyIndexWhere(test: (statement: Statement) => boolean): (statements: readonly Statement[]) => DenyIndex {
  const found = new WeakMap<readonly Statement[], DenyIndex>();
  return (statements) => {
    let index = found.get(statements);
    if (index === undefined)
      found.set(
        statements,
        (index = new DenyIndex(
          statements.filter((s) => s.effect === 'Deny' && test(s)),
          coveredActions,
        )),
      );
    return index;
  };
}

const unconditionalDenies = denyIndexWhere((s) => s.conditions.length === 0);

/** The Deny statements with no condition that override `allow` entirely, if any. */
export function overridingDenies(allow: Statement, statements: readonly Statement[]): Statement[] {
  return unconditionalDenies(statements).covering(
    allow,
    (s) => s !== allow && principalsCovered(s, allow) && actionsCovered(s, allow) && resourcesCovered(s, allow),
  );
}
