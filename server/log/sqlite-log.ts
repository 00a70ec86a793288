/**
 * The embedded event log: SQLite for durability, plus the per-organisation
 * projection kept in memory (hotels are small) and persisted in the same
 * transaction as the append, so a restart resumes exactly where it stopped.
 *
 * Everything here is synchronous under the hood (better-sqlite3); the async
 * EventLog surface only matches the Redis implementation. Subscribers are
 * notified synchronously right after each commit, in seq order.
 */
import { randomUUID } from 'node:crypto';
import type { Command } from '../../shared/commands.ts';
import type { EntityType } from '../../shared/domain.ts';
import { applyEvent, emptyState, getEntity, stateToJson, type HotelState } from '../../shared/projection.ts';
import { GENESIS_HASH } from '../../shared/chain.ts';
import { commandHash } from '../commands/command-hash.ts';
import type { EventStore, OrgRow } from '../store/event-store.ts';
import { eventHash } from './chain.ts';
import { decodeOutcome, encodeOutcome, newEpoch, planAppend } from './common.ts';
import {
  eventJson,
  type Actor,
  type AppendInput,
  type CommandOutcome,
  type EventLog,
  type LogHealth,
  type LogEvent,
  type LogInfo,
  type PublishResult,
  type Snapshot,
  type Subscription,
  type SubscriptionListener,
} from './types.ts';

interface OrgLog {
  row: OrgRow;
  state: HotelState;
  listeners: Set<SubscriptionListener>;
}

export class SqliteEventLog implements EventLog {
  readonly mode = 'sqlite' as const;
  private readonly orgs = new Map<string, OrgLog>();
  private readonly trimSlack: number;
  private readonly publishQueue: {
    orgId: string;
    input: AppendInput;
    idempotencyKey?: string;
    resolve: (r: PublishResult) => void;
    reject: (err: unknown) => void;
  }[] = [];

  constructor(
    private readonly store: EventStore,
    /** Retained events per organisation. */
    private readonly history: number,
  ) {
    this.trimSlack = Math.min(1000, Math.floor(history / 100));
    for (const row of store.allOrgs()) {
      this.orgs.set(row.org_id, { row, state: this.storedState(row.org_id), listeners: new Set() });
    }
  }

  private readonly started = new Date().toISOString();

  /** The embedded log is the process's own file: it is there whenever the gateway is. */
  health(): LogHealth {
    return { ok: true, reason: null, since: this.started };
  }

  onHealth(): void {
    // Never changes.
  }

  private org(orgId: string): OrgLog {
    let org = this.orgs.get(orgId);
    if (!org) {
      const row = this.store.transaction(() => this.store.org(orgId) ?? this.store.insertOrg(orgId, newEpoch(), new Date().toISOString()));
      org = { row, state: emptyState(), listeners: new Set() };
      this.orgs.set(orgId, org);
    }
    return org;
  }

  private infoOf(org: OrgLog): LogInfo {
    return { orgId: org.row.org_id, epoch: org.row.epoch, headSeq: org.row.head_seq, oldestSeq: org.row.oldest_seq };
  }

  async info(orgId: string): Promise<LogInfo> {
    return this.infoOf(this.org(orgId));
  }

  /** Synchronous read, for the embedded fast path. */
  readSync(orgId: string, afterSeq: number, limit: number, uptoSeq = Number.MAX_SAFE_INTEGER): LogEvent[] {
    const rows = this.store.readEvents(orgId, afterSeq, uptoSeq, limit);
    // An embedded log's epoch never changes, so every chained event was appended under it.
    const epoch = this.orgs.get(orgId)?.row.epoch ?? '';
    const out: LogEvent[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const chain = r.hash !== null && r.prev_hash !== null ? { epoch, prevHash: r.prev_hash, hash: r.hash } : null;
      out[i] = { seq: r.seq, service: r.service, json: eventJson(r.seq, r.id, orgId, r.service, r.kind, r.at, r.data, r.caused_by, chain) };
    }
    return out;
  }

  async read(orgId: string, afterSeq: number, limit: number, uptoSeq?: number): Promise<LogEvent[]> {
    return this.readSync(orgId, afterSeq, limit, uptoSeq);
  }

