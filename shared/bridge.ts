/**
 * The browser host's loopback bridge protocol: the FrontdeskApi carried over one
 * WebSocket between a browser tab (preload/browser-bridge.ts) and the host
 * (main/browser-host/). The host validates every client message with these schemas,
 * then every invoke's payload with `validateInvoke`, exactly as the Electron host does.
 *
 * Authentication happens in the WebSocket handshake, before any message: the client
 * offers the subprotocols [BRIDGE_PROTOCOL, BRIDGE_SECRET_PREFIX + secret]; the host
 * checks the secret (timing-safe) and the Origin header, and answers with BRIDGE_PROTOCOL.
 */
import { z } from 'zod';
import { describeIssue } from './zod-issue.ts';

export const BRIDGE_PATH = '/bridge';
export const BRIDGE_SCRIPT_PATH = '/bridge.js';
export const BRIDGE_PROTOCOL = 'frontdesk-bridge.v1';
/** Subprotocol tokens may not contain '=' or ':'; the secret is hex, so `auth.<hex>` is a valid token. */
export const BRIDGE_SECRET_PREFIX = 'auth.';
/** Largest client message the host accepts (an invoke is small; a login is the largest). */
export const MAX_BRIDGE_MESSAGE_BYTES = 64 * 1024;
/**
 * The launch secret's key in the URL fragment: `/#secret=…`, or `/#/board&secret=…` for
 * an extra window (the renderer routes on `#/view`). The bridge removes it on load.
 */
export const FRAGMENT_SECRET_KEY = 'secret';
/** sessionStorage key under which the bridge keeps the secret for reloads and extra windows. */
export const SESSION_SECRET_KEY = 'frontdesk.bridge.secret';

export const BridgeInvokeSchema = z
  .object({
    type: z.literal('invoke'),
    id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    channel: z.string().min(1).max(64),
    payload: z.unknown(),
  })
  .strict();
export type BridgeInvoke = z.infer<typeof BridgeInvokeSchema>;

export const BridgeClientMessageSchema = BridgeInvokeSchema;
export type BridgeClientMessage = BridgeInvoke;

export type BridgeResult = { type: 'result'; id: number; ok: true; value: unknown } | { type: 'result'; id: number; ok: false; error: string };
export interface BridgePush {
  type: 'push';
  channel: string;
  payload: unknown;
}
/** A message the host could not attribute to an invoke (malformed JSON, bad shape). */
export interface BridgeProtocolError {
  type: 'error';
  error: string;
}
export type BridgeServerMessage = BridgeResult | BridgePush | BridgeProtocolError;

export type BridgeDecode = { ok: true; value: BridgeClientMessage } | { ok: false; error: string; id: number | null };

/** Parses one client message; on failure says why, and which invoke id (if readable) it concerned. */
export function decodeBridgeClientMessage(raw: string): BridgeDecode {
  if (raw.length > MAX_BRIDGE_MESSAGE_BYTES) return { ok: false, error: `bridge message too large (${raw.length} bytes)`, id: null };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'bridge message is not JSON', id: null };
  }
  const parsed = BridgeClientMessageSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const rawId = (json as { id?: unknown } | null)?.id;
  const id = typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId >= 0 ? rawId : null;
  return { ok: false, error: `invalid bridge message: ${describeIssue(parsed.error)}`, id };
}

/** Reads `#a=1&b=2` style fragments (URLSearchParams semantics). */
export function parseFragment(hash: string): Map<string, string> {
  const out = new Map<string, string>();
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of body.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    try {
      out.set(decodeURIComponent(eq < 0 ? part : part.slice(0, eq)), eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1)));
    } catch {
      // A malformed escape is ignored rather than breaking the page.
    }
  }
  return out;
}

export function formatFragment(entries: Iterable<[string, string]>): string {
  const parts: string[] = [];
  for (const [k, v] of entries) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length ? `#${parts.join('&')}` : '';
}
