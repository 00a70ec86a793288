/**
 * Login, refresh-token rotation, logout and admin revocation.
 *
 * Refresh tokens are opaque random strings, stored hashed, single use: each
 * refresh marks the presented token used and issues a new one of the same
 * family. Presenting an already-used token means it leaked (or a client raced
 * itself): the whole family is revoked, forcing a fresh login.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { TokensResponse, User } from '../../shared/protocol.ts';
import { HttpError } from '../http/errors.ts';
import type { UserRow } from '../store/auth-store.ts';
import type { Directory } from './directory.ts';
import { verifyPassword } from './passwords.ts';
import type { SessionStore } from './session-store.ts';
import type { TokenIssuer } from './tokens.ts';

const REFRESH_TTL_SECONDS = 30 * 24 * 3600;
/** Compared against when the email is unknown, so timing does not reveal which emails exist. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function toUser(row: UserRow): User {
  return { id: row.id, orgId: row.org_id, role: row.role, name: row.name };
}

export class AuthService {
  constructor(
    /** Users (the local database, or Redis shared by all nodes). */
    private readonly users: Directory,
    /** Refresh tokens and revocations (local database, or Redis shared by all nodes). */
    private readonly sessions: SessionStore,
    readonly tokens: TokenIssuer,
  ) {}

  private async issue(row: UserRow, family: string): Promise<TokensResponse> {
    const user = toUser(row);
    const access = await this.tokens.issue(user);
    const refreshToken = randomBytes(32).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    await this.sessions.insertRefreshToken(hashToken(refreshToken), row.id, family, now + REFRESH_TTL_SECONDS, now);
    return { accessToken: access.token, refreshToken, expiresIn: access.expiresIn, user };
  }

  async login(email: string, password: string): Promise<TokensResponse> {
    const row = await this.users.userByEmail(email.trim().toLowerCase());
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    if (!row || !ok) throw new HttpError(401, 'invalid_credentials', 'email or password is wrong');
    return this.issue(row, randomBytes(12).toString('base64url'));
  }

  async refresh(refreshToken: string): Promise<TokensResponse> {
    const now = Math.floor(Date.now() / 1000);
    const hash = hashToken(refreshToken);
    const row = await this.sessions.refreshToken(hash);
    if (!row || row.revoked_at !== null || row.expires_at < now) {
      throw new HttpError(401, 'invalid_refresh_token', 'refresh token is unknown, expired or revoked');
    }
    if (!(await this.sessions.markRefreshTokenUsed(hash, now))) {
      await this.sessions.revokeRefreshFamily(row.family, now);
      throw new HttpError(401, 'refresh_token_reused', 'refresh token was already used; log in again');
    }
    const user = await this.users.userById(row.user_id);
    if (!user) throw new HttpError(401, 'invalid_refresh_token', 'the user of this token no longer exists');
    return this.issue(user, row.family);
  }

  async logout(refreshToken: string): Promise<void> {
    const row = await this.sessions.refreshToken(hashToken(refreshToken));
    if (row) await this.sessions.revokeRefreshFamily(row.family, Math.floor(Date.now() / 1000));
  }

  /**
   * Revokes every refresh token of the user and invalidates access tokens issued
   * so far (on every node: the session store notifies them).
   */
  async revokeUser(userId: string): Promise<{ revokedRefreshTokens: number; userExists: boolean }> {
    const userExists = (await this.users.userById(userId)) !== undefined;
    const revokedRefreshTokens = await this.sessions.revokeUser(userId, Date.now());
    return { revokedRefreshTokens, userExists };
  }
}
