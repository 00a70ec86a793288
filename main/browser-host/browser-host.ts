/**
 * The browser host: the same DeskCore the Electron shell uses, served to a local
 * browser. Listens on 127.0.0.1 only, on a random port by default; serves the built
 * renderer plus the bridge script with a strict CSP; the bridge WebSocket needs this
 * launch's secret and our own Origin.
 *
 * The secret travels in the URL fragment (`/#secret=…`), which browsers never send to
 * servers, so it stays out of request lines and access logs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BRIDGE_PATH, BRIDGE_SCRIPT_PATH, FRAGMENT_SECRET_KEY, formatFragment } from '../../shared/bridge.ts';
import type { ViewName } from '../../shared/ipc.ts';
import { securityHeaders } from '../config/csp.ts';
import type { DeskCore, DeskHostHooks } from '../core/host-contract.ts';
import { newLaunchSecret } from './bridge-auth.ts';
import { createBridgeServer, type BridgeLog } from './bridge-server.ts';
import { createStaticSite, serveNotFound } from './static-files.ts';

export const LOOPBACK = '127.0.0.1';

export interface BrowserHostOptions {
  core: DeskCore;
  /** The built renderer (renderer/dist). */
  rendererDir: string;
  /** The bundled preload/browser-bridge.ts (an IIFE script). */
  bridgeScript: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Tests may fix it; otherwise 32 random bytes per launch. */
  secret?: string;
  log?: BridgeLog;
}

export interface BrowserHost {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly port: number;
  /** The URL to open, secret in the fragment. Print it; never log it to files. */
  readonly url: string;
  /** URL of one view (no secret: the bridge adds it from its own session). */
  viewUrl(view: ViewName): string;
  readonly clientCount: number;
  close(): Promise<void>;
}

const silentLog: BridgeLog = { info: () => undefined, warn: () => undefined };

/**
 * Hooks for createDeskCore, made before the host exists (the core is built first,
 * the host needs the core). `attach` wires them to the running host.
 */
export function createBrowserHostHooks(): { hooks: DeskHostHooks; attach(host: Pick<BrowserHost, 'viewUrl'>): void } {
  let attached: Pick<BrowserHost, 'viewUrl'> | null = null;
  return {
    hooks: {
      host: 'browser',
      openWindow(view) {
        if (!attached) return Promise.reject(new Error('browser host is not running yet'));
        return Promise.resolve({ url: attached.viewUrl(view) });
      },
    },
    attach(host) {
      attached = host;
    },
  };
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const log = opts.log ?? silentLog;
  const secret = opts.secret ?? newLaunchSecret();
  const site = await createStaticSite(opts.rendererDir);

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: LOOPBACK, port: opts.port ?? 0, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = `${LOOPBACK}:${port}`;
  const origin = `http://${host}`;
  const headers = securityHeaders({ connectSrc: [`ws://${host}`] });
  const bridge = createBridgeServer({ core: opts.core, origin, host, secret, log });
  const bridgeScript = Buffer.from(opts.bridgeScript, 'utf8');

  const reply = (res: ServerResponse, status: number, text: string): void => {
    res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(text);
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // A page reached through another host name (DNS rebinding) gets nothing.
    if (req.headers.host !== host) return reply(res, 421, 'wrong host\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'method not allowed\n');
    const urlPath = (req.url ?? '/').split('?')[0] ?? '/';
    const headOnly = req.method === 'HEAD';
    if (urlPath === BRIDGE_SCRIPT_PATH) {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8', 'Content-Length': bridgeScript.length, 'Cache-Control': 'no-store' });
      res.end(headOnly ? undefined : bridgeScript);
      return;
    }
    site.serve(urlPath, res, headers, headOnly).then(
      (found) => {
        if (!found) serveNotFound(urlPath, res, headers, headOnly);
      },
      (err: Error) => {
        log.warn({ error: err.message }, 'static file failed');
        if (!res.headersSent) reply(res, 500, 'error\n');
        else res.destroy();
      },
    );
  });

  server.on('upgrade', (req, socket, head) => {
    const urlPath = (req.url ?? '/').split('?')[0];
    if (urlPath !== BRIDGE_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    bridge.handleUpgrade(req, socket, head);
  });

  log.info({ origin }, 'browser host listening');
  let closing: Promise<void> | null = null;
  return {
    origin,
    port,
    url: `${origin}/${formatFragment([[FRAGMENT_SECRET_KEY, secret]])}`,
    viewUrl: (view) => `${origin}/#/${view}`,
    get clientCount() {
      return bridge.clientCount;
    },
    close() {
      closing ??= (async () => {
        await bridge.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