  /**
   * Appends inside the caller's transaction: assigns seqs, writes rows, applies
   * the projection (memory and entities table), trims history. Returns the new events.
   */
  private appendInTx(org: OrgLog, inputs: AppendInput[]): { events: LogEvent[]; ids: string[] } {
    const orgId = org.row.org_id;
    let head = org.row.head_seq;
    let oldest = org.row.oldest_seq;
    let tip = org.row.tip_hash ?? GENESIS_HASH;
    const epoch = org.row.epoch;
    const events: LogEvent[] = [];
    const ids: string[] = [];
    const at = new Date().toISOString();
    const touched = new Map<string, { type: EntityType; id: string }>();
    for (const input of inputs) {
      const seq = ++head;
      const id = randomUUID();
      const data = JSON.stringify(input.data ?? null);
      const causedBy = input.causedBy ?? null;
      const prevHash = tip;
      tip = eventHash(prevHash, seq, epoch, id, input.kind, data);
      this.store.insertEvent({
        org_id: orgId,
        seq,
        id,
        service: input.service,
        kind: input.kind,
        at,
        data,
        caused_by: causedBy,
        prev_hash: prevHash,
        hash: tip,
      });
      for (const ref of applyEvent(org.state, { kind: input.kind, data: input.data })) touched.set(`${ref.type}\n${ref.id}`, ref);
      events.push({
        seq,
        service: input.service,
        json: eventJson(seq, id, orgId, input.service, input.kind, at, data, causedBy, { epoch, prevHash, hash: tip }),
      });
      ids.push(id);
    }
    for (const ref of touched.values()) {
      this.store.upsertEntity(orgId, ref.type, ref.id, JSON.stringify(getEntity(org.state, ref)));
    }
    // Trim in chunks (1% of the history, at most 1000 rows) rather than a delete per append.
    if (head - oldest + 1 > this.history + this.trimSlack) {
      oldest = head - this.history + 1;
      this.store.trimBelow(orgId, oldest);
    }
    this.store.updateOrg(orgId, head, oldest, tip);
    org.row = { ...org.row, head_seq: head, oldest_seq: oldest, tip_hash: tip };
    return { events, ids };
  }

  /** Runs an append transaction, keeping memory consistent if it fails, then notifies. */
  private commit<T>(org: OrgLog, fn: () => T & { events: LogEvent[] }): T {
    const before = { ...org.row };
    let result: T & { events: LogEvent[] };
    try {
      result = this.store.transaction(fn);
    } catch (err) {
      // The projection was mutated in place: reload it from the rolled-back table.
      this.reload(org, before);
      throw err;
    }
    if (result.events.length > 0) for (const l of org.listeners) l.events(result.events);
    return result;
  }

  /**
   * Group commit: publishes arriving in the same event-loop turn share ONE
   * transaction (a commit costs far more than a row), then each caller gets its
   * own answer. If the shared transaction fails, each is retried alone so one
   * bad publish cannot fail the others.
   */
  publish(orgId: string, input: AppendInput, idempotencyKey?: string): Promise<PublishResult> {
    return new Promise((resolve, reject) => {
      this.publishQueue.push({ orgId, input, idempotencyKey, resolve, reject });
      if (this.publishQueue.length === 1) setImmediate(() => this.flushPublishes());
    });
  }

  private flushPublishes(): void {
    const batch = this.publishQueue.splice(0);
    if (batch.length === 0) return;
    if (batch.length === 1) {
      const p = batch[0];
      try {
        p.resolve(this.publishSync(p.orgId, p.input, p.idempotencyKey));
      } catch (err) {
        p.reject(err);
      }
      return;
    }
    const orgs = new Map<string, OrgLog>();
    for (const p of batch) if (!orgs.has(p.orgId)) orgs.set(p.orgId, this.org(p.orgId));
    const before = new Map([...orgs].map(([id, org]) => [id, { ...org.row }]));
    let results: (PublishResult & { events: LogEvent[] })[];
    try {
      results = this.store.transaction(() => batch.map((p) => this.publishInTx(orgs.get(p.orgId)!, p.input, p.idempotencyKey)));
    } catch {
      for (const [id, org] of orgs) this.reload(org, before.get(id)!);
      for (const p of batch) {
        try {
          p.resolve(this.publishSync(p.orgId, p.input, p.idempotencyKey));
        } catch (err) {
          p.reject(err);
        }
      }
      return;
    }
    batch.forEach((p, i) => {
      const events = results[i].events;
      if (events.length > 0) for (const l of orgs.get(p.orgId)!.listeners) l.events(events);
    });
    batch.forEach((p, i) => p.resolve({ seq: results[i].seq, id: results[i].id, duplicate: results[i].duplicate }));
  }

