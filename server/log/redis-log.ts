/**
 * Redis Streams event log, for several gateway nodes sharing one log.
 *
 * Keys per organisation (all hash-tagged `{org}`, so one hotel lives in one
 * cluster slot and no script touches two hotels):
 *   fd:{org}:head   the last assigned seq
 *   fd:{org}:epoch  id of the current history of this log
 *   fd:{org}:run    run_id of the Redis process that last vouched for the epoch
 *   fd:{org}:log    the stream; entry id `<seq>-0` (so XRANGE by seq is natural),
 *                   fields s=service, j=event JSON (serialized once, at append)
 *   fd:{org}:pub:K  publish idempotency record "seq id"
 *   fd:{org}:cmd:K  command result "hash\nstatus\npayload"
 *   fd:{org}:state  projected state {epoch, seq, state} (a shared checkpoint)
 *   fd:{org}:tip    hash of the head event (the hash chain's tip, shared/chain.ts)
 *   fd:orgs         set of organisations with a log (metrics only; never in a script)
 *
 * Epoch is the truth of continuity. Every script that touches a hotel's log
 * starts with the same prologue: it reads the Redis process's run_id (INFO
 * server, inside the script, so it is atomic with what follows) and, when the
 * epoch is missing (Redis came back empty) or was vouched for by another run
 * (Redis restarted from an RDB/AOF that may be older than what was acknowledged,
 * or a replica was promoted), it starts a new epoch before doing anything else.
 * A desk on the old epoch therefore resyncs, and nothing is appended under an
 * epoch whose history may differ. A reader that finds the head behind what it
 * already delivered under the same epoch starts a new epoch too (BUMP_LUA).
 *
 * Appends run in ONE Lua script: prologue, idempotency check, check of the head,
 * epoch and tip hash the appender built its events on, XADD with MAXLEN ~
 * history, new tip, then PUBLISH of `org epoch head` on fd:notify. Redis's Lua has
 * no SHA-256, so the node builds the events (seq, prevHash, hash) for the tip it
 * last saw and the script refuses ('stale', with the current tip) if the log moved
 * meanwhile; the node then rebuilds them. The hash is thus assigned atomically
 * with the append. A node serializes its own appends per hotel, so only appends
 * from other nodes can make it retry.
 *
 * Reading: no blocked connection per hotel. Each node holds ONE subscriber
 * connection on fd:notify; a notification for a hotel with desks on this node
 * pumps that hotel's reader, which reads with READ_LUA (the same prologue, so the
 * epoch and head come back atomically with the entries) on the shared command
 * connection. Redis connections per node are therefore constant (command,
 * notify subscriber, the session store's revocation subscriber) whatever the
 * number of hotels. Readers never trust a client-side re-send: whenever the
 * subscriber reconnects or Redis becomes reachable again, every reader re-reads
 * epoch and head from Redis and either continues (nothing lost) or reports a gap.
 *
 * Health: a PING every second; while Redis does not answer, the log is
 * degraded: publishes, commands and snapshots fail fast with
 * LogUnavailableError (the routes answer 503 + Retry-After), and every request
 * is bounded by a deadline even when the outage starts mid-request.
 *
 * Projection: each node keeps the state per org in memory and catches it up
 * from the stream before a snapshot or a command; it checkpoints it to
 * fd:{org}:state so a node whose cache is older than the retained history can
 * start from the checkpoint. Commands are validated on the caught-up state and
 * appended with the head and epoch they saw; if another node appended meanwhile
 * (or the epoch changed) the script refuses and the command is re-planned.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Cluster, type Redis } from 'ioredis';
import { createClient, subscriberOf, type RedisClient, type RedisTarget } from './redis-connection.ts';
import type { Command } from '../../shared/commands.ts';
import type { Refusal } from '../../shared/planner.ts';
import { applyEvent, emptyState, stateFromJson, stateToJson, type HotelState, type HotelStateJson } from '../../shared/projection.ts';
import { GENESIS_HASH } from '../../shared/chain.ts';
import { commandHash } from '../commands/command-hash.ts';
import type { Logger } from '../logger.ts';
import { eventHash } from './chain.ts';
import { newEpoch, planAppend } from './common.ts';
import { isUnreachable, LogUnavailableError, withDeadline } from './errors.ts';
import {
  eventJson,
  type Actor,
  type AppendInput,
  type CommandOutcome,
  type EventLog,
  type LogEvent,
  type LogHealth,
  type LogInfo,
  type PublishResult,
  type Snapshot,
  type Subscription,
  type SubscriptionListener,
} from './types.ts';

/** Channel every append announces itself on: message `org epoch head`. */
const NOTIFY_CHANNEL = 'fd:notify';

