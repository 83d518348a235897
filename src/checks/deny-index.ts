/**
 * The Deny statements of a policy, indexed so that finding those that may cover an Allow does not
 * scan the whole policy once per Allow (which made validate and findExternalAccess quadratic in
 * the number of statements). The index only narrows: every statement it offers is still checked
 * in full by the caller, and it never leaves out one that could cover the Allow.
 *
 * A Deny can cover an Allow only if it matches the Allow's first concrete action and its first
 * resource. Denies whose Action names literal actions are filed under each (lower-cased); those
 * whose Resource names literal ARNs under each (lower-cased: a literal pattern covers a literal
 * ARN only when the two are equal, up to case at most). The rest (wildcards, NotAction,
 * NotResource, no Resource) are offered for every Allow. Of the two lists for an Allow, the shorter
 * is used.
 */
import type { DynamoAction } from '../dynamodb/catalog';
import type { Statement } from '../policy/model';
import { hasWildcard } from '../policy/wildcard';

function isLiteral(text: string): boolean {
  return text !== '*' && !hasWildcard(text) && !text.includes('${');
}

function file(into: Map<string, Statement[]>, key: string, statement: Statement): void {
  const list = into.get(key);
  if (list === undefined) into.set(key, [statement]);
  else if (list[list.length - 1] !== statement) list.push(statement);
}

/** The lower-cased texts of patterns that are all literal; undefined when any is not (or none given). */
function literalTexts(patterns: readonly { readonly text: string }[] | undefined): string[] | undefined {
  if (patterns === undefined || patterns.some((p) => !isLiteral(p.text))) return undefined;
  return [...new Set(patterns.map((p) => p.text.toLowerCase()))];
}

/**
 * Whether `deny` may apply where `allow` does, given the Allow's literal actions and resources (when
 * all are literal): false only when one side of the two is provably disjoint.
 */
function mayMeet(
  allow: Statement,
  actions: readonly string[] | undefined,
  resources: readonly string[] | undefined,
  deny: Statement,
): boolean {
  if (actions !== undefined && !deny.action.negated && !actions.some((a) => deny.action.patterns.some((p) => p.glob.matches(a))))
    return false;
  if (resources !== undefined) {
    const denied = literalTexts(deny.resource === undefined || deny.resource.negated ? undefined : deny.resource.patterns);
    if (denied !== undefined && !denied.some((r) => resources.includes(r))) return false;
  }
  return allow !== deny;
}

export class DenyIndex {
  private readonly byAction = new Map<string, Statement[]>();
  private readonly anyAction: Statement[] = [];
  private readonly byResource = new Map<string, Statement[]>();
  private readonly anyResource: Statement[] = [];
  private readonly position = new Map<Statement, number>();

  constructor(
    readonly denies: readonly Statement[],
    private readonly actionsOf: (statement: Statement) => readonly DynamoAction[],
  ) {
    denies.forEach((deny, i) => {
      this.position.set(deny, i);
      const action = deny.action;
      if (action.negated || action.patterns.some((p) => !isLiteral(p.text))) this.anyAction.push(deny);
      else for (const p of action.patterns) file(this.byAction, p.text.toLowerCase(), deny);
      const resource = deny.resource;
      if (resource === undefined || resource.negated || resource.patterns.some((p) => p.kind === 'any' || !isLiteral(p.text)))
        this.anyResource.push(deny);
      else for (const p of resource.patterns) file(this.byResource, p.text.toLowerCase(), deny);
    });
  }

  /** The Denies that may cover `allow`, in document order; `covers` is the full check. */
  covering(allow: Statement, covers: (deny: Statement) => boolean): Statement[] {
    const found: Statement[] = [];
    for (const list of this.candidates(allow)) for (const deny of list) if (covers(deny)) found.push(deny);
    if (found.length > 1) found.sort((a, b) => this.position.get(a)! - this.position.get(b)!);
    return found;
  }

  /**
   * The Denies that may apply to some request `allow` applies to, in document order: all but those
   * that name only literal actions, or only literal ARNs, none of which the Allow names (or, for
   * actions, matches by a wildcard). Sound, not complete: a Deny it offers may still never meet it.
   */
  overlapping(allow: Statement): Statement[] {
    const actions = literalTexts(allow.action.negated ? undefined : allow.action.patterns);
    const resources = literalTexts(allow.resource === undefined || allow.resource.negated ? undefined : allow.resource.patterns);
    const gather = (texts: readonly string[] | undefined, filed: Map<string, Statement[]>, rest: readonly Statement[]) =>
      texts === undefined ? undefined : [...texts.map((t) => filed.get(t) ?? []), rest];
    const byAction = gather(actions, this.byAction, this.anyAction);
    const byResource = gather(resources, this.byResource, this.anyResource);
    const size = (lists: readonly (readonly Statement[])[] | undefined) =>
      lists === undefined ? Infinity : lists.reduce((n, l) => n + l.length, 0);
    const lists =
      byAction === undefined && byResource === undefined ? [this.denies] : size(byAction) <= size(byResource) ? byAction! : byResource!;
    const found = new Set<Statement>();
    for (const list of lists) for (const deny of list) if (mayMeet(allow, actions, resources, deny)) found.add(deny);
    return [...found].sort((a, b) => this.position.get(a)! - this.position.get(b)!);
  }

  private candidates(allow: Statement): readonly (readonly Statement[])[] {
    // An Allow that grants no catalog action, or names no resource pattern, is covered vacuously
    // on that side: every Deny is a candidate.
    const firstAction = this.actionsOf(allow)[0];
    const firstResource = allow.resource === undefined || allow.resource.negated ? undefined : allow.resource.patterns[0];
    const byAction = firstAction === undefined ? undefined : [this.byAction.get(firstAction.fullName.toLowerCase()) ?? [], this.anyAction];
    const byResource =
      allow.resource === undefined || allow.resource.negated
        ? [this.anyResource]
        : firstResource === undefined
          ? undefined
          : [this.byResource.get(firstResource.text.toLowerCase()) ?? [], this.anyResource];
    const size = (lists: readonly (readonly Statement[])[] | undefined) =>
      lists === undefined ? Infinity : lists.reduce((n, l) => n + l.length, 0);
    if (byAction === undefined && byResource === undefined) return [this.denies];
    return size(byAction) <= size(byResource) ? byAction! : byResource!;
  }
}
