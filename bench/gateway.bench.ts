/**
 * `npm run bench:gateway`: the Frontdesk gateway beside peers that cannot be beaten
 * by a trick, measured in the same run, each server in its own child process:
 *
 *   - `ws` peer, frame once: builds each event's frame once and writes the same bytes
 *     to every socket (one write per socket per event) — the floor of a WebSocket
 *     broadcast one event at a time;
 *   - `ws` peer, frame once + per-tick batching + write window: the same, coalescing the
 *     events of one event-loop turn into one write per socket and holding a flush for the
 *     gateway's adaptive write window, as the gateway does (the fair peer for bursts and
 *     for what the window gives);
 *   - bare `ws` (`client.send` per socket: what most people write), Socket.IO 4;
 *   - plain TCP: newline-delimited JSON, one write per socket per event, no WebSocket.
 *
 * Scenarios (one hotel = one organisation, N desks):
 *   - one event at a time (the headline, a hotel's normal day): a closed loop with ONE
 *     publish in flight — delivered events/s, server CPU per 1,000 deliveries and
 *     publish→receive p50/p99 of every delivery;
 *   - bursts: 8 publishes in flight, at most 64 events not yet received by every desk;
 *   - 10 events/s: publish→receive p50/p99 of every delivery;
 *   - memory per connection: RSS delta after N idle connections, / N (after a GC);
 *   - the chain's shape: H hotels × D desks on one node at R events/s per hotel
 *     (default 2,000 × 10 at 1/s = 20,000 connections): p99 publish→receive, server CPU
 *     per delivery, memory per connection.
 *
 * Every server is measured in ROUNDS rounds (default 3), the order rotating per round,
 * and every figure is the median of the rounds with its spread (min–max) beside it.
 * Clients run in two other processes and read frames with indexOf (the same cost for
 * every server); the driver publishes over HTTP keep-alive with an hrtime stamp.
 *
 * Prints a table with ratios and writes bench/results/gateway.json.
 * Options: --n 1000  --rounds 3  --phase-seconds 2  --latency-seconds 2
 *          --servers frontdesk,frontdesk-nowin,ws-once,ws-batch,ws,socketio,tcp
 *          --chain 2000x10@1  --chain-seconds 10  --chain-servers frontdesk,ws-once,tcp  --chain-rounds 1
 *          --no-chain  --nice=-10
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TokenIssuer } from '../server/auth/tokens.ts';
import type { ConnectGroup, ServerKind, WorkerReply, WorkerRequest } from './gateway/client-worker.ts';
import { Histogram } from './gateway/histogram.ts';
import type { StatsReply } from './gateway/server-ipc.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const KINDS: ServerKind[] = ['frontdesk', 'frontdesk-nowin', 'ws-once', 'ws-batch', 'ws', 'socketio', 'tcp'];
const LABEL: Record<ServerKind, string> = {
  frontdesk: 'Frontdesk gateway',
  'frontdesk-nowin': 'Frontdesk gateway, write window off',
  'ws-once': 'ws, frame once',
  'ws-batch': 'ws, frame once + tick batching + write window',
  ws: 'bare ws (send per socket)',
  socketio: 'Socket.IO 4',
  tcp: 'plain TCP (floor)',
};
const SERVER_SCRIPT: Record<ServerKind, string> = {
  frontdesk: 'gateway/server-frontdesk.ts',
  'frontdesk-nowin': 'gateway/server-frontdesk.ts',
  'ws-once': 'gateway/server-ws-once.ts',
  'ws-batch': 'gateway/server-ws-once.ts',
  ws: 'gateway/server-ws.ts',
  socketio: 'gateway/server-socketio.ts',
  tcp: 'gateway/server-tcp.ts',
};
const SERVER_ENV: Partial<Record<ServerKind, Record<string, string>>> = {
  // The same gateway with its adaptive write window off: shows what the window does, in the same run.
  'frontdesk-nowin': { BENCH_WRITE_WINDOW_MS: '0' },
  'ws-batch': { BENCH_PEER_BATCH: '1' },
};
/** The real gateway (with or without its write window): authenticated streams, publish over its own route. */
const isGateway = (kind: ServerKind) => kind === 'frontdesk' || kind === 'frontdesk-nowin';
const SERVICE_TOKEN = 'bench-service-token';
const JWT_SECRET = 'bench-jwt-secret-only-for-loopback-benchmarks';
const WINDOW = 64;
const BURST_CONCURRENCY = 8;
const CLIENT_PROCESSES = 2;
const ONE_HOTEL = 'demo-hotel';

