/**
 * The browser host against real parts: the real gateway process, the real DeskCore
 * with its SQLite store, real WebSockets, and real Chromium running the bundled
 * bridge script. Only the page is a fixture (host tests must not depend on the
 * renderer's progress); `start-script.test.ts` runs the real renderer.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_PROTOCOL } from '../../shared/bridge.ts';
import type { ConnectionStatus, FrontdeskApi } from '../../shared/ipc.ts';
import { createBrowserHostHooks, startBrowserHost, type BrowserHost } from '../../main/browser-host/browser-host.ts';
import { DENIED_FEATURES } from '../../main/config/csp.ts';
import { createDeskCore } from '../../main/core/desk-core.ts';
import { createFileTokenVault } from '../../main/core/file-token-vault.ts';
import type { DeskCore } from '../../main/core/host-contract.ts';
import { bundleBrowserBridge } from '../../scripts/bundles.ts';
import { ROOT } from '../../scripts/project.ts';
import { chromiumAvailable, collectPageErrors, launchChromium } from '../helpers/chromium.ts';
import { DEMO_USERS, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { requireForSuite } from '../helpers/suite-guard.ts';
import { connectBridge, type BridgeTestClient } from './bridge-client.ts';

const FIXTURE_RENDERER = path.join(ROOT, 'test', 'hosts', 'fixtures', 'renderer');
const SECRET = 'a'.repeat(64);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'frontdesk-browser-host-'));
const demo = DEMO_USERS.demoHotel;

/** The real core, with every invoke that reaches it recorded. */
function recordingCore(core: DeskCore): { core: DeskCore; invoked: string[] } {
  const invoked: string[] = [];
  return {
    invoked,
    core: {
      invoke: (channel, request) => {
        invoked.push(channel);
        return core.invoke(channel, request);
      },
      onPush: (l) => core.onPush(l),
      start: () => core.start(),
      stop: () => core.stop(),
      nudge: (r) => core.nudge(r),
    },
  };
}

