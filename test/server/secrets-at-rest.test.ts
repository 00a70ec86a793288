/**
 * The gateway's secrets and data at rest, on a real gateway process: the data
 * directory is 0700 and its files (gateway.sqlite with WAL/SHM, jwt-secret)
 * 0600 after a session; the signing secret is in its own file and nowhere in the
 * database; a secret an older gateway kept in the database is moved out (tokens
 * signed with it stay valid); a FRONTDESK_JWT_SECRET shorter than 32 bytes is
 * refused with a sentence; the debug log holds no secret.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_PATH } from '../../shared/protocol.ts';
import { DEMO_USERS, getJson, login, publish, startGateway } from '../helpers/gateway-process.ts';

const posix = process.platform !== 'win32';
const mode = (p: string) => fs.statSync(p).mode & 0o777;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function freshParent(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-gw-at-rest-'));
  dirs.push(d);
  return d;
}

describe('gateway data at rest', () => {
  it.runIf(posix)('keeps the data directory 0700 and its files 0600, and the signing secret out of the database', async () => {
    const dataDir = path.join(freshParent(), 'gateway');
    const gw = await startGateway({ dataDir, keepDataDir: true, env: { FRONTDESK_SERVICE_TOKEN: 'a-service-token-only-this-test-knows' } });
    try {
      const t = await login(gw.url, DEMO_USERS.demoHotel.email, 'demo');
      await publish(gw.url, { orgId: 'demo-hotel', service: 'pms', kind: 'note.added', data: { text: 'x' } }, gw.serviceToken);
      const names = fs.readdirSync(dataDir);
      // Exclusive locking mode keeps the WAL index in memory: there is no -shm file to check.
      expect(names).toEqual(expect.arrayContaining(['gateway.sqlite', 'gateway.sqlite-wal', 'jwt-secret']));
      expect(mode(dataDir)).toBe(0o700);
      for (const n of names) expect(mode(path.join(dataDir, n)), n).toBe(0o600);

      const secret = fs.readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8').trim();
      expect(Buffer.byteLength(secret)).toBeGreaterThanOrEqual(32);
      for (const n of names.filter((x) => x.startsWith('gateway.sqlite'))) {
        expect(fs.readFileSync(path.join(dataDir, n)).includes(secret), n).toBe(false);
      }
      const logs = gw.logs();
      for (const s of [secret, t.accessToken, t.refreshToken, gw.serviceToken]) expect(logs.includes(s)).toBe(false);
    } finally {
      await gw.stop();
    }
  });

  it('moves a secret an older gateway kept in the database to its own file; tokens signed with it stay valid', async () => {
    const dataDir = path.join(freshParent(), 'gateway');
    const gw = await startGateway({ dataDir, keepDataDir: true });
    const t = await login(gw.url, DEMO_USERS.demoHotel.email, 'demo');
    await gw.stop();
    // What an older gateway left: the secret in meta, no jwt-secret file.
    const secretFile = path.join(dataDir, 'jwt-secret');
    const secret = fs.readFileSync(secretFile, 'utf8').trim();
    fs.rmSync(secretFile);
    const db = new Database(path.join(dataDir, 'gateway.sqlite'));
    db.prepare("INSERT INTO meta (key, value) VALUES ('jwt_secret', ?)").run(secret);
    db.close();

    const again = await startGateway({ dataDir, keepDataDir: true });
    try {
      expect((await getJson(`${again.url}${SNAPSHOT_PATH}`, t.accessToken)).status).toBe(200);
      expect(fs.readFileSync(secretFile, 'utf8').trim()).toBe(secret);
      if (posix) expect(mode(secretFile)).toBe(0o600);
    } finally {
      await again.stop();
    }
    const check = new Database(path.join(dataDir, 'gateway.sqlite'), { readonly: true });
    expect(check.prepare("SELECT count(*) AS n FROM meta WHERE key = 'jwt_secret'").get()).toEqual({ n: 0 });
    check.close();
  });

  it('says in one sentence, without a stack trace, that another gateway holds the data directory', async () => {
    const dataDir = path.join(freshParent(), 'gateway');
    const first = await startGateway({ dataDir, keepDataDir: true });
    try {
      const second = await startGateway({ dataDir, keepDataDir: true }).then(
        () => null,
        (err: Error) => err.message,
      );
      expect(second).toMatch(
        /gateway failed to start: database .* is in use by another gateway process\. Another gateway uses .* \(`npm start` runs its demo gateway on \.data\/gateway\)/,
      );
      expect(second).not.toMatch(/\n\s+at /);
    } finally {
      await first.stop();
    }
  });

  it('refuses a FRONTDESK_JWT_SECRET shorter than 32 bytes with a sentence', async () => {
    await expect(startGateway({ env: { FRONTDESK_JWT_SECRET: 'too-short-secret' } })).rejects.toThrow(
      /signing secret from FRONTDESK_JWT_SECRET is 16 bytes; it must be at least 32/,
    );
    const long = 'a-signing-secret-of-forty-bytes-0123456789';
    const gw = await startGateway({ env: { FRONTDESK_JWT_SECRET: long } });
    try {
      expect(fs.existsSync(path.join(gw.dataDir, 'jwt-secret'))).toBe(false);
      const t = await login(gw.url, DEMO_USERS.demoHotel.email, 'demo');
      expect((await getJson(`${gw.url}${SNAPSHOT_PATH}`, t.accessToken)).status).toBe(200);
      expect(gw.logs().includes(long)).toBe(false);
    } finally {
      await gw.stop();
    }
  });
});
