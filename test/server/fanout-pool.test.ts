/**
 * The connection pool keyed by organisation, against the real gateway: 1,000
 * desks of one hotel share ONE upstream subscription (read from the metrics
 * endpoint), all receive a published event, and the subscription is released
 * when the last one leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { METRICS_JSON_PATH } from '../../shared/protocol.ts';
import { DEMO_USERS, getJson, login, publish, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { streamUrl } from '../helpers/stream-client.ts';

interface Metrics {
  connections: number;
  subscriptions: number;
  orgs: number;
  eventsPublished: number;
  eventsDelivered: number;
}

let gw: GatewayProcess;
let token: string;

beforeAll(async () => {
  // 1,000 desks of one user on one address: above the default stream caps on purpose.
  gw = await startGateway({ args: ['--max-streams-per-user', '2000', '--max-streams-per-address', '2000'] });
  token = (await login(gw.url, DEMO_USERS.demoHotel.email, 'demo')).accessToken;
});

afterAll(async () => {
  await gw?.stop();
});

async function metrics(): Promise<Metrics> {
  return (await getJson<Metrics>(`${gw.url}${METRICS_JSON_PATH}`)).body;
}

async function until(pred: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('organisation pool', () => {
  it('1,000 desks of one org hold one subscription, all get the event, and it is released when they leave', async () => {
    const N = 1000;
    const url = streamUrl(gw.wsUrl, token);
    const received = new Map<number, number>(); // client index -> seq of the probe event
    let caughtUp = 0;
    let probeSeq = -1;
    const clients: WebSocket[] = [];
    // Open in waves so the handshake backlog stays reasonable on a 2-core box.
    for (let wave = 0; wave < N; wave += 100) {
      const opened: Promise<void>[] = [];
      for (let i = wave; i < Math.min(N, wave + 100); i++) {
        const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
        ws.on('message', (data: Buffer) => {
          const text = data.toString();
          if (text.startsWith('{"type":"caught_up"')) caughtUp++;
          else if (text.startsWith('{"type":"event"')) {
            const frame = JSON.parse(text) as { seq: number; kind: string };
            if (frame.kind === 'test.probe') received.set(i, frame.seq);
          }
        });
        clients.push(ws);
        opened.push(
          new Promise((resolve, reject) => {
            ws.once('open', () => resolve());
            ws.once('error', reject);
          }),
        );
      }
      await Promise.all(opened);
    }
    await until(async () => caughtUp === N);

    const m = await metrics();
    expect(m.connections).toBe(N);
    expect(m.subscriptions).toBe(1);
    expect(m.orgs).toBe(1);

    const before = m.eventsDelivered;
    const probe = await publish(gw.url, { orgId: 'demo-hotel', service: 'pms', kind: 'test.probe', data: { hello: 'desks' } });
    probeSeq = probe.seq;
    await until(async () => received.size === N);
    expect([...received.values()].every((s) => s === probeSeq)).toBe(true);
    expect((await metrics()).eventsDelivered - before).toBe(N);

    // A second org joining adds exactly one more subscription.
    const harborToken = (await login(gw.url, DEMO_USERS.harborInn.email, 'demo')).accessToken;
    const other = new WebSocket(streamUrl(gw.wsUrl, harborToken), { headers: { authorization: `Bearer ${harborToken}` }, perMessageDeflate: false });
    await new Promise((r) => other.once('open', r));
    await until(async () => (await metrics()).subscriptions === 2);
    other.close();

    // Half leave: still one subscription for demo-hotel.
    for (const ws of clients.slice(0, N / 2)) ws.close();
    await until(async () => (await metrics()).connections === N / 2);
    expect((await metrics()).subscriptions).toBe(1);

    for (const ws of clients.slice(N / 2)) ws.close();
    await until(async () => (await metrics()).connections === 0);
    const after = await metrics();
    expect(after.subscriptions).toBe(0);
    expect(after.orgs).toBe(0);
  });
});