function httpGet(
  port: number,
  urlPath: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

function tcpConnect(host: string, port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 2000 });
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('timeout', () => {
      s.destroy();
      resolve('timeout');
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

let gateway: GatewayProcess;
let host: BrowserHost;
let realCore: DeskCore;
let recorded: ReturnType<typeof recordingCore>;
const clients: BridgeTestClient[] = [];

beforeAll(async () => {
  gateway = await startGateway({ demo: true });
  const { hooks, attach } = createBrowserHostHooks();
  mkdirSync(path.join(tmp, 'desk'), { recursive: true });
  realCore = createDeskCore({
    dataDir: path.join(tmp, 'desk'),
    serverUrl: gateway.url,
    vault: createFileTokenVault(path.join(tmp, 'desk'), { warn: () => undefined }),
    hooks,
    version: '0.0.0-test',
    log: pino({ level: 'silent' }),
  });
  recorded = recordingCore(realCore);
  await recorded.core.start();
  host = await startBrowserHost({ core: recorded.core, rendererDir: FIXTURE_RENDERER, bridgeScript: await bundleBrowserBridge(), secret: SECRET });
  attach(host);
});

afterAll(async () => {
  for (const c of clients) c.close();
  await host?.close();
  await realCore?.stop();
  await gateway?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function goodClient(): Promise<BridgeTestClient> {
  const outcome = await connectBridge(host.port, { secret: SECRET, origin: host.origin });
  if (!outcome.ok) throw new Error(`bridge refused a correct client: ${outcome.error}`);
  clients.push(outcome.client);
  return outcome.client;
}

describe('browser host: network exposure', () => {
  it('listens on 127.0.0.1 only, on a random port', async () => {
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
    expect(host.port).toBeGreaterThan(0);
    expect(await tcpConnect('127.0.0.1', host.port)).toBe('connected');
    // Another loopback address reaches the same interface: refused, so the bind is to 127.0.0.1 exactly, not 0.0.0.0.
    expect(await tcpConnect('127.0.0.2', host.port)).toBe('ECONNREFUSED');
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (external) expect(await tcpConnect(external.address, host.port)).not.toBe('connected');
  });

  it('puts the secret in the URL fragment only', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#secret=${SECRET}`);
    expect(host.viewUrl('board')).toBe(`http://127.0.0.1:${host.port}/#/board`);
  });

  it('serves the page with a strict CSP and the bridge as its first script', async () => {
    const res = await httpGet(host.port, '/', { host: `127.0.0.1:${host.port}` });
    expect(res.status).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const firstScript = /<script[^>]*>/i.exec(res.body)?.[0];
    expect(firstScript).toBe('<script src="/bridge.js">');
    expect(res.body.indexOf('<script src="/bridge.js"></script>')).toBeLessThan(res.body.indexOf('type="module"'));

    const bridge = await httpGet(host.port, '/bridge.js', { host: `127.0.0.1:${host.port}` });
    expect(bridge.status).toBe(200);
    expect(bridge.headers['content-type']).toMatch(/^text\/javascript/);
    expect(bridge.body).not.toContain(SECRET);
  });

  it('serves nothing outside the renderer directory, and nothing to another Host name', async () => {
    const h = { host: `127.0.0.1:${host.port}` };
    for (const p of ['/../outside.json', '/%2e%2e/outside.json', '/assets/../../outside.json', '/..%2foutside.json', '/assets/', '/nope.js']) {
      const res = await httpGet(host.port, p, h);
      expect(res.status, p).toBe(404);
      expect(res.body).not.toContain('not for the browser');
    }
    // A missing asset is a 404 of the type that was asked for (empty body), so a browser reports
    // "404 (Not Found)" rather than a misleading "MIME type ('text/plain') is not a supported stylesheet".
    const css = await httpGet(host.port, '/assets/index-OLDHASH.css', h);
    expect(css.status).toBe(404);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toBe('');
    expect(css.headers['x-content-type-options']).toBe('nosniff');
    const untyped = await httpGet(host.port, '/assets/', h);
    expect(untyped.headers['content-type']).toBe('text/plain; charset=utf-8');
    // DNS rebinding: evil.example resolving to 127.0.0.1 still sends its own Host.
    expect((await httpGet(host.port, '/', { host: `evil.example:${host.port}` })).status).toBe(421);
  });
});

describe('browser host: bridge authentication', () => {
  it('accepts our origin with the right secret, answering with the bridge protocol only', async () => {
    const client = await goodClient();
    expect(client.ws.protocol).toBe(BRIDGE_PROTOCOL);
  });

  it.each([
    ['a wrong secret', { secret: 'b'.repeat(64) }, 401],
    ['a truncated secret', { secret: SECRET.slice(0, 63) }, 401],
    ['no secret', { secret: null }, 401],
    ['a foreign Origin', { origin: 'http://evil.example' }, 403],
    ['a look-alike Origin (localhost)', { origin: 'http://localhost:PORT' }, 403],
    ['no Origin', { origin: null }, 403],
    ['another Host name', { host: 'evil.example:PORT' }, 403],
  ])('refuses %s in the handshake', async (_what, override, status) => {
    const opts = { secret: SECRET as string | null, origin: host.origin as string | null, host: undefined as string | undefined, ...override };
    if (opts.origin) opts.origin = opts.origin.replace('PORT', String(host.port));
    if (opts.host) opts.host = opts.host.replace('PORT', String(host.port));
    const outcome = await connectBridge(host.port, opts);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.status).toBe(status);
  });
});

describe('browser host: invoke validation', () => {
  it('answers invalid requests with a clear error, and the core never sees them', async () => {
    const client = await goodClient();
    const before = recorded.invoked.length;

    const badLogin = await client.invoke('session:login', { email: 'frontdesk@demo-hotel.test' });
    expect(badLogin).toEqual({ ok: false, error: expect.stringMatching(/^invalid session:login request: password: /) as string });

    const extraKey = await client.invoke('desk:get-snapshot', { evil: true });
    expect(extraKey.ok).toBe(false);
    if (!extraKey.ok) expect(extraKey.error).toMatch(/invalid desk:get-snapshot request/);

    const badPage = await client.invoke('desk:activity-page', { beforeSeq: -1, limit: 10_000 });
    expect(badPage.ok).toBe(false);

    const badView = await client.invoke('windows:open', { view: 'javascript:alert(1)' });
    expect(badView.ok).toBe(false);

    const unknown = await client.invoke('fs:read', { path: '/etc/passwd' });
    expect(unknown).toEqual({ ok: false, error: 'unknown channel "fs:read"' });

    const proto = await client.invoke('__proto__', {});
    expect(proto.ok).toBe(false);

    // Not an invoke at all: the error names the problem (and the id when it can read one).
    client.sendRaw('this is not json');
    await client.waitFor((m) => m.type === 'error' && m.error === 'bridge message is not JSON');
    client.sendRaw(JSON.stringify({ type: 'invoke', id: 999, channel: 'app:info', payload: {}, extra: 1 }));
    await client.waitFor((m) => m.type === 'result' && m.id === 999 && !m.ok && /invalid bridge message/.test(m.error));

    expect(recorded.invoked.length).toBe(before);

    // A valid request still goes through on the same socket.
    const info = await client.invoke('app:info', {});
    expect(info).toEqual({
      ok: true,
      value: { version: '0.0.0-test', host: 'browser', serverUrl: gateway.url, dataDir: path.join(tmp, 'desk'), policy: { source: null, values: {} } },
    });
    expect(recorded.invoked.slice(before)).toEqual(['app:info']);
  });

  it('returns a same-origin URL for windows:open without the secret', async () => {
    const client = await goodClient();
    expect(await client.invoke('windows:open', { view: 'board' })).toEqual({ ok: true, value: { url: `${host.origin}/#/board` } });
  });
});

describe('browser host: pushes', () => {
  it('reach every connected tab', async () => {
    const a = await goodClient();
    const b = await goodClient();
    const login = await a.invoke('session:login', { email: demo.email, password: demo.password });
    expect(login).toMatchObject({ ok: true, value: { ok: true, user: { orgId: demo.orgId } } });
    const isLive = (m: { type: string; channel?: string; payload?: unknown }) =>
      m.type === 'push' && m.channel === 'desk:status' && (m.payload as ConnectionStatus).state === 'live';
    await Promise.all([a.waitFor(isLive), b.waitFor(isLive)]);
    // The tab that did not log in saw the same sequence of states as the one that did.
    const states = (c: BridgeTestClient) => c.pushes('desk:status').map((s) => (s as ConnectionStatus).state);
    expect(states(b)).toEqual(states(a));
    expect(states(b)).toContain('live');

    // Both get the same snapshot afterwards (one core, one store).
    const [sa, sb] = await Promise.all([a.invoke('desk:get-snapshot', {}), b.invoke('desk:get-snapshot', {})]);
    expect(sa.ok && sb.ok).toBe(true);
    if (sa.ok && sb.ok) {
      expect((sa.value as { cursor: unknown }).cursor).toEqual((sb.value as { cursor: unknown }).cursor);
      expect((sa.value as { cursor: { lastSeq: number } }).cursor.lastSeq).toBeGreaterThan(0);
    }
  });
});

describe('browser host in Chromium', () => {
  const run = requireForSuite('Chromium', chromiumAvailable(), 'install chromium or set FRONTDESK_CHROMIUM');

  it.runIf(run)('installs window.frontdesk before the app, keeps the secret out of the address bar, survives reloads and opens windows', async () => {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      const consoleLines: string[] = [];
      page.on('console', (m) => consoleLines.push(m.text()));
      const requests: string[] = [];
      context.on('request', (r) => requests.push(r.url()));
      await page.goto(host.url);
      await expect.poll(() => page.textContent('#bridge-at-start')).toBe('bridge ready');
      // CSP blocked the fixture's inline script.
      expect(await page.textContent('#inline')).toBe('inline script blocked');
      // The secret left the address bar; no request ever carried it.
      expect(page.url()).toBe(`${host.origin}/`);
      expect(requests.some((u) => u.includes(SECRET))).toBe(false);

      const info = await page.evaluate(() => (globalThis as unknown as { frontdesk: FrontdeskApi }).frontdesk.appInfo());
      expect(info).toEqual({
        version: '0.0.0-test',
        host: 'browser',
        serverUrl: gateway.url,
        dataDir: path.join(tmp, 'desk'),
        policy: { source: null, values: {} },
      });
      // The API object cannot be replaced by page script.
      expect(await page.evaluate(() => Object.getOwnPropertyDescriptor(globalThis, 'frontdesk')?.writable)).toBe(false);

      // Reload: the secret comes from sessionStorage.
      await page.reload();
      await expect.poll(() => page.textContent('#bridge-at-start')).toBe('bridge ready');
      const snap = await page.evaluate(() => (globalThis as unknown as { frontdesk: FrontdeskApi }).frontdesk.getSnapshot().then((s) => s.cursor));
      expect(snap.lastSeq).toBeGreaterThan(0);

      // A validation error surfaces as a rejected promise with the host's message.
      const err = await page.evaluate(() =>
        (globalThis as unknown as { frontdesk: FrontdeskApi }).frontdesk.activityPage(-5, 10).then(
          () => 'resolved',
          (e: Error) => e.message,
        ),
      );
      expect(err).toMatch(/invalid desk:activity-page request: beforeSeq/);

      // windows:open → the bridge opens the view in a new window that is itself connected.
      const [popup] = await Promise.all([
        context.waitForEvent('page'),
        page.evaluate(() => (globalThis as unknown as { frontdesk: FrontdeskApi }).frontdesk.openWindow('board')),
      ]);
      await popup.waitForLoadState();
      await expect.poll(() => popup.textContent('#bridge-at-start')).toBe('bridge ready');
      expect(popup.url()).toBe(`${host.origin}/#/board`);
      expect(await popup.evaluate(() => (globalThis as unknown as { frontdesk: FrontdeskApi }).frontdesk.appInfo().then((i) => i.host))).toBe('browser');
      // Every feature the Permissions-Policy denies is one Chromium knows (no "Unrecognized feature"), and it is off.
      expect(consoleLines.filter((l) => /Permissions-Policy/i.test(l))).toEqual([]);
      const policy = await page.evaluate(() => {
        const fp = (globalThis as unknown as { document: { featurePolicy?: { features(): string[]; allowsFeature(f: string): boolean } } }).document
          .featurePolicy;
        return fp ? { known: fp.features(), allowed: fp.features().filter((f) => fp.allowsFeature(f)) } : null;
      });
      expect(policy).not.toBeNull();
      for (const f of DENIED_FEATURES) {
        expect(policy!.known, f).toContain(f);
        expect(policy!.allowed, f).not.toContain(f);
      }
      // The only console error is the fixture's deliberate inline script being blocked.
      expect(errors.filter((e) => !/Executing inline script violates the following Content Security Policy/.test(e))).toEqual([]);
      expect(errors.length).toBeGreaterThan(0);

      // Without the secret (a stranger's tab), the API refuses clearly.
      const stranger = await (await browser.newContext()).newPage();
      await stranger.goto(`${host.origin}/`);
      const refused = await stranger.evaluate(() =>
        (globalThis as unknown as { frontdesk: FrontdeskApi }).frontdesk.appInfo().then(
          () => 'resolved',
          (e: Error) => e.message,
        ),
      );
      expect(refused).toMatch(/without its launch secret/);

      // A mistyped or cut-off link (wrong secret): said plainly, instead of "lost contact … retrying" forever.
      const mistyped = await (await browser.newContext()).newPage();
      await mistyped.goto(`${host.origin}/#secret=${SECRET.slice(0, 20)}`);
      const wrong = await mistyped.evaluate(() =>
        (globalThis as unknown as { frontdesk: FrontdeskApi }).frontdesk.appInfo().then(
          () => 'resolved',
          (e: Error) => e.message,
        ),
      );
      expect(wrong).toMatch(/^This Frontdesk link is wrong, cut off or from an earlier start/);
    } finally {
      await browser.close();
    }
  });
});

describe('browser bridge when the host goes away', () => {
  const run = requireForSuite('Chromium', chromiumAvailable(), 'install chromium or set FRONTDESK_CHROMIUM');

  it.runIf(run)('shows offline, reconnects when the host is back, and asks the renderer to reload its snapshot', async () => {
    const bridgeScript = await bundleBrowserBridge();
    const secret = 'c'.repeat(64);
    let second = await startBrowserHost({ core: recorded.core, rendererDir: FIXTURE_RENDERER, bridgeScript, secret });
    const port = second.port;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(second.url);
      await page.evaluate(() => {
        const w = globalThis as unknown as { frontdesk: FrontdeskApi; seen: string[] };
        w.seen = [];
        w.frontdesk.onStatus((s) => w.seen.push(`status:${s.state}:${s.detail ?? ''}`));
        w.frontdesk.onDelta((d) => w.seen.push(`delta:reset=${d.reset}`));
        return w.frontdesk.getSnapshot().then(() => undefined);
      });
      const seen = () => page.evaluate(() => (globalThis as unknown as { seen: string[] }).seen);

      await second.close();
      await expect.poll(seen, { timeout: 10_000 }).toContainEqual(expect.stringMatching(/^status:offline:lost contact with the Frontdesk host/));

      // The same launch comes back on the same port (same secret): the tab reconnects by itself.
      second = await startBrowserHost({ core: recorded.core, rendererDir: FIXTURE_RENDERER, bridgeScript, secret, port });
      await expect.poll(seen, { timeout: 15_000 }).toContain('delta:reset=true');
      const info = await page.evaluate(() => (globalThis as unknown as { frontdesk: FrontdeskApi }).frontdesk.appInfo());
      expect(info.host).toBe('browser');
    } finally {
      await browser.close();
      await second.close();
    }
  });
});

