/**
 * The end-of-run checks, as pure functions over what the harness collected: the
 * organisation's log as the recorder saw it, the truncations the log went through,
 * and each desk's store as `doctor` reports it. Unit-tested in checks.test.ts.
 *
 * What "the desk's stored events equal the organisation's log" means here
 * (documented in docs/chaos.md):
 *
 * 1. In order, none twice: stored seqs strictly increase and no event id repeats.
 * 2. Nothing invented: every stored event is the log's event at that seq (same id and kind).
 * 3. Nothing lost: every seq from 1 up to the desk's lastSeq that the desk does NOT hold lies
 *    in a gap a resync explains. A desk resyncs only when the seq it needs next, g, is no
 *    longer retained (or its history was replaced: a new epoch); it then loads a snapshot at
 *    some seq S — the gateway's state at S — and continues from S+1. So a gap [g .. S] is
 *    legitimate only if (a) the desk really did load a snapshot at exactly S (its own log says
 *    "snapshot applied" with seq S: after it, its state was the gateway's state at S) and
 *    (b) some cut of the log, taken no later than S (its headSeq <= S), had already dropped g
 *    (its oldestSeq > g), or the gap lies in another epoch. Cuts are the explicit truncations
 *    (exact, as the gateway answered them) and the rolling history bound: at head h the log
 *    keeps only h-history+1 .. h. Any other gap is a lost event. Rule (a) is what tells a long
 *    loss from a resync: a lost run of events that a cut happens to cover still has no
 *    snapshot ending exactly where the desk's events start again.
 * 4. Drained: lastSeq equals the log's head, same epoch, and the outbox is empty.
 * 5. The store passes PRAGMA integrity_check.
 * Per organisation: every action a desk accepted into its outbox appears exactly once in the log
 * (one event with causedBy = its idempotency key), and the recorder saw the whole log.
 */

export interface LogEntry {
  seq: number;
  id: string;
  kind: string;
  causedBy?: string;
}

export interface StoredRow {
  seq: number;
  id: string;
  kind: string;
}

/** A moment the log lost its prefix: after it, seqs below `oldestSeq` were gone; the head was `headSeq`. */
export interface Cut {
  oldestSeq: number;
  headSeq: number;
}

export interface OrgTruth {
  orgId: string;
  epoch: string;
  headSeq: number;
  /** First seq the recorder could read (events before it were trimmed before the run looked). */
  recordedFrom: number;
  log: ReadonlyMap<number, LogEntry>;
  /** The gateway's rolling history bound (events kept per organisation). */
  history: number;
  cuts: readonly Cut[];
}

export interface DoctorReport {
  epoch: string | null;
  lastSeq: number;
  events: number;
  pendingOutbox: number;
  integrity: string;
  /** doctor's hash-chain verdict ("ok" or "broken at seq N"), when it reports one. */
  chain?: string | null;
}

export interface DeskFinal {
  name: string;
  orgId: string;
  doctor: DoctorReport;
  events: readonly StoredRow[];
  /**
   * Seqs of the snapshots the desk loaded, from its own log ("snapshot applied"). When
   * given, every gap must end at one of them (rule 3a).
   */
  snapshotSeqs?: readonly number[];
  /** Epoch of each loaded snapshot, parallel to snapshotSeqs (a gap in an earlier epoch needs no cut). */
  snapshotNewEpoch?: readonly boolean[];
}

/** The snapshot seqs a desk loaded, from its JSON log lines (`snapshot applied`). */
export function snapshotsFromLog(text: string): { seqs: number[]; newEpoch: boolean[] } {
  const seqs: number[] = [];
  const newEpoch: boolean[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes('"snapshot applied"')) continue;
    try {
      const j = JSON.parse(line.slice(line.indexOf('{'))) as { msg?: string; seq?: number; newEpoch?: boolean };
      if (j.msg === 'snapshot applied' && typeof j.seq === 'number') {
        seqs.push(j.seq);
        newEpoch.push(j.newEpoch === true);
      }
    } catch {
      // Not a JSON log line.
    }
  }
  return { seqs, newEpoch };
}

export interface CheckResult {
  name: string;
  target: string;
  ok: boolean;
  detail: string;
}

const MAX_LISTED = 5;

