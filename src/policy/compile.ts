/**
 * Compiling a policy document: check it against the grammar AWS enforces and normalise it, once,
 * so that evaluation does no parsing. Fails closed: every problem found is collected and thrown as
 * one `PolicyError`; nothing is skipped.
 */
import { isAccountId, splitArn, splitArnPattern } from './arn';
import { type PolicyErrorCode, type PolicyIssue, PolicyError, type SourceLocation } from './errors';
import {
  COMPILED,
  type ActionPattern,
  type ArnPatternComponent,
  type Condition,
  type ConditionValues,
  type Effect,
  type IpRange,
  type Policy,
  type PolicyKind,
  type PolicyVersion,
  type PrincipalElement,
  type PrincipalEntry,
  type ResourcePattern,
  type Statement,
  type StatementRef,
  type StringValue,
} from './model';
import { plainDataProblem } from '../source/limits';
import { closestName } from '../util/nearest-name';
import { parseOperator, type OperatorSpec } from './operators';
import { formatPath, type PathSegment, type SourceText } from '../source/document';
import { isBase64, parseBool, parseIamDate, parseIpRange, parseNumber } from './values';
import { literalTemplate, parseTemplate, type Template } from './variables';
import { compileGlob, compileWildcard, hasWildcard, type Glob } from './wildcard';

export interface CompileOptions {
  readonly name: string;
  readonly kind?: PolicyKind;
  readonly file?: string;
  readonly sourceBytes?: number;
}

const TOP_LEVEL_KEYS = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

/** Kinds whose statements never name a principal. */
const NO_PRINCIPAL_KINDS: ReadonlySet<PolicyKind> = new Set(['identity', 'permission-boundary', 'session', 'scp']);
/** Kinds whose statements must name one. */
const PRINCIPAL_KINDS: ReadonlySet<PolicyKind> = new Set(['resource', 'rcp']);

const ACTION_SYNTAX = /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+$/;
const UNIQUE_ID = /^A(IDA|ROA|IPA|GPA|NPA|NVA|SIA|KIA)[A-Z0-9]{12,}$/;
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects issues with their locations while a document is compiled. */
class Collector {
  readonly issues: PolicyIssue[] = [];
  constructor(
    private readonly source: SourceText,
    private readonly options: CompileOptions,
  ) {}

  location(path: readonly PathSegment[], statement?: string, atKey = false): SourceLocation {
    const pos = this.source.positionOf(path, atKey);
    return {
      policy: this.options.name,
      ...(this.options.file !== undefined ? { file: this.options.file } : {}),
      ...(pos ? { line: pos.line, column: pos.column } : {}),
      path: formatPath(path),
      ...(statement !== undefined ? { statement } : {}),
    };
  }

  add(code: PolicyErrorCode, message: string, path: readonly PathSegment[], statement?: string, atKey = false): void {
    this.issues.push({ code, severity: 'error', message, location: this.location(path, statement, atKey) });
  }
}

/** Per-statement compilation state: where we are and which language version applies. */
interface StatementScope {
  readonly c: Collector;
  readonly label: string;
  readonly path: readonly PathSegment[];
  readonly variables: boolean;
}

function stringList(scope: StatementScope, value: unknown, path: readonly PathSegment[], element: string): string[] | undefined {
  const items = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  let ok = true;
  items.forEach((item, i) => {
    if (typeof item !== 'string') {
      scope.c.add(
        'invalid-type',
        `${element} values are strings; found ${typeName(item)}`,
        Array.isArray(value) ? [...path, i] : path,
        scope.label,
      );
      ok = false;
    } else out.push(item);
  });
  return ok ? out : undefined;
}

function compileActions(scope: StatementScope, value: unknown, path: readonly PathSegment[], element: string): ActionPattern[] {
  const list = stringList(scope, value, path, element) ?? [];
  const patterns: ActionPattern[] = [];
  list.forEach((text, i) => {
    const at = Array.isArray(value) ? [...path, i] : path;
    if (text !== '*' && !ACTION_SYNTAX.test(text)) {
      const why = /\s/.test(text) ? 'it contains whitespace' : 'an action is "service:ActionName", e.g. "dynamodb:GetItem", or "*"';
      scope.c.add('invalid-action', `"${text}" is not a valid action: ${why}`, at, scope.label);
      return;
    }
    if (scope.variables && text.includes('${')) {
      scope.c.add('variable-not-allowed', `policy variables are not allowed in ${element}`, at, scope.label);
      return;
    }
    patterns.push({ text, glob: compileWildcard(text, true) });
  });
  return patterns;
}

