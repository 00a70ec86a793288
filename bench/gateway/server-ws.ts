/**
 * Benchmark peer: a bare `ws` broadcast loop, the floor. Same publish endpoint
 * shape and the same event frame as the gateway, but no auth, no log, no
 * replay: parse, stringify once, then `client.send(frame)` per socket.
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { peerEventFrame, readAll, serveBenchIpc, type PeerPublish } from './server-ipc.ts';

let seq = 0;
const server = createServer((req, res) => {
  void readAll(req).then((text) => {
    const body = JSON.parse(text) as PeerPublish;
    const frame = JSON.stringify(peerEventFrame(++seq, body));
    for (const client of wss.clients) client.send(frame);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ seq }));
  });
});
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 });
server.listen(0, '127.0.0.1', () => {
  serveBenchIpc((server.address() as { port: number }).port, () => {
    for (const c of wss.clients) c.terminate();
    server.close();
  });
});
