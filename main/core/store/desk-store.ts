/**
 * The desk's store: every SQL statement of the desk lives in this folder, behind
 * named query functions with prepared statements. Callers speak in events,
 * entities, cursors and outbox items.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Command } from '../../../shared/commands.ts';
import type { EntityType } from '../../../shared/domain.ts';
import { ENTITY_TYPES } from '../../../shared/domain.ts';
import type { OutboxItemView, OutboxState } from '../../../shared/ipc.ts';
import { applyEvent, emptyState, getEntity, type EntityRef, type HotelState, type HotelStateJson } from '../../../shared/projection.ts';
import type { StoredEvent } from '../../../shared/protocol.ts';
import { openDeskDatabase, runIntegrityCheck, type OpenDatabaseOptions } from './open-database.ts';

export const DATABASE_FILE_NAME = 'desk.sqlite';

export function databasePath(dataDir: string): string {
  return path.join(dataDir, DATABASE_FILE_NAME);
}

export interface StoreCursor {
  epoch: string | null;
  lastSeq: number;
  /** Hash of the event at lastSeq (the chain's tip as this desk knows it); null if unknown. */
  lastHash: string | null;
  /** When the cursor last advanced or was replaced (ISO). */
  syncedAt: string | null;
}

/** What the chain check reads of a stored event; data is the JSON text as stored. */
export interface ChainRow {
  seq: number;
  id: string;
  kind: string;
  data: string;
  epoch: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** An event as read back from the store. */
export interface EventRow {
  seq: number;
  id: string;
  service: string;
  kind: string;
  at: string;
  data: unknown;
  causedBy: string | null;
}

/** The stored outbox item: what windows see of it, plus the store's bookkeeping. */
export interface OutboxRow extends OutboxItemView {
  position: number;
  orgId: string;
  eventSeqs: number[] | null;
  updatedAt: string;
}

export interface NewOutboxItem {
  key: string;
  orgId: string;
  command: Command;
  description: string;
  operator: string;
  createdAt: string;
}

export interface IngestOptions {
  /** Epoch the events belong to (written with the cursor). */
  epoch: string;
  /** Outbox keys still waiting for their event; an event `causedBy` one confirms it. */
  pendingKeys: ReadonlySet<string>;
  /** Also confirm 'sent' items whose returned events are now at or below lastSeq. */
  confirmSent: boolean;
  /**
   * The cursor after this batch when it is beyond the last event given (events the
   * in-memory dedup already knew are counted but not passed again).
   */
  throughSeq?: number;
  /** Hash of the event at the cursor after this batch (null: unknown, e.g. an unchained gateway). */
  lastHash?: string | null;
}

export interface IngestResult {
  /** Events newly stored (not already present by id), in order. */
  stored: StoredEvent[];
  /** Events whose id was already stored under another seq: counted, not re-applied. */
  duplicateIds: number;
  /** Entities changed by the batch (each once). */
  changed: EntityRef[];
  /** Outbox keys confirmed by this batch. */
  confirmedKeys: string[];
  lastSeq: number;
}

export interface StoreOpenOptions extends Omit<OpenDatabaseOptions, 'file'> {
  dataDir: string;
}

interface OutboxDbRow {
  key: string;
  position: number;
  org_id: string;
  command: string;
  description: string;
  operator: string;
  created_at: string;
  state: OutboxState;
  attempts: number;
  last_error: string | null;
  rejection_code: string | null;
  rejection_message: string | null;
  event_seqs: string | null;
  max_event_seq: number | null;
  updated_at: string;
}

interface EventDbRow {
  seq: number;
  id: string;
  service: string;
  kind: string;
  at: string;
  data: string;
  caused_by: string | null;
}

function outboxFromDb(r: OutboxDbRow): OutboxRow {
  return {
    key: r.key,
    position: r.position,
    orgId: r.org_id,
    command: JSON.parse(r.command) as Command,
    description: r.description,
    operator: r.operator,
    createdAt: r.created_at,
    state: r.state,
    attempts: r.attempts,
    lastError: r.last_error,
    rejection: r.rejection_code !== null ? { code: r.rejection_code, message: r.rejection_message ?? '' } : null,
    eventSeqs: r.event_seqs !== null ? (JSON.parse(r.event_seqs) as number[]) : null,
    updatedAt: r.updated_at,
  };
}

function eventFromDb(r: EventDbRow): EventRow {
  let data: unknown;
  try {
    data = JSON.parse(r.data);
  } catch {
    data = r.data;
  }
  return { seq: r.seq, id: r.id, service: r.service, kind: r.kind, at: r.at, data, causedBy: r.caused_by };
}

function entityKey(ref: EntityRef): string {
  return `${ref.type}\u0000${ref.id}`;
}

/** A salvaged outbox row from a damaged database (best effort). */
type SalvagedOutbox = OutboxDbRow[];

export class DeskStore {
  readonly file: string;
  /** Where a damaged database was moved at open, if it was (the caller must rebuild from a snapshot). */
  readonly movedAsideTo: string | null;
  /** Outbox items rescued from the damaged file and re-queued. */
  readonly salvagedOutboxItems: number;
  private readonly db: Database.Database;
  private readonly q;
  private readonly ingestTx: (events: readonly StoredEvent[], state: HotelState, options: IngestOptions) => IngestResult;

