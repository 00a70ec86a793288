/**
 * Benchmark peer: a bare `ws` broadcast loop, what most people write. Same publish
 * endpoint shape and the same event frame as the gateway, but no auth, no log, no
 * replay: parse, stringify once, then `client.send(frame)` per socket of the
 * organisation (ws frames the string again for every socket).
 */
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { orgOf, peerEventFrame, readAll, Rooms, serveBenchIpc, type PeerPublish } from './server-ipc.ts';

let seq = 0;
const rooms = new Rooms<WebSocket>();
const server = createServer((req, res) => {
  void readAll(req).then((text) => {
    const body = JSON.parse(text) as PeerPublish;
    const frame = JSON.stringify(peerEventFrame(++seq, body));
    for (const client of rooms.get(body.orgId) ?? []) client.send(frame);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ seq }));
  });
});
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024, clientTracking: false });
wss.on('connection', (ws, req) => {
  const org = orgOf(req.url);
  rooms.join(org, ws);
  ws.on('close', () => rooms.leave(org, ws));
});
server.listen(0, '127.0.0.1', () => {
  serveBenchIpc((server.address() as { port: number }).port, () => {
    for (const c of rooms.all()) c.terminate();
    server.close();
  });
});
