/**
 * Benchmark client process: opens many connections to one server (the gateway, the
 * `ws` peers, Socket.IO over its engine.io WebSocket protocol, or the plain-TCP
 * floor), counts deliveries, tells the driver how many events reached ALL of its
 * connections (for the closed-loop phases of the one-hotel scenarios), and records
 * publish→receive latency of every delivery from the publisher's hrtime stamp
 * (CLOCK_MONOTONIC is machine-wide, so it is comparable across processes) into a
 * fixed-size histogram.
 *
 * Frames are not JSON-parsed: the seq and stamp are read with indexOf, the same
 * cheap way for every server, so the clients cost the same for each.
 *
 * Connections are spread over several loopback source addresses (127.0.0.1-4), so
 * 20,000 of them do not run out of ephemeral ports.
 */
import net from 'node:net';
import WebSocket from 'ws';
import { Histogram } from './histogram.ts';

export type ServerKind = 'frontdesk' | 'frontdesk-nowin' | 'ws' | 'ws-once' | 'ws-batch' | 'socketio' | 'tcp';

/** One connection group: `count` connections of organisation `org` (with its token for the gateway). */
export interface ConnectGroup {
  org: string;
  token?: string;
  count: number;
}

export type WorkerRequest =
  | { type: 'connect'; kind: ServerKind; url: string; streamPort?: number; groups: ConnectGroup[]; trackFully: boolean }
  | { type: 'latency'; on: boolean }
  | { type: 'count' }
  | { type: 'exit' };

export type WorkerReply =
  | { type: 'connected'; count: number; ms: number }
  | { type: 'progress'; fully: number }
  | { type: 'count'; delivered: number; fully: number }
  | { type: 'latencies'; hist: { pairs: number[]; max: number } }
  | { type: 'error'; message: string };

const send = (m: WorkerReply) => process.send?.(m);
const SOURCE_ADDRESSES = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'];

const closers: (() => void)[] = [];
let clients = 0;
let delivered = 0;
let fully = 0;
const counts = new Map<number, number>();
let latencyOn = false;
const hist = new Histogram();
let reportScheduled = false;
let opened = 0;
/** Count per seq how many of this process's connections got it (one-hotel scenarios only). */
let trackFully = true;

const SEQ = Buffer.from('"seq":');
const KIND = Buffer.from('"kind":');
const STAMP = Buffer.from('"t":');

function readInt(buf: Buffer, at: number): number {
  let n = 0;
  for (let i = at; i < buf.length; i++) {
    const c = buf[i];
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  return n;
}

function report(): void {
  reportScheduled = false;
  send({ type: 'progress', fully });
}

function onEvent(buf: Buffer): void {
  const at = buf.indexOf(SEQ);
  if (at < 0 || buf.indexOf(KIND, at) < 0) return;
  const seq = readInt(buf, at + SEQ.length);
  delivered++;
  if (!trackFully) {
    if (latencyOn) {
      const s = buf.indexOf(STAMP, at);
      if (s >= 0) hist.record((Number(process.hrtime.bigint()) - readInt(buf, s + STAMP.length)) / 1e6);
    }
    return;
  }
  const c = (counts.get(seq) ?? 0) + 1;
  if (c >= clients) {
    counts.delete(seq);
    fully++;
    if (!reportScheduled) {
      reportScheduled = true;
      setImmediate(report);
    }
  } else counts.set(seq, c);
  if (latencyOn) {
    const s = buf.indexOf(STAMP, at);
    if (s >= 0) hist.record((Number(process.hrtime.bigint()) - readInt(buf, s + STAMP.length)) / 1e6);
  }
}

function openTcp(port: number, org: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress: SOURCE_ADDRESSES[opened++ % SOURCE_ADDRESSES.length] });
    closers.push(() => socket.destroy());
    let ready = false;
    let rest = Buffer.alloc(0);
    socket.on('connect', () => socket.write(`${org}\n`));
    socket.on('error', (err) => {
      if (!ready) reject(err);
    });
    socket.on('data', (chunk: Buffer) => {
      let buf = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      let nl: number;
      while ((nl = buf.indexOf(0x0a)) >= 0) {
        const line = buf.subarray(0, nl);
        buf = buf.subarray(nl + 1);
        if (!ready) {
          ready = true;
          resolve();
        } else onEvent(line);
      }
      rest = buf.length > 0 ? Buffer.from(buf) : Buffer.alloc(0);
    });
  });
}

function open(kind: ServerKind, url: string, org: string, token: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const wsBase = url.replace('http', 'ws');
    const q = `org=${encodeURIComponent(org)}`;
    const target =
      kind === 'socketio' ? `${wsBase}/socket.io/?EIO=4&transport=websocket&${q}` : kind === 'frontdesk' ? `${wsBase}/v2/realtime/stream` : `${wsBase}/?${q}`;
    const ws = new WebSocket(target, {
      perMessageDeflate: false,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      localAddress: SOURCE_ADDRESSES[opened++ % SOURCE_ADDRESSES.length],
    });
    closers.push(() => ws.terminate());
    let ready = false;
    const markReady = () => {
      if (!ready) {
        ready = true;
        resolve();
      }
    };
    ws.on('error', (err) => {
      if (!ready) reject(err);
    });
    ws.on('close', (code) => {
      if (!ready) reject(new Error(`closed ${code} before ready`));
    });
    if (kind !== 'socketio' && kind !== 'frontdesk') ws.once('open', markReady);
    ws.on('message', (data: Buffer) => {
      if (kind === 'socketio') {
        // engine.io: "0{…}" open, "2" ping, "40…" namespace connected, "42[…]" event.
        const t0 = data[0];
        if (t0 === 0x30 /* 0 */) ws.send('40');
        else if (t0 === 0x32 /* 2 */ && data.length === 1) ws.send('3');
        else if (t0 === 0x34 && data[1] === 0x30) markReady();
        else onEvent(data);
        return;
      }
      if (!ready && kind === 'frontdesk') {
        if (data.indexOf('"type":"caught_up"') >= 0) markReady();
        return;
      }
      onEvent(data);
    });
  });
}

process.on('message', (m: WorkerRequest) => {
  if (m.type === 'connect') {
    const started = Date.now();
    trackFully = m.trackFully;
    void (async () => {
      const targets: { org: string; token?: string }[] = [];
      for (const g of m.groups) for (let i = 0; i < g.count; i++) targets.push({ org: g.org, token: g.token });
      const WAVE = 200;
      for (let i = 0; i < targets.length; i += WAVE) {
        const wave: Promise<void>[] = [];
        for (const t of targets.slice(i, i + WAVE)) wave.push(m.kind === 'tcp' ? openTcp(m.streamPort!, t.org) : open(m.kind, m.url, t.org, t.token));
        await Promise.all(wave);
      }
      clients = closers.length;
      send({ type: 'connected', count: clients, ms: Date.now() - started });
    })().catch((err: unknown) => send({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
  } else if (m.type === 'latency') {
    latencyOn = m.on;
    if (m.on) hist.clear();
    else send({ type: 'latencies', hist: hist.toSparse() });
  } else if (m.type === 'count') {
    send({ type: 'count', delivered, fully });
  } else if (m.type === 'exit') {
    for (const close of closers) close();
    setTimeout(() => process.exit(0), 50);
  }
});
process.on('disconnect', () => process.exit(0));
