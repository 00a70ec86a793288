/**
 * The app's own origin, app://frontdesk: the renderer is served from the packaged
 * files through this privileged standard scheme instead of file://, so the page has
 * a real origin (CSP 'self' means exactly our files), fetch/relative URLs behave as on
 * the web, and nothing else on disk is reachable from a window.
 */
import { readFile, realpath } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import type { ViewName } from '../../shared/ipc.ts';
import { contentTypeFor, resolveInside } from '../browser-host/static-files.ts';
import { securityHeaders } from '../config/csp.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'frontdesk';
export const APP_ROOT_URL = `${APP_SCHEME}://${APP_HOST}/`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** The renderer routes on `#/view`. */
export function appUrl(view: ViewName): string {
  return `${APP_ROOT_URL}index.html#/${view}`;
}

/** True for pages of our own origin (URL.origin is "null" for custom schemes, so compare parts). */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

export async function serveRenderer(ses: Session, rendererDir: string): Promise<void> {
  const root = await realpath(rendererDir).catch(() => {
    throw new Error(`renderer build not found at ${rendererDir}: run \`npm run build\` first`);
  });
  const headers = securityHeaders();
  ses.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return new Response('not found', { status: 404, headers });
    const file = await resolveInside(root, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) return new Response('not found', { status: 404, headers });
    const body = await readFile(file);
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': contentTypeFor(file), 'Cache-Control': 'no-cache' } });
  });
}
