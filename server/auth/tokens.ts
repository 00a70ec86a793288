/**
 * Access tokens: HS256 JWTs carrying the user, organisation, role and name.
 * Verification is stateless except for a per-user "valid after" instant,
 * which an admin revoke moves forward so tokens issued before it stop working.
 *
 * jose signs them. Verification runs on every stream upgrade, so it is done
 * synchronously with node:crypto's HMAC (jose's WebCrypto path hops to the
 * libuv threadpool per call: ~10x the CPU, and with thousands of desks
 * reconnecting at once its per-job allocations left ~10 KB of RSS per upgrade).
 * jose still decodes the parts (decodeProtectedHeader/decodeJwt); the claim
 * checks are the ones jwtVerify would do for our issuer/audience.
 */
import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { RoleSchema, type User } from '../../shared/protocol.ts';

export interface Principal extends User {
  /** Expiry, epoch seconds. */
  exp: number;
  /** The login session (refresh-token family) the token belongs to; '' for tokens minted without one. */
  sid: string;
}

export type VerifyResult = { ok: true; principal: Principal } | { ok: false; reason: 'expired' | 'invalid' | 'revoked' };

const ISSUER = 'frontdesk-gateway';
const AUDIENCE = 'frontdesk';

export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

export class TokenIssuer {
  private readonly key: Uint8Array;
  private readonly hmacKey: KeyObject;
  private readonly validAfter = new Map<string, number>();
  /** Sessions ended by logout: sid -> epoch ms after which no token of it can still be alive. */
  private readonly endedSessions = new Map<string, number>();

  constructor(
    secret: string,
    /** Access-token lifetime in seconds. */
    readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
    this.hmacKey = createSecretKey(Buffer.from(this.key));
  }

  async issue(user: User, sid = ''): Promise<{ token: string; expiresIn: number }> {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ orgId: user.orgId, role: user.role, name: user.name, iatMs: Date.now(), sid })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + this.ttlSeconds)
      .sign(this.key);
    return { token, expiresIn: this.ttlSeconds };
  }

  /** Tokens of `userId` issued at or before `epochMs` are rejected from now on. */
  revokeBefore(userId: string, epochMs: number): void {
    this.validAfter.set(userId, Math.max(this.validAfter.get(userId) ?? 0, epochMs));
  }

  /**
   * Access tokens of session `sid` are rejected from now on (logout). Kept until
   * `untilMs`, when every token of the session has expired anyway.
   */
  endSession(sid: string, untilMs: number): void {
    if (sid === '') return;
    const now = Date.now();
    for (const [k, until] of this.endedSessions) if (until <= now) this.endedSessions.delete(k);
    this.endedSessions.set(sid, Math.max(this.endedSessions.get(sid) ?? 0, untilMs));
  }

  /** Longest an access token issued now stays valid, in ms: how long an ended session must be remembered. */
  get ttlMs(): number {
    return this.ttlSeconds * 1000;
  }

  async verify(token: string): Promise<VerifyResult> {
    return this.verifySync(token);
  }

  verifySync(token: string): VerifyResult {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'invalid' };
    let payload: ReturnType<typeof decodeJwt>;
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== 'HS256' || header.crit !== undefined) return { ok: false, reason: 'invalid' };
      const expected = createHmac('sha256', this.hmacKey).update(`${parts[0]}.${parts[1]}`).digest();
      const given = Buffer.from(parts[2], 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
      payload = decodeJwt(token);
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    const now = Math.floor(Date.now() / 1000);
    const role = RoleSchema.safeParse(payload.role);
    if (
      payload.iss !== ISSUER ||
      !(payload.aud === AUDIENCE || (Array.isArray(payload.aud) && payload.aud.includes(AUDIENCE))) ||
      typeof payload.sub !== 'string' ||
      typeof payload.orgId !== 'string' ||
      typeof payload.name !== 'string' ||
      typeof payload.exp !== 'number' ||
      (typeof payload.nbf === 'number' && payload.nbf > now) ||
      !role.success
    ) {
      return { ok: false, reason: 'invalid' };
    }
    if (payload.exp <= now) return { ok: false, reason: 'expired' };
    const validAfter = this.validAfter.get(payload.sub);
    if (validAfter !== undefined && (typeof payload.iatMs === 'number' ? payload.iatMs : 0) <= validAfter) {
      return { ok: false, reason: 'revoked' };
    }
    const sid = typeof payload.sid === 'string' ? payload.sid : '';
    if (sid !== '' && this.endedSessions.has(sid)) return { ok: false, reason: 'revoked' };
    return { ok: true, principal: { id: payload.sub, orgId: payload.orgId, role: role.data, name: payload.name, exp: payload.exp, sid } };
  }
}