const { values: argv } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    'phase-seconds': { type: 'string', default: '2' },
    'latency-seconds': { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    servers: { type: 'string', default: KINDS.join(',') },
    chain: { type: 'string', default: '2000x10@1' },
    'chain-seconds': { type: 'string', default: '10' },
    'chain-servers': { type: 'string', default: 'frontdesk,ws-once,tcp' },
    'chain-rounds': { type: 'string', default: '1' },
    'no-chain': { type: 'boolean', default: false },
    // Optional: run the bench processes at a higher scheduling priority (negative
    // nice, needs root) so a busy shared machine perturbs the latency figures less.
    nice: { type: 'string', default: '0' },
    // Result file name under bench/results/ (a side run must not replace the main result).
    out: { type: 'string', default: 'gateway.json' },
  },
});
const NICE = Number(argv.nice);
const SERVERS = argv.servers.split(',') as ServerKind[];
const SIZES = argv.n.split(',').filter(Boolean).map(Number);
const PHASE_MS = Number(argv['phase-seconds']) * 1000;
const LATENCY_MS = Number(argv['latency-seconds']) * 1000;
const ROUNDS = Number(argv.rounds);
const CHAIN = /^(\d+)x(\d+)@(\d+(?:\.\d+)?)$/.exec(argv.chain);
if (!CHAIN) throw new Error('--chain must look like 2000x10@1 (hotels x desks @ events/s per hotel)');
/** This process's open-file limit (children inherit it): one server process cannot hold more sockets. */
function openFileLimit(): number {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m ? Number(m[1]) : Infinity;
  } catch {
    return Infinity;
  }
}
const FD_LIMIT = openFileLimit();
const ASKED_HOTELS = Number(CHAIN[1]);
// Room for the server's own descriptors (listening sockets, SQLite files, IPC, libuv).
const CHAIN_HOTELS = Math.min(ASKED_HOTELS, Math.floor((FD_LIMIT - 100) / Number(CHAIN[2])));
const CHAIN_CLAMPED =
  CHAIN_HOTELS < ASKED_HOTELS
    ? `asked for ${ASKED_HOTELS} hotels, ran ${CHAIN_HOTELS}: the open-file limit here is ${FD_LIMIT} (hard), so one server process cannot hold ${ASKED_HOTELS * Number(CHAIN[2])} sockets`
    : null;
const CHAIN_DESKS = Number(CHAIN[2]);
const CHAIN_RATE = Number(CHAIN[3]);
const CHAIN_MS = Number(argv['chain-seconds']) * 1000;
const CHAIN_SERVERS = argv['no-chain'] ? [] : (argv['chain-servers'].split(',') as ServerKind[]);
const CHAIN_ROUNDS = Number(argv['chain-rounds']);
for (const k of [...SERVERS, ...CHAIN_SERVERS]) if (!KINDS.includes(k)) throw new Error(`unknown server ${k} (known: ${KINDS.join(', ')})`);

// ------------------------------------------------------------------ processes

