/**
 * Redis Streams event log, for several gateway nodes sharing one log.
 *
 * Keys per organisation (hash-tagged `{org}` so they live in one cluster slot):
 *   fd:{org}:head   INCR-style counter: the last assigned seq
 *   fd:{org}:epoch  random id created with the log
 *   fd:{org}:log    the stream; entry id `<seq>-0` (so XRANGE by seq is natural),
 *                   fields s=service, j=event JSON (serialized once, at append)
 *   fd:{org}:pub:K  publish idempotency record "seq id"
 *   fd:{org}:cmd:K  command result "hash\nstatus\npayload"
 *   fd:{org}:state  projected state {epoch, seq, state} (a shared checkpoint)
 *   fd:orgs         set of organisations with a log
 *
 * Appends run in ONE Lua script: idempotency check, optional optimistic check
 * of the head (commands), seq assignment, XADD with MAXLEN ~ history.
 *
 * Subscriptions: each organisation with desks on this node gets ONE dedicated
 * connection running XREAD BLOCK on its stream (a blocked connection cannot
 * serve anything else; hotels number in the tens per node, so one connection
 * each is cheaper than multiplexing a shared reader). Closing the subscription
 * disconnects it.
 *
 * Projection: each node keeps the state per org in memory and catches it up
 * from the stream before a snapshot or a command; it checkpoints it to
 * fd:{org}:state so a node whose cache is older than the retained history can
 * start from the checkpoint. Commands are validated on the caught-up state and
 * appended with the head they saw; if another node appended meanwhile the
 * script refuses and the command is re-planned.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Command } from '../../shared/commands.ts';
import type { Refusal } from '../../shared/planner.ts';
import { applyEvent, emptyState, stateFromJson, stateToJson, type HotelState, type HotelStateJson } from '../../shared/projection.ts';
import { commandHash } from '../commands/command-hash.ts';
import type { Logger } from '../logger.ts';
import { newEpoch, planAppend } from './common.ts';
import {
  eventJson,
  LogUnavailableError,
  type Actor,
  type AppendInput,
  type CommandOutcome,
  type EventLog,
  type LogEvent,
  type LogInfo,
  type PublishResult,
  type Snapshot,
  type Subscription,
  type SubscriptionListener,
} from './types.ts';

const APPEND_LUA = `
local head = tonumber(redis.call('GET', KEYS[1]) or '0')
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[2], ARGV[2])
  redis.call('SADD', KEYS[5], ARGV[1])
end
if ARGV[5] == 'pub' then
  local seen = redis.call('GET', KEYS[4])
  if seen then return {'dup', seen} end
elseif ARGV[5] == 'cmd' then
  local seen = redis.call('GET', KEYS[6])
  if seen then return {'dup', seen} end
end
if ARGV[4] ~= '' and tonumber(ARGV[4]) ~= head then return {'stale', tostring(head)} end
local n = tonumber(ARGV[7])
local out = {}
for i = 0, n - 1 do
  head = head + 1
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[3], head .. '-0', 's', ARGV[8 + i * 3], 'j', '{"seq":' .. head .. ARGV[10 + i * 3])
  out[#out + 1] = head .. ' ' .. ARGV[9 + i * 3]
end
redis.call('SET', KEYS[1], head)
local result = table.concat(out, ',')
if ARGV[5] == 'pub' then
  redis.call('SET', KEYS[4], result, 'EX', 604800)
elseif ARGV[5] == 'cmd' then
  redis.call('SET', KEYS[6], ARGV[6] .. result, 'EX', 604800)
end
return {'ok', result}
`;

const INFO_LUA = `
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[2], ARGV[2])
  redis.call('SADD', KEYS[4], ARGV[1])
end
local head = redis.call('GET', KEYS[1]) or '0'
local first = redis.call('XRANGE', KEYS[3], '-', '+', 'COUNT', 1)
local oldest = ''
if first[1] then oldest = first[1][1] end
return {redis.call('GET', KEYS[2]), head, oldest}
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
  async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return redis.eval(this.lua, keys.length, ...keys, ...args);
      throw err;
    }
  }
}

const appendScript = new Script(APPEND_LUA);
const infoScript = new Script(INFO_LUA);
const checkpointScript = new Script(CHECKPOINT_LUA);

const k = {
  head: (org: string) => `fd:{${org}}:head`,
  epoch: (org: string) => `fd:{${org}}:epoch`,
  log: (org: string) => `fd:{${org}}:log`,
  pub: (org: string, key: string) => `fd:{${org}}:pub:${key}`,
  cmd: (org: string, key: string) => `fd:{${org}}:cmd:${key}`,
  state: (org: string) => `fd:{${org}}:state`,
  orgs: 'fd:orgs',
  seeded: (org: string) => `fd:{${org}}:seeded`,
  secret: (name: string) => `fd:secret:${name}`,
};

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
  state: HotelState;
  checkpointedSeq: number;
}

export class RedisEventLog implements EventLog {
  readonly mode = 'redis' as const;
  private readonly cache = new Map<string, CachedState>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly readers = new Set<Redis>();

  private constructor(
    private readonly redis: Redis,
    private readonly history: number,
    private readonly logger: Logger,
  ) {}

  static async connect(url: string, history: number, logger: Logger): Promise<RedisEventLog> {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis error'));
    await redis.connect();
    return new RedisEventLog(redis, history, logger);
  }

  /** The command connection, for other Redis-backed stores of this node. */
  get client(): Redis {
    return this.redis;
  }

  /** A value shared by every node (e.g. the JWT secret): the first writer wins. */
  async sharedSecret(name: string, candidate: string): Promise<string> {
    await this.redis.set(k.secret(name), candidate, 'NX');
    return (await this.redis.get(k.secret(name))) ?? candidate;
  }

  /** True for exactly one caller per organisation: that node seeds the demo events. */
  async claimSeed(orgId: string): Promise<boolean> {
    return (await this.redis.set(k.seeded(orgId), '1', 'NX')) === 'OK';
  }

  async info(orgId: string): Promise<LogInfo> {
    const [epoch, head, oldest] = (await infoScript.run(
      this.redis,
      [k.head(orgId), k.epoch(orgId), k.log(orgId), k.orgs],
      [orgId, newEpoch()],
    )) as [string, string, string];
    const headSeq = Number(head);
    return { orgId, epoch, headSeq, oldestSeq: oldest ? Number.parseInt(oldest, 10) : headSeq + 1 };
  }

  async read(orgId: string, afterSeq: number, limit: number, uptoSeq?: number): Promise<LogEvent[]> {
    const entries = (await this.redis.xrange(
      k.log(orgId),
      `${afterSeq + 1}-0`,
      uptoSeq === undefined ? '+' : `${uptoSeq}-0`,
      'COUNT',
      limit,
    )) as StreamEntry[];
    return toEvents(entries);
  }

  private async append(
    orgId: string,
    inputs: AppendInput[],
    mode: { kind: 'pub'; key: string } | { kind: 'cmd'; key: string; prefix: string } | { kind: 'none' },
    expectedHead: number | null,
  ): Promise<{ status: 'ok' | 'dup' | 'stale'; payload: string }> {
    const at = new Date().toISOString();
    const args: (string | number)[] = [
      orgId,
      newEpoch(),
      this.history,
      expectedHead === null ? '' : expectedHead,
      mode.kind,
      mode.kind === 'cmd' ? mode.prefix : '',
      inputs.length,
    ];
    const prefixLength = '{"seq":0'.length;
    for (const input of inputs) {
      const id = randomUUID();
      const json = eventJson(0, id, orgId, input.service, input.kind, at, JSON.stringify(input.data ?? null), input.causedBy);
      args.push(input.service, id, json.slice(prefixLength));
    }
    const key = mode.kind === 'none' ? '' : mode.key;
    const [status, payload] = (await appendScript.run(
      this.redis,
      [k.head(orgId), k.epoch(orgId), k.log(orgId), k.pub(orgId, key), k.orgs, k.cmd(orgId, key)],
      args,
    )) as ['ok' | 'dup' | 'stale', string];
    return { status, payload };
  }

  async publish(orgId: string, input: AppendInput, idempotencyKey?: string): Promise<PublishResult> {
    const r = await this.append(orgId, [input], idempotencyKey ? { kind: 'pub', key: idempotencyKey } : { kind: 'none' }, null);
    const [seq, id] = r.payload.split(',')[0].split(' ');
    if (r.status === 'ok') this.maybeCheckpoint(orgId, Number(seq), Number(seq));
    return { seq: Number(seq), id, duplicate: r.status === 'dup' };
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
    const info = await this.info(orgId);
    let c = this.cache.get(orgId);
    if (!c || c.epoch !== info.epoch) {
      c = { epoch: info.epoch, seq: 0, state: emptyState(), checkpointedSeq: 0 };
      this.cache.set(orgId, c);
    }
    while (c.seq < info.headSeq) {
      const page = await this.read(orgId, c.seq, 2000, info.headSeq);
      if (page.length === 0 || page[0].seq !== c.seq + 1) {
        // Our cache is older than the retained history: start from the shared checkpoint.
        const raw = await this.redis.get(k.state(orgId));
        const cp = raw ? (JSON.parse(raw) as { epoch: string; seq: number; state: HotelStateJson }) : null;
        if (!cp || cp.epoch !== info.epoch || cp.seq < c.seq || cp.seq < info.oldestSeq - 1) {
          throw new LogUnavailableError('state_unavailable', 'the projected state cannot be rebuilt from the retained history');
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
    return this.locked(orgId, async () => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const seen = await this.redis.get(k.cmd(orgId, key));
        if (seen) return decode(seen);
        const c = await this.caughtUp(orgId);
        const planned = planAppend(c.state, command, key, takenAt, actor);
        if (!planned.ok) {
          const stored = await this.redis.set(k.cmd(orgId, key), `${hash}\n409\n${JSON.stringify({ refusal: planned.refusal })}`, 'EX', RECORD_TTL_SECONDS, 'NX');
          if (stored !== 'OK') continue;
          return { kind: 'refused', refusal: planned.refusal, replayed: false };
        }
        if (planned.inputs.length === 0) {
          const stored = await this.redis.set(k.cmd(orgId, key), `${hash}\n200\n`, 'EX', RECORD_TTL_SECONDS, 'NX');
          if (stored !== 'OK') continue;
          return { kind: 'applied', events: [], replayed: false };
        }
        const r = await this.append(orgId, planned.inputs, { kind: 'cmd', key, prefix: `${hash}\n200\n` }, c.seq);
        if (r.status === 'dup') return decode(r.payload);
        if (r.status === 'ok') {
          const events = eventsBody(r.payload).events;
          this.maybeCheckpoint(orgId, events[0].seq, events[events.length - 1].seq);
          return { kind: 'applied', events, replayed: false };
        }
        // 'stale': another node appended since we read the state; re-plan.
      }
      throw new LogUnavailableError('contention', 'too much concurrent activity on this organisation; retry');
    });
  }

  async snapshot(orgId: string): Promise<Snapshot> {
    return this.locked(orgId, async () => {
      const c = await this.caughtUp(orgId);
      return { orgId, epoch: c.epoch, seq: c.seq, state: stateToJson(c.state) };
    });
  }

  async truncate(orgId: string, keepLast: number): Promise<LogInfo> {
    // Checkpoint first so nodes can still rebuild the projection after the trim.
    await this.locked(orgId, async () => {
      const c = await this.caughtUp(orgId);
      const body = JSON.stringify({ epoch: c.epoch, seq: c.seq, state: stateToJson(c.state) });
      await checkpointScript.run(this.redis, [k.state(orgId)], [c.seq, c.epoch, body]);
      c.checkpointedSeq = c.seq;
    });
    await this.redis.xtrim(k.log(orgId), 'MAXLEN', keepLast);
    return this.info(orgId);
  }

  async subscribe(orgId: string, listener: SubscriptionListener): Promise<Subscription> {
    const start = await this.info(orgId);
    const reader = this.redis.duplicate({ maxRetriesPerRequest: null });
    reader.on('error', (err: Error) => this.logger.debug({ err: err.message, orgId }, 'redis reader error'));
    this.readers.add(reader);
    let closed = false;
    let last = start.headSeq;
    let epoch = start.epoch;
    const loop = async () => {
      while (!closed) {
        try {
          const res = (await reader.xread('COUNT', 2000, 'BLOCK', 0, 'STREAMS', k.log(orgId), `${last}-0`)) as
            | [string, StreamEntry[]][]
            | null;
          if (closed) return;
          if (!res) continue;
          const events = toEvents(res[0][1]);
          if (events.length === 0) continue;
          if (events[0].seq !== last + 1) {
            const info = await this.info(orgId);
            this.logger.warn({ orgId, expected: last + 1, got: events[0].seq }, 'redis reader lost continuity');
            last = info.headSeq;
            epoch = info.epoch;
            listener.gap(info);
            continue;
          }
          last = events[events.length - 1].seq;
          listener.events(events);
        } catch (err) {
          if (closed) return;
          this.logger.warn({ err: err instanceof Error ? err.message : String(err), orgId }, 'redis reader failed; retrying');
          await new Promise((r) => setTimeout(r, 500));
          try {
            const info = await this.info(orgId);
            if (info.epoch !== epoch || info.headSeq < last) {
              last = info.headSeq;
              epoch = info.epoch;
              listener.gap(info);
            }
          } catch {
            // Redis still down; the loop retries.
          }
        }
      }
    };
    void loop();
    return {
      startSeq: start.headSeq,
      close: () => {
        closed = true;
        this.readers.delete(reader);
        reader.disconnect();
      },
    };
  }

  async orgCount(): Promise<number> {
    return this.redis.scard(k.orgs);
  }

  async close(): Promise<void> {
    for (const r of this.readers) r.disconnect();
    this.readers.clear();
    await this.redis.quit().catch(() => this.redis.disconnect());
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
