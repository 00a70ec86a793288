/**
 * Login, refresh-token rotation, logout and admin revocation.
 *
 * Refresh tokens are opaque random strings, stored hashed, single use: each
 * refresh marks the presented token used and issues a new one of the same
 * family. Presenting an already-used token means it leaked (or a client raced
 * itself): the whole family is revoked, forcing a fresh login.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CreateUserRequest, TokensResponse, User } from '../../shared/protocol.ts';
import { HttpError } from '../http/errors.ts';
import type { UserRow } from '../store/auth-store.ts';
import type { Directory } from './directory.ts';
import { LoginThrottle } from './login-throttle.ts';
import { passwordProblem } from './password-policy.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
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
    /** Users (always the local database). */
    /** Users (the local database, or Redis shared by all nodes). */
    private readonly users: Directory,
    /** Refresh tokens and revocations (local database, or Redis shared by all nodes). */
    private readonly sessions: SessionStore,
    readonly tokens: TokenIssuer,
    private readonly throttle: LoginThrottle = new LoginThrottle(),
  ) {}

  private async issue(row: UserRow, family: string): Promise<TokensResponse> {
    const user = toUser(row);
    const access = await this.tokens.issue(user, family);
    const refreshToken = randomBytes(32).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    await this.sessions.insertRefreshToken(hashToken(refreshToken), row.id, family, now + REFRESH_TTL_SECONDS, now);
    return { accessToken: access.token, refreshToken, expiresIn: access.expiresIn, user };
  }

  /** `address` is the client's network address (per-address throttling). */
  async login(email: string, password: string, address: string): Promise<TokensResponse> {
    const account = email.trim().toLowerCase();
    // Checked before the password: during a lock-out even the right password waits.
    const waitMs = this.throttle.retryAfterMs(account, address);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new HttpError(429, 'too_many_attempts', `too many failed logins; try again in ${seconds} s`, { 'Retry-After': String(seconds) });
    }
    const row = await this.users.userByEmail(account);
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    if (!row || !ok) {
      this.throttle.failed(account, address);
      throw new HttpError(401, 'invalid_credentials', 'email or password is wrong');
    }
    this.throttle.succeeded(account);
    return this.issue(row, randomBytes(12).toString('base64url'));
  }

  /** Admin API: a new user, with a password that passes the policy (password-policy.ts). */
  async createUser(req: CreateUserRequest): Promise<User> {
    const email = req.email.trim().toLowerCase();
    const problem = passwordProblem(req.password, { email, name: req.name });
    if (problem) throw new HttpError(422, 'weak_password', problem);
    if (!(await this.users.org(req.orgId))) throw new HttpError(404, 'unknown_org', `organisation ${req.orgId} does not exist; create it first`);
    const id = `u-${randomBytes(9).toString('base64url')}`;
    const inserted = await this.users.insertUser({
      id,
      org_id: req.orgId,
      email,
      name: req.name,
      role: req.role,
      password_hash: await hashPassword(req.password),
    });
    if (!inserted) throw new HttpError(409, 'user_exists', `a user with the email ${email} already exists`);
    return { id, orgId: req.orgId, role: req.role, name: req.name };
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

  /**
   * Ends the login session: its refresh tokens are revoked and its access tokens
   * (which carry the session id) stop working on every node. Returns the session
   * id, or null when the refresh token was unknown.
   */
  async logout(refreshToken: string): Promise<string | null> {
    const row = await this.sessions.refreshToken(hashToken(refreshToken));
    if (!row) return null;
    await this.sessions.revokeRefreshFamily(row.family, Math.floor(Date.now() / 1000));
    await this.sessions.endSession(row.family, Date.now() + this.tokens.ttlMs + 1000);
    return row.family;
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