class Child<Req, Rep extends { type: string }> {
  private waiters: { type: string; resolve: (m: Rep) => void }[] = [];
  onMessage: ((m: Rep) => void) | null = null;
  constructor(readonly proc: ChildProcess) {
    proc.on('message', (m: Rep) => {
      this.onMessage?.(m);
      const i = this.waiters.findIndex((w) => w.type === m.type);
      if (i >= 0) this.waiters.splice(i, 1)[0].resolve(m);
    });
  }
  send(m: Req): void {
    this.proc.send(m as object);
  }
  next<T extends Rep>(type: string, timeoutMs = 120_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${type}`)), timeoutMs);
      this.waiters.push({
        type,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as T);
        },
      });
    });
  }
  ask<T extends Rep>(m: Req, type: string): Promise<T> {
    const p = this.next<T>(type);
    this.send(m);
    return p;
  }
  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      const t = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
      this.proc.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      try {
        this.proc.send({ type: 'exit' });
      } catch {
        this.proc.kill('SIGKILL');
      }
    });
  }
}

type Ready = { type: 'ready'; port: number; streamPort?: number };
type ServerReply = StatsReply | Ready;
type ServerChild = Child<{ type: 'stats'; gc?: boolean } | { type: 'exit' }, ServerReply>;
type ClientChild = Child<WorkerRequest, WorkerReply>;

function forkTs(script: string, execArgv: string[] = [], env: Record<string, string> = {}): ChildProcess {
  const child = fork(join(HERE, script), [], {
    execArgv: ['--import', 'tsx', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, FRONTDESK_SERVICE_TOKEN: SERVICE_TOKEN, BENCH_JWT_SECRET: JWT_SECRET, ...env },
  });
  if (NICE !== 0 && child.pid) setPriority(child.pid, NICE);
  return child;
}

// ------------------------------------------------------------------ HTTP

// Enough sockets that the chain's open-loop publishing (thousands a second) does not queue
// in this process; the closed loops never have more than BURST_CONCURRENCY in flight.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * POST over the keep-alive agent. A reused socket the server has just closed for
 * idleness fails with ECONNRESET before the request reached it (the classic
 * keep-alive race): retry that once on a fresh socket.
 */
async function post(port: number, path: string, body: string, headers: Record<string, string> = {}): Promise<string> {
  try {
    return await postOnce(port, path, body, headers);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') throw err;
    return postOnce(port, path, body, headers);
  }
}

function postOnce(port: number, path: string, body: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`${path} ${res.statusCode}: ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function publisher(kind: ServerKind, port: number): (orgId?: string) => Promise<void> {
  const path = isGateway(kind) ? '/v2/realtime/publish' : '/publish';
  const headers: Record<string, string> = isGateway(kind) ? { authorization: `Bearer ${SERVICE_TOKEN}` } : {};
  let n = 0;
  return async (orgId = ONE_HOTEL) => {
    // A realistic desk event: a room status change, stamped with the publisher's monotonic clock.
    const body = JSON.stringify({
      orgId,
      service: 'housekeeping',
      kind: 'room.status_changed',
      data: {
        roomId: `rm-${101 + (n++ % 12)}`,
        status: n % 2 ? 'vacant_clean' : 'vacant_dirty',
        note: 'benchmark traffic',
        t: Number(process.hrtime.bigint()),
      },
    });
    await post(port, path, body, headers);
  };
}

// ------------------------------------------------------------------ shared steps

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const issuer = new TokenIssuer(JWT_SECRET, 4 * 3600);

async function tokenFor(org: string): Promise<string> {
  return (await issuer.issue({ id: `u-${org}-bench`, orgId: org, role: 'frontdesk', name: 'Bench desk' })).token;
}

interface Servers {
  server: ServerChild;
  clients: ClientChild[];
  ready: Ready;
}

async function startServer(kind: ServerKind): Promise<Servers> {
  // BENCH_SERVER_CPU_PROF=<dir>: a V8 CPU profile of every server process (to see where its time goes).
  const prof = process.env.BENCH_SERVER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_CPU_PROF}`] : [];
  const server: ServerChild = new Child(forkTs(SERVER_SCRIPT[kind], ['--expose-gc', ...prof], SERVER_ENV[kind] ?? {}));
  const ready = await server.next<Ready>('ready');
  return { server, clients: [], ready };
}

async function stopAll(s: Servers): Promise<void> {
  await Promise.all(s.clients.map((c) => c.stop()));
  await s.server.stop();
}

/** Connects the groups, split evenly (by connection count) over the client processes. */
async function connect(s: Servers, kind: ServerKind, groups: ConnectGroup[]): Promise<number> {
  const perProc: ConnectGroup[][] = Array.from({ length: CLIENT_PROCESSES }, () => []);
  groups.forEach((g, i) => {
    // A hotel's desks split over both processes when it is one big hotel, whole otherwise.
    if (groups.length < CLIENT_PROCESSES) {
      const per = Math.ceil(g.count / CLIENT_PROCESSES);
      for (let p = 0; p < CLIENT_PROCESSES; p++) perProc[p].push({ ...g, count: Math.max(0, Math.min(per, g.count - p * per)) });
    } else perProc[i % CLIENT_PROCESSES].push(g);
  });
  for (let i = 0; i < CLIENT_PROCESSES; i++) s.clients.push(new Child(forkTs('gateway/client-worker.ts')));
  const started = Date.now();
  const replies = await Promise.all(
    s.clients.map((c, i) => {
      const p = c.next<Extract<WorkerReply, { type: 'connected' }>>('connected', 600_000);
      c.onMessage = (m) => {
        if (m.type === 'error') throw new Error(`${kind} client: ${m.message}`);
      };
      c.send({
        type: 'connect',
        kind: isGateway(kind) ? 'frontdesk' : kind,
        url: `http://127.0.0.1:${s.ready.port}`,
        streamPort: s.ready.streamPort,
        groups: perProc[i],
        trackFully: groups.length === 1,
      });
      return p;
    }),
  );
  const total = groups.reduce((n, g) => n + g.count, 0);
  if (replies.reduce((n, r) => n + r.count, 0) !== total) throw new Error(`${kind}: not all clients connected`);
  return Date.now() - started;
}

