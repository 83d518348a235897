/**
 * Reading policy text with positions, so that a statement or a bad value can be reported with its
 * line and column. JSON is read as strict JSON (RFC 8259), as AWS reads it: a `.json` file, or text
 * whose first non-blank character is `{` or `[` (`json-source.ts`, without the `yaml` package,
 * which is a good part of starting `iamspec test`). YAML (through the `yaml` package, loaded on
 * first use) only from `.yaml`/`.yml` files and other text. Both readers stand behind the size and
 * depth limits.
 */
import type { Document, Node, Tags } from 'yaml';
import { parseJsonSource } from './json-source';
import { LIMITS, positionAt, yamlDepthProblem } from './limits';
import { yamlLibrary } from './yaml-library';
import { RequestError } from '../problems/request-error';
import { checkKnownKeys, describeArgument, recordArgument } from '../problems/known-keys';

export type PathSegment = string | number;

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface SourceText {
  readonly value: unknown;
  /** Position of the value at `path` (or of its key, when `key` is set), if it came from text. */
  positionOf(path: readonly PathSegment[], key?: boolean): Position | undefined;
}

export type SourceSyntax = 'json' | 'yaml';

export type SourceParse = { ok: true; source: SourceText } | { ok: false; syntax: SourceSyntax; message: string; position?: Position };

/**
 * How text is read: by the file's extension when it has a policy extension, else JSON when its
 * first non-blank character (after a byte order mark) is `{` or `[`, else YAML.
 */
export function syntaxOf(text: string, file?: string): SourceSyntax {
  const extension = file === undefined ? undefined : /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase();
  if (extension === 'json') return 'json';
  if (extension === 'yaml' || extension === 'yml') return 'yaml';
  const first = /^\uFEFF?\s*(\S)/.exec(text)?.[1];
  return first === '{' || first === '[' ? 'json' : 'yaml';
}

/** A value that came as an object has no positions. */
export function sourceFromValue(value: unknown): SourceText {
  return { value, positionOf: () => undefined };
}

export interface ParseOptions {
  /** Tags the text may use (e.g. CloudFormation's `!Ref`); a tag not listed is an error. */
  readonly customTags?: Tags;
}

/** A parsed document with its nodes, and the position of any of them. */
export interface PositionedDocument {
  readonly doc: Document;
  positionOfNode(node: Node | null | undefined): Position | undefined;
}

export type DocumentParse = { ok: true; document: PositionedDocument } | { ok: false; message: string; position?: Position };

const PARSE_OPTION_NAMES: readonly string[] = ['customTags'];
const PARSE_OPTION_KEYS: ReadonlySet<string> = new Set(PARSE_OPTION_NAMES);

/**
 * Parses JSON or YAML text, strict and with unique keys, keeping every node's position. The text
 * stands behind the depth limit (checked before the document is built, so that hostile nesting
 * cannot exhaust the stack).
 */
export function parsePositionedDocument(text: string, options: ParseOptions = {}): DocumentParse {
  if (typeof text !== 'string')
    throw new RequestError('text', `is the document's text; found ${describeArgument(text)}`, 'parsePositionedDocument');
  checkKnownKeys(
    recordArgument(options, 'options', '', 'the options are an object such as { customTags }'),
    PARSE_OPTION_NAMES,
    'options',
    '',
    PARSE_OPTION_KEYS,
  );
  if (options.customTags !== undefined && !Array.isArray(options.customTags))
    throw new RequestError('customTags', `is a list of tags; found ${describeArgument(options.customTags)}`, 'options');
  const deep = yamlDepthProblem(text, LIMITS.maxDepth);
  if (deep) return { ok: false, message: deep.message, position: positionAt(text, deep.offset) };
  const { LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
    ...(options.customTags ? { customTags: options.customTags } : {}),
  });
  const at = (offset: number): Position => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  // With custom tags given, an unknown tag would silently read as text: refuse it instead.
  const error = doc.errors[0] ?? (options.customTags ? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED') : undefined);
  if (error) return { ok: false, message: error.message.split('\n')[0] ?? error.message, position: at(error.pos[0]) };
  return {
    ok: true,
    document: {
      doc,
      positionOfNode(node) {
        const offset = node?.range?.[0];
        return offset === undefined ? undefined : at(offset);
      },
    },
  };
}

export function parseSourceText(text: string, syntax: SourceSyntax = syntaxOf(text)): SourceParse {
  if (text.length > LIMITS.maxPolicyChars) {
    return { ok: false, syntax, message: `the text has ${text.length} characters; the limit for a policy is ${LIMITS.maxPolicyChars}` };
  }
  return syntax === 'json' ? parseJsonSource(text) : parseSourceTextWithLibrary(text);
}

/**
 * The `yaml` package's reading of any text (YAML 1.2 is a superset of JSON): YAML's reader, and the
 * reference the JSON reader's positions are tested against.
 */
export function parseSourceTextWithLibrary(text: string): SourceParse {
  const { isMap, isScalar, isSeq } = yamlLibrary();
  const parsed = parsePositionedDocument(text);
  if (!parsed.ok) return { ...parsed, syntax: 'yaml' };
  const { doc, positionOfNode: at } = parsed.document;
  let value: unknown;
  try {
    // Aliases are YAML's; an unresolved or runaway one is a syntax error of the document.
    value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    return { ok: false, syntax: 'yaml', message: (error as Error).message.split('\n')[0] ?? 'the document cannot be read' };
  }
  return {
    ok: true,
    source: {
      value,
      positionOf(path, key = false) {
        let node: unknown = doc.contents;
        let keyNode: unknown;
        for (const segment of path) {
          keyNode = undefined;
          if (isMap(node)) {
            const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
            if (!pair) return at(node as Node);
            keyNode = pair.key;
            node = pair.value;
          } else if (isSeq(node) && typeof segment === 'number') {
            node = node.items[segment];
          } else {
            return at(node as Node);
          }
        }
        return at((key && keyNode ? keyNode : node) as Node);
      },
    },
  };
}

/** `Statement[0].Condition["aws:SourceIp"]`: a readable JSON path. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
