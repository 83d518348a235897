/**
 * The module graph, built from the source's own imports by scripts/module-graph.mjs: the engine and
 * the policy model know no service, checker, gate, scenario, matcher or CLI module, and no two
 * folders import each other. The script is checked on small trees that break each rule, so that a
 * script that saw no imports could not pass.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'module-graph.mjs');
const trees: string[] = [];

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'iamspec-graph-'));
  trees.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function check(root: string) {
  const run = spawnSync(process.execPath, [SCRIPT, '--root', root], { encoding: 'utf8' });
  return { status: run.status, errors: run.stderr };
}

afterAll(() => {
  for (const root of trees) rmSync(root, { recursive: true, force: true });
});

describe('the module graph of iamspec', () => {
  test('keeps its rules: the engine and the policy model import only each other, and folders form no cycle', () => {
    const result = check(ROOT);
    expect(result.errors).toBe('');
    expect(result.status).toBe(0);
  });

  test('has the arrows the design describes, from the imports themselves', () => {
    const arrows = execFileSync(process.execPath, [SCRIPT, '--print'], { encoding: 'utf8' }).split('\n');
    expect(arrows).toContain('src/engine -> src/policy');
    expect(arrows).toContain('src/dynamodb -> src/engine');
    expect(arrows.filter((a) => a.startsWith('src/engine -> ') || a.startsWith('src/policy -> ')).map((a) => a.split(' -> ')[1])).toEqual(
      expect.not.arrayContaining(['src/dynamodb', 'src/scenarios', 'src/cli', 'matchers']),
    );
  });
});

describe('the module graph check', () => {
  test('fails on an arrow from the engine to a service', () => {
    const root = tree({
      'src/engine/request.ts': `import { findAction } from '../dynamodb/catalog';\nexport const x = findAction;\n`,
      'src/dynamodb/catalog.ts': `export function findAction() {}\n`,
    });
    const result = check(root);
    expect(result.status).toBe(1);
    expect(result.errors).toContain('src/engine may not import src/dynamodb (src/engine/request.ts imports src/dynamodb/catalog.ts)');
  });

  test('fails on an arrow from the policy model to a matcher, also through `import type` and a dynamic import', () => {
    const root = tree({
      'src/policy/load.ts':
        `import type { T } from '../../matchers/core';\nexport const later = () => ` + `import('../cli/main');\nexport type U = T;\n`,
      'matchers/core.ts': `export type T = string;\n`,
      'src/cli/main.ts': `export {};\n`,
    });
    const result = check(root);
    expect(result.status).toBe(1);
    expect(result.errors).toContain('src/policy may not import matchers');
    expect(result.errors).toContain('src/policy may not import src/cli');
  });

  test('fails on a cycle between folders, naming the imports that make it', () => {
    const root = tree({
      'src/scenarios/run.ts': `import { a } from '../gate/diff';\nexport const b = a;\n`,
      'src/gate/diff.ts': `export { b as a } from '../scenarios/run';\n`,
    });
    const result = check(root);
    expect(result.status).toBe(1);
    expect(result.errors).toMatch(/import cycle between folders: .*src\/gate\/diff\.ts imports src\/scenarios\/run\.ts/);
  });

  test('fails on an arrow up the layers (a service importing scenario files) and on a folder without a layer', () => {
    const root = tree({
      'src/dynamodb/catalog.ts': `import { load } from '../scenarios/load';\nexport const x = load;\n`,
      'src/scenarios/load.ts': `export const load = 1;\n`,
      'src/widgets/widget.ts': `export {};\n`,
    });
    const result = check(root);
    expect(result.status).toBe(1);
    expect(result.errors).toContain('src/dynamodb may not import src/scenarios (src/dynamodb/catalog.ts imports src/scenarios/load.ts)');
    expect(result.errors).toContain('src/widgets has no layer');
  });

  test('ignores imports in comments and passes a tree that keeps the rules', () => {
    const root = tree({
      'src/engine/evaluate.ts': `// import { x } from '../cli/main';\nimport { p } from '../policy/model';\nexport const q = p;\n`,
      'src/policy/model.ts': `export const p = 1;\n`,
      'src/cli/main.ts': `import { q } from '../engine/evaluate';\nexport const r = q;\n`,
    });
    expect(check(root)).toEqual({ status: 0, errors: '' });
  });
});
