/**
 * Misbehaving clients against the real gateway: an oversized frame is closed
 * 1009, a malformed frame gets an `error` frame and the connection keeps being
 * served, a binary frame is closed 1008, and a consumer that stops reading is
 * disconnected 1013 while the others keep receiving everything.
 */
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, METRICS_JSON_PATH, type ErrorFrame } from '../../shared/protocol.ts';
import { DEMO_USERS, getJson, login, publish, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { openStream } from '../helpers/stream-client.ts';

let gw: GatewayProcess;
let token: string;

beforeAll(async () => {
  // A small send budget so the slow-consumer case needs megabytes, not hundreds of them.
  gw = await startGateway({ args: ['--send-budget', String(256 * 1024)] });
  token = (await login(gw.url, DEMO_USERS.demoHotel.email, 'demo')).accessToken;
});

afterAll(async () => {
  await gw?.stop();
});

const pub = (n: number, data: unknown = { n }) => publish(gw.url, { orgId: 'demo-hotel', service: 'pms', kind: 'test.bad', data });

describe('bad clients', () => {
  it('closes an oversized frame with 1009 and keeps serving the others', async () => {
    const bystander = await openStream(gw.wsUrl, token);
    const big = await openStream(gw.wsUrl, token);
    await big.waitFor((f) => f.type === 'caught_up');
    big.ws.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(70 * 1024) }));
    expect((await big.closed).code).toBe(CloseCode.tooBig);
    const e = await pub(1);
    expect((await bystander.waitForEvents(1))[0].seq).toBe(e.seq);
    bystander.close();
  });

  it('answers a malformed frame with an error frame and keeps the connection', async () => {
    const c = await openStream(gw.wsUrl, token);
    await c.waitFor((f) => f.type === 'caught_up');
    c.ws.send('this is not json');
    const notJson = await c.waitFor<ErrorFrame>((f) => f.type === 'error');
    expect(notJson.code).toBe('bad_frame');
    c.ws.send(JSON.stringify({ type: 'subscribe', to: 'everything' }));
    await c.waitFor((f) => f.type === 'error' && f !== notJson);
    expect(c.frames.filter((f) => f.type === 'error')).toHaveLength(2);
    c.ws.send(JSON.stringify({ type: 'ping' })); // valid, no answer
    const e = await pub(2);
    expect((await c.waitForEvents(1))[0].seq).toBe(e.seq);
    expect(c.frames.filter((f) => f.type === 'error')).toHaveLength(2);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    c.close();
  });

  it('closes a binary frame with 1008 after an error frame', async () => {
    const c = await openStream(gw.wsUrl, token);
    await c.waitFor((f) => f.type === 'caught_up');
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    const err = await c.waitFor<ErrorFrame>((f) => f.type === 'error');
    expect(err.code).toBe('binary_frame');
    expect((await c.closed).code).toBe(CloseCode.policy);
  });

  it('disconnects a consumer that stops reading with 1013 while the others keep receiving', async () => {
    const healthy = await openStream(gw.wsUrl, token);
    const slow = await openStream(gw.wsUrl, token);
    await healthy.waitFor((f) => f.type === 'caught_up');
    await slow.waitFor((f) => f.type === 'caught_up');
    const rawSocket = (slow.ws as unknown as { _socket: Socket })._socket;
    rawSocket.pause();

    const metrics = async () => (await getJson<{ slowConsumerDisconnects: number }>(`${gw.url}${METRICS_JSON_PATH}`)).body.slowConsumerDisconnects;
    const before = await metrics();
    const payload = { blob: 'y'.repeat(60 * 1024) };
    const seqs: number[] = [];
    // Loopback kernel buffers hold several MB before the gateway's own budget counts: bounded loop.
    for (let i = 0; i < 800 && (await metrics()) === before; i++) {
      const batch = await Promise.all([pub(i, payload), pub(i, payload), pub(i, payload), pub(i, payload)]);
      seqs.push(...batch.map((b) => b.seq));
    }
    expect(await metrics()).toBe(before + 1);
    // The healthy desk got every event, in order.
    const got = await healthy.waitForEvents(seqs.length, 30_000);
    expect(got.map((e) => e.seq)).toEqual([...seqs].sort((a, b) => a - b));
    expect(healthy.ws.readyState).toBe(healthy.ws.OPEN);

    rawSocket.resume();
    const closed = await slow.closed;
    expect(closed.code).toBe(CloseCode.tryAgainLater);
    // What it did receive is a gap-free prefix, so it can resume from its last seq.
    const slowSeqs = slow.events().map((e) => e.seq);
    expect(slowSeqs).toEqual(seqs.slice(0, slowSeqs.length).sort((a, b) => a - b));
    healthy.close();
  });
});
