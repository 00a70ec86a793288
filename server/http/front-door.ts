/**
 * Origin allow-list. Browsers send `Origin` on cross-site requests and on every
 * WebSocket handshake; native clients (the desk, the sync CLI, services) send
 * none. A request that carries an Origin not on the list is refused with 403
 * before anything else happens, so a web page a receptionist happens to open
 * cannot drive the gateway with a token it found, nor open a stream.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './errors.ts';

export interface OriginRule {
  /** Exact origins (`https://desk.example.com`), lower case, no trailing slash. */
  allowed: ReadonlySet<string>;
}

/** Parses a comma-separated list; throws with a sentence on an entry that is not an origin. */
export function parseOrigins(list: string | undefined): OriginRule {
  const allowed = new Set<string>();
  for (const raw of (list ?? '').split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(`allowed origin "${entry}" is not a URL (expected e.g. https://desk.example.com)`);
    }
    if (url.origin === 'null' || url.origin.toLowerCase() !== entry.toLowerCase().replace(/\/$/, '')) {
      throw new Error(`allowed origin "${entry}" must be scheme://host[:port] with no path (e.g. https://desk.example.com)`);
    }
    allowed.add(url.origin.toLowerCase());
  }
  return { allowed };
}

/** The 403 to answer, or null when the request may go on. */
export function checkOrigin(req: IncomingMessage, rule: OriginRule): HttpError | null {
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  if (rule.allowed.has(origin.toLowerCase())) return null;
  return new HttpError(403, 'origin_not_allowed', `requests from origin ${origin.slice(0, 200)} are not allowed (see --allowed-origins)`);
}

const CORS_ALLOW_HEADERS = 'authorization, content-type, idempotency-key, frontdesk-taken-at';

/**
 * For an allowed browser origin: the CORS headers its responses need, and the answer
 * to its preflight (OPTIONS) — without them a listed origin could not actually call
 * the gateway from a browser. Returns true when the request was a preflight and has
 * been answered. Requests without Origin (native clients) get no CORS headers.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, rule: OriginRule): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || !rule.allowed.has(origin.toLowerCase())) return false;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, POST',
    'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS,
    'Access-Control-Max-Age': '600',
  });
  res.end();
  return true;
}
