/**
 * Getting a policy in for analysis. Unlike `loadPolicy`, a policy that does not load is not the
 * end: its load errors become findings, and every statement is still looked at so that one typo
 * does not hide the other problems of the policy. Statements that compile on their own get every
 * check; those that do not are read as written for the checks that need only their conditions.
 *
 * Also measures the document the way DynamoDB does for its size limit (whitespace counted).
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { compilePolicy } from '../policy/compile';
import { PolicyError, type PolicyIssue, type PolicyIssueInput, type SourceLocation } from '../policy/errors';
import { parsePolicy, policyFromObject, type PolicyInput } from '../policy/load';
import {
  isCompiledPolicy,
  type Effect,
  type Policy,
  type PolicyKind,
  type PolicyVersion,
  type Statement,
  type StatementRef,
} from '../policy/model';
import { parseOperator, type OperatorSpec } from '../policy/operators';
import {
  formatPath,
  parseSourceText,
  sourceFromValue,
  syntaxOf,
  type PathSegment,
  type Position,
  type SourceText,
} from '../source/document';
import { loadFinding, type Finding } from './findings';

export interface ConditionView {
  readonly operator: OperatorSpec;
  /** As written. */
  readonly key: string;
  readonly keyLower: string;
  /** The values as written, as text. */
  readonly values: readonly string[];
  readonly location: SourceLocation;
}

/** A statement as the checks that read conditions see it, whether or not it compiled. */
export interface StatementView {
  readonly ref: StatementRef;
  /** JSON path of the statement in the document. */
  readonly path: readonly PathSegment[];
  readonly location: SourceLocation;
  readonly effect: Effect | undefined;
  readonly action: { readonly negated: boolean; readonly texts: readonly string[] } | undefined;
  readonly conditions: readonly ConditionView[];
  /** The compiled statement, when it compiles (with the policy, or alone). */
  readonly compiled: Statement | undefined;
}

export interface PolicySize {
  readonly bytes: number;
  /** `as-written`: the JSON text given; `compact-json`: the document serialized without whitespace (a lower bound). */
  readonly measured: 'as-written' | 'compact-json';
}

export interface AnalysisInput {
  readonly name: string;
  readonly file: string | undefined;
  readonly kind: PolicyKind;
  /** The compiled policy, when the whole policy loads. */
  readonly policy: Policy | undefined;
  /** Every statement, in order. */
  readonly views: readonly StatementView[];
  /** The statements that compiled. */
  readonly statements: readonly Statement[];
  readonly loadFindings: readonly Finding[];
  /** The Version as written, and as a known version (undefined when missing or unknown). */
  readonly version: { readonly written: unknown; readonly value: PolicyVersion | undefined };
  readonly size: PolicySize | undefined;
}

export interface AnalysisOptions {
  readonly name?: string;
  readonly kind?: PolicyKind;
  readonly file?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where things stand in the document, with lines and columns when the policy came from text. */
class Locator {
  constructor(
    private readonly name: string,
    private readonly file: string | undefined,
    private readonly source: SourceText | undefined,
    private readonly singleStatement: boolean,
  ) {}

  statementPath(index: number): PathSegment[] {
    return this.singleStatement ? ['Statement'] : ['Statement', index];
  }

  position(path: readonly PathSegment[], atKey = false): Position | undefined {
    return this.source?.positionOf(path, atKey);
  }

