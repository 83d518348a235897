/**
 * The code blocks of README.md and docs/*.md, and what the documentation tests do with each.
 *
 * A block may be preceded by a directive, an HTML comment that GitHub does not show:
 *
 *   <!-- doc-test: file policies/orders-table.json -->   the block is that file of the project
 *   <!-- doc-test: exit 1 -->                             a shell block whose commands exit 1
 *   <!-- doc-test: types only; given: const t = ...; -->  TypeScript that is type-checked, not run
 *                                                        (with hidden lines that give its names)
 *   <!-- doc-test: tsconfig -->                           compiler options merged into the project's
 *   <!-- doc-test: keys of: iamspec test --reporter json -->  a description of a JSON document: its
 *                                                        keys must be exactly those the command prints
 *   <!-- doc-test: not run: <why> -->                     not run; checked some other way (shell by
 *                                                        `bash -n` and the commands it names, YAML by
 *                                                        parsing it, scenario YAML by the schema)
 *
 * Without a directive a block runs by its language: a first line that is a comment naming a path
 * (`// test/orders.test.ts`, `# scenarios/orders.iam.yaml`) makes it that file of the project;
 * other TypeScript is a snippet, type-checked and run; shell commands run. A block of a language
 * with no such rule and no directive fails the test: nothing is skipped unmarked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Directive =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'exit'; readonly code: number }
  | { readonly kind: 'types-only'; readonly given: string }
  | { readonly kind: 'tsconfig' }
  | { readonly kind: 'keys-of'; readonly command: string }
  | { readonly kind: 'not-run'; readonly reason: string };

export interface CodeBlock {
  /** The document, relative to the repository root. */
  readonly doc: string;
  /** The line of the opening fence (1-based). */
  readonly line: number;
  readonly lang: string;
  readonly text: string;
  readonly directive: Directive | undefined;
  /** The project file the block is, from its directive or its first line. */
  readonly path: string | undefined;
}

const DIRECTIVE = /^<!--\s*doc-test:\s*(.*?)\s*-->$/;

export function parseDirective(text: string): Directive {
  let m: RegExpExecArray | null;
  if ((m = /^file\s+(\S+)$/.exec(text))) return { kind: 'file', path: m[1]! };
  if ((m = /^exit\s+(\d+)$/.exec(text))) return { kind: 'exit', code: Number(m[1]) };
  if ((m = /^types only(?:;\s*given:\s*(.*))?$/.exec(text))) return { kind: 'types-only', given: m[1] ?? '' };
  if (text === 'tsconfig') return { kind: 'tsconfig' };
  if ((m = /^keys of:\s*(.+)$/.exec(text))) return { kind: 'keys-of', command: m[1]! };
  if ((m = /^not run:\s*(.+)$/.exec(text))) return { kind: 'not-run', reason: m[1]! };
  throw new Error(`unknown doc-test directive: ${text}`);
}

/** A first line such as `// vitest.config.ts` or `# scenarios/orders.iam.yaml`: the file the block is. */
function namedPath(lang: string, firstLine: string): string | undefined {
  const comment = ['ts', 'js', 'json'].includes(lang)
    ? /^\/\/\s*([\w./-]+\.\w+)\s*$/
    : ['yaml', 'sh'].includes(lang)
      ? /^#\s*([\w./-]+\.\w+)\s*$/
      : undefined;
  return comment?.exec(firstLine)?.[1];
}

export function codeBlocks(doc: string, markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    if (i >= lines.length) throw new Error(`${doc}:${start + 1}: a code block is not closed`);
    const previous = lines[start - 1]?.trim() ?? '';
    const marked = DIRECTIVE.exec(previous);
    const directive = marked ? parseDirective(marked[1]!) : undefined;
    const lang = open[1]!;
    blocks.push({
      doc,
      line: start + 1,
      lang,
      text: `${body.join('\n')}\n`,
      directive,
      path: directive?.kind === 'file' ? directive.path : namedPath(lang, body[0] ?? ''),
    });
  }
  return blocks;
}

/** README.md and every Markdown file of docs/, relative to the repository root. */
export function documents(root: string): string[] {
  return [
    'README.md',
    ...readdirSync(join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => `docs/${f}`),
  ];
}

export function blocksOf(root: string, doc: string): CodeBlock[] {
  return codeBlocks(doc, readFileSync(join(root, doc), 'utf8'));
}

/** The shell commands of a block: its lines without comments, blank lines dropped. */
export function shellCommands(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Every key of a JSON-like text (`"name":`), in order of first appearance. */
export function keysNamed(text: string): string[] {
  return [...new Set([...text.matchAll(/"([A-Za-z][\w]*)"\s*:/g)].map((m) => m[1]!))];
}

/** Every key of a parsed JSON value, at any depth. */
export function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, into));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      into.add(key);
      keysOf(v, into);
    }
  }
  return into;
}
