/**
 * Shared identity in Redis mode, with real gateway processes on a real redis-server:
 * an organisation and a user provisioned through node A's admin API log in on node B
 * and stream their own hotel; bad provisioning gets clear errors and changes nothing;
 * a Redis-mode node without FRONTDESK_JWT_SECRET refuses to start (outside the demo).
 * The same admin API works on the embedded gateway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ORGS_PATH, ADMIN_USERS_PATH, type HelloFrame } from '../../shared/protocol.ts';
import { DEMO_SERVICE_TOKEN, login, postJsonRoute, publish, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { redisAvailable, startRedis, type RedisProcess } from '../helpers/redis-process.ts';
import { openStream } from '../helpers/stream-client.ts';

const available = redisAvailable();
if (!available && process.env.CI === 'true') throw new Error('redis-server is required on CI (apt-get install redis-server)');

const SERVICE = { authorization: `Bearer ${DEMO_SERVICE_TOKEN}` };
const ORG = { id: 'lakeside-lodge', name: 'Lakeside Lodge', timeZone: 'Europe/Zurich', currency: 'CHF' };
const USER = { orgId: ORG.id, email: 'Desk@Lakeside.test', password: 'correct horse battery', role: 'frontdesk', name: 'Front Desk · Lakeside' };

describe.skipIf(!available)('shared identity in Redis mode', () => {
  let redis: RedisProcess;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    redis = await startRedis();
    a = await startGateway({ args: ['--redis', redis.url] });
    b = await startGateway({ args: ['--redis', redis.url] });
  }, 60_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await redis?.stop();
  });

  it('provisions an organisation and a user on one node; the user logs in and streams on the other', async () => {
    const org = await postJsonRoute(`${a.url}${ADMIN_ORGS_PATH}`, ORG, SERVICE);
    expect(org.status).toBe(201);
    const user = await postJsonRoute<{ id: string; email: string; orgId: string }>(`${a.url}${ADMIN_USERS_PATH}`, USER, SERVICE);
    expect(user.status).toBe(201);
    expect(user.body).toMatchObject({ orgId: ORG.id, email: 'desk@lakeside.test', role: 'frontdesk' });

    const tokens = await login(b.url, 'desk@lakeside.test', USER.password);
    expect(tokens.user).toMatchObject({ id: user.body.id, orgId: ORG.id });
    const desk = await openStream(b.wsUrl, tokens.accessToken);
    const hello = await desk.waitFor<HelloFrame>((f) => f.type === 'hello');
    expect(hello.orgId).toBe(ORG.id);
    await desk.waitFor((f) => f.type === 'caught_up');
    const e = await publish(a.url, { orgId: ORG.id, service: 'pms', kind: 'test.lodge', data: { welcome: true } });
    expect((await desk.waitForEvents(1))[0]).toMatchObject({ seq: e.seq, orgId: ORG.id });
    desk.close();
  });

  it('refuses bad or duplicate provisioning with clear errors', async () => {
    const again = await postJsonRoute<{ error: { code: string } }>(`${b.url}${ADMIN_ORGS_PATH}`, ORG, SERVICE);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('org_exists');
    const dupUser = await postJsonRoute<{ error: { code: string } }>(`${b.url}${ADMIN_USERS_PATH}`, { ...USER, email: 'desk@lakeside.test' }, SERVICE);
    expect(dupUser.status).toBe(409);
    expect(dupUser.body.error.code).toBe('user_exists');
    const noOrg = await postJsonRoute<{ error: { code: string } }>(
      `${a.url}${ADMIN_USERS_PATH}`,
      { ...USER, orgId: 'nowhere', email: 'x@nowhere.test' },
      SERVICE,
    );
    expect(noOrg.status).toBe(404);
    expect(noOrg.body.error.code).toBe('unknown_org');
    const badZone = await postJsonRoute<{ error: { code: string; message: string } }>(
      `${a.url}${ADMIN_ORGS_PATH}`,
      { ...ORG, id: 'other', timeZone: 'Mars/Olympus' },
      SERVICE,
    );
    expect(badZone.status).toBe(422);
    expect(badZone.body.error.message).toMatch(/^timeZone: /);
    const noToken = await postJsonRoute(`${a.url}${ADMIN_ORGS_PATH}`, { ...ORG, id: 'other' });
    expect(noToken.status).toBe(401);
    const shortPassword = await postJsonRoute(`${a.url}${ADMIN_USERS_PATH}`, { ...USER, email: 'y@lakeside.test', password: 'short' }, SERVICE);
    expect(shortPassword.status).toBe(422);
  });

  it('requires FRONTDESK_JWT_SECRET in Redis mode outside the demo', async () => {
    const env = { FRONTDESK_SERVICE_TOKEN: 'svc-token-for-test', FRONTDESK_JWT_SECRET: undefined };
    await expect(startGateway({ demo: false, env, args: ['--redis', redis.url] })).rejects.toThrow(/FRONTDESK_JWT_SECRET is required in Redis mode/);
    const ok = await startGateway({ demo: false, env: { ...env, FRONTDESK_JWT_SECRET: 'x'.repeat(48) }, args: ['--redis', redis.url] });
    await ok.stop();
  }, 60_000);
});

describe('the same admin API on the embedded gateway', () => {
  it('provisions an organisation and a user who can log in', async () => {
    const gw = await startGateway();
    try {
      expect((await postJsonRoute(`${gw.url}${ADMIN_ORGS_PATH}`, ORG, SERVICE)).status).toBe(201);
      expect((await postJsonRoute(`${gw.url}${ADMIN_USERS_PATH}`, USER, SERVICE)).status).toBe(201);
      expect((await login(gw.url, 'desk@lakeside.test', USER.password)).user.orgId).toBe(ORG.id);
      // The demo organisations exist as profiles too: their users can be added to.
      expect((await postJsonRoute(`${gw.url}${ADMIN_USERS_PATH}`, { ...USER, orgId: 'demo-hotel', email: 'night@demo-hotel.test' }, SERVICE)).status).toBe(201);
    } finally {
      await gw.stop();
    }
  }, 60_000);
});
