/**
 * Reading policy text with positions. Plain JSON is read by `json-source.ts`; everything else
 * through the `yaml` package (YAML 1.2 is a superset of JSON), which keeps every node's offset, so
 * that a statement or a bad value can be reported with its line and column either way.
 */
import type { Document, Node, Tags } from 'yaml';
import { jsonSource } from './json-source';
import { yamlLibrary } from './yaml-library';

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

export type SourceParse = { ok: true; source: SourceText } | { ok: false; message: string; position?: Position };

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

/** Parses JSON or YAML text, strict and with unique keys, keeping every node's position. */
export function parsePositionedDocument(text: string, options: ParseOptions = {}): DocumentParse {
  const { LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
    ...(options.customTags ? { customTags: options.customTags } : {}),
  });
  const positionAt = (offset: number): Position => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  // With custom tags given, an unknown tag would silently read as text: refuse it instead.
  const error = doc.errors[0] ?? (options.customTags ? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED') : undefined);
  if (error) return { ok: false, message: error.message.split('\n')[0] ?? error.message, position: positionAt(error.pos[0]) };
  return {
    ok: true,
    document: {
      doc,
      positionOfNode(node) {
        const offset = node?.range?.[0];
        return offset === undefined ? undefined : positionAt(offset);
      },
    },
  };
}

export function parseSourceText(text: string): SourceParse {
  const json = jsonSource(text);
  return json !== undefined ? { ok: true, source: json } : parseSourceTextWithLibrary(text);
}

/** The reference reader, for every text: the `yaml` package. */
export function parseSourceTextWithLibrary(text: string): SourceParse {
  const { isMap, isScalar, isSeq } = yamlLibrary();
  const parsed = parsePositionedDocument(text);
  if (!parsed.ok) return parsed;
  const { doc, positionOfNode: at } = parsed.document;
  let value: unknown;
  try {
    // Aliases are YAML's; an unresolved or runaway one is a syntax error of the document.
    value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    return { ok: false, message: (error as Error).message.split('\n')[0] ?? 'the document cannot be read' };
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
