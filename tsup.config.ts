import { existsSync } from 'node:fs';
import { defineConfig } from 'tsup';

// Entry points of the package: the core, the test-runner integrations and the CLI.
const entries: Record<string, string> = {
  index: 'src/index.ts',
  vitest: 'matchers/vitest.ts',
  jest: 'matchers/jest.ts',
  'vite-plugin': 'matchers/vite-plugin.ts',
  cli: 'src/cli/main.ts',
};

export default defineConfig({
  entry: Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file))),
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node18',
  splitting: true,
  shims: true,
  external: ['vitest', 'jest', '@jest/globals', '@jest/expect', 'vite'],
});
