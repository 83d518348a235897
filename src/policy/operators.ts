/**
 * Condition operators: the closed list AWS defines, with the `IfExists` suffix and the
 * `ForAllValues:` / `ForAnyValue:` prefixes. Anything else is a policy error, never "false".
 */

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

/** How values compare within a family. */
export type Comparison =
  'equals' | 'equalsIgnoreCase' | 'like' | 'lessThan' | 'lessThanEquals' | 'greaterThan' | 'greaterThanEquals' | 'inRange' | 'isNull';

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

export interface OperatorSpec {
  /** The operator as written, e.g. `ForAllValues:StringLikeIfExists`. */
  readonly name: string;
  /** The base operator, e.g. `StringLike`. */
  readonly base: string;
  readonly family: OperatorFamily;
  readonly comparison: Comparison;
  /** `StringNotEquals`, `NotIpAddress`, `ArnNotLike`...: true when no policy value matches. */
  readonly negated: boolean;
  readonly ifExists: boolean;
  readonly qualifier: SetQualifier | undefined;
  /** Whether values of this operator may hold policy variables. */
  readonly takesVariables: boolean;
}

interface BaseOperator {
  readonly family: OperatorFamily;
  readonly comparison: Comparison;
  readonly negated: boolean;
}

// A Map, not an object: an operator named after an Object.prototype member (`constructor`,
// `toString`, `__proto__`) must be unknown, never an inherited value.
const BASE: ReadonlyMap<string, BaseOperator> = new Map(
  Object.entries({
    StringEquals: { family: 'String', comparison: 'equals', negated: false },
    StringNotEquals: { family: 'String', comparison: 'equals', negated: true },
    StringEqualsIgnoreCase: { family: 'String', comparison: 'equalsIgnoreCase', negated: false },
    StringNotEqualsIgnoreCase: { family: 'String', comparison: 'equalsIgnoreCase', negated: true },
    StringLike: { family: 'String', comparison: 'like', negated: false },
    StringNotLike: { family: 'String', comparison: 'like', negated: true },
    NumericEquals: { family: 'Numeric', comparison: 'equals', negated: false },
    NumericNotEquals: { family: 'Numeric', comparison: 'equals', negated: true },
    NumericLessThan: { family: 'Numeric', comparison: 'lessThan', negated: false },
    NumericLessThanEquals: { family: 'Numeric', comparison: 'lessThanEquals', negated: false },
    NumericGreaterThan: { family: 'Numeric', comparison: 'greaterThan', negated: false },
    NumericGreaterThanEquals: { family: 'Numeric', comparison: 'greaterThanEquals', negated: false },
    DateEquals: { family: 'Date', comparison: 'equals', negated: false },
    DateNotEquals: { family: 'Date', comparison: 'equals', negated: true },
    DateLessThan: { family: 'Date', comparison: 'lessThan', negated: false },
    DateLessThanEquals: { family: 'Date', comparison: 'lessThanEquals', negated: false },
    DateGreaterThan: { family: 'Date', comparison: 'greaterThan', negated: false },
    DateGreaterThanEquals: { family: 'Date', comparison: 'greaterThanEquals', negated: false },
    Bool: { family: 'Bool', comparison: 'equals', negated: false },
    BinaryEquals: { family: 'Binary', comparison: 'equals', negated: false },
    IpAddress: { family: 'IpAddress', comparison: 'inRange', negated: false },
    NotIpAddress: { family: 'IpAddress', comparison: 'inRange', negated: true },
    ArnEquals: { family: 'Arn', comparison: 'like', negated: false },
    ArnLike: { family: 'Arn', comparison: 'like', negated: false },
    ArnNotEquals: { family: 'Arn', comparison: 'like', negated: true },
    ArnNotLike: { family: 'Arn', comparison: 'like', negated: true },
    Null: { family: 'Null', comparison: 'isNull', negated: false },
  } satisfies Record<string, BaseOperator>),
);

export const BASE_OPERATORS: readonly string[] = [...BASE.keys()];

export type OperatorParse =
  { ok: true; spec: OperatorSpec } | { ok: false; message: string; code: 'unknown-operator' | 'invalid-operator-combination' };

function closest(name: string): string | undefined {
  const lower = name.toLowerCase();
  return BASE_OPERATORS.find((op) => op.toLowerCase() === lower);
}

/** Parses `[ForAllValues:|ForAnyValue:]Base[IfExists]`. Operator names are case-sensitive in AWS. */
export function parseOperator(name: string): OperatorParse {
  let rest = name;
  let qualifier: SetQualifier | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon);
    if (prefix !== 'ForAllValues' && prefix !== 'ForAnyValue') {
      return {
        ok: false,
        code: 'unknown-operator',
        message: `"${name}" is not a condition operator: the only prefixes are ForAllValues: and ForAnyValue:`,
      };
    }
    qualifier = prefix;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = BASE.get(rest);
  if (!base) {
    const near = closest(rest);
    const hint = near ? ` (did you mean ${near}? operator names are case-sensitive)` : '';
    return { ok: false, code: 'unknown-operator', message: `"${name}" is not a condition operator${hint}` };
  }
  if (base.family === 'Null' && ifExists) {
    return { ok: false, code: 'invalid-operator-combination', message: `"${name}": Null cannot take the IfExists suffix` };
  }
  return {
    ok: true,
    spec: {
      name,
      base: rest,
      family: base.family,
      comparison: base.comparison,
      negated: base.negated,
      ifExists,
      qualifier,
      // The operator reference lists Bool as taking variables; the variables page omits it. We accept
      // them: rejecting a policy AWS accepts would be a false alarm, and a Bool value resolves simply.
      takesVariables: base.family === 'String' || base.family === 'Arn' || base.family === 'Bool',
    },
  };
}
