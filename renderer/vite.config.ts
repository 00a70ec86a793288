/**
 * Builds the renderer into renderer/dist. `base: './'` keeps every asset URL
 * relative, so the same bundle loads from file:// in Electron and from the
 * browser host's loopback HTTP server. Vite 8 transforms TSX itself (oxc); the
 * automatic JSX runtime is set explicitly so no React import is needed per file.
 * No inline scripts are emitted (strict CSP: script-src 'self').
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
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
});
