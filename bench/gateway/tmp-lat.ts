import WebSocket from 'ws';
import { createGateway } from '../../server/gateway.ts';
import { createLogger } from '../../server/logger.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const gw = await createGateway({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'x')), demo: true, serviceToken: 's', logger: createLogger('warn') });
const tok = ((await (await fetch(gw.url + '/v1/auth/login', { method: 'POST', body: JSON.stringify({ email: 'frontdesk@demo-hotel.test', password: 'demo' }) })).json()) as { accessToken: string }).accessToken;
const ws = new WebSocket(gw.url.replace('http', 'ws') + '/v2/realtime/stream', { headers: { authorization: 'Bearer ' + tok } });
const lats: number[] = [];
ws.on('message', (d: Buffer) => { const s = d.toString(); const m = /"t":(\d+)/.exec(s); if (m) lats.push((Number(process.hrtime.bigint()) - Number(m[1])) / 1e6); });
await new Promise((r) => ws.once('open', r));
await new Promise((r) => setTimeout(r, 200));
for (let i = 0; i < 20; i++) {
  const t = Number(process.hrtime.bigint());
  const p0 = performance.now();
  await fetch(gw.url + '/v2/realtime/publish', { method: 'POST', headers: { authorization: 'Bearer s' }, body: JSON.stringify({ orgId: 'demo-hotel', service: 'housekeeping', kind: 'room.status_changed', data: { roomId: 'rm-101', status: 'vacant_clean', t } }) });
  console.log('publish ms', (performance.now() - p0).toFixed(2));
  await new Promise((r) => setTimeout(r, 100));
}
console.log(lats.map((l) => l.toFixed(2)).join(' '));
await gw.close(); process.exit(0);
