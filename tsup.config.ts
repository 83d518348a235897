import { defineConfig } from 'tsup';
import { shipOnlyOwnSources } from './scripts/shipped-source-maps';

export default defineConfig({
  // The package's entry points: the core, the test-runner integrations and the CLI (the `iamspec` bin).
  entry: {
    index: 'src/index.ts',
    vitest: 'matchers/vitest.ts',
    jest: 'matchers/jest.ts',
    'vite-plugin': 'matchers/vite-plugin.ts',
    // Imported by the modules the plugin generates, by path (see runtimePath in vite-plugin.ts).
    'vite-plugin-runtime': 'matchers/vite-plugin-runtime.ts',
    cli: 'src/cli/main.ts',
    // Started by `iamspec test` for large runs, by path (see workerScript in src/cli/parallel-files.ts).
    'test-worker': 'src/cli/test-worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node18',
  splitting: true,
  shims: true,
  // The test runners are the user's: optional peer dependencies, never bundled.
  external: ['vitest', 'jest', '@jest/globals', '@jest/expect', 'vite'],
  // The maps may name only files the package ships (src/, matchers/): see scripts/shipped-source-maps.ts.
  async onSuccess() {
    shipOnlyOwnSources('dist');
  },
});
