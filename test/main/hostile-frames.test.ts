/**
 * Fault injection: a tiny fake gateway (a real ws server on 127.0.0.1) that sends
 * what the real one never would — malformed frames, another organisation's
 * events, seqs out of order — and closes with 4401. The desk must never advance
 * lastSeq past what it can prove, resume instead of skipping, and refresh on 4401.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DeskDelta } from '../../shared/ipc.ts';
import { REFRESH_PATH } from '../../shared/protocol.ts';
import { memoryVault, startDesk, storedEventKeys, waitFor, type TestDesk } from './support/desk.ts';
import { frameText, ORG, unknownKind } from './support/events.ts';
import { makeTempDir } from './support/temp-dir.ts';

interface Connection {
  url: URL;
  authorization: string | undefined;
  socket: WebSocket;
}

const EPOCH = 'E-fake';
const hello = (headSeq: number) => JSON.stringify({ type: 'hello', orgId: ORG, epoch: EPOCH, headSeq, connectionId: `c-${Date.now()}` });

describe('hostile frames from a (fake) gateway', () => {
  const tmp = makeTempDir();
  let server: http.Server;
  let wss: WebSocketServer;
  let baseUrl: string;
  const connections: Connection[] = [];
  let refreshCalls = 0;
  let script: ((c: Connection, index: number) => void) | null = null;
  let desk: TestDesk;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.method === 'POST' && req.url === REFRESH_PATH) {
        refreshCalls++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            accessToken: `access-${refreshCalls + 1}`,
            refreshToken: `refresh-${refreshCalls + 1}`,
            expiresIn: 3600,
            user: { id: 'u1', orgId: ORG, role: 'frontdesk', name: 'Fake' },
          }),
        );
        return;
      }
      res.writeHead(404).end();
    });
    wss = new WebSocketServer({ server, perMessageDeflate: false });
    wss.on('connection', (socket, req) => {
      const c = { url: new URL(req.url ?? '/', 'http://x'), authorization: req.headers.authorization, socket };
      connections.push(c);
      script?.(c, connections.length - 1);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await desk?.core.stop();
    for (const c of wss.clients) c.terminate();
    wss.close();
    await new Promise((r) => server.close(r));
    tmp.cleanup();
  });

  it('never advances lastSeq on malformed, foreign or out-of-order frames; resumes instead of skipping', async () => {
    script = (c, i) => {
      const send = (s: string) => c.socket.send(s);
      if (i === 0) {
        send(hello(3));
        for (const seq of [1, 2, 3]) send(frameText(unknownKind(seq)));
        send('{ this is not json');
        send(JSON.stringify({ type: 'event', seq: 4 }));
        send(frameText({ ...unknownKind(4), orgId: 'harbor-inn', id: 'foreign-4' }));
        send(JSON.stringify({ type: 'wat', seq: 4 }));
        send(frameText({ ...unknownKind(6), id: 'skipped-ahead-6' })); // 4 and 5 missing: a gap
      } else if (i === 1) {
        send(hello(5));
        send(frameText(unknownKind(2))); // replay overlap: ignored
        send(frameText({ ...unknownKind(5), id: 'out-of-order-5' })); // 4 missing again
      } else {
        send(hello(5));
        send(frameText(unknownKind(4)));
        send(frameText(unknownKind(5)));
        send(JSON.stringify({ type: 'caught_up', seq: 5 }));
      }
    };
    const vault = memoryVault({
      accessToken: 'access-1',
      refreshToken: 'refresh-1',
      accessExpiresAt: Date.now() + 3_600_000,
      user: { id: 'u1', orgId: ORG, role: 'frontdesk', name: 'Fake' },
      email: 'fake@x',
    });
    desk = startDesk({ dataDir: tmp.dir, serverUrl: baseUrl, vault });
    const deltas: DeskDelta[] = [];
    desk.core.onPush((channel, payload) => {
      if (channel === 'desk:delta') deltas.push(payload as DeskDelta);
    });
    await desk.core.start();
    await waitFor('live', () => desk.core.status().state === 'live');
    await waitFor('deltas pushed up to seq 5', () => deltas.some((d) => d.cursor.lastSeq === 5));

    expect(desk.core.cursor()).toEqual({ epoch: EPOCH, lastSeq: 5 });
    // Windows saw each accepted event once, in order, as a generic activity line.
    const pushed = deltas.flatMap((d) => d.activity);
    expect(pushed.map((a) => a.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(pushed[0]).toMatchObject({ kind: 'spa.booking_made', known: false, text: 'spa.booking_made: {"hello":"world"}' });
    const snapshot = await desk.core.invoke('desk:get-snapshot', {});
    expect(snapshot.activity.map((a) => a.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(await desk.core.invoke('desk:activity-page', { beforeSeq: 3, limit: 10 })).toHaveLength(2);
    const stored = storedEventKeys(tmp.dir);
    expect(stored.map((e) => e.id)).toEqual(['ev-1', 'ev-2', 'ev-3', 'ev-4', 'ev-5']);
    const counters = desk.core.counters();
    expect(counters.rejectedFrames).toBeGreaterThanOrEqual(4);
    expect(counters.gaps).toBe(2);
    // Each resume asked for exactly what it had: lastSeq=3 twice, with the epoch, token only in the header.
    expect(connections.map((c) => c.url.searchParams.get('lastSeq'))).toEqual(['0', '3', '3']);
    expect(connections[1].url.searchParams.get('epoch')).toBe(EPOCH);
    for (const c of connections) {
      expect(c.authorization).toBe('Bearer access-1');
      expect(c.url.search).not.toContain('access');
    }
  });

  it('refreshes and resumes when the gateway closes with 4401 (token expired)', async () => {
    script = (c) => {
      c.socket.send(hello(6));
      c.socket.send(frameText(unknownKind(6)));
      c.socket.send(JSON.stringify({ type: 'caught_up', seq: 6 }));
    };
    const before = connections.length;
    connections[before - 1].socket.close(4401, 'token expired');
    await waitFor('resumed with a fresh token', () => connections.length > before && desk.core.cursor().lastSeq === 6);
    expect(refreshCalls).toBe(1);
    expect(connections[before].authorization).toBe('Bearer access-2');
    expect(connections[before].url.searchParams.get('lastSeq')).toBe('5');
    expect(storedEventKeys(tmp.dir).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('detects a silent dead socket by its heartbeat and reconnects', async () => {
    await desk.core.stop();
    script = (c, i) => {
      c.socket.send(hello(6));
      c.socket.send(JSON.stringify({ type: 'caught_up', seq: 6 }));
      // The first one then goes silent: no pings, no frames, no pongs (a sleeping laptop's socket).
      if (i === connections.length - 1 && silentOnce) {
        silentOnce = false;
        // Stop reading: the desk's pings are never answered.
        setTimeout(() => c.socket.pause(), 20);
      }
    };
    let silentOnce = true;
    const vault = memoryVault({
      accessToken: 'access-9',
      refreshToken: 'refresh-9',
      accessExpiresAt: Date.now() + 3_600_000,
      user: { id: 'u1', orgId: ORG, role: 'frontdesk', name: 'Fake' },
      email: 'fake@x',
    });
    desk = startDesk({ dataDir: tmp.dir, serverUrl: baseUrl, vault, tuning: { heartbeatIntervalMs: 200, heartbeatTimeoutMs: 600 } });
    const before = connections.length;
    await desk.core.start();
    await waitFor('live', () => desk.core.status().state === 'live');
    await waitFor('reconnected after the heartbeat timeout', () => connections.length >= before + 2, 5_000);
    expect(desk.logs.some((l) => typeof l.error === 'string' && l.error.includes('heartbeat timeout'))).toBe(true);
    await waitFor('live again', () => desk.core.status().state === 'live');
  });
});
