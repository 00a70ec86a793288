/**
 * `npm run bench:gateway`: the Frontdesk gateway against a bare `ws` broadcast
 * loop (the floor) and Socket.IO 4 (the peer), measured in the same run, for
 * N = 1,000 and 5,000 connections of one organisation on loopback.
 *
 * Every server runs in its own child process (CPU and memory measured there,
 * via process.cpuUsage / memoryUsage after a forced GC); clients are spread
 * over two other processes; this driver publishes over HTTP keep-alive.
 *
 * Figures per server and N:
 *   - memory per connection: RSS (and heap+external) delta after N idle clients, / N
 *   - publish→receive p50/p99 at 10 events/s (every delivery counts)
 *   - delivered events/s at full rate: closed loop, at most WINDOW events
 *     published but not yet received by every client
 *   - server CPU ms per 1,000 deliveries during the full-rate phase
 *
 * Prints a table with ratios and writes bench/results/gateway.json.
 * Options: --n 1000,5000  --duration 5  --latency-seconds 3  --rounds 1  --servers frontdesk,ws,socketio  --nice=-10
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ServerKind, WorkerReply, WorkerRequest } from './gateway/client-worker.ts';
import type { StatsReply } from './gateway/server-ipc.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const KINDS: ServerKind[] = ['frontdesk', 'ws', 'socketio'];
const LABEL: Record<ServerKind, string> = { frontdesk: 'Frontdesk gateway', ws: 'bare ws loop', socketio: 'Socket.IO 4' };
const SERVICE_TOKEN = 'bench-service-token';
const WINDOW = 64;
const PUBLISH_CONCURRENCY = 8;
const CLIENT_PROCESSES = 2;

const { values: argv } = parseArgs({
  options: {
    n: { type: 'string', default: '1000,5000' },
    duration: { type: 'string', default: '5' },
    'latency-seconds': { type: 'string', default: '3' },
    rounds: { type: 'string', default: '1' },
    servers: { type: 'string', default: KINDS.join(',') },
    // Optional: run the bench processes at a higher scheduling priority (negative
    // nice, needs root) so a busy shared machine perturbs the latency figures less.
    nice: { type: 'string', default: '0' },
  },
});
const NICE = Number(argv.nice);
const SERVERS = argv.servers.split(',') as ServerKind[];
const SIZES = argv.n.split(',').map(Number);
const DURATION_MS = Number(argv.duration) * 1000;
const LATENCY_MS = Number(argv['latency-seconds']) * 1000;
const ROUNDS = Number(argv.rounds);

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

type ServerReply = StatsReply | { type: 'ready'; port: number };
type ServerChild = Child<{ type: 'stats'; gc?: boolean } | { type: 'exit' }, ServerReply>;
type ClientChild = Child<WorkerRequest, WorkerReply>;

function forkTs(script: string, execArgv: string[] = []): ChildProcess {
  const child = fork(join(HERE, script), [], {
    execArgv: ['--import', 'tsx', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, FRONTDESK_SERVICE_TOKEN: SERVICE_TOKEN },
  });
  if (NICE !== 0 && child.pid) setPriority(child.pid, NICE);
  return child;
}

// ------------------------------------------------------------------ HTTP

const agent = new Agent({ keepAlive: true, maxSockets: PUBLISH_CONCURRENCY });

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
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
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

function publisher(kind: ServerKind, port: number): () => Promise<void> {
  const path = kind === 'frontdesk' ? '/v2/realtime/publish' : '/publish';
  const headers: Record<string, string> = kind === 'frontdesk' ? { authorization: `Bearer ${SERVICE_TOKEN}` } : {};
  let n = 0;
  return async () => {
    // A realistic desk event: a room status change, stamped with the publisher's monotonic clock.
    const body = JSON.stringify({
      orgId: 'demo-hotel',
      service: 'housekeeping',
      kind: 'room.status_changed',
      data: { roomId: `rm-${101 + (n++ % 12)}`, status: n % 2 ? 'vacant_clean' : 'vacant_dirty', note: 'benchmark traffic', t: Number(process.hrtime.bigint()) },
    });
    await post(port, path, body, headers);
  };
}

// ------------------------------------------------------------------ one run

interface RunResult {
  kind: ServerKind;
  n: number;
  memPerConnKB: number;
  heapPerConnKB: number;
  p50ms: number;
  p99ms: number;
  latencySamples: number;
  deliveriesPerSec: number;
  cpuMsPer1000: number;
  serverCpuShare: number;
  connectMs: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(kind: ServerKind, n: number): Promise<RunResult> {
  const server: ServerChild = new Child(forkTs(`gateway/server-${kind}.ts`, ['--expose-gc']));
  const clients: ClientChild[] = [];
  try {
    const { port } = (await server.next<{ type: 'ready'; port: number }>('ready')) as { type: 'ready'; port: number };
    let token: string | undefined;
    if (kind === 'frontdesk') {
      const r = JSON.parse(await post(port, '/v1/auth/login', JSON.stringify({ email: 'frontdesk@demo-hotel.test', password: 'demo' }))) as { accessToken: string };
      token = r.accessToken;
    }
    await sleep(300);
    const mem0 = await server.ask<StatsReply>({ type: 'stats', gc: true }, 'stats');

    // Connect N idle clients over the client processes.
    for (let i = 0; i < CLIENT_PROCESSES; i++) clients.push(new Child(forkTs('gateway/client-worker.ts')));
    const started = Date.now();
    const per = Math.ceil(n / CLIENT_PROCESSES);
    const connected = clients.map((c, i) => {
      const count = Math.min(per, n - i * per);
      return c.ask<Extract<WorkerReply, { type: 'connected' }>>({ type: 'connect', kind, url: `http://127.0.0.1:${port}`, token, count }, 'connected');
    });
    const counts = await Promise.all(connected);
    const connectMs = Date.now() - started;
    if (counts.reduce((s, c) => s + c.count, 0) !== n) throw new Error('not all clients connected');
    await sleep(1000);
    const mem1 = await server.ask<StatsReply>({ type: 'stats', gc: true }, 'stats');

    const pub = publisher(kind, port);
    const fully = new Array<number>(clients.length).fill(0);
    const wake: (() => void)[] = [];
    clients.forEach((c, i) => {
      c.onMessage = (m) => {
        if (m.type === 'progress' || m.type === 'count') {
          fully[i] = m.fully;
          for (const w of wake.splice(0)) w();
        }
      };
    });
    const minFully = () => Math.min(...fully);
    const waitDelivered = async (target: number, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (minFully() < target) {
        if (Date.now() > deadline) throw new Error(`${kind}: only ${minFully()} of ${target} events reached every client`);
        await new Promise<void>((r) => {
          wake.push(r);
          setTimeout(r, 50);
        });
      }
    };

    // Latency at 10 events/s.
    let published = 0;
    for (const c of clients) c.send({ type: 'latency', on: true });
    const interval = 100;
    const t0 = Date.now();
    let latencyFailure: unknown = null;
    for (let i = 0; Date.now() - t0 < LATENCY_MS; i++) {
      pub().catch((err: unknown) => (latencyFailure = err));
      published++;
      const nextAt = t0 + (i + 1) * interval;
      await sleep(Math.max(0, nextAt - Date.now()));
    }
    if (latencyFailure) throw latencyFailure;
    await waitDelivered(published);
    const lat: number[] = [];
    for (const c of clients) lat.push(...(await c.ask<Extract<WorkerReply, { type: 'latencies' }>>({ type: 'latency', on: false }, 'latencies')).values);
    lat.sort((a, b) => a - b);

    // Full rate, closed loop.
    const countsBefore = await Promise.all(clients.map((c) => c.ask<Extract<WorkerReply, { type: 'count' }>>({ type: 'count' }, 'count')));
    const cpu0 = await server.ask<StatsReply>({ type: 'stats' }, 'stats');
    const wall0 = process.hrtime.bigint();
    const end = Date.now() + DURATION_MS;
    let inflight = 0;
    let failed: Error | null = null;
    await new Promise<void>((resolve) => {
      const pump = () => {
        while (!failed && Date.now() < end && inflight < PUBLISH_CONCURRENCY && published - minFully() < WINDOW) {
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
      wake.push(pump);
      const timer = setInterval(() => {
        pump();
        if (Date.now() >= end || failed) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
      clients.forEach((c, i) => {
        c.onMessage = (m) => {
          if (m.type === 'progress' || m.type === 'count') {
            fully[i] = m.fully;
            pump();
          }
        };
      });
      pump();
    });
    const countsAfter = await Promise.all(clients.map((c) => c.ask<Extract<WorkerReply, { type: 'count' }>>({ type: 'count' }, 'count')));
    const cpu1 = await server.ask<StatsReply>({ type: 'stats' }, 'stats');
    const wallMs = Number(process.hrtime.bigint() - wall0) / 1e6;
    if (failed) throw failed;
    const deliveries = countsAfter.reduce((s, c, i) => s + c.delivered - countsBefore[i].delivered, 0);
    const cpuMs = (cpu1.cpuMicros - cpu0.cpuMicros) / 1000;

    return {
      kind,
      n,
      memPerConnKB: (mem1.rss - mem0.rss) / n / 1024,
      heapPerConnKB: (mem1.heapUsed + mem1.external - mem0.heapUsed - mem0.external) / n / 1024,
      p50ms: percentile(lat, 50),
      p99ms: percentile(lat, 99),
      latencySamples: lat.length,
      deliveriesPerSec: (deliveries / wallMs) * 1000,
      cpuMsPer1000: deliveries > 0 ? (cpuMs / deliveries) * 1000 : NaN,
      serverCpuShare: cpuMs / wallMs,
      connectMs,
    };
  } finally {
    await Promise.all(clients.map((c) => c.stop()));
    await server.stop();
  }
}

// ------------------------------------------------------------------ report

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  if (NICE !== 0) setPriority(NICE);
  console.log(
    `gateway benchmark: N=${SIZES.join(', ')}; ${cpus().length} cores; load avg ${loadavg().map((l) => l.toFixed(1)).join(' ')}; nice ${NICE}`,
  );
  const results: RunResult[] = [];
  for (const n of SIZES) {
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of SERVERS) {
        process.stdout.write(`  N=${n} ${LABEL[kind]} (round ${round + 1}/${ROUNDS}) … `);
        const r = await run(kind, n);
        results.push(r);
        console.log(
          `${fmt(r.deliveriesPerSec, 0)} deliveries/s, ${fmt(r.cpuMsPer1000, 3)} CPU ms/1000, p50 ${fmt(r.p50ms, 2)} p99 ${fmt(r.p99ms, 2)} ms, ${fmt(r.memPerConnKB, 2)} KB/conn`,
        );
      }
    }
  }
  // Median over rounds per (kind, n).
  const agg = (kind: ServerKind, n: number) => {
    const rs = results.filter((r) => r.kind === kind && r.n === n);
    return {
      deliveriesPerSec: median(rs.map((r) => r.deliveriesPerSec)),
      cpuMsPer1000: median(rs.map((r) => r.cpuMsPer1000)),
      p50ms: median(rs.map((r) => r.p50ms)),
      p99ms: median(rs.map((r) => r.p99ms)),
      memPerConnKB: median(rs.map((r) => r.memPerConnKB)),
      heapPerConnKB: median(rs.map((r) => r.heapPerConnKB)),
    };
  };
  const rows: string[][] = [['N', 'metric', LABEL.frontdesk, LABEL.ws, LABEL.socketio, 'FD / ws', 'FD / SIO', 'target']];
  const summary: Record<string, unknown> = {};
  // The shape bench/run-all.ts gathers: one figure per metric, peers and ratios beside it.
  const figures: {
    metric: string;
    value: number;
    unit: string;
    scenario: string;
    peers: Record<string, number>;
    ratios: Record<string, number>;
    target?: string;
    pass?: boolean;
  }[] = [];
  for (const n of SIZES) {
    const f = agg('frontdesk', n);
    const w = agg('ws', n);
    const s = agg('socketio', n);
    summary[n] = { frontdesk: f, ws: w, socketio: s };
    const figure = (metric: string, unit: string, pick: (x: typeof f) => number, target?: string, pass?: boolean) =>
      figures.push({
        metric,
        value: pick(f),
        unit,
        scenario: `N=${n} connections, one organisation`,
        peers: { 'bare ws loop': pick(w), 'Socket.IO 4': pick(s) },
        ratios: { 'vs ws': pick(f) / pick(w), 'vs Socket.IO': pick(f) / pick(s) },
        target,
        pass,
      });
    figure('delivered events/s at full rate', 'events/s', (x) => x.deliveriesPerSec, '≥ 0.9× bare ws', f.deliveriesPerSec >= 0.9 * w.deliveriesPerSec);
    figure('gateway CPU per 1000 deliveries', 'ms', (x) => x.cpuMsPer1000, '≤ 1× bare ws and ≤ 0.6× Socket.IO', f.cpuMsPer1000 <= w.cpuMsPer1000 && f.cpuMsPer1000 <= 0.6 * s.cpuMsPer1000);
    figure('publish→receive p50 at 10 events/s', 'ms', (x) => x.p50ms);
    figure('publish→receive p99 at 10 events/s', 'ms', (x) => x.p99ms, '≤ 1.2× bare ws', f.p99ms <= 1.2 * w.p99ms);
    figure('gateway memory per connection (RSS)', 'KB', (x) => x.memPerConnKB, n >= 5000 ? '≤ 12 KB at 5,000' : undefined, n >= 5000 ? f.memPerConnKB <= 12 : undefined);
    figure('gateway memory per connection (heap+external)', 'KB', (x) => x.heapPerConnKB);
    rows.push([String(n), 'deliveries/s (full rate)', fmt(f.deliveriesPerSec, 0), fmt(w.deliveriesPerSec, 0), fmt(s.deliveriesPerSec, 0), ratio(f.deliveriesPerSec, w.deliveriesPerSec), ratio(f.deliveriesPerSec, s.deliveriesPerSec), '≥ 0.9× ws']);
    rows.push(['', 'server CPU ms / 1000 deliveries', fmt(f.cpuMsPer1000, 3), fmt(w.cpuMsPer1000, 3), fmt(s.cpuMsPer1000, 3), ratio(f.cpuMsPer1000, w.cpuMsPer1000), ratio(f.cpuMsPer1000, s.cpuMsPer1000), '≤ 1× ws, ≤ 0.6× SIO']);
    rows.push(['', 'p50 latency ms @10 ev/s', fmt(f.p50ms, 2), fmt(w.p50ms, 2), fmt(s.p50ms, 2), ratio(f.p50ms, w.p50ms), ratio(f.p50ms, s.p50ms), '']);
    rows.push(['', 'p99 latency ms @10 ev/s', fmt(f.p99ms, 2), fmt(w.p99ms, 2), fmt(s.p99ms, 2), ratio(f.p99ms, w.p99ms), ratio(f.p99ms, s.p99ms), '≤ 1.2× ws']);
    rows.push(['', 'RSS KB / connection', fmt(f.memPerConnKB, 2), fmt(w.memPerConnKB, 2), fmt(s.memPerConnKB, 2), ratio(f.memPerConnKB, w.memPerConnKB), ratio(f.memPerConnKB, s.memPerConnKB), n >= 5000 ? '≤ 12 KB' : '']);
    rows.push(['', 'heap+ext KB / connection', fmt(f.heapPerConnKB, 2), fmt(w.heapPerConnKB, 2), fmt(s.heapPerConnKB, 2), ratio(f.heapPerConnKB, w.heapPerConnKB), ratio(f.heapPerConnKB, s.heapPerConnKB), '']);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log('');
  for (const r of rows) console.log(r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  const out = join(HERE, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'gateway.json'),
    JSON.stringify({ at: new Date().toISOString(), cores: cpus().length, loadavg: loadavg(), window: WINDOW, durationMs: DURATION_MS, rounds: ROUNDS, nice: NICE, figures, summary, runs: results }, null, 2),
  );
  console.log(`\nwritten ${join(out, 'gateway.json')}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