function list(items: readonly string[]): string {
  return items.length <= MAX_LISTED ? items.join(', ') : `${items.slice(0, MAX_LISTED).join(', ')} … (+${items.length - MAX_LISTED})`;
}

/** Whether a resync explains the desk missing [first .. last] (see rule 3). */
export function gapExplained(first: number, last: number, truth: Pick<OrgTruth, 'cuts' | 'history'>): boolean {
  for (const c of truth.cuts) if (c.oldestSeq > first && c.headSeq <= last) return true;
  // Rolling bound: some head h <= last with h - history + 1 > first.
  return last - truth.history + 1 > first;
}

export interface Gap {
  first: number;
  last: number;
}

/** Seqs in 1..lastSeq the desk does not hold, as ranges. Assumes `seqs` strictly increasing. */
export function gapsOf(seqs: readonly number[], lastSeq: number): Gap[] {
  const gaps: Gap[] = [];
  let expected = 1;
  for (const s of seqs) {
    if (s > expected) gaps.push({ first: expected, last: s - 1 });
    expected = Math.max(expected, s + 1);
  }
  if (lastSeq >= expected) gaps.push({ first: expected, last: lastSeq });
  return gaps;
}

export function checkDesk(desk: DeskFinal, truth: OrgTruth): CheckResult[] {
  const results: CheckResult[] = [];
  const target = desk.name;
  const add = (name: string, ok: boolean, detail: string): void => void results.push({ name, target, ok, detail });
  const { doctor, events } = desk;

  add('integrity_check', doctor.integrity === 'ok', `PRAGMA integrity_check: ${doctor.integrity}`);
  if (doctor.chain !== undefined) add('hash chain', doctor.chain === 'ok', `doctor: chain ${String(doctor.chain)}`);

  const drainedProblems: string[] = [];
  if (doctor.epoch !== truth.epoch) drainedProblems.push(`epoch ${String(doctor.epoch)} != ${truth.epoch}`);
  if (doctor.lastSeq !== truth.headSeq) drainedProblems.push(`lastSeq ${doctor.lastSeq} != head ${truth.headSeq}`);
  if (doctor.pendingOutbox !== 0) drainedProblems.push(`${doctor.pendingOutbox} outbox item(s) pending`);
  add('drained', drainedProblems.length === 0, drainedProblems.length ? drainedProblems.join('; ') : `lastSeq = head = ${truth.headSeq}, outbox empty`);

  // 1. order and duplicates
  const orderProblems: string[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (i > 0 && e.seq <= events[i - 1].seq) orderProblems.push(`seq ${e.seq} after ${events[i - 1].seq}`);
    if (ids.has(e.id)) orderProblems.push(`event ${e.id} (seq ${e.seq}) stored twice`);
    ids.add(e.id);
  }
  add('events in order, none twice', orderProblems.length === 0, orderProblems.length ? list(orderProblems) : `${events.length} events, strictly increasing`);

  // 2. every stored event is the log's
  const mismatches: string[] = [];
  let unverifiable = 0;
  for (const e of events) {
    const l = truth.log.get(e.seq);
    if (!l) {
      unverifiable++;
      if (e.seq < truth.recordedFrom) mismatches.push(`seq ${e.seq} predates the run's log (${truth.recordedFrom})`);
      else mismatches.push(`seq ${e.seq} (${e.id}) is not in the log`);
      continue;
    }
    if (l.id !== e.id || l.kind !== e.kind) mismatches.push(`seq ${e.seq}: desk ${e.id}/${e.kind}, log ${l.id}/${l.kind}`);
  }
  if (doctor.lastSeq > truth.headSeq) mismatches.push(`lastSeq ${doctor.lastSeq} beyond the log head ${truth.headSeq}`);
  const lastStored = events.length ? events[events.length - 1].seq : 0;
  if (lastStored > doctor.lastSeq) mismatches.push(`stored seq ${lastStored} beyond lastSeq ${doctor.lastSeq}`);
  add(
    'events match the log',
    mismatches.length === 0,
    mismatches.length
      ? list(mismatches)
      : `all ${events.length} stored events equal the log at their seq${unverifiable ? ` (${unverifiable} unverifiable)` : ''}`,
  );

  // 3. every missing seq explained by a resync
  const sorted = orderProblems.length ? [...new Set(events.map((e) => e.seq))].sort((a, b) => a - b) : events.map((e) => e.seq);
  const gaps = gapsOf(sorted, doctor.lastSeq);
  const snapshots = desk.snapshotSeqs;
  const explained = (g: Gap): boolean => {
    if (snapshots === undefined) return gapExplained(g.first, g.last, truth);
    const at = snapshots.lastIndexOf(g.last);
    if (at < 0) return false; // no snapshot at the gap's end: events were lost, not resynced
    // A new epoch's snapshot replaces the whole history before it; otherwise a cut must explain why g was not resumed.
    return desk.snapshotNewEpoch?.[at] === true || gapExplained(g.first, g.last, truth);
  };
  const unexplained = gaps.filter((g) => !explained(g));
  const resyncs = gaps.length - unexplained.length;
  add(
    'nothing lost',
    unexplained.length === 0,
    unexplained.length
      ? `missing without a resync to explain it: ${list(unexplained.map((g) => (g.first === g.last ? `${g.first}` : `${g.first}..${g.last}`)))}`
      : `every seq up to ${doctor.lastSeq} held${resyncs ? `, except ${resyncs} range(s) behind a resync` : ''}`,
  );
  return results;
}

