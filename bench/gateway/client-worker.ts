/**
 * Benchmark client process: opens many WebSocket connections to one server
 * (gateway, bare ws or Socket.IO over its engine.io WebSocket protocol), counts
 * deliveries, tells the driver how many events reached ALL of its connections
 * (for the closed-loop full-rate phase), and records publish→receive latency
 * from the publisher's hrtime stamp (CLOCK_MONOTONIC is machine-wide, so it is
 * comparable across processes).
 *
 * Frames are not JSON-parsed: the seq and stamp are read with indexOf, the
 * same cheap way for every server, so the clients cost the same for each.
 */
import WebSocket from 'ws';

export type ServerKind = 'frontdesk' | 'ws' | 'socketio';

export type WorkerRequest =
  | { type: 'connect'; kind: ServerKind; url: string; token?: string; count: number }
  | { type: 'latency'; on: boolean }
  | { type: 'count' }
  | { type: 'exit' };

export type WorkerReply =
  | { type: 'connected'; count: number; ms: number }
  | { type: 'progress'; fully: number }
  | { type: 'count'; delivered: number; fully: number }
  | { type: 'latencies'; values: number[] }
  | { type: 'error'; message: string };

const send = (m: WorkerReply) => process.send?.(m);

const sockets: WebSocket[] = [];
let clients = 0;
let delivered = 0;
let fully = 0;
const counts = new Map<number, number>();
let latencyOn = false;
let latencies: number[] = [];
let reportScheduled = false;

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
    if (s >= 0) latencies.push((Number(process.hrtime.bigint()) - readInt(buf, s + STAMP.length)) / 1e6);
  }
}

function open(kind: ServerKind, url: string, token: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const target =
      kind === 'socketio' ? `${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket` : kind === 'frontdesk' ? `${url.replace('http', 'ws')}/v2/realtime/stream` : url.replace('http', 'ws');
    const ws = new WebSocket(target, {
      perMessageDeflate: false,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    sockets.push(ws);
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
    if (kind === 'ws') ws.once('open', markReady);
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
    void (async () => {
      const BATCH = 200;
      for (let i = 0; i < m.count; i += BATCH) {
        const wave: Promise<void>[] = [];
        for (let j = i; j < Math.min(m.count, i + BATCH); j++) wave.push(open(m.kind, m.url, m.token));
        await Promise.all(wave);
      }
      clients = sockets.length;
      send({ type: 'connected', count: clients, ms: Date.now() - started });
    })().catch((err: unknown) => send({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
  } else if (m.type === 'latency') {
    latencyOn = m.on;
    if (!m.on) {
      send({ type: 'latencies', values: latencies });
      latencies = [];
    }
  } else if (m.type === 'count') {
    send({ type: 'count', delivered, fully });
  } else if (m.type === 'exit') {
    for (const ws of sockets) ws.terminate();
    setTimeout(() => process.exit(0), 50);
  }
});
process.on('disconnect', () => process.exit(0));
