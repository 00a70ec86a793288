/**
 * A desk that knows several nodes of one gateway cluster (`--server URL1,URL2`): when
 * its node dies it moves to the next and resumes from its lastSeq — the events
 * published meanwhile arrive, none twice, no resync — with real gateway processes on
 * a real redis-server and a real desk core.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseGatewayList } from '../../shared/gateway-list.ts';
import { parseLaunchArgs, resolveLaunchOptions } from '../../main/config/launch-options.ts';
import { parsePolicy } from '../../main/config/policy.ts';
import { DEMO_USERS, publish, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { redisAvailable, startRedis, type RedisProcess } from '../helpers/redis-process.ts';
import { startLiveDesk, storedEventKeys, waitFor } from './support/desk.ts';
import { gatewayLog } from './support/gateway-api.ts';
import { makeTempDir } from './support/temp-dir.ts';

const available = redisAvailable();
if (!available && process.env.CI === 'true') throw new Error('redis-server is required on CI (apt-get install redis-server)');

const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('a desk that knows several gateways', () => {
  it('parses a list of gateway URLs and refuses a bad one by name', () => {
    expect(parseGatewayList('http://a:4000, http://b:4000')).toEqual(['http://a:4000', 'http://b:4000']);
    expect(parseGatewayList('https://gw.example')).toEqual(['https://gw.example']);
    expect(() => parseGatewayList('http://a:4000,b:4000')).toThrow(/"b:4000" is not an http/);
    expect(() => parseGatewayList(' , ')).toThrow(/no gateway URL/);
  });

  it('takes the list from --server URL1,URL2 or from the policy (serverUrls), and refuses a bad entry', () => {
    const ctx = { cwd: '/work', userDataDir: '/data' };
    const none = { policy: parsePolicy('{}', 'policy.json'), source: null };
    expect(resolveLaunchOptions(parseLaunchArgs(['--server', 'https://a:4000,https://b:4000']), none, ctx).serverUrl).toBe('https://a:4000,https://b:4000');
    // Every node of the list must be encrypted unless it is on this machine.
    expect(() => resolveLaunchOptions(parseLaunchArgs(['--server', 'https://a:4000,http://b:4000']), none, ctx)).toThrow(/http:\/\/b:4000 is unencrypted/);
    // A comma-separated list from the registry or a profile is a list too.
    expect(parsePolicy('{"serverUrls":"https://gw1.example, https://gw2.example"}', 'policy.json').serverUrls).toEqual([
      'https://gw1.example',
      'https://gw2.example',
    ]);
    const policy = { policy: parsePolicy('{"serverUrls":["https://gw1.example","https://gw2.example"]}', 'policy.json'), source: 'policy.json' };
    expect(resolveLaunchOptions(parseLaunchArgs([]), policy, ctx)).toMatchObject({
      serverUrl: 'https://gw1.example,https://gw2.example',
      serverSource: 'policy',
    });
    expect(() => parseLaunchArgs(['--server', 'http://a:4000,nope'])).toThrow(/--server must be an http/);
    expect(() => parsePolicy('{"serverUrls":["nope"]}', 'policy.json')).toThrow();
  });

  it.skipIf(!available)(
    'moves to the next node when its node dies and resumes from lastSeq',
    async () => {
      const redis: RedisProcess = await startRedis();
      cleanups.push(() => redis.stop());
      const a: GatewayProcess = await startGateway({ args: ['--redis', redis.url] });
      cleanups.push(() => a.stop());
      const b: GatewayProcess = await startGateway({ args: ['--redis', redis.url] });
      cleanups.push(() => b.stop());
      const tmp = makeTempDir('frontdesk-failover-desk-');
      cleanups.push(() => tmp.cleanup());
      const desk = await startLiveDesk({ dataDir: tmp.dir, serverUrl: `${a.url},${b.url}`, user: DEMO_USERS.demoHotel });
      cleanups.push(() => desk.core.stop());
      const orgId = DEMO_USERS.demoHotel.orgId;
      for (let i = 0; i < 5; i++) await publish(b.url, { orgId, service: 'spa', kind: 'spa.before', data: { i } });
      const before = await waitFor('desk has the first events', async () => {
        const log = await gatewayLog(b.url, DEMO_USERS.demoHotel.email, 'demo');
        return desk.core.cursor().lastSeq === log[log.length - 1].seq ? desk.core.cursor() : null;
      });

      await a.kill9();
      const during: number[] = [];
      for (let i = 0; i < 10; i++) during.push((await publish(b.url, { orgId, service: 'spa', kind: 'spa.after', data: { i } })).seq);

      await waitFor('desk resumed on node B', () => desk.core.cursor().lastSeq === during[during.length - 1], 20_000);
      expect(desk.core.status()).toMatchObject({ state: 'live' });
      expect(desk.core.cursor().epoch).toBe(before.epoch);
      expect(desk.core.counters().resyncs).toBe(0);
      expect(desk.logs.some((l) => l.msg === 'moving to the next gateway' && l.to === b.url)).toBe(true);
      const log = new Map((await gatewayLog(b.url, DEMO_USERS.demoHotel.email, 'demo')).map((e) => [e.seq, e.id]));
      const stored = storedEventKeys(tmp.dir);
      expect(stored.filter((e) => log.get(e.seq) !== e.id)).toEqual([]);
      expect(stored.map((e) => e.seq).slice(-10)).toEqual(during);
    },
    90_000,
  );
});