export interface QueuedAction {
  key: string;
  desk: string;
  orgId: string;
  /** When the harness queued it (ms since the epoch). */
  queuedAt?: number;
}

/**
 * Per organisation: each accepted action exactly once in the log; no key twice; the recorder saw
 * everything. `pastLogs`: the logs of earlier epochs (Redis restarts): an action whose event a
 * restart took away (acknowledged, then lost with a detected new epoch) counts as having taken
 * effect if an earlier epoch held it; within every epoch, a key appears at most once.
 */
export function checkOrg(
  truth: OrgTruth,
  actions: readonly QueuedAction[],
  keyPrefix: string,
  pastLogs: readonly ReadonlyMap<number, LogEntry>[] = [],
  /** Redis came back from an older snapshot at this time (ms): actions queued before it may be lost with it. */
  rewoundAt = 0,
): CheckResult[] {
  const results: CheckResult[] = [];
  const target = truth.orgId;
  const countKeys = (log: ReadonlyMap<number, LogEntry>): Map<string, number> => {
    const m = new Map<string, number>();
    for (const e of log.values()) if (e.causedBy !== undefined) m.set(e.causedBy, (m.get(e.causedBy) ?? 0) + 1);
    return m;
  };
  const byKey = countKeys(truth.log);
  const past = pastLogs.map(countKeys);

  const mine = actions.filter((a) => a.orgId === truth.orgId);
  const absent = mine.filter((a) => (byKey.get(a.key) ?? 0) === 0 && !past.some((p) => (p.get(a.key) ?? 0) > 0));
  // Lost with a rewind of the shared log (acknowledged, then the log went back to an older
  // snapshot, which the new epoch declared): reported, not a failure. Anything queued after the
  // last rewind must be there.
  const lostWithRewind = absent.filter((a) => a.queuedAt !== undefined && a.queuedAt < rewoundAt);
  const missing = absent.filter((a) => !lostWithRewind.includes(a)).map((a) => `${a.key} (${a.desk})`);
  const twice = [byKey, ...past].flatMap((m) => [...m.entries()].filter(([k, n]) => k.startsWith(keyPrefix) && n > 1).map(([k, n]) => `${k} ×${n}`));
  const problems = [...missing.map((m) => `no effect: ${m}`), ...twice.map((t) => `more than once: ${t}`)];
  results.push({
    name: 'actions took effect exactly once',
    target,
    ok: problems.length === 0,
    detail: problems.length
      ? list(problems)
      : `${mine.length} queued actions, each exactly one event with causedBy = its key${lostWithRewind.length ? ` (${lostWithRewind.length} queued before a Redis rewind lost with it, behind a new epoch)` : ''}`,
  });

  const holes: number[] = [];
  for (let s = truth.recordedFrom; s <= truth.headSeq; s++) if (!truth.log.has(s)) holes.push(s);
  results.push({
    name: 'log recorded in full',
    target,
    ok: holes.length === 0,
    detail: holes.length
      ? `the recorder missed ${holes.length} seq(s): ${list(holes.map(String))} (raise --history or lower the rate)`
      : `seq ${truth.recordedFrom}..${truth.headSeq} recorded`,
  });
  return results;
}
