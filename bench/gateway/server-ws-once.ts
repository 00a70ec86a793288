/**
 * Benchmark peer: `ws` with the frame built ONCE per event and the same bytes written
 * to every socket of the organisation (one `socket.write` per socket per event): the
 * floor of a WebSocket broadcast one event at a time. `ws` still does the handshake,
 * pings and closes; only the broadcast bypasses its per-socket framing.
 *
 * With BENCH_PEER_BATCH=1 it also coalesces the events of one event-loop turn into one
 * buffer per organisation (flushed on setImmediate), and holds an organisation's flush
 * for the same adaptive write window as the gateway (BENCH_PEER_WINDOW_MS, default 2,
 * 0 = off: when its next event arrives sooner after its last flush than that flush took
 * to write; a publish that joins a held flush behind another is answered once it is
 * written), as the gateway does: the fair peer for bursts, and for what the window
 * gives one event at a time.
 */
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { orgOf, peerEventFrame, readAll, Rooms, serveBenchIpc, wsTextFrame, type PeerPublish } from './server-ipc.ts';

const BATCH = process.env.BENCH_PEER_BATCH === '1';
const WINDOW_MS = Number(process.env.BENCH_PEER_WINDOW_MS ?? '2');
interface Member {
  ws: WebSocket;
  socket: Socket;
}
let seq = 0;
const rooms = new Rooms<Member>();
const pending = new Map<string, Buffer[]>();
let flushScheduled = false;
/** Per organisation: when its last flush ended and how long it took (performance.now(), ms), and a held flush. */
const timing = new Map<string, { end: number; ms: number; hold: NodeJS.Timeout | null; waiters: (() => void)[] }>();

function writeAll(org: string, buf: Buffer): void {
  for (const m of rooms.get(org) ?? []) if (m.ws.readyState === 1) m.socket.write(buf);
}

function flushOrg(org: string, frames: Buffer[]): void {
  const started = performance.now();
  writeAll(org, frames.length === 1 ? frames[0] : Buffer.concat(frames));
  const ended = performance.now();
  const t = timing.get(org);
  if (t) {
    t.end = ended;
    t.ms = ended - started;
  } else timing.set(org, { end: ended, ms: ended - started, hold: null, waiters: [] });
}

function flush(): void {
  flushScheduled = false;
  for (const [org, frames] of pending) {
    if (timing.get(org)?.hold) continue;
    pending.delete(org);
    flushOrg(org, frames);
  }
}

/** Queues a frame; a promise when it joined a held flush behind another (answer once written, as the gateway does). */
function queue(org: string, frame: Buffer): Promise<void> | null {
  const list = pending.get(org);
  if (list) {
    list.push(frame);
    const t = timing.get(org);
    return t?.hold ? new Promise((resolve) => t.waiters.push(resolve)) : null;
  }
  pending.set(org, [frame]);
  const t = timing.get(org);
  if (t && WINDOW_MS > 0 && !t.hold && performance.now() - t.end < t.ms) {
    t.hold = setTimeout(() => {
      t.hold = null;
      const frames = pending.get(org);
      pending.delete(org);
      if (frames) flushOrg(org, frames);
      for (const w of t.waiters.splice(0)) w();
    }, WINDOW_MS);
    return null;
  }
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
  return null;
}

const server = createServer((req, res) => {
  void readAll(req).then((text) => {
    const body = JSON.parse(text) as PeerPublish;
    const answer = (n: number) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ seq: n }));
    };
    const n = ++seq;
    const frame = wsTextFrame(Buffer.from(JSON.stringify(peerEventFrame(n, body))));
    if (!BATCH) {
      writeAll(body.orgId, frame);
      return answer(n);
    }
    const written = queue(body.orgId, frame);
    if (written) void written.then(() => answer(n));
    else answer(n);
  });
});
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024, clientTracking: false });
wss.on('connection', (ws, req) => {
  const org = orgOf(req.url);
  const m = { ws, socket: req.socket };
  rooms.join(org, m);
  ws.on('close', () => rooms.leave(org, m));
});
server.listen(0, '127.0.0.1', () => {
  serveBenchIpc((server.address() as { port: number }).port, () => {
    for (const m of rooms.all()) m.ws.terminate();
    server.close();
  });
});
