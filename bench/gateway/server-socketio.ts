/**
 * Benchmark peer: Socket.IO 4, the library users would pick: every desk joins
 * its organisation's room and a publish is `io.to(room).emit('event', frame)`.
 * WebSocket transport only, no compression (as the gateway).
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { peerEventFrame, readAll, serveBenchIpc, type PeerPublish } from './server-ipc.ts';

let seq = 0;
const server = createServer((req, res) => {
  if (req.url !== '/publish') return; // socket.io handles its own path
  void readAll(req).then((text) => {
    const body = JSON.parse(text) as PeerPublish;
    io.to(body.orgId).emit('event', peerEventFrame(++seq, body));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ seq }));
  });
});
const io = new Server(server, { transports: ['websocket'], perMessageDeflate: false, serveClient: false });
io.on('connection', (socket) => {
  const org = socket.handshake.query.org;
  void socket.join(typeof org === 'string' ? org : 'demo-hotel');
});
server.listen(0, '127.0.0.1', () => {
  serveBenchIpc((server.address() as { port: number }).port, () => {
    io.disconnectSockets(true);
    server.close();
  });
});
