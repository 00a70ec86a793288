/**
 * Named queries over the embedded event log: organisations, events, the
 * projected entities and the idempotency records. The only place (with
 * auth-store.ts and database.ts) that holds SQL.
 */
import type { Statement } from 'better-sqlite3';
import type { EntityType } from '../../shared/domain.ts';
import type { Db } from './database.ts';

export interface OrgRow {
  org_id: string;
  epoch: string;
  head_seq: number;
  oldest_seq: number;
  /** Hash of the head event; null before the first chained append. */
  tip_hash: string | null;
}

export interface EventRow {
  seq: number;
  id: string;
  service: string;
  kind: string;
  at: string;
  data: string;
  caused_by: string | null;
  prev_hash: string | null;
  hash: string | null;
}

export interface EntityRow {
  type: EntityType;
  id: string;
  data: string;
}

export interface CommandResultRow {
  user_id: string;
  request_hash: string;
  status: number;
  body: string;
}

export interface NewEventRow extends EventRow {
  org_id: string;
}

export class EventStore {
  private readonly s: {
    allOrgs: Statement<[], OrgRow>;
    org: Statement<[string], OrgRow>;
    insertOrg: Statement<[string, string, number, number, string]>;
    updateOrg: Statement<[number, number, string | null, string]>;
    orgCount: Statement<[], { n: number }>;
    insertEvent: Statement<[string, number, string, string, string, string, string, string | null, string | null, string | null]>;
    readEvents: Statement<[string, number, number, number], EventRow>;
    trimEvents: Statement<[string, number]>;
    trimPublishKeys: Statement<[string, number]>;
    trimCommandResults: Statement<[string, number]>;
    publishKey: Statement<[string, string], { seq: number; id: string }>;
    insertPublishKey: Statement<[string, string, number, string]>;
    commandResult: Statement<[string, string], CommandResultRow>;
    insertCommandResult: Statement<[string, string, string, string, number, string, number, string]>;
    entitiesOf: Statement<[string], EntityRow>;
    upsertEntity: Statement<[string, string, string, string]>;
  };

  constructor(private readonly db: Db) {
    const p = <A extends unknown[], R = unknown>(sql: string) => db.prepare<A, R>(sql);
    this.s = {
      allOrgs: p('SELECT org_id, epoch, head_seq, oldest_seq, tip_hash FROM orgs'),
      org: p('SELECT org_id, epoch, head_seq, oldest_seq, tip_hash FROM orgs WHERE org_id = ?'),
      insertOrg: p('INSERT INTO orgs (org_id, epoch, head_seq, oldest_seq, created_at) VALUES (?, ?, ?, ?, ?)'),
      updateOrg: p('UPDATE orgs SET head_seq = ?, oldest_seq = ?, tip_hash = ? WHERE org_id = ?'),
      orgCount: p('SELECT count(*) AS n FROM orgs'),
      insertEvent: p('INSERT INTO events (org_id, seq, id, service, kind, at, data, caused_by, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      readEvents: p(
        'SELECT seq, id, service, kind, at, data, caused_by, prev_hash, hash FROM events WHERE org_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
      ),
      trimEvents: p('DELETE FROM events WHERE org_id = ? AND seq < ?'),
      trimPublishKeys: p('DELETE FROM publish_keys WHERE org_id = ? AND seq < ?'),
      trimCommandResults: p('DELETE FROM command_results WHERE org_id = ? AND head_seq < ?'),
      publishKey: p('SELECT seq, id FROM publish_keys WHERE org_id = ? AND key = ?'),
      insertPublishKey: p('INSERT INTO publish_keys (org_id, key, seq, id) VALUES (?, ?, ?, ?)'),
      commandResult: p('SELECT user_id, request_hash, status, body FROM command_results WHERE org_id = ? AND key = ?'),
      insertCommandResult: p(
        'INSERT INTO command_results (org_id, key, user_id, request_hash, status, body, head_seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      entitiesOf: p('SELECT type, id, data FROM entities WHERE org_id = ?'),
      upsertEntity: p('INSERT INTO entities (org_id, type, id, data) VALUES (?, ?, ?, ?) ON CONFLICT (org_id, type, id) DO UPDATE SET data = excluded.data'),
    };
  }

  /** Runs `fn` in one IMMEDIATE transaction (rolled back if it throws). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  allOrgs(): OrgRow[] {
    return this.s.allOrgs.all();
  }

  org(orgId: string): OrgRow | undefined {
    return this.s.org.get(orgId);
  }

  insertOrg(orgId: string, epoch: string, now: string): OrgRow {
    this.s.insertOrg.run(orgId, epoch, 0, 1, now);
    return { org_id: orgId, epoch, head_seq: 0, oldest_seq: 1, tip_hash: null };
  }

  updateOrg(orgId: string, headSeq: number, oldestSeq: number, tipHash: string | null): void {
    this.s.updateOrg.run(headSeq, oldestSeq, tipHash, orgId);
  }

  orgCount(): number {
    return this.s.orgCount.get()?.n ?? 0;
  }

  insertEvent(e: NewEventRow): void {
    this.s.insertEvent.run(e.org_id, e.seq, e.id, e.service, e.kind, e.at, e.data, e.caused_by, e.prev_hash, e.hash);
  }

  readEvents(orgId: string, afterSeq: number, uptoSeq: number, limit: number): EventRow[] {
    return this.s.readEvents.all(orgId, afterSeq, uptoSeq, limit);
  }

  /** Drops events (and the idempotency records that point at them) below `oldestSeq`. */
  trimBelow(orgId: string, oldestSeq: number): void {
    this.s.trimEvents.run(orgId, oldestSeq);
    this.s.trimPublishKeys.run(orgId, oldestSeq);
    this.s.trimCommandResults.run(orgId, oldestSeq);
  }

  publishKey(orgId: string, key: string): { seq: number; id: string } | undefined {
    return this.s.publishKey.get(orgId, key);
  }

  insertPublishKey(orgId: string, key: string, seq: number, id: string): void {
    this.s.insertPublishKey.run(orgId, key, seq, id);
  }

  commandResult(orgId: string, key: string): CommandResultRow | undefined {
    return this.s.commandResult.get(orgId, key);
  }

  insertCommandResult(orgId: string, key: string, userId: string, requestHash: string, status: number, body: string, headSeq: number, now: string): void {
    this.s.insertCommandResult.run(orgId, key, userId, requestHash, status, body, headSeq, now);
  }

  entitiesOf(orgId: string): EntityRow[] {
    return this.s.entitiesOf.all(orgId);
  }

  upsertEntity(orgId: string, type: EntityType, id: string, data: string): void {
    this.s.upsertEntity.run(orgId, type, id, data);
  }
}
