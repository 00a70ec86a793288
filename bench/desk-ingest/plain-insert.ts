/**
 * The independent ceiling for the desk's ingest: plain better-sqlite3, nothing of the
 * desk's store code. The same events table (seq primary key, unique id, STRICT), the
 * same journal/synchronous pragmas as the desk (WAL, NORMAL — the durability the
 * desk's figure pays for), one prepared INSERT and one transaction per batch. What
 * SQLite itself does on this machine, so the desk's margin to it is its real cost.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import type { StoredEvent } from '../../shared/protocol.ts';

export function plainInsertRun(dir: string, events: readonly StoredEvent[], batch: number): void {
  const db = new Database(path.join(dir, 'plain.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(
      'CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, service TEXT NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL, data TEXT NOT NULL, caused_by TEXT) STRICT',
    );
    const insert = db.prepare('INSERT INTO events (seq, id, service, kind, at, data, caused_by) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertMany = db.transaction((slice: readonly StoredEvent[]) => {
      for (const e of slice) insert.run(e.seq, e.id, e.service, e.kind, e.at, JSON.stringify(e.data ?? null), e.causedBy ?? null);
    });
    for (let i = 0; i < events.length; i += batch) insertMany(events.slice(i, i + batch));
  } finally {
    db.close();
  }
}
