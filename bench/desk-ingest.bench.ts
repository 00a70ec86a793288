/**
 * Desk ingest benchmark (`npx tsx bench/desk-ingest.bench.ts [--quick]`).
 *
 * 1. Ingest throughput into the store WITH projections and cursor, against a plain
 *    batched insert loop of the same events into the same schema (the ceiling),
 *    measured in the same run: store-level (events → transaction) and full
 *    pipeline (wire text → validation/seq check/dedup → transaction).
 * 2. Catch-up of 100,000 missed events end to end against the real gateway
 *    process (login → live at head), beside a bare ws client that only reads and
 *    JSON-parses the same replay (the floor).
 * 3. Resident memory of a real DeskCore after 10,000 and after 1,000,000 events
 *    (child process, GC'd before each reading), and idle CPU while connected and
 *    quiet (against the real gateway).
 *
 * Prints a table and writes bench/results/desk-ingest.json.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import WebSocket, { WebSocketServer } from 'ws';
import { emptyState } from '../shared/projection.ts';
import type { PushPayloads } from '../shared/ipc.ts';
import { STREAM_PATH, type StoredEvent } from '../shared/protocol.ts';
import { createDeskCore, DEFAULT_TUNING } from '../main/core/desk-core.ts';
import { createDeskCoreInWorker } from '../main/core/worker/desk-core-in-worker.ts';
import type { StoredSession, TokenVault } from '../main/core/host-contract.ts';
import { applyDeskRuntimeTuning } from '../main/core/runtime-tuning.ts';
import { databasePath, DeskStore } from '../main/core/store/desk-store.ts';
import { openDeskDatabase } from '../main/core/store/open-database.ts';
import { FrameHandler } from '../main/core/sync/frame-handler.ts';
import { RecentIds } from '../main/core/sync/recent-ids.ts';
import { DEMO_USERS, login, publish, startGateway } from '../test/helpers/gateway-process.ts';
import { BENCH_ORG, benchEvent, benchFrameText, chainEvents } from './desk-ingest/events.ts';
import { plainInsertRun } from './desk-ingest/plain-insert.ts';
import { bundleDeskWorker, bundleForNode } from '../scripts/bundles.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const QUICK = process.argv.includes('--quick');
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const ONLY = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;
const runs = (part: string) => ONLY === null || ONLY.has(part);
const INGEST_N = QUICK ? 50_000 : 200_000;
const CATCHUP_N = QUICK ? 20_000 : 100_000;
const MEMORY_FIRST = 10_000;
const MEMORY_TOTAL = QUICK ? 200_000 : 1_000_000;
const BATCH = 2_000;
const CATCHUP_ROUNDS = 3;
const IDLE_SECONDS = QUICK ? 20 : 60;
// V8's memory reducer runs its mark-compacts about 40 s after the start-up catch-up's
// allocations stop (measured with --trace-gc); the idle window starts after it.
const IDLE_SETTLE_SECONDS = 50;

interface Figure {
  metric: string;
  scenario?: string;
  value: number;
  unit: string;
  peers?: Record<string, number>;
  ratios?: Record<string, number>;
  target?: string;
  pass?: boolean;
}
const figures: Figure[] = [];

function tmpDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `fd-bench-${tag}-`));
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

// ------------------------------------------------------------------ 1. ingest

interface Rate {
  /** events per wall-clock second */
  wall: number;
  /** events per second of this process's CPU time (what the desk costs, whatever else runs) */
  cpu: number;
}

function rateOf(n: number, fn: () => void): Rate {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall: (n / wallMs) * 1000, cpu: (n / ((c.user + c.system) / 1000)) * 1000 };
}

/**
 * The in-store ceiling: the desk's own database (same file layout, pragmas and
 * migrations, opened the way the store opens it), with only the event inserts in one
 * transaction per batch — no projections, no cursor, no dedup. The SQL lives here, not
 * in the production store: it is a measuring stick, not a feature.
 */
function ceilingRun(events: StoredEvent[]): Rate {
  const dir = tmpDir('ceiling');
  const { db } = openDeskDatabase({ file: databasePath(dir) });
  const insert = db.prepare('INSERT INTO events (seq, id, service, kind, at, data, caused_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING');
  const batch = db.transaction((slice: readonly StoredEvent[]) => {
    for (const e of slice) insert.run(e.seq, e.id, e.service, e.kind, e.at, JSON.stringify(e.data ?? null), e.causedBy ?? null);
  });
  const rate = rateOf(events.length, () => {
    for (let i = 0; i < events.length; i += BATCH) batch(events.slice(i, i + BATCH));
  });
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return rate;
}