function componentOf(template: Template): ArnPatternComponent {
  return {
    template,
    glob: template.hasVariables
      ? undefined
      : compileGlob(template.parts.map((p) => (p.kind === 'text' ? p : { text: '', wildcards: false }))),
  };
}

/**
 * An ARN pattern (Resource element or Arn* condition value). `variablesIn` says which components may
 * hold variables: only the resource component in Resource, any in condition values.
 */
function compileArnPattern(
  scope: StatementScope,
  text: string,
  at: readonly PathSegment[],
  variablesIn: 'resource-component' | 'any',
  code: PolicyErrorCode,
): ResourcePattern | undefined {
  if (text === '*') return { kind: 'any', text: '*' };
  // With variables, only the text outside `${...}` must look like an ARN (a default may hold spaces).
  const split = scope.variables ? splitArnPattern(text) : splitArn(text);
  if (!split.ok) {
    scope.c.add(code, split.message, at, scope.label);
    return undefined;
  }
  const { partition, service, region, account, resource } = split.arn;
  const parts = [partition, service, region, account, resource];
  const components: ArnPatternComponent[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const mayHoldVariables = scope.variables && (variablesIn === 'any' || i === 4);
    if (scope.variables && !mayHoldVariables && part.includes('${')) {
      scope.c.add(
        'variable-not-allowed',
        `"${text}": policy variables are allowed only in the resource part of an ARN (after the fifth colon)`,
        at,
        scope.label,
      );
      return undefined;
    }
    if (!mayHoldVariables) {
      components.push(componentOf(literalTemplate(part)));
      continue;
    }
    const parsed = parseTemplate(part);
    if (!parsed.ok) {
      scope.c.add('invalid-variable', `"${text}": ${parsed.message}`, at, scope.label);
      return undefined;
    }
    components.push(componentOf(parsed.template));
  }
  return {
    kind: 'arn',
    text,
    components: components as unknown as [
      ArnPatternComponent,
      ArnPatternComponent,
      ArnPatternComponent,
      ArnPatternComponent,
      ArnPatternComponent,
    ],
  };
}

function compileResources(scope: StatementScope, value: unknown, path: readonly PathSegment[], element: string): ResourcePattern[] {
  const list = stringList(scope, value, path, element) ?? [];
  const out: ResourcePattern[] = [];
  list.forEach((text, i) => {
    const pattern = compileArnPattern(scope, text, Array.isArray(value) ? [...path, i] : path, 'resource-component', 'invalid-resource');
    if (pattern) out.push(pattern);
  });
  return out;
}

function compileAwsPrincipal(scope: StatementScope, text: string, at: readonly PathSegment[]): PrincipalEntry | 'anyone' | undefined {
  if (text === '*') return 'anyone';
  if (isAccountId(text)) return { type: 'AWS', kind: 'account', text, partition: undefined, account: text };
  if (UNIQUE_ID.test(text)) return { type: 'AWS', kind: 'unique-id', text, id: text };
  if (scope.variables && text.includes('${')) {
    scope.c.add(
      'variable-not-allowed',
      `"${text}": policy variables are not allowed in Principal; name the principal, or use "*" with a condition on aws:PrincipalArn`,
      at,
      scope.label,
    );
    return undefined;
  }
  if (!text.startsWith('arn:')) {
    scope.c.add(
      'invalid-principal',
      `"${text}" is not a valid AWS principal: use "*", a 12-digit account id, or an IAM/STS ARN`,
      at,
      scope.label,
    );
    return undefined;
  }
  const split = splitArn(text);
  if (!split.ok) {
    scope.c.add('invalid-arn', `principal ${split.message}`, at, scope.label);
    return undefined;
  }
  if (hasWildcard(text)) {
    scope.c.add(
      'wildcard-in-principal',
      `"${text}": a principal ARN cannot contain wildcards; use "*" with a condition on aws:PrincipalArn (ArnLike) instead`,
      at,
      scope.label,
    );
    return undefined;
  }
  const { partition, service, region, account, resource } = split.arn;
  const bad = (why: string) => {
    scope.c.add('invalid-principal', `"${text}" is not a valid principal ARN: ${why}`, at, scope.label);
    return undefined;
  };
  if (!isAccountId(account)) return bad(`the account "${account}" is not 12 digits`);
  if (region !== '') return bad('IAM and STS principal ARNs have an empty region');
  if (service === 'iam') {
    if (resource === 'root') return { type: 'AWS', kind: 'account', text, partition, account };
    if (/^user\/(.+\/)?[^/]+$/.test(resource)) return { type: 'AWS', kind: 'user', text, partition, account, arn: text };
    if (/^role\/(.+\/)?[^/]+$/.test(resource)) return { type: 'AWS', kind: 'role', text, partition, account, arn: text };
    return bad('an IAM principal is root, user/NAME or role/NAME (groups and instance profiles cannot be principals)');
  }
  if (service === 'sts') {
    if (/^assumed-role\/[^/]+\/[^/]+$/.test(resource)) return { type: 'AWS', kind: 'assumed-role', text, partition, account, arn: text };
    if (/^federated-user\/[^/]+$/.test(resource)) return { type: 'AWS', kind: 'federated-user', text, partition, account, arn: text };
    return bad('an STS principal is assumed-role/ROLE/SESSION or federated-user/NAME');
  }
  return bad(`the service is "${service}"; principals are iam or sts ARNs`);
}

