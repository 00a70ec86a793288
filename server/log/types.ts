/**
 * The event-log abstraction the realtime layer and the HTTP routes use. Two
 * implementations: the embedded SQLite log (default) and Redis Streams (for
 * several gateway nodes sharing one log).
 */
import type { Command } from '../../shared/commands.ts';
import type { Refusal } from '../../shared/planner.ts';
import type { HotelStateJson } from '../../shared/projection.ts';

/**
 * One event as the log hands it out: `json` is the event object (the event
 * frame without `type`) already serialized, so it is serialized exactly once,
 * at append, and every delivery reuses the text.
 */
export interface LogEvent {
  seq: number;
  service: string;
  json: string;
}

export interface LogInfo {
  orgId: string;
  epoch: string;
  headSeq: number;
  /** Seq of the first retained event; headSeq + 1 when nothing is retained. */
  oldestSeq: number;
}

/** Who sends a command: their id and display name go on what it records (payments, shifts). */
export interface Actor {
  id: string;
  name: string;
}

export interface AppendInput {
  service: string;
  kind: string;
  data: unknown;
  causedBy?: string;
}

export interface PublishResult {
  seq: number;
  id: string;
  /** True when the idempotency key had been used: no new event was appended. */
  duplicate: boolean;
}

/**
 * What became of a command: its events were appended, the rules refused it, or its
 * idempotency key was already used for another command. `replayed`: this is the
 * stored answer to an earlier request with the same key. The HTTP layer maps it.
 */
export type CommandOutcome =
  | { kind: 'applied'; events: { seq: number; id: string }[]; replayed: boolean }
  | { kind: 'refused'; refusal: Refusal; replayed: boolean }
  | { kind: 'key_reused' };

export interface Snapshot {
  orgId: string;
  epoch: string;
  seq: number;
  /** Hash of the event at `seq` (the chain's tip), GENESIS_HASH at seq 0; absent if that event predates the chain. */
  hash?: string;
  state: HotelStateJson;
}

export interface Subscription {
  /** Events with seq > startSeq are delivered to the listener, in order, each once. */
  readonly startSeq: number;
  close(): void;
}

export interface SubscriptionListener {
  events(events: LogEvent[]): void;
  /** The upstream lost continuity (trimmed under a slow reader, epoch change): every client must resync. */
  gap(info: LogInfo): void;
}

/** Whether the log's backing store answers (the embedded log always does). */
export interface LogHealth {
  ok: boolean;
  /** Why it is degraded; null when ok. */
  reason: string | null;
  /** When this state began (ISO). */
  since: string;
}

export interface EventLog {
  readonly mode: 'sqlite' | 'redis';
  health(): LogHealth;
  /** Called on every change of health (not for repeats of the same state). */
  onHealth(listener: (health: LogHealth) => void): void;
  info(orgId: string): Promise<LogInfo>;
  /** Events with afterSeq < seq <= uptoSeq, at most `limit`, in seq order. */
  read(orgId: string, afterSeq: number, limit: number, uptoSeq?: number): Promise<LogEvent[]>;
  publish(orgId: string, input: AppendInput, idempotencyKey?: string): Promise<PublishResult>;
  /** `takenAt`: when the action was taken (its events' domain times), see takenAtFromHeader. */
  runCommand(orgId: string, actor: Actor, key: string, command: Command, takenAt: Date): Promise<CommandOutcome>;
  snapshot(orgId: string): Promise<Snapshot>;
  truncate(orgId: string, keepLast: number): Promise<LogInfo>;
  subscribe(orgId: string, listener: SubscriptionListener): Promise<Subscription>;
  /** Organisations that have a log. */
  orgCount(): Promise<number>;
  close(): Promise<void>;
}

/** The chain fields of an event (shared/chain.ts); absent on events appended before the chain existed. */
export interface ChainFields {
  /** The epoch the event was appended under (part of its hash). */
  epoch: string;
  prevHash: string;
  hash: string;
}

/** Serializes an event object once; `dataJson` is already JSON text. */
export function eventJson(
  seq: number,
  id: string,
  orgId: string,
  service: string,
  kind: string,
  at: string,
  dataJson: string,
  causedBy: string | null | undefined,
  chain: ChainFields | null,
): string {
  return (
    `{"seq":${seq},"id":${JSON.stringify(id)},"orgId":${JSON.stringify(orgId)},"service":${JSON.stringify(service)}` +
    `,"kind":${JSON.stringify(kind)},"at":${JSON.stringify(at)},"data":${dataJson}` +
    (causedBy ? `,"causedBy":${JSON.stringify(causedBy)}` : '') +
    (chain ? `,"epoch":${JSON.stringify(chain.epoch)},"prevHash":"${chain.prevHash}","hash":"${chain.hash}"}` : '}')
  );
}
