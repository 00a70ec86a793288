/**
 * Acknowledged means durable, as configured (--redis-durability), on real redis-server
 * processes:
 *  - aof-always refuses a Redis that does not fsync every write, with the reason;
 *  - aof-always: every acknowledged event survives a kill -9 of Redis;
 *  - replicas:1: an append no replica confirmed is a 503 (not an acknowledgement), and a
 *    retry with the same Idempotency-Key once the replica is back is acknowledged once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { PUBLISH_PATH } from '../../shared/protocol.ts';
import { DEMO_SERVICE_TOKEN, DEMO_USERS, getJson, publish, startGateway } from '../helpers/gateway-process.ts';
import { redisAvailable, startRedis, type RedisProcess } from '../helpers/redis-process.ts';
import { waitFor } from '../main/support/desk.ts';
import { gatewayLog } from '../main/support/gateway-api.ts';

const available = redisAvailable();
if (!available && process.env.CI === 'true') throw new Error('redis-server is required on CI (apt-get install redis-server)');

const USER = DEMO_USERS.demoHotel;
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-durability-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function postPublish(
  url: string,
  body: unknown,
): Promise<{ status: number; retryAfter: string | null; body: { seq?: number; error?: { code: string; message: string } } }> {
  const res = await fetch(`${url}${PUBLISH_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_SERVICE_TOKEN}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { seq?: number } };
}

describe.skipIf(!available)('acknowledged means durable, as configured', () => {
  it('aof-always refuses a Redis that does not fsync every write', async () => {
    const redis = await startRedis({ dir: tempDir(), persistence: 'aof-everysec' });
    cleanups.push(() => redis.stop());
    await expect(startGateway({ args: ['--redis', redis.url, '--redis-durability', 'aof-always'] })).rejects.toThrow(
      /appendonly yes and appendfsync always .*appendfsync everysec/,
    );
  }, 60_000);

  it('aof-always: every acknowledged event survives kill -9 of Redis', async () => {
    const dir = tempDir();
    let redis: RedisProcess = await startRedis({ dir, persistence: 'aof-always' });
    cleanups.push(() => redis.stop());
    const gw = await startGateway({ args: ['--redis', redis.url, '--redis-durability', 'aof-always'] });
    cleanups.push(() => gw.stop());
    const acked: { seq: number; id: string }[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; i < 50; i++) acked.push(await publish(gw.url, { orgId: USER.orgId, service: 'spa', kind: 'spa.durable', data: { w, i } }));
      }),
    );
    process.kill(redis.pid, 'SIGKILL');
    await redis.stop();
    redis = await startRedis({ port: redis.port, dir, persistence: 'aof-always' });
    await waitFor('gateway healthy again', async () => (await getJson(`${gw.url}/healthz`)).status === 200, 15_000, 100);
    const log = new Map((await gatewayLog(gw.url, USER.email, USER.password)).map((e) => [e.seq, e.id]));
    expect(acked.filter((a) => log.get(a.seq) !== a.id)).toEqual([]);
  }, 90_000);

  it('replicas:1: an append no replica confirmed is a 503; the retry with the same key is acknowledged once', async () => {
    const master = await startRedis();
    cleanups.push(() => master.stop());
    const replicaArgs = ['--replicaof', '127.0.0.1', String(master.port)];
    let replica = await startRedis({ args: replicaArgs });
    cleanups.push(() => replica.stop());
    const linked = async () => {
      const r = new Redis(replica.url);
      try {
        return ((await r.info('replication')) as string).includes('master_link_status:up');
      } finally {
        r.disconnect();
      }
    };
    await waitFor('replica linked', linked, 15_000, 100);
    const gw = await startGateway({ args: ['--redis', master.url, '--redis-durability', 'replicas:1'] });
    cleanups.push(() => gw.stop());
    const ok = await postPublish(gw.url, { orgId: USER.orgId, service: 'spa', kind: 'spa.replicated', data: { n: 1 }, idempotencyKey: 'rep-1' });
    expect(ok.status).toBe(200);

    await replica.stop();
    const started = Date.now();
    const refused = await postPublish(gw.url, { orgId: USER.orgId, service: 'spa', kind: 'spa.replicated', data: { n: 2 }, idempotencyKey: 'rep-2' });
    expect(refused.status).toBe(503);
    expect(refused.body.error?.message).toMatch(/only 0 of 1 replicas confirmed/);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(3_500);

    replica = await startRedis({ port: replica.port, args: replicaArgs });
    await waitFor('replica linked again', linked, 15_000, 100);
    const retried = await postPublish(gw.url, { orgId: USER.orgId, service: 'spa', kind: 'spa.replicated', data: { n: 2 }, idempotencyKey: 'rep-2' });
    expect(retried.status).toBe(200);
    const log = await gatewayLog(gw.url, USER.email, USER.password);
    expect(log.filter((e) => e.kind === 'spa.replicated').map((e) => e.seq)).toEqual([ok.body.seq, retried.body.seq]);
  }, 90_000);
});
