/**
 * Who may open the bridge: a page of THIS host (Origin equals our own origin, Host is
 * our loopback address — which also defeats DNS rebinding) that knows this launch's
 * secret. Checked in the WebSocket handshake, so a stranger never gets an open socket.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BRIDGE_PROTOCOL, BRIDGE_SECRET_PREFIX } from '../../shared/bridge.ts';

export function newLaunchSecret(): string {
  return randomBytes(32).toString('hex');
}

/** Compares secrets in constant time whatever their lengths (hashing first equalises them). */
export function secretsEqual(expected: string, presented: string): boolean {
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(presented, 'utf8').digest();
  return timingSafeEqual(a, b) && expected.length === presented.length;
}

export type HandshakeVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

export function offeredProtocols(req: IncomingMessage): string[] {
  const raw = req.headers['sec-websocket-protocol'];
  if (!raw) return [];
  return raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

export function checkBridgeHandshake(req: IncomingMessage, expected: { origin: string; host: string; secret: string }): HandshakeVerdict {
  if (req.headers.host !== expected.host) return { ok: false, status: 403, reason: `unexpected Host header` };
  if (req.headers.origin !== expected.origin) return { ok: false, status: 403, reason: `foreign origin ${JSON.stringify(req.headers.origin ?? null)}` };
  const protocols = offeredProtocols(req);
  if (!protocols.includes(BRIDGE_PROTOCOL)) return { ok: false, status: 401, reason: 'bridge protocol not offered' };
  const auth = protocols.find((p) => p.startsWith(BRIDGE_SECRET_PREFIX));
  if (!auth || !secretsEqual(expected.secret, auth.slice(BRIDGE_SECRET_PREFIX.length))) return { ok: false, status: 401, reason: 'wrong or missing secret' };
  return { ok: true };
}
