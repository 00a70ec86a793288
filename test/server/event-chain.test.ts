/**
 * The log a desk can verify, on both engines (embedded SQLite and Redis Streams),
 * with real gateway processes and a real desk store:
 *  - every event the gateway serves links to the one before it and its hash matches
 *    its content (recomputed here from the served fields);
 *  - a desk that stored the log passes `doctor --json` with chain "ok"; after one
 *    stored event is altered on disk, doctor names that seq as the first broken one.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chainInput, GENESIS_HASH } from '../../shared/chain.ts';
import { EVENTS_PATH, SNAPSHOT_PATH } from '../../shared/protocol.ts';
import { DATABASE_FILE_NAME } from '../../main/core/store/desk-store.ts';
import { DEMO_USERS, getJson, login, publish, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { redisAvailable, startRedis, type RedisProcess } from '../helpers/redis-process.ts';
import { startLiveDesk, waitFor } from '../main/support/desk.ts';
import { doctor } from '../main/support/sync-process.ts';
import { makeTempDir } from '../main/support/temp-dir.ts';

const USER = DEMO_USERS.demoHotel;
const hasRedis = redisAvailable();
if (!hasRedis && process.env.CI === 'true') throw new Error('redis-server is required on CI (apt-get install redis-server)');

interface ServedEvent {
  seq: number;
  id: string;
  kind: string;
  data: unknown;
  epoch?: string;
  prevHash?: string;
  hash?: string;
}

const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function servedLog(url: string): Promise<{ events: ServedEvent[]; tip: string | undefined; headSeq: number }> {
  const { accessToken } = await login(url, USER.email, USER.password);
  const events: ServedEvent[] = [];
  let after = 0;
  for (let page = 0; page < 100; page++) {
    const r = await getJson<{ events: ServedEvent[]; headSeq: number }>(`${url}${EVENTS_PATH}?after=${after}&limit=1000`, accessToken);
    events.push(...r.body.events);
    if (r.body.events.length === 0) break;
    after = r.body.events[r.body.events.length - 1].seq;
    if (after >= r.body.headSeq) break;
  }
  const snap = await getJson<{ seq: number; hash?: string }>(`${url}${SNAPSHOT_PATH}`, accessToken);
  return { events, tip: snap.body.hash, headSeq: snap.body.seq };
}

function expectChained(events: ServedEvent[]): void {
  let prev = GENESIS_HASH;
  for (const e of events) {
    expect(e.prevHash, `prevHash of ${e.seq}`).toBe(prev);
    const hash = createHash('sha256')
      .update(chainInput(e.prevHash!, e.seq, e.epoch!, e.id, e.kind, JSON.stringify(e.data ?? null)))
      .digest('hex');
    expect(e.hash, `hash of ${e.seq}`).toBe(hash);
    prev = e.hash!;
  }
}

async function checkEngine(gw: GatewayProcess): Promise<void> {
  const tmp = makeTempDir('frontdesk-chain-desk-');
  cleanups.push(() => tmp.cleanup());
  const desk = await startLiveDesk({ dataDir: tmp.dir, serverUrl: gw.url, user: USER });
  cleanups.push(() => desk.core.stop());
  for (let i = 0; i < 25; i++)
    await publish(gw.url, { orgId: USER.orgId, service: 'spa', kind: 'spa.booked', data: { i, note: 'ünïcode ✓', nested: { a: [1, 2.5, null] } } });
  const log = await servedLog(gw.url);
  expect(log.events.length).toBe(log.headSeq);
  expectChained(log.events);
  expect(log.tip).toBe(log.events[log.events.length - 1].hash);

  await waitFor('desk at head', () => desk.core.cursor().lastSeq === log.headSeq);
  await desk.core.stop();
  const ok = doctor(tmp.dir, '--json');
  expect(ok.code, ok.stderr).toBe(0);
  expect(JSON.parse(ok.stdout)).toMatchObject({ chain: 'ok', lastSeq: log.headSeq });

  // Alter one stored event on disk: doctor names it.
  const altered = log.headSeq - 3;
  const db = new Database(join(tmp.dir, DATABASE_FILE_NAME));
  db.prepare('UPDATE events SET data = ? WHERE seq = ?').run(JSON.stringify({ i: 'altered' }), altered);
  db.close();
  const broken = doctor(tmp.dir, '--json');
  expect(broken.code).toBe(1);
  expect(JSON.parse(broken.stdout)).toMatchObject({ chain: `broken at seq ${altered}`, chainBrokenSeq: altered });
}

describe('a log the desk can verify', () => {
  it('embedded SQLite gateway: chained events, a desk store doctor accepts, and the first altered seq named', async () => {
    const gw = await startGateway();
    cleanups.push(() => gw.stop());
    await checkEngine(gw);
  }, 120_000);

  it.skipIf(!hasRedis)(
    'Redis gateways (two nodes appending to one chain): the same',
    async () => {
      const redis: RedisProcess = await startRedis();
      cleanups.push(() => redis.stop());
      const a = await startGateway({ args: ['--redis', redis.url] });
      cleanups.push(() => a.stop());
      const b = await startGateway({ args: ['--redis', redis.url] });
      cleanups.push(() => b.stop());
      // Both nodes append concurrently: each must rebuild on the other's tip, never fork the chain.
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => publish(i % 2 ? a.url : b.url, { orgId: USER.orgId, service: 'spa', kind: 'spa.race', data: { i } })),
      );
      expectChained((await servedLog(b.url)).events);
      await checkEngine(a);
    },
    120_000,
  );
});
