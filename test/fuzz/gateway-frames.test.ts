/**
 * Fuzzing the REAL gateway process's client-frame handling over real WebSockets.
 * Each run opens a fresh authenticated connection and sends a random sequence of
 * hostile frames: random text, random JSON, truncated and near-valid client frames,
 * invalid UTF-8, binary, oversized, deeply nested. The answer must follow the
 * protocol exactly (an `error` frame per bad text frame, 1008 for binary, 1009 for
 * oversized, 1007 for invalid UTF-8, nothing for a valid ping), the process must stay
 * up, and an observer connected throughout must keep receiving every event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import WebSocket from 'ws';
import { CloseCode, decodeClientFrame, decodeServerFrame, MAX_CLIENT_FRAME_BYTES, STREAM_PATH, type ServerFrame } from '../../shared/protocol.ts';
import { DEMO_USERS, login, publish, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';

const NUM_RUNS = 150;

type Hostile = { k: 'text'; text: string } | { k: 'binary'; bytes: Uint8Array } | { k: 'oversized'; size: number } | { k: 'badUtf8'; bytes: Uint8Array };

const validClientFrames = ['{"type":"ping"}', '{"type":"auth","token":"not-a-jwt"}', '{"type":"auth","token":"eyJhbGciOiJIUzI1NiJ9.e30.x"}'];

const hostile: fc.Arbitrary<Hostile> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ k: 'text' as const, text })) },
  { weight: 4, arbitrary: fc.json({ maxDepth: 3 }).map((text) => ({ k: 'text' as const, text })) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom(...validClientFrames), fc.nat()).map(([f, cut]) => ({ k: 'text' as const, text: f.slice(0, cut % (f.length + 1)) })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record(
        {
          type: fc.oneof(fc.constantFrom('ping', 'auth', 'event', 'hello', 'PING', ''), fc.string({ maxLength: 10 })),
          token: fc.oneof(fc.string({ maxLength: 50 }), fc.integer(), fc.constant(null)),
          extra: fc.jsonValue({ maxDepth: 2 }),
        },
        { requiredKeys: ['type'] },
      )
      .map((o) => ({ k: 'text' as const, text: JSON.stringify(o) })),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((depth) => ({ k: 'text' as const, text: '['.repeat(depth) + ']'.repeat(depth) })) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 0, maxLength: 300 }).map((bytes) => ({ k: 'binary' as const, bytes })) },
  { weight: 1, arbitrary: fc.integer({ min: MAX_CLIENT_FRAME_BYTES + 1, max: MAX_CLIENT_FRAME_BYTES * 4 }).map((size) => ({ k: 'oversized' as const, size })) },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => ({ k: 'badUtf8' as const, bytes: Uint8Array.from([...b, 0xc3, 0x28, 0xff]) })),
  },
);

interface Expected {
  errors: Map<string, number>;
  closeCode: number | null;
}

/** What the protocol says must happen for a sequence of frames on one connection. */
function expectedFor(seq: Hostile[]): Expected {
  const errors = new Map<string, number>();
  const bump = (c: string) => errors.set(c, (errors.get(c) ?? 0) + 1);
  for (const h of seq) {
    if (h.k === 'binary') {
      bump('binary_frame');
      return { errors, closeCode: CloseCode.policy };
    }
    if (h.k === 'oversized') return { errors, closeCode: CloseCode.tooBig };
    if (h.k === 'badUtf8') return { errors, closeCode: 1007 };
    const d = decodeClientFrame(h.text);
    if (!d.ok) bump('bad_frame');
    else if (d.value.type === 'auth') bump('auth_rejected');
  }
  return { errors, closeCode: null };
}

interface RawClient {
  ws: WebSocket;
  frames: ServerFrame[];
  invalid: string[];
  closed: Promise<number>;
  isClosed: () => boolean;
}