function compilePrincipal(
  scope: StatementScope,
  value: unknown,
  path: readonly PathSegment[],
  negated: boolean,
): PrincipalElement | undefined {
  const element = negated ? 'NotPrincipal' : 'Principal';
  if (value === '*') return { negated, anyone: true, entries: [] };
  if (!isRecord(value)) {
    scope.c.add('invalid-principal', `${element} is "*" or an object such as {"AWS": [...]}; found ${typeName(value)}`, path, scope.label);
    return undefined;
  }
  const entries: PrincipalEntry[] = [];
  let anyone = false;
  for (const [type, raw] of Object.entries(value)) {
    const typePath = [...path, type];
    if (!PRINCIPAL_TYPES.includes(type)) {
      scope.c.add(
        'unknown-key',
        `"${type}" is not a principal type; use one of ${PRINCIPAL_TYPES.join(', ')}`,
        typePath,
        scope.label,
        true,
      );
      continue;
    }
    const list = stringList(scope, raw, typePath, `${element}.${type}`) ?? [];
    list.forEach((text, i) => {
      const at = Array.isArray(raw) ? [...typePath, i] : typePath;
      if (type === 'AWS') {
        const entry = compileAwsPrincipal(scope, text, at);
        if (entry === 'anyone') anyone = true;
        else if (entry) entries.push(entry);
      } else if (type === 'Service') {
        if (text !== '*' && !SERVICE_PRINCIPAL.test(text)) {
          scope.c.add('invalid-principal', `"${text}" is not a service principal such as "lambda.amazonaws.com"`, at, scope.label);
        } else entries.push({ type: 'Service', text, service: text });
      } else if (type === 'Federated') {
        entries.push({ type: 'Federated', text });
      } else {
        entries.push({ type: 'CanonicalUser', text });
      }
    });
  }
  return { negated, anyone, entries };
}

function valueTexts(scope: StatementScope, raw: unknown, at: readonly PathSegment[]): string[] | undefined {
  const items = Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  let ok = true;
  items.forEach((item, i) => {
    if (typeof item === 'string') out.push(item);
    else if (typeof item === 'number' || typeof item === 'boolean') out.push(String(item));
    else {
      ok = false;
      scope.c.add(
        'invalid-condition-value',
        `condition values are strings, numbers or booleans; found ${typeName(item)}`,
        Array.isArray(raw) ? [...at, i] : at,
        scope.label,
      );
    }
  });
  return ok ? out : undefined;
}

