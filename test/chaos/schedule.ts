/**
 * The fault plan of a run, drawn entirely from the seed before the run starts: when
 * each fault happens, what kind it is, which desk it hits and its parameters. The
 * same seed always gives the same plan (printed at the start), so a failing run can
 * be replayed; only the system's own timing differs between runs.
 */
import { Prng } from './prng.ts';

export const FAULT_KINDS = [
  'gateway-kill',
  'desk-kill',
  'cut',
  'stall',
  'half-open',
  'token-expire',
  'truncate',
  'redis-kill',
  'redis-partition',
  'redis-rewind',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface PlannedFault {
  /** Milliseconds from the start of the run. */
  atMs: number;
  kind: FaultKind;
  /** Desk index for desk-side faults; org index for token-expire and truncate; 0 for the gateway. */
  target: number;
  /** stall: duration ms; truncate: keepLast; gateway-kill / desk-kill: downtime ms before restart. */
  param: number;
  /** desk-kill: how long after the desk starts ingesting it is killed (ms); 0 otherwise. */
  delayMs: number;
}

/** Relative frequencies. Restarts are costly (a process start each), so they are rarer. */
export const DEFAULT_WEIGHTS: Readonly<Record<FaultKind, number>> = {
  // Faults that restart a process (or force a re-login) take a desk off the air for seconds;
  // keep them rarer so the desks spend most of the run connected, where the TCP faults bite.
  'gateway-kill': 0.04,
  'desk-kill': 0.12,
  'token-expire': 0.04,
  cut: 0.26,
  stall: 0.2,
  'half-open': 0.1,
  truncate: 0.24,
  // Redis faults: only with --redis (REDIS_WEIGHTS).
  'redis-kill': 0,
  'redis-partition': 0,
  'redis-rewind': 0,
};

/**
 * With --redis: kill -9 of Redis (restart from its AOF: nothing acknowledged lost, but a new
 * run: new epoch), the gateway cut off from Redis for 1-4 s (a stall of its connections), and
 * Redis restarted from an older snapshot (acknowledged events lost: new epoch, seqs reused).
 */
export const REDIS_WEIGHTS: Readonly<Partial<Record<FaultKind, number>>> = {
  'redis-kill': 0.04,
  'redis-partition': 0.08,
  'redis-rewind': 0.03,
};

export interface PlanOptions {
  seed: number;
  seconds: number;
  desks: number;
  orgs: number;
  /** Mean faults per second over the fault window. */
  faultsPerSecond: number;
  weights?: Partial<Record<FaultKind, number>>;
  /** No faults in the first and last `quietMs` (startup, and the last moments before draining). */
  quietMs?: number;
}

export function planFaults(opts: PlanOptions): PlannedFault[] {
  const rng = new Prng(opts.seed);
  const weights = { ...DEFAULT_WEIGHTS, ...opts.weights };
  const entries = FAULT_KINDS.filter((k) => weights[k] > 0).map((k) => [k, weights[k]] as const);
  const quiet = opts.quietMs ?? 1000;
  const start = quiet;
  const end = Math.max(start, opts.seconds * 1000 - quiet);
  const count = Math.max(1, Math.round(((end - start) / 1000) * opts.faultsPerSecond));
  // Evenly spread with jitter: every stretch of the run sees faults, never a long lull.
  const slot = (end - start) / count;
  const plan: PlannedFault[] = [];
  for (let i = 0; i < count; i++) {
    const atMs = Math.round(start + slot * i + rng.float() * slot);
    const kind = rng.weighted(entries);
    let target = 0;
    let param = 0;
    let delayMs = 0;
    switch (kind) {
      case 'gateway-kill':
        param = rng.int(0, 800);
        break;
      case 'desk-kill':
        target = rng.int(0, opts.desks - 1);
        param = rng.int(0, 1500);
        delayMs = rng.int(0, 2500);
        break;
      case 'cut':
      case 'half-open':
        target = rng.int(0, opts.desks - 1);
        break;
      case 'stall':
        target = rng.int(0, opts.desks - 1);
        param = rng.int(200, 3000);
        break;
      case 'token-expire':
        target = rng.int(0, opts.orgs - 1);
        break;
      case 'truncate':
        target = rng.int(0, opts.orgs - 1);
        param = rng.int(1, 40);
        break;
      case 'redis-kill':
      case 'redis-rewind':
        param = rng.int(0, 500);
        break;
      case 'redis-partition':
        param = rng.int(1000, 4000);
        break;
    }
    plan.push({ atMs, kind, target, param, delayMs });
  }
  return plan;
}
