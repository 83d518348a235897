/**
 * The directory walk that finds scenario files, held to the glob library it replaced
 * (`SCENARIO_FILE_GLOB` through tinyglobby, as 0.1 ran it) on generated trees: hidden names,
 * `node_modules`, names that almost match, links to files and to directories.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { globSync } from 'tinyglobby';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverScenarioFiles, SCENARIO_FILE_GLOB, SCENARIO_FILE_PATTERN, scenarioFilesUnder } from '../../src/scenarios/discover';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function freshRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'iamspec-discover-'));
  roots.push(root);
  return root;
}

const FILE_NAMES = [
  'a.iam.yaml',
  'b.iam.yml',
  'c.yaml',
  'd.IAM.yaml',
  '.e.iam.yaml',
  'f.iam.yaml.bak',
  'iam.yaml',
  '.iam.yaml',
  'g.iam.yamll',
];
const DIRECTORY_NAMES = ['x', 'y', 'node_modules', '.git', '.hidden', 'deep.iam.yaml'];

type Tree = { readonly files: readonly string[]; readonly directories: readonly (readonly [string, Tree])[] };

function treeOfDepth(depth: number): fc.Arbitrary<Tree> {
  return fc.record({
    files: fc.uniqueArray(fc.constantFrom(...FILE_NAMES), { maxLength: 4 }),
    directories:
      depth === 0
        ? fc.constant([])
        : fc.uniqueArray(fc.tuple(fc.constantFrom(...DIRECTORY_NAMES), treeOfDepth(depth - 1)), {
            maxLength: 3,
            selector: ([name]) => name,
          }),
  });
}

const tree = treeOfDepth(3);

/** Writes the tree; a directory and a file may not share a name, so directories win. */
function write(directory: string, node: Tree): string[] {
  mkdirSync(directory, { recursive: true });
  const made: string[] = [directory];
  const taken = new Set(node.directories.map(([name]) => name));
  for (const name of node.files) if (!taken.has(name)) writeFileSync(join(directory, name), 'cases: []\n');
  for (const [name, child] of node.directories) made.push(...write(join(directory, name), child));
  return made;
}

/**
 * The glob library's answer, kept to files whose own name matches: tinyglobby 0.2.17 also returns
 * any file inside a linked directory under a directory named like a scenario file
 * (`deep.iam.yaml/link/c.yaml`), which the walk rightly leaves out (see the test below).
 */
function globbed(root: string): string[] {
  return globSync(SCENARIO_FILE_GLOB, { cwd: root, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'], onlyFiles: true })
    .filter((path) => SCENARIO_FILE_PATTERN.test(basename(path)))
    .sort();
}

describe('scenarioFilesUnder', () => {
  it('finds what the glob library finds, on generated trees with links that make no cycle', () => {
    fc.assert(
      fc.property(tree, tree, fc.array(fc.nat(), { maxLength: 3 }), (inside, outside, linkChoices) => {
        const base = freshRoot();
        const root = join(base, 'root');
        const directories = write(root, inside);
        const elsewhere = write(join(base, 'elsewhere'), outside);
        // Links from inside the root to directories outside it, and to a scenario file.
        linkChoices.forEach((choice, i) => {
          const from = directories[choice % directories.length]!;
          symlinkSync(elsewhere[choice % elsewhere.length]!, join(from, `link-${i}`));
        });
        writeFileSync(join(base, 'target.iam.yaml'), 'cases: []\n');
        symlinkSync(join(base, 'target.iam.yaml'), join(root, 'linked.iam.yaml'));
        symlinkSync(join(base, 'missing.iam.yaml'), join(root, 'dangling.iam.yaml'));
        expect(scenarioFilesUnder(root).sort()).toEqual(globbed(root));
      }),
      { numRuns: 60 },
    );
  });

  it('takes only files named as scenario files, also inside a linked directory under a directory so named', () => {
    const root = freshRoot();
    mkdirSync(join(root, 'tables', 'deep.iam.yaml'), { recursive: true });
    mkdirSync(join(root, 'elsewhere'));
    writeFileSync(join(root, 'elsewhere', 'policy.yaml'), 'Version: "2012-10-17"\n');
    writeFileSync(join(root, 'elsewhere', 'real.iam.yaml'), 'cases: []\n');
    symlinkSync(join(root, 'elsewhere'), join(root, 'tables', 'deep.iam.yaml', 'link'));
    expect(scenarioFilesUnder(join(root, 'tables'))).toEqual([join(root, 'tables', 'deep.iam.yaml', 'link', 'real.iam.yaml')]);
  });

  it('enters a directory linked from inside itself once, so every file is run once', () => {
    const root = freshRoot();
    mkdirSync(join(root, 'team', 'nested'), { recursive: true });
    writeFileSync(join(root, 'team', 'a.iam.yaml'), 'cases: []\n');
    writeFileSync(join(root, 'team', 'nested', 'b.iam.yaml'), 'cases: []\n');
    symlinkSync('..', join(root, 'team', 'nested', 'up'));
    symlinkSync('.', join(root, 'self'));
    expect(scenarioFilesUnder(root).sort()).toEqual([join(root, 'team', 'a.iam.yaml'), join(root, 'team', 'nested', 'b.iam.yaml')]);
  });
});

describe('discoverScenarioFiles', () => {
  it('walks a directory, globs a pattern, and reports a path that finds nothing', () => {
    const root = freshRoot();
    mkdirSync(join(root, 'scenarios', 'team'), { recursive: true });
    writeFileSync(join(root, 'scenarios', 'one.iam.yaml'), 'cases: []\n');
    writeFileSync(join(root, 'scenarios', 'team', 'two.iam.yml'), 'cases: []\n');
    writeFileSync(join(root, 'scenarios', 'team', 'plain.yaml'), 'cases: []\n');
    const byDirectory = discoverScenarioFiles(['scenarios'], root);
    expect(byDirectory).toEqual({
      files: [join(root, 'scenarios', 'one.iam.yaml'), join(root, 'scenarios', 'team', 'two.iam.yml')],
      problems: [],
    });
    const byGlob = discoverScenarioFiles(['scenarios/**/*.yaml'], root);
    expect(byGlob.files).toEqual([join(root, 'scenarios', 'one.iam.yaml'), join(root, 'scenarios', 'team', 'plain.yaml')]);
    expect(discoverScenarioFiles(['nowhere', 'scenarios/*.json', 'scenarios/team/plain.yaml'], root)).toEqual({
      files: [join(root, 'scenarios', 'team', 'plain.yaml')],
      problems: ['nowhere: no such file or directory', 'scenarios/*.json: no file matches this pattern'],
    });
  });
});
