/**
 * The gateway's HTTP routes (paths from shared/protocol.ts). Every non-2xx
 * answer is JSON `{"error":{"code","message"}}`.
 */
import { hash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { CommandSchema, IDEMPOTENCY_HEADER, TAKEN_AT_HEADER } from '../../shared/commands.ts';
import { takenAtFromHeader } from '../commands/taken-at.ts';
import { dateInZone, isTimeZone } from '../../shared/dates.ts';
import { isKnownKind, KNOWN_EVENT_DATA, SERVICE_OF_KIND } from '../../shared/events.ts';
import { refusalStatus } from '../../shared/planner.ts';
import { IsoDateSchema } from '../../shared/domain.ts';
import { guestRecord } from '../../shared/guest-record.ts';
import { hotelOf, stateFromJson } from '../../shared/projection.ts';
import {
  ADMIN_ORGS_PATH,
  ADMIN_REVOKE_PATH,
  ADMIN_TRUNCATE_PATH,
  ADMIN_USERS_PATH,
  CloseCode,
  COMMANDS_PATH,
  CreateUserRequestSchema,
  EVENTS_PATH,
  GUEST_EXPORT_PATTERN,
  LOGIN_PATH,
  LoginRequestSchema,
  LOGOUT_PATH,
  METRICS_JSON_PATH,
  PUBLISH_PATH,
  PublishRequestSchema,
  REFRESH_PATH,
  REPORT_DAY_PATH,
  RefreshRequestSchema,
  SNAPSHOT_PATH,
} from '../../shared/protocol.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { Directory } from '../auth/directory.ts';
import type { Principal } from '../auth/tokens.ts';
import { LogUnavailableError } from '../log/errors.ts';
import type { EventLog } from '../log/types.ts';
import { pathOnly, type Logger } from '../logger.ts';
import type { GatewayMetrics } from '../metrics.ts';
import type { OrgHub } from '../realtime/org-hub.ts';
import { HttpError } from './errors.ts';
import { applyCors, checkOrigin, type OriginRule } from './front-door.ts';
import { readJson, requireJsonContentType, sendError, sendJson, sendJsonText } from './io.ts';
import { describeIssue } from '../../shared/zod-issue.ts';

export interface RouteDeps {
  log: EventLog;
  auth: AuthService;
  directory: Directory;
  hub: OrgHub;
  metrics: GatewayMetrics;
  registry: Registry;
  serviceToken: string;
  /** A second token that may read the metrics routes only (monitoring systems); null = service token only. */
  metricsToken: string | null;
  /** Which browser origins may call the gateway (requests without Origin, i.e. native clients, always may). */
  origins: OriginRule;
  logger: Logger;
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

const RevokeSchema = z.object({ userId: z.string().min(1).max(128) });
const TruncateSchema = z.object({ orgId: z.string().min(1).max(128), keepLast: z.number().int().nonnegative() });
const AdminOrgSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes, at most 63'),
  name: z.string().min(1).max(200),
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/Paris'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
  /** BCP 47 locale for dates and money (default en-GB). */
  locale: z.string().min(2).max(35).optional(),
});

const IdempotencyKeySchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/);

const MAX_EVENTS_LIMIT = 10_000;

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1] : null;
}

function digest(s: string): Buffer {
  // One-shot hash: several times cheaper than createHash() for a token (it runs on every publish).
  return hash('sha256', s, 'buffer');
}

function intParam(url: URL, name: string, fallback: number | undefined, max = Number.MAX_SAFE_INTEGER): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') {
    if (fallback === undefined) throw new HttpError(400, 'bad_request', `query parameter ${name} is required`);
    return fallback;
  }
  if (!/^\d{1,15}$/.test(raw)) throw new HttpError(400, 'bad_request', `${name} must be a non-negative integer`);
  return Math.min(Number(raw), max);
}

