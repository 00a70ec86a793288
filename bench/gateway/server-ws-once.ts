/**
 * Benchmark peer: `ws` with the frame built ONCE per event and the same bytes written
 * to every socket of the organisation (one `socket.write` per socket per event): the
 * floor of a WebSocket broadcast one event at a time. `ws` still does the handshake,
 * pings and closes; only the broadcast bypasses its per-socket framing.
 *
 * With BENCH_PEER_BATCH=1 it also coalesces the events of one event-loop turn into one
 * buffer per organisation (flushed on setImmediate), as the gateway does: the fair
 * peer for bursts.
 */
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { orgOf, peerEventFrame, readAll, Rooms, serveBenchIpc, wsTextFrame, type PeerPublish } from './server-ipc.ts';

const BATCH = process.env.BENCH_PEER_BATCH === '1';
interface Member {
  ws: WebSocket;
  socket: Socket;
}
let seq = 0;
const rooms = new Rooms<Member>();
const pending = new Map<string, Buffer[]>();
let flushScheduled = false;

function writeAll(org: string, buf: Buffer): void {
  for (const m of rooms.get(org) ?? []) if (m.ws.readyState === 1) m.socket.write(buf);
}

function flush(): void {
  flushScheduled = false;
  for (const [org, frames] of pending) writeAll(org, frames.length === 1 ? frames[0] : Buffer.concat(frames));
  pending.clear();
}

const server = createServer((req, res) => {
  void readAll(req).then((text) => {
    const body = JSON.parse(text) as PeerPublish;
    const frame = wsTextFrame(Buffer.from(JSON.stringify(peerEventFrame(++seq, body))));
    if (!BATCH) writeAll(body.orgId, frame);
    else {
      const list = pending.get(body.orgId);
      if (list) list.push(frame);
      else pending.set(body.orgId, [frame]);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ seq }));
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
