/**
 * The idle-CPU floor: a bare `ws` client on the gateway's stream that does nothing
 * but stay connected (answering the gateway's pings), bundled and run by plain `node`
 * like the desk. What any Node process holding one WebSocket costs here.
 *
 * With a ping interval it also keeps the desk's liveness duty — a ping after that much
 * inbound silence, one timer re-armed for when it is due — so it is the floor of any
 * client that must notice a hung gateway within 10 s.
 *
 *   node idle-floor.cjs <ws url of the stream> <access token> [pingAfterSilenceMs]
 */
import WebSocket from 'ws';

const [url, token, pingArg] = process.argv.slice(2);
const pingAfterMs = Number(pingArg ?? 0);
const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
let lastInbound = Date.now();
const touch = () => (lastInbound = Date.now());
ws.on('message', (data: Buffer) => {
  touch();
  if (data.indexOf('"type":"caught_up"') >= 0) process.stderr.write('{"msg":"connection live"}\n');
});
ws.on('ping', touch);
ws.on('pong', touch);
if (pingAfterMs > 0) {
  const check = () => {
    const silent = Date.now() - lastInbound;
    if (silent < pingAfterMs) {
      setTimeout(check, pingAfterMs - silent);
      return;
    }
    ws.ping();
    setTimeout(check, pingAfterMs);
  };
  ws.on('open', () => setTimeout(check, pingAfterMs));
}
ws.on('close', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
