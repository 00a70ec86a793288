/**
 * `npx tsx bench/redis-scale.bench.ts [--quick]`: what the shared engine costs, in ONE run:
 *
 * 1. Delivery at the same connection count (C desk streams of one hotel, spread evenly
 *    over the nodes): 1 node embedded (SQLite), 1 node Redis, 3 nodes Redis. A publisher
 *    posts through node 0 in a closed loop (at most WINDOW events in flight); figures are
 *    delivered events/s over all streams, and publish→receive p50/p99 (clock of this
 *    process, which also runs every client: that is included in the figures).
 * 2. Redis per hotel: connections a node holds with 1 vs H hotels subscribed (CLIENT
 *    LIST), and Redis memory per hotel (INFO used_memory delta / H, each hotel with E events).
 * 3. Durability: publish latency p50/p99 (sequential) and publishes/s (16 concurrent)
 *    through the Redis log with async (no persistence), AOF everysec, aof-always, replicas:1.
 *
 * Small and bounded on purpose (a shared 2-core machine): figures are noisy; compare the
 * rows of one run, not runs. Writes bench/results/redis-scale.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { STREAM_PATH } from '../shared/protocol.ts';
import { parseDurability, RedisEventLog } from '../server/log/redis-log.ts';
import { createLogger } from '../server/logger.ts';
import { DEMO_USERS, login, publish, startGateway, type GatewayProcess } from '../test/helpers/gateway-process.ts';
import { startRedis, type RedisProcess } from '../test/helpers/redis-process.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const QUICK = process.argv.includes('--quick');
const CONNECTIONS = QUICK ? 60 : 150;
const DURATION_MS = QUICK ? 3_000 : 6_000;
const WINDOW = 32;
const HOTELS = QUICK ? 100 : 300;
const EVENTS_PER_HOTEL = 20;
const DURABILITY_N = QUICK ? 300 : 1_000;
const ORG = DEMO_USERS.demoHotel.orgId;

interface Figure {
  metric: string;
  scenario?: string;
  value: number;
  unit: string;
  peers?: Record<string, number>;
  ratios?: Record<string, number>;
}
const figures: Figure[] = [];

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const r2 = (x: number) => Math.round(x * 100) / 100;

// ------------------------------------------------------------------ 1. delivery

interface DeliveryResult {
  eventsPerSecond: number;
  p50: number;
  p99: number;
}

async function delivery(nodes: GatewayProcess[]): Promise<DeliveryResult> {
  const { accessToken } = await login(nodes[0].url, DEMO_USERS.demoHotel.email, DEMO_USERS.demoHotel.password);
  const latencies: number[] = [];
  let delivered = 0;
  let measuring = false;
  const sockets: WebSocket[] = [];
  const caughtUp: Promise<void>[] = [];
  // Events each publish is still waiting on (every stream must get it).
  const waiting = new Map<number, { left: number; sentAt: number; done: () => void }>();
  for (let i = 0; i < CONNECTIONS; i++) {
    const node = nodes[i % nodes.length];
    const ws = new WebSocket(`${node.wsUrl}${STREAM_PATH}`, { headers: { authorization: `Bearer ${accessToken}` } });
    sockets.push(ws);
    caughtUp.push(
      new Promise<void>((resolve, reject) => {
        ws.once('error', reject);
        // A refused upgrade or a close before the replay ends fails the bench instead of hanging it.
        ws.once('unexpected-response', (_req, res) => reject(new Error(`stream ${i} refused: HTTP ${res.statusCode}`)));
        ws.once('close', (code, reason) => reject(new Error(`stream ${i} closed ${code} ${reason.toString()} before it caught up`)));
        ws.on('message', (raw: Buffer) => {
          const text = raw.toString();
          if (text.startsWith('{"type":"caught_up"')) return resolve();
          if (!text.startsWith('{"type":"event"')) return;
          const f = JSON.parse(text) as { data?: { b?: number; t?: number } };
          const b = f.data?.b;
          if (b === undefined) return;
          const w = waiting.get(b);
          if (!w) return;
          if (measuring) {
            delivered++;
            latencies.push(performance.now() - w.sentAt);
          }
          if (--w.left === 0) {
            waiting.delete(b);
            w.done();
          }
        });
      }),
    );
  }
  await Promise.all(caughtUp);
  let next = 0;
  const publishOne = async () => {
    const b = next++;
    const arrived = new Promise<void>((done) => waiting.set(b, { left: CONNECTIONS, sentAt: performance.now(), done }));
    await publish(nodes[0].url, { orgId: ORG, service: 'bench', kind: 'bench.tick', data: { b } }, 'demo-service-token');
    await arrived;
  };
  // Warm up, then measure in a closed loop of WINDOW publishers.
  for (let i = 0; i < 50; i++) await publishOne();
  measuring = true;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WINDOW }, async () => {
      while (performance.now() - started < DURATION_MS) await publishOne();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  measuring = false;
  for (const ws of sockets) ws.terminate();
  latencies.sort((a, b) => a - b);
  return { eventsPerSecond: delivered / elapsed, p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

async function gatewayNodes(count: number, redis: RedisProcess | null): Promise<GatewayProcess[]> {
  const nodes: GatewayProcess[] = [];
  for (let i = 0; i < count; i++) {
    // Every stream is the same demo user: lift the per-user stream cap (64 by default) above the bench's count.
    const caps = ['--max-streams-per-user', String(CONNECTIONS)];
    nodes.push(await startGateway({ args: [...(redis ? ['--redis', redis.url] : []), ...caps, '--log-level', 'warn'] }));
  }
  return nodes;
}

async function benchDelivery(): Promise<void> {
  const rows: [string, DeliveryResult][] = [];
  {
    const nodes = await gatewayNodes(1, null);
    rows.push(['1 node, embedded SQLite', await delivery(nodes)]);
    for (const n of nodes) await n.stop();
  }
  for (const count of [1, 3]) {
    const redis = await startRedis();
    const nodes = await gatewayNodes(count, redis);
    rows.push([`${count} node${count > 1 ? 's' : ''}, Redis`, await delivery(nodes)]);
    for (const n of nodes) await n.stop();
    await redis.stop();
  }
  const base = rows[0][1];
  for (const [label, r] of rows) {
    figures.push({
      metric: 'delivered events/s',
      scenario: `${label}; ${CONNECTIONS} streams of one hotel, ${WINDOW} publishes in flight, ${DURATION_MS / 1000} s`,
      value: Math.round(r.eventsPerSecond),
      unit: 'events/s',
      peers: { 'publish→receive p50 ms': r2(r.p50), 'publish→receive p99 ms': r2(r.p99) },
      ratios: { 'vs 1 node embedded': r2(r.eventsPerSecond / base.eventsPerSecond) },
    });
  }
}

// ------------------------------------------------------------------ 2. per hotel

async function benchPerHotel(): Promise<void> {
  const redis = await startRedis();
  const admin = new Redis(redis.url);
  const log = await RedisEventLog.connect(redis.url, { history: 1000, logger: createLogger('silent') });
  const clients = async () => ((await admin.client('LIST')) as string).split('\n').filter((l) => l.trim()).length - 1;
  const usedMemory = async () => Number(/used_memory:(\d+)/.exec((await admin.info('memory')) as string)?.[1]);
  const subs = [await log.subscribe('hotel-0', { events: () => undefined, gap: () => undefined })];
  const oneHotel = await clients();
  const memBefore = await usedMemory();
  for (let h = 1; h < HOTELS; h++) subs.push(await log.subscribe(`hotel-${h}`, { events: () => undefined, gap: () => undefined }));
  for (let h = 0; h < HOTELS; h++) {
    await Promise.all(
      Array.from({ length: EVENTS_PER_HOTEL }, (_, i) =>
        log.publish(`hotel-${h}`, { service: 'pms', kind: 'bench.event', data: { h, i, note: 'x'.repeat(40) } }),
      ),
    );
  }
  const allHotels = await clients();
  const memAfter = await usedMemory();
  figures.push({
    metric: 'Redis connections held by one gateway node',
    scenario: `1 hotel subscribed vs ${HOTELS} hotels subscribed (CLIENT LIST)`,
    value: allHotels,
    unit: 'connections',
    peers: { 'with 1 hotel': oneHotel },
    ratios: { 'extra connections per hotel': r2((allHotels - oneHotel) / (HOTELS - 1)) },
  });
  figures.push({
    metric: 'Redis memory per hotel',
    scenario: `${HOTELS} hotels, ${EVENTS_PER_HOTEL} events each (~200 B of JSON per event incl. the hash chain), used_memory delta / hotels`,
    value: Math.round((memAfter - memBefore) / HOTELS),
    unit: 'bytes/hotel',
  });
  for (const s of subs) s.close();
  await log.close();
  admin.disconnect();
  await redis.stop();
}

// ------------------------------------------------------------------ 3. durability

async function durabilityRun(label: string, redis: RedisProcess, durability: string): Promise<void> {
  const log = await RedisEventLog.connect(redis.url, { history: 10_000, logger: createLogger('silent'), durability: parseDurability(durability) });
  const lat: number[] = [];
  for (let i = 0; i < DURABILITY_N; i++) {
    const t = performance.now();
    await log.publish('durable-hotel', { service: 'pms', kind: 'bench.durable', data: { i } });
    lat.push(performance.now() - t);
  }
  lat.sort((a, b) => a - b);
  const started = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: 16 }, async (_, w) => {
      for (let i = 0; i < DURABILITY_N / 16; i++) {
        await log.publish(`durable-hotel-${w}`, { service: 'pms', kind: 'bench.durable', data: { i } });
        done++;
      }
    }),
  );
  const perSecond = done / ((performance.now() - started) / 1000);
  await log.close();
  figures.push({
    metric: 'publish through the Redis log',
    scenario: `durability ${label}: ${DURABILITY_N} sequential publishes, then ${done} with 16 in flight (16 hotels)`,
    value: Math.round(perSecond),
    unit: 'publishes/s',
    peers: { 'sequential p50 ms': r2(pct(lat, 50)), 'sequential p99 ms': r2(pct(lat, 99)) },
  });
}

async function benchDurability(): Promise<void> {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'frontdesk-bench-durability-'));
    dirs.push(d);
    return d;
  };
  let redis = await startRedis();
  await durabilityRun('async, no persistence', redis, 'async');
  await redis.stop();
  redis = await startRedis({ dir: dir(), persistence: 'aof-everysec' });
  await durabilityRun('async, AOF everysec (loss of ≤ ~1 s detected as a new epoch)', redis, 'async');
  await redis.stop();
  redis = await startRedis({ dir: dir(), persistence: 'aof-always' });
  await durabilityRun('aof-always (fsync per write)', redis, 'aof-always');
  await redis.stop();
  const master = await startRedis();
  const replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(master.port)] });
  const probe = new Redis(replica.url);
  for (let i = 0; i < 100 && !((await probe.info('replication')) as string).includes('master_link_status:up'); i++)
    await new Promise((r) => setTimeout(r, 100));
  probe.disconnect();
  await durabilityRun('replicas:1 (WAIT 1 replica, same machine)', master, 'replicas:1');
  await replica.stop();
  await master.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const load = loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  console.log(
    `redis-scale benchmark${QUICK ? ' (quick)' : ''}: node ${process.version}, ${cpus().length} cores, load ${load} — a shared machine: figures are noisy`,
  );
  await benchDelivery();
  await benchPerHotel();
  await benchDurability();
  for (const f of figures) {
    const peers = f.peers
      ? Object.entries(f.peers)
          .map(([k, v]) => `${k} ${v}`)
          .join('; ')
      : '';
    const ratios = f.ratios
      ? Object.entries(f.ratios)
          .map(([k, v]) => `${k} ${v}`)
          .join('; ')
      : '';
    console.log(`${f.metric} | ${f.scenario ?? ''} | ${f.value} ${f.unit} | ${peers} | ${ratios}`);
  }
  mkdirSync(join(HERE, 'results'), { recursive: true });
  writeFileSync(join(HERE, 'results', 'redis-scale.json'), `${JSON.stringify({ machine: { cores: cpus().length, load }, figures }, null, 2)}\n`);
  console.log('wrote bench/results/redis-scale.json');
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
