/**
 * runChaos: one bounded chaos run on loopback (see docs/chaos.md).
 *
 *   gateway (real process, short history, short token TTL)
 *     ↑ one fault proxy per desk (cut / stall / half-open)
 *   D headless desks (`main/cli/sync.ts` processes, each with its own SQLite store)
 *   publishers (POST publish) and actions (queued into desks' outboxes)
 *   faults at seeded moments: kill -9 gateway/desks, TCP faults, token revocation, truncation
 *
 * Then: faults stop, everything restarts, the desks drain, and the checks of checks.ts run
 * on each desk's store (doctor) against the log the recorder kept.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import type { Command } from '../../shared/commands.ts';
import {
  checkDesk,
  checkOrg,
  snapshotsFromLog,
  type CheckResult,
  type Cut,
  type DeskFinal,
  type DoctorReport,
  type OrgTruth,
  type QueuedAction,
  type StoredRow,
} from './checks.ts';
import { FaultProxy } from './fault-proxy.ts';
import { GatewayApi, HttpStatusError, OrgReader } from './gateway-api.ts';
import { Enqueuer, freePort, ManagedProcess, preparePrograms, runTool } from './processes.ts';
import { Prng } from './prng.ts';
import { LogRecorder } from './recorder.ts';
import { FAULT_KINDS, planFaults, REDIS_WEIGHTS, type FaultKind, type PlannedFault } from './schedule.ts';
import { Redis } from 'ioredis';
import { startRedis, type RedisProcess } from '../helpers/redis-process.ts';

export interface ChaosOptions {
  seconds: number;
  desks: number;
  seed: number;
  /** Mean planned faults per second (default 3.5: ~200 planned in 60 s; some are skipped when they cannot apply). */
  faultsPerSecond?: number;
  weights?: Partial<Record<FaultKind, number>>;
  /** Run the deliberately broken desk build (test/chaos/broken-desk-sync.ts) instead of the real one. */
  brokenDesk?: boolean;
  /** Gateway's retained events per organisation (default 400). */
  history?: number;
  /** Access-token lifetime in seconds (default 6: desks refresh many times per run). */
  accessTtlSeconds?: number;
  /** Published events per second per organisation (default 12). */
  publishRate?: number;
  /** Queued actions per second per desk (default 1). */
  actionRate?: number;
  /** Bound on the final drain (default 90 s). */
  drainTimeoutMs?: number;
  /** Run the gateway, desks and doctor from an esbuild bundle built at the start (default true), or the sources through tsx. */
  bundle?: boolean;
  /** Keep the work directory (logs, databases) even when everything passed. */
  keepWorkDir?: boolean;
  workDir?: string;
  /** Where report lines go (default console.log). */
  out?: (line: string) => void;
  /**
   * Run the gateway on Redis (a real redis-server with AOF always, behind a fault proxy) and
   * add the Redis faults: kill -9 of Redis, the gateway cut off from Redis, Redis restarted
   * from an older snapshot.
   */
  redis?: boolean;
}

export interface FaultRecord {
  atMs: number;
  kind: FaultKind;
  target: string;
  detail: string;
  injected: boolean;
}

export interface ChaosReport {
  passed: number;
  failed: number;
  checks: CheckResult[];
  faults: FaultRecord[];
  faultCounts: Record<FaultKind, number>;
  published: number;
  actions: number;
  workDir: string;
  seconds: number;
}

interface OrgDef {
  orgId: string;
  email: string;
}

const ORGS: readonly OrgDef[] = [
  { orgId: 'demo-hotel', email: 'frontdesk@demo-hotel.test' },
  { orgId: 'harbor-inn', email: 'frontdesk@harbor-inn.test' },
];
const PASSWORD = 'demo';

/**
 * Desk timings for a run measured in seconds, not hours: a half-open socket is noticed after
 * 2.5 s of silence (the desk pings after 0.7 s of quiet, the gateway every second), and reconnect
 * backoff stays under 2 s.
 */
const DESK_TUNING = {
  heartbeatIntervalMs: 700,
  heartbeatTimeoutMs: 2500,
  backoffBaseMs: 200,
  backoffCapMs: 2000,
  stableAfterMs: 5000,
  httpTimeoutMs: 6000,
  outboxRetryBaseMs: 200,
  outboxRetryCapMs: 2000,
  externalOutboxPollMs: 300,
};