function independentCeilingRun(events: StoredEvent[]): Rate {
  const dir = tmpDir('plain');
  const rate = rateOf(events.length, () => plainInsertRun(dir, events, BATCH));
  fs.rmSync(dir, { recursive: true, force: true });
  return rate;
}

function storeRun(events: StoredEvent[]): Rate {
  const dir = tmpDir('store');
  const store = DeskStore.open({ dataDir: dir });
  const state = emptyState();
  const opts = { epoch: 'E', pendingKeys: new Set<string>(), confirmSent: false };
  const rate = rateOf(events.length, () => {
    for (let i = 0; i < events.length; i += BATCH) store.ingestBatch(events.slice(i, i + BATCH), state, opts);
  });
  if (store.getCursor().lastSeq !== events.length) throw new Error('store run did not reach the end');
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return rate;
}

function pipelineRun(frames: string[]): Rate {
  const dir = tmpDir('pipeline');
  const store = DeskStore.open({ dataDir: dir });
  const state = emptyState();
  const recent = new RecentIds(10_000);
  const opts = { epoch: 'E', pendingKeys: new Set<string>(), confirmSent: false };
  const handler = new FrameHandler(BENCH_ORG, 0, recent);
  handler.handle(JSON.stringify({ type: 'hello', orgId: BENCH_ORG, epoch: 'E', headSeq: frames.length, connectionId: 'b' }));
  const rate = rateOf(frames.length, () => {
    let batch: StoredEvent[] = [];
    for (const raw of frames) {
      const d = handler.handle(raw);
      if (d.kind !== 'event') throw new Error(`unexpected ${d.kind}`);
      batch.push(d.event);
      if (batch.length === BATCH) {
        store.ingestBatch(batch, state, opts);
        batch = [];
      }
    }
    if (batch.length > 0) store.ingestBatch(batch, state, opts);
  });
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return rate;
}

function benchIngest(): void {
  const events = Array.from({ length: INGEST_N }, (_, i) => benchEvent(i + 1));
  // What a gateway sends now: events carrying the hash chain the desk checks per event.
  const frames = chainEvents(events).map((e) => JSON.stringify({ type: 'event', ...e }));
  // Warm up the JIT on a small slice of each path, then best of two rounds, interleaved.
  ceilingRun(events.slice(0, 20_000));
  independentCeilingRun(events.slice(0, 20_000));
  storeRun(events.slice(0, 20_000));
  pipelineRun(frames.slice(0, 20_000));
  // The same pipeline on frames without the chain fields (a gateway before the chain): the chain's cost, same run.
  const unchained = events.map((e) => JSON.stringify({ type: 'event', ...e }));
  pipelineRun(unchained.slice(0, 20_000));
  const best = {
    ceiling: { wall: 0, cpu: 0 },
    independent: { wall: 0, cpu: 0 },
    store: { wall: 0, cpu: 0 },
    pipeline: { wall: 0, cpu: 0 },
    unchained: { wall: 0, cpu: 0 },
  };
  const keep = (a: Rate, b: Rate): Rate => ({ wall: Math.max(a.wall, b.wall), cpu: Math.max(a.cpu, b.cpu) });
  for (let round = 0; round < 3; round++) {
    best.ceiling = keep(best.ceiling, ceilingRun(events));
    best.independent = keep(best.independent, independentCeilingRun(events));
    best.store = keep(best.store, storeRun(events));
    best.pipeline = keep(best.pipeline, pipelineRun(frames));
    best.unchained = keep(best.unchained, pipelineRun(unchained));
  }
  for (const [key, label] of [
    ['store', 'ingest throughput, store with projections + cursor'],
    ['pipeline', 'ingest throughput, full pipeline (wire text → validate → seq/dedup/hash link → store)'],
  ] as const) {
    const r = best[key];
    // The stricter of the two ceilings bounds the figure.
    const ceiling = Math.max(best.ceiling.wall, best.independent.wall);
    const ratio = r.wall / ceiling;
    figures.push({
      metric: label,
      scenario: `${INGEST_N} events, batches of ${BATCH}, best of 3 interleaved after the same warm-up, on every side (wall clock)`,
      value: Math.round(r.wall),
      unit: 'events/s',
      peers: {
        'independent plain better-sqlite3 insert, same pragmas (ceiling)': Math.round(best.independent.wall),
        'plain batched insert inside the desk database (ceiling)': Math.round(best.ceiling.wall),
        'per CPU-second (this path)': Math.round(r.cpu),
        'per CPU-second (ceiling)': Math.round(best.ceiling.cpu),
        ...(key === 'pipeline' ? { 'same pipeline, frames without the hash chain': Math.round(best.unchained.wall) } : {}),
      },
      ratios: {
        'vs the higher ceiling': round(ratio, 2),
        'vs independent insert': round(r.wall / best.independent.wall, 2),
        'vs in-store insert': round(r.wall / best.ceiling.wall, 2),
        'vs in-store insert, CPU time': round(r.cpu / best.ceiling.cpu, 2),
      },
      target: '>= 0.5x ceiling and >= 50,000 events/s',
      pass: ratio >= 0.5 && r.wall >= 50_000,
    });
  }
}

