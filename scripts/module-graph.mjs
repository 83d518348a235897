#!/usr/bin/env node
/**
 * The module graph of iamspec, built from the source's own imports, and the rules it must keep.
 *
 *   node scripts/module-graph.mjs            check the rules (exit 1 and say which arrow breaks one)
 *   node scripts/module-graph.mjs --print    also print the arrows between folders
 *   node scripts/module-graph.mjs --root D   check another tree (the tests use a small one)
 *
 * A folder is a directory under src/ (with its subdirectories) or matchers/. The rules: every
 * folder has a layer and imports only folders of lower layers (see LAYERS), and no two folders
 * import each other, directly or round a longer loop.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The layers, lowest first: a folder may import only folders of lower layers (never one of its own
 * layer, never one above). So the engine and the policy model know no service, checker, gate,
 * scenario, reporter, matcher or CLI module, and the services know no scenario file. docs/design.md
 * describes each folder; a new folder gets its place here.
 */
export const LAYERS = [
  ['src/util', 'src/condition-keys'],
  ['src/problems'],
  ['src/source'],
  ['src/policy'],
  ['src/engine'],
  ['src/dynamodb', 'src/templates'],
  ['src/scenarios', 'src/request-space'],
  ['src/checks'],
  ['src/gate'],
  ['src/reporters'],
  ['src', 'src/cli', 'matchers'],
];

const LAYER_OF = new Map(LAYERS.flatMap((folders, layer) => folders.map((folder) => [folder, layer])));

const SOURCE = /\.(ts|mts|cts)$/;
// Static imports and re-exports, side-effect and dynamic imports included; `import type` counts too: an arrow is an arrow.
const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The folder a file belongs to: `src/<name>` or `matchers` (files directly under src/ are `src`). */
export function folderOf(file) {
  const parts = file.split('/');
  if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : 'src';
  return parts[0];
}

function withoutComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Every file's imports of other files of the tree, as `{ from, to }` paths relative to the root. */
export function moduleGraph(root) {
  const files = [];
  for (const top of ['src', 'matchers']) {
    try {
      files.push(...sourceFiles(join(root, top)));
    } catch {
      // a tree without that folder
    }
  }
  const known = new Set(files.map((f) => relative(root, f).split(sep).join('/')));
  const edges = [];
  for (const file of files) {
    const from = relative(root, file).split(sep).join('/');
    const text = withoutComments(readFileSync(file, 'utf8'));
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (!specifier.startsWith('.')) continue;
      const base = relative(root, resolve(dirname(file), specifier))
        .split(sep)
        .join('/')
        .replace(/\.(m|c)?js$/, '');
      const to = [`${base}.ts`, `${base}/index.ts`, `${base}.mts`].find((candidate) => known.has(candidate));
      if (to === undefined) throw new Error(`${from}: cannot resolve import "${specifier}"`);
      edges.push({ from, to });
    }
  }
  return { files: [...known].sort(), edges };
}

/** The arrows between folders, each with one file-level import that makes it. */
export function folderArrows(graph) {
  const arrows = new Map();
  for (const { from, to } of graph.edges) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (a === b) continue;
    const key = `${a} -> ${b}`;
    if (!arrows.has(key)) arrows.set(key, { from: a, to: b, example: `${from} imports ${to}` });
  }
  return [...arrows.values()].sort((x, y) => (x.from + x.to < y.from + y.to ? -1 : 1));
}

/** The broken rules, one sentence each; empty when the graph keeps them all. */
export function violations(graph) {
  const arrows = folderArrows(graph);
  const problems = [];
  const folders = new Set(graph.files.map(folderOf));
  for (const folder of [...folders].sort()) {
    if (!LAYER_OF.has(folder))
      problems.push(`${folder} has no layer: give it one in scripts/module-graph.mjs (LAYERS) and a paragraph in docs/design.md`);
  }
  for (const arrow of arrows) {
    const from = LAYER_OF.get(arrow.from);
    const to = LAYER_OF.get(arrow.to);
    if (from !== undefined && to !== undefined && to >= from) problems.push(`${arrow.from} may not import ${arrow.to} (${arrow.example})`);
  }
  // A cycle between folders: depth-first search over the folder arrows.
  const next = new Map();
  for (const arrow of arrows) next.set(arrow.from, [...(next.get(arrow.from) ?? []), arrow]);
  const state = new Map();
  const stack = [];
  const visit = (folder) => {
    state.set(folder, 'open');
    for (const arrow of next.get(folder) ?? []) {
      if (state.get(arrow.to) === 'open') {
        const loop = stack.slice(stack.findIndex((a) => a.from === arrow.to)).concat(arrow);
        problems.push(`import cycle between folders: ${loop.map((a) => `${a.from} -> ${a.to} (${a.example})`).join(', ')}`);
      } else if (!state.has(arrow.to)) {
        stack.push(arrow);
        visit(arrow.to);
        stack.pop();
      }
    }
    state.set(folder, 'done');
  };
  for (const folder of [...next.keys()].sort()) if (!state.has(folder)) visit(folder);
  return problems;
}

function main(argv) {
  const rootAt = argv.indexOf('--root');
  const root = rootAt >= 0 ? resolve(argv[rootAt + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const graph = moduleGraph(root);
  if (argv.includes('--print')) {
    for (const arrow of folderArrows(graph)) console.log(`${arrow.from} -> ${arrow.to}`);
  }
  const problems = violations(graph);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exitCode = 1;
  else
    console.log(
      `module graph: ${graph.files.length} files, ${graph.edges.length} imports, ` +
        `${folderArrows(graph).length} arrows between folders; no rule broken`,
    );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