/** Least time the gateway serves between two crashes. */
const MIN_GATEWAY_UPTIME_MS = 2000;
/** How long a cut / half-open waits for the desk to have a connection to break. */
const CONNECTION_WAIT_MS = 8000;
/** How long a desk crash waits for the desk to be ingesting before it strikes anyway. */
const DESK_STREAM_WAIT_MS = 8000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Desk {
  index: number;
  name: string;
  org: OrgDef;
  dataDir: string;
  proxy: FaultProxy;
  proc: ManagedProcess;
  /** Serializes kill/restart of this desk. */
  chain: Promise<void>;
  /** Serializes the TCP faults (cut, stall, half-open) of this desk. */
  linkChain: Promise<void>;
  /** Steps queued on `chain`; the supervisor leaves a busy desk alone. */
  busy: number;
  /** Has reached catching_up or live since its last start: it is ingesting. */
  streaming: boolean;
  loggedIn: boolean;
  needsLogin: boolean;
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  // Whatever happens (a harness error, a timeout), no process, proxy or timer outlives the run.
  const undo: Array<() => unknown> = [];
  try {
    return await runChaosBody(opts, undo);
  } finally {
    for (const step of undo.reverse()) {
      try {
        await step();
      } catch {
        // best effort: keep undoing the rest
      }
    }
  }
}