  private publishInTx(org: OrgLog, input: AppendInput, idempotencyKey?: string): PublishResult & { events: LogEvent[] } {
    const orgId = org.row.org_id;
    if (idempotencyKey) {
      const seen = this.store.publishKey(orgId, idempotencyKey);
      if (seen) return { seq: seen.seq, id: seen.id, duplicate: true, events: [] };
    }
    const { events, ids } = this.appendInTx(org, [input]);
    if (idempotencyKey) this.store.insertPublishKey(orgId, idempotencyKey, events[0].seq, ids[0]);
    return { seq: events[0].seq, id: ids[0], duplicate: false, events };
  }

  /** One publish in its own transaction, synchronously. */
  publishSync(orgId: string, input: AppendInput, idempotencyKey?: string): PublishResult {
    const org = this.org(orgId);
    const r = this.commit(org, () => this.publishInTx(org, input, idempotencyKey));
    return { seq: r.seq, id: r.id, duplicate: r.duplicate };
  }

  /** Restores an org's head and projection after a rolled-back transaction. */
  private reload(org: OrgLog, row: OrgRow): void {
    org.row = row;
    org.state = this.storedState(org.row.org_id);
  }

  /** The projection as persisted in the entities table. */
  private storedState(orgId: string): HotelState {
    const state = emptyState();
    for (const e of this.store.entitiesOf(orgId)) {
      (state[e.type] as Map<string, unknown>).set(e.id, JSON.parse(e.data));
    }
    return state;
  }

  /** Appends several events in one transaction (the demo seed uses it). */
  appendMany(orgId: string, inputs: AppendInput[]): LogEvent[] {
    const org = this.org(orgId);
    return this.commit(org, () => this.appendInTx(org, inputs)).events;
  }

  async runCommand(orgId: string, actor: Actor, key: string, command: Command, takenAt: Date): Promise<CommandOutcome> {
    const org = this.org(orgId);
    const hash = commandHash(command);
    const { outcome } = this.commit(org, () => {
      const seen = this.store.commandResult(orgId, key);
      if (seen) {
        const replay: CommandOutcome = seen.request_hash !== hash ? { kind: 'key_reused' } : decodeOutcome(seen.body);
        return { outcome: replay, events: [] as LogEvent[] };
      }
      const planned = planAppend(org.state, command, key, takenAt, actor);
      let events: LogEvent[] = [];
      let outcome: CommandOutcome;
      if (planned.ok) {
        const appended = this.appendInTx(org, planned.inputs);
        events = appended.events;
        outcome = { kind: 'applied', events: appended.events.map((e, i) => ({ seq: e.seq, id: appended.ids[i] })), replayed: false };
      } else {
        outcome = { kind: 'refused', refusal: planned.refusal, replayed: false };
      }
      const last = events[events.length - 1];
      const status = outcome.kind === 'applied' ? 0 : 1;
      this.store.insertCommandResult(orgId, key, actor.id, hash, status, encodeOutcome(outcome), last ? last.seq : org.row.head_seq, new Date().toISOString());
      return { outcome, events };
    });
    return outcome;
  }

  async snapshot(orgId: string): Promise<Snapshot> {
    const org = this.org(orgId);
    const hash = org.row.head_seq === 0 ? GENESIS_HASH : org.row.tip_hash;
    return { orgId, epoch: org.row.epoch, seq: org.row.head_seq, ...(hash ? { hash } : {}), state: stateToJson(org.state) };
  }

  /** The in-memory projection (read-only use). */
  stateOf(orgId: string): HotelState {
    return this.org(orgId).state;
  }

  async truncate(orgId: string, keepLast: number): Promise<LogInfo> {
    const org = this.org(orgId);
    const oldest = Math.max(org.row.oldest_seq, org.row.head_seq - keepLast + 1);
    this.store.transaction(() => {
      this.store.trimBelow(orgId, oldest);
      this.store.updateOrg(orgId, org.row.head_seq, oldest, org.row.tip_hash);
    });
    org.row = { ...org.row, oldest_seq: oldest };
    return this.infoOf(org);
  }

  async subscribe(orgId: string, listener: SubscriptionListener): Promise<Subscription> {
    const org = this.org(orgId);
    org.listeners.add(listener);
    return {
      startSeq: org.row.head_seq,
      close: () => {
        org.listeners.delete(listener);
      },
    };
  }

  async orgCount(): Promise<number> {
    return this.orgs.size;
  }

  async close(): Promise<void> {
    for (const org of this.orgs.values()) org.listeners.clear();
  }
}