/**
 * KEYS[1..5] = head, epoch, log, run, state of ONE organisation; ARGV[1] = a fresh
 * epoch id, used only if this run cannot vouch for the stored epoch. Leaves
 * `epoch` and `head` set. The checkpoint is re-stamped with the new epoch: it was
 * written together with the stream it summarizes, so it stays consistent with
 * whatever part of the stream survived.
 */
const PROLOGUE = `
local run = string.match(redis.call('INFO', 'server'), 'run_id:(%w+)')
local epoch = redis.call('GET', KEYS[2])
if (not epoch) or redis.call('GET', KEYS[4]) ~= run then
  local old = epoch
  epoch = ARGV[1]
  redis.call('SET', KEYS[2], epoch)
  redis.call('SET', KEYS[4], run)
  if old then
    local cp = redis.call('GET', KEYS[5])
    local prefix = '{"epoch":"' .. old .. '"'
    if cp and string.sub(cp, 1, #prefix) == prefix then
      redis.call('SET', KEYS[5], '{"epoch":"' .. epoch .. '"' .. string.sub(cp, #prefix + 1))
    end
  end
end
local head = tonumber(redis.call('GET', KEYS[1]) or '0')
`;

/**
 * ARGV: 1 fresh epoch, 2 history, 3 expected head, 4 expected epoch, 5 expected tip,
 * 6 mode (pub|cmd|none), 7 cmd record prefix, 8 n, 9 org, 10 new tip, then per event:
 * service, id, event JSON (complete). KEYS[6] pub record, KEYS[7] cmd record, KEYS[8] tip.
 */
const APPEND_LUA = `${PROLOGUE}
if ARGV[6] == 'pub' then
  local seen = redis.call('GET', KEYS[6])
  if seen then return {'dup', seen, epoch} end
elseif ARGV[6] == 'cmd' then
  local seen = redis.call('GET', KEYS[7])
  if seen then return {'dup', seen, epoch} end
end
local tip = redis.call('GET', KEYS[8]) or '${GENESIS_HASH}'
if tonumber(ARGV[3]) ~= head or ARGV[4] ~= epoch or ARGV[5] ~= tip then
  return {'stale', tostring(head), epoch, tip}
end
local n = tonumber(ARGV[8])
local out = {}
for i = 0, n - 1 do
  head = head + 1
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], head .. '-0', 's', ARGV[11 + i * 3], 'j', ARGV[13 + i * 3])
  out[#out + 1] = head .. ' ' .. ARGV[12 + i * 3]
end
redis.call('SET', KEYS[1], head)
redis.call('SET', KEYS[8], ARGV[10])
local result = table.concat(out, ',')
if ARGV[6] == 'pub' then
  redis.call('SET', KEYS[6], result, 'EX', 604800)
elseif ARGV[6] == 'cmd' then
  redis.call('SET', KEYS[7], ARGV[7] .. result, 'EX', 604800)
end
redis.call('PUBLISH', '${NOTIFY_CHANNEL}', ARGV[9] .. ' ' .. epoch .. ' ' .. head)
return {'ok', result, epoch}
`;

/** KEYS[6] tip; ARGV: 1 fresh epoch, 2 after seq, 3 count (0: no entries). Returns {epoch, head, oldest id, entries, tip}. */
const READ_LUA = `${PROLOGUE}
local first = redis.call('XRANGE', KEYS[3], '-', '+', 'COUNT', 1)
local oldest = ''
if first[1] then oldest = first[1][1] end
local entries = {}
local count = tonumber(ARGV[3])
if count > 0 and tonumber(ARGV[2]) < head then
  entries = redis.call('XRANGE', KEYS[3], (tonumber(ARGV[2]) + 1) .. '-0', '+', 'COUNT', count)
end
return {epoch, tostring(head), oldest, entries, redis.call('GET', KEYS[6]) or '${GENESIS_HASH}'}
`;

/** ARGV: 1 fresh epoch (for the prologue), 2 the epoch found inconsistent, 3 its replacement. Returns the current epoch. */
const BUMP_LUA = `${PROLOGUE}
if epoch == ARGV[2] then
  redis.call('SET', KEYS[2], ARGV[3])
  local cp = redis.call('GET', KEYS[5])
  local prefix = '{"epoch":"' .. epoch .. '"'
  if cp and string.sub(cp, 1, #prefix) == prefix then
    local seq = tonumber(string.match(cp, '"seq":(%d+)'))
    if seq and seq <= head then
      redis.call('SET', KEYS[5], '{"epoch":"' .. ARGV[3] .. '"' .. string.sub(cp, #prefix + 1))
    else
      redis.call('DEL', KEYS[5])
    end
  end
  epoch = ARGV[3]
end
return epoch
`;

const CHECKPOINT_LUA = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local seq = tonumber(string.match(cur, '"seq":(%d+)'))
  local epoch = string.match(cur, '"epoch":"([^"]*)"')
  if epoch == ARGV[2] and seq and seq >= tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[3])