function compileValues(
  scope: StatementScope,
  op: OperatorSpec,
  texts: readonly string[],
  raw: unknown,
  at: readonly PathSegment[],
): ConditionValues | undefined {
  const pathOf = (i: number) => (Array.isArray(raw) ? [...at, i] : at);
  let ok = true;
  const fail = (code: PolicyErrorCode, i: number, message: string) => {
    ok = false;
    scope.c.add(code, message, pathOf(i), scope.label);
  };
  const variablesAllowed = scope.variables && op.takesVariables;
  texts.forEach((text, i) => {
    if (scope.variables && !op.takesVariables && text.includes('${')) {
      fail('variable-not-allowed', i, `${op.base} values cannot hold policy variables ("${text}")`);
    }
  });
  if (!ok) return undefined;
  const templateOf = (text: string, i: number): Template | undefined => {
    if (!variablesAllowed) return literalTemplate(text);
    const parsed = parseTemplate(text);
    if (!parsed.ok) {
      fail('invalid-variable', i, `"${text}": ${parsed.message}`);
      return undefined;
    }
    return parsed.template;
  };
  switch (op.family) {
    case 'String': {
      const values: StringValue[] = [];
      texts.forEach((text, i) => {
        const template = templateOf(text, i);
        if (!template) return;
        if (template.hasVariables) {
          values.push({ template, text: undefined, glob: undefined });
          return;
        }
        const plain = template.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
        const glob: Glob | undefined = op.comparison === 'like' ? compileGlob(template.parts.filter((p) => p.kind === 'text')) : undefined;
        values.push({ template, text: op.comparison === 'equalsIgnoreCase' ? plain.toLowerCase() : plain, glob });
      });
      return ok ? { family: 'String', values } : undefined;
    }
    case 'Arn': {
      const values: ResourcePattern[] = [];
      texts.forEach((text, i) => {
        const pattern = compileArnPattern(scope, text, pathOf(i), 'any', 'invalid-arn');
        if (pattern) values.push(pattern);
        else ok = false;
      });
      return ok ? { family: 'Arn', values } : undefined;
    }
    case 'Numeric': {
      const values: number[] = [];
      texts.forEach((text, i) => {
        const n = parseNumber(text);
        if (n === undefined) fail('invalid-number', i, `${op.base} compares numbers; "${text}" is not a number`);
        else values.push(n);
      });
      return ok ? { family: 'Numeric', values } : undefined;
    }
    case 'Date': {
      const values: number[] = [];
      texts.forEach((text, i) => {
        const d = parseIamDate(text);
        if (d === undefined)
          fail(
            'invalid-date',
            i,
            `${op.base} compares dates; "${text}" is neither an ISO 8601 date (2024-01-31T12:00:00Z) nor epoch seconds`,
          );
        else values.push(d);
      });
      return ok ? { family: 'Date', values } : undefined;
    }
    case 'Bool': {
      const values: (boolean | Template)[] = [];
      texts.forEach((text, i) => {
        const template = templateOf(text, i);
        if (template?.hasVariables) {
          values.push(template);
          return;
        }
        const b = parseBool(text);
        if (b === undefined) fail('invalid-bool', i, `Bool takes "true" or "false"; found "${text}"`);
        else values.push(b);
      });
      return ok ? { family: 'Bool', values } : undefined;
    }
    case 'Binary': {
      texts.forEach((text, i) => {
        if (!isBase64(text)) fail('invalid-condition-value', i, `BinaryEquals takes base64 text; "${text}" is not base64`);
      });
      return ok ? { family: 'Binary', values: texts } : undefined;
    }
    case 'IpAddress': {
      const values: IpRange[] = [];
      texts.forEach((text, i) => {
        const range = parseIpRange(text);
        if (!range)
          fail(
            'invalid-cidr',
            i,
            `${op.base} takes IPv4 or IPv6 addresses in CIDR notation (192.0.2.0/24, 2001:db8::/32); "${text}" is not one`,
          );
        else values.push(range);
      });
      return ok ? { family: 'IpAddress', values } : undefined;
    }
    case 'Null': {
      const values: boolean[] = [];
      texts.forEach((text, i) => {
        const b = parseBool(text);
        if (b === undefined) fail('invalid-bool', i, `Null takes "true" (the key is absent) or "false" (it is present); found "${text}"`);
        else values.push(b);
      });
      return ok ? { family: 'Null', values } : undefined;
    }
  }
}

function compileConditions(scope: StatementScope, value: unknown): Condition[] {
  const path = [...scope.path, 'Condition'];
  if (!isRecord(value)) {
    scope.c.add('invalid-type', `Condition is an object of operators; found ${typeName(value)}`, path, scope.label);
    return [];
  }
  const conditions: Condition[] = [];
  for (const [operatorName, block] of Object.entries(value)) {
    const opPath = [...path, operatorName];
    const parsed = parseOperator(operatorName);
    if (!parsed.ok) {
      scope.c.add(parsed.code, parsed.message, opPath, scope.label, true);
      continue;
    }
    if (!isRecord(block)) {
      scope.c.add(
        'invalid-type',
        `the ${operatorName} block is an object of condition keys; found ${typeName(block)}`,
        opPath,
        scope.label,
      );
      continue;
    }
    const seen = new Map<string, string>();
    for (const [key, raw] of Object.entries(block)) {
      const keyPath = [...opPath, key];
      const keyLower = key.toLowerCase();
      const twin = seen.get(keyLower);
      if (twin !== undefined) {
        scope.c.add(
          'duplicate-condition-key',
          `"${key}" and "${twin}" are the same key (key names are case-insensitive)`,
          keyPath,
          scope.label,
          true,
        );
        continue;
      }
      seen.set(keyLower, key);
      if (key.trim() === '' || /\s/.test(key)) {
        scope.c.add('invalid-condition-value', `"${key}" is not a condition key name`, keyPath, scope.label, true);
        continue;
      }
      const texts = valueTexts(scope, raw, keyPath);
      if (!texts) continue;
      const compiled = compileValues(scope, parsed.spec, texts, raw, keyPath);
      if (!compiled) continue;
      const pos = scope.c.location(keyPath, undefined, true);
      conditions.push({ operator: parsed.spec, key, keyLower, rawValues: texts, compiled, line: pos.line, column: pos.column });
    }
  }
  return conditions;
}

