/**
 * The first schema: per-organisation event logs, their projected state, the
 * idempotency records of publishes and commands, and the auth tables.
 *
 * Events are stored as columns plus the `data` JSON text exactly as published,
 * so a replay builds frames by string concatenation without re-parsing data.
 */
export const name = 'initial';

export const sql = `
CREATE TABLE orgs (
  org_id      TEXT PRIMARY KEY,
  epoch       TEXT NOT NULL,
  head_seq    INTEGER NOT NULL,
  oldest_seq  INTEGER NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE events (
  org_id     TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  id         TEXT NOT NULL,
  service    TEXT NOT NULL,
  kind       TEXT NOT NULL,
  at         TEXT NOT NULL,
  data       TEXT NOT NULL,
  caused_by  TEXT,
  PRIMARY KEY (org_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE publish_keys (
  org_id  TEXT NOT NULL,
  key     TEXT NOT NULL,
  seq     INTEGER NOT NULL,
  id      TEXT NOT NULL,
  PRIMARY KEY (org_id, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX publish_keys_by_seq ON publish_keys (org_id, seq);

CREATE TABLE command_results (
  org_id        TEXT NOT NULL,
  key           TEXT NOT NULL,
  user_id       TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  status        INTEGER NOT NULL,
  body          TEXT NOT NULL,
  head_seq      INTEGER NOT NULL,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (org_id, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX command_results_by_seq ON command_results (org_id, head_seq);

CREATE TABLE entities (
  org_id  TEXT NOT NULL,
  type    TEXT NOT NULL,
  id      TEXT NOT NULL,
  data    TEXT NOT NULL,
  PRIMARY KEY (org_id, type, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE users (
  id                  TEXT PRIMARY KEY,
  org_id              TEXT NOT NULL,
  email               TEXT NOT NULL UNIQUE,
  name                TEXT NOT NULL,
  role                TEXT NOT NULL,
  password_hash       TEXT NOT NULL,
  tokens_valid_after  INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE refresh_tokens (
  token_hash   TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL,
  family       TEXT NOT NULL,
  expires_at   INTEGER NOT NULL,
  used_at      INTEGER,
  revoked_at   INTEGER,
  created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX refresh_tokens_by_user ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family);

CREATE TABLE meta (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) STRICT;
`;