async function collectLatency(s: Servers): Promise<Histogram> {
  const h = new Histogram();
  for (const c of s.clients) h.addSparse((await c.ask<Extract<WorkerReply, { type: 'latencies' }>>({ type: 'latency', on: false }, 'latencies')).hist);
  return h;
}

async function deliveredSoFar(s: Servers): Promise<number> {
  const counts = await Promise.all(s.clients.map((c) => c.ask<Extract<WorkerReply, { type: 'count' }>>({ type: 'count' }, 'count')));
  return counts.reduce((n, c) => n + c.delivered, 0);
}

// ------------------------------------------------------------------ one hotel

interface Phase {
  deliveriesPerSec: number;
  cpuMsPer1000: number;
  p50ms: number;
  p99ms: number;
}

interface HotelRun {
  kind: ServerKind;
  n: number;
  round: number;
  memPerConnKB: number;
  heapPerConnKB: number;
  connectMs: number;
  /** 10 events/s. */
  paced: { p50ms: number; p99ms: number; samples: number };
  oneAtATime: Phase;
  burst: Phase;
}

async function runHotel(kind: ServerKind, n: number, round: number): Promise<HotelRun> {
  const s = await startServer(kind);
  try {
    await sleep(300);
    const mem0 = await s.server.ask<StatsReply>({ type: 'stats', gc: true }, 'stats');
    const token = isGateway(kind) ? await tokenFor(ONE_HOTEL) : undefined;
    const connectMs = await connect(s, kind, [{ org: ONE_HOTEL, token, count: n }]);
    await sleep(1000);
    const mem1 = await s.server.ask<StatsReply>({ type: 'stats', gc: true }, 'stats');

    const pub = publisher(kind, s.ready.port);
    const fully = new Array<number>(s.clients.length).fill(0);
    let wake: () => void = () => undefined;
    s.clients.forEach((c, i) => {
      c.onMessage = (m) => {
        if (m.type === 'progress' || m.type === 'count') {
          fully[i] = m.fully;
          wake();
        }
      };
    });
    const minFully = () => Math.min(...fully);
    let published = 0;
    const waitDelivered = async (target: number, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (minFully() < target) {
        if (Date.now() > deadline) throw new Error(`${kind}: only ${minFully()} of ${target} events reached every client`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 50);
        });
      }
    };

    // 10 events/s, every delivery's latency.
    for (const c of s.clients) c.send({ type: 'latency', on: true });
    const t0 = Date.now();
    let pacedFailure: unknown = null;
    for (let i = 0; Date.now() - t0 < LATENCY_MS; i++) {
      pub().catch((err: unknown) => (pacedFailure = err));
      published++;
      await sleep(Math.max(0, t0 + (i + 1) * 100 - Date.now()));
    }
    if (pacedFailure) throw pacedFailure;
    await waitDelivered(published);
    const pacedHist = await collectLatency(s);

    // Closed loop with `concurrency` publishes in flight and at most WINDOW events not yet everywhere.
    const closedLoop = async (concurrency: number): Promise<Phase> => {
      await waitDelivered(published);
      for (const c of s.clients) c.send({ type: 'latency', on: true });
      const before = await deliveredSoFar(s);
      const cpu0 = await s.server.ask<StatsReply>({ type: 'stats' }, 'stats');
      const wall0 = process.hrtime.bigint();
      const end = Date.now() + PHASE_MS;
      let inflight = 0;
      let failed: Error | null = null;
      await new Promise<void>((resolve) => {
        const pump = () => {
          while (!failed && Date.now() < end && inflight < concurrency && published - minFully() < WINDOW) {
            inflight++;
            published++;
            pub().then(
              () => {
                inflight--;
                pump();
              },
              (err: Error) => {
                failed = err;
                inflight--;
              },
            );
          }
        };
        wake = pump;
        const timer = setInterval(() => {
          pump();
          if (Date.now() >= end || failed) {
            clearInterval(timer);
            resolve();
          }
        }, 5);
        pump();
      });
      const after = await deliveredSoFar(s);
      const cpu1 = await s.server.ask<StatsReply>({ type: 'stats' }, 'stats');
      const wallMs = Number(process.hrtime.bigint() - wall0) / 1e6;
      if (failed) throw failed;
      const h = await collectLatency(s);
      const deliveries = after - before;
      const cpuMs = (cpu1.cpuMicros - cpu0.cpuMicros) / 1000;
      return {
        deliveriesPerSec: (deliveries / wallMs) * 1000,
        cpuMsPer1000: deliveries > 0 ? (cpuMs / deliveries) * 1000 : NaN,
        p50ms: h.percentile(50),
        p99ms: h.percentile(99),
      };
    };
    const oneAtATime = await closedLoop(1);
    const burst = await closedLoop(BURST_CONCURRENCY);
    return {
      kind,
      n,
      round,
      memPerConnKB: (mem1.rss - mem0.rss) / n / 1024,
      heapPerConnKB: (mem1.heapUsed + mem1.external - mem0.heapUsed - mem0.external) / n / 1024,
      connectMs,
      paced: { p50ms: pacedHist.percentile(50), p99ms: pacedHist.percentile(99), samples: pacedHist.total },
      oneAtATime,
      burst,
    };
  } finally {
    await stopAll(s);
  }
}