// ------------------------------------------------------------------ 2. catch-up + idle CPU

/**
 * CPU time of each event-loop turn, from a chain of setImmediate callbacks: the
 * process CPU (process.cpuUsage) used between two consecutive callbacks is what that
 * turn cost. Unlike the wall-clock loop delay it does not grow when other processes
 * take the cores (the reference box is shared), so it says what one turn would block
 * on an idle core. Includes V8's helper threads (GC), so it never flatters.
 */
function turnCpuMonitor(): { stop: () => number[] } {
  const turns: number[] = [];
  let last = process.cpuUsage();
  let on = true;
  const tick = () => {
    if (!on) return;
    const now = process.cpuUsage();
    turns.push((now.user - last.user + now.system - last.system) / 1000);
    last = now;
    setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop: () => {
      on = false;
      return turns;
    },
  };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function publishMany(url: string, n: number): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const e = benchEvent(1_000 + i);
      await publish(url, {
        orgId: 'demo-hotel',
        service: e.service,
        kind: e.kind === 'room.created' || e.kind === 'reservation.created' ? 'spa.note' : e.kind,
        data: e.data,
      });
    }
  };
  await Promise.all(Array.from({ length: 24 }, worker));
  return performance.now() - t0;
}

function memoryVault(): TokenVault {
  let s: StoredSession | null = null;
  return { description: 'memory', load: () => s, save: (v) => (s = v), clear: () => (s = null) };
}

async function bareReplay(wsUrl: string, token: string, head: number): Promise<number> {
  const t0 = performance.now();
  const ws = new WebSocket(`${wsUrl}${STREAM_PATH}?lastSeq=0`, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
  let last = 0;
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as { type: string; seq?: number };
      if (f.type === 'event') last = f.seq!;
      if (f.type === 'caught_up' && last >= head) resolve();
    });
    ws.on('error', reject);
  });
  const ms = performance.now() - t0;
  ws.close();
  return ms;
}

/**
 * CPU time a process has run, in nanoseconds: the scheduler's own accounting
 * (/proc/PID/task/TID/schedstat, first field), summed over every thread. Exact, unlike
 * the 10 ms ticks of /proc/PID/stat, which cannot resolve 0.1 % of a core in 30 s.
 */
function procCpuNs(pid: number): number {
  let ns = 0;
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return ns;
}

/** Starts `node FILE ARGS` (a bundle, no TypeScript loader) and resolves once it logged that it is live. */
async function startLive(args: string[]): Promise<ReturnType<typeof spawn>> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    // The sync CLI never takes a password on the command line: it reads it from the environment.
    env: { ...process.env, FRONTDESK_LOG_LEVEL: 'info', FRONTDESK_PASSWORD: DEMO_USERS.demoHotel.password },
  });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} never went live:\n${stderr.slice(-2000)}`)), 120_000);
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (stderr.includes('"msg":"connection live"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited ${code}:\n${stderr.slice(-2000)}`)));
  });
  child.stderr!.removeAllListeners('data');
  child.stderr!.resume();
  return child;
}

