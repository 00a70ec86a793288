/**
 * The signed-in session: tokens live here (and in the vault), never in a window.
 * Refreshes before expiry (at a fraction of the lifetime) and on demand; a refused
 * refresh ends the session ("needs login") instead of retrying with a dead token.
 */
import type { Logger } from 'pino';
import type { LoginResult } from '../../../shared/ipc.ts';
import type { TokensResponse, User } from '../../../shared/protocol.ts';
import type { StoredSession, TokenVault } from '../host-contract.ts';
import { GatewayHttpError, GatewayUnreachableError, type GatewayClient } from './gateway-client.ts';

/** The session is over: a human must log in again. */
export class NeedsLoginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NeedsLoginError';
  }
}

export interface SessionListeners {
  /** A new access token is in force (login or refresh). */
  onRenewed: (accessToken: string) => void;
  /** The gateway refused the refresh token: stop connecting until a login. */
  onNeedsLogin: (reason: string) => void;
}

export class SessionManager {
  private session: StoredSession | null = null;
  private refreshing: Promise<string> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly vault: TokenVault,
    private readonly client: GatewayClient,
    private readonly log: Logger,
    private readonly refreshAtFraction: number,
    private readonly listeners: SessionListeners,
  ) {}

  /** Loads the session a previous run left in the vault. */
  load(): StoredSession | null {
    try {
      this.session = this.vault.load();
    } catch (err) {
      this.log.warn({ err: (err as Error).message, vault: this.vault.description }, 'could not read the token vault; a login is needed');
      this.session = null;
    }
    if (this.session) this.schedule();
    return this.session;
  }

  get current(): StoredSession | null {
    return this.session;
  }

  get user(): User | null {
    if (!this.session) return null;
    const u = this.session.user;
    return { id: u.id, orgId: u.orgId, role: u.role as User['role'], name: u.name };
  }

  async login(email: string, password: string): Promise<LoginResult> {
    let tokens: TokensResponse;
    try {
      tokens = await this.client.login(email, password);
    } catch (err) {
      if (err instanceof GatewayHttpError) {
        return { ok: false, message: err.status === 401 ? 'Wrong email or password.' : err.message, retryable: err.status >= 500 };
      }
      return { ok: false, message: `The server could not be reached (${(err as Error).message}).`, retryable: true };
    }
    this.adopt(tokens, email);
    this.log.info({ user: tokens.user.id, orgId: tokens.user.orgId }, 'logged in');
    return { ok: true, user: tokens.user };
  }

  /** Ends the session locally (and tells the gateway, best effort). */
  async logout(): Promise<void> {
    const s = this.session;
    this.session = null;
    this.clearTimer();
    this.vault.clear();
    if (s) await this.client.logout(s.accessToken, s.refreshToken).catch(() => undefined);
  }

  /**
   * A usable access token: refreshed first when it is (nearly) expired. Throws
   * NeedsLoginError when there is no session or the refresh is refused, and
   * GatewayUnreachableError when the refresh could not reach the gateway.
   */
  async accessToken(): Promise<string> {
    const s = this.session;
    if (!s) throw new NeedsLoginError('not logged in');
    if (s.accessExpiresAt - Date.now() > 1_000) return s.accessToken;
    return this.refresh('token expired');
  }

  /** Refreshes now (single flight: concurrent callers share one request). */
  refresh(reason: string): Promise<string> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh(reason).finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private async doRefresh(reason: string): Promise<string> {
    const s = this.session;
    if (!s) throw new NeedsLoginError('not logged in');
    this.log.info({ reason }, 'refreshing the access token');
    let tokens: TokensResponse;
    try {
      tokens = await this.client.refresh(s.refreshToken);
    } catch (err) {
      if (err instanceof GatewayHttpError && err.isClientError) {
        const why = `The session ended (${err.message}). Please log in again.`;
        this.log.warn({ status: err.status, code: err.code }, 'refresh refused: needs login');
        // Drop the dead tokens so no restart retries them; keep who it was for the login form.
        this.session = null;
        this.clearTimer();
        this.vault.clear();
        this.listeners.onNeedsLogin(why);
        throw new NeedsLoginError(why);
      }
      if (!(err instanceof GatewayUnreachableError) && !(err instanceof GatewayHttpError)) throw err;
      this.scheduleRetry();
      throw err instanceof GatewayUnreachableError ? err : new GatewayUnreachableError(err.message);
    }
    if (this.session !== s) throw new NeedsLoginError('the session changed during refresh');
    this.adopt(tokens, s.email);
    return tokens.accessToken;
  }

  private adopt(tokens: TokensResponse, email: string): void {
    const ttlMs = tokens.expiresIn * 1000;
    this.session = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      accessExpiresAt: Date.now() + ttlMs,
      user: { ...tokens.user },
      email,
    };
    this.vault.save(this.session);
    this.schedule(ttlMs);
    this.listeners.onRenewed(tokens.accessToken);
  }

  private schedule(ttlMs?: number): void {
    this.clearTimer();
    if (!this.session || this.stopped) return;
    const remaining = this.session.accessExpiresAt - Date.now();
    const lead = ttlMs !== undefined ? ttlMs * (1 - this.refreshAtFraction) : Math.min(60_000, Math.max(0, remaining) * (1 - this.refreshAtFraction));
    this.setTimer(Math.max(0, remaining - lead));
  }

  private scheduleRetry(): void {
    if (!this.session || this.stopped) return;
    const remaining = this.session.accessExpiresAt - Date.now();
    // Offline: try again soon, but no faster than every 2 s.
    this.setTimer(Math.max(2_000, Math.min(30_000, remaining / 4)));
  }

  private setTimer(ms: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh('scheduled').catch(() => undefined);
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
