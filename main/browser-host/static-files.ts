/**
 * Serves the built renderer (renderer/dist) to the local browser: files only from
 * that directory (no traversal, no symlink escapes, no directory listings), every
 * response with the strict CSP, and index.html with the bridge script injected as
 * the first script so `window.frontdesk` exists before the renderer bundle runs.
 *
 * index.html is read on every request (it is tiny): the renderer may be rebuilt
 * while the app runs, and a reload must ask for the new hashed asset names, not
 * the ones of the build that was there at startup.
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
  /**
   * Serves `urlPath` into `res` (with `headers` added). Answers 503 itself while
   * index.html is missing (a rebuild in progress); false when there is no such file.
   */
  serve(urlPath: string, res: ServerResponse, headers: Record<string, string>, headOnly: boolean): Promise<boolean>;
}

/**
 * A 404 typed like what was asked for, with an empty body: a missing stylesheet
 * answered as `text/plain` makes Chromium (with nosniff) report a misleading
 * "MIME type ('text/plain') is not a supported stylesheet MIME type" instead of
 * the plain "404 (Not Found)". Paths without a known type get a short text.
 */
export function serveNotFound(urlPath: string, res: ServerResponse, headers: Record<string, string>, headOnly: boolean): void {
  const type = CONTENT_TYPES[path.extname(urlPath).toLowerCase()];
  const body = type ? Buffer.alloc(0) : Buffer.from('not found\n', 'utf8');
  res.writeHead(404, { ...headers, 'Content-Type': type ?? CONTENT_TYPES['.txt'], 'Content-Length': body.length, 'Cache-Control': 'no-store' });
  res.end(headOnly ? undefined : body);
}

export async function createStaticSite(rootDir: string): Promise<StaticSite> {
  const root = await realpath(rootDir).catch(() => {
    throw new Error(`renderer build not found at ${rootDir}: run \`npm run build:renderer\` first`);
  });
  const indexFile = path.join(root, 'index.html');
  // Checked once at startup so a missing build is a clear launch error, not a blank page.
  await readFile(indexFile, 'utf8').catch(() => {
    throw new Error(`${path.join(rootDir, 'index.html')} is missing: run \`npm run build:renderer\` first`);
  });

  return {
    async serve(urlPath, res, headers, headOnly) {
      if (urlPath === '/' || urlPath === '/index.html') {
        let html: string;
        try {
          html = await readFile(indexFile, 'utf8');
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
          // Between a rebuild's clean and its write: say so, and let the user reload.
          const text = Buffer.from('The Frontdesk app is being rebuilt; reload in a moment.\n', 'utf8');
          res.writeHead(503, {
            ...headers,
            'Content-Type': CONTENT_TYPES['.txt'],
            'Content-Length': text.length,
            'Cache-Control': 'no-store',
            'Retry-After': '1',
          });
          res.end(headOnly ? undefined : text);
          return true;
        }
        const body = Buffer.from(injectBridgeScript(html), 'utf8');
        res.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES['.html'], 'Content-Length': body.length, 'Cache-Control': 'no-store' });
        res.end(headOnly ? undefined : body);
        return true;
      }
      const file = await resolveInside(root, urlPath);
      if (!file) return false;
      // A rebuild may delete the file between the check and the read: that is a 404 too.
      const body = await readFile(file).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      if (!body) return false;
      res.writeHead(200, { ...headers, 'Content-Type': contentTypeFor(file), 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
      res.end(headOnly ? undefined : body);
      return true;
    },
  };
}