async function stopChild(child: ReturnType<typeof spawn>): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  if (child.exitCode === null) child.kill('SIGKILL');
}

interface IdleFigures {
  /** The desk as the Electron and browser hosts run it (no polling of the outbox table). */
  desk: number;
  /** The sync CLI's default, which also polls its outbox table every second for `--enqueue` from other processes. */
  deskCliPolling: number;
  /** A bare ws client holding the same stream (the floor). */
  floor: number;
  /** The same bare client, also pinging after the desk's heartbeat interval of silence. */
  floorWithHeartbeat: number;
}

/**
 * Idle CPU of a whole desk measured ALONE: the headless sync process (the same core
 * as the Electron and browser hosts), in its own process, with nothing else in it,
 * connected to the gateway and quiet — beside a bare ws client holding the same
 * stream (the floor), measured over the same seconds. Both are esbuild bundles run by
 * plain `node`, as the app ships: under `tsx` its loader thread alone wakes every
 * second. The desk's heartbeat (a ping after 4 s of silence) is part of what is measured.
 */
async function idleDeskAlone(serverUrl: string, wsUrl: string, token: string): Promise<IdleFigures> {
  const user = DEMO_USERS.demoHotel;
  const dirs = [tmpDir('idle'), tmpDir('idle-cli')];
  // Inside the project, so the bundle's require('better-sqlite3') finds node_modules.
  const bundles = path.join(ROOT, 'node_modules', '.cache', 'frontdesk-bench');
  const syncCli = path.join(bundles, 'sync.cjs');
  const floorJs = path.join(bundles, 'idle-floor.cjs');
  await bundleForNode(path.join(ROOT, 'main/cli/sync.ts'), syncCli);
  await bundleForNode(path.join(ROOT, 'bench/desk-ingest/idle-floor.ts'), floorJs);
  const children: ReturnType<typeof spawn>[] = [];
  try {
    const login = ['--email', user.email];
    children.push(await startLive([syncCli, '--server', serverUrl, '--data-dir', dirs[0], ...login, '--tuning', '{"externalOutboxPollMs":0}']));
    children.push(await startLive([syncCli, '--server', serverUrl, '--data-dir', dirs[1], ...login]));
    children.push(await startLive([floorJs, `${wsUrl}${STREAM_PATH}`, token]));
    children.push(await startLive([floorJs, `${wsUrl}${STREAM_PATH}`, token, String(DEFAULT_TUNING.heartbeatIntervalMs)]));
    // Let start-up work (module loading, V8's memory reducer) settle first.
    await new Promise((r) => setTimeout(r, IDLE_SETTLE_SECONDS * 1000));
    const c0 = children.map((c) => procCpuNs(c.pid!));
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const secs = (performance.now() - w0) / 1000;
    const share = children.map((c, i) => ((procCpuNs(c.pid!) - c0[i]) / 1e9 / secs) * 100);
    return { desk: share[0], deskCliPolling: share[1], floor: share[2], floorWithHeartbeat: share[3] };
  } finally {
    for (const c of children) await stopChild(c);
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
}

interface WorkerRun {
  ms: number;
  loopP99: number;
  loopMax: number;
}

/**
 * One catch-up with the core in its worker thread, as the Electron and browser hosts
 * run it: the delay measured is the host's main thread (in Electron, the one serving
 * every window's IPC), which only relays pushes while the worker stores.
 */
async function workerCatchUp(serverUrl: string, workerScript: string, head: number): Promise<WorkerRun> {
  const user = DEMO_USERS.demoHotel;
  const dir = tmpDir('catchup-worker');
  const core = createDeskCoreInWorker({
    workerScript,
    dataDir: dir,
    serverUrl,
    vault: memoryVault(),
    version: 'bench',
    log: pino({ level: 'warn' }, pino.destination(2)),
    hooks: { host: 'headless', openWindow: async () => ({ url: null }) },
  });
  let lastSeq = 0;
  let state = '';
  let reached: (() => void) | null = null;
  core.onPush((channel, payload) => {
    if (channel === 'desk:delta') lastSeq = Math.max(lastSeq, (payload as PushPayloads['desk:delta']).cursor.lastSeq);
    if (channel === 'desk:status') state = (payload as PushPayloads['desk:status']).state;
    if (state === 'live' && lastSeq >= head) reached?.();
  });
  await core.start();
  try {
    const loop = monitorEventLoopDelay({ resolution: 1 });
    const done = new Promise<void>((resolve) => (reached = resolve));
    const t0 = performance.now();
    loop.enable();
    const res = await core.invoke('session:login', { email: user.email, password: user.password });
    if (!res.ok) throw new Error(res.message);
    await done;
    loop.disable();
    return { ms: performance.now() - t0, loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6 };
  } finally {
    await core.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function benchCatchUp(): Promise<void> {
  const gw = await startGateway({ demo: true, args: ['--history', String(CATCHUP_N * 2), '--log-level', 'warn'] });
  try {
    process.stdout.write(`publishing ${CATCHUP_N} events to the gateway…\n`);
    const pubMs = await publishMany(gw.url, CATCHUP_N);
    process.stdout.write(`  published in ${(pubMs / 1000).toFixed(1)} s\n`);
    const user = DEMO_USERS.demoHotel;
    const tokens = await login(gw.url, user.email, user.password);
    const head = (await (
      await fetch(`${gw.url}/v2/realtime/events?after=0&limit=1`, { headers: { authorization: `Bearer ${tokens.accessToken}` } })
    ).json()) as { headSeq: number };

    const runs: number[] = [];
    const bareRuns: number[] = [];
    const cpuMs: number[] = [];
    const loopP99: number[] = [];
    const loopMax: number[] = [];
    const turnP99: number[] = [];
    const turnMax: number[] = [];
    // Floor and desk measured the same way: interleaved, each warmed by the run before,
    // best of ROUNDS on both sides.
    const workerScript = await bundleDeskWorker(path.join(ROOT, 'node_modules', '.cache', 'frontdesk-bench', 'desk-worker.cjs'));
    const workerRuns: WorkerRun[] = [];
    for (let run = 0; run < CATCHUP_ROUNDS; run++) {
      bareRuns.push(await bareReplay(gw.wsUrl, tokens.accessToken, head.headSeq));
      workerRuns.push(await workerCatchUp(gw.url, workerScript, head.headSeq));
      const dir = tmpDir('catchup');
      const core = createDeskCore({
        dataDir: dir,
        serverUrl: gw.url,
        vault: memoryVault(),
        version: 'bench',
        log: pino({ level: 'warn' }, pino.destination(2)),
        hooks: { host: 'headless', openWindow: async () => ({ url: null }) },
      });
      await core.start();
      // The desk's main thread (in Electron: the UI's) — how long is it blocked at a time?
      const loop = monitorEventLoopDelay({ resolution: 1 });
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      loop.enable();
      const turnCpu = turnCpuMonitor();
      const res = await core.invoke('session:login', { email: user.email, password: user.password });
      if (!res.ok) throw new Error(res.message);
      while (!(core.status().state === 'live' && core.cursor().lastSeq >= head.headSeq)) await new Promise((r) => setTimeout(r, 5));
      loop.disable();
      const turns = turnCpu.stop();
      turnP99.push(pct(turns, 99));
      turnMax.push(Math.max(...turns));
      runs.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuMs.push((c.user + c.system) / 1000);
      loopP99.push(loop.percentile(99) / 1e6);
      loopMax.push(loop.max / 1e6);
      await core.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const bareMs = Math.min(...bareRuns);
    const best = Math.min(...runs);
    const bestAt = runs.indexOf(best);
    const workerMs = workerRuns.map((r) => r.ms);
    const bestWorker = Math.min(...workerMs);
    figures.push({
      metric: `catch-up of ${head.headSeq} missed events, end to end (login → live at head), core in its worker thread as the hosts run it`,
      scenario: `real gateway process, fresh store, windows' deltas built and posted to the host thread; best of ${CATCHUP_ROUNDS} (floor and in-thread core: best of ${CATCHUP_ROUNDS}, interleaved)`,
      value: Math.round(bestWorker),
      unit: 'ms',
      peers: {
        'bare ws client, read + JSON.parse only (floor)': Math.round(bareMs),
        'core in the calling thread (sync CLI), best': Math.round(best),
        'slowest worker run': Math.round(Math.max(...workerMs)),
        'in-thread core CPU time during its best run (ms)': Math.round(cpuMs[bestAt]),
      },
      ratios: { 'vs floor': round(bestWorker / bareMs, 2), 'vs in-thread core': round(bestWorker / best, 2) },
      target: CATCHUP_N >= 100_000 ? '< 3000 ms for 100,000' : '(quick run: not the 100,000 target)',
      pass: CATCHUP_N >= 100_000 ? bestWorker < 3_000 : undefined,
    });
    const worstWorkerP99 = Math.max(...workerRuns.map((r) => r.loopP99));
    figures.push({
      metric: `host main-thread event-loop delay p99 during the catch-up of ${head.headSeq} events (worst of ${CATCHUP_ROUNDS} runs)`,
      scenario:
        'perf_hooks.monitorEventLoopDelay (1 ms resolution) on the thread that hosts the desk (Electron: the one serving windows), core in its worker, login → live at head',
      value: round(worstWorkerP99, 1),
      unit: 'ms',
      peers: {
        'p99, best run': round(Math.min(...workerRuns.map((r) => r.loopP99)), 1),
        'max blocked, worst run (ms)': round(Math.max(...workerRuns.map((r) => r.loopMax)), 1),
        'core in the calling thread: p99, worst run': round(Math.max(...loopP99), 1),
        'core in the calling thread: max blocked (ms)': round(Math.max(...loopMax), 1),
      },
      target: '< 16 ms (one frame)',
      pass: worstWorkerP99 < 16,
    });
    figures.push({
      metric: `desk core CPU per event-loop turn p99 during the catch-up, core in the calling thread (worst of ${CATCHUP_ROUNDS} runs)`,
      scenario: 'process CPU between consecutive setImmediate callbacks: what a turn blocks on an idle core, whatever else runs on the machine',
      value: round(Math.max(...turnP99), 1),
      unit: 'ms',
      peers: { 'max turn, worst run (ms)': round(Math.max(...turnMax), 1), [`catch-up slice (events committed per turn)`]: DEFAULT_TUNING.catchUpSliceEvents },
      target: "(information: the core's own thread; the target is the host thread's delay above)",
      pass: undefined,
    });
    const idle = await idleDeskAlone(gw.url, gw.wsUrl, tokens.accessToken);
    figures.push({
      metric: 'idle CPU of a connected, quiet desk, measured alone',
      scenario: `a whole desk (sync process, as the Electron/browser hosts run it: no outbox-table polling) alone in its own process, live on the real gateway, nothing published; bundled, run by plain node; ${IDLE_SECONDS} s from ${IDLE_SETTLE_SECONDS} s after it went live (scheduler ns, all threads)`,
      value: round(idle.desk, 3),
      unit: '% of one core',
      peers: {
        'bare ws client holding the same stream (floor), same seconds': round(idle.floor, 3),
        [`the same bare client pinging after ${DEFAULT_TUNING.heartbeatIntervalMs / 1000} s of silence, as the desk must to see a hung gateway within 10 s`]:
          round(idle.floorWithHeartbeat, 3),
        'sync CLI default (polls its outbox table every 1 s)': round(idle.deskCliPolling, 3),
      },
      ratios: {
        'vs floor': round(idle.desk / Math.max(idle.floor, 0.001), 2),
        'vs floor with heartbeat': round(idle.desk / Math.max(idle.floorWithHeartbeat, 0.001), 2),
      },
      target: '< 0.1 %',
      pass: idle.desk < 0.1,
    });
  } finally {
    await gw.stop();
  }
}

// ------------------------------------------------------------------ 3. memory

async function benchMemory(): Promise<void> {
  // A feeder that plays the gateway: hello, a first part + caught_up, then the rest live,
  // respecting the socket's backpressure.
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  let continueFeed: (() => void) | null = null;
  const feedRest = new Promise<void>((r) => (continueFeed = r));
  wss.on('connection', (ws) => {
    void (async () => {
      ws.send(JSON.stringify({ type: 'hello', orgId: BENCH_ORG, epoch: 'E-bench', headSeq: MEMORY_FIRST, connectionId: 'feeder' }));
      const sendRange = async (from: number, to: number) => {
        for (let seq = from; seq <= to; seq++) {
          ws.send(benchFrameText(seq));
          if (ws.bufferedAmount > 4 * 2 ** 20) while (ws.bufferedAmount > 2 ** 20) await new Promise((r) => setTimeout(r, 2));
        }
      };
      await sendRange(1, MEMORY_FIRST);
      ws.send(JSON.stringify({ type: 'caught_up', seq: MEMORY_FIRST }));
      await feedRest;
      await sendRange(MEMORY_FIRST + 1, MEMORY_TOTAL);
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = tmpDir('memory');
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CHILD_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CHILD_PROF}`] : []),
      '--expose-gc',
      '--import',
      'tsx',
      'bench/desk-ingest/memory-child.ts',
      url,
      dir,
      String(MEMORY_FIRST),
      String(MEMORY_TOTAL),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const readings: Record<string, number>[] = [];
  let buf = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buf += chunk.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = JSON.parse(buf.slice(0, nl)) as Record<string, number>;
      buf = buf.slice(nl + 1);
      readings.push(line);
      if (line.mark === MEMORY_FIRST) continueFeed!();
    }
  });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  for (const c of wss.clients) c.terminate();
  wss.close();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`memory child exited ${code}`);
  const first = readings.find((r) => r.mark === MEMORY_FIRST)!;
  const last = readings.find((r) => r.mark === MEMORY_TOTAL)!;
  const idle = readings.find((r) => r.idleCpuPercent !== undefined)!;
  const growth = last.rssMb - first.rssMb;
  figures.push({
    metric: `resident memory after ${MEMORY_TOTAL.toLocaleString('en')} events vs after ${MEMORY_FIRST.toLocaleString('en')}`,
    scenario: 'real DeskCore in a child process, GC before each reading',
    value: round(growth, 1),
    unit: 'MB growth',
    peers: {
      [`RSS after ${MEMORY_FIRST}`]: round(first.rssMb),
      [`RSS after ${MEMORY_TOTAL}`]: round(last.rssMb),
      [`heap after ${MEMORY_FIRST}`]: round(first.heapUsedMb),
      [`heap after ${MEMORY_TOTAL}`]: round(last.heapUsedMb),
    },
    target: '<= 20 MB',
    pass: growth <= 20,
  });
  figures.push({
    metric: `live ingest rate over the ${(MEMORY_TOTAL - MEMORY_FIRST).toLocaleString('en')} streamed events (end to end, local feeder)`,
    value: Math.round(((MEMORY_TOTAL - MEMORY_FIRST) / last.ingestMs) * 1000),
    unit: 'events/s',
  });
  figures.push({
    metric: 'CPU in the 5 s right after the last of 1,000,000 events (child; V8 background work)',
    value: round(idle.afterBurstCpuPercent, 3),
    unit: '% of one core',
  });
  figures.push({
    metric:
      'CPU of the memory child connected and quiet, 10 s from 10 s after the 1,000,000-event burst (feeder silent; the idle figure proper is measured alone above)',
    value: round(idle.idleCpuPercent, 3),
    unit: '% of one core',
  });
}

// ------------------------------------------------------------------ main

function printTable(): void {
  const rows = figures.map((f) => [
    f.metric,
    `${f.value.toLocaleString('en')} ${f.unit}`,
    Object.entries(f.peers ?? {})
      .map(([k, v]) => `${k}: ${v.toLocaleString('en')}`)
      .join('; '),
    Object.entries(f.ratios ?? {})
      .map(([k, v]) => `${v}x ${k}`)
      .join('; '),
    f.target ?? '',
    f.pass === undefined ? '' : f.pass ? 'PASS' : 'MISS',
  ]);
  const header = ['metric', 'value', 'peers (same run)', 'ratio', 'target', ''];
  const widths = header.map((h, i) => Math.min(70, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<void> {
  // Same V8 settings as a desk process (createDeskCore applies them too).
  applyDeskRuntimeTuning();
  const started = new Date().toISOString();
  console.log(
    `desk-ingest benchmark${QUICK ? ' (quick)' : ''}: node ${process.version}, ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  if (runs('ingest')) benchIngest();
  if (runs('catchup')) await benchCatchUp();
  if (runs('memory')) await benchMemory();
  printTable();
  const out = path.join(ROOT, 'bench', 'results', 'desk-ingest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    `${JSON.stringify({ bench: 'desk-ingest', started, quick: QUICK, node: process.version, cpus: os.cpus().length, loadavg: os.loadavg(), figures }, null, 2)}\n`,
  );
  console.log(`\nwrote ${path.relative(ROOT, out)}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
