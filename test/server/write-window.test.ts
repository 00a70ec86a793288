/**
 * The hub's adaptive write window (server/realtime/org-hub.ts), against fake sockets so
 * the flush that is "slower than the events" is forced, not hoped for: a socket's write
 * spins for a while, events then arrive one turn apart. Checked: with the window, the
 * events that arrive meanwhile share ONE write per socket; every socket still gets every
 * event once, in order; a desk that goes live while a flush is held gets exactly what
 * it has not had; the delivery counter counts each delivery once; without the window
 * (0) every turn's events are written separately; a publish that joins a held flush
 * behind an earlier event is answered once that flush is written (fan-out backpressure).
 * No timing thresholds: only counts and order are asserted.
 */
import { describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import type WebSocket from 'ws';
import { pino } from 'pino';
import type { EventLog, LogEvent, LogInfo, SubscriptionListener } from '../../server/log/types.ts';
import { GatewayMetrics } from '../../server/metrics.ts';
import { Conn, OrgHub } from '../../server/realtime/org-hub.ts';

const ORG = 'window-hotel';
const turn = () => new Promise<void>((r) => setImmediate(r));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** An in-memory log: publish() appends and notifies the subscriber synchronously. */
class MemoryLog {
  readonly events: LogEvent[] = [];
  private listener: SubscriptionListener | null = null;
  health() {
    return { ok: true, reason: null, since: new Date(0).toISOString() };
  }
  onHealth(): void {}
  async info(orgId: string): Promise<LogInfo> {
    return { orgId, epoch: 'ep_test', headSeq: this.events.length, oldestSeq: 1 };
  }
  async read(_orgId: string, afterSeq: number, limit: number, uptoSeq = Number.MAX_SAFE_INTEGER): Promise<LogEvent[]> {
    return this.events.filter((e) => e.seq > afterSeq && e.seq <= uptoSeq).slice(0, limit);
  }
  async subscribe(_orgId: string, listener: SubscriptionListener) {
    this.listener = listener;
    return { startSeq: this.events.length, close: () => (this.listener = null) };
  }
  publish(service = 'housekeeping'): void {
    const seq = this.events.length + 1;
    const e = { seq, service, json: JSON.stringify({ seq, service, kind: 'room.status_changed', data: { n: seq } }) };
    this.events.push(e);
    this.listener?.events([e]);
  }
}

/** A socket that records its writes (and can spin in them, to make a flush slow). */
class FakeSocket {
  writes: Buffer[] = [];
  writableLength = 0;
  spinMs = 0;
  write(buf: Buffer): boolean {
    this.writes.push(Buffer.from(buf));
    const until = performance.now() + this.spinMs;
    while (performance.now() < until) {
      // a slow write
    }
    return true;
  }
  on(): this {
    return this;
  }
  off(): this {
    return this;
  }
  /** Seqs of the event frames written, in order (frames parsed from the raw bytes). */
  eventSeqs(): number[] {
    const seqs: number[] = [];
    for (const buf of this.writes) {
      let off = 0;
      while (off < buf.length) {
        let len = buf[off + 1] & 0x7f;
        let head = 2;
        if (len === 126) {
          len = buf.readUInt16BE(off + 2);
          head = 4;
        }
        const text = buf.subarray(off + head, off + head + len).toString('utf8');
        const frame = JSON.parse(text) as { type: string; seq?: number };
        if (frame.type === 'event') seqs.push(frame.seq!);
        off += head + len;
      }
    }
    return seqs;
  }
}

function desk(id: string, services: string[] | null = null): { conn: Conn; socket: FakeSocket } {
  const socket = new FakeSocket();
  const ws = { readyState: 1, close() {}, terminate() {}, ping() {} };
  const set = services ? new Set(services) : null;
  const conn = new Conn(
    id,
    ws as unknown as WebSocket,
    socket as unknown as Socket,
    ORG,
    `u-${id}`,
    Date.now() / 1000 + 3600,
    set,
    services ? [...services].sort().join(',') : '',
  );
  return { conn, socket };
}

function hubWith(windowMs: number) {
  const log = new MemoryLog();
  const metrics = new GatewayMetrics();
  const hub = new OrgHub({
    log: log as unknown as EventLog,
    logger: pino({ level: 'silent' }),
    metrics,
    sendBudgetBytes: 4 * 1024 * 1024,
    replayPageSize: 1000,
    heartbeatMs: 30_000,
    writeWindowMs: windowMs,
  });
  return { log, metrics, hub };
}

/**
 * One desk of a hotel whose first flush was slow (its socket spun 30 ms), so the hub
 * holds the hotel's next flush for the window: the start of the backpressure cases.
 */
async function hotelBehindItsFanOut(): Promise<{ log: MemoryLog; hub: OrgHub; d: ReturnType<typeof desk> }> {
  const { log, hub } = hubWith(2);
  const d = desk('a');
  await hub.attach(d.conn, {});
  d.socket.spinMs = 30;
  log.publish();
  await turn();
  await turn();
  d.socket.spinMs = 0;
  return { log, hub, d };
}

/** A flush that takes a while (the first socket spins), then events one turn apart. */
async function slowFlushThenTrickle(log: MemoryLog, slow: FakeSocket, trickle: number): Promise<void> {
  slow.spinMs = 30;
  log.publish();
  await turn();
  await turn();
  slow.spinMs = 0;
  for (let i = 0; i < trickle; i++) {
    log.publish();
    await turn();
  }
  await sleep(20);
}

describe('adaptive write window', () => {
  it('events arriving faster than a flush writes them share one write per socket, in order, each once', async () => {
    const { log, metrics, hub } = hubWith(2);
    const desks = [desk('a'), desk('b'), desk('c')];
    for (const d of desks) await hub.attach(d.conn, {});
    await slowFlushThenTrickle(log, desks[0].socket, 3);
    for (const d of desks) {
      expect(d.socket.eventSeqs()).toEqual([1, 2, 3, 4]);
      // hello + caught_up, the slow flush, then ONE write for the three events that came one turn apart.
      expect(d.socket.writes.length).toBe(4);
    }
    expect(metrics.eventsDelivered).toBe(4 * desks.length);
    hub.stop();
  });

  it('without the window (0) every turn is written on its own', async () => {
    const { log, metrics, hub } = hubWith(0);
    const desks = [desk('a'), desk('b')];
    for (const d of desks) await hub.attach(d.conn, {});
    await slowFlushThenTrickle(log, desks[0].socket, 3);
    for (const d of desks) {
      expect(d.socket.eventSeqs()).toEqual([1, 2, 3, 4]);
      expect(d.socket.writes.length).toBe(2 + 4);
    }
    expect(metrics.eventsDelivered).toBe(4 * desks.length);
    hub.stop();
  });

  it('a desk that goes live while a flush is held gets every event once, and service filters still apply', async () => {
    const { log, metrics, hub } = hubWith(2);
    const first = desk('a');
    const filtered = desk('f', ['front_office']);
    await hub.attach(first.conn, {});
    await hub.attach(filtered.conn, {});
    first.socket.spinMs = 30;
    log.publish();
    await turn();
    await turn();
    first.socket.spinMs = 0;
    // Held: these wait for the window. A desk resuming from seq 0 attaches meanwhile.
    log.publish('front_office');
    log.publish();
    const late = desk('late');
    const attached = hub.attach(late.conn, { lastSeq: 0, epoch: 'ep_test' });
    log.publish('front_office');
    await attached;
    await sleep(20);
    log.publish();
    await sleep(20);
    expect(first.socket.eventSeqs()).toEqual([1, 2, 3, 4, 5]);
    expect(late.socket.eventSeqs()).toEqual([1, 2, 3, 4, 5]);
    expect(filtered.socket.eventSeqs()).toEqual([2, 4]);
    expect(metrics.eventsDelivered).toBe(5 + 5 + 2);
    hub.stop();
  });

  it('fan-out backpressure: the first event of a held flush is answered at once, the next once the flush is written', async () => {
    const { log, hub, d } = await hotelBehindItsFanOut();
    expect(hub.written(ORG, 1)).toBeNull();
    log.publish();
    expect(hub.written(ORG, 2)).toBeNull();
    log.publish();
    const third = hub.written(ORG, 3);
    expect(third).not.toBeNull();
    await third;
    // Resolved only after the held flush wrote both events, in one write.
    expect(d.socket.eventSeqs()).toEqual([1, 2, 3]);
    expect(d.socket.writes.length).toBe(4);
    // Nothing held (no desk of that hotel, or a hotel that keeps up): answered at once.
    expect(hub.written('other-hotel', 1)).toBeNull();
    await sleep(20);
    log.publish();
    expect(hub.written(ORG, 4)).toBeNull();
    hub.stop();
  });

  it('a publisher waiting on a held flush is answered when the hotel channel is released', async () => {
    const { log, hub, d } = await hotelBehindItsFanOut();
    log.publish();
    log.publish();
    const waiting = hub.written(ORG, 3);
    expect(waiting).not.toBeNull();
    hub.detach(d.conn);
    await waiting;
    expect(d.socket.eventSeqs()).toEqual([1]);
    hub.stop();
  });

  it('a held flush of a channel released meanwhile writes nothing', async () => {
    const { log, hub, d } = await hotelBehindItsFanOut();
    log.publish();
    hub.detach(d.conn);
    await sleep(20);
    expect(d.socket.eventSeqs()).toEqual([1]);
    hub.stop();
  });
});
