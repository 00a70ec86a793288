/**
 * `npm start` end to end: scripts/start.ts as a real process with the embedded demo
 * gateway (its data in a temp dir), the real renderer build, the browser host, real
 * Chromium; then Ctrl-C (SIGINT) stops everything cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

function startScript(args: string[], env: Record<string, string> = {}): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'start.ts'), ...args], {
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
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
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
      // The secret is printed once, on the URL line, and nowhere else (not in the JSON logs on stderr).
      const secret = url!.split('#secret=')[1]!;
      expect(started.lines.filter((l) => l.includes(secret))).toEqual([`Open Frontdesk: ${url}`]);

      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const errors = collectPageErrors(page);
        await page.goto(url!);
        // The real renderer mounted, with the bridge's API.
        await expect.poll(() => page.evaluate(() => ((globalThis as unknown as { document: { getElementById(id: string): { childElementCount: number } | null } }).document.getElementById('root')?.childElementCount ?? 0) > 0), { timeout: 15_000 }).toBe(true);
        const info = await page.evaluate(() => (globalThis as unknown as { frontdesk: { appInfo(): Promise<unknown> } }).frontdesk.appInfo());
        expect(info).toEqual({ version: expect.any(String) as string, host: 'browser', serverUrl: gatewayUrl![1] });
        const login = await page.evaluate(
          ([email, password]) => (globalThis as unknown as { frontdesk: { login(e: string, p: string): Promise<{ ok: boolean }> } }).frontdesk.login(email!, password!),
          [DEMO_USERS[0]!.email, DEMO_USERS[0]!.password],
        );
        expect(login.ok).toBe(true);
        await expect
          .poll(() => page.evaluate(() => (globalThis as unknown as { frontdesk: { getSnapshot(): Promise<{ cursor: { lastSeq: number } }> } }).frontdesk.getSnapshot().then((s) => s.cursor.lastSeq)), {
            timeout: 15_000,
          })
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
});
