/**
 * Reading policy text with positions, so that a statement or a bad value can be reported with its
 * line and column. JSON is read as strict JSON (RFC 8259), as AWS reads it: a `.json` file, or text
 * whose first non-blank character is `{` or `[`. YAML (through the `yaml` package) only from
 * `.yaml`/`.yml` files and other text. Both readers stand behind the size and depth limits.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { parseJsonText, type JsonNode } from './json-text';
import { LIMITS, positionAt, yamlDepthProblem } from './limits';

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

export function parseSourceText(text: string, syntax: SourceSyntax = syntaxOf(text)): SourceParse {
  if (text.length > LIMITS.maxPolicyChars) {
    return { ok: false, syntax, message: `the text has ${text.length} characters; the limit for a policy is ${LIMITS.maxPolicyChars}` };
  }
  return syntax === 'json' ? parseJsonSource(text) : parseYamlSource(text);
}

function parseJsonSource(text: string): SourceParse {
  const parsed = parseJsonText(text, LIMITS.maxDepth);
  if (!parsed.ok) return { ok: false, syntax: 'json', message: parsed.message, position: positionAt(text, parsed.offset) };
  const root = parsed.root;
  return {
    ok: true,
    source: {
      value: parsed.value,
      positionOf(path, key = false) {
        let node: JsonNode = root;
        let keyOffset: number | undefined;
        for (const segment of path) {
          keyOffset = undefined;
          const entry = node.keys?.get(String(segment));
          if (entry) {
            keyOffset = entry.keyOffset;
            node = entry.node;
            continue;
          }
          const item = typeof segment === 'number' ? node.items?.[segment] : undefined;
          if (!item) return positionAt(text, node.offset);
          node = item;
        }
        return positionAt(text, key && keyOffset !== undefined ? keyOffset : node.offset);
      },
    },
  };
}

function parseYamlSource(text: string): SourceParse {
  const deep = yamlDepthProblem(text, LIMITS.maxDepth);
  if (deep) return { ok: false, syntax: 'yaml', message: deep.message, position: positionAt(text, deep.offset) };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const error = doc.errors[0];
  if (error) {
    const [start] = error.pos;
    const pos = lineCounter.linePos(start);
    return { ok: false, syntax: 'yaml', message: error.message.split('\n')[0] ?? error.message, position: { line: pos.line, column: pos.col } };
  }
  let value: unknown;
  try {
    // Aliases are YAML's; an unresolved or runaway one is a syntax error of the document.
    value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    return { ok: false, syntax: 'yaml', message: (error as Error).message.split('\n')[0] ?? 'the document cannot be read' };
  }
  const at = (node: Node | null | undefined): Position | undefined => {
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
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
