// The linter: ESLint's and typescript-eslint's recommended rules over the source, the matchers, the
// tests, the benchmarks and the scripts. Run by `npm test` (test/architecture/style.test.ts) and by
// `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/fixtures/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      // Every line stays within 140 columns, messages and comments included (Prettier keeps the code
      // there; a long message is joined from pieces, `'…' + '…'`). Only a URL may run over.
      'max-len': ['error', { code: 140, ignoreUrls: true }],
      // A leading underscore says "deliberately unused" (a skipped tuple element, a dropped key).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The matchers' types are merged into the test runners' own declarations (`declare module`,
    // `namespace jest`), whose shapes (an empty interface extending ours, an unused type parameter)
    // are the runners' and not ours to choose.
    files: ['matchers/vitest.ts', 'matchers/jest.ts'],
    rules: {
      '@typescript-eslint/no-empty-object-type': 'off',
      '@typescript-eslint/no-unused-vars': 'off',
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Tests and benchmarks strip terminal colours from output they read: the escape is the point.
    files: ['test/**', 'bench/**'],
    rules: { 'no-control-regex': 'off' },
  },
);
