import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'coverage/**', 'test-results/**', 'screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The renderer talks to main only through the typed bridge; raw Electron IPC is banned there.
    // shared/node/ holds the Node-only helpers of main, the CLI and the provider.
    files: ['renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    ignores: ['shared/node/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'Use the typed bridge from shared/ipc.' },
          { name: 'node:fs', message: 'Renderer and shared code stay free of Node APIs.' },
          { name: 'node:crypto', message: 'Use WebCrypto (globalThis.crypto.subtle) in shared code.' },
        ],
        patterns: [{ group: ['**/node/*', '../node/*'], message: 'shared/node is for Node code (main, CLI, provider), not the renderer or the codec.' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
    languageOptions: { globals: globals.browser },
  },
  {
    // CLIs print to stdout by design.
    files: ['electron/cli/**/*.ts', 'provider/cli/**/*.ts', 'scripts/**/*.ts', 'bin/**/*.cjs'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    // The launchers are CommonJS so that Node starts them without its ES module loader.
    files: ['bin/**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