function compileStatement(
  c: Collector,
  raw: unknown,
  index: number,
  path: readonly PathSegment[],
  version: PolicyVersion | undefined,
  options: CompileOptions,
  inferredKind: PolicyKind | undefined,
): Statement | undefined {
  if (!isRecord(raw)) {
    c.add('invalid-type', `a statement is an object; found ${typeName(raw)}`, path);
    return undefined;
  }
  const sid = raw.Sid;
  const label = typeof sid === 'string' && sid !== '' ? sid : String(index);
  const scope: StatementScope = { c, label, path, variables: version === '2012-10-17' };
  const before = c.issues.length;

  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.includes(key)) {
      const near = closestName(key, STATEMENT_KEYS);
      c.add(
        'unknown-key',
        `"${key}" is not a statement element` +
          (near ? ` (did you mean "${near}"? element names are case-sensitive)` : `; a statement has ${STATEMENT_KEYS.join(', ')}`),
        [...path, key],
        label,
        true,
      );
    }
  }
  if (sid !== undefined && typeof sid !== 'string')
    c.add('invalid-type', `Sid is a string; found ${typeName(sid)}`, [...path, 'Sid'], label);

  let effect: Effect | undefined;
  if (raw.Effect === undefined) c.add('missing-element', 'the statement has no Effect ("Allow" or "Deny")', path, label);
  else if (raw.Effect === 'Allow' || raw.Effect === 'Deny') effect = raw.Effect;
  else
    c.add(
      'invalid-effect',
      `Effect is "Allow" or "Deny" (case-sensitive); found ${JSON.stringify(raw.Effect)}`,
      [...path, 'Effect'],
      label,
    );

  const pair = (a: string, b: string, required: boolean): 'a' | 'b' | undefined => {
    const hasA = Object.hasOwn(raw, a);
    const hasB = Object.hasOwn(raw, b);
    if (hasA && hasB) {
      c.add('conflicting-elements', `a statement has ${a} or ${b}, not both`, [...path, b], label, true);
      return undefined;
    }
    if (!hasA && !hasB) {
      if (required) c.add('missing-element', `the statement has neither ${a} nor ${b}`, path, label);
      return undefined;
    }
    return hasA ? 'a' : 'b';
  };

  const actionWhich = pair('Action', 'NotAction', true);
  const action = actionWhich
    ? {
        negated: actionWhich === 'b',
        patterns: compileActions(
          scope,
          raw[actionWhich === 'a' ? 'Action' : 'NotAction'],
          [...path, actionWhich === 'a' ? 'Action' : 'NotAction'],
          actionWhich === 'a' ? 'Action' : 'NotAction',
        ),
      }
    : undefined;

  const kind = options.kind ?? inferredKind;
  const resourceOptional = kind === 'resource' || kind === 'vpc-endpoint';
  const resourceWhich = pair('Resource', 'NotResource', !resourceOptional);
  const resourceElement = resourceWhich === 'a' ? 'Resource' : 'NotResource';
  const resource = resourceWhich
    ? {
        negated: resourceWhich === 'b',
        patterns: compileResources(scope, raw[resourceElement], [...path, resourceElement], resourceElement),
      }
    : undefined;

  const principalWhich = pair('Principal', 'NotPrincipal', false);
  let principal: PrincipalElement | undefined;
  if (principalWhich) {
    const element = principalWhich === 'a' ? 'Principal' : 'NotPrincipal';
    if (kind !== undefined && NO_PRINCIPAL_KINDS.has(kind)) {
      c.add(
        'principal-not-allowed',
        `${element} is not allowed in ${describeKind(kind)}; it names no principal (the policy is attached to one)`,
        [...path, element],
        label,
        true,
      );
    } else {
      principal = compilePrincipal(scope, raw[element], [...path, element], principalWhich === 'b');
    }
  } else if (kind !== undefined && PRINCIPAL_KINDS.has(kind)) {
    c.add('principal-required', `a statement of ${describeKind(kind)} needs a Principal (or NotPrincipal)`, path, label);
  }

  const conditions = raw.Condition === undefined ? [] : compileConditions(scope, raw.Condition);

  if (c.issues.length > before || !effect || !action) return undefined;
  const pos = c.location(path);
  const ref: StatementRef = {
    policy: options.name,
    kind,
    sid: typeof sid === 'string' && sid !== '' ? sid : undefined,
    index,
    label,
    file: options.file,
    line: pos.line,
    column: pos.column,
  };
  return { ref, effect, principal, action, resource, conditions, source: raw };
}

