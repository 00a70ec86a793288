/**
 * The gateway's front door, against real gateway processes: login throttling per
 * account and per address (429 + Retry-After, growing delays, the right password
 * waits during a lock-out), JSON-only login (415), logout ending the access token
 * and its streams, the admin password policy, stream caps per user and per
 * address (4429), metrics behind a token, the Origin allow-list, the URL-token
 * compatibility flag, and no secret in the debug-level logs.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_USERS_PATH,
  CloseCode,
  LOGIN_PATH,
  LOGOUT_PATH,
  METRICS_JSON_PATH,
  SNAPSHOT_PATH,
  STREAM_PATH,
  type TokensResponse,
} from '../../shared/protocol.ts';
import { DEMO_USERS, getJson, login, postJsonRoute, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { openStream, type StreamClient } from '../helpers/stream-client.ts';

const METRICS_TOKEN = 'metrics-reader-token-0123456789';
const ALLOWED_ORIGIN = 'https://desk.example.com';
let gw: GatewayProcess;
const secrets: string[] = [METRICS_TOKEN];

beforeAll(async () => {
  gw = await startGateway({
    args: ['--max-streams-per-user', '3', '--max-streams-per-address', '5', '--allowed-origins', ALLOWED_ORIGIN],
    env: { FRONTDESK_METRICS_TOKEN: METRICS_TOKEN },
  });
});

afterAll(async () => {
  await gw?.stop();
});

async function tryLogin(email: string, password: string, headers: Record<string, string> = {}) {
  const r = await postJsonRoute<{ error?: { code: string; message: string }; accessToken?: string; refreshToken?: string }>(
    `${gw.url}${LOGIN_PATH}`,
    { email, password },
    headers,
  );
  if (r.body?.accessToken) secrets.push(r.body.accessToken, r.body.refreshToken ?? '');
  return r;
}

async function loginAs(email: string, password = 'demo'): Promise<TokensResponse> {
  const t = await login(gw.url, email, password);
  secrets.push(t.accessToken, t.refreshToken);
  return t;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the gateway has seen every stream of earlier tests close (the caps count them). */
async function noStreamsOpen(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await getJson<{ connections: number }>(`${gw.url}${METRICS_JSON_PATH}`)).body.connections !== 0) {
    if (Date.now() > deadline) throw new Error('streams of an earlier test are still open');
    await sleep(50);
  }
}

