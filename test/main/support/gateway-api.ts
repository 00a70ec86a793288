/** Reads of the real gateway that desk tests compare against. */
import { type ADMIN_REVOKE_PATH, type ADMIN_TRUNCATE_PATH, EVENTS_PATH, SNAPSHOT_PATH } from '../../../shared/protocol.ts';
import { DEMO_SERVICE_TOKEN, login, publish } from '../../helpers/gateway-process.ts';

export interface LogEntry {
  seq: number;
  id: string;
  kind: string;
  causedBy?: string;
}

/** The organisation's retained log after `from`, paged through GET /v2/realtime/events. */
export async function gatewayLog(baseUrl: string, email: string, password: string, from = 0): Promise<LogEntry[]> {
  const { accessToken } = await login(baseUrl, email, password);
  const out: LogEntry[] = [];
  let after = from;
  for (let page = 0; page < 10_000; page++) {
    const res = await fetch(`${baseUrl}${EVENTS_PATH}?after=${after}&limit=5000`, { headers: { authorization: `Bearer ${accessToken}` } });
    if (!res.ok) throw new Error(`events page failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { events: LogEntry[]; headSeq: number };
    for (const e of body.events) out.push({ seq: e.seq, id: e.id, kind: e.kind, ...(e.causedBy ? { causedBy: e.causedBy } : {}) });
    if (body.events.length === 0 || after >= body.headSeq) break;
    after = body.events[body.events.length - 1].seq;
    if (after >= body.headSeq) break;
  }
  return out;
}

export async function gatewaySnapshot(
  baseUrl: string,
  email: string,
  password: string,
): Promise<{ epoch: string; seq: number; state: Record<string, { id: string }[]> }> {
  const { accessToken } = await login(baseUrl, email, password);
  const res = await fetch(`${baseUrl}${SNAPSHOT_PATH}`, { headers: { authorization: `Bearer ${accessToken}` } });
  if (!res.ok) throw new Error(`snapshot failed: ${res.status}`);
  return (await res.json()) as { epoch: string; seq: number; state: Record<string, { id: string }[]> };
}

export async function adminPost(baseUrl: string, path: typeof ADMIN_REVOKE_PATH | typeof ADMIN_TRUNCATE_PATH, body: unknown): Promise<unknown> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_SERVICE_TOKEN}` },
    body: JSON.stringify(body),
  });
  const json: unknown = await res.json();
  if (!res.ok) throw new Error(`${path} failed ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/**
 * Publishes events until stopped, at about `perSecond`, each with an idempotency key
 * so a publish whose answer was lost (gateway killed) is retried without a duplicate.
 * Gateway downtime just delays it. Bounded: stops itself after `maxEvents`.
 */
export function startPublisher(getUrl: () => string, opts: { orgId: string; perSecond: number; maxEvents: number; prefix?: string }) {
  let stopped = false;
  let published = 0;
  let failures = 0;
  const prefix = opts.prefix ?? `pub-${process.pid}-${Date.now()}`;
  const done = (async () => {
    const gapMs = 1000 / opts.perSecond;
    while (!stopped && published < opts.maxEvents) {
      const key = `${prefix}-${published}`;
      // Mostly unknown kinds (no state needed) plus a known one now and then.
      const body =
        published % 10 === 0
          ? { orgId: opts.orgId, service: 'housekeeping', kind: 'room.status_changed', data: { roomId: 'nope', status: 'vacant_dirty' }, idempotencyKey: key }
          : { orgId: opts.orgId, service: 'spa', kind: 'spa.treatment_booked', data: { n: published, note: 'x'.repeat(published % 50) }, idempotencyKey: key };
      try {
        await publish(getUrl(), body);
        published++;
        await new Promise((r) => setTimeout(r, gapMs));
      } catch {
        failures++;
        await new Promise((r) => setTimeout(r, 30));
      }
    }
  })();
  return {
    get published() {
      return published;
    },
    get failures() {
      return failures;
    },
    async stop() {
      stopped = true;
      await done;
    },
    done,
  };
}