function connect(wsUrl: string, token: string): Promise<RawClient> {
  const ws = new WebSocket(`${wsUrl}${STREAM_PATH}`, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
  const frames: ServerFrame[] = [];
  const invalid: string[] = [];
  let closedFlag = false;
  ws.on('message', (data: Buffer, isBinary) => {
    const d = decodeServerFrame(isBinary ? '' : data.toString('utf8'));
    if (d.ok) frames.push(d.value);
    else invalid.push(data.toString('utf8').slice(0, 200));
  });
  ws.on('error', () => undefined);
  const closed = new Promise<number>((res) =>
    ws.once('close', (code) => {
      closedFlag = true;
      res(code);
    }),
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, frames, invalid, closed, isClosed: () => closedFlag }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

describe('gateway client-frame handling under fuzzing (real process)', () => {
  let gw: GatewayProcess;
  let token: string;
  let observer: RawClient;
  let published = 0;

  beforeAll(async () => {
    gw = await startGateway({ demo: true });
    token = (await login(gw.url, DEMO_USERS.demoHotel.email, DEMO_USERS.demoHotel.password)).accessToken;
    observer = await connect(gw.wsUrl, token);
    await until(() => observer.frames.some((f) => f.type === 'hello'), 10_000);
  });

  afterAll(async () => {
    observer?.ws.close();
    await gw?.stop();
  });

  it('answers every hostile frame by the protocol, stays up, and keeps serving an observer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 1, maxLength: 6 }), async (seq) => {
        const attacker = await connect(gw.wsUrl, token);
        await until(() => attacker.frames.some((f) => f.type === 'hello'), 5000);
        for (const h of seq) {
          if (attacker.isClosed()) break;
          if (h.k === 'text') attacker.ws.send(h.text);
          else if (h.k === 'binary') attacker.ws.send(h.bytes, { binary: true });
          else if (h.k === 'oversized') attacker.ws.send('x'.repeat(h.size));
          else attacker.ws.send(Buffer.from(h.bytes), { binary: false });
        }
        const want = expectedFor(seq);
        const wantErrors = [...want.errors.values()].reduce((a, b) => a + b, 0);
        const errorFrames = () => attacker.frames.filter((f) => f.type === 'error');
        if (want.closeCode !== null) {
          const code = await Promise.race([attacker.closed, new Promise<number>((r) => setTimeout(() => r(-1), 5000))]);
          expect(code).toBe(want.closeCode);
        } else {
          expect(await until(() => errorFrames().length >= wantErrors, 5000)).toBe(true);
          // Give a wrongly-sent extra frame a moment to show up.
          await new Promise((r) => setTimeout(r, 30));
          expect(attacker.isClosed()).toBe(false);
        }
        const got = new Map<string, number>();
        for (const f of errorFrames()) if (f.type === 'error') got.set(f.code, (got.get(f.code) ?? 0) + 1);
        expect(Object.fromEntries(got)).toEqual(Object.fromEntries(want.errors));
        expect(attacker.invalid).toEqual([]);

        // The gateway is up and an observer of the same org still receives events in order.
        const marker = `fuzz-${++published}`;
        const { seq: s } = await publish(gw.url, { orgId: 'demo-hotel', service: 'fuzz', kind: 'fuzz.marker', data: { marker } });
        expect(await until(() => observer.frames.some((f) => f.type === 'event' && f.seq === s), 5000)).toBe(true);
        if (!attacker.isClosed()) {
          expect(await until(() => attacker.frames.some((f) => f.type === 'event' && f.seq === s), 5000)).toBe(true);
        }
        attacker.ws.terminate();
      }),
      {
        numRuns: NUM_RUNS,
        // Found in CI: a rejected in-band auth answered asynchronously was overtaken by the
        // 1009 close of the oversized frame behind it. Kept as a regression example.
        examples: [
          [
            [
              { k: 'text', text: '{"type":"auth","token":" "}' },
              { k: 'oversized', size: 65537 },
              { k: 'text', text: '""' },
            ] as never,
          ],
        ],
      },
    );
    expect(gw.exited).toBe(false);
    const events = observer.frames.filter((f) => f.type === 'event');
    expect(events.length).toBe(published);
    for (let i = 1; i < events.length; i++)
      expect(events[i].type === 'event' && events[i - 1].type === 'event' && (events[i] as { seq: number }).seq > (events[i - 1] as { seq: number }).seq).toBe(
        true,
      );
    expect(observer.isClosed()).toBe(false);
    expect(observer.invalid).toEqual([]);
  });

  it('refuses hostile stream requests (query, headers) with an HTTP error before any upgrade, or serves them correctly', async () => {
    const queryValue = fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constantFrom('-1', '1e309', '9'.repeat(40), '0x10', 'NaN', ''));
    await fc.assert(
      fc.asyncProperty(
        fc.record({ lastSeq: queryValue, services: fc.string({ maxLength: 40 }), epoch: fc.string({ maxLength: 20 }) }, { requiredKeys: [] }),
        fc.oneof(
          fc.constant(`Bearer ${token}`),
          fc.string({ maxLength: 60 }).map((t) => `Bearer ${t}`),
          fc.constant(''),
          fc.constant('Basic Zm9vOmJhcg=='),
        ),
        async (query, auth) => {
          const qs = new URLSearchParams(query as Record<string, string>).toString();
          const ws = new WebSocket(`${gw.wsUrl}${STREAM_PATH}${qs ? `?${qs}` : ''}`, {
            headers: auth ? { authorization: auth } : {},
            perMessageDeflate: false,
          });
          ws.on('error', () => undefined);
          const outcome = await new Promise<{ status: number; body: string } | { open: ServerFrame | null }>((resolve) => {
            const timer = setTimeout(() => resolve({ open: null }), 5000);
            ws.once('unexpected-response', (_req, res) => {
              let body = '';
              res.on('data', (c: Buffer) => (body += c.toString()));
              res.on('end', () => {
                clearTimeout(timer);
                resolve({ status: res.statusCode ?? 0, body });
              });
            });
            ws.once('message', (data: Buffer) => {
              clearTimeout(timer);
              const d = decodeServerFrame(data.toString('utf8'));
              resolve({ open: d.ok ? d.value : null });
            });
          });
          if ('status' in outcome) {
            expect([400, 401]).toContain(outcome.status);
            expect(JSON.parse(outcome.body)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
            // A bad token is always refused; with a clean query it must be 401 (a malformed query may be
            // reported first as 400 — still before any upgrade, and revealing nothing).
            if (auth !== `Bearer ${token}` && qs === '') expect(outcome.status).toBe(401);
          } else {
            // Upgraded: only with the real token, and the first frame is hello (or resync for a foreign epoch).
            expect(auth).toBe(`Bearer ${token}`);
            expect(outcome.open?.type).toMatch(/^(hello|resync)$/);
          }
          ws.terminate();
        },
      ),
      { numRuns: 60 },
    );
    const health = await fetch(`${gw.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
