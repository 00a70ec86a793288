/**
 * Opens the gateway's SQLite database and brings its schema up to date.
 *
 * WAL + synchronous=NORMAL: a commit is durable against a process crash (the
 * WAL is written before the call returns) and only the last transactions can be
 * lost on a power cut, which a log of re-publishable events tolerates. The
 * database is opened in exclusive locking mode so a second gateway pointed at
 * the same data directory fails fast instead of diverging from the first one's
 * in-memory projection.
 */
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations/index.ts';

export type Db = Database.Database;

export class NewerSchemaError extends Error {
  constructor(found: number, known: number) {
    super(`database schema version ${found} is newer than this gateway understands (${known}); refusing to open it`);
    this.name = 'NewerSchemaError';
  }
}

export class DatabaseLockedError extends Error {
  constructor(file: string) {
    super(`database ${file} is in use by another gateway process`);
    this.name = 'DatabaseLockedError';
  }
}

export interface OpenedDatabase {
  db: Db;
  /** True when the file had no schema before this open (a fresh data directory). */
  created: boolean;
}

export function openDatabase(file: string): OpenedDatabase {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('locking_mode = EXCLUSIVE');
    // The exclusive lock is taken by the first write; take it now.
    db.exec('BEGIN IMMEDIATE; COMMIT;');
  } catch (err) {
    db.close();
    if (err instanceof Error && /locked|busy/i.test(err.message)) throw new DatabaseLockedError(file);
    throw err;
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    db.close();
    throw new NewerSchemaError(version, MIGRATIONS.length);
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    const migration = MIGRATIONS[v];
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
  return { db, created: version === 0 };
}
