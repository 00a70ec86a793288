/**
 * Schema v3: the gateway's hash chain (shared/chain.ts). Each stored event keeps the
 * epoch it was appended under, its prevHash and hash (NULL for events from a gateway
 * without the chain), and the cursor keeps the hash of the event at last_seq, so the
 * next event's link can be checked after a restart too.
 */
import type { Migration } from './migration.ts';

export const migration003EventChain: Migration = {
  version: 3,
  name: 'event-chain',
  up: (db) => {
    db.exec(`
      ALTER TABLE events ADD COLUMN epoch TEXT;
      ALTER TABLE events ADD COLUMN prev_hash TEXT;
      ALTER TABLE events ADD COLUMN hash TEXT;
      ALTER TABLE cursor ADD COLUMN last_hash TEXT;
    `);
  },
};
