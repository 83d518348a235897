/**
 * The packed package as a consumer's tools read it: what its source maps name is shipped, and every
 * subpath's types resolve for TypeScript resolutions that ignore `exports` (node10).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ensureBuiltPackage } from '../support/fixture-project';

let packageDir: string;
beforeAll(async () => {
  packageDir = process.env.IAMSPEC_CONSUMER_PACKAGE ?? (await ensureBuiltPackage());
}, 300_000);

interface Manifest {
  exports: Record<string, string | { import?: { types?: string } }>;
  typesVersions?: Record<string, Record<string, string[]>>;
}

describe('the packed package', () => {
  test('ships every source file its source maps name, and embeds their text too (stack traces open real files)', () => {
    const maps = readdirSync(join(packageDir, 'dist')).filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(join(packageDir, 'dist', map), 'utf8')) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      expect((sourcesContent ?? []).length, map).toBe(sources.length);
      expect(
        (sourcesContent ?? []).every((text) => typeof text === 'string' && text.length > 0),
        map,
      ).toBe(true);
      for (const source of sources) {
        const path = resolve(packageDir, 'dist', source);
        if (!existsSync(path) || relative(packageDir, path).startsWith('..')) missing.push(`${map}: ${source}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('maps every subpath with types in typesVersions, to the file its exports name (node10 ignores exports)', () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Manifest;
    const typed = Object.entries(manifest.exports).flatMap(([subpath, target]) =>
      subpath !== '.' && typeof target === 'object' && target.import?.types ? [[subpath.slice(2), target.import.types] as const] : [],
    );
    expect(typed.map(([subpath]) => subpath).sort()).toEqual(['jest', 'vite-plugin', 'vitest']);
    const mapping = manifest.typesVersions?.['*'] ?? {};
    for (const [subpath, types] of typed) {
      expect(mapping[subpath], subpath).toEqual([types]);
      expect(existsSync(join(packageDir, types)), types).toBe(true);
    }
  });

  test("has the runtime the Vite plugin's generated modules import, beside the plugin", () => {
    expect(existsSync(join(packageDir, 'dist', 'vite-plugin-runtime.js'))).toBe(true);
    // The CommonJS plugin runs from a shared chunk; the runtime must sit in that chunk's directory.
    const cjs = readFileSync(join(packageDir, 'dist', 'vite-plugin.cjs'), 'utf8');
    const chunks = [...cjs.matchAll(/require\("\.\/(chunk-[A-Z0-9]+\.cjs)"\)/g)].map((m) => m[1]!);
    for (const chunk of chunks) expect(dirname(join(packageDir, 'dist', chunk))).toBe(join(packageDir, 'dist'));
  });
});