  at(
    path: readonly PathSegment[],
    statement: string | undefined,
    fallback?: { readonly line: number | undefined; readonly column: number | undefined },
    atKey = false,
  ): SourceLocation {
    const pos =
      this.position(path, atKey) ?? (fallback?.line !== undefined ? { line: fallback.line, column: fallback.column ?? 1 } : undefined);
    return {
      policy: this.name,
      ...(this.file !== undefined ? { file: this.file } : {}),
      ...(pos ? { line: pos.line, column: pos.column } : {}),
      path: formatPath(path),
      ...(statement !== undefined ? { statement } : {}),
    };
  }
}

function viewOfCompiled(statement: Statement, locator: Locator): StatementView {
  const path = locator.statementPath(statement.ref.index);
  const label = statement.ref.label;
  return {
    ref: statement.ref,
    path,
    location: locator.at(path, label, statement.ref),
    effect: statement.effect,
    action: { negated: statement.action.negated, texts: statement.action.patterns.map((p) => p.text) },
    conditions: statement.conditions.map((c) => ({
      operator: c.operator,
      key: c.key,
      keyLower: c.keyLower,
      values: c.rawValues,
      location: locator.at([...path, 'Condition', c.operator.name, c.key], label, c, true),
    })),
    compiled: statement,
  };
}

function texts(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean').map(String);
}

/** A statement that does not compile, read as written: what its conditions say, where it can be told. */
function viewOfRaw(raw: unknown, index: number, locator: Locator, name: string, kind: PolicyKind, file: string | undefined): StatementView {
  const record = isRecord(raw) ? raw : {};
  const sid = typeof record.Sid === 'string' && record.Sid !== '' ? record.Sid : undefined;
  const label = sid ?? String(index);
  const path = locator.statementPath(index);
  const pos = locator.position(path);
  const ref: StatementRef = { policy: name, kind, sid, index, label, file, line: pos?.line, column: pos?.column };
  const effect = record.Effect === 'Allow' || record.Effect === 'Deny' ? record.Effect : undefined;
  const action =
    'Action' in record
      ? { negated: false, texts: texts(record.Action) }
      : 'NotAction' in record
        ? { negated: true, texts: texts(record.NotAction) }
        : undefined;
  const conditions: ConditionView[] = [];
  if (isRecord(record.Condition)) {
    for (const [operatorName, block] of Object.entries(record.Condition)) {
      const parsed = parseOperator(operatorName);
      if (!parsed.ok || !isRecord(block)) continue;
      for (const [key, value] of Object.entries(block)) {
        conditions.push({
          operator: parsed.spec,
          key,
          keyLower: key.toLowerCase(),
          values: texts(value),
          location: locator.at([...path, 'Condition', operatorName, key], label, undefined, true),
        });
      }
    }
  }
  return { ref, path, location: locator.at(path, label), effect, action, conditions, compiled: undefined };
}

/**
 * Compiles one statement of a policy that does not load as a whole, keeping its place: positions
 * are read from the whole document and the statement keeps its index and label.
 */
function compileAlone(
  raw: unknown,
  index: number,
  doc: Record<string, unknown>,
  source: SourceText,
  locator: Locator,
  options: { name: string; kind: PolicyKind; file: string | undefined },
): Statement | undefined {
  const version = doc.Version === '2012-10-17' || doc.Version === '2008-10-17' ? { Version: doc.Version } : {};
  const statementPath = locator.statementPath(index);
  const alone: SourceText = {
    value: { ...version, Statement: [raw] },
    positionOf: (path, atKey) => source.positionOf(path[0] === 'Statement' ? [...statementPath, ...path.slice(2)] : path, atKey),
  };
  try {
    const policy = compilePolicy(alone, {
      name: options.name,
      kind: options.kind,
      ...(options.file !== undefined ? { file: options.file } : {}),
    });
    const statement = policy.statements[0];
    if (!statement) return undefined;
    const label = statement.ref.sid ?? String(index);
    return { ...statement, ref: { ...statement.ref, index, label } };
  } catch (error) {
    if (error instanceof PolicyError) return undefined;
    throw error;
  }
}

function looksLikeText(input: string): boolean {
  // The rule of `loadPolicy`: a document starts with `{` or `[`, or spans lines; anything else is a path.
  const trimmed = input.trimStart();
  return trimmed.startsWith('{') || trimmed.startsWith('[') || input.includes('\n');
}

function compactSize(value: unknown): PolicySize | undefined {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? undefined : { bytes: Buffer.byteLength(json, 'utf8'), measured: 'compact-json' };
  } catch {
    return undefined;
  }
}

function textSize(text: string, value: unknown): PolicySize | undefined {
  // JSON text is what PutResourcePolicy receives; YAML is converted to JSON first (CloudFormation
  // does so), whose layout we cannot know, so it is measured compact.
  return text.trimStart().startsWith('{') ? { bytes: Buffer.byteLength(text, 'utf8'), measured: 'as-written' } : compactSize(value);
}

function statementsOf(doc: unknown): { list: unknown[]; single: boolean } {
  if (!isRecord(doc)) return { list: [], single: false };
  const s = doc.Statement;
  if (Array.isArray(s)) return { list: s, single: false };
  return isRecord(s) ? { list: [s], single: true } : { list: [], single: false };
}

function versionOf(doc: unknown): AnalysisInput['version'] {
  const written = isRecord(doc) ? doc.Version : undefined;
  return { written, value: written === '2012-10-17' || written === '2008-10-17' ? written : undefined };
}

