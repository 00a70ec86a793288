/**
 * What `npm run build` and `npm run dist` produce: the esbuild bundles are
 * self-contained for their runtime (the sandboxed preload may only require
 * 'electron'), the preload maps the API onto exactly the contract's channels without
 * leaking ipcRenderer, and electron-builder.yml passes electron-builder's own schema
 * and packs what the Electron host looks for.
 */
import type * as Fuses from '@electron/fuses';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronNativeBindingCandidates } from '../../main/electron/native-binding.ts';
import { bundleBrowserBridge, bundleDeskWorker, bundleElectronMain, bundleElectronPreload, buildRenderer } from '../../scripts/bundles.ts';
import { electronVersion, packApp } from '../../scripts/packaging.ts';
import { ELECTRON_MAIN_OUT, ROOT } from '../../scripts/project.ts';
import { PUSH_CHANNELS, invokeChannels } from '../../shared/ipc.ts';

// @electron/fuses comes with electron-builder (app-builder-lib); read it from there.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const { FuseV1Options, getCurrentFuseWire } = fromBuilder('@electron/fuses') as typeof Fuses;
const { SENTINEL } = fromBuilder('@electron/fuses/dist/constants.js') as { SENTINEL: string };
/** A fuse's byte in the binary: '1' on, '0' off. */
const FuseState = { ENABLE: 0x31, DISABLE: 0x30 } as const;

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
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: Record<string, (...args: unknown[]) => unknown>) => exposed.set(name, api) },
      ipcRenderer,
    };
    const requireInSandbox = (id: string): unknown => {
      if (id === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${id}`);
    };
    const module = { exports: {} };
    vm.runInNewContext(preloadCode, { require: requireInSandbox, module, exports: module.exports, console }, { filename: 'electron-preload.cjs' });

    expect([...exposed.keys()]).toEqual(['frontdesk']);
    const api = exposed.get('frontdesk')!;
    expect(Object.keys(api).sort()).toEqual([
      'activityPage',
      'appInfo',
      'dismissOutboxItem',
      'getSnapshot',
      'login',
      'logout',
      'onDelta',
      'onOutbox',
      'onStatus',
      'openWindow',
      'printDocument',
      'reportCrash',
      'retryNow',
      'submit',
    ]);
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
    await api.reportCrash!({ message: 'boom' });
    await api.printDocument!('pdf', 'Invoice 1');
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
      ['app:renderer-crashed', { message: 'boom' }],
      ['print:document', { mode: 'pdf', suggestedName: 'Invoice 1' }],
    ]);
    expect(new Set(invoked.map(([c]) => c))).toEqual(new Set(Object.keys(invokeChannels)));

    // Listeners get the payload only (never the IPC event, whose .sender would leak IPC), and unsubscribe.
    const got: unknown[] = [];
    const offs = [
      api.onDelta!((p: unknown) => got.push(['delta', p])),
      api.onStatus!((p: unknown) => got.push(['status', p])),
      api.onOutbox!((p: unknown) => got.push(['outbox', p])),
    ] as Array<() => void>;
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
    const { validateConfiguration } = requireFromBuilder('./out/util/config/config.js') as {
      validateConfiguration(c: unknown, log: { warn(m: string): void }): Promise<void>;
    };
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
      win: { target: [{ target: 'nsis' }, { target: 'msi' }], icon: 'build-resources/icon.ico' },
      nsis: { perMachine: true, oneClick: false },
      msi: { perMachine: true, publish: null },
      mac: { target: [{ target: 'dmg' }, { target: 'zip' }], hardenedRuntime: true, notarize: true, icon: 'build-resources/icon.icns' },
      linux: {
        target: [{ target: 'AppImage' }, { target: 'deb' }, { target: 'rpm' }],
        icon: 'build-resources/icon.png',
        maintainer: expect.any(String) as string,
      },
    });
    // deb and rpm refuse to build without a homepage; Linux needs desktopName for the window's app id.
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { homepage?: string; desktopName?: string };
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.desktopName).toBe('frontdesk.desktop');
  });

  it('sets every security fuse the issue asks for', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('has icons in every size the targets need', () => {
    const png = readFileSync(path.join(ROOT, 'build-resources', 'icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
    const ico = readFileSync(path.join(ROOT, 'build-resources', 'icon.ico'));
    const icoSizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
    expect(icoSizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
    const icns = readFileSync(path.join(ROOT, 'build-resources', 'icon.icns'));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let o = 8; o < icns.length; o += icns.readUInt32BE(o + 4)) types.push(icns.subarray(o, o + 4).toString('ascii'));
    expect(types).toEqual(['icp4', 'icp5', 'icp6', 'ic07', 'ic08', 'ic09', 'ic10']);
  });
});

describe('the packed app (offline, stand-in Electron folder)', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'frontdesk-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const electronDist = path.join(work, 'electron');
  const nativeDir = path.join(work, 'native');
  const outDir = path.join(work, 'out');
  const appDir = path.join(outDir, 'linux-unpacked');
  let asarFiles: string[] = [];

  beforeAll(async () => {
    // A stand-in Electron: a file carrying Electron's fuse wire (sentinel, version 1, 8
    // fuses) in the state Electron ships it, so electron-builder's fuse step has the
    // real work to do and the result can be read back.
    mkdirSync(path.join(electronDist, 'resources'), { recursive: true });
    const shipped = [1, 0, 1, 1, 0, 0, 0, 1].map((on) => (on ? FuseState.ENABLE : FuseState.DISABLE));
    writeFileSync(
      path.join(electronDist, 'electron'),
      Buffer.concat([Buffer.from('stand-in electron\n'), Buffer.from(SENTINEL), Buffer.from([1, shipped.length, ...shipped]), Buffer.alloc(32)]),
      { mode: 0o755 },
    );
    // The Node build of better-sqlite3 stands in for the Electron one (same file name, same place).
    mkdirSync(nativeDir);
    copyFileSync(path.join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), path.join(nativeDir, 'better_sqlite3.node'));
    writeFileSync(path.join(nativeDir, 'BUILD-INFO.json'), JSON.stringify({ module: 'better-sqlite3', electronVersion: electronVersion() }));
    await Promise.all([bundleElectronMain(), bundleDeskWorker(), bundleElectronPreload(), buildRenderer()]);
    await packApp({ targets: { linux: ['dir'] }, outDir, electronDist, nativeDir });
    const asar = fromBuilder('@electron/asar') as { listPackage(file: string, o: object): string[] };
    asarFiles = asar.listPackage(path.join(appDir, 'resources', 'app.asar'), {}).map((f) => f.replaceAll('\\', '/'));
  }, 180_000);

  it('holds the bundles and better-sqlite3, and none of the gateway’s dependencies', () => {
    for (const f of [
      '/package.json',
      '/dist/main/electron-main.cjs',
      '/dist/main/desk-worker.cjs',
      '/dist/preload/electron-preload.cjs',
      '/renderer/dist/index.html',
      '/node_modules/better-sqlite3/lib/index.js',
    ]) {
      expect(asarFiles, f).toContain(f);
    }
    const modules = new Set(asarFiles.filter((f) => f.startsWith('/node_modules/')).map((f) => f.split('/')[2]));
    expect([...modules].sort()).toEqual(['better-sqlite3', 'bindings', 'file-uri-to-path']);
    for (const gatewayOnly of ['ioredis', 'prom-client', 'jose', 'pino', 'react', 'zod', 'ws']) expect(modules.has(gatewayOnly), gatewayOnly).toBe(false);
    expect(asarFiles.some((f) => f.endsWith('.map'))).toBe(false);
  });

  it('unpacks the Electron build of better-sqlite3 where the host looks for it', () => {
    const native = path.join(appDir, 'resources', 'native', 'better_sqlite3.node');
    expect(statSync(native).size).toBe(statSync(path.join(nativeDir, 'better_sqlite3.node')).size);
    expect(electronNativeBindingCandidates(path.join(appDir, 'resources', 'app.asar'), path.join(appDir, 'resources'))[0]).toBe(native);
  });

  it('flips the fuses in the packed executable', async () => {
    const wire = await getCurrentFuseWire(path.join(appDir, 'frontdesk'));
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      cookieEncryption: wire[FuseV1Options.EnableCookieEncryption],
      nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      inspect: wire[FuseV1Options.EnableNodeCliInspectArguments],
      asarIntegrity: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      fileProtocol: wire[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      runAsNode: FuseState.DISABLE,
      cookieEncryption: FuseState.ENABLE,
      nodeOptions: FuseState.DISABLE,
      inspect: FuseState.DISABLE,
      asarIntegrity: FuseState.ENABLE,
      onlyAsar: FuseState.ENABLE,
      fileProtocol: FuseState.DISABLE,
    });
  });

  it('stays small: the app archive and its unpacked files under 5 MB', () => {
    const size = (p: string): number => (statSync(p).isDirectory() ? readdirSync(p).reduce((s, n) => s + size(path.join(p, n)), 0) : statSync(p).size);
    const appBytes = size(path.join(appDir, 'resources', 'app.asar')) + size(path.join(appDir, 'resources', 'app.asar.unpacked'));
    console.log(
      `packed app: app.asar + unpacked = ${(appBytes / 1e6).toFixed(2)} MB; native module ${(size(path.join(appDir, 'resources', 'native')) / 1e6).toFixed(2)} MB`,
    );
    expect(appBytes).toBeLessThan(5_000_000);
  });

  it('refuses to pack, with a sentence, when the Electron build of better-sqlite3 is missing', async () => {
    const empty = path.join(work, 'no-native');
    mkdirSync(empty);
    await expect(packApp({ targets: { linux: ['dir'] }, outDir: path.join(work, 'out2'), electronDist, nativeDir: empty })).rejects.toThrow(
      /The Electron build of better-sqlite3 is missing .*could not open its database\. Run `npm run rebuild:electron-native`/,
    );
    expect(existsSync(path.join(work, 'out2'))).toBe(false);
  });
});

describe('npm run dist without Electron downloads', () => {
  it('fails at once with a sentence saying why and what to do', () => {
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/dist.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        ELECTRON_MIRROR: 'https://electron-mirror.invalid/',
        ELECTRON_CACHE: mkdtempSync(path.join(os.tmpdir(), 'no-electron-cache-')),
        FRONTDESK_ELECTRON_DIST: '',
      },
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^npm run dist: Electron [\d.]+ must be downloaded from electron-mirror\.invalid for each target, and electron-mirror\.invalid cannot be reached from here \(ENOTFOUND\)\./,
    );
    expect(r.stderr).toContain('FRONTDESK_ELECTRON_DIST');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    console.log(`npm run dist refused in ${Date.now() - started} ms`);
  });
});
