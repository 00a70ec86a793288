/**
 * What `npm run build` and `npm run dist` produce: the esbuild bundles are
 * self-contained for their runtime (the sandboxed preload may only require
 * 'electron'), the preload maps the API onto exactly the contract's channels without
 * leaking ipcRenderer, and electron-builder.yml passes electron-builder's own schema
 * and packs what the Electron host looks for.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronNativeBindingCandidates } from '../../main/electron/native-binding.ts';
import { bundleBrowserBridge, bundleElectronMain, bundleElectronPreload } from '../../scripts/bundles.ts';
import { ELECTRON_MAIN_OUT, ROOT } from '../../scripts/project.ts';
import { PUSH_CHANNELS, invokeChannels } from '../../shared/ipc.ts';

const out = mkdtempSync(path.join(os.tmpdir(), 'frontdesk-bundles-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const requiresOf = (code: string): string[] => [...new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!))].sort();

describe('bundles', () => {
  let mainCode = '';
  let preloadCode = '';
  let bridgeCode = '';

  beforeAll(async () => {
    await Promise.all([bundleElectronMain(path.join(out, 'electron-main.cjs')), bundleElectronPreload(path.join(out, 'electron-preload.cjs'))]);
    mainCode = readFileSync(path.join(out, 'electron-main.cjs'), 'utf8');
    preloadCode = readFileSync(path.join(out, 'electron-preload.cjs'), 'utf8');
    bridgeCode = await bundleBrowserBridge();
  }, 60_000);

  it('package.json "main" is the Electron main bundle', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(path.resolve(ROOT, pkg.main)).toBe(ELECTRON_MAIN_OUT);
  });

  it('Electron main needs only electron, better-sqlite3 and Node built-ins at runtime', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const external = requiresOf(mainCode).filter((r) => !builtins.has(r));
    // bufferutil / utf-8-validate are ws's optional accelerators, loaded in try/catch.
    expect(external).toEqual(['better-sqlite3', 'bufferutil', 'electron', 'utf-8-validate']);
    expect(mainCode).not.toMatch(/import\.meta\.url/);
  });

  it('the sandboxed preload requires nothing but electron; the bridge requires nothing', () => {
    expect(requiresOf(preloadCode)).toEqual(['electron']);
    expect(requiresOf(bridgeCode)).toEqual([]);
    // zod's other locales are left out of renderer-side bundles.
    expect(preloadCode.length).toBeLessThan(300_000);
    expect(bridgeCode.length).toBeLessThan(300_000);
  });

  it('the preload exposes exactly the FrontdeskApi, mapped onto the contract channels, and never ipcRenderer', async () => {
    const invoked: Array<[string, unknown]> = [];
    const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
    const exposed = new Map<string, Record<string, (...args: unknown[]) => unknown>>();
    const ipcRenderer = {
      invoke: (channel: string, payload: unknown) => {
        invoked.push([channel, payload]);
        return Promise.resolve(channel === 'windows:open' ? { url: null } : null);
      },
      on: (channel: string, fn: (...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(fn);
      },
      removeListener: (channel: string, fn: (...args: unknown[]) => void) => listeners.get(channel)?.delete(fn),
    };
    const electron = { contextBridge: { exposeInMainWorld: (name: string, api: Record<string, (...args: unknown[]) => unknown>) => exposed.set(name, api) }, ipcRenderer };
    const requireInSandbox = (id: string): unknown => {
      if (id === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${id}`);
    };
    const module = { exports: {} };
    vm.runInNewContext(preloadCode, { require: requireInSandbox, module, exports: module.exports, console }, { filename: 'electron-preload.cjs' });

    expect([...exposed.keys()]).toEqual(['frontdesk']);
    const api = exposed.get('frontdesk')!;
    expect(Object.keys(api).sort()).toEqual(['activityPage', 'appInfo', 'dismissOutboxItem', 'getSnapshot', 'login', 'logout', 'onDelta', 'onOutbox', 'onStatus', 'openWindow', 'retryNow', 'submit']);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');

    await api.getSnapshot!();
    await api.activityPage!(100, 50);
    await api.login!('a@b.test', 'pw');
    await api.logout!();
    await api.dismissOutboxItem!('k1');
    await api.openWindow!('board');
    await api.appInfo!();
    await api.submit!({ type: 'complete_task', taskId: 't1' });
    await api.retryNow!();
    expect(invoked).toEqual([
      ['desk:get-snapshot', {}],
      ['desk:activity-page', { beforeSeq: 100, limit: 50 }],
      ['session:login', { email: 'a@b.test', password: 'pw' }],
      ['session:logout', {}],
      ['outbox:dismiss', { key: 'k1' }],
      ['windows:open', { view: 'board' }],
      ['app:info', {}],
      ['actions:submit', { command: { type: 'complete_task', taskId: 't1' } }],
      ['connection:retry-now', {}],
    ]);
    expect(new Set(invoked.map(([c]) => c))).toEqual(new Set(Object.keys(invokeChannels)));

    // Listeners get the payload only (never the IPC event, whose .sender would leak IPC), and unsubscribe.
    const got: unknown[] = [];
    const offs = [api.onDelta!((p: unknown) => got.push(['delta', p])), api.onStatus!((p: unknown) => got.push(['status', p])), api.onOutbox!((p: unknown) => got.push(['outbox', p]))] as Array<() => void>;
    expect([...listeners.keys()].sort()).toEqual([...PUSH_CHANNELS].sort());
    const fakeEvent = { sender: { send: () => undefined } };
    for (const [channel, set] of listeners) for (const fn of set) fn(fakeEvent, { from: channel });
    expect(got).toEqual([
      ['delta', { from: 'desk:delta' }],
      ['status', { from: 'desk:status' }],
      ['outbox', { from: 'desk:outbox' }],
    ]);
    for (const off of offs) off();
    expect([...listeners.values()].every((s) => s.size === 0)).toBe(true);
  });
});

describe('electron-builder.yml', () => {
  const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
  const yaml = requireFromBuilder('js-yaml') as { load(text: string): unknown };
  const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
    files: string[];
    asarUnpack: string[];
    extraResources: Array<{ from: string; to: string }>;
  };

  it("passes electron-builder's own schema", async () => {
    const { validateConfiguration } = requireFromBuilder('./out/util/config/config.js') as { validateConfiguration(c: unknown, log: { warn(m: string): void }): Promise<void> };
    const warnings: string[] = [];
    await validateConfiguration(config, { warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
  });

  it('packs the bundles and the Electron build of better-sqlite3 where the host looks for it', () => {
    expect(config).toMatchObject({ appId: expect.any(String) as string, productName: 'Frontdesk', asar: true, npmRebuild: false, publish: null });
    expect(config.files).toEqual(expect.arrayContaining(['dist/main/**', 'dist/preload/electron-preload.cjs', 'renderer/dist/**']));
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    const native = config.extraResources.find((r) => r.from === 'build-native/electron');
    expect(native?.to).toBe('native');
    expect(electronNativeBindingCandidates('/app', '/res')[0]).toBe(path.join('/res', native!.to, 'better_sqlite3.node'));
    expect(config).toMatchObject({
      win: { target: [{ target: 'nsis' }] },
      mac: { target: [{ target: 'dmg' }], hardenedRuntime: true, notarize: true },
      linux: { target: [{ target: 'deb' }, { target: 'AppImage' }] },
    });
  });
});
