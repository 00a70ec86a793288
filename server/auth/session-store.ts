/**
 * Where refresh tokens and user revocations live. Embedded mode: the local
 * SQLite (AuthStore). Redis mode: Redis, so any node can refresh a token
 * another node issued, and a revoke on one node closes the user's streams on
 * every node (a pub/sub message each node listens to).
 */
import type { Cluster, Redis } from 'ioredis';
import type { AuthStore, RefreshTokenRow } from '../store/auth-store.ts';

export interface SessionStore {
  insertRefreshToken(tokenHash: string, userId: string, family: string, expiresAt: number, now: number): Promise<void>;
  refreshToken(tokenHash: string): Promise<RefreshTokenRow | undefined>;
  /** False when it was already used (a replay). */
  markRefreshTokenUsed(tokenHash: string, now: number): Promise<boolean>;
  revokeRefreshFamily(family: string, now: number): Promise<void>;
  /** Revokes every refresh token of the user and records that access tokens issued up to `nowMs` are invalid. */
  revokeUser(userId: string, nowMs: number): Promise<number>;
  /** Calls back for revocations (from any node, including this one) and replays the known ones at start. */
  onRevocation(listener: (userId: string, validAfterMs: number) => void): Promise<void>;
  /** Logout: access tokens of session `sid` stop working on every node (until `untilMs`, when they have all expired). */
  endSession(sid: string, untilMs: number): Promise<void>;
  /** Calls back for ended sessions (from any node, including this one) and replays the ones still within their lifetime. */
  onSessionEnded(listener: (sid: string, untilMs: number) => void): Promise<void>;
  close(): Promise<void>;
}

export class SqliteSessionStore implements SessionStore {
  private listener: ((userId: string, validAfterMs: number) => void) | null = null;
  private sessionListener: ((sid: string, untilMs: number) => void) | null = null;
  constructor(private readonly store: AuthStore) {}

  // One process owns the SQLite file, so the ended sessions live in its memory: a restart
  // forgets them, and tokens of a logged-out session could work again until they expire
  // (at most the access-token lifetime). Said in docs/protocol.md.
  async endSession(sid: string, untilMs: number): Promise<void> {
    this.sessionListener?.(sid, untilMs);
  }
  async onSessionEnded(listener: (sid: string, untilMs: number) => void): Promise<void> {
    this.sessionListener = listener;
  }

  async insertRefreshToken(tokenHash: string, userId: string, family: string, expiresAt: number, now: number): Promise<void> {
    this.store.insertRefreshToken(tokenHash, userId, family, expiresAt, now);
  }
  async refreshToken(tokenHash: string): Promise<RefreshTokenRow | undefined> {
    return this.store.refreshToken(tokenHash);
  }
  async markRefreshTokenUsed(tokenHash: string, now: number): Promise<boolean> {
    return this.store.markRefreshTokenUsed(tokenHash, now);
  }
  async revokeRefreshFamily(family: string, now: number): Promise<void> {
    this.store.revokeRefreshFamily(family, now);
  }
  async revokeUser(userId: string, nowMs: number): Promise<number> {
    const n = this.store.transaction(() => {
      const count = this.store.revokeUserRefreshTokens(userId, Math.floor(nowMs / 1000));
      this.store.setTokensValidAfter(userId, nowMs);
      return count;
    });
    this.listener?.(userId, nowMs);
    return n;
  }
  async onRevocation(listener: (userId: string, validAfterMs: number) => void): Promise<void> {
    this.listener = listener;
    for (const u of this.store.allTokensValidAfter()) listener(u.id, u.tokens_valid_after);
  }
  async close(): Promise<void> {}
}

const CHANNEL = 'fd:revocations';
const SESSION_CHANNEL = 'fd:sessions-ended';
/**
 * Session keys. On a Redis Cluster they all carry one hash tag (`slotTag`, e.g.
 * "{auth}") so the MULTI blocks below stay in one slot; sessions are small and
 * rare next to events, so one shard holds them.
 */
function sessionKeys(slotTag: string) {
  const p = slotTag ? `fd:${slotTag}:` : 'fd:';
  return {
    token: (hash: string) => `${p}rt:${hash}`,
    family: (family: string) => `${p}rtfam:${family}`,
    user: (userId: string) => `${p}rtuser:${userId}`,
    revoked: `${p}revoked`,
    ended: `${p}sessions-ended`,
  };
}

export class RedisSessionStore implements SessionStore {
  private subscriber: Redis | Cluster | null = null;
  private readonly listeners = new Map<string, (message: string) => void>();
  private readonly rk: ReturnType<typeof sessionKeys>;

