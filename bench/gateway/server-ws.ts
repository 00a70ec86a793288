/**
 * Benchmark peer: a bare `ws` broadcast loop, the floor. Same publish endpoint
 * shape and the same event frame as the gateway, but no auth, no log, no
 * replay: parse, stringify once, then `client.send(frame)` per socket.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { readAll, serveBenchIpc } from './server-ipc.ts';

let seq = 0;
const server = createServer((req, res) => {
  void readAll(req).then((text) => {
    const body = JSON.parse(text) as { orgId: string; service: string; kind: string; data: unknown };
    const frame = JSON.stringify({
      type: 'event',
      seq: ++seq,
      id: randomUUID(),
      orgId: body.orgId,
      service: body.service,
      kind: body.kind,
      at: new Date().toISOString(),
      data: body.data,
    });
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
