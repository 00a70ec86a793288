/**
 * Builds the renderer into renderer/dist. `base: './'` keeps every asset URL
 * relative, so the same bundle loads from file:// in Electron and from the
 * browser host's loopback HTTP server. Vite 8 transforms TSX itself (oxc); the
 * automatic JSX runtime is set explicitly so no React import is needed per file.
 * No inline scripts are emitted (strict CSP: script-src 'self').
 *
 * The build follows Vite's mode, not an inherited NODE_ENV: builds started from
 * vitest (NODE_ENV=test, e.g. the e2e harness refreshing renderer/dist) otherwise
 * bundle React's development build, which costs several times the CPU per update.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(({ mode }) => ({
  root,
  define: { 'process.env.NODE_ENV': JSON.stringify(mode === 'development' ? 'development' : 'production') },
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react', development: mode === 'development' } },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2023',
    sourcemap: true,
    // The polyfill would be bundled into the entry anyway; Chromium/Electron need none.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: { host: '127.0.0.1', strictPort: false },
}));
