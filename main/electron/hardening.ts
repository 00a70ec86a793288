/**
 * Window hardening applied to every session and every web contents, so no window —
 * including ones a bug might create — can navigate away, open popups, load remote
 * content, get permissions, or embed a <webview>.
 */
import type { Session, WebContents } from 'electron';
import { securityHeaders } from '../config/csp.ts';

/** Schemes a window may load at all. Everything else (http, https, ws, file, …) is cancelled. */
const ALLOWED_REQUEST_SCHEMES = new Set(['app:', 'devtools:', 'data:', 'blob:']);

export interface HardeningLog {
  warn(obj: object, msg: string): void;
}

export function hardenSession(ses: Session, log: HardeningLog): void {
  ses.setPermissionRequestHandler((_wc, permission, callback) => {
    log.warn({ permission }, 'denied a permission request');
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());

  // No remote content: the renderer talks to the gateway only through main.
  ses.webRequest.onBeforeRequest((details, callback) => {
    let scheme = '';
    try {
      scheme = new URL(details.url).protocol;
    } catch {
      // unparsable: cancelled below
    }
    const cancel = !ALLOWED_REQUEST_SCHEMES.has(scheme);
    if (cancel) log.warn({ url: details.url.slice(0, 200) }, 'blocked a request from a window');
    callback({ cancel });
  });

  // The app protocol sets these too; this makes sure no response of ours goes without them.
  const headers = securityHeaders();
  ses.webRequest.onHeadersReceived((details, callback) => {
    // Our pages only; DevTools (dev builds) brings its own policy.
    if (!details.url.startsWith('app:')) return callback({});
    const responseHeaders = { ...(details.responseHeaders ?? {}) };
    for (const [name, value] of Object.entries(headers)) {
      for (const existing of Object.keys(responseHeaders)) if (existing.toLowerCase() === name.toLowerCase()) delete responseHeaders[existing];
      responseHeaders[name] = [value];
    }
    callback({ responseHeaders });
  });
}

export function hardenWebContents(contents: WebContents, log: HardeningLog): void {
  contents.setWindowOpenHandler(({ url }) => {
    log.warn({ url: url.slice(0, 200) }, 'denied window.open');
    return { action: 'deny' };
  });
  const denyNavigation = (event: { preventDefault(): void }, url: string): void => {
    // Same-document (hash) navigation does not fire these; a full navigation never is ours to allow.
    event.preventDefault();
    log.warn({ url: url.slice(0, 200) }, 'denied navigation');
  };
  contents.on('will-navigate', (event, url) => denyNavigation(event, url));
  contents.on('will-redirect', (event, url) => denyNavigation(event, url));
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) {
      event.preventDefault();
      log.warn({ url: event.url.slice(0, 200) }, 'denied subframe navigation');
    }
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn({}, 'denied <webview>');
  });
}