  static open(options: StoreOpenOptions): DeskStore {
    const file = databasePath(options.dataDir);
    let salvaged: SalvagedOutbox = [];
    const opened = openDeskDatabase({
      ...options,
      file,
      onCorrupt: (message, movedTo) => {
        salvaged = salvageOutbox(movedTo, options.nativeBinding);
        options.onCorrupt?.(message, movedTo);
      },
    });
    return new DeskStore(file, opened.db, opened.movedAsideTo, salvaged);
  }

  private constructor(file: string, db: Database.Database, movedAsideTo: string | null, salvaged: SalvagedOutbox) {
    this.file = file;
    this.db = db;
    this.movedAsideTo = movedAsideTo;
    this.q = prepare(db);
    this.ingestTx = db.transaction((events: readonly StoredEvent[], state: HotelState, options: IngestOptions) =>
      this.ingestInTransaction(events, state, options),
    );
    if (!db.readonly && salvaged.length > 0) {
      const insert = db.prepare(
        `INSERT OR IGNORE INTO outbox (key, position, org_id, command, description, operator, created_at, state, attempts, last_error, rejection_code, rejection_message, event_seqs, max_event_seq, updated_at)
         VALUES (@key, @position, @org_id, @command, @description, @operator, @created_at, @state, @attempts, @last_error, @rejection_code, @rejection_message, @event_seqs, @max_event_seq, @updated_at)`,
      );
      db.transaction(() => {
        for (const row of salvaged) insert.run(row);
      })();
    }
    this.salvagedOutboxItems = salvaged.length;
    if (movedAsideTo !== null && !db.readonly) this.setMeta('rebuildFromSnapshot', '1');
  }

