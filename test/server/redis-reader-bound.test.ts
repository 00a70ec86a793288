/**
 * Thousands of hotels per node: the Redis log's readers share one notify
 * subscriber and the command connection, so the Redis connections a node holds do
 * not grow with the number of hotels it subscribes to. Measured with CLIENT LIST on
 * a real redis-server while 300 hotels are subscribed, and every hotel still gets
 * exactly its own events, in order, once.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisEventLog } from '../../server/log/redis-log.ts';
import type { LogEvent, Subscription } from '../../server/log/types.ts';
import { createLogger } from '../../server/logger.ts';
import { redisAvailable, startRedis, type RedisProcess } from '../helpers/redis-process.ts';
import { waitFor } from '../main/support/desk.ts';

const available = redisAvailable();
if (!available && process.env.CI === 'true') throw new Error('redis-server is required on CI (apt-get install redis-server)');

const HOTELS = 300;

describe.skipIf(!available)('Redis log readers, 300 hotels on one node', () => {
  let redis: RedisProcess;
  let admin: Redis;

  beforeAll(async () => {
    redis = await startRedis();
    admin = new Redis(redis.url);
  });

  afterAll(async () => {
    admin?.disconnect();
    await redis?.stop();
  });

  async function clients(): Promise<number> {
    const list = (await admin.client('LIST')) as string;
    return list.split('\n').filter((l) => l.trim()).length - 1; // minus this admin connection
  }

  it('holds a constant number of Redis connections whatever the number of subscribed hotels, and delivers each its events', async () => {
    const log = await RedisEventLog.connect(redis.url, { history: 1000, logger: createLogger('silent') });
    try {
      const idle = await clients();
      const got = new Map<string, LogEvent[]>();
      const subs: Subscription[] = [];
      for (let i = 0; i < HOTELS; i++) {
        const org = `hotel-${i}`;
        got.set(org, []);
        subs.push(
          await log.subscribe(org, {
            events: (events) => got.get(org)!.push(...events),
            gap: () => {
              throw new Error(`unexpected gap on ${org}`);
            },
          }),
        );
      }
      const subscribed = await clients();
      // Command connection + notify subscriber, before and after: no connection per hotel.
      expect(idle).toBeLessThanOrEqual(2);
      expect(subscribed).toBe(idle);

      // In bursts of 50 hotels: each publish has a 3 s deadline, and this machine is shared.
      for (let round = 0; round < 3; round++) {
        for (let from = 0; from < HOTELS; from += 50) {
          await Promise.all(
            Array.from({ length: 50 }, (_, j) => log.publish(`hotel-${from + j}`, { service: 'pms', kind: 'test.bound', data: { i: from + j, round } })),
          );
        }
      }
      await waitFor('every hotel got its 3 events', () => [...got.values()].every((evs) => evs.length >= 3), 20_000);
      for (const [org, evs] of got) {
        expect(evs.map((e) => e.seq)).toEqual([1, 2, 3]);
        for (const e of evs) expect((JSON.parse(e.json) as { orgId: string }).orgId).toBe(org);
      }
      expect(await clients()).toBe(idle);

      // An organisation id with spaces in it is still one hotel to the notify channel.
      const spaced: LogEvent[] = [];
      subs.push(await log.subscribe('grand hotel 7', { events: (events) => spaced.push(...events), gap: () => undefined }));
      await log.publish('grand hotel 7', { service: 'pms', kind: 'test.bound', data: {} });
      await waitFor('the spaced hotel got its event', () => spaced.length === 1, 10_000);
      for (const s of subs) s.close();
      expect(log.readerCount).toBe(0);
    } finally {
      await log.close();
    }
  }, 60_000);
});