async function runChaosBody(opts: ChaosOptions, undo: Array<() => unknown>): Promise<ChaosReport> {
  const out = opts.out ?? ((l: string) => console.log(l));
  const seconds = opts.seconds;
  if (!(seconds > 0) || !Number.isInteger(opts.desks) || opts.desks < 1) throw new Error('runChaos: seconds > 0 and desks >= 1 required');
  const history = opts.history ?? 400;
  const accessTtl = opts.accessTtlSeconds ?? 6;
  const publishRate = opts.publishRate ?? 12;
  const actionRate = opts.actionRate ?? 1;
  const drainTimeoutMs = opts.drainTimeoutMs ?? 90_000;
  const workDir = opts.workDir ?? mkdtempSync(join(tmpdir(), 'frontdesk-chaos-'));
  const logDir = join(workDir, 'logs');
  const serviceToken = randomBytes(24).toString('hex');
  const keyPrefix = `chaos-${opts.seed}-`;
  const orgs = ORGS.slice(0, Math.min(ORGS.length, opts.desks));
  let t0 = Date.now();
  const clock = () => ((Date.now() - t0) / 1000).toFixed(3).padStart(8);
  const say = (kind: string, text: string) => out(`[${clock()}s] ${kind.padEnd(6)} ${text}`);

  const weights = opts.redis ? { ...REDIS_WEIGHTS, ...opts.weights } : opts.weights;
  const plan = planFaults({ seed: opts.seed, seconds, desks: opts.desks, orgs: orgs.length, faultsPerSecond: opts.faultsPerSecond ?? 3.5, weights });
  const rng = new Prng(opts.seed ^ 0x5eed);
  out(
    `chaos: seed ${opts.seed}, ${seconds} s, ${opts.desks} desk(s), ${orgs.length} org(s), ${plan.length} faults planned, history ${history}, token TTL ${accessTtl} s`,
  );
  out(`chaos: work dir ${workDir}`);
  out(`chaos: programs ${(opts.bundle ?? true) ? 'bundled once with esbuild from the sources' : 'run from the TypeScript sources (tsx)'}`);

  const programs = await preparePrograms(opts.bundle ?? true, `${process.pid}-${Date.now()}`);
  if (programs.bundleDir) {
    const dir = programs.bundleDir;
    undo.push(() => rmSync(dir, { recursive: true, force: true }));
  }
  doctorScript = programs.doctor;

  // ------------------------------------------------------------------ redis (--redis)
  const redisDir = join(workDir, 'redis');
  let redis: RedisProcess | null = null;
  let redisProxy: FaultProxy | null = null;
  const redisArgs: string[] = [];
  if (opts.redis) {
    mkdirSync(redisDir, { recursive: true });
    redis = await startRedis({ dir: redisDir, persistence: 'aof-always' });
    redisProxy = new FaultProxy({ targetPort: redis.port });
    const proxyPort = await redisProxy.start();
    const p = redisProxy;
    undo.push(() => p.stop());
    undo.push(() => redis?.stop());
    redisArgs.push('--redis', `redis://127.0.0.1:${proxyPort}`, '--redis-durability', 'aof-always');
    out(`chaos: Redis on :${redis.port} (AOF always) behind a fault proxy on :${proxyPort}`);
  }

  // ------------------------------------------------------------------ gateway
  const gatewayPort = await freePort();
  const gateway = new ManagedProcess({
    name: 'gateway',
    script: programs.gateway,
    args: [
      '--port',
      String(gatewayPort),
      '--data-dir',
      join(workDir, 'gateway'),
      '--demo',
      '--history',
      String(history),
      '--access-ttl',
      String(accessTtl),
      '--heartbeat-ms',
      '1000',
      '--log-level',
      'warn',
      ...redisArgs,
    ],
    env: { FRONTDESK_SERVICE_TOKEN: serviceToken },
    logDir,
  });
  let gatewayReady: Promise<void> = Promise.resolve();
  let gatewayUpSince = 0;
  const startGateway = async (): Promise<void> => {
    gateway.start();
    await gateway.waitForLine(/gateway listening on (http:\/\/\S+)/, 60_000);
    gatewayUpSince = Date.now();
  };
  gatewayReady = startGateway();
  await gatewayReady;
  const api = new GatewayApi(`http://127.0.0.1:${gatewayPort}`, serviceToken);

  const readers = orgs.map((o) => new OrgReader(api, o.orgId, o.email, PASSWORD));
  const recorders = readers.map((r) => new LogRecorder(r));
  for (const r of recorders) await r.catchUp();
  for (const r of recorders) r.start();
  undo.push(() => recorders.forEach((r) => r.stop()));
  const cuts: Cut[][] = orgs.map(() => []);
  // A new epoch (Redis restarted) is another history: the truncations of the old one do not apply.
  recorders.forEach((r, i) => {
    r.onNewEpoch = () => {
      cuts[i] = [];
      say('info', `${orgs[i].orgId}: log epoch changed to ${r.epoch}`);
    };
  });
  // Redis: an "older snapshot" to rewind to, refreshed every few seconds (SAVE + copy).
  let savedAt = 0;
  const savepoint = async (): Promise<void> => {
    if (!redis) return;
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    admin.on('error', () => undefined);
    try {
      await admin.connect();
      await admin.save();
      copyFileSync(join(redisDir, 'dump.rdb'), join(redisDir, 'older.rdb'));
      savedAt = Date.now();
    } catch {
      // Redis is down right now: the next savepoint will do.
    } finally {
      admin.disconnect();
    }
  };
  await savepoint();
  const savepointTimer = opts.redis ? setInterval(() => void savepoint(), 3000) : null;
  if (savepointTimer) undo.push(() => clearInterval(savepointTimer));
  let redisBusy = false;
  /** When Redis last came back from an older snapshot: actions queued before may have been lost with it (a new epoch says so). */
  let lastRewindAt = 0;

  // ------------------------------------------------------------------ desks
  const desks: Desk[] = [];
  for (let i = 0; i < opts.desks; i++) {
    const org = orgs[i % orgs.length];
    const proxy = new FaultProxy({ targetPort: gatewayPort });
    await proxy.start();
    undo.push(() => proxy.stop());
    const dataDir = join(workDir, `desk-${i}`);
    const proc = new ManagedProcess({
      name: `desk-${i}`,
      script: opts.brokenDesk ? programs.brokenSync : programs.sync,
      args: ['--server', proxy.url, '--data-dir', dataDir, '--email', org.email, '--tuning', JSON.stringify(DESK_TUNING)],
      env: { FRONTDESK_LOG_LEVEL: 'info', FRONTDESK_PASSWORD: PASSWORD },
      logDir,
    });
    const desk: Desk = {
      index: i,
      name: `desk-${i}`,
      org,
      dataDir,
      proxy,
      proc,
      chain: Promise.resolve(),
      linkChain: Promise.resolve(),
      busy: 0,
      streaming: false,
      loggedIn: false,
      needsLogin: false,
    };
    proc.onLine((line) => {
      if (line.includes('"msg":"connection catching_up"') || line.includes('"msg":"connection live"')) desk.streaming = true;
      if (line.includes('"msg":"logged in"')) desk.loggedIn = true;
      if (line.includes('"msg":"connection needs_login"')) desk.needsLogin = true;
    });
    desks.push(desk);
    undo.push(() => proc.close());
    proc.start();
  }
  await waitFor(
    () => desks.every((d) => d.loggedIn),
    60_000,
    () =>
      `desks not logged in: ${desks
        .filter((d) => !d.loggedIn)
        .map((d) => `${d.name}:\n${d.proc.lastLines(5)}`)
        .join('\n')}`,
  );
  say(
    'info',
    `gateway on :${gatewayPort}; desks ${desks.map((d) => `${d.name}(${d.org.orgId}) via :${d.proxy.port}`).join(', ')}; setup took ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  // The fault plan's clock starts now, after setup, however long a loaded machine took to start processes.
  t0 = Date.now();
  // The proxies live in this process: if its event loop stalls, every desk stalls. Watch it.
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  // How much of the window each desk had a working connection: the TCP faults can only hit then.
  const connectedSamples = desks.map(() => 0);
  let samples = 0;
  const sampler = setInterval(() => {
    samples++;
    desks.forEach((d, i) => {
      if (d.proxy.connections().some((c) => c.mode !== 'half-open')) connectedSamples[i]++;
    });
  }, 100);
  undo.push(() => clearInterval(sampler));

  /** Kill/restart steps of one desk run one after another (a fault, a re-login, the supervisor). */
  const onDesk = (desk: Desk, step: () => Promise<void>): Promise<void> => {
    desk.busy++;
    desk.chain = desk.chain.then(step).finally(() => desk.busy--);
    return desk.chain;
  };
  const restartDesk = (desk: Desk, downMs: number, why: string): Promise<void> =>
    onDesk(desk, async () => {
      await desk.proc.kill9();
      await sleep(downMs);
      desk.needsLogin = false;
      desk.streaming = false;
      desk.proc.start();
      if (why) say('info', `${desk.name} restarted (${why})`);
    });
  let relogins = 0;
  let supervised = 0;
  let supervising = true;
  // Stands in for the receptionist and the OS service manager: logs in again after a revocation,
  // and starts the sync process again if it exits by itself (e.g. its first login found no gateway).
  const supervisor = setInterval(() => {
    if (!supervising) return;
    for (const d of desks) {
      if (d.busy > 0) continue;
      if (d.needsLogin && d.proc.running) {
        relogins++;
        void restartDesk(d, 100, 'needs login: logging in again');
      } else if (!d.proc.running) {
        supervised++;
        void restartDesk(d, 100, `it exited by itself (${JSON.stringify(d.proc.lastExit)})`);
      }
    }
  }, 250);
  undo.push(() => clearInterval(supervisor));

  // ------------------------------------------------------------------ workload
  let stopping = false;
  undo.push(() => (stopping = true));
  let published = 0;
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };

  /** Publishes with one idempotency key, retrying the same key until it lands (or the bound passes). */
  const publishOnce = async (orgId: string, service: string, kind: string, data: unknown, key: string, boundMs = 60_000): Promise<{ seq: number }> => {
    const until = Date.now() + boundMs;
    for (;;) {
      try {
        await gatewayReady;
        const r = await api.publish(orgId, service, kind, data, key);
        published++;
        return r;
      } catch (err) {
        if (Date.now() > until) throw new Error(`publish ${key} did not land within ${boundMs} ms: ${(err as Error).message}`);
        await sleep(150);
      }
    }
  };

  const publisherLoop = async (org: OrgDef, index: number): Promise<void> => {
    const prng = rng.fork();
    let n = 0;
    let open = 0;
    // Paced, not awaited one by one: a slow or restarting gateway delays events, it does not thin them out.
    while (!stopping) {
      if (open < 8) {
        n++;
        const big = prng.int(0, 19) === 0;
        const data = { n, org: org.orgId, note: big ? 'x'.repeat(prng.int(2000, 12000)) : `ping ${n}` };
        open++;
        // Kinds the desk does not know: stored, counted in lastSeq, shown generically.
        void track(publishOnce(org.orgId, 'chaos', prng.pick(['chaos.ping', 'chaos.note', 'chaos.metric']), data, `${keyPrefix}pub-${index}-${n}`))
          .catch((err: Error) => say('warn', err.message))
          .finally(() => open--);
      }
      await sleep(1000 / publishRate);
    }
  };

  const actions: QueuedAction[] = [];
  const enqueuer = new Enqueuer();
  undo.push(() => enqueuer.close());
  const actionLoop = async (desk: Desk): Promise<void> => {
    const prng = rng.fork();
    let n = 0;
    while (!stopping) {
      await sleep(prng.int(0, Math.round(2000 / actionRate)));
      if (stopping) break;
      n++;
      const key = `${keyPrefix}act-${desk.index}-${n}`;
      const target = `${keyPrefix}${desk.index}-${n}`;
      // Each action gets its own target, created first by a publisher, so its effect is unambiguous.
      let command: Command;
      try {
        if (prng.int(0, 1) === 0) {
          const task = {
            id: `t-${target}`,
            kind: 'housekeeping',
            title: `chaos task ${n} of ${desk.name}`,
            roomId: null,
            status: 'open',
            priority: 'normal',
            createdAt: new Date().toISOString(),
            completedAt: null,
          };
          await track(publishOnce(desk.org.orgId, 'housekeeping', 'task.created', { task }, `${key}-setup`));
          command = { type: 'complete_task', taskId: task.id };
        } else {
          const room = { id: `r-${target}`, number: `C${desk.index}-${n}`, floor: 9, type: 'double', status: 'vacant_clean' };
          await track(publishOnce(desk.org.orgId, 'housekeeping', 'room.created', { room }, `${key}-setup`));
          command = { type: 'set_room_status', roomId: room.id, status: 'vacant_dirty' };
        }
      } catch (err) {
        say('warn', `action ${key}: setup failed: ${(err as Error).message}`);
        continue;
      }
      // Queue into the desk's outbox the way an offline action is stored (the desk may be down).
      // A timed-out request may still have committed: it is retried with the same key, and a
      // UNIQUE violation then means "already queued".
      for (let attempt = 1; ; attempt++) {
        const r = await enqueuer.enqueue(desk.dataDir, command, key, 'chaos harness');
        if (r.ok || /UNIQUE|constraint/i.test(r.error ?? '')) {
          actions.push({ key, desk: desk.name, orgId: desk.org.orgId, queuedAt: Date.now() });
          break;
        }
        if (attempt >= 20) {
          // Not counted as queued; if it did commit, checkOrg still sees its key at most once.
          say('warn', `action ${key}: could not queue: ${r.error}`);
          break;
        }
        await sleep(100);
      }
    }
  };

  const loops = [...orgs.map((o, i) => publisherLoop(o, i)), ...desks.map((d) => actionLoop(d))];

  // ------------------------------------------------------------------ faults
  const faults: FaultRecord[] = [];
  const faultCounts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  let gatewayChain: Promise<void> = Promise.resolve();
  let gatewayBusy = false;
  let windowOver = false;

  const onLink = (d: Desk, step: () => Promise<void>): Promise<void> => {
    d.linkChain = d.linkChain.then(step).catch((err: Error) => say('error', `${d.name}: ${err.message}`));
    return d.linkChain;
  };

  const hasConnection = async (d: Desk): Promise<boolean> => {
    const until = Date.now() + CONNECTION_WAIT_MS;
    // A connection already made silent does not count: breaking it again would be a no-op.
    while (!d.proxy.connections().some((c) => c.mode !== 'half-open')) {
      if (Date.now() > until || windowOver) return false;
      await sleep(50);
    }
    return true;
  };

  /** Runs an admin call once the gateway is up, retrying across a concurrent gateway kill. */
  const withGateway = async <T>(fn: () => Promise<T>): Promise<T> => {
    const until = Date.now() + 30_000;
    for (;;) {
      await gatewayReady.catch(() => undefined);
      try {
        return await fn();
      } catch (err) {
        if (Date.now() > until) throw err;
        await sleep(200);
      }
    }
  };

  const inject = async (f: PlannedFault): Promise<void> => {
    const rec = (target: string, detail: string, injected = true): void => {
      faults.push({ atMs: Date.now() - t0, kind: f.kind, target, detail, injected });
      if (injected) faultCounts[f.kind]++;
      say(injected ? 'fault' : 'skip', `${f.kind.padEnd(12)} ${target.padEnd(10)} ${detail}`);
    };
    switch (f.kind) {
      case 'gateway-kill': {
        // A crash due while the previous one is still being recovered from would only queue up
        // behind it and stretch the run: it is skipped (and reported) instead.
        if (gatewayBusy) return rec('gateway', 'kill -9: still recovering from the previous crash', false);
        gatewayBusy = true;
        gatewayChain = gatewayChain
          .then(async () => {
            await gatewayReady.catch(() => undefined);
            // Let it serve a while between crashes: a gateway that is never up tests nothing.
            const upFor = Date.now() - gatewayUpSince;
            if (upFor < MIN_GATEWAY_UPTIME_MS) await sleep(MIN_GATEWAY_UPTIME_MS - upFor);
            let markUp!: () => void;
            let markFailed!: (err: Error) => void;
            // Replace the readiness promise BEFORE the kill, so no caller sees a stale "ready".
            gatewayReady = new Promise<void>((res, rej) => {
              markUp = res;
              markFailed = rej;
            });
            await gateway.kill9();
            rec('gateway', `kill -9, restart after ${f.param} ms`);
            await sleep(f.param);
            const down = Date.now();
            await startGateway().then(
              () => {
                markUp();
                say('info', `gateway back after ${((Date.now() - down) / 1000).toFixed(1)} s`);
              },
              (err: Error) => {
                say('error', `gateway restart failed: ${err.message}`);
                markFailed(err);
              },
            );
          })
          .finally(() => {
            gatewayBusy = false;
          });
        await gatewayChain;
        return;
      }
      case 'desk-kill': {
        const d = desks[f.target];
        if (d.busy > 0) return rec(d.name, 'kill -9: still restarting', false);
        await onDesk(d, async () => {
          // Crash it while it ingests (catching up or live), not while it is still starting:
          // that is where a wrongly ordered commit loses events.
          const until = Date.now() + DESK_STREAM_WAIT_MS;
          while (!d.streaming && !d.needsLogin && d.proc.running && Date.now() < until && !windowOver) await sleep(25);
          if (!d.proc.running) return rec(d.name, 'kill -9: not running', false);
          // A desk waiting for a login is the supervisor's to restart; crashing it proves nothing new.
          if (d.needsLogin) return rec(d.name, 'kill -9: it needs a login (the supervisor restarts it)', false);
          // Some time into its ingest (drawn from the seed), so crashes land at varied points.
          if (d.streaming && f.delayMs > 0) await sleep(f.delayMs);
          if (!d.proc.running) return rec(d.name, 'kill -9: it exited meanwhile', false);
          await d.proc.kill9();
          rec(d.name, `kill -9${d.streaming ? ' while streaming' : ' while starting'}, restart after ${f.param} ms`);
          await sleep(f.param);
          d.needsLogin = false;
          d.streaming = false;
          d.proc.start();
        });
        return;
      }
      // TCP faults of one desk take turns: each waits for a connection the previous one left
      // standing (or the desk's next one), instead of several piling onto the same socket.
      case 'redis-kill':
      case 'redis-rewind': {
        if (!redis) return rec('redis', 'no Redis in this run', false);
        if (redisBusy) return rec('redis', 'still recovering from the previous Redis fault', false);
        const rewind = f.kind === 'redis-rewind';
        if (rewind && !existsSync(join(redisDir, 'older.rdb'))) return rec('redis', 'no older snapshot yet', false);
        redisBusy = true;
        try {
          const age = ((Date.now() - savedAt) / 1000).toFixed(1);
          process.kill(redis.pid, 'SIGKILL');
          await redis.stop();
          rec(
            'redis',
            rewind
              ? `kill -9, restart from a snapshot ${age} s old (acknowledged events lost), after ${f.param} ms`
              : `kill -9, restart from its AOF after ${f.param} ms`,
          );
          await sleep(f.param);
          if (rewind) {
            rmSync(join(redisDir, 'appendonlydir'), { recursive: true, force: true });
            copyFileSync(join(redisDir, 'older.rdb'), join(redisDir, 'dump.rdb'));
            redis = await startRedis({ port: redis.port, dir: redisDir, persistence: 'none' });
            lastRewindAt = Date.now();
            // Back to AOF always from the loaded data (the rewrite writes a fresh AOF).
            const admin = new Redis(redis.url);
            admin.on('error', () => undefined);
            await admin.config('SET', 'appendonly', 'yes');
            await admin.config('SET', 'appendfsync', 'always');
            for (let i = 0; i < 100 && /aof_rewrite_in_progress:1|aof_rewrite_scheduled:1/.test((await admin.info('persistence')) as string); i++)
              await sleep(50);
            admin.disconnect();
          } else {
            redis = await startRedis({ port: redis.port, dir: redisDir, persistence: 'aof-always' });
          }
        } finally {
          redisBusy = false;
        }
        return;
      }
      case 'redis-partition': {
        if (!redisProxy) return rec('redis', 'no Redis in this run', false);
        redisProxy.stall(f.param);
        rec('gateway', `cut off from Redis for ${f.param} ms (its Redis connections stalled)`);
        return;
      }
      case 'cut': {
        const d = desks[f.target];
        return onLink(d, async () => {
          if (!(await hasConnection(d))) return rec(d.name, 'TCP cut: no connection to cut', false);
          const n = d.proxy.cut();
          rec(d.name, `TCP cut (${n} connection${n === 1 ? '' : 's'})`);
        });
      }
      case 'stall': {
        const d = desks[f.target];
        return onLink(d, async () => {
          if (!(await hasConnection(d))) return rec(d.name, 'TCP stall: no connection to stall', false);
          d.proxy.stall(f.param);
          rec(d.name, `TCP stall ${f.param} ms (${d.proxy.connections().length} open + new ones)`);
        });
      }
      case 'half-open': {
        const d = desks[f.target];
        return onLink(d, async () => {
          if (!(await hasConnection(d))) return rec(d.name, 'TCP half-open: no connection to break', false);
          const conns = d.proxy.connections().filter((c) => c.mode !== 'half-open');
          for (const c of conns) d.proxy.halfOpen(c.id);
          rec(d.name, `TCP half-open on ${conns.length} connection(s): silent, never closed`);
        });
      }
      case 'token-expire': {
        const org = orgs[f.target];
        const reader = readers[f.target];
        try {
          await withGateway(async () => {
            if (!reader.userId) await reader.events(0, 1);
            if (!reader.userId) throw new Error('user id unknown');
            await api.revoke(reader.userId);
          });
          rec(org.orgId, `revoked every token of ${reader.userId}`);
        } catch (err) {
          rec(org.orgId, `revoke failed: ${(err as Error).message}`, false);
        }
        return;
      }
      case 'truncate': {
        const org = orgs[f.target];
        const recorder = recorders[f.target];
        const until = Date.now() + 30_000;
        for (;;) {
          await gatewayReady.catch(() => undefined);
          let headBefore: number;
          try {
            // The recorder reads everything first, so the end checks can still see what is cut.
            await recorder.catchUp();
            headBefore = recorder.headSeq;
          } catch {
            if (Date.now() > until) return rec(org.orgId, 'truncate: gateway unreachable', false);
            await sleep(200);
            continue;
          }
          try {
            const info = await api.truncate(org.orgId, f.param);
            cuts[f.target].push({ oldestSeq: info.oldestSeq, headSeq: info.headSeq });
            return rec(org.orgId, `history truncated to the last ${f.param} (oldest ${info.oldestSeq}, head ${info.headSeq})`);
          } catch (err) {
            if (err instanceof HttpStatusError) return rec(org.orgId, `truncate refused: ${err.message}`, false);
            // No answer (the gateway died mid-request): the cut may have happened, at a head between
            // the one read before and the one read after. Record the cut that could explain the
            // fewest gaps (lowest oldest, highest head), so the checks never excuse a real loss.
            await gatewayReady.catch(() => undefined);
            await recorder.catchUp().catch(() => undefined);
            cuts[f.target].push({ oldestSeq: Math.max(1, headBefore - f.param + 1), headSeq: recorder.headSeq });
            if (Date.now() > until) return rec(org.orgId, `truncate: no answer (${(err as Error).message})`, false);
            await sleep(200);
          }
        }
      }
    }
  };

  const pendingFaults: Promise<void>[] = [];
  for (const f of plan) {
    const wait = f.atMs - (Date.now() - t0);
    if (wait > 0) await sleep(wait);
    pendingFaults.push(inject(f).catch((err: Error) => say('error', `${f.kind}: ${err.message}`)));
  }
  const remaining = seconds * 1000 - (Date.now() - t0);
  if (remaining > 0) await sleep(remaining);
  // Faults still waiting for their moment (a connection to break, a desk to crash) are dropped.
  windowOver = true;
  await Promise.all(pendingFaults);

  // ------------------------------------------------------------------ stop faults, drain
  loopDelay.disable();
  clearInterval(sampler);
  say(
    'info',
    `time with a connection through the proxy: ${desks.map((d, i) => `${d.name} ${Math.round((100 * connectedSamples[i]) / Math.max(1, samples))}%`).join(', ')}`,
  );
  say('info', `harness event loop: max delay ${(loopDelay.max / 1e6).toFixed(0)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms`);
  say('info', `fault window over: ${faults.filter((f) => f.injected).length} faults injected (${FAULT_KINDS.map((k) => `${k} ${faultCounts[k]}`).join(', ')})`);
  stopping = true;
  for (const d of desks) d.proxy.pass();
  redisProxy?.pass();
  while (redisBusy) await sleep(50);
  await gatewayChain;
  await gatewayReady;
  // Half-open sockets stay as they are: the desks must notice them by heartbeat, drain or not.
  await Promise.all(loops);
  await Promise.allSettled([...inFlight]);
  for (const d of desks) {
    await d.chain;
    if (!d.proc.running) {
      d.proc.start();
      say('info', `${d.name} was not running: started for the drain`);
    }
  }
  say(
    'info',
    `workload stopped: ${published} events published, ${actions.length} actions queued, ${relogins} re-login(s), ${supervised} supervisor restart(s); draining`,
  );

  const drainStart = Date.now();
  let drained = false;
  let lastProgress = '';
  while (Date.now() - drainStart < drainTimeoutMs) {
    try {
      await Promise.all(recorders.map((r) => r.catchUp()));
    } catch {
      await sleep(500);
      continue;
    }
    const reports = await Promise.all(desks.map((d) => doctorJson(d.dataDir).catch(() => null)));
    const states = desks.map((d, i) => {
      const r = reports[i];
      const head = recorders[orgs.indexOf(d.org)].headSeq;
      return { d, r, head, done: r !== null && r.lastSeq === head && r.pendingOutbox === 0 };
    });
    lastProgress = states.map((s) => `${s.d.name} ${s.r ? `${s.r.lastSeq}/${s.head} outbox ${s.r.pendingOutbox}` : 'unreadable'}`).join('; ');
    if (states.every((s) => s.done)) {
      drained = true;
      break;
    }
    await sleep(1000);
  }
  supervising = false;
  clearInterval(supervisor);
  say('info', drained ? `drained in ${((Date.now() - drainStart) / 1000).toFixed(1)} s` : `NOT drained after ${drainTimeoutMs / 1000} s: ${lastProgress}`);

  // ------------------------------------------------------------------ collect and check
  for (const d of desks) await d.proc.stop();
  for (const r of recorders) r.stop();
  await Promise.all(recorders.map((r) => r.catchUp()));
  const checks: CheckResult[] = [];
  const report = (c: CheckResult) => {
    checks.push(c);
    out(`${c.ok ? 'PASS' : 'FAIL'}  ${c.target.padEnd(10)} ${c.name}: ${c.detail}`);
  };
  const truths: OrgTruth[] = orgs.map((o, i) => ({
    orgId: o.orgId,
    epoch: recorders[i].epoch,
    headSeq: recorders[i].headSeq,
    recordedFrom: recorders[i].recordedFrom ?? 1,
    log: recorders[i].log,
    history,
    cuts: cuts[i],
  }));
  for (const d of desks) {
    const truth = truths[orgs.indexOf(d.org)];
    let final: DeskFinal;
    try {
      const snapshots = snapshotsFromLog(readFileSync(join(logDir, `${d.name}.log`), 'utf8'));
      final = {
        name: d.name,
        orgId: d.org.orgId,
        doctor: await doctorJson(d.dataDir),
        events: await exportEvents(d.dataDir),
        snapshotSeqs: snapshots.seqs,
        snapshotNewEpoch: snapshots.newEpoch,
      };
    } catch (err) {
      report({ name: 'doctor', target: d.name, ok: false, detail: (err as Error).message });
      continue;
    }
    for (const c of checkDesk(final, truth)) report(c);
  }
  truths.forEach((t, i) => {
    for (const c of checkOrg(
      t,
      actions,
      keyPrefix,
      recorders[i].pastEpochs.map((p) => p.log),
      lastRewindAt,
    ))
      report(c);
  });
  // The run only proves something about the faults it actually injected: every kind in the plan
  // must have happened at least once (a kind can be skipped, e.g. no connection to cut).
  const plannedKinds = FAULT_KINDS.filter((k) => plan.some((f) => f.kind === k));
  const missedKinds = plannedKinds.filter((k) => faultCounts[k] === 0);
  const injectedCount = faults.filter((f) => f.injected).length;
  report({
    name: 'faults injected',
    target: 'run',
    ok: missedKinds.length === 0,
    detail: `${injectedCount} injected, ${faults.length - injectedCount} skipped; ${FAULT_KINDS.map((k) => `${k} ${faultCounts[k]}`).join(', ')}${missedKinds.length ? `; planned but never injected: ${missedKinds.join(', ')}` : ''}`,
  });

  // ------------------------------------------------------------------ teardown (the rest: `undo`)
  await gateway.stop();
  const passed = checks.filter((c) => c.ok).length;
  const failed = checks.length - passed;
  if (failed === 0 && !opts.keepWorkDir && !opts.workDir && existsSync(workDir)) rmSync(workDir, { recursive: true, force: true });
  else out(`chaos: logs and databases kept in ${workDir}`);
  out(`${passed} passed, ${failed} failed`);
  return { passed, failed, checks, faults, faultCounts, published, actions: actions.length, workDir, seconds };
}

async function waitFor(cond: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out: ${describe()}`);
    await sleep(100);
  }
}

/** The doctor program of the current run (a bundle, or the source). */
let doctorScript = 'main/cli/doctor.ts';

export async function doctorJson(dataDir: string): Promise<DoctorReport> {
  const r = await runTool(doctorScript, ['--data-dir', dataDir, '--json']);
  if (r.code !== 0 && !r.stdout.trim()) throw new Error(`doctor --json exited ${r.code}: ${r.stderr.slice(0, 500)}`);
  const j = JSON.parse(r.stdout) as DoctorReport;
  return { epoch: j.epoch, lastSeq: j.lastSeq, events: j.events, pendingOutbox: j.pendingOutbox, integrity: j.integrity, chain: j.chain ?? null };
}

export async function exportEvents(dataDir: string): Promise<StoredRow[]> {
  const r = await runTool(doctorScript, ['--data-dir', dataDir, '--export-events'], 60_000);
  if (r.code !== 0) throw new Error(`doctor --export-events exited ${r.code}: ${r.stderr.slice(0, 500)}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const e = JSON.parse(l) as StoredRow;
      return { seq: e.seq, id: e.id, kind: e.kind };
    });
}