  constructor(
    private readonly redis: Redis | Cluster,
    /** Hash tag shared by every session key ('' on a single Redis; '{auth}' on a Cluster). */
    slotTag = '',
  ) {
    this.rk = sessionKeys(slotTag);
  }

  async insertRefreshToken(tokenHash: string, userId: string, family: string, expiresAt: number, now: number): Promise<void> {
    const ttl = Math.max(1, expiresAt - now);
    await this.redis
      .multi()
      .hset(this.rk.token(tokenHash), { user: userId, family, exp: expiresAt })
      .expire(this.rk.token(tokenHash), ttl)
      .sadd(this.rk.family(family), tokenHash)
      .expire(this.rk.family(family), ttl)
      .sadd(this.rk.user(userId), family)
      .exec();
  }

  async refreshToken(tokenHash: string): Promise<RefreshTokenRow | undefined> {
    const h = await this.redis.hgetall(this.rk.token(tokenHash));
    if (!h.user) return undefined;
    return {
      token_hash: tokenHash,
      user_id: h.user,
      family: h.family,
      expires_at: Number(h.exp),
      used_at: h.used ? Number(h.used) : null,
      revoked_at: h.revoked ? Number(h.revoked) : null,
    };
  }

  async markRefreshTokenUsed(tokenHash: string, now: number): Promise<boolean> {
    return (await this.redis.hsetnx(this.rk.token(tokenHash), 'used', now)) === 1;
  }

  async revokeRefreshFamily(family: string, now: number): Promise<void> {
    const hashes = await this.redis.smembers(this.rk.family(family));
    if (hashes.length === 0) return;
    const m = this.redis.multi();
    for (const h of hashes) m.hsetnx(this.rk.token(h), 'revoked', now);
    await m.exec();
  }

  async revokeUser(userId: string, nowMs: number): Promise<number> {
    const now = Math.floor(nowMs / 1000);
    const families = await this.redis.smembers(this.rk.user(userId));
    let n = 0;
    for (const f of families) {
      const hashes = await this.redis.smembers(this.rk.family(f));
      for (const h of hashes) {
        // Only live tokens: HSETNX on an expired key would create a stray hash.
        if ((await this.redis.exists(this.rk.token(h))) && (await this.redis.hsetnx(this.rk.token(h), 'revoked', now)) === 1) n++;
      }
    }
    await this.redis.hset(this.rk.revoked, userId, nowMs);
    await this.redis.publish(CHANNEL, `${userId} ${nowMs}`);
    return n;
  }

  /** One subscriber connection for every channel this store listens to. */
  private async subscribe(channel: string, onMessage: (message: string) => void): Promise<void> {
    if (!this.subscriber) {
      const sub = this.redis.duplicate();
      this.subscriber = sub;
      // Reconnects on its own (and resubscribes); its errors are the command connection's too.
      sub.on('error', () => undefined);
      sub.on('message', (ch: string, message: string) => this.listeners.get(ch)?.(message));
    }
    this.listeners.set(channel, onMessage);
    await this.subscriber.subscribe(channel);
  }

  async endSession(sid: string, untilMs: number): Promise<void> {
    await this.redis.hset(this.rk.ended, sid, untilMs);
    await this.redis.publish(SESSION_CHANNEL, `${sid} ${untilMs}`);
  }

  async onSessionEnded(listener: (sid: string, untilMs: number) => void): Promise<void> {
    await this.subscribe(SESSION_CHANNEL, (message) => {
      const [sid, ms] = message.split(' ');
      if (sid && ms) listener(sid, Number(ms));
    });
    const now = Date.now();
    const known = await this.redis.hgetall(this.rk.ended);
    const stale: string[] = [];
    for (const [sid, ms] of Object.entries(known)) {
      if (Number(ms) > now) listener(sid, Number(ms));
      else stale.push(sid);
    }
    if (stale.length > 0) await this.redis.hdel(this.rk.ended, ...stale);
  }

  async onRevocation(listener: (userId: string, validAfterMs: number) => void): Promise<void> {
    await this.subscribe(CHANNEL, (message) => {
      const [userId, ms] = message.split(' ');
      if (userId && ms) listener(userId, Number(ms));
    });
    const known = await this.redis.hgetall(this.rk.revoked);
    for (const [userId, ms] of Object.entries(known)) listener(userId, Number(ms));
  }

  async close(): Promise<void> {
    this.subscriber?.disconnect();
    this.subscriber = null;
  }
}
