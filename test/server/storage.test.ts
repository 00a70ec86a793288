/**
 * The gateway's SQLite file: migrations to a numbered user_version, STRICT
 * tables, a database from a newer gateway refused with a clear error, and a
 * second gateway on the same data directory failing fast instead of diverging.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../server/store/migrations/index.ts';
import { startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';

const dirs: string[] = [];
const started: GatewayProcess[] = [];

afterAll(async () => {
  for (const g of started) await g.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'fd-storage-'));
  dirs.push(d);
  return d;
}

describe('gateway storage', () => {
  it('migrates to the latest user_version with STRICT tables, and refuses a second process on the same dir', async () => {
    const dataDir = tempDir();
    const gw = await startGateway({ dataDir });
    started.push(gw);
    await expect(startGateway({ dataDir, startTimeoutMs: 20_000 })).rejects.toThrow(/in use by another gateway/);
    await gw.stop();
    const db = new Database(join(dataDir, 'gateway.sqlite'), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = db.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all();
    expect(tables.map((t) => t.name).sort()).toEqual(
      ['command_results', 'entities', 'events', 'meta', 'org_profiles', 'orgs', 'publish_keys', 'refresh_tokens', 'users'].sort(),
    );
    for (const t of tables) expect(t.sql).toMatch(/STRICT/);
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: expect.any(Number) });
    db.close();
  });

  it('refuses a database written by a newer gateway, with a clear error and nothing changed', async () => {
    const dataDir = tempDir();
    const db = new Database(join(dataDir, 'gateway.sqlite'));
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    await expect(startGateway({ dataDir })).rejects.toThrow(/newer than this gateway understands/);
    const after = new Database(join(dataDir, 'gateway.sqlite'), { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    expect(after.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
    after.close();
  });
});
