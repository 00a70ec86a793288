/**
 * Named queries for users, refresh tokens and small gateway settings (meta).
 * Refresh tokens are stored only as SHA-256 hashes: the database never holds a
 * usable token.
 */
import type { Statement } from 'better-sqlite3';
import type { Role } from '../../shared/protocol.ts';
import type { Db } from './database.ts';

export interface UserRow {
  id: string;
  org_id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  tokens_valid_after: number;
}

export interface RefreshTokenRow {
  token_hash: string;
  user_id: string;
  family: string;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
}

export class AuthStore {
  private readonly s: {
    userByEmail: Statement<[string], UserRow>;
    userById: Statement<[string], UserRow>;
    userCount: Statement<[], { n: number }>;
    insertUser: Statement<[string, string, string, string, string, string]>;
    setTokensValidAfter: Statement<[number, string]>;
    allValidAfter: Statement<[], { id: string; tokens_valid_after: number }>;
    refreshToken: Statement<[string], RefreshTokenRow>;
    insertRefreshToken: Statement<[string, string, string, number, number]>;
    markUsed: Statement<[number, string]>;
    revokeToken: Statement<[number, string]>;
    revokeFamily: Statement<[number, string]>;
    revokeUser: Statement<[number, string]>;
    purgeExpired: Statement<[number]>;
    meta: Statement<[string], { value: string }>;
    deleteMeta: Statement<[string]>;
    insertMeta: Statement<[string, string]>;
  };

  constructor(private readonly db: Db) {
    const p = <A extends unknown[], R = unknown>(sql: string) => db.prepare<A, R>(sql);
    const userCols = 'id, org_id, email, name, role, password_hash, tokens_valid_after';
    this.s = {
      userByEmail: p(`SELECT ${userCols} FROM users WHERE email = ?`),
      userById: p(`SELECT ${userCols} FROM users WHERE id = ?`),
      userCount: p('SELECT count(*) AS n FROM users'),
      insertUser: p('INSERT INTO users (id, org_id, email, name, role, password_hash) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING'),
      setTokensValidAfter: p('UPDATE users SET tokens_valid_after = ? WHERE id = ?'),
      allValidAfter: p('SELECT id, tokens_valid_after FROM users WHERE tokens_valid_after > 0'),
      refreshToken: p('SELECT token_hash, user_id, family, expires_at, used_at, revoked_at FROM refresh_tokens WHERE token_hash = ?'),
      insertRefreshToken: p('INSERT INTO refresh_tokens (token_hash, user_id, family, expires_at, created_at) VALUES (?, ?, ?, ?, ?)'),
      markUsed: p('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL'),
      revokeToken: p('UPDATE refresh_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL'),
      revokeFamily: p('UPDATE refresh_tokens SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL'),
      revokeUser: p('UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL'),
      purgeExpired: p('DELETE FROM refresh_tokens WHERE expires_at < ?'),
      meta: p('SELECT value FROM meta WHERE key = ?'),
      deleteMeta: p('DELETE FROM meta WHERE key = ?'),
      insertMeta: p('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  userByEmail(email: string): UserRow | undefined {
    return this.s.userByEmail.get(email);
  }

  userById(id: string): UserRow | undefined {
    return this.s.userById.get(id);
  }

  userCount(): number {
    return this.s.userCount.get()?.n ?? 0;
  }

  /** Inserts a user unless one with this id exists. */
  insertUser(u: Omit<UserRow, 'tokens_valid_after'>): void {
    this.s.insertUser.run(u.id, u.org_id, u.email, u.name, u.role, u.password_hash);
  }

  setTokensValidAfter(userId: string, epochSeconds: number): void {
    this.s.setTokensValidAfter.run(epochSeconds, userId);
  }

  allTokensValidAfter(): { id: string; tokens_valid_after: number }[] {
    return this.s.allValidAfter.all();
  }

  refreshToken(tokenHash: string): RefreshTokenRow | undefined {
    return this.s.refreshToken.get(tokenHash);
  }

  insertRefreshToken(tokenHash: string, userId: string, family: string, expiresAt: number, now: number): void {
    this.s.insertRefreshToken.run(tokenHash, userId, family, expiresAt, now);
  }

  /** Marks a token used; false when it already was (a replay). */
  markRefreshTokenUsed(tokenHash: string, now: number): boolean {
    return this.s.markUsed.run(now, tokenHash).changes === 1;
  }

  revokeRefreshToken(tokenHash: string, now: number): boolean {
    return this.s.revokeToken.run(now, tokenHash).changes === 1;
  }

  revokeRefreshFamily(family: string, now: number): void {
    this.s.revokeFamily.run(now, family);
  }

  revokeUserRefreshTokens(userId: string, now: number): number {
    return this.s.revokeUser.run(now, userId).changes;
  }

  purgeExpiredRefreshTokens(now: number): void {
    this.s.purgeExpired.run(now);
  }

  deleteMeta(key: string): void {
    this.s.deleteMeta.run(key);
  }

  meta(key: string): string | undefined {
    return this.s.meta.get(key)?.value;
  }

  /** Stores a setting unless it is already set; returns the stored value. */
  metaSetOnce(key: string, value: string): string {
    this.s.insertMeta.run(key, value);
    return this.meta(key) ?? value;
  }
}