/** Reads, compiles and, when the whole does not compile, salvages a policy for analysis. Never throws for bad policy input. */
export function readForAnalysis(input: PolicyInput, options: AnalysisOptions = {}): AnalysisInput {
  if (isCompiledPolicy(input)) {
    const locator = new Locator(input.name, input.file, undefined, statementsOf(input.document).single);
    return {
      name: input.name,
      file: input.file,
      kind: options.kind ?? input.kind ?? 'resource',
      policy: input,
      views: input.statements.map((s) => viewOfCompiled(s, locator)),
      statements: input.statements,
      loadFindings: [],
      version: versionOf(input.document),
      size: input.sourceBytes !== undefined ? { bytes: input.sourceBytes, measured: 'as-written' } : compactSize(input.document),
    };
  }

  const kind = options.kind ?? 'resource';
  let text: string | undefined;
  let file = options.file;
  let value: unknown;
  if (typeof input === 'string') {
    if (looksLikeText(input)) text = input;
    else {
      file = options.file ?? input;
      try {
        text = readFileSync(input, 'utf8');
      } catch (error) {
        const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
        const name = options.name ?? basename(input);
        return failed(name, file, kind, [
          { code: 'file', message: `cannot read the policy file: ${why}`, location: { policy: name, file, path: '' } },
        ]);
      }
    }
  } else value = input;
  const name = options.name ?? (file !== undefined ? basename(file, extname(file)) : 'policy');
  const loadOptions = { name, kind, ...(file !== undefined ? { file } : {}) };

  if (text === undefined && (typeof value !== 'object' || value === null)) {
    return failed(name, file, kind, [
      {
        code: 'not-an-object',
        message: `a policy is an object, JSON text or a file path; found ${value === null ? 'null' : typeof value}`,
        location: { policy: name, path: '' },
      },
    ]);
  }

  try {
    const policy = text !== undefined ? parsePolicy(text, loadOptions) : policyFromObject(value as object, loadOptions);
    const locator = new Locator(name, file, undefined, statementsOf(policy.document).single);
    return {
      name,
      file,
      kind,
      policy,
      views: policy.statements.map((s) => viewOfCompiled(s, locator)),
      statements: policy.statements,
      loadFindings: [],
      version: versionOf(policy.document),
      size: text !== undefined ? textSize(text, policy.document) : compactSize(policy.document),
    };
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    // A document that is not plain data within the limits is not read statement by statement.
    if (error.code === 'too-large' || error.code === 'unsupported-value') return failed(name, file, kind, error.issues);
    let source: SourceText | undefined;
    if (text !== undefined) {
      const parsed = parseSourceText(text, syntaxOf(text, file));
      source = parsed.ok ? parsed.source : undefined;
    } else source = sourceFromValue(value);
    const doc = source?.value;
    const { list, single } = statementsOf(doc);
    const locator = new Locator(name, file, source, single);
    const statements: Statement[] = [];
    const views = list.map((raw, index) => {
      const alone = source && isRecord(doc) ? compileAlone(raw, index, doc, source, locator, { name, kind, file }) : undefined;
      if (alone) {
        statements.push(alone);
        return viewOfCompiled(alone, locator);
      }
      return viewOfRaw(raw, index, locator, name, kind, file);
    });
    const byLabel = new Map(views.map((v) => [v.ref.label, v.ref]));
    return {
      name,
      file,
      kind,
      policy: undefined,
      views,
      statements,
      loadFindings: error.issues.map((issue) => withStatement(issue, byLabel)),
      version: versionOf(doc),
      size:
        text !== undefined
          ? source
            ? textSize(text, doc)
            : { bytes: Buffer.byteLength(text, 'utf8'), measured: 'as-written' }
          : compactSize(value),
    };
  }
}

function withStatement(issue: PolicyIssue, byLabel: ReadonlyMap<string, StatementRef>): Finding {
  const base = loadFinding(issue.code, issue.message, issue.location);
  const ref = issue.location.statement !== undefined ? byLabel.get(issue.location.statement) : undefined;
  return ref ? { ...base, statement: ref } : base;
}

function failed(name: string, file: string | undefined, kind: PolicyKind, issues: readonly PolicyIssueInput[]): AnalysisInput {
  return {
    name,
    file,
    kind,
    policy: undefined,
    views: [],
    statements: [],
    loadFindings: issues.map((i) => loadFinding(i.code, i.message, i.location)),
    version: { written: undefined, value: undefined },
    size: undefined,
  };
}
