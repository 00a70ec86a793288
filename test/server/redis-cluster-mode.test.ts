/**
 * A 3-master Redis Cluster started by the test, two gateway processes on it with
 * --redis-cluster, desks of two hotels:
 *  - every key of a hotel lives in the hotel's slot (hash tag `{org}`), so no script
 *    touches two hotels' slots;
 *  - logins, publishes, commands' chain and delivery work across nodes;
 *  - the master holding a hotel restarted EMPTY: a new epoch for that hotel, its desk
 *    resyncs and ends equal to the log, event by event.
 */
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_PATH } from '../../shared/protocol.ts';
import { DEMO_USERS, getJson, login, publish, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { redisAvailable, startRedisCluster, type RedisCluster } from '../helpers/redis-process.ts';
import { startLiveDesk, storedEventKeys, waitFor, type TestDesk } from '../main/support/desk.ts';
import { gatewayLog } from '../main/support/gateway-api.ts';
import { makeTempDir } from '../main/support/temp-dir.ts';

const available = redisAvailable();
if (!available && process.env.CI === 'true') throw new Error('redis-server is required on CI (apt-get install redis-server)');

const HOTELS = [DEMO_USERS.demoHotel, DEMO_USERS.harborInn];

describe.skipIf(!available)('Redis Cluster mode (3 masters)', () => {
  let cluster: RedisCluster;
  let a: GatewayProcess;
  let b: GatewayProcess;
  const desks: (TestDesk & { cleanup: () => void })[] = [];

  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    a = await startGateway({ args: ['--redis-cluster', cluster.nodes, '--history', '5000'] });
    b = await startGateway({ args: ['--redis-cluster', cluster.nodes, '--history', '5000'] });
  }, 90_000);

  afterAll(async () => {
    for (const d of desks) {
      await d.core.stop().catch(() => undefined);
      d.cleanup();
    }
    await a?.stop();
    await b?.stop();
    await cluster?.stop();
  });

  async function deskOf(user: (typeof HOTELS)[number], url: string): Promise<TestDesk> {
    const tmp = makeTempDir('frontdesk-cluster-desk-');
    const d = await startLiveDesk({ dataDir: tmp.dir, serverUrl: url, user });
    desks.push({ ...d, cleanup: tmp.cleanup });
    return d;
  }

  async function head(url: string, user: (typeof HOTELS)[number]): Promise<{ epoch: string; headSeq: number }> {
    const { accessToken } = await login(url, user.email, user.password);
    return waitFor(
      'log head',
      async () => {
        const r = await getJson<{ epoch: string; headSeq: number }>(`${url}${EVENTS_PATH}?after=0&limit=1`, accessToken);
        return r.status === 200 ? r.body : null;
      },
      15_000,
      100,
    );
  }

  async function expectDeskEqualsLog(d: TestDesk, url: string, user: (typeof HOTELS)[number]): Promise<void> {
    const h = await waitFor(
      'desk at head in the log epoch',
      async () => {
        const now = await head(url, user);
        const c = d.core.cursor();
        return c.epoch === now.epoch && c.lastSeq === now.headSeq ? now : null;
      },
      30_000,
      100,
    );
    const bySeq = new Map((await gatewayLog(url, user.email, user.password)).map((e) => [e.seq, e.id]));
    const stored = storedEventKeys(d.dataDir);
    expect(stored.filter((e) => bySeq.get(e.seq) !== e.id)).toEqual([]);
    expect(stored.every((e) => e.seq <= h.headSeq)).toBe(true);
  }

  it('keeps every key of a hotel in its own slot, and delivers across nodes', async () => {
    const onA = await deskOf(HOTELS[0], a.url);
    const onB = await deskOf(HOTELS[1], b.url);
    for (let i = 0; i < 20; i++) {
      for (const user of HOTELS) await publish(i % 2 ? a.url : b.url, { orgId: user.orgId, service: 'spa', kind: 'spa.booked', data: { i } });
    }
    await expectDeskEqualsLog(onA, b.url, HOTELS[0]);
    await expectDeskEqualsLog(onB, a.url, HOTELS[1]);

    // Every hotel key, on whichever master holds it, hashes to the slot of its `{org}` tag.
    const client = new Cluster(cluster.nodes.split(',').map((n) => ({ host: '127.0.0.1', port: Number(n.split(':')[1]) })));
    try {
      for (const user of HOTELS) {
        const slot = Number(await client.cluster('KEYSLOT', `{${user.orgId}}`));
        let keys: string[] = [];
        for (const m of cluster.masters) {
          const node = new Redis(m.url);
          keys = keys.concat(await node.keys(`fd:{${user.orgId}}:*`));
          node.disconnect();
        }
        expect(keys.length).toBeGreaterThanOrEqual(5); // head, epoch, run, log, tip, ...
        for (const key of keys) expect(Number(await client.cluster('KEYSLOT', key)), key).toBe(slot);
      }
    } finally {
      client.disconnect();
    }
  }, 120_000);

  it('the master holding a hotel restarted empty: that hotel gets a new epoch and its desk ends equal to the log', async () => {
    const user = HOTELS[0];
    const d = desks[0];
    const before = await head(a.url, user);
    // Which master holds the hotel's slot?
    let owner = -1;
    for (let i = 0; i < cluster.masters.length; i++) {
      const node = new Redis(cluster.masters[i].url);
      // Only the owner answers; the others redirect (MOVED).
      if ((await node.exists(`fd:{${user.orgId}}:log`).catch(() => 0)) === 1) owner = i;
      node.disconnect();
    }
    expect(owner).toBeGreaterThanOrEqual(0);
    await cluster.restartEmpty(owner);
    for (let i = 0; i < 30; i++) {
      for (let attempt = 0; ; attempt++) {
        try {
          await publish(b.url, { orgId: user.orgId, service: 'spa', kind: 'spa.after', data: { i } });
          break;
        } catch (err) {
          if (attempt > 100) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
    const after = await head(a.url, user);
    expect(after.epoch).not.toBe(before.epoch);
    expect(after.headSeq).toBe(30);
    await expectDeskEqualsLog(d, a.url, user);
    expect(d.core.counters().resyncs).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
