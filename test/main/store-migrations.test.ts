import { ENTITY_TYPES } from '../../shared/domain.ts';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databasePath, DeskStore } from '../../main/core/store/desk-store.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../main/core/store/migrations/index.ts';
import { NewerDatabaseError } from '../../main/core/store/open-database.ts';
import { tempDirPerTest } from './support/temp-dir.ts';

const tempDir = tempDirPerTest();

describe('desk store migrations', () => {
  it('numbers migrations 1..N without holes', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('creates a fresh database at the latest user_version, in WAL mode, with STRICT tables only', () => {
    const dir = tempDir();
    const store = DeskStore.open({ dataDir: dir });
    expect(store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    store.close();
    const db = new Database(databasePath(dir), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'table'`).all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name).sort()).toEqual([...ENTITY_TYPES, 'cursor', 'events', 'meta', 'outbox'].sort());
    for (const t of tables) expect(t.sql, t.name).toMatch(/\)\s*STRICT/);
    db.close();
  });

  it('reopening an up-to-date database changes nothing', () => {
    const dir = tempDir();
    const a = DeskStore.open({ dataDir: dir });
    a.setMeta('marker', 'kept');
    a.close();
    const b = DeskStore.open({ dataDir: dir });
    expect(b.getMeta('marker')).toBe('kept');
    expect(b.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    b.close();
  });

  it('refuses a database written by a newer app, with a clear error, and leaves it untouched', () => {
    const dir = tempDir();
    DeskStore.open({ dataDir: dir }).close();
    const file = databasePath(dir);
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    const before = fs.readFileSync(file);

    let error: unknown;
    try {
      DeskStore.open({ dataDir: dir });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(NewerDatabaseError);
    expect((error as Error).message).toContain(`schema version ${LATEST_SCHEMA_VERSION + 1}`);
    expect((error as Error).message).toMatch(/newer version of the app/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toEqual([]);
  });

  it('rejects a wrongly typed value (STRICT), instead of coercing it', () => {
    const dir = tempDir();
    DeskStore.open({ dataDir: dir }).close();
    const db = new Database(databasePath(dir));
    expect(() => db.prepare(`UPDATE cursor SET last_seq = 'seven'`).run()).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
  });
});
