/**
 * Schema v2: the hotel record (its business date, time zone, currency and locale)
 * and the folio — charges, refunds, invoices — with guests, shifts and the night
 * audits, each an entity table like the others. Desks from v1 fill them from their
 * next snapshot; until the hotel record arrives the desk falls back to the UTC date.
 */
import type { Migration } from './migration.ts';

export const migration002HotelAndFolio: Migration = {
  version: 2,
  name: 'hotel-and-folio',
  up: (db) => {
    for (const table of ['hotels', 'charges', 'refunds', 'invoices', 'guests', 'shifts', 'audits']) {
      db.exec(`CREATE TABLE ${table} (id TEXT PRIMARY KEY, json TEXT NOT NULL) STRICT, WITHOUT ROWID;`);
    }
  },
};
