/**
 * Schema v2: the hotel record (its business date, time zone, currency and locale)
 * is an entity like the others. Desks from v1 get it with their next snapshot or
 * `hotel.configured` event; until then the desk falls back to the UTC date.
 */
import type { Migration } from './migration.ts';

export const migration002Hotels: Migration = {
  version: 2,
  name: 'hotels',
  up: (db) => {
    db.exec(`CREATE TABLE hotels (id TEXT PRIMARY KEY, json TEXT NOT NULL) STRICT, WITHOUT ROWID;`);
  },
};