export function createRouter(d: RouteDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const serviceDigest = digest(d.serviceToken);
  const metricsDigest = d.metricsToken ? digest(d.metricsToken) : null;

  function requireMetricsReader(req: IncomingMessage): void {
    const token = bearer(req);
    const given = token ? digest(token) : null;
    if (!given || !(timingSafeEqual(given, serviceDigest) || (metricsDigest !== null && timingSafeEqual(given, metricsDigest)))) {
      throw new HttpError(401, 'unauthorized', 'metrics need the service token or the metrics token (FRONTDESK_METRICS_TOKEN)', {
        'WWW-Authenticate': 'Bearer',
      });
    }
  }

  function requireService(req: IncomingMessage): void {
    const token = bearer(req);
    if (!token || !timingSafeEqual(digest(token), serviceDigest)) {
      throw new HttpError(401, 'unauthorized', 'a valid service token is required', { 'WWW-Authenticate': 'Bearer' });
    }
  }

  async function requireUser(req: IncomingMessage): Promise<Principal> {
    const token = bearer(req);
    if (!token) throw new HttpError(401, 'unauthorized', 'missing access token', { 'WWW-Authenticate': 'Bearer' });
    const v = await d.auth.tokens.verify(token);
    if (!v.ok) {
      throw new HttpError(401, v.reason === 'expired' ? 'token_expired' : 'unauthorized', `access token ${v.reason}`, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    return v.principal;
  }

  const routes: Record<string, Partial<Record<string, Handler>>> = {
    '/healthz': {
      // Degraded (the shared log does not answer) is a 503, so a load balancer sends new desks elsewhere.
      GET: async (_req, res) => {
        const h = d.log.health();
        if (h.ok) sendJson(res, 200, { ok: true, mode: d.log.mode });
        else sendJson(res, 503, { ok: false, mode: d.log.mode, status: 'degraded', reason: h.reason, since: h.since }, { 'Retry-After': '2' });
      },
    },
    [LOGIN_PATH]: {
      POST: async (req, res) => {
        requireJsonContentType(req);
        const body = await readJson(req, LoginRequestSchema);
        sendJson(res, 200, await d.auth.login(body.email, body.password, req.socket.remoteAddress ?? 'unknown'));
      },
    },
    [REFRESH_PATH]: {
      POST: async (req, res) => {
        requireJsonContentType(req);
        const body = await readJson(req, RefreshRequestSchema);
        sendJson(res, 200, await d.auth.refresh(body.refreshToken));
      },
    },
    [LOGOUT_PATH]: {
      POST: async (req, res) => {
        requireJsonContentType(req);
        const body = await readJson(req, RefreshRequestSchema);
        // The session store tells every node (this one included) to end the session's access tokens and streams.
        await d.auth.logout(body.refreshToken);
        sendJson(res, 200, { ok: true });
      },
    },
    [ADMIN_REVOKE_PATH]: {
      POST: async (req, res) => {
        requireService(req);
        const body = await readJson(req, RevokeSchema);
        // Count (and close) this node's streams; other nodes close theirs on the revocation notice.
        const closedConnections = d.hub.closeUser(body.userId, CloseCode.policy, 'revoked');
        const r = await d.auth.revokeUser(body.userId);
        d.logger.info({ userId: body.userId, closedConnections, ...r }, 'user revoked');
        sendJson(res, 200, { userId: body.userId, ...r, closedConnections });
      },
    },
    [ADMIN_ORGS_PATH]: {
      POST: async (req, res) => {
        requireService(req);
        requireJsonContentType(req);
        const body = await readJson(req, AdminOrgSchema);
        if (!(await d.directory.insertOrg(body))) throw new HttpError(409, 'org_exists', `organisation ${body.id} already exists`);
        // The hotel record every desk reads its clock and money from: today in the hotel's own zone.
        const hotel = {
          id: body.id,
          name: body.name,
          timeZone: body.timeZone,
          currency: body.currency,
          locale: body.locale ?? 'en-GB',
          businessDate: dateInZone(new Date(), body.timeZone),
        };
        await d.log.publish(body.id, { service: SERVICE_OF_KIND['hotel.configured'], kind: 'hotel.configured', data: { hotel } }, `provision-${body.id}`);
        d.logger.info({ orgId: body.id }, 'organisation provisioned');
        sendJson(res, 201, body);
      },
    },
    [ADMIN_USERS_PATH]: {
      POST: async (req, res) => {
        requireService(req);
        requireJsonContentType(req);
        const body = await readJson(req, CreateUserRequestSchema);
        const user = await d.auth.createUser(body);
        d.logger.info({ userId: user.id, orgId: user.orgId, role: user.role }, 'user created');
        sendJson(res, 201, { ...user, email: body.email.trim().toLowerCase() });
      },
    },
    [ADMIN_TRUNCATE_PATH]: {
      POST: async (req, res) => {
        requireService(req);
        const body = await readJson(req, TruncateSchema);
        const info = await d.log.truncate(body.orgId, body.keepLast);
        d.logger.info({ ...info, keepLast: body.keepLast }, 'history truncated');
        sendJson(res, 200, info);
      },
    },
    [SNAPSHOT_PATH]: {
      GET: async (req, res) => {
        const p = await requireUser(req);
        sendJson(res, 200, await d.log.snapshot(p.orgId));
      },
    },
    [REPORT_DAY_PATH]: {
      GET: async (req, res, url) => {
        const p = await requireUser(req);
        const date = IsoDateSchema.safeParse(url.searchParams.get('date'));
        if (!date.success) throw new HttpError(400, 'bad_request', 'query parameter date=YYYY-MM-DD is required');
        const state = stateFromJson((await d.log.snapshot(p.orgId)).state);
        const audit = state.audits.get(date.data);
        if (audit) return sendJson(res, 200, audit);
        const open = hotelOf(state)?.businessDate;
        if (open !== undefined && date.data >= open) {
          throw new HttpError(409, 'day_not_closed', `The business day ${date.data} has not been closed yet (the current business date is ${open}).`);
        }
        throw new HttpError(404, 'not_found', `No night audit was recorded for ${date.data}.`);
      },
    },
    [EVENTS_PATH]: {
      GET: async (req, res, url) => {
        const p = await requireUser(req);
        const after = intParam(url, 'after', 0);
        const limit = Math.max(1, intParam(url, 'limit', 1000, MAX_EVENTS_LIMIT));
        const info = await d.log.info(p.orgId);
        if (after < info.oldestSeq - 1) {
          throw new HttpError(410, 'history_gone', `events after ${after} are no longer retained (oldest is ${info.oldestSeq}); reload the snapshot`);
        }
        const events = await d.log.read(p.orgId, after, limit);
        let body = '{"events":[';
        for (let i = 0; i < events.length; i++) body += (i === 0 ? '' : ',') + events[i].json;
        body += `],"headSeq":${info.headSeq},"epoch":${JSON.stringify(info.epoch)}}`;
        sendJsonText(res, 200, body);
      },
    },
    [PUBLISH_PATH]: {
      POST: async (req, res) => {
        requireService(req);
        const body = await readJson(req, PublishRequestSchema);
        if (isKnownKind(body.kind)) {
          const check = KNOWN_EVENT_DATA[body.kind].safeParse(body.data);
          if (!check.success) {
            throw new HttpError(422, 'invalid_event_data', `data for ${body.kind}: ${describeIssue(check.error)}`);
          }
        }
        const r = await d.log.publish(body.orgId, { service: body.service, kind: body.kind, data: body.data }, body.idempotencyKey);
        if (!r.duplicate) {
          d.metrics.eventsPublished++;
          // Stored; while the hotel's fan-out is behind, answered once written (see OrgHub.written).
          const written = d.hub.written(body.orgId, r.seq);
          if (written) await written;
        }
        sendJson(res, 200, { seq: r.seq, id: r.id }, r.duplicate ? { 'Idempotent-Replayed': 'true' } : {});
      },
    },
    [COMMANDS_PATH]: {
      POST: async (req, res) => {
        const p = await requireUser(req);
        const rawKey = req.headers[IDEMPOTENCY_HEADER];
        if (rawKey === undefined) throw new HttpError(400, 'missing_idempotency_key', 'the Idempotency-Key header is required');
        const key = IdempotencyKeySchema.safeParse(rawKey);
        if (!key.success) throw new HttpError(400, 'bad_idempotency_key', 'Idempotency-Key must be 1-128 printable ASCII characters');
        const takenAt = takenAtFromHeader(req.headers[TAKEN_AT_HEADER], new Date());
        const command = await readJson(req, CommandSchema);
        const outcome = await d.log.runCommand(p.orgId, { id: p.id, name: p.name }, key.data, command, takenAt);
        if (outcome.kind === 'key_reused') {
          throw new HttpError(422, 'idempotency_key_reused', 'this Idempotency-Key was used for a different command');
        }
        const replayed: Record<string, string> = outcome.replayed ? { 'Idempotent-Replayed': 'true' } : {};
        if (outcome.kind === 'applied') {
          if (!outcome.replayed) {
            d.metrics.commandsAccepted++;
            d.metrics.eventsPublished += outcome.events.length;
          }
          sendJson(res, 200, { events: outcome.events }, replayed);
        } else {
          if (!outcome.replayed) d.metrics.commandsRejected++;
          sendJson(res, refusalStatus(outcome.refusal.code), { error: outcome.refusal }, replayed);
        }
      },
    },
    [METRICS_JSON_PATH]: {
      GET: async (req, res) => {
        requireMetricsReader(req);
        sendJson(res, 200, d.metrics.toJSON());
      },
    },
    '/metrics': {
      GET: async (req, res) => {
        requireMetricsReader(req);
        const text = await d.registry.metrics();
        res.writeHead(200, { 'Content-Type': d.registry.contentType, 'Cache-Control': 'no-store' });
        res.end(text);
      },
    },
  };

  /** Routes with an id in the path. */
  const guestExport: Partial<Record<string, Handler>> = {
    GET: async (req, res, url) => {
      const p = await requireUser(req);
      const guestId = decodeURIComponent(GUEST_EXPORT_PATTERN.exec(url.pathname)![1]);
      const record = guestRecord(stateFromJson((await d.log.snapshot(p.orgId)).state), guestId);
      if (!record) throw new HttpError(404, 'not_found', `No guest ${guestId} at this hotel.`);
      d.logger.info({ orgId: p.orgId, userId: p.id, guestId }, 'guest data exported');
      sendJson(
        res,
        200,
        { exportedAt: new Date().toISOString(), orgId: p.orgId, ...record },
        { 'Content-Disposition': `attachment; filename="guest-${guestId}.json"` },
      );
    },
  };

  return (req, res) => {
    const started = performance.now();
    const path = pathOnly(req.url);
    const route = routes[path] ?? (GUEST_EXPORT_PATTERN.test(path) ? guestExport : undefined);
    const handler = route?.[req.method ?? 'GET'];
    const done = (status: number) => {
      d.logger.debug({ method: req.method, path, status, ms: Math.round(performance.now() - started) }, 'http');
    };
    const originError = checkOrigin(req, d.origins);
    if (originError) {
      sendError(res, originError);
      return done(originError.status);
    }
    if (applyCors(req, res, d.origins)) return done(204);
    if (!route) {
      sendError(res, new HttpError(404, 'not_found', `no route ${req.method} ${path}`));
      return done(404);
    }
    if (!handler) {
      sendError(res, new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${path}`, { Allow: Object.keys(route).join(', ') }));
      return done(405);
    }
    const url = new URL(req.url ?? '/', 'http://gateway');
    handler(req, res, url).then(
      () => done(res.statusCode),
      (err: unknown) => {
        // The log says what went wrong in its own terms; HTTP decides how that answers.
        if (err instanceof LogUnavailableError) {
          sendError(res, new HttpError(503, err.code, err.message, { 'Retry-After': String(err.retryAfterSeconds) }));
          return done(503);
        }
        if (err instanceof HttpError) {
          sendError(res, err);
          if (err.status === 413) res.once('finish', () => req.destroy());
          return done(err.status);
        }
        d.logger.error({ err, method: req.method, path }, 'request failed');
        if (!res.headersSent) sendError(res, new HttpError(500, 'internal', 'internal error'));
        else res.destroy();
        done(500);
      },
    );
  };
}