  get readonly(): boolean {
    return this.db.readonly;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ------------------------------------------------------------------ cursor, state

  getCursor(): StoreCursor {
    const r = this.q.getCursor.get() as { epoch: string | null; last_seq: number; synced_at: string | null; last_hash: string | null };
    return { epoch: r.epoch, lastSeq: r.last_seq, lastHash: r.last_hash, syncedAt: r.synced_at };
  }

  /** The projections as an in-memory state (loaded once at start, then kept in step). */
  loadState(): HotelState {
    const state = emptyState();
    for (const type of ENTITY_TYPES) {
      const map = state[type] as Map<string, unknown>;
      for (const row of this.q.allEntities[type].iterate() as Iterable<{ id: string; json: string }>) {
        map.set(row.id, JSON.parse(row.json));
      }
    }
    return state;
  }

  /**
   * Stores a batch of consecutive events, applies each newly stored one to `state`
   * (in place), upserts the changed entities and advances the cursor: all in ONE
   * transaction. If it throws, nothing was written; `state` may then be ahead of the
   * store, so the caller must reload it with `loadState()`.
   */
  ingestBatch(events: readonly StoredEvent[], state: HotelState, options: IngestOptions): IngestResult {
    return this.ingestTx(events, state, options);
  }

  private ingestInTransaction(events: readonly StoredEvent[], state: HotelState, options: IngestOptions): IngestResult {
    const stored: StoredEvent[] = [];
    const changed = new Map<string, EntityRef>();
    const confirmedKeys: string[] = [];
    let duplicateIds = 0;
    let lastSeq = this.getCursor().lastSeq;
    for (const e of events) {
      const info = this.q.insertEvent.run(
        e.seq,
        e.id,
        e.service,
        e.kind,
        e.at,
        JSON.stringify(e.data ?? null),
        e.causedBy ?? null,
        e.epoch ?? null,
        e.prevHash ?? null,
        e.hash ?? null,
      );
      lastSeq = e.seq;
      if (info.changes === 0) {
        duplicateIds++;
        continue;
      }
      stored.push(e);
      for (const ref of applyEvent(state, e)) changed.set(entityKey(ref), ref);
      if (e.causedBy !== undefined && options.pendingKeys.has(e.causedBy)) {
        if (this.q.confirmOutbox.run(new Date().toISOString(), e.causedBy).changes > 0) confirmedKeys.push(e.causedBy);
      }
    }
    if (options.throughSeq !== undefined && options.throughSeq > lastSeq) lastSeq = options.throughSeq;
    for (const ref of changed.values()) {
      const entity = getEntity(state, ref);
      if (entity !== undefined) this.q.upsertEntity[ref.type].run(ref.id, JSON.stringify(entity));
    }
    const now = new Date().toISOString();
    this.q.setCursor.run(options.epoch, lastSeq, now, options.lastHash ?? null);
    if (options.confirmSent) {
      for (const r of this.q.confirmSentUpTo.all(now, lastSeq) as { key: string }[]) confirmedKeys.push(r.key);
    }
    return { stored, duplicateIds, changed: [...changed.values()], confirmedKeys, lastSeq };
  }

  /**
   * Replaces the projections and cursor with a gateway snapshot in one transaction.
   * `clearEvents` drops the stored log (a new epoch: its seqs mean something else).
   */
  replaceWithSnapshot(snapshot: { epoch: string; seq: number; hash?: string; state: HotelStateJson }, clearEvents: boolean): { confirmedKeys: string[] } {
    return this.db.transaction(() => {
      for (const type of ENTITY_TYPES) {
        this.q.clearEntities[type].run();
        const insert = this.q.upsertEntity[type];
        for (const entity of snapshot.state[type]) insert.run(entity.id, JSON.stringify(entity));
      }
      if (clearEvents) this.q.clearEvents.run();
      // Same epoch but the gateway is behind us (it lost its tail): our events past its
      // head are not in its log any more, and their seqs will be reused.
      else this.q.deleteEventsAfter.run(snapshot.seq);
      const now = new Date().toISOString();
      this.q.setCursor.run(snapshot.epoch, snapshot.seq, now, snapshot.hash ?? null);
      this.setMeta('lastResyncAt', now);
      this.deleteMeta('rebuildFromSnapshot');
      // Actions the gateway already accepted are in the snapshot's state.
      const confirmed = (this.q.confirmSentUpTo.all(now, snapshot.seq) as { key: string }[]).map((r) => r.key);
      return { confirmedKeys: confirmed };
    })();
  }

  /** Forgets everything of the previous organisation (another org's login on this desk). */
  resetForNewOrg(orgId: string): void {
    this.db.transaction(() => {
      for (const type of ENTITY_TYPES) this.q.clearEntities[type].run();
      this.q.clearEvents.run();
      this.q.setCursor.run(null, 0, null, null);
      // Another hotel's queued actions stay queued (and hidden from this one): they go out
      // when a user of their own hotel signs in here again.
      this.setMeta('orgId', orgId);
    })();
  }

  // ------------------------------------------------------------------ events

  /** Newest first, `limit` events with seq < `beforeSeq` (or the newest). */
  recentEvents(limit: number, beforeSeq?: number): EventRow[] {
    const rows = (beforeSeq === undefined ? this.q.newestEvents.all(limit) : this.q.eventsBefore.all(beforeSeq, limit)) as EventDbRow[];
    return rows.map(eventFromDb);
  }

  /** Ids of the newest events (to warm the in-memory dedup at start). */
  recentEventIds(limit: number): string[] {
    return (this.q.newestIds.all(limit) as { id: string }[]).map((r) => r.id).reverse();
  }

  /** Every stored event in seq order, streamed (doctor --export-events). */
  *iterateEventKeys(): Generator<{ seq: number; id: string; kind: string }> {
    yield* this.q.eventKeys.iterate() as Iterable<{ seq: number; id: string; kind: string }>;
  }

  /** Every stored event's chain fields in seq order, streamed (doctor's chain check). */
  *iterateChain(): Generator<ChainRow> {
    yield* this.q.chainRows.iterate() as Iterable<ChainRow>;
  }

  countEvents(): number {
    return (this.q.countEvents.get() as { n: number }).n;
  }

  integrityCheck(): string {
    return runIntegrityCheck(this.db, 'full');
  }

  /** Changes when another connection (another process) commits: cheap to poll. */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  // ------------------------------------------------------------------ outbox

  insertOutbox(item: NewOutboxItem): OutboxRow {
    const now = new Date().toISOString();
    this.q.insertOutbox.run({
      key: item.key,
      org_id: item.orgId,
      command: JSON.stringify(item.command),
      description: item.description,
      operator: item.operator,
      created_at: item.createdAt,
      updated_at: now,
    });
    return this.getOutbox(item.key)!;
  }

  getOutbox(key: string): OutboxRow | undefined {
    const r = this.q.getOutbox.get(key) as OutboxDbRow | undefined;
    return r ? outboxFromDb(r) : undefined;
  }

  /**
   * Items a window should see: this organisation's items not yet confirmed, plus its
   * newest confirmed ones. Another hotel's items (a desk used by two) stay stored but
   * are never shown: their descriptions name that hotel's guests.
   */
  listOutbox(orgId: string | null, confirmedToShow = 20): OutboxRow[] {
    if (orgId === null) return [];
    return (this.q.listOutbox.all({ org: orgId, n: confirmedToShow }) as OutboxDbRow[]).map(outboxFromDb);
  }

  /** The oldest item still to send for this organisation. */
  nextQueued(orgId: string): OutboxRow | undefined {
    const r = this.q.nextQueued.get(orgId) as OutboxDbRow | undefined;
    return r ? outboxFromDb(r) : undefined;
  }

  /** Keys of items whose event has not come back yet (queued or sent). */
  pendingKeys(): string[] {
    return (this.q.pendingKeys.all() as { key: string }[]).map((r) => r.key);
  }

  countPendingOutbox(): number {
    return (this.q.countPending.get() as { n: number }).n;
  }

  countOutboxByState(): Record<OutboxState, number> {
    const out: Record<OutboxState, number> = { queued: 0, sent: 0, confirmed: 0, rejected: 0 };
    for (const r of this.q.countByState.all() as { state: OutboxState; n: number }[]) out[r.state] = r.n;
    return out;
  }

  /**
   * The gateway accepted the command. If its events are already ingested the item is
   * confirmed straight away; a confirmed item is never moved back.
   */
  markOutboxSent(key: string, eventSeqs: number[]): OutboxState | undefined {
    const now = new Date().toISOString();
    const maxSeq = eventSeqs.length > 0 ? Math.max(...eventSeqs) : 0;
    const lastSeq = this.getCursor().lastSeq;
    this.q.markSent.run(maxSeq <= lastSeq ? 'confirmed' : 'sent', JSON.stringify(eventSeqs), maxSeq, now, key);
    return this.getOutbox(key)?.state;
  }

  markOutboxAttemptFailed(key: string, error: string): void {
    this.q.markAttemptFailed.run(error.slice(0, 500), new Date().toISOString(), key);
  }

  markOutboxRejected(key: string, code: string, message: string): void {
    this.q.markRejected.run(code.slice(0, 64), message.slice(0, 1000), new Date().toISOString(), key);
  }

  /** Removes a settled (confirmed or rejected) item; pending ones cannot be dismissed. */
  dismissOutbox(key: string): boolean {
    return this.q.dismiss.run(key).changes > 0;
  }

  /** Keeps the table small: confirmed items beyond the newest `keep` are deleted. */
  pruneConfirmed(keep = 200): void {
    this.q.pruneConfirmed.run(keep);
  }

  // ------------------------------------------------------------------ meta

  getMeta(key: string): string | null {
    const r = this.q.getMeta.get(key) as { value: string } | undefined;
    return r?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.q.setMeta.run(key, value);
  }

  deleteMeta(key: string): void {
    this.q.deleteMeta.run(key);
  }
}

function prepare(db: Database.Database) {
  const perType = <T>(make: (type: EntityType) => T): Record<EntityType, T> =>
    Object.fromEntries(ENTITY_TYPES.map((t) => [t, make(t)])) as Record<EntityType, T>;
  return {
    getCursor: db.prepare('SELECT epoch, last_seq, synced_at, last_hash FROM cursor WHERE singleton = 1'),
    setCursor: db.prepare('UPDATE cursor SET epoch = ?, last_seq = ?, synced_at = ?, last_hash = ? WHERE singleton = 1'),
    insertEvent: db.prepare(
      'INSERT INTO events (seq, id, service, kind, at, data, caused_by, epoch, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    ),
    chainRows: db.prepare('SELECT seq, id, kind, data, epoch, prev_hash, hash FROM events ORDER BY seq'),
    clearEvents: db.prepare('DELETE FROM events'),
    deleteEventsAfter: db.prepare('DELETE FROM events WHERE seq > ?'),
    newestEvents: db.prepare('SELECT seq, id, service, kind, at, data, caused_by FROM events ORDER BY seq DESC LIMIT ?'),
    eventsBefore: db.prepare('SELECT seq, id, service, kind, at, data, caused_by FROM events WHERE seq < ? ORDER BY seq DESC LIMIT ?'),
    newestIds: db.prepare('SELECT id FROM events ORDER BY seq DESC LIMIT ?'),
    eventKeys: db.prepare('SELECT seq, id, kind FROM events ORDER BY seq'),
    countEvents: db.prepare('SELECT count(*) AS n FROM events'),
    allEntities: perType((t) => db.prepare(`SELECT id, json FROM ${t}`)),
    upsertEntity: perType((t) => db.prepare(`INSERT INTO ${t} (id, json) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json`)),
    clearEntities: perType((t) => db.prepare(`DELETE FROM ${t}`)),
    insertOutbox: db.prepare(
      `INSERT INTO outbox (key, position, org_id, command, description, operator, created_at, state, attempts, updated_at)
       VALUES (@key, (SELECT coalesce(max(position), 0) + 1 FROM outbox), @org_id, @command, @description, @operator, @created_at, 'queued', 0, @updated_at)`,
    ),
    getOutbox: db.prepare('SELECT * FROM outbox WHERE key = ?'),
    listOutbox: db.prepare(
      `SELECT * FROM outbox WHERE state != 'confirmed' AND org_id = @org
       UNION ALL SELECT * FROM (SELECT * FROM outbox WHERE state = 'confirmed' AND org_id = @org ORDER BY position DESC LIMIT @n)
       ORDER BY position`,
    ),
    nextQueued: db.prepare(`SELECT * FROM outbox WHERE state = 'queued' AND org_id = ? ORDER BY position LIMIT 1`),
    pendingKeys: db.prepare(`SELECT key FROM outbox WHERE state IN ('queued', 'sent')`),
    countPending: db.prepare(`SELECT count(*) AS n FROM outbox WHERE state IN ('queued', 'sent')`),
    countByState: db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state'),
    confirmOutbox: db.prepare(`UPDATE outbox SET state = 'confirmed', last_error = NULL, updated_at = ? WHERE key = ? AND state IN ('queued', 'sent')`),
    confirmSentUpTo: db.prepare(
      `UPDATE outbox SET state = 'confirmed', updated_at = ?
       WHERE state = 'sent' AND max_event_seq <= ?
       RETURNING key`,
    ),
    markSent: db.prepare(
      `UPDATE outbox SET state = ?, event_seqs = ?, max_event_seq = ?, last_error = NULL, attempts = attempts + 1, updated_at = ? WHERE key = ? AND state = 'queued'`,
    ),
    markAttemptFailed: db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE key = ? AND state = 'queued'`),
    markRejected: db.prepare(
      `UPDATE outbox SET state = 'rejected', attempts = attempts + 1, rejection_code = ?, rejection_message = ?, updated_at = ? WHERE key = ? AND state = 'queued'`,
    ),
    dismiss: db.prepare(`DELETE FROM outbox WHERE key = ? AND state IN ('confirmed', 'rejected')`),
    pruneConfirmed: db.prepare(
      `DELETE FROM outbox WHERE state = 'confirmed' AND position NOT IN (SELECT position FROM outbox WHERE state = 'confirmed' ORDER BY position DESC LIMIT ?)`,
    ),
    getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    deleteMeta: db.prepare('DELETE FROM meta WHERE key = ?'),
  };
}

/** Best effort: reads unsent outbox rows from a damaged file so no action is lost. */
function salvageOutbox(file: string, nativeBinding: string | undefined): SalvagedOutbox {
  try {
    const { db } = openDeskDatabase({ file, readonly: true, check: 'none', nativeBinding });
    try {
      return db.prepare(`SELECT * FROM outbox WHERE state IN ('queued', 'sent')`).all() as OutboxDbRow[];
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}