describe('login throttling', () => {
  it('answers 429 with Retry-After on the 11th wrong password, makes the right one wait too, and grows the delay', async () => {
    const email = DEMO_USERS.harborInn.email;
    for (let i = 1; i <= 10; i++) {
      const r = await tryLogin(email, `wrong-${i}`);
      expect(r.status, `attempt ${i}`).toBe(401);
    }
    const eleventh = await tryLogin(email, 'wrong-11');
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error?.code).toBe('too_many_attempts');
    const firstWait = Number(eleventh.headers.get('retry-after'));
    expect(firstWait).toBeGreaterThanOrEqual(1);

    const right = await tryLogin(email, 'demo');
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).not.toBeNull();

    await sleep(firstWait * 1000 + 200);
    expect((await tryLogin(email, 'wrong-12')).status).toBe(401);
    const again = await tryLogin(email, 'demo');
    expect(again.status).toBe(429);
    const secondWait = Number(again.headers.get('retry-after'));
    expect(secondWait).toBeGreaterThan(firstWait);

    await sleep(secondWait * 1000 + 200);
    expect((await tryLogin(email, 'demo')).status).toBe(200);
    // A success starts the account over.
    expect((await tryLogin(email, 'wrong-again')).status).toBe(401);
  });

  it('takes only application/json (415 for form posts, text/plain and no type)', async () => {
    const body = JSON.stringify({ email: DEMO_USERS.demoHotel.email, password: 'demo' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', null]) {
      const res = await fetch(`${gw.url}${LOGIN_PATH}`, {
        method: 'POST',
        headers: type ? { 'content-type': type } : {},
        body: type ? body : new Uint8Array(Buffer.from(body)),
      });
      expect(res.status, String(type)).toBe(415);
      const json = (await res.json()) as { error: { code: string } };
      expect(json.error.code).toBe('unsupported_media_type');
    }
    expect((await tryLogin(DEMO_USERS.demoHotel.email, 'demo', { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
  });
});

describe('logout', () => {
  it('ends the access token and closes the streams of that session, not of the user’s other sessions', async () => {
    const a = await loginAs(DEMO_USERS.demoHotel.email);
    const b = await loginAs(DEMO_USERS.demoHotel.email);
    const sa = await openStream(gw.wsUrl, a.accessToken);
    const sb = await openStream(gw.wsUrl, b.accessToken);
    await sa.waitFor((f) => f.type === 'caught_up');
    await sb.waitFor((f) => f.type === 'caught_up');
    expect((await getJson(`${gw.url}${SNAPSHOT_PATH}`, a.accessToken)).status).toBe(200);

    expect((await postJsonRoute(`${gw.url}${LOGOUT_PATH}`, { refreshToken: a.refreshToken })).status).toBe(200);
    const snap = await getJson<{ error: { message: string } }>(`${gw.url}${SNAPSHOT_PATH}`, a.accessToken);
    expect(snap.status).toBe(401);
    expect(snap.body.error.message).toBe('access token revoked');
    expect(await sa.closed).toEqual({ code: CloseCode.policy, reason: 'logged out' });
    await expect(openStream(gw.wsUrl, a.accessToken)).rejects.toMatchObject({ status: 401 });

    expect((await getJson(`${gw.url}${SNAPSHOT_PATH}`, b.accessToken)).status).toBe(200);
    expect(sb.ws.readyState).toBe(WebSocket.OPEN);
    sb.close();
  });
});

describe('admin-created users', () => {
  const service = () => ({ authorization: `Bearer ${gw.serviceToken}` });
  const user = (password: string, email = 'night.auditor@demo-hotel.test') => ({
    orgId: 'demo-hotel',
    email,
    name: 'Night Auditor',
    role: 'frontdesk',
    password,
  });

  it('refuses weak passwords with a sentence and creates a user whose password passes the policy', async () => {
    const cases: [string, RegExp][] = [
      ['x', /at least 12 characters/],
      ['short-pw1', /at least 12 characters/],
      ['aaaaaaaaaaaaaaaa', /repeated/],
      ['password1234', /well-known/],
      ['night.auditor-2026', /email/],
      ['xx-Night Auditor-xx', /name/],
    ];
    for (const [password, why] of cases) {
      const r = await postJsonRoute<{ error: { code: string; message: string } }>(`${gw.url}${ADMIN_USERS_PATH}`, user(password), service());
      expect(r.status, password).toBe(422);
      expect(r.body.error.code).toBe('weak_password');
      expect(r.body.error.message).toMatch(why);
    }
    const good = 'plum-harbour-lantern-42';
    secrets.push(good);
    expect((await postJsonRoute(`${gw.url}${ADMIN_USERS_PATH}`, user(good))).status).toBe(401);
    const created = await postJsonRoute<{ id: string; orgId: string }>(`${gw.url}${ADMIN_USERS_PATH}`, user(good), service());
    expect(created.status).toBe(201);
    expect(created.body.orgId).toBe('demo-hotel');
    expect((await postJsonRoute(`${gw.url}${ADMIN_USERS_PATH}`, user(good), service())).status).toBe(409);
    const t = await loginAs('night.auditor@demo-hotel.test', good);
    expect(t.user.id).toBe(created.body.id);
  });
});

describe('streams', () => {
  it('caps streams per user and per address, closing the extra one with 4429 and a reason', async () => {
    await noStreamsOpen();
    const hotel = await loginAs(DEMO_USERS.demoHotel.email);
    const harbor = await loginAs(DEMO_USERS.harborInn.email);
    const open: StreamClient[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await openStream(gw.wsUrl, hotel.accessToken);
      await c.waitFor((f) => f.type === 'caught_up');
      open.push(c);
    }
    const fourth = await openStream(gw.wsUrl, hotel.accessToken);
    const closed = await fourth.closed;
    expect(closed.code).toBe(CloseCode.tooManyStreams);
    expect(closed.reason).toMatch(/^user u-demo-hotel-frontdesk already has 3 streams open/);

    for (let i = 0; i < 2; i++) {
      const c = await openStream(gw.wsUrl, harbor.accessToken);
      await c.waitFor((f) => f.type === 'caught_up');
      open.push(c);
    }
    const sixth = await openStream(gw.wsUrl, harbor.accessToken);
    const closedByAddress = await sixth.closed;
    expect(closedByAddress.code).toBe(CloseCode.tooManyStreams);
    expect(closedByAddress.reason).toMatch(/^address .* already has 5 streams open/);

    // Closing one frees a place.
    open[0].close();
    await open[0].closed;
    await sleep(100);
    const replacement = await openStream(gw.wsUrl, hotel.accessToken);
    await replacement.waitFor((f) => f.type === 'caught_up');
    for (const c of [...open.slice(1), replacement]) c.close();
  });
});

describe('metrics', () => {
  it('refuse requests without the service or metrics token', async () => {
    for (const path of [METRICS_JSON_PATH, '/metrics']) {
      const none = await fetch(`${gw.url}${path}`);
      expect(none.status, path).toBe(401);
      const wrong = await fetch(`${gw.url}${path}`, { headers: { authorization: 'Bearer not-the-token' } });
      expect(wrong.status, path).toBe(401);
      const user = await loginAs(DEMO_USERS.demoHotel.email);
      expect((await fetch(`${gw.url}${path}`, { headers: { authorization: `Bearer ${user.accessToken}` } })).status, path).toBe(401);
      expect((await fetch(`${gw.url}${path}`, { headers: { authorization: `Bearer ${gw.serviceToken}` } })).status, path).toBe(200);
      expect((await fetch(`${gw.url}${path}`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status, path).toBe(200);
    }
  });
});

describe('browser origins', () => {
  it('refuses HTTP and stream requests from an origin not on the allow-list, allows the listed one and native clients', async () => {
    const evil = await fetch(`${gw.url}${LOGIN_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ email: DEMO_USERS.demoHotel.email, password: 'demo' }),
    });
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { error: { code: string } }).error.code).toBe('origin_not_allowed');
    const allowed = await fetch(`${gw.url}/healthz`, { headers: { origin: ALLOWED_ORIGIN } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    // The listed origin's preflight is answered, so a browser page there can really call the gateway.
    const preflight = await fetch(`${gw.url}${LOGIN_PATH}`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
    const native = await fetch(`${gw.url}/healthz`);
    expect(native.status).toBe(200);
    expect(native.headers.get('access-control-allow-origin')).toBeNull();

    const t = await loginAs(DEMO_USERS.demoHotel.email);
    await noStreamsOpen();
    const upgrade = (origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${gw.wsUrl}${STREAM_PATH}`, { headers: { authorization: `Bearer ${t.accessToken}` }, origin });
        ws.once('open', () => {
          ws.close();
          resolve(101);
        });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      });
    expect(await upgrade('https://evil.example')).toBe(403);
    expect(await upgrade(ALLOWED_ORIGIN)).toBe(101);
  });
});

describe('logs', () => {
  it('hold no token, refresh token or password at debug level', () => {
    const logs = gw.logs();
    expect(logs).toContain('"level":20');
    expect(secrets.length).toBeGreaterThan(10);
    for (const s of secrets) expect(logs.includes(s), s.slice(0, 12)).toBe(false);
  });
});

describe('per-address throttling and the URL-token compatibility flag', () => {
  let compat: GatewayProcess;
  beforeAll(async () => {
    compat = await startGateway({ args: ['--allow-token-in-url'] });
  });
  afterAll(async () => {
    await compat?.stop();
  });

  it('accepts ?access_token= only with --allow-token-in-url', async () => {
    const t = await login(compat.url, DEMO_USERS.demoHotel.email, 'demo');
    const c = await openStream(compat.wsUrl, t.accessToken, { tokenInQuery: true });
    await c.waitFor((f) => f.type === 'caught_up');
    c.close();
    expect(compat.logs().includes(t.accessToken)).toBe(false);
  });

  it('locks an address that guesses across many accounts, even for a right password of another account', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40 && !statuses.includes(429); i++) {
      const r = await postJsonRoute(`${compat.url}${LOGIN_PATH}`, { email: `guess-${i}@nowhere.test`, password: 'x' });
      statuses.push(r.status);
    }
    // Every account was new, so only the address rule (30 free failures) can answer 429.
    expect(statuses.indexOf(429)).toBe(30);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    const right = await postJsonRoute(`${compat.url}${LOGIN_PATH}`, { email: DEMO_USERS.demoHotel.email, password: 'demo' });
    expect(right.status).toBe(429);
  });
});
