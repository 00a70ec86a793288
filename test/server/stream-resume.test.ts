/**
 * The stream's ordering contract against the real gateway process: hello first,
 * caught_up, live events in seq order; resume with lastSeq gets exactly the
 * missed events; a desk never sees another organisation's events; stale resumes
 * get resync; a restart keeps log, seq and epoch.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TRUNCATE_PATH, EVENTS_PATH, METRICS_JSON_PATH, STREAM_PATH, type HelloFrame, type ResyncFrame } from '../../shared/protocol.ts';
import { DEMO_USERS, getJson, login, postJsonRoute, publish, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { openStream } from '../helpers/stream-client.ts';

let gw: GatewayProcess;
let hotelToken: string;
let harborToken: string;

beforeAll(async () => {
  gw = await startGateway({ keepDataDir: true, args: ['--heartbeat-ms', '1000'] });
  hotelToken = (await login(gw.url, DEMO_USERS.demoHotel.email, 'demo')).accessToken;
  harborToken = (await login(gw.url, DEMO_USERS.harborInn.email, 'demo')).accessToken;
});

afterAll(async () => {
  await gw?.stop();
});

const pub = (orgId: string, n: number, service = 'pms') => publish(gw.url, { orgId, service, kind: 'test.ping', data: { n } });

describe('stream ordering and resume', () => {
  it('sends hello first, caught_up at the head, then live events in seq order', async () => {
    const c = await openStream(gw.wsUrl, hotelToken);
    const hello = await c.waitFor<HelloFrame>((f) => f.type === 'hello');
    expect(c.frames[0].type).toBe('hello');
    expect(hello.orgId).toBe('demo-hotel');
    expect(hello.headSeq).toBeGreaterThan(100); // the demo seed
    const caught = await c.waitFor((f) => f.type === 'caught_up');
    expect(caught).toEqual({ type: 'caught_up', seq: hello.headSeq });
    const published = [];
    for (let i = 0; i < 5; i++) published.push(await pub('demo-hotel', i));
    const events = await c.waitForEvents(5);
    expect(events.map((e) => e.seq)).toEqual(published.map((p) => p.seq));
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5].map((i) => hello.headSeq + i));
    expect(events[0]).toMatchObject({ orgId: 'demo-hotel', service: 'pms', kind: 'test.ping', data: { n: 0 }, id: published[0].id });
    c.close();
  });

  it('a resumed connection gets exactly the missed events, before live ones', async () => {
    const first = await openStream(gw.wsUrl, hotelToken);
    const hello = await first.waitFor<HelloFrame>((f) => f.type === 'hello');
    await first.waitFor((f) => f.type === 'caught_up');
    await pub('demo-hotel', 100);
    const [seen] = await first.waitForEvents(1);
    first.close();
    await first.closed;

    const missed = [];
    for (let i = 0; i < 30; i++) missed.push((await pub('demo-hotel', 200 + i)).seq);
    // Another org's traffic in between must not leak in.
    await pub('harbor-inn', 999);

    const again = await openStream(gw.wsUrl, hotelToken, { lastSeq: seen.seq, epoch: hello.epoch });
    await again.waitFor((f) => f.type === 'caught_up');
    const live = await pub('demo-hotel', 300);
    const events = await again.waitForEvents(31);
    expect(events.map((e) => e.seq)).toEqual([...missed, live.seq]);
    const kinds = again.frames.map((f) => f.type);
    expect(kinds.indexOf('caught_up')).toBe(31);
    expect(again.frames.find((f) => f.type === 'caught_up')).toEqual({ type: 'caught_up', seq: missed[missed.length - 1] });
    expect(events.every((e) => e.orgId === 'demo-hotel')).toBe(true);
    again.close();
  });

  it('replays a large backlog in pages while live events keep coming: dense, ordered, none twice', async () => {
    const probe = await openStream(gw.wsUrl, hotelToken);
    const hello = await probe.waitFor<HelloFrame>((f) => f.type === 'hello');
    probe.close();
    const pad = 'z'.repeat(2000); // ~5 MB of backlog: the replay must wait for 'drain'
    const publishMany = async (n: number) => {
      for (let i = 0; i < n; i += 25) {
        await Promise.all(
          Array.from({ length: Math.min(25, n - i) }, (_, j) =>
            publish(gw.url, { orgId: 'demo-hotel', service: 'pms', kind: 'test.backlog', data: { i: i + j, pad } }),
          ),
        );
      }
    };
    await publishMany(2500);
    const c = await openStream(gw.wsUrl, hotelToken, { lastSeq: hello.headSeq, epoch: hello.epoch });
    // Live traffic during the replay.
    await publishMany(300);
    const caught = await c.waitFor<{ type: 'caught_up'; seq: number }>((f) => f.type === 'caught_up', 60_000);
    await publishMany(50);
    const total = 2850;
    const evs = await c.waitForEvents(total, 60_000);
    const seqs = evs.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => hello.headSeq + 1 + i));
    expect(caught.seq).toBeGreaterThanOrEqual(hello.headSeq + 2500);
    c.close();
  }, 120_000);

  it('never delivers another organisation’s events', async () => {
    const hotel = await openStream(gw.wsUrl, hotelToken, { lastSeq: 0 });
    const harbor = await openStream(gw.wsUrl, harborToken, { lastSeq: 0 });
    await hotel.waitFor((f) => f.type === 'caught_up');
    await harbor.waitFor((f) => f.type === 'caught_up');
    const h = await pub('harbor-inn', 1);
    const d = await pub('demo-hotel', 2);
    await hotel.waitFor((f) => f.type === 'event' && f.seq === d.seq);
    await harbor.waitFor((f) => f.type === 'event' && f.seq === h.seq);
    // The full replay from 0 plus live: each side only has its own org, dense seqs.
    for (const [c, org] of [
      [hotel, 'demo-hotel'],
      [harbor, 'harbor-inn'],
    ] as const) {
      const evs = c.events();
      expect(evs.every((e) => e.orgId === org)).toBe(true);
      expect(evs.map((e) => e.seq)).toEqual(evs.map((_, i) => i + 1));
    }
    hotel.close();
    harbor.close();
  });

  it('filters by service', async () => {
    const c = await openStream(gw.wsUrl, hotelToken, { services: ['payments'] });
    await c.waitFor((f) => f.type === 'caught_up');
    await pub('demo-hotel', 1, 'pms');
    const p = await pub('demo-hotel', 2, 'payments');
    await pub('demo-hotel', 3, 'housekeeping');
    const marker = await pub('demo-hotel', 4, 'payments');
    const evs = await c.waitForEvents(2);
    expect(evs.map((e) => e.seq)).toEqual([p.seq, marker.seq]);
    c.close();
  });

  it('answers resync for another epoch, or a lastSeq ahead of the head, then continues live', async () => {
    const wrongEpoch = await openStream(gw.wsUrl, hotelToken, { lastSeq: 1, epoch: 'ep_from_another_life' });
    const hello = await wrongEpoch.waitFor<HelloFrame>((f) => f.type === 'hello');
    const resync = await wrongEpoch.waitFor<ResyncFrame>((f) => f.type === 'resync');
    expect(resync).toEqual({ type: 'resync', epoch: hello.epoch, headSeq: hello.headSeq });
    await wrongEpoch.waitFor((f) => f.type === 'caught_up');
    expect(wrongEpoch.events()).toHaveLength(0);
    const ahead = await openStream(gw.wsUrl, hotelToken, { lastSeq: hello.headSeq + 1000 });
    await ahead.waitFor((f) => f.type === 'resync');
    await ahead.waitFor((f) => f.type === 'caught_up');
    const next = await pub('demo-hotel', 1);
    expect((await wrongEpoch.waitForEvents(1))[0].seq).toBe(next.seq);
    expect((await ahead.waitForEvents(1))[0].seq).toBe(next.seq);
    wrongEpoch.close();
    ahead.close();
  });

  it('after truncate, an old lastSeq gets resync and /events answers 410', async () => {
    const before = await pub('harbor-inn', 1);
    for (let i = 0; i < 5; i++) await pub('harbor-inn', i);
    const t = await postJsonRoute<{ oldestSeq: number; headSeq: number }>(
      `${gw.url}${ADMIN_TRUNCATE_PATH}`,
      { orgId: 'harbor-inn', keepLast: 3 },
      { authorization: `Bearer ${gw.serviceToken}` },
    );
    expect(t.status).toBe(200);
    expect(t.body.oldestSeq).toBe(t.body.headSeq - 2);
    const c = await openStream(gw.wsUrl, harborToken, { lastSeq: before.seq });
    const resync = await c.waitFor<ResyncFrame>((f) => f.type === 'resync');
    expect(resync.headSeq).toBe(t.body.headSeq);
    c.close();
    const gone = await getJson<{ error: { code: string } }>(`${gw.url}${EVENTS_PATH}?after=${before.seq}`, harborToken);
    expect(gone.status).toBe(410);
    expect(gone.body.error.code).toBe('history_gone');
    // Right at the boundary is still fine.
    const ok = await getJson<{ events: { seq: number }[]; headSeq: number }>(`${gw.url}${EVENTS_PATH}?after=${t.body.oldestSeq - 1}&limit=2`, harborToken);
    expect(ok.status).toBe(200);
    expect(ok.body.events.map((e) => e.seq)).toEqual([t.body.oldestSeq, t.body.oldestSeq + 1]);
    // A desk resuming from a retained seq still resumes normally.
    const resumed = await openStream(gw.wsUrl, harborToken, { lastSeq: t.body.oldestSeq - 1 });
    await resumed.waitFor((f) => f.type === 'caught_up');
    expect(resumed.frames.some((f) => f.type === 'resync')).toBe(false);
    expect(resumed.events().map((e) => e.seq)).toEqual([t.body.oldestSeq, t.body.oldestSeq + 1, t.body.oldestSeq + 2]);
    resumed.close();
  });

  it('drops a peer that stops answering heartbeat pings (and keeps ws clients, which pong)', async () => {
    const healthy = await openStream(gw.wsUrl, hotelToken);
    await healthy.waitFor((f) => f.type === 'caught_up');
    // A raw TCP peer that completes the handshake and then never answers anything.
    const sock = connect(gw.port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    sock.write(
      `GET ${STREAM_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${hotelToken}\r\n\r\n`,
    );
    let received = Buffer.alloc(0);
    sock.on('data', (c: Buffer) => (received = Buffer.concat([received, c])));
    const connections = async () => (await getJson<{ connections: number }>(`${gw.url}${METRICS_JSON_PATH}`)).body.connections;
    await new Promise((r) => setTimeout(r, 300));
    expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 101/);
    expect(await connections()).toBe(2);
    const ended = new Promise<void>((r) => sock.once('close', () => r()));
    await ended; // terminated after a missed ping (~2 s with a 1 s heartbeat)
    // It was pinged (opcode 0x89) and never got a close frame: it was dropped, not closed.
    expect(received.includes(Buffer.from([0x89, 0x00]))).toBe(true);
    expect(received.includes(0x88)).toBe(false);
    expect(await connections()).toBe(1);
    await new Promise((r) => setTimeout(r, 2500));
    expect(healthy.ws.readyState).toBe(healthy.ws.OPEN);
    healthy.close();
  });

  it('keeps log, seq and epoch across a restart (graceful and kill -9)', async () => {
    const c = await openStream(gw.wsUrl, hotelToken);
    const hello = await c.waitFor<HelloFrame>((f) => f.type === 'hello');
    const last = await pub('demo-hotel', 1);
    await c.waitForEvents(1);
    await gw.restart();
    const closed = await c.closed;
    expect(closed.code).toBe(1001);

    const token = (await login(gw.url, DEMO_USERS.demoHotel.email, 'demo')).accessToken;
    // The old access token still works: the JWT secret is kept in the data dir.
    const again = await openStream(gw.wsUrl, hotelToken, { lastSeq: last.seq - 1, epoch: hello.epoch });
    const hello2 = await again.waitFor<HelloFrame>((f) => f.type === 'hello');
    expect(hello2.epoch).toBe(hello.epoch);
    expect(hello2.headSeq).toBe(last.seq);
    expect((await again.waitForEvents(1)).map((e) => e.seq)).toEqual([last.seq]);
    again.close();

    const next = await pub('demo-hotel', 2);
    expect(next.seq).toBe(last.seq + 1);
    await gw.restart({ crash: true });
    const snap = await getJson<{ seq: number; epoch: string }>(`${gw.url}/v2/realtime/snapshot`, token);
    expect(snap.body).toMatchObject({ seq: next.seq, epoch: hello.epoch });
  });
});
