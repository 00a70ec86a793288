/**
 * Boots the REAL bundled Electron main (dist bundle of main/electron/) under plain
 * Node with a recording stand-in for the `electron` module
 * (fixtures/fake-electron.cjs), against the real gateway and the real desk core.
 * This is how the shell's glue is exercised where the Electron binary cannot be
 * downloaded: IPC validation and sender checks, hardening handlers, the app
 * protocol with CSP, pushes to every window, windows:open on the second display,
 * the safeStorage vault (and its refusal of 'basic_text'), and a quit that stops the
 * core first. Chromium-side guarantees are the `_electron` suite's job.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleDeskWorker, bundleElectronMain } from '../../scripts/bundles.ts';
import { ROOT } from '../../scripts/project.ts';
import { DEMO_USERS, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'frontdesk-electron-boot-'));
const bundle = path.join(tmp, 'electron-main.cjs');
const appPath = path.join(tmp, 'app');
let gateway: GatewayProcess;

beforeAll(async () => {
  // The app directory main expects: renderer/dist (a fixture page is enough here).
  mkdirSync(path.join(appPath, 'renderer'), { recursive: true });
  cpSync(path.join(ROOT, 'test', 'hosts', 'fixtures', 'renderer'), path.join(appPath, 'renderer', 'dist'), { recursive: true });
  [gateway] = await Promise.all([startGateway({ demo: true }), bundleElectronMain(bundle), bundleDeskWorker(path.join(tmp, 'desk-worker.cjs'))]);
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

interface BootResult {
  code: number | null;
  stdout: string;
  stderr: string;
  report: Record<string, unknown> & { errors: string[] };
}

function boot(name: string, backend: string, extraArgs: string[] = []): Promise<BootResult> {
  const dataDir = path.join(tmp, name);
  const child = spawn(
    process.execPath,
    ['-r', path.join(ROOT, 'test', 'hosts', 'fixtures', 'fake-electron.cjs'), bundle, '--server', gateway.url, '--data-dir', dataDir, ...extraArgs],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        FRONTDESK_POLICY_FILE: '',
        // The bundle sits in a temp dir; its externals (better-sqlite3) come from the checkout.
        NODE_PATH: path.join(ROOT, 'node_modules'),
        FAKE_ELECTRON_APP_PATH: appPath,
        FAKE_ELECTRON_USER_DATA: path.join(tmp, `${name}-userdata`),
        FAKE_DATA_DIR: dataDir,
        FAKE_SAFE_STORAGE_BACKEND: backend,
        FAKE_LOGIN_EMAIL: DEMO_USERS.demoHotel.email,
        FAKE_LOGIN_PASSWORD: DEMO_USERS.demoHotel.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`boot did not finish\n${stdout}\n${stderr.slice(-3000)}`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('FAKE-ELECTRON-REPORT '));
      if (!line) return reject(new Error(`no report (exit ${code})\n${stdout}\n${stderr.slice(-3000)}`));
      resolve({ code, stdout, stderr, report: JSON.parse(line.slice('FAKE-ELECTRON-REPORT '.length)) as BootResult['report'] });
    });
  });
}

describe('Electron main bundle, booted with a recording electron module', () => {
  it('wires a hardened, validated, single-instance desktop app over the real core', async () => {
    const { code, report, stderr } = await boot('desk', 'gnome_libsecret');
    expect(report.errors).toEqual([]);
    expect(code).toBe(0);

    expect(report.calls).toEqual(
      expect.arrayContaining([
        ['registerSchemesAsPrivileged', [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]],
        ['enableSandbox'],
        ['requestSingleInstanceLock', { view: null }],
      ]),
    );
    expect(report.firstWindow).toEqual({
      url: 'app://frontdesk/index.html#/today',
      preload: path.join(appPath, 'dist', 'preload', 'electron-preload.cjs'),
      webPreferences: expect.objectContaining({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
      }) as unknown,
    });
    expect(report.ipcChannels).toEqual([
      'actions:submit',
      'app:info',
      'app:renderer-crashed',
      'connection:retry-now',
      'desk:activity-page',
      'desk:get-snapshot',
      'outbox:dismiss',
      'print:document',
      'session:login',
      'session:logout',
      'windows:open',
    ]);

    // Our own origin, with the CSP header; nothing outside renderer/dist; no other host.
    expect(report.protocol).toEqual({ scheme: 'app', status: 200, csp: expect.stringContaining("script-src 'self'") as string, hasBody: true });
    expect(report.protocolMissing).toBe(404);
    expect(report.protocolOtherHost).toBe(404);
    expect(report.headerCsp).toMatchObject({ 'Content-Security-Policy': [expect.stringContaining("default-src 'self'")] });
    expect(report.headerCsp).not.toHaveProperty('content-security-policy');

    // Denied: permissions, remote requests, popups, navigation.
    expect(report).toMatchObject({
      permissionGranted: false,
      permissionCheck: false,
      remoteCancelled: true,
      appCancelled: false,
      windowOpen: { action: 'deny' },
      navigationPrevented: true,
    });

    // IPC: validated, and only from the top frame of our own window on our origin.
    expect(report.appInfo).toEqual({
      ok: true,
      value: {
        version: '0.0.0-fake',
        host: 'electron',
        serverUrl: gateway.url,
        dataDir: expect.any(String) as string,
        policy: { source: null, values: expect.objectContaining({ allowInsecureTransport: false }) as object },
      },
    });
    // Crash dumps stay local (no crashReportUrl in the policy) under the desk's data directory; a crashed renderer is reloaded.
    expect(report.crashReporter).toMatchObject({ uploadToServer: false, submitURL: '' });
    expect(report.calls).toEqual(
      expect.arrayContaining([['setPath', 'crashDumps', path.join((report.appInfo as { value: { dataDir: string } }).value.dataDir, 'crash-dumps')]]),
    );
    expect(report.reloadedAfterCrash).toBe(true);
    expect(report.invalidPayload).toEqual({ ok: false, error: expect.stringMatching(/^invalid desk:activity-page request: beforeSeq/) as string });
    for (const key of ['foreignUrl', 'subframe', 'noFrame', 'strangerContents']) {
      expect(report[key], key).toEqual({ ok: false, error: 'refused app:info: the sender is not a Frontdesk window' });
    }

    // print:document: print() with the system dialog, or printToPDF written where the save dialog says (Documents by default).
    const documents = path.join(tmp, 'desk-userdata', 'documents');
    expect(report.printDoc).toEqual({ ok: true, value: { ok: true, path: null } });
    expect(report.savePdf).toEqual({ ok: true, value: { ok: true, path: path.join(documents, 'Invoice 2026-0042.pdf') } });
    expect(report.savedPdfHead).toBe('%PDF-');
    expect(report.calls).toEqual(
      expect.arrayContaining([
        ['print', 1, { silent: false, printBackground: true }],
        ['showSaveDialog', path.join(documents, 'Invoice 2026-0042.pdf')],
        ['printToPDF', 1, { printBackground: true, pageSize: 'A4' }],
      ]),
    );
    expect(report.pdfTraversal).toEqual({ ok: false, error: expect.stringMatching(/^invalid print:document request: suggestedName/) as string });

    // A real login through the core, tokens encrypted at rest via safeStorage.
    expect(report.login).toMatchObject({ ok: true, value: { ok: true, user: { orgId: DEMO_USERS.demoHotel.orgId } } });
    expect(report.sessionFileAfterLogin).toBe('ENC:');
    expect(report.sessionFileAfterLogout).toBe(false);

    // windows:open: a second window on the second display, and pushes reach it.
    expect(report.windowsOpen).toEqual({ ok: true, value: { url: null } });
    expect(report.secondWindow).toEqual({ url: 'app://frontdesk/index.html#/board', x: 1920, width: 1280 });
    expect(report.pushChannels).toEqual(expect.arrayContaining(['desk:status']));

    // Quit waited for the core to stop.
    expect(report.quitDeferred).toBe(true);
    // Logs (JSON on stderr) never carry the password or a token in clear.
    expect(stderr).not.toMatch(/"(password|accessToken|refreshToken)":"(?!\[redacted\])/);
    expect(stderr).toContain('No Electron build of better-sqlite3 found');
  });

  it("refuses to keep tokens on disk with safeStorage's basic_text backend, loudly, and still works", async () => {
    const { code, report, stderr } = await boot('plain', 'basic_text');
    expect(report.errors).toEqual([]);
    expect(code).toBe(0);
    expect(report.login).toMatchObject({ ok: true, value: { ok: true } });
    expect(report.sessionFileAfterLogin).toBeNull();
    expect(stderr).toContain('REFUSING TO STORE THE SESSION ON DISK: no OS keychain (safeStorage backend "basic_text")');
  });

  it('stops with a clear message when the policy file is invalid', async () => {
    const policy = path.join(tmp, 'bad-policy.json');
    writeFileSync(policy, '{"allowServerOverride": "sometimes"}');
    const child = spawn(process.execPath, ['-r', path.join(ROOT, 'test', 'hosts', 'fixtures', 'fake-electron.cjs'), bundle], {
      cwd: ROOT,
      env: {
        ...process.env,
        FRONTDESK_POLICY_FILE: policy,
        NODE_PATH: path.join(ROOT, 'node_modules'),
        FAKE_ELECTRON_APP_PATH: appPath,
        FAKE_ELECTRON_USER_DATA: path.join(tmp, 'bad-userdata'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(out).toContain(`Frontdesk cannot start: Invalid Frontdesk policy file ${policy}: "allowServerOverride"`);
  });
});
