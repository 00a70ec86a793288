/**
 * Benchmark floor: plain TCP, no WebSocket at all. A client connects to the stream
 * port and sends its organisation and a newline; each publish is serialized once
 * into one newline-terminated JSON line and written to every socket of the
 * organisation (one `write` per socket per event). Nothing can broadcast one event
 * at a time from Node for less.
 */
import { createServer } from 'node:http';
import net from 'node:net';
import { peerEventFrame, readAll, Rooms, serveBenchIpc, type PeerPublish } from './server-ipc.ts';

let seq = 0;
const rooms = new Rooms<net.Socket>();
const server = createServer((req, res) => {
  void readAll(req).then((text) => {
    const body = JSON.parse(text) as PeerPublish;
    const line = Buffer.from(`${JSON.stringify(peerEventFrame(++seq, body))}\n`);
    for (const s of rooms.get(body.orgId) ?? []) s.write(line);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ seq }));
  });
});
const streams = net.createServer((socket) => {
  socket.setNoDelay(true);
  let head = '';
  const onData = (chunk: Buffer) => {
    head += chunk.toString('latin1');
    const nl = head.indexOf('\n');
    if (nl < 0) return;
    socket.off('data', onData);
    const org = head.slice(0, nl);
    rooms.join(org, socket);
    socket.on('close', () => rooms.leave(org, socket));
    socket.write('ok\n');
  };
  socket.on('data', onData);
  socket.on('error', () => socket.destroy());
});
server.listen(0, '127.0.0.1', () => {
  streams.listen(0, '127.0.0.1', () => {
    serveBenchIpc(
      (server.address() as { port: number }).port,
      () => {
        for (const s of rooms.all()) s.destroy();
        streams.close();
        server.close();
      },
      { streamPort: (streams.address() as { port: number }).port },
    );
  });
});
