/**
 * A real WebSocket client of /v2/realtime/stream for tests: records every
 * server frame (validated with the shared decoder), and lets a test wait for a
 * frame, for N events, or for the close code.
 */
import WebSocket from 'ws';
import { decodeServerFrame, STREAM_PATH, type EventFrame, type ServerFrame } from '../../shared/protocol.ts';

export interface StreamQuery {
  lastSeq?: number;
  epoch?: string;
  services?: string[];
  /** Put the token in the query instead of the Authorization header. */
  tokenInQuery?: boolean;
}

export interface StreamClient {
  ws: WebSocket;
  frames: ServerFrame[];
  events(): EventFrame[];
  /** Resolves with the first recorded frame matching (including ones already received). */
  waitFor<T extends ServerFrame = ServerFrame>(pred: (f: ServerFrame) => boolean, timeoutMs?: number): Promise<T>;
  waitForEvents(n: number, timeoutMs?: number): Promise<EventFrame[]>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export function streamUrl(wsBase: string, token: string | null, q: StreamQuery = {}): string {
  const params = new URLSearchParams();
  if (token && q.tokenInQuery) params.set('access_token', token);
  if (q.lastSeq !== undefined) params.set('lastSeq', String(q.lastSeq));
  if (q.epoch !== undefined) params.set('epoch', q.epoch);
  if (q.services) params.set('services', q.services.join(','));
  const qs = params.toString();
  return `${wsBase}${STREAM_PATH}${qs ? `?${qs}` : ''}`;
}

/** Opens a stream; resolves once the socket is open (rejects on an HTTP error such as 401). */
export function openStream(wsBase: string, token: string | null, q: StreamQuery = {}): Promise<StreamClient> {
  const headers: Record<string, string> = {};
  if (token && !q.tokenInQuery) headers.authorization = `Bearer ${token}`;
  const ws = new WebSocket(streamUrl(wsBase, token, q), { headers, perMessageDeflate: false });
  const frames: ServerFrame[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data: Buffer, isBinary) => {
    if (isBinary) throw new Error('gateway sent a binary frame');
    const decoded = decodeServerFrame(data.toString('utf8'));
    if (!decoded.ok) throw new Error(`gateway sent an invalid frame: ${decoded.error}`);
    frames.push(decoded.value);
    for (const w of waiters) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.once('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const w of waiters) w();
    });
  });
  const client: StreamClient = {
    ws,
    frames,
    events: () => frames.filter((f): f is EventFrame => f.type === 'event'),
    waitFor<T extends ServerFrame>(pred: (f: ServerFrame) => boolean, timeoutMs = 10_000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const hit = frames.find(pred);
          if (hit) {
            cleanup();
            resolve(hit as T);
          } else if (ws.readyState === WebSocket.CLOSED) {
            cleanup();
            reject(new Error(`stream closed before the expected frame; got ${JSON.stringify(frames.slice(-5))}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for a frame; last frames ${JSON.stringify(frames.slice(-5))}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    waitForEvents(n: number, timeoutMs = 10_000): Promise<EventFrame[]> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const evs = client.events();
          if (evs.length >= n) {
            cleanup();
            resolve(evs);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${n} events; got ${client.events().length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    closed,
    close: () => ws.close(1000),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}: ${body}`), { status: res.statusCode, body })));
    });
    ws.once('error', reject);
  });
}
