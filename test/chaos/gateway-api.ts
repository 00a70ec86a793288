/**
 * The gateway's HTTP API as the harness uses it: the platform side (publish, admin
 * truncate/revoke with the service token) and a reader of an organisation's log
 * (user token, re-login on any 401 since tokens expire and get revoked during a run).
 * Every call is bounded by a timeout; callers decide whether to retry.
 */
import { ADMIN_REVOKE_PATH, ADMIN_TRUNCATE_PATH, EVENTS_PATH, LOGIN_PATH, PUBLISH_PATH } from '../../shared/protocol.ts';
import type { LogEntry } from './checks.ts';

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
  }
}

const TIMEOUT_MS = 4000;

async function call(
  baseUrl: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  if (!res.ok) throw new HttpStatusError(res.status, text, `${method} ${path}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

export interface LoginResult {
  accessToken: string;
  user: { id: string; orgId: string };
}

export interface LogInfo {
  orgId: string;
  epoch: string;
  headSeq: number;
  oldestSeq: number;
}

export class GatewayApi {
  constructor(
    private baseUrl: string,
    private readonly serviceToken: string,
  ) {}

  get url(): string {
    return this.baseUrl;
  }

  async login(email: string, password: string): Promise<LoginResult> {
    return (await call(this.baseUrl, 'POST', LOGIN_PATH, null, { email, password })) as LoginResult;
  }

  async publish(orgId: string, service: string, kind: string, data: unknown, idempotencyKey: string): Promise<{ seq: number; id: string }> {
    return (await call(this.baseUrl, 'POST', PUBLISH_PATH, this.serviceToken, { orgId, service, kind, data, idempotencyKey })) as { seq: number; id: string };
  }

  async truncate(orgId: string, keepLast: number): Promise<LogInfo> {
    return (await call(this.baseUrl, 'POST', ADMIN_TRUNCATE_PATH, this.serviceToken, { orgId, keepLast })) as LogInfo;
  }

  async revoke(userId: string): Promise<unknown> {
    return call(this.baseUrl, 'POST', ADMIN_REVOKE_PATH, this.serviceToken, { userId });
  }

  async healthy(): Promise<boolean> {
    try {
      await call(this.baseUrl, 'GET', '/healthz', null);
      return true;
    } catch {
      return false;
    }
  }
}

export interface EventsPage {
  events: LogEntry[];
  headSeq: number;
  epoch: string;
}

/** Reads one organisation's log with that org's user, logging in again whenever the token is refused. */
export class OrgReader {
  private token: string | null = null;
  userId: string | null = null;

  constructor(
    private readonly api: GatewayApi,
    readonly orgId: string,
    private readonly email: string,
    private readonly password: string,
  ) {}

  private async ensureToken(): Promise<string> {
    if (!this.token) {
      const r = await this.api.login(this.email, this.password);
      this.token = r.accessToken;
      this.userId = r.user.id;
    }
    return this.token;
  }

  /** Events with seq > after. A 410 (history gone) is returned as `{ gone: oldestSeq }`. */
  async events(after: number, limit = 5000): Promise<EventsPage | { gone: number }> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await this.ensureToken();
      try {
        const body = (await call(this.api.url, 'GET', `${EVENTS_PATH}?after=${after}&limit=${limit}`, token)) as {
          events: Array<{ seq: number; id: string; kind: string; causedBy?: string }>;
          headSeq: number;
          epoch?: string;
        };
        return {
          events: body.events.map((e) => ({ seq: e.seq, id: e.id, kind: e.kind, ...(e.causedBy !== undefined ? { causedBy: e.causedBy } : {}) })),
          headSeq: body.headSeq,
          epoch: body.epoch ?? '',
        };
      } catch (err) {
        if (err instanceof HttpStatusError && err.status === 401) {
          this.token = null;
          continue;
        }
        if (err instanceof HttpStatusError && err.status === 410) {
          const m = /oldest is (\d+)/.exec(err.body);
          return { gone: m ? Number(m[1]) : after + 1 };
        }
        throw err;
      }
    }
    throw new Error(`${this.orgId}: still unauthorized after logging in again`);
  }
}
