/**
 * Serves the built renderer (renderer/dist) to the local browser: files only from
 * that directory (no traversal, no symlink escapes, no directory listings), every
 * response with the strict CSP, and index.html with the bridge script injected as
 * the first script so `window.frontdesk` exists before the renderer bundle runs.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { BRIDGE_SCRIPT_PATH } from '../../shared/bridge.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Puts the bridge <script> before the page's first script (or at the end of <head>),
 * after the charset/viewport metas. A classic script runs during parsing, so it is in
 * place before any module script (those run after parsing) and any later script.
 */
export function injectBridgeScript(html: string): string {
  const tag = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`;
  const at = (() => {
    const script = html.search(/<script[\s>]/i);
    if (script >= 0) return script;
    const headEnd = html.search(/<\/head>/i);
    if (headEnd >= 0) return headEnd;
    const body = /<body[^>]*>/i.exec(html);
    return body ? body.index + body[0].length : 0;
  })();
  return html.slice(0, at) + tag + html.slice(at);
}

/**
 * Maps a URL path to a regular file inside `root` (an already real path), or null:
 * no `..` escapes, no NUL, no symlink pointing outside, no directories.
 */
export async function resolveInside(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const candidate = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (candidate !== root && !candidate.startsWith(root + path.sep)) return null;
  try {
    const real = await realpath(candidate);
    if (real !== root && !real.startsWith(root + path.sep)) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

export interface StaticSite {
  /** Serves `urlPath` into `res` (with `headers` added); false when there is no such file. */
  serve(urlPath: string, res: ServerResponse, headers: Record<string, string>, headOnly: boolean): Promise<boolean>;
}

export async function createStaticSite(rootDir: string): Promise<StaticSite> {
  const root = await realpath(rootDir).catch(() => {
    throw new Error(`renderer build not found at ${rootDir}: run \`npm run build:renderer\` first`);
  });
  const indexHtml = injectBridgeScript(await readFile(path.join(root, 'index.html'), 'utf8').catch(() => {
    throw new Error(`${path.join(rootDir, 'index.html')} is missing: run \`npm run build:renderer\` first`);
  }));

  return {
    async serve(urlPath, res, headers, headOnly) {
      if (urlPath === '/' || urlPath === '/index.html') {
        const body = Buffer.from(indexHtml, 'utf8');
        res.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES['.html'], 'Content-Length': body.length, 'Cache-Control': 'no-store' });
        res.end(headOnly ? undefined : body);
        return true;
      }
      const file = await resolveInside(root, urlPath);
      if (!file) return false;
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': contentTypeFor(file), 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
      res.end(headOnly ? undefined : body);
      return true;
    },
  };
}
