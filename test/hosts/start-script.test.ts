/**
 * `npm start` end to end: scripts/start.ts as a real process with the embedded demo
 * gateway (its data in a temp dir), the real renderer build, the browser host, real
 * Chromium; then Ctrl-C (SIGINT) stops everything cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../scripts/electron-binary.ts';
import { ROOT } from '../../scripts/project.ts';
import { DEMO_USERS } from '../../server/demo/seed.ts';
import { chromiumAvailable, collectPageErrors, launchChromium } from '../helpers/chromium.ts';
import { requireForSuite } from '../helpers/suite-guard.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'frontdesk-start-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  lines: string[];
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `viaTsxCli`: as `npm start` runs it, through the tsx CLI, which runs the script in a child node process. */
function startScript(args: string[], env: Record<string, string> = {}, viaTsxCli = false): Started {
  const runner = viaTsxCli ? [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...runner, path.join(ROOT, 'scripts', 'start.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, FRONTDESK_POLICY_FILE: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      for (const w of waiters) w();
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    exited,
    waitForLine(pattern, timeoutMs = 90_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no line matching ${pattern} within ${timeoutMs}ms; output:\n${lines.join('\n')}`));
        }, timeoutMs);
        const check = (): void => {
          for (const line of lines) {
            const m = pattern.exec(line);
            if (m) {
              clearTimeout(timer);
              waiters.delete(check);
              resolve(m);
              return;
            }
          }
        };
        waiters.add(check);
        check();
        void exited.then(() => check());
      });
    },
  };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a process with this pid exists (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('npm start (scripts/start.ts)', () => {
  it('rejects bad flags and a bad policy file with a clear message before starting anything', async () => {
    const badFlag = startScript(['--server', 'not-a-url']);
    expect((await badFlag.exited).code).toBe(2);
    expect(badFlag.lines.join('\n')).toMatch(/--server must be an http\(s\):\/\/ or ws\(s\):\/\/ URL, got "not-a-url"/);

    const policy = path.join(tmp, 'bad-policy.json');
    writeFileSync(policy, '{"serverUrl": 42}');
    const badPolicy = startScript(['--no-open'], { FRONTDESK_POLICY_FILE: policy });
    expect((await badPolicy.exited).code).toBe(2);
    expect(badPolicy.lines.join('\n')).toContain(`Invalid Frontdesk policy file ${policy}: "serverUrl"`);
    expect(badPolicy.lines.join('\n')).not.toMatch(/gateway/i);
  });

  const run = requireForSuite('Chromium', chromiumAvailable(), 'install chromium or set FRONTDESK_CHROMIUM');

  it.runIf(run)(
    '--browser --no-open: starts the demo gateway and the browser host, prints the URL on its own line, serves the app, and stops cleanly on Ctrl-C',
    async () => {
      const policy = path.join(tmp, 'policy.json');
      writeFileSync(policy, JSON.stringify({ logLevel: 'warn' }));
      const started = startScript(['--browser', '--no-open', '--data-dir', path.join(tmp, 'desk')], {
        FRONTDESK_DEMO_GATEWAY_DIR: path.join(tmp, 'gateway'),
        FRONTDESK_POLICY_FILE: policy,
      });
      const [, url] = await started.waitForLine(/^Open Frontdesk: (http:\/\/127\.0\.0\.1:\d+\/#secret=[0-9a-f]{64})$/);
      const out = started.lines.join('\n');
      expect(out).toContain(`Policy: ${policy}`);
      const electron = findElectronBinary(ROOT);
      if (electron.ok) expect(out).toContain('Starting the browser host (--browser).');
      else expect(out).toContain(`Electron binary not found (${electron.reason}); starting the browser host instead.`);
      for (const u of DEMO_USERS) expect(out).toContain(`${u.email}  password: ${u.password}`);
      const gatewayUrl = /^Demo gateway: (http:\/\/127\.0\.0\.1:(\d+))/m.exec(out);
      expect(gatewayUrl).not.toBeNull();
      // Paths outside the checkout are printed absolute, and the gateway's log lives inside its own data dir.
      const gatewayDir = path.join(tmp, 'gateway');
      expect(out).toContain(`Starting the embedded demo gateway (data in ${gatewayDir})…`);
      expect(out).toMatch(
        new RegExp(`^Demo gateway: http://127\\.0\\.0\\.1:\\d+ \\(pid \\d+, log: ${escapeRegExp(path.join(gatewayDir, 'gateway.log'))}\\)$`, 'm'),
      );
      expect(existsSync(path.join(gatewayDir, 'gateway.log'))).toBe(true);
      expect(existsSync(path.join(tmp, 'gateway.log'))).toBe(false);
      // The secret is printed once, on the URL line, and nowhere else (not in the JSON logs on stderr).
      const secret = url!.split('#secret=')[1]!;
      expect(started.lines.filter((l) => l.includes(secret))).toEqual([`Open Frontdesk: ${url}`]);
      // The desk's JSON log is in its data dir, not on the terminal.
      const deskLog = /^Desk log: (.+)$/m.exec(out)?.[1];
      expect(deskLog && existsSync(deskLog)).toBeTruthy();
      expect(started.lines.filter((l) => l.startsWith('{'))).toEqual([]);
      expect(readFileSync(deskLog!, 'utf8')).not.toContain(secret);

      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const errors = collectPageErrors(page);
        await page.goto(url!);
        // The real renderer mounted, with the bridge's API.
        await expect
          .poll(
            () =>
              page.evaluate(
                () =>
                  ((globalThis as unknown as { document: { getElementById(id: string): { childElementCount: number } | null } }).document.getElementById('root')
                    ?.childElementCount ?? 0) > 0,
              ),
            { timeout: 15_000 },
          )
          .toBe(true);
        const info = await page.evaluate(() => (globalThis as unknown as { frontdesk: { appInfo(): Promise<unknown> } }).frontdesk.appInfo());
        expect(info).toMatchObject({
          version: expect.any(String) as string,
          host: 'browser',
          serverUrl: gatewayUrl![1],
          dataDir: expect.any(String) as string,
          policy: expect.any(Object) as object,
        });
        // On the embedded demo gateway the login screen lists the demo logins (a newcomer need not find them in the terminal).
        await page.getByTestId('demo-logins').waitFor({ timeout: 15_000 });
        expect(await page.getByTestId('demo-logins').textContent()).toContain(DEMO_USERS[0]!.email);
        const login = await page.evaluate(
          ([email, password]) =>
            (globalThis as unknown as { frontdesk: { login(e: string, p: string): Promise<{ ok: boolean }> } }).frontdesk.login(email!, password!),
          [DEMO_USERS[0]!.email, DEMO_USERS[0]!.password],
        );
        expect(login.ok).toBe(true);
        await expect
          .poll(
            () =>
              page.evaluate(() =>
                (globalThis as unknown as { frontdesk: { getSnapshot(): Promise<{ cursor: { lastSeq: number } }> } }).frontdesk
                  .getSnapshot()
                  .then((s) => s.cursor.lastSeq),
              ),
            {
              timeout: 15_000,
            },
          )
          .toBeGreaterThan(0);
        expect(errors.filter((e) => /Content Security Policy|pageerror/.test(e))).toEqual([]);
      } finally {
        await browser.close();
      }

      const hostPort = Number(new URL(url!).port);
      started.child.kill('SIGINT');
      const exit = await started.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(started.lines).toContain('Frontdesk stopped.');
      expect(await portOpen(hostPort)).toBe(false);
      expect(await portOpen(Number(gatewayUrl![2]))).toBe(false);
    },
    120_000,
  );

  it.runIf(run)(
    'the demo gateway does not outlive a start process killed outright (SIGKILL to it alone)',
    async () => {
      const gatewayDir = path.join(tmp, 'gateway-orphan');
      const started = startScript(['--browser', '--no-open', '--data-dir', path.join(tmp, 'desk-orphan')], { FRONTDESK_DEMO_GATEWAY_DIR: gatewayDir });
      await started.waitForLine(/^Open Frontdesk: http:/);
      const [, port, pidText] = await started.waitForLine(/^Demo gateway: http:\/\/127\.0\.0\.1:(\d+) \(pid (\d+),/);
      const gatewayPid = Number(pidText);
      // The pid is the gateway's: its port is open and it is alive while the launcher runs.
      expect(alive(gatewayPid)).toBe(true);
      expect(await portOpen(Number(port))).toBe(true);

      // Only the start process is killed; no signal reaches its children.
      started.child.kill('SIGKILL');
      expect(await started.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const deadline = Date.now() + 15_000;
      while (alive(gatewayPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const stillAlive = alive(gatewayPid);
      if (stillAlive) process.kill(gatewayPid, 'SIGKILL'); // do not leak it into other tests
      expect(stillAlive, `gateway pid ${gatewayPid} still running 15 s after its launcher was killed`).toBe(false);
      expect(await portOpen(Number(port))).toBe(false);
      // It shut down gracefully (closing its database), not by being killed: its log says why.
      expect(readFileSync(path.join(gatewayDir, 'gateway.log'), 'utf8')).toMatch(/"signal":"parent exited"/);
    },
    120_000,
  );

  it.runIf(run)(
    'as `npm start` runs it (tsx CLI wrapper): SIGKILL to the wrapper alone stops the script, its browser host and the gateway',
    async () => {
      const started = startScript(
        ['--browser', '--no-open', '--data-dir', path.join(tmp, 'desk-wrapper')],
        { FRONTDESK_DEMO_GATEWAY_DIR: path.join(tmp, 'gateway-wrapper') },
        true,
      );
      const [, hostPort] = await started.waitForLine(/^Open Frontdesk: http:\/\/127\.0\.0\.1:(\d+)\//);
      const [, gatewayPort, pidText] = await started.waitForLine(/^Demo gateway: http:\/\/127\.0\.0\.1:(\d+) \(pid (\d+),/);
      const gatewayPid = Number(pidText);
      expect(await portOpen(Number(hostPort))).toBe(true);

      started.child.kill('SIGKILL');
      await started.exited;
      const deadline = Date.now() + 15_000;
      while ((alive(gatewayPid) || (await portOpen(Number(hostPort)))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const leftovers = { gateway: alive(gatewayPid), host: await portOpen(Number(hostPort)) };
      if (leftovers.gateway) process.kill(gatewayPid, 'SIGKILL');
      expect(leftovers).toEqual({ gateway: false, host: false });
      expect(await portOpen(Number(gatewayPort))).toBe(false);
    },
    120_000,
  );
});