// ------------------------------------------------------------------ the chain's shape

interface ChainRun {
  kind: ServerKind;
  round: number;
  hotels: number;
  desks: number;
  ratePerHotel: number;
  connectMs: number;
  memPerConnKB: number;
  published: number;
  expected: number;
  delivered: number;
  p50ms: number;
  p99ms: number;
  maxMs: number;
  cpuMsPer1000: number;
  serverCpuShare: number;
}

async function runChain(kind: ServerKind, round: number): Promise<ChainRun> {
  const s = await startServer(kind);
  try {
    await sleep(300);
    const mem0 = await s.server.ask<StatsReply>({ type: 'stats', gc: true }, 'stats');
    const groups: ConnectGroup[] = [];
    for (let h = 0; h < CHAIN_HOTELS; h++) {
      const org = `hotel-${h}`;
      groups.push({ org, token: isGateway(kind) ? await tokenFor(org) : undefined, count: CHAIN_DESKS });
    }
    const connectMs = await connect(s, kind, groups);
    await sleep(2000);
    const mem1 = await s.server.ask<StatsReply>({ type: 'stats', gc: true }, 'stats');
    const pub = publisher(kind, s.ready.port);
    // Warm-up: one event per hotel, not measured.
    let failure: unknown = null;
    for (let h = 0; h < CHAIN_HOTELS; h++) pub(`hotel-${h}`).catch((err: unknown) => (failure = err));
    await sleep(2000);
    for (const c of s.clients) c.send({ type: 'latency', on: true });
    const before = await deliveredSoFar(s);
    const cpu0 = await s.server.ask<StatsReply>({ type: 'stats' }, 'stats');
    const wall0 = process.hrtime.bigint();
    // Open loop: every hotel publishes at its rate, the hotels' events spread evenly over
    // each second (a tick every 10 ms publishes the hotels due in it).
    const total = Math.round((CHAIN_HOTELS * CHAIN_RATE * CHAIN_MS) / 1000);
    const perMs = (CHAIN_HOTELS * CHAIN_RATE) / 1000;
    const t0 = Date.now();
    let published = 0;
    while (published < total && !failure) {
      const due = Math.min(total, Math.floor((Date.now() - t0) * perMs));
      while (published < due) pub(`hotel-${published++ % CHAIN_HOTELS}`).catch((err: unknown) => (failure = err));
      await sleep(10);
    }
    if (failure) throw failure;
    // Let the last events land (bounded: a minute), then read.
    const expected = total * CHAIN_DESKS;
    const deadline = Date.now() + 60_000;
    let delivered = 0;
    while ((delivered = (await deliveredSoFar(s)) - before) < expected && Date.now() < deadline) await sleep(100);
    const cpu1 = await s.server.ask<StatsReply>({ type: 'stats' }, 'stats');
    const wallMs = Number(process.hrtime.bigint() - wall0) / 1e6;
    const h = await collectLatency(s);
    const cpuMs = (cpu1.cpuMicros - cpu0.cpuMicros) / 1000;
    const n = CHAIN_HOTELS * CHAIN_DESKS;
    return {
      kind,
      round,
      hotels: CHAIN_HOTELS,
      desks: CHAIN_DESKS,
      ratePerHotel: CHAIN_RATE,
      connectMs,
      memPerConnKB: (mem1.rss - mem0.rss) / n / 1024,
      published: total,
      expected,
      delivered,
      p50ms: h.percentile(50),
      p99ms: h.percentile(99),
      maxMs: h.max,
      cpuMsPer1000: delivered > 0 ? (cpuMs / delivered) * 1000 : NaN,
      serverCpuShare: cpuMs / wallMs,
    };
  } finally {
    await stopAll(s);
  }
}

