// Lint with zero warnings. Layer rules (as VS Code does with its "layers" check):
//   shared/   pure TS: no electron, no node:, no DOM globals, imports nothing outside shared/
//   server/   shared/ + node
//   main/     shared/ + node + electron (electron only under main/electron/)
//   preload/  shared/ + electron's renderer APIs
//   renderer/ shared/ + the preload's types only
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const zone = (target, from, message) => ({ target, from, message });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', '.tsbuild/**', 'renderer/dist/**', 'test-artifacts/**', 'bench/results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zone('./shared', ['./main', './server', './preload', './renderer', './test', './bench', './scripts'], 'shared/ imports only shared/.'),
            zone('./server', ['./main', './preload', './renderer'], 'server/ imports only shared/.'),
            zone('./main', ['./server', './preload', './renderer'], 'main/ imports only shared/.'),
            zone(
              './main/core',
              ['./main/electron', './main/browser-host', './main/cli'],
              'The desk core is host-agnostic: it imports neither a host nor a CLI.',
            ),
            zone('./main/browser-host', ['./main/electron'], 'The browser host runs without Electron.'),
            zone('./preload', ['./main', './server', './renderer'], 'preload/ imports only shared/.'),
            zone(
              './renderer/src',
              ['./main', './server', './preload/electron-preload.ts', './preload/browser-bridge.ts'],
              'renderer/ imports shared/ and the preload types only.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'electron/*', 'fs', 'path', 'os', 'crypto', 'ws', 'better-sqlite3', 'react', 'react-dom'],
              message: 'shared/ is pure TypeScript.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['server/**/*.ts', 'main/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', '*.config.ts', '*.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['electron', 'electron/*', 'react', 'react-dom'], message: 'The gateway runs without Electron or React.' }] },
      ],
    },
  },
  {
    // The host-agnostic core must run under plain Node: electron only in main/electron/.
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['electron', 'electron/*'], message: 'Only main/electron/ may import electron; the core runs under plain Node.' }] },
      ],
    },
  },
  {
    files: ['preload/electron-preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'fs', 'path', 'child_process'], message: 'The preload is sandboxed: electron renderer APIs and shared/ only.' }] },
      ],
    },
  },
  {
    files: ['preload/browser-bridge.ts', 'preload/api-types.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'electron/*', 'ws', 'better-sqlite3', 'fs', 'path'],
              message: 'Renderers never touch Node, Electron or the network stack.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
);
