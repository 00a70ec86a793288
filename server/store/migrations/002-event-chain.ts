/**
 * The log's hash chain (shared/chain.ts): each event's prevHash and hash, and the
 * organisation's tip (the hash of its head event), updated in the append's
 * transaction. Events appended before this migration have no hash (NULL).
 * Also the organisations' profiles the admin API provisions (server/auth/directory.ts).
 */
export const name = 'event-chain';
export const sql = `
ALTER TABLE events ADD COLUMN prev_hash TEXT;
ALTER TABLE events ADD COLUMN hash TEXT;
ALTER TABLE orgs ADD COLUMN tip_hash TEXT;
CREATE TABLE org_profiles (
  org_id     TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  time_zone  TEXT NOT NULL,
  currency   TEXT NOT NULL
) STRICT;
`;