// ------------------------------------------------------------------ report

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

interface Stat {
  median: number;
  min: number;
  max: number;
}

function stat(xs: number[]): Stat {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return { median: NaN, min: NaN, max: NaN };
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
}

const spread = (st: Stat, d: number) => `${fmt(st.median, d)} (${fmt(st.min, d)}–${fmt(st.max, d)})`;

interface Figure {
  metric: string;
  value: number;
  unit: string;
  scenario: string;
  peers: Record<string, string>;
  ratios: Record<string, number>;
  target?: string;
  pass?: boolean;
  /** The peers' medians as numbers. */
  medians: Record<string, number>;
}

async function main(): Promise<void> {
  if (NICE !== 0) setPriority(NICE);
  const load0 = loadavg();
  console.log(
    `gateway benchmark: N=${SIZES.join(', ')}, ${ROUNDS} rounds (rotating order), servers ${SERVERS.join(', ')}; chain ${CHAIN_SERVERS.length ? `${CHAIN_HOTELS}x${CHAIN_DESKS}@${CHAIN_RATE}/s for ${CHAIN_MS / 1000} s (${CHAIN_SERVERS.join(', ')})` : 'off'}; ${cpus().length} cores; load avg ${load0.map((l) => l.toFixed(2)).join(' ')}; nice ${NICE}`,
  );
  if (CHAIN_CLAMPED && CHAIN_SERVERS.length > 0) console.log(`NOTE: ${CHAIN_CLAMPED}`);
  const hotelRuns: HotelRun[] = [];
  for (const n of SIZES) {
    for (let round = 0; round < ROUNDS; round++) {
      const order = SERVERS.map((_, i) => SERVERS[(i + round) % SERVERS.length]);
      for (const kind of order) {
        process.stdout.write(`  N=${n} round ${round + 1}/${ROUNDS} ${LABEL[kind]} … `);
        const r = await runHotel(kind, n, round);
        hotelRuns.push(r);
        console.log(
          `one-at-a-time ${fmt(r.oneAtATime.deliveriesPerSec, 0)}/s ${fmt(r.oneAtATime.cpuMsPer1000, 3)} CPU ms/1000 p99 ${fmt(r.oneAtATime.p99ms, 2)} ms; burst ${fmt(r.burst.deliveriesPerSec, 0)}/s ${fmt(r.burst.cpuMsPer1000, 3)}; 10/s p99 ${fmt(r.paced.p99ms, 2)} ms; ${fmt(r.memPerConnKB, 2)} KB/conn; load ${loadavg()[0].toFixed(2)}`,
        );
      }
    }
  }
  const chainRuns: ChainRun[] = [];
  for (let round = 0; round < CHAIN_ROUNDS; round++) {
    const order = CHAIN_SERVERS.map((_, i) => CHAIN_SERVERS[(i + round) % CHAIN_SERVERS.length]);
    for (const kind of order) {
      process.stdout.write(`  chain ${CHAIN_HOTELS} hotels x ${CHAIN_DESKS} desks @ ${CHAIN_RATE}/s round ${round + 1}/${CHAIN_ROUNDS} ${LABEL[kind]} … `);
      const r = await runChain(kind, round);
      chainRuns.push(r);
      console.log(
        `${r.delivered}/${r.expected} delivered, p50 ${fmt(r.p50ms, 2)} p99 ${fmt(r.p99ms, 2)} max ${fmt(r.maxMs, 1)} ms, ${fmt(r.cpuMsPer1000, 3)} CPU ms/1000 (${fmt(r.serverCpuShare * 100, 0)} % of a core), ${fmt(r.memPerConnKB, 2)} KB/conn, connect ${(r.connectMs / 1000).toFixed(1)} s; load ${loadavg()[0].toFixed(2)}`,
      );
    }
  }

  const figures: Figure[] = [];
  const rows: string[][] = [];
  const addFigure = (
    scenario: string,
    metric: string,
    unit: string,
    runsOf: (k: ServerKind) => number[],
    kinds: ServerKind[],
    digits: number,
    target?: { text: string; pass: (fd: number, peer: (k: ServerKind) => number) => boolean },
  ) => {
    if (!kinds.includes('frontdesk')) return;
    const stats = new Map(kinds.map((k) => [k, stat(runsOf(k))]));
    const fd = stats.get('frontdesk')!;
    const peers: Record<string, number> = {};
    const ratios: Record<string, number> = {};
    for (const k of kinds) {
      if (k === 'frontdesk') continue;
      const st = stats.get(k)!;
      peers[LABEL[k]] = st.median;
      ratios[`vs ${LABEL[k]}`] = Math.round((fd.median / st.median) * 100) / 100;
    }
    const pass = target ? target.pass(fd.median, (k) => stats.get(k)?.median ?? NaN) : undefined;
    // The summary shows each peer as "median (min–max)" and the figure's own spread in its scenario.
    const shownPeers = Object.fromEntries(kinds.filter((k) => k !== 'frontdesk').map((k) => [LABEL[k], spread(stats.get(k)!, digits)]));
    figures.push({
      metric,
      value: Number(fd.median.toFixed(digits)),
      unit,
      scenario: `${scenario}; Frontdesk median of ${runsOf('frontdesk').length} rounds, min–max ${fmt(fd.min, digits)}–${fmt(fd.max, digits)}`,
      peers: shownPeers,
      ratios,
      target: target?.text,
      pass,
      medians: peers,
    });
    if (!rows.some((r) => r[0] === scenario)) rows.push([scenario, 'servers', ...kinds.map((k) => LABEL[k]), 'Frontdesk / each peer', 'target']);
    rows.push([
      scenario,
      metric,
      ...kinds.map((k) => spread(stats.get(k)!, digits)),
      kinds
        .filter((k) => k !== 'frontdesk')
        .map((k) => `${ratios[`vs ${LABEL[k]}`]}×`)
        .join(' '),
      target ? `${target.text} ${pass ? 'MET' : 'MISSED'}` : '',
    ]);
  };
  for (const n of SIZES) {
    const of = (k: ServerKind, pick: (r: HotelRun) => number) => hotelRuns.filter((r) => r.kind === k && r.n === n).map(pick);
    const sc = (what: string) => `${what}, one hotel, N=${n}`;
    const has = (k: ServerKind) => SERVERS.includes(k);
    addFigure(
      sc('one event at a time'),
      'gateway CPU per 1000 deliveries',
      'ms',
      (k) => of(k, (r) => r.oneAtATime.cpuMsPer1000),
      SERVERS,
      3,
      has('ws-once')
        ? { text: '≤ 1.0× ws frame-once; ≤ 1.25× plain TCP', pass: (fd, p) => fd <= p('ws-once') && (!has('tcp') || fd <= 1.25 * p('tcp')) }
        : undefined,
    );
    addFigure(
      sc('one event at a time'),
      'publish→receive p99',
      'ms',
      (k) => of(k, (r) => r.oneAtATime.p99ms),
      SERVERS,
      2,
      has('ws-once') ? { text: '≤ 1.2× ws frame-once', pass: (fd, p) => fd <= 1.2 * p('ws-once') } : undefined,
    );
    addFigure(sc('one event at a time'), 'publish→receive p50', 'ms', (k) => of(k, (r) => r.oneAtATime.p50ms), SERVERS, 2);
    addFigure(sc('one event at a time'), 'delivered events/s', 'events/s', (k) => of(k, (r) => r.oneAtATime.deliveriesPerSec), SERVERS, 0);
    addFigure(
      sc(`bursts (${BURST_CONCURRENCY} in flight, window ${WINDOW})`),
      'delivered events/s',
      'events/s',
      (k) => of(k, (r) => r.burst.deliveriesPerSec),
      SERVERS,
      0,
      has('ws-once') ? { text: '≥ 3× ws frame-once', pass: (fd, p) => fd >= 3 * p('ws-once') } : undefined,
    );
    addFigure(
      sc(`bursts (${BURST_CONCURRENCY} in flight, window ${WINDOW})`),
      'gateway CPU per 1000 deliveries',
      'ms',
      (k) => of(k, (r) => r.burst.cpuMsPer1000),
      SERVERS,
      3,
    );
    addFigure(sc('10 events/s'), 'publish→receive p99', 'ms', (k) => of(k, (r) => r.paced.p99ms), SERVERS, 2);
    addFigure(sc('10 events/s'), 'publish→receive p50', 'ms', (k) => of(k, (r) => r.paced.p50ms), SERVERS, 2);
    addFigure(sc('idle'), 'memory per connection (RSS)', 'KB', (k) => of(k, (r) => r.memPerConnKB), SERVERS, 2);
  }
  if (chainRuns.length > 0) {
    const of = (k: ServerKind, pick: (r: ChainRun) => number) => chainRuns.filter((r) => r.kind === k).map(pick);
    const sc = `chain: ${CHAIN_HOTELS.toLocaleString('en')} hotels × ${CHAIN_DESKS} desks (${(CHAIN_HOTELS * CHAIN_DESKS).toLocaleString('en')} connections) at ${CHAIN_RATE} event/s per hotel`;
    addFigure(sc, 'publish→receive p99', 'ms', (k) => of(k, (r) => r.p99ms), CHAIN_SERVERS, 2);
    addFigure(sc, 'publish→receive p50', 'ms', (k) => of(k, (r) => r.p50ms), CHAIN_SERVERS, 2);
    addFigure(sc, 'gateway CPU per 1000 deliveries', 'ms', (k) => of(k, (r) => r.cpuMsPer1000), CHAIN_SERVERS, 3);
    addFigure(sc, 'server CPU, % of one core', '%', (k) => of(k, (r) => r.serverCpuShare * 100), CHAIN_SERVERS, 1);
    addFigure(sc, 'memory per connection (RSS)', 'KB', (k) => of(k, (r) => r.memPerConnKB), CHAIN_SERVERS, 2);
    addFigure(sc, 'deliveries received / expected, within 60 s of the last publish', 'ratio', (k) => of(k, (r) => r.delivered / r.expected), CHAIN_SERVERS, 4, {
      text: 'every delivery received',
      pass: (fd) => fd >= 1,
    });
  }

  const load1 = loadavg();
  console.log(
    `\nmedian (min–max) over rounds; load avg at start ${load0.map((l) => l.toFixed(2)).join(' ')}, at end ${load1.map((l) => l.toFixed(2)).join(' ')}`,
  );
  let lastScenario = '';
  for (const r of rows) {
    if (r[0] !== lastScenario) {
      lastScenario = r[0];
      console.log(`\n${r[0]}`);
    }
    console.log(`  ${r[1]}: ${r.slice(2).join(' | ')}`);
  }
  const out = join(HERE, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, argv.out),
    JSON.stringify(
      {
        bench: 'gateway',
        at: new Date().toISOString(),
        cores: cpus().length,
        loadavg: load1,
        loadavgAtStart: load0,
        window: WINDOW,
        phaseMs: PHASE_MS,
        rounds: ROUNDS,
        chain: {
          askedHotels: ASKED_HOTELS,
          clamped: CHAIN_CLAMPED,
          fdLimit: FD_LIMIT,
          hotels: CHAIN_HOTELS,
          desks: CHAIN_DESKS,
          ratePerHotel: CHAIN_RATE,
          seconds: CHAIN_MS / 1000,
          rounds: CHAIN_ROUNDS,
        },
        nice: NICE,
        figures,
        runs: { hotel: hotelRuns, chain: chainRuns },
      },
      null,
      2,
    ),
  );
  console.log(`\nwritten ${join(out, argv.out)}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