return 1
`;

const RECORD_TTL_SECONDS = 7 * 24 * 3600;

class Script {
  readonly sha: string;
  constructor(readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }
  async run(redis: RedisClient, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return redis.eval(this.lua, keys.length, ...keys, ...args);
      throw err;
    }
  }
}

const appendScript = new Script(APPEND_LUA);
const readScript = new Script(READ_LUA);
const bumpScript = new Script(BUMP_LUA);
const checkpointScript = new Script(CHECKPOINT_LUA);

const k = {
  head: (org: string) => `fd:{${org}}:head`,
  epoch: (org: string) => `fd:{${org}}:epoch`,
  run: (org: string) => `fd:{${org}}:run`,
  log: (org: string) => `fd:{${org}}:log`,
  pub: (org: string, key: string) => `fd:{${org}}:pub:${key}`,
  cmd: (org: string, key: string) => `fd:{${org}}:cmd:${key}`,
  state: (org: string) => `fd:{${org}}:state`,
  tip: (org: string) => `fd:{${org}}:tip`,
  orgs: 'fd:orgs',
  seeded: (org: string) => `fd:{${org}}:seeded`,
  secret: (name: string) => `fd:secret:${name}`,
};

/** The five keys of the prologue, in its order. */
function logKeys(org: string): string[] {
  return [k.head(org), k.epoch(org), k.log(org), k.run(org), k.state(org)];
}

type StreamEntry = [string, string[]];

function toEvents(entries: StreamEntry[]): LogEvent[] {
  const out: LogEvent[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const [id, fields] = entries[i];
    let service = '';
    let json = '';
    for (let f = 0; f + 1 < fields.length; f += 2) {
      if (fields[f] === 's') service = fields[f + 1];
      else if (fields[f] === 'j') json = fields[f + 1];
    }
    out[i] = { seq: Number.parseInt(id, 10), service, json };
  }
  return out;
}

interface CachedState {
  epoch: string;
  seq: number;
  /** Hash of the event at `seq` (valid once caught up). */
  hash: string;
  state: HotelState;
  checkpointedSeq: number;
}

/** One subscription: where its listener stands in which history. */
interface OrgReader {
  readonly orgId: string;
  readonly listener: SubscriptionListener;
  epoch: string;
  /** Every event with seq <= last was handed to the listener (or skipped by a gap). */
  last: number;
  pumping: boolean;
  again: boolean;
  closed: boolean;
}

/** A read with the epoch, head and tip hash it was made under. */
interface ReadResult {
  info: LogInfo;
  events: LogEvent[];
  tip: string;
}

/** Where a hotel's chain stands, as this node last saw it. */
interface Tip {
  epoch: string;
  head: number;
  hash: string;
}

/**
 * What an acknowledged append has survived (docs/deployment.md has the figures):
 *   async       Redis's memory. A Redis restart can lose the last writes (AOF everysec: ~1 s);
 *               the loss is always detected (new epoch, desks resync), never silent.
 *   aof-always  Redis's disk: Redis must run appendonly yes + appendfsync always (checked at start).
 *   replicas:N  N replicas' memory: WAIT N after the append; fewer within the timeout is a 503
 *               (the event IS in the log: a retry with the same Idempotency-Key waits again).
 */
export type Durability = { kind: 'async' } | { kind: 'aof-always' } | { kind: 'replicas'; n: number; timeoutMs: number };

export function parseDurability(text: string | undefined): Durability {
  if (text === undefined || text === 'async') return { kind: 'async' };
  if (text === 'aof-always') return { kind: 'aof-always' };
  const m = /^replicas:(\d{1,2})$/.exec(text);
  if (m && Number(m[1]) >= 1) return { kind: 'replicas', n: Number(m[1]), timeoutMs: 1000 };
  throw new Error(`--redis-durability must be async, aof-always or replicas:N (N >= 1), got "${text}"`);
}

export interface RedisLogOptions {
  /** Default async. */
  durability?: Durability;
  /** Retained events per organisation. */
  history: number;
  logger: Logger;
  /** Longest a publish, command, snapshot or read may take before it fails as unavailable (ms). Default 3000. */
  requestDeadlineMs?: number;
  /** Longest one Redis command may take (ms). Default 2000. */
  commandTimeoutMs?: number;
  /** Health probe interval (ms). Default 1000. */
  healthIntervalMs?: number;
  /** How long a starting node keeps trying to reach Redis (ms). Default 20000. */
  connectTimeoutMs?: number;
}

/** Events per reader page. */
const READ_PAGE = 2000;

export class RedisEventLog implements EventLog {
  readonly mode = 'redis' as const;
  private readonly cache = new Map<string, CachedState>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly readers = new Map<string, Set<OrgReader>>();
  private readonly knownOrgs = new Set<string>();
  private readonly tips = new Map<string, Tip>();
  private readonly appendLocks = new Map<string, Promise<unknown>>();
  private readonly healthListeners: ((h: LogHealth) => void)[] = [];
  private state: LogHealth = { ok: true, reason: null, since: new Date().toISOString() };
  private readonly probe: NodeJS.Timeout;
  private probing = false;
  private closed = false;
  private readonly history: number;
  private readonly logger: Logger;
  private readonly deadlineMs: number;
  private readonly durability: Durability;

  private constructor(
    private readonly redis: RedisClient,
    private readonly notify: RedisClient,
    o: RedisLogOptions,
  ) {
    this.history = o.history;
    this.logger = o.logger;
    this.deadlineMs = o.requestDeadlineMs ?? 3000;
    this.durability = o.durability ?? { kind: 'async' };
    redis.on('close', () => this.setHealth(false, 'connection to Redis lost'));
    notify.on('message', (_channel: string, message: string) => this.onNotify(message));
    // After any reconnect the subscriber may have missed notifications: every
    // reader re-checks epoch and head in Redis itself.
    notify.on('ready', () => this.pumpAll());
    this.probe = setInterval(() => void this.checkHealth(), o.healthIntervalMs ?? 1000);
    this.probe.unref();
  }

  static async connect(target: RedisTarget | string, o: RedisLogOptions): Promise<RedisEventLog> {
    const t: RedisTarget = typeof target === 'string' ? { kind: 'standalone', url: target } : target;
    const redis = createClient(t, { commandTimeoutMs: o.commandTimeoutMs ?? 2000 });
    let lastError = '';
    redis.on('error', (err: Error) => {
      lastError = err.message;
      o.logger.warn({ err: err.message }, 'redis error');
    });
    // A node may start while Redis restarts: keep trying for a bounded time, but not on a
    // refusal that will not change (a wrong password).
    const deadline = Date.now() + (o.connectTimeoutMs ?? 20_000);
    for (let attempt = 0; ; attempt++) {
      try {
        await redis.connect();
        break;
      } catch (err) {
        redis.disconnect();
        // ioredis rejects with "Connection is closed"; the reason (WRONGPASS, ECONNREFUSED...) came as an error event.
        const reason = lastError || (err instanceof Error ? err.message : String(err));
        if (/WRONGPASS|NOAUTH|NOPERM/.test(reason) || Date.now() > deadline) throw new Error(`cannot use Redis: ${reason}`);
        o.logger.warn({ err: reason, attempt }, 'redis not reachable yet; retrying');
        await new Promise((r) => setTimeout(r, Math.min(200 * (attempt + 1), 1000)));
      }
    }
    try {
      await checkDurability(redis, o.durability ?? { kind: 'async' });
    } catch (err) {
      redis.disconnect();
      throw err;
    }
    const notify = subscriberOf(redis);
    notify.on('error', (err: Error) => o.logger.debug({ err: err.message }, 'redis notify connection error'));
    await notify.subscribe(NOTIFY_CHANNEL);
    return new RedisEventLog(redis, notify, o);
  }

  /** The command connection, for other Redis-backed stores of this node. */
  get client(): RedisClient {
    return this.redis;
  }

  // ---------------------------------------------------------------- health

  health(): LogHealth {
    return this.state;
  }

  onHealth(listener: (health: LogHealth) => void): void {
    this.healthListeners.push(listener);
  }

  private setHealth(ok: boolean, reason: string | null): void {
    if (this.closed || ok === this.state.ok) return;
    this.state = { ok, reason, since: new Date().toISOString() };
    if (ok) this.logger.info('redis reachable again: the shared log goes on');
    else this.logger.warn({ reason }, 'redis unreachable: gateway degraded');
    for (const l of this.healthListeners) l(this.state);
    // Back from an outage: whatever happened meanwhile, every reader checks Redis itself.
    if (ok) this.pumpAll();
  }

  private async checkHealth(): Promise<void> {
    if (this.probing || this.closed) return;
    this.probing = true;
    try {
      await this.redis.ping();
      this.setHealth(true, null);
    } catch (err) {
      this.setHealth(false, `redis does not answer: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.probing = false;
    }
  }

  /**
   * Runs a request against Redis: fails fast while degraded, and within the
   * deadline whatever happens; "no answer" errors become LogUnavailableError.
   */
  private async guarded<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (!this.state.ok) throw new LogUnavailableError(`the shared log is unreachable (${this.state.reason ?? 'degraded'})`);
    try {
      return await withDeadline(work(), this.deadlineMs, what);
    } catch (err) {
      if (err instanceof LogUnavailableError) {
        void this.checkHealth();
        throw err;
      }
      if (isUnreachable(err)) {
        void this.checkHealth();
        throw new LogUnavailableError(`${what} failed: ${(err as Error).message}`);
      }
      throw err;
    }
  }

  /**
   * With replicas:N, an answer only once N replicas have everything this connection
   * wrote so far (WAIT on the command connection, where the append went).
   */
  private async durable<T>(work: Promise<T>): Promise<T> {
    const result = await work;
    if (this.durability.kind !== 'replicas') return result;
    const { n, timeoutMs } = this.durability;
    const acked = Number(await (this.redis as Redis).call('WAIT', n, timeoutMs));
    if (acked < n) {
      throw new LogUnavailableError(`appended, but only ${acked} of ${n} replicas confirmed within ${timeoutMs} ms; retry with the same Idempotency-Key`, 1);
    }
    return result;
  }

  // ---------------------------------------------------------------- shared values

  /** A value shared by every node (e.g. the JWT secret): the first writer wins. */
  async sharedSecret(name: string, candidate: string): Promise<string> {
    await this.redis.set(k.secret(name), candidate, 'NX');
    return (await this.redis.get(k.secret(name))) ?? candidate;
  }

  /** True for exactly one caller per organisation: that node seeds the demo events. */
  async claimSeed(orgId: string): Promise<boolean> {
    return (await this.redis.set(k.seeded(orgId), '1', 'NX')) === 'OK';
  }

  private remember(orgId: string): void {
    if (this.knownOrgs.has(orgId)) return;
    this.knownOrgs.add(orgId);
    void this.redis.sadd(k.orgs, orgId).catch(() => this.knownOrgs.delete(orgId));
  }

  // ---------------------------------------------------------------- reading

  /** Epoch, head and (count > 0) the entries after `afterSeq`, atomically. */
  private async readRaw(orgId: string, afterSeq: number, count: number, uptoSeq?: number): Promise<ReadResult> {
    const [epoch, head, oldest, entries, tip] = (await readScript.run(this.redis, [...logKeys(orgId), k.tip(orgId)], [newEpoch(), afterSeq, count])) as [
      string,
      string,
      string,
      StreamEntry[],
      string,
    ];
    const headSeq = Number(head);
    let events = toEvents(entries);
    if (uptoSeq !== undefined && events.length > 0 && events[events.length - 1].seq > uptoSeq) events = events.filter((e) => e.seq <= uptoSeq);
    return { info: { orgId, epoch, headSeq, oldestSeq: oldest ? Number.parseInt(oldest, 10) : headSeq + 1 }, events, tip };
  }

  private infoNow(orgId: string): Promise<LogInfo> {
    this.remember(orgId);
    return this.readRaw(orgId, 0, 0).then((r) => r.info);
  }

  async info(orgId: string): Promise<LogInfo> {
    return this.guarded('info', () => this.infoNow(orgId));
  }

  async read(orgId: string, afterSeq: number, limit: number, uptoSeq?: number): Promise<LogEvent[]> {
    return this.guarded('read', async () => {
      const entries = (await this.redis.xrange(
        k.log(orgId),
        `${afterSeq + 1}-0`,
        uptoSeq === undefined ? '+' : `${uptoSeq}-0`,
        'COUNT',
        limit,
      )) as StreamEntry[];
      return toEvents(entries);
    });
  }

  // ---------------------------------------------------------------- appending

  /**
   * One append attempt on the chain tip `tip`: builds the events (seqs, hashes) on it
   * and runs the script, which refuses ('stale', with the current tip) if the log moved.
   */
  private async appendOn(
    orgId: string,
    tip: Tip,
    inputs: AppendInput[],
    mode: { kind: 'pub'; key: string } | { kind: 'cmd'; key: string; prefix: string } | { kind: 'none' },
  ): Promise<{ status: 'ok' | 'dup' | 'stale'; payload: string; epoch: string; tip: Tip }> {
    this.remember(orgId);
    const at = new Date().toISOString();
    const events: (string | number)[] = [];
    let hash = tip.hash;
    let seq = tip.head;
    for (const input of inputs) {
      const id = randomUUID();
      const data = JSON.stringify(input.data ?? null);
      const prevHash = hash;
      seq++;
      hash = eventHash(prevHash, seq, tip.epoch, id, input.kind, data);
      events.push(input.service, id, eventJson(seq, id, orgId, input.service, input.kind, at, data, input.causedBy, { epoch: tip.epoch, prevHash, hash }));
    }
    const key = mode.kind === 'none' ? '' : mode.key;
    const args: (string | number)[] = [
      newEpoch(),
      this.history,
      tip.head,
      tip.epoch,
      tip.hash,
      mode.kind,
      mode.kind === 'cmd' ? mode.prefix : '',
      inputs.length,
      orgId,
      hash,
      ...events,
    ];
    const reply = (await appendScript.run(this.redis, [...logKeys(orgId), k.pub(orgId, key), k.cmd(orgId, key), k.tip(orgId)], args)) as [
      'ok' | 'dup' | 'stale',
      string,
      string,
      string?,
    ];
    const [status, payload, epoch] = reply;
    let now: Tip = tip;
    if (status === 'ok') now = { epoch, head: seq, hash };
    else if (status === 'stale') now = { epoch, head: Number(payload), hash: reply[3] ?? GENESIS_HASH };
    if (status !== 'dup') this.tips.set(orgId, now);
    return { status, payload, epoch, tip: now };
  }

  /** Serializes this node's publishes per organisation: they never race each other for the tip. */
  private serial<T>(orgId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.appendLocks.get(orgId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.appendLocks.set(orgId, tail);
    void tail.then(() => {
      if (this.appendLocks.get(orgId) === tail) this.appendLocks.delete(orgId);
    });
    return next;
  }

  private async tipOf(orgId: string): Promise<Tip> {
    const known = this.tips.get(orgId);
    if (known) return known;
    const r = await this.readRaw(orgId, 0, 0);
    const tip = { epoch: r.info.epoch, head: r.info.headSeq, hash: r.tip };
    this.tips.set(orgId, tip);
    return tip;
  }

  async publish(orgId: string, input: AppendInput, idempotencyKey?: string): Promise<PublishResult> {
    return this.guarded('publish', () =>
      this.durable(
        this.serial(orgId, async () => {
          let tip = await this.tipOf(orgId);
          // Stale only when another node appended meanwhile; each retry starts from the tip the refusal returned.
          for (let attempt = 0; attempt < 50; attempt++) {
            const r = await this.appendOn(orgId, tip, [input], idempotencyKey ? { kind: 'pub', key: idempotencyKey } : { kind: 'none' });
            if (r.status === 'stale') {
              tip = r.tip;
              continue;
            }
            const [seq, id] = r.payload.split(',')[0].split(' ');
            if (r.status === 'ok') this.maybeCheckpoint(orgId, Number(seq), Number(seq));
            return { seq: Number(seq), id, duplicate: r.status === 'dup' };
          }
          throw new LogUnavailableError('too much concurrent activity on this organisation; retry', 1, 'contention');
        }),
      ),
    );
  }

  private get checkpointEvery(): number {
    return Math.max(1, Math.min(1000, Math.floor(this.history / 4)));
  }

  /**
   * Seqs are dense and each is assigned to exactly one appender, so the node
   * whose append crosses a multiple of the interval writes the checkpoint:
   * the projection can always be rebuilt even if only services publish and
   * MAXLEN trims the stream.
   */
  private maybeCheckpoint(orgId: string, firstSeq: number, lastSeq: number): void {
    const every = this.checkpointEvery;
    if (Math.floor(lastSeq / every) === Math.floor((firstSeq - 1) / every)) return;
    void this.locked(orgId, () => this.caughtUp(orgId)).catch((err: unknown) =>
      this.logger.warn({ err: err instanceof Error ? err.message : String(err), orgId }, 'projection checkpoint failed'),
    );
  }

  /** Serializes work per organisation on this node (state catch-up and commands). */
  private locked<T>(orgId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(orgId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.locks.set(orgId, tail);
    void tail.then(() => {
      if (this.locks.get(orgId) === tail) this.locks.delete(orgId);
    });
    return next;
  }

  /** Brings the cached projection up to the log head. Call under `locked`. */
  private async caughtUp(orgId: string): Promise<CachedState> {
    this.remember(orgId);
    const { info, tip } = await this.readRaw(orgId, 0, 0);
    let c = this.cache.get(orgId);
    if (!c || c.epoch !== info.epoch || c.seq > info.headSeq) {
      c = { epoch: info.epoch, seq: 0, hash: GENESIS_HASH, state: emptyState(), checkpointedSeq: 0 };
      this.cache.set(orgId, c);
    }
    while (c.seq < info.headSeq) {
      const page = (await this.readRaw(orgId, c.seq, 2000, info.headSeq)).events;
      if (page.length === 0 || page[0].seq !== c.seq + 1) {
        // Our cache is older than the retained history: start from the shared checkpoint.
        const raw = await this.redis.get(k.state(orgId));
        const cp = raw ? (JSON.parse(raw) as { epoch: string; seq: number; state: HotelStateJson }) : null;
        if (!cp || cp.epoch !== info.epoch || cp.seq < c.seq || cp.seq < info.oldestSeq - 1 || cp.seq > info.headSeq) {
          throw new LogUnavailableError('the projected state cannot be rebuilt from the retained history', 2, 'state_unavailable');
        }
        c.seq = cp.seq;
        c.state = stateFromJson(cp.state);
        c.checkpointedSeq = cp.seq;
        continue;
      }
      for (const e of page) {
        const parsed = JSON.parse(e.json) as { kind: string; data: unknown };
        applyEvent(c.state, parsed);
      }
      c.seq = page[page.length - 1].seq;
    }
    // Read atomically with the head we caught up to: the hash of the event at c.seq.
    c.hash = tip;
    // Checkpoint now and then, well before the history window could pass it.
    if (c.seq - c.checkpointedSeq >= this.checkpointEvery) {
      const body = JSON.stringify({ epoch: c.epoch, seq: c.seq, state: stateToJson(c.state) });
      await checkpointScript.run(this.redis, [k.state(orgId)], [c.seq, c.epoch, body]);
      c.checkpointedSeq = c.seq;
    }
    return c;
  }

  async runCommand(orgId: string, actor: Actor, key: string, command: Command, takenAt: Date): Promise<CommandOutcome> {
    const hash = commandHash(command);
    // Stored as "hash\nstatus\npayload": status "200" with "seq id,…" for applied, else the refusal's JSON.
    const decode = (record: string): CommandOutcome => {
      const [storedHash, status, payload] = record.split('\n');
      if (storedHash !== hash) return { kind: 'key_reused' };
      if (status === '200') return { kind: 'applied', events: eventsBody(payload).events, replayed: true };
      const body = JSON.parse(payload) as { refusal?: Refusal; error?: Refusal };
      return { kind: 'refused', refusal: (body.refusal ?? body.error)!, replayed: true };
    };
    return this.guarded('command', () =>
      this.durable(
        this.locked(orgId, async () => {
          for (let attempt = 0; attempt < 20; attempt++) {
            const seen = await this.redis.get(k.cmd(orgId, key));
            if (seen) return decode(seen);
            const c = await this.caughtUp(orgId);
            const planned = planAppend(c.state, command, key, takenAt, actor);
            if (!planned.ok) {
              const stored = await this.redis.set(
                k.cmd(orgId, key),
                `${hash}\n409\n${JSON.stringify({ refusal: planned.refusal })}`,
                'EX',
                RECORD_TTL_SECONDS,
                'NX',
              );
              if (stored !== 'OK') continue;
              return { kind: 'refused', refusal: planned.refusal, replayed: false };
            }
            if (planned.inputs.length === 0) {
              const stored = await this.redis.set(k.cmd(orgId, key), `${hash}\n200\n`, 'EX', RECORD_TTL_SECONDS, 'NX');
              if (stored !== 'OK') continue;
              return { kind: 'applied', events: [], replayed: false };
            }
            const r = await this.appendOn(orgId, { head: c.seq, epoch: c.epoch, hash: c.hash }, planned.inputs, { kind: 'cmd', key, prefix: `${hash}\n200\n` });
            if (r.status === 'dup') return decode(r.payload);
            if (r.status === 'ok') {
              const events = eventsBody(r.payload).events;
              this.maybeCheckpoint(orgId, events[0].seq, events[events.length - 1].seq);
              return { kind: 'applied', events, replayed: false };
            }
            // 'stale': another node appended since we read the state; re-plan.
          }
          throw new LogUnavailableError('too much concurrent activity on this organisation; retry', 1, 'contention');
        }),
      ),
    );
  }

  async snapshot(orgId: string): Promise<Snapshot> {
    return this.guarded('snapshot', () =>
      this.locked(orgId, async () => {
        const c = await this.caughtUp(orgId);
        return { orgId, epoch: c.epoch, seq: c.seq, hash: c.hash, state: stateToJson(c.state) };
      }),
    );
  }

  async truncate(orgId: string, keepLast: number): Promise<LogInfo> {
    return this.guarded('truncate', async () => {
      // Checkpoint first so nodes can still rebuild the projection after the trim.
      await this.locked(orgId, async () => {
        const c = await this.caughtUp(orgId);
        const body = JSON.stringify({ epoch: c.epoch, seq: c.seq, state: stateToJson(c.state) });
        await checkpointScript.run(this.redis, [k.state(orgId)], [c.seq, c.epoch, body]);
        c.checkpointedSeq = c.seq;
      });
      await this.redis.xtrim(k.log(orgId), 'MAXLEN', keepLast);
      return this.infoNow(orgId);
    });
  }

  // ---------------------------------------------------------------- subscriptions

  async subscribe(orgId: string, listener: SubscriptionListener): Promise<Subscription> {
    const start = await this.info(orgId);
    const r: OrgReader = { orgId, listener, epoch: start.epoch, last: start.headSeq, pumping: false, again: false, closed: false };
    let set = this.readers.get(orgId);
    if (!set) {
      set = new Set();
      this.readers.set(orgId, set);
    }
    set.add(r);
    // An append between our info and the registration above notified nobody: look once.
    this.pump(r);
    return {
      startSeq: start.headSeq,
      close: () => {
        r.closed = true;
        const s = this.readers.get(orgId);
        if (s && s.delete(r) && s.size === 0) this.readers.delete(orgId);
      },
    };
  }

  /** Readers of this node that hold subscriptions (for tests and metrics). */
  get readerCount(): number {
    let n = 0;
    for (const s of this.readers.values()) n += s.size;
    return n;
  }

  private onNotify(message: string): void {
    // `org epoch head`: epoch and head never contain spaces, an organisation id might.
    const h = message.lastIndexOf(' ');
    const e = message.lastIndexOf(' ', h - 1);
    if (e <= 0) return;
    const orgId = message.slice(0, e);
    const epoch = message.slice(e + 1, h);
    const head = message.slice(h + 1);
    const set = this.readers.get(orgId);
    if (!set) return;
    const headSeq = Number(head);
    for (const r of set) {
      // Already delivered in this history: nothing to read. Another epoch always is.
      if (epoch === r.epoch && headSeq <= r.last) continue;
      this.pump(r);
    }
  }

  private pumpAll(): void {
    for (const set of this.readers.values()) for (const r of set) this.pump(r);
  }

  /** One read loop per reader at a time; a notification during it makes it look again. */
  private pump(r: OrgReader): void {
    if (r.closed) return;
    if (r.pumping) {
      r.again = true;
      return;
    }
    r.pumping = true;
    void this.pumpLoop(r).then(
      () => this.pumpDone(r),
      (err: unknown) => {
        this.logger.warn({ err: err instanceof Error ? err.message : String(err), orgId: r.orgId }, 'redis reader failed; it resumes when Redis answers');
        this.pumpDone(r);
      },
    );
  }

  private pumpDone(r: OrgReader): void {
    r.pumping = false;
    if (r.again && !r.closed && this.state.ok) {
      r.again = false;
      this.pump(r);
    }
  }

  private async pumpLoop(r: OrgReader): Promise<void> {
    // Bounded: a reader far behind yields after this many pages and is pumped again.
    for (let page = 0; page < 50; page++) {
      r.again = false;
      const { info, events } = await this.readRaw(r.orgId, r.last, READ_PAGE);
      if (r.closed) return;
      if (info.epoch !== r.epoch) {
        this.logger.warn({ orgId: r.orgId, from: r.epoch, to: info.epoch, delivered: r.last, head: info.headSeq }, 'log epoch changed under a reader');
        this.gap(r, info);
        continue;
      }
      if (info.headSeq < r.last) {
        // Same epoch, yet seqs we delivered are gone: their numbers would be handed out
        // again with other content. That history is over: start a new epoch.
        const epoch = (await bumpScript.run(this.redis, logKeys(r.orgId), [newEpoch(), r.epoch, newEpoch()])) as string;
        this.logger.warn({ orgId: r.orgId, delivered: r.last, head: info.headSeq, epoch }, 'log head behind what was delivered: new epoch');
        if (r.closed) return;
        this.gap(r, await this.infoNow(r.orgId));
        continue;
      }
      if (events.length === 0) {
        if (info.headSeq > r.last) {
          // Appended but no longer retained (trimmed under a slow reader).
          this.gap(r, info);
          continue;
        }
        return;
      }
      if (events[0].seq !== r.last + 1) {
        this.logger.warn({ orgId: r.orgId, expected: r.last + 1, got: events[0].seq }, 'redis reader lost continuity');
        this.gap(r, info);
        continue;
      }
      r.last = events[events.length - 1].seq;
      r.listener.events(events);
      if (events.length < READ_PAGE && !r.again) return;
    }
    r.again = true;
  }

  private gap(r: OrgReader, info: LogInfo): void {
    r.epoch = info.epoch;
    r.last = info.headSeq;
    r.listener.gap(info);
  }

  async orgCount(): Promise<number> {
    return this.redis.scard(k.orgs);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.probe);
    this.readers.clear();
    this.notify.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Refuses to start on a Redis that cannot give the durability asked for. */
async function checkDurability(redis: RedisClient, d: Durability): Promise<void> {
  if (d.kind === 'async') return;
  if (redis instanceof Cluster && d.kind === 'replicas') {
    throw new Error('--redis-durability replicas:N is not supported with --redis-cluster (WAIT must run on the shard that took the write)');
  }
  if (d.kind === 'aof-always') {
    const nodes: Redis[] = redis instanceof Cluster ? redis.nodes('master') : [redis];
    for (const node of nodes) {
      const [, appendonly] = (await node.config('GET', 'appendonly')) as string[];
      const [, fsync] = (await node.config('GET', 'appendfsync')) as string[];
      if (appendonly !== 'yes' || fsync !== 'always') {
        throw new Error(
          `--redis-durability aof-always needs Redis with appendonly yes and appendfsync always (${node.options.host}:${node.options.port} has appendonly ${appendonly}, appendfsync ${fsync})`,
        );
      }
    }
  }
}

function eventsBody(payload: string): { events: { seq: number; id: string }[] } {
  if (!payload) return { events: [] };
  return {
    events: payload.split(',').map((pair) => {
      const [seq, id] = pair.split(' ');
      return { seq: Number(seq), id };
    }),
  };
}
