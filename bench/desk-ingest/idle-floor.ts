/**
 * The idle-CPU floor: a bare `ws` client on the gateway's stream that does nothing
 * but stay connected (answering the gateway's pings), started the same way as the
 * desk (`node --import tsx`). What any Node process holding one WebSocket costs here.
 *
 *   node --import tsx bench/desk-ingest/idle-floor.ts <ws url of the stream> <access token>
 */
import WebSocket from 'ws';

const [url, token] = process.argv.slice(2);
const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
ws.on('message', (data: Buffer) => {
  if (data.indexOf('"type":"caught_up"') >= 0) process.stderr.write('{"msg":"connection live"}\n');
});
ws.on('close', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
