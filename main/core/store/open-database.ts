/**
 * Opening the desk's SQLite file: native binding choice, pragmas, the corruption
 * check, the newer-version refusal and the migrations. Nothing else in the app
 * opens the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index.ts';
import { ensurePrivateDir, ensurePrivateFile } from './private-files.ts';

/** The database was written by a newer app: opening it could lose data, so we refuse. */
export class NewerDatabaseError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `${file} has schema version ${found}, but this Frontdesk only knows up to version ${supported}: ` +
        'it was written by a newer version of the app. Refusing to open it (nothing was changed). ' +
        'Install the newer app, or move the file away to start from the server again.',
    );
    this.name = 'NewerDatabaseError';
  }
}

/** Raised internally when the file opens but is damaged; the opener moves it aside. */
export class CorruptDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorruptDatabaseError';
  }
}

export interface OpenDatabaseOptions {
  file: string;
  /** better-sqlite3 native binary for this runtime (Electron passes its own). */
  nativeBinding?: string;
  /** Open read-only, no migrations (doctor). */
  readonly?: boolean;
  /**
   * Corruption check at open: 'quick' (PRAGMA quick_check: O(N) page walk, skips
   * index cross-checks, so start-up stays short on a big log) or 'full'.
   */
  check?: 'quick' | 'full' | 'none';
  /** Told when a damaged file is moved aside (the message says where). */
  onCorrupt?: (message: string, movedTo: string) => void;
}

export interface OpenedDatabase {
  db: Database.Database;
  /** Where a damaged file was moved to during this open, if it was. */
  movedAsideTo: string | null;
}

const SQLITE_CORRUPTION_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB']);

export function isCorruptionError(err: unknown): boolean {
  if (err instanceof CorruptDatabaseError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SQLITE_CORRUPTION_CODES.has(code);
}

function rawOpen(options: OpenDatabaseOptions): Database.Database {
  if (!(options.readonly ?? false)) {
    ensurePrivateDir(path.dirname(options.file));
    ensurePrivateFile(options.file);
  }
  return new Database(options.file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
}

/** `PRAGMA integrity_check` / `quick_check`: "ok", or the first problem reported. */
export function runIntegrityCheck(db: Database.Database, mode: 'quick' | 'full'): string {
  const rows = db.pragma(mode === 'quick' ? 'quick_check(1)' : 'integrity_check(1)') as Record<string, unknown>[];
  const first = rows[0] ? String(Object.values(rows[0])[0]) : 'no result from integrity check';
  return first;
}

function configure(db: Database.Database, readonly: boolean): void {
  // Fails with SQLITE_NOTADB on a file that is not a database: the first real read.
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > LATEST_SCHEMA_VERSION) throw new NewerDatabaseError(db.name, version, LATEST_SCHEMA_VERSION);
  db.pragma('busy_timeout = 5000');
  if (readonly) return;
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a killed process never loses a committed transaction; only an
  // OS crash or power cut may roll back the last few, and the cursor rolls back with them.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // better-sqlite3 builds with a 16 MB page cache. The desk appends and reads recent
  // rows, so a smaller bounded cache costs little and keeps resident memory flat.
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  // Checkpoint every ~16 MB of WAL instead of SQLite's 4 MB: a catch-up rewrites the same
  // index, projection and cursor pages in every batch, and each checkpoint (run inside
  // a commit, on the main thread) copies them to the database file and fsyncs. Fewer,
  // larger checkpoints copy each page once per window: measured ~15 % less ingest CPU
  // in a 100k catch-up (bench/desk-ingest.bench.ts). Durability is unchanged.
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
}

/** WAL pages between automatic checkpoints (4 KiB pages: ~16 MB). */
export const WAL_AUTOCHECKPOINT_PAGES = 4000;

/** SQLite page cache per connection (KiB). */
export const PAGE_CACHE_KIB = 4096;

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

function timestampForFileName(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/** Renames the file and its WAL/SHM companions to `<file>.corrupt-<timestamp>[-wal|-shm]`. */
export function moveAside(file: string): string {
  const target = `${file}.corrupt-${timestampForFileName()}`;
  fs.renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, target + suffix);
  }
  return target;
}

/**
 * Opens (creating if needed) and migrates the database. A damaged file is moved
 * aside — never deleted — and a fresh one created in its place; the caller then
 * rebuilds it from the gateway's snapshot.
 */
export function openDeskDatabase(options: OpenDatabaseOptions): OpenedDatabase {
  const readonly = options.readonly ?? false;
  let db: Database.Database | null = null;
  try {
    db = rawOpen(options);
    configure(db, readonly);
    const check = options.check ?? 'quick';
    if (check !== 'none') {
      const result = runIntegrityCheck(db, check);
      if (result !== 'ok') throw new CorruptDatabaseError(`integrity check failed: ${result}`);
    }
    if (!readonly) migrate(db);
    return { db, movedAsideTo: null };
  } catch (err) {
    db?.close();
    if (readonly || !isCorruptionError(err)) throw err;
    const movedTo = moveAside(options.file);
    const message =
      `The desk database ${options.file} is damaged (${(err as Error).message}). ` +
      `It was moved aside to ${movedTo} (kept, not deleted) and a new one is being rebuilt from the server.`;
    options.onCorrupt?.(message, movedTo);
    const fresh = rawOpen(options);
    configure(fresh, false);
    migrate(fresh);
    return { db: fresh, movedAsideTo: movedTo };
  }
}
