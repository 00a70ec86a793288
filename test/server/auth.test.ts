/**
 * Authentication against the real gateway: login, refresh rotation (and reuse
 * detection), logout, 401 BEFORE the WebSocket upgrade for missing, malformed,
 * foreign-signed and expired tokens, 4401 when a live connection's token
 * expires, in-band renewal, admin revoke closing live sockets with 1008, and
 * logs that never contain a token.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_REVOKE_PATH,
  CloseCode,
  LOGIN_PATH,
  LOGOUT_PATH,
  METRICS_JSON_PATH,
  REFRESH_PATH,
  type ErrorFrame,
  type TokensResponse,
} from '../../shared/protocol.ts';
import { DEMO_USERS, getJson, login, postJsonRoute, publish, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { openStream } from '../helpers/stream-client.ts';

const TTL = 3;
let gw: GatewayProcess;
const issued: string[] = [];

beforeAll(async () => {
  gw = await startGateway({ args: ['--access-ttl', String(TTL)] });
});

afterAll(async () => {
  await gw?.stop();
});

async function loginHotel(): Promise<TokensResponse> {
  const t = await login(gw.url, DEMO_USERS.demoHotel.email, 'demo');
  issued.push(t.accessToken, t.refreshToken);
  return t;
}

async function expectUpgradeRejected(token: string | null, opts: { tokenInQuery?: boolean; header?: string } = {}) {
  const before = (await getJson<{ connections: number; upgradeRejected: number }>(`${gw.url}${METRICS_JSON_PATH}`)).body;
  let err: { status?: number; body?: string } | null = null;
  try {
    const c = opts.header
      ? await new Promise((resolve, reject) => {
          // A raw Authorization header value, e.g. a malformed scheme.
          void import('ws').then(({ default: WebSocket }) => {
            const ws = new WebSocket(`${gw.wsUrl}/v2/realtime/stream`, { headers: { authorization: opts.header! } });
            ws.once('open', () => resolve(ws));
            ws.once('unexpected-response', (_req, res) => {
              let body = '';
              res.on('data', (c: Buffer) => (body += c.toString()));
              res.on('end', () => reject(Object.assign(new Error('http'), { status: res.statusCode, body })));
            });
          });
        })
      : await openStream(gw.wsUrl, token, { tokenInQuery: opts.tokenInQuery });
    void c;
  } catch (e) {
    err = e as { status?: number; body?: string };
  }
  expect(err?.status).toBe(401);
  const body = JSON.parse(err?.body ?? '{}') as { error: { code: string; message: string } };
  expect(typeof body.error.code).toBe('string');
  const after = (await getJson<{ connections: number; upgradeRejected: number }>(`${gw.url}${METRICS_JSON_PATH}`)).body;
  expect(after.connections).toBe(before.connections);
  expect(after.upgradeRejected).toBe(before.upgradeRejected + 1);
  return body.error;
}

describe('login, refresh and logout', () => {
  it('logs in with the demo credentials and refuses wrong ones with a JSON 401', async () => {
    const t = await loginHotel();
    expect(t.user).toEqual({ id: DEMO_USERS.demoHotel.userId, orgId: 'demo-hotel', role: 'frontdesk', name: expect.any(String) });
    expect(t.expiresIn).toBe(TTL);
    const bad = await postJsonRoute<{ error: { code: string } }>(`${gw.url}${LOGIN_PATH}`, { email: DEMO_USERS.demoHotel.email, password: 'nope' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('invalid_credentials');
    const unknown = await postJsonRoute<{ error: { code: string } }>(`${gw.url}${LOGIN_PATH}`, { email: 'who@nowhere.test', password: 'demo' });
    expect(unknown.status).toBe(401);
    const malformed = await postJsonRoute<{ error: { code: string } }>(`${gw.url}${LOGIN_PATH}`, { email: 1 });
    expect(malformed.status).toBe(422);
  });

  it('rotates refresh tokens, detects reuse, and logs out', async () => {
    const t = await loginHotel();
    const r1 = await postJsonRoute<TokensResponse>(`${gw.url}${REFRESH_PATH}`, { refreshToken: t.refreshToken });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(t.refreshToken);
    issued.push(r1.body.accessToken, r1.body.refreshToken);
    // Reusing the old one revokes the whole family, including the token just issued.
    const reuse = await postJsonRoute<{ error: { code: string } }>(`${gw.url}${REFRESH_PATH}`, { refreshToken: t.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('refresh_token_reused');
    const afterReuse = await postJsonRoute(`${gw.url}${REFRESH_PATH}`, { refreshToken: r1.body.refreshToken });
    expect(afterReuse.status).toBe(401);

    const t2 = await loginHotel();
    expect((await postJsonRoute(`${gw.url}${LOGOUT_PATH}`, { refreshToken: t2.refreshToken })).status).toBe(200);
    expect((await postJsonRoute(`${gw.url}${REFRESH_PATH}`, { refreshToken: t2.refreshToken })).status).toBe(401);
  });
});

describe('stream authentication', () => {
  it('answers 401 before the upgrade for missing, malformed, foreign and expired tokens', async () => {
    expect((await expectUpgradeRejected(null)).code).toBe('unauthorized');
    await expectUpgradeRejected('not-a-jwt');
    await expectUpgradeRejected(null, { header: 'Basic dXNlcjpwYXNz' });
    const foreign = await new SignJWT({ orgId: 'demo-hotel', role: 'frontdesk', name: 'Mallory' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(DEMO_USERS.demoHotel.userId)
      .setIssuer('frontdesk-gateway')
      .setAudience('frontdesk')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('some other gateway secret'));
    expect((await expectUpgradeRejected(foreign)).message).toBe('access token invalid');
    const t = await loginHotel();
    await new Promise((r) => setTimeout(r, TTL * 1000 + 1100));
    expect((await expectUpgradeRejected(t.accessToken)).code).toBe('token_expired');
  });

  it('refuses a valid token in the access_token query parameter (no --allow-token-in-url)', async () => {
    const t = await loginHotel();
    const r = await expectUpgradeRejected(t.accessToken, { tokenInQuery: true });
    expect(r.code).toBe('unauthorized');
    expect(r.message).toMatch(/in the URL \(access_token\) are refused/);
  });

  it('closes with 4401 when the token expires, unless renewed in-band', async () => {
    const a = await loginHotel();
    const b = await loginHotel();
    const expiring = await openStream(gw.wsUrl, a.accessToken);
    const renewed = await openStream(gw.wsUrl, b.accessToken);
    await renewed.waitFor((f) => f.type === 'caught_up');

    // Someone else's token is refused in-band and changes nothing.
    const other = await login(gw.url, DEMO_USERS.harborInn.email, 'demo');
    issued.push(other.accessToken, other.refreshToken);
    renewed.ws.send(JSON.stringify({ type: 'auth', token: other.accessToken }));
    const refused = await renewed.waitFor<ErrorFrame>((f) => f.type === 'error');
    expect(refused.code).toBe('auth_rejected');

    await new Promise((r) => setTimeout(r, 1500));
    const fresh = await postJsonRoute<TokensResponse>(`${gw.url}${REFRESH_PATH}`, { refreshToken: b.refreshToken });
    issued.push(fresh.body.accessToken, fresh.body.refreshToken);
    renewed.ws.send(JSON.stringify({ type: 'auth', token: fresh.body.accessToken }));

    const closed = await expiring.closed;
    expect(closed.code).toBe(CloseCode.tokenExpired);
    // Past the first token's expiry the renewed connection is still served.
    const e = await publish(gw.url, { orgId: 'demo-hotel', service: 'pms', kind: 'test.auth', data: {} });
    expect((await renewed.waitForEvents(1))[0].seq).toBe(e.seq);
    // ...until the renewed token expires in turn.
    expect((await renewed.closed).code).toBe(CloseCode.tokenExpired);
  });

  it('admin revoke closes the user’s sockets with 1008 and kills their tokens', async () => {
    const t = await loginHotel();
    const c = await openStream(gw.wsUrl, t.accessToken);
    const harbor = await login(gw.url, DEMO_USERS.harborInn.email, 'demo');
    issued.push(harbor.accessToken, harbor.refreshToken);
    const bystander = await openStream(gw.wsUrl, harbor.accessToken);
    await c.waitFor((f) => f.type === 'caught_up');
    await bystander.waitFor((f) => f.type === 'caught_up');

    const unauth = await postJsonRoute(`${gw.url}${ADMIN_REVOKE_PATH}`, { userId: DEMO_USERS.demoHotel.userId });
    expect(unauth.status).toBe(401);
    const r = await postJsonRoute<{ closedConnections: number; revokedRefreshTokens: number }>(
      `${gw.url}${ADMIN_REVOKE_PATH}`,
      { userId: DEMO_USERS.demoHotel.userId },
      { authorization: `Bearer ${gw.serviceToken}` },
    );
    expect(r.status).toBe(200);
    expect(r.body.closedConnections).toBe(1);
    const closed = await c.closed;
    expect(closed).toEqual({ code: CloseCode.policy, reason: 'revoked' });
    expect((await postJsonRoute(`${gw.url}${REFRESH_PATH}`, { refreshToken: t.refreshToken })).status).toBe(401);
    await expectUpgradeRejected(t.accessToken);
    expect(bystander.ws.readyState).toBe(bystander.ws.OPEN);
    bystander.close();
    // A new login works again.
    const again = await loginHotel();
    const c2 = await openStream(gw.wsUrl, again.accessToken);
    await c2.waitFor((f) => f.type === 'caught_up');
    c2.close();
  });

  it('never writes a token to its logs', () => {
    const logs = gw.logs();
    expect(logs.length).toBeGreaterThan(0);
    expect(issued.length).toBeGreaterThan(10);
    for (const secret of issued) expect(logs.includes(secret)).toBe(false);
    expect(logs.includes('access_token=')).toBe(false);
  });
});
