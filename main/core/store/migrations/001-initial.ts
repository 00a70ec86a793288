/**
 * Schema v1: the event log, the cursor, one projection table per entity type, the
 * outbox and a small key/value meta table. STRICT everywhere so a wrong type is an
 * error, not a silently coerced value.
 */
import type { Migration } from './migration.ts';

export const migration001Initial: Migration = {
  version: 1,
  name: 'initial',
  up: (db) => {
    db.exec(`
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        service TEXT NOT NULL,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        data TEXT NOT NULL,
        caused_by TEXT
      ) STRICT;

      -- Exactly one row: where this desk stands in the gateway's log.
      CREATE TABLE cursor (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        epoch TEXT,
        last_seq INTEGER NOT NULL CHECK (last_seq >= 0),
        synced_at TEXT
      ) STRICT;
      INSERT INTO cursor (singleton, epoch, last_seq, synced_at) VALUES (1, NULL, 0, NULL);

      CREATE TABLE rooms (id TEXT PRIMARY KEY, json TEXT NOT NULL) STRICT, WITHOUT ROWID;
      CREATE TABLE reservations (id TEXT PRIMARY KEY, json TEXT NOT NULL) STRICT, WITHOUT ROWID;
      CREATE TABLE tasks (id TEXT PRIMARY KEY, json TEXT NOT NULL) STRICT, WITHOUT ROWID;
      CREATE TABLE payments (id TEXT PRIMARY KEY, json TEXT NOT NULL) STRICT, WITHOUT ROWID;

      CREATE TABLE outbox (
        key TEXT PRIMARY KEY,
        position INTEGER NOT NULL UNIQUE,
        org_id TEXT NOT NULL,
        command TEXT NOT NULL,
        description TEXT NOT NULL,
        operator TEXT NOT NULL,
        created_at TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'confirmed', 'rejected')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        rejection_code TEXT,
        rejection_message TEXT,
        event_seqs TEXT,
        max_event_seq INTEGER,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX outbox_by_state ON outbox (state, position);

      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT, WITHOUT ROWID;
    `);
  },
};
