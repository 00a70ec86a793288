/**
 * The desk's data at rest, with the real sync CLI on a real gateway: after a
 * session the data directory is 0700 and every file in it (desk.sqlite with its
 * WAL/SHM, session.json) 0600 — also when an older version left a 0755
 * directory and a 0644 database behind. The CLI never takes a password in argv:
 * `--password` is refused with a sentence, --password-file and
 * FRONTDESK_PASSWORD work, and the password is in no log.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, REPO_ROOT, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { startSync } from './support/sync-process.ts';
import { tempDirPerTest } from './support/temp-dir.ts';

const USER = DEMO_USERS.demoHotel;
const posix = process.platform !== 'win32';
const mode = (p: string) => fs.statSync(p).mode & 0o777;
let gw: GatewayProcess;
const tempDir = tempDirPerTest('frontdesk-at-rest-');

beforeAll(async () => {
  gw = await startGateway({ demo: true });
});
afterAll(async () => {
  await gw?.stop();
});

describe.runIf(posix)('desk data directory', () => {
  it('is 0700 with 0600 files (WAL and SHM included) while the desk runs, from a fresh directory', async () => {
    const dataDir = path.join(tempDir(), 'nested', 'desk');
    const sync = startSync({ server: gw.url, dataDir, email: USER.email, password: USER.password });
    try {
      await sync.waitForLine((l) => l.msg === 'connection live');
      const names = fs.readdirSync(dataDir);
      expect(names).toEqual(expect.arrayContaining(['desk.sqlite', 'desk.sqlite-wal', 'desk.sqlite-shm', 'session.json']));
      expect(mode(dataDir)).toBe(0o700);
      for (const n of names) expect(mode(path.join(dataDir, n)), n).toBe(0o600);
      expect(sync.lines.map((l) => JSON.stringify(l)).join('\n')).not.toContain(USER.password === 'demo' ? '"demo"' : USER.password);
    } finally {
      await sync.stop();
    }
  });

  it('tightens a directory and database an older version left readable by everyone', async () => {
    const dataDir = path.join(tempDir(), 'old');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    const first = startSync({ server: gw.url, dataDir, email: USER.email, password: USER.password });
    await first.waitForLine((l) => l.msg === 'connection live');
    await first.stop();
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, 'desk.sqlite'), 0o644);
    const again = startSync({ server: gw.url, dataDir });
    try {
      await again.waitForLine((l) => l.msg === 'connection live');
      expect(mode(dataDir)).toBe(0o700);
      for (const n of fs.readdirSync(dataDir)) expect(mode(path.join(dataDir, n)), n).toBe(0o600);
    } finally {
      await again.stop();
    }
  });
});

describe('sync CLI passwords', () => {
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/sync.ts', ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...env },
      timeout: 60_000,
      input: '',
    });

  it('refuses --password with a sentence naming the safe ways, and names them in --help', () => {
    for (const flag of [['--password', 'demo'], ['--password=demo']]) {
      const r = run(['--server', gw.url, '--data-dir', tempDir(), '--email', USER.email, ...flag]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('--password is not accepted');
      expect(r.stderr).toContain('--password-file');
      expect(r.stderr).toContain('FRONTDESK_PASSWORD');
    }
    const help = run(['--help']);
    expect(help.stdout).toContain('--password-file FILE');
    expect(help.stdout).toContain('FRONTDESK_PASSWORD');
  });

  it('logs in with --password-file, and says so plainly when no password source exists', () => {
    const dir = tempDir();
    const file = path.join(dir, 'pw');
    fs.writeFileSync(file, `${USER.password}\n`, { mode: 0o600 });
    const ok = run(['--server', gw.url, '--data-dir', path.join(dir, 'desk'), '--email', USER.email, '--password-file', file, '--until-live']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('"msg":"logged in"');

    const none = run(['--server', gw.url, '--data-dir', path.join(dir, 'other'), '--email', USER.email], { FRONTDESK_PASSWORD: '' });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no password given and stdin is not a terminal: use --password-file FILE or FRONTDESK_PASSWORD/);
  });

  it('writes no token, refresh token or password to its log at debug level', () => {
    const dir = tempDir();
    const desk = path.join(dir, 'desk');
    const r = run(['--server', gw.url, '--data-dir', desk, '--email', USER.email, '--until-live', '--log-level', 'debug'], {
      FRONTDESK_PASSWORD: USER.password,
    });
    expect(r.status, r.stderr).toBe(0);
    // The desk core logs nothing below info today; debug is asked for so any future debug line is covered too.
    expect(r.stderr).toContain('"msg":"logged in"');
    const session = JSON.parse(fs.readFileSync(path.join(desk, 'session.json'), 'utf8')) as { accessToken: string; refreshToken: string };
    for (const secret of [session.accessToken, session.refreshToken, session.accessToken.split('.')[2]!]) expect(r.stderr.includes(secret)).toBe(false);
    expect(r.stderr).not.toMatch(/"password":"[^[]/);
  });

  it('refuses a plain http:// gateway that is not on this machine, naming the policy key', () => {
    const r = run(['--server', 'http://gateway.hotel.example:4000', '--data-dir', tempDir(), '--email', USER.email], { FRONTDESK_PASSWORD: 'x' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is unencrypted (http://) and not on this machine');
    expect(r.stderr).toContain('allowInsecureTransport');
  });
});