export function describeKind(kind: PolicyKind): string {
  switch (kind) {
    case 'identity':
      return 'an identity-based policy';
    case 'resource':
      return 'a resource-based policy';
    case 'permission-boundary':
      return 'a permissions boundary';
    case 'session':
      return 'a session policy';
    case 'scp':
      return 'a service control policy';
    case 'rcp':
      return 'a resource control policy';
    case 'vpc-endpoint':
      return 'a VPC endpoint policy';
  }
}

/** Compiles a parsed document. Throws `PolicyError` listing every problem found. */
export function compilePolicy(source: SourceText, options: CompileOptions): Policy {
  const c = new Collector(source, options);
  const doc = source.value;
  // Before anything reads the document: it is plain data within the limits, or nothing is compiled.
  const problem = plainDataProblem(doc);
  if (problem) {
    throw new PolicyError([{ code: problem.kind, message: problem.message, location: c.location(problem.path) }]);
  }
  if (!isRecord(doc)) {
    throw new PolicyError([
      { code: 'not-an-object', message: `a policy is a JSON object with a Statement; found ${typeName(doc)}`, location: c.location([]) },
    ]);
  }
  for (const key of Object.keys(doc)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      const near = closestName(key, TOP_LEVEL_KEYS);
      c.add(
        'unknown-key',
        `"${key}" is not a policy element${near ? ` (did you mean "${near}"?)` : `; a policy has ${TOP_LEVEL_KEYS.join(', ')}`}`,
        [key],
        undefined,
        true,
      );
    }
  }
  let version: PolicyVersion | undefined;
  if (doc.Version !== undefined) {
    if (doc.Version === '2012-10-17' || doc.Version === '2008-10-17') version = doc.Version;
    else c.add('invalid-version', `Version is "2012-10-17" (or the older "2008-10-17"); found ${JSON.stringify(doc.Version)}`, ['Version']);
  }
  if (doc.Id !== undefined && typeof doc.Id !== 'string') c.add('invalid-type', `Id is a string; found ${typeName(doc.Id)}`, ['Id']);

  const rawStatements = doc.Statement;
  let list: unknown[] = [];
  if (rawStatements === undefined) c.add('missing-element', 'the policy has no Statement', []);
  else if (Array.isArray(rawStatements)) list = rawStatements;
  else if (isRecord(rawStatements)) list = [rawStatements];
  else c.add('invalid-type', `Statement is an object or an array of objects; found ${typeName(rawStatements)}`, ['Statement']);

  const single = !Array.isArray(rawStatements);
  const anyPrincipal = list.some((s) => isRecord(s) && (Object.hasOwn(s, 'Principal') || Object.hasOwn(s, 'NotPrincipal')));
  const inferredKind: PolicyKind | undefined = options.kind === undefined && anyPrincipal ? 'resource' : undefined;
  const statements: Statement[] = [];
  list.forEach((raw, index) => {
    const statement = compileStatement(c, raw, index, single ? ['Statement'] : ['Statement', index], version, options, inferredKind);
    if (statement) statements.push(statement);
  });
  if (c.issues.length > 0) throw new PolicyError(c.issues);
  const policy: Policy & { [COMPILED]: true } = {
    [COMPILED]: true,
    name: options.name,
    kind: options.kind ?? inferredKind,
    version,
    id: typeof doc.Id === 'string' ? doc.Id : undefined,
    file: options.file,
    statements,
    hasPrincipal: anyPrincipal,
    document: doc,
    sourceBytes: options.sourceBytes,
  };
  return policy;
}