describe('browser host when the renderer is rebuilt while it runs', () => {
  const run = requireForSuite('Chromium', chromiumAvailable(), 'install chromium or set FRONTDESK_CHROMIUM');

  it.runIf(run)('a reload gets the new index.html and its new assets; an old asset name is a typed 404', async () => {
    // A private copy of the fixture build, rebuilt in place like `vite build` does (new hashed names, old ones gone).
    const dist = path.join(tmp, 'rebuilt-dist');
    cpSync(FIXTURE_RENDERER, dist, { recursive: true });
    const secret = 'd'.repeat(64);
    const rebuilt = await startBrowserHost({ core: recorded.core, rendererDir: dist, bridgeScript: await bundleBrowserBridge(), secret });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors = collectPageErrors(page);
      await page.goto(rebuilt.url);
      await expect.poll(() => page.textContent('#bridge-at-start')).toBe('bridge ready');

      const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
      renameSync(path.join(dist, 'assets', 'app.js'), path.join(dist, 'assets', 'app-v2.js'));
      writeFileSync(path.join(dist, 'assets', 'style-v2.css'), '#bridge-at-start { color: rgb(1, 2, 3); }\n');
      writeFileSync(
        path.join(dist, 'index.html'),
        html.replace('./assets/app.js', './assets/app-v2.js').replace('</head>', '  <link rel="stylesheet" href="./assets/style-v2.css" />\n  </head>'),
      );

      await page.reload();
      await expect.poll(() => page.textContent('#bridge-at-start')).toBe('bridge ready');
      const color = await page.evaluate(() => {
        const g = globalThis as unknown as { document: { getElementById(id: string): unknown }; getComputedStyle(e: unknown): { color: string } };
        return g.getComputedStyle(g.document.getElementById('bridge-at-start')).color;
      });
      expect(color).toBe('rgb(1, 2, 3)');
      expect(errors.filter((e) => !/Executing inline script violates the following Content Security Policy/.test(e))).toEqual([]);

      // A tab still holding the old page asks for the old names: plain 404s, no MIME-type confusion.
      const old = await httpGet(rebuilt.port, '/assets/app.js', { host: `127.0.0.1:${rebuilt.port}` });
      expect(old.status).toBe(404);
      expect(old.headers['content-type']).toBe('text/javascript; charset=utf-8');

      // Mid-rebuild (index.html gone for a moment): a clear 503, and the host keeps serving afterwards.
      renameSync(path.join(dist, 'index.html'), path.join(dist, 'index.html.tmp'));
      const during = await httpGet(rebuilt.port, '/', { host: `127.0.0.1:${rebuilt.port}` });
      expect(during.status).toBe(503);
      expect(during.body).toMatch(/being rebuilt/);
      renameSync(path.join(dist, 'index.html.tmp'), path.join(dist, 'index.html'));
      expect((await httpGet(rebuilt.port, '/', { host: `127.0.0.1:${rebuilt.port}` })).body).toContain('app-v2.js');
    } finally {
      await browser.close();
      await rebuilt.close();
    }
  });
});
