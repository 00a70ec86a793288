/**
 * The wire contract between the gateway and its clients (documented for other
 * client authors in docs/protocol.md). Both sides validate with these schemas,
 * so a frame the gateway would never send is rejected the same way everywhere.
 */
import { z } from 'zod';
import { ENTITY_TYPES, type EntityType } from './domain.ts';
import { describeIssue } from './zod-issue.ts';

/** Query parameter and header names. */
export const STREAM_PATH = '/v2/realtime/stream';
export const SNAPSHOT_PATH = '/v2/realtime/snapshot';
export const EVENTS_PATH = '/v2/realtime/events';
export const PUBLISH_PATH = '/v2/realtime/publish';
export const COMMANDS_PATH = '/v2/commands';
export const METRICS_JSON_PATH = '/v2/realtime/metrics';
/** The night audit of a closed day: `?date=YYYY-MM-DD`. */
export const REPORT_DAY_PATH = '/v2/reports/day';
/** Everything held about a guest (data-subject request): `/v2/guests/:id/export`. */
export const GUEST_EXPORT_PATTERN = /^\/v2\/guests\/([^/]{1,64})\/export$/;
export const LOGIN_PATH = '/v1/auth/login';
export const REFRESH_PATH = '/v1/auth/refresh';
export const LOGOUT_PATH = '/v1/auth/logout';
/** Service-token admin routes (operations, tests and the chaos harness). */
export const ADMIN_REVOKE_PATH = '/v1/admin/revoke';
export const ADMIN_TRUNCATE_PATH = '/v2/admin/truncate';
/** POST (service token): create a user; the password must pass the gateway's password policy. */
/** Provisioning (service token): organisations and their users, shared by every node in Redis mode. */
export const ADMIN_ORGS_PATH = '/v1/admin/orgs';
export const ADMIN_USERS_PATH = '/v1/admin/users';

/** Largest client frame the gateway accepts (bytes). */
export const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

/** WebSocket close codes the gateway uses. */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  unsupportedData: 1003,
  policy: 1008,
  tooBig: 1009,
  tryAgainLater: 1013,
  /** The access token of this connection expired: refresh, then resume. */
  tokenExpired: 4401,
  /** The user or the client address already holds as many streams as the gateway allows: close another first. */
  tooManyStreams: 4429,
} as const;

const Seq = z.number().int().nonnegative();
const Id = z.string().min(1).max(128);

export const HelloFrameSchema = z.object({
  type: z.literal('hello'),
  orgId: Id,
  epoch: Id,
  headSeq: Seq,
  connectionId: Id,
});

export const EventFrameSchema = z.object({
  type: z.literal('event'),
  seq: z.number().int().positive(),
  id: Id,
  orgId: Id,
  service: z.string().min(1).max(64),
  kind: z.string().min(1).max(128),
  at: z.string().min(1).max(64),
  data: z.unknown(),
  /** Idempotency key of the desk command that caused this event, if any. */
  causedBy: z.string().min(1).max(128).optional(),
  /**
   * The hash chain (shared/chain.ts), all three or none (events appended before the
   * chain existed): the epoch the event was appended under, the previous event's hash
   * and this event's hash.
   */
  epoch: Id.optional(),
  prevHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

export const CaughtUpFrameSchema = z.object({ type: z.literal('caught_up'), seq: Seq });
export const ResyncFrameSchema = z.object({ type: z.literal('resync'), epoch: Id, headSeq: Seq });
export const ErrorFrameSchema = z.object({ type: z.literal('error'), code: z.string().min(1).max(64), message: z.string().max(1000) });
/**
 * The gateway's own health, sent on every change and after `hello` while degraded:
 * `degraded` means its shared log (Redis) does not answer, so events may be late and
 * publishes/commands answer 503; the connection stays open. `ok` again means the same
 * log goes on (a `resync` follows only if history was lost meanwhile).
 */
export const StatusFrameSchema = z.object({
  type: z.literal('status'),
  state: z.enum(['ok', 'degraded']),
  reason: z.string().max(500).optional(),
});

export const ServerFrameSchema = z.discriminatedUnion('type', [
  HelloFrameSchema,
  EventFrameSchema,
  CaughtUpFrameSchema,
  ResyncFrameSchema,
  ErrorFrameSchema,
  StatusFrameSchema,
]);

export type HelloFrame = z.infer<typeof HelloFrameSchema>;
export type EventFrame = z.infer<typeof EventFrameSchema>;
export type CaughtUpFrame = z.infer<typeof CaughtUpFrameSchema>;
export type ResyncFrame = z.infer<typeof ResyncFrameSchema>;
export type ErrorFrame = z.infer<typeof ErrorFrameSchema>;
export type StatusFrame = z.infer<typeof StatusFrameSchema>;
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

/** A stored event is exactly an event frame's content. */
export type StoredEvent = Omit<EventFrame, 'type'>;

/**
 * Frames a client may send. `auth` renews the token of a live connection (so a
 * refresh does not need a reconnect); `ping` is an application-level liveness probe
 * answered by nothing but keeping the connection (WebSocket pings do the real work).
 */
export const ClientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().min(1).max(4096) }),
  z.object({ type: z.literal('ping') }),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses and validates one text frame; never throws. */
export function decodeFrame<T>(schema: z.ZodType<T>, raw: string, maxBytes = Infinity): DecodeResult<T> {
  if (raw.length > maxBytes) return { ok: false, error: `frame too large (${raw.length} > ${maxBytes})` };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'frame is not valid JSON' };
  }
  return validateFrame(schema, json);
}

function validateFrame<T>(schema: z.ZodType<T>, json: unknown): DecodeResult<T> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, error: `invalid frame: ${describeIssue(parsed.error)}` };
  }
  return { ok: true, value: parsed.data };
}

const isIdText = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 128;
const HASH_TEXT = /^[0-9a-f]{64}$/;
const isHashText = (v: unknown): v is string => typeof v === 'string' && v.length === 64 && HASH_TEXT.test(v);

/**
 * Hand-written check of the hot frame (an `event` frame with exactly its known keys),
 * equivalent to EventFrameSchema for what it accepts. It runs per event at catch-up
 * rates of 50k+/s, where zod's generic object walk and copy cost microseconds. It only
 * ever ACCEPTS: anything it does not accept (another type, an extra or missing key, a
 * bad field) goes through the zod schema as before, so errors are zod's. The
 * equivalence is fuzzed in test/fuzz/server-frame-fast-path.test.ts.
 */
export function isPlainEventFrame(v: unknown): v is EventFrame {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (o.type !== 'event') return false;
  const seq = o.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq <= 0) return false;
  if (!isIdText(o.id) || !isIdText(o.orgId)) return false;
  const service = o.service;
  if (typeof service !== 'string' || service.length < 1 || service.length > 64) return false;
  if (!isIdText(o.kind)) return false;
  const at = o.at;
  if (typeof at !== 'string' || at.length < 1 || at.length > 64) return false;
  if (!Object.hasOwn(o, 'data')) return false;
  let expectedKeys = 8;
  if (Object.hasOwn(o, 'causedBy')) {
    if (!isIdText(o.causedBy)) return false;
    expectedKeys++;
  }
  if (Object.hasOwn(o, 'hash')) {
    if (!isIdText(o.epoch) || !isHashText(o.prevHash) || !isHashText(o.hash)) return false;
    expectedKeys += 3;
  }
  // zod strips unknown keys (a copy): leave such frames to it.
  let keys = 0;
  for (const k in o) if (Object.hasOwn(o, k)) keys++;
  return keys === expectedKeys;
}

/** Parses and validates one server frame; never throws. Same results as `decodeFrame(ServerFrameSchema, raw)`. */
export function decodeServerFrame(raw: string): DecodeResult<ServerFrame> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'frame is not valid JSON' };
  }
  if (isPlainEventFrame(json)) return { ok: true, value: json };
  return validateFrame(ServerFrameSchema, json);
}
export const decodeClientFrame = (raw: string): DecodeResult<ClientFrame> => decodeFrame(ClientFrameSchema, raw, MAX_CLIENT_FRAME_BYTES);

// ---------------------------------------------------------------- HTTP bodies

export const RoleSchema = z.enum(['frontdesk', 'manager', 'housekeeping']);
export type Role = z.infer<typeof RoleSchema>;

export const UserSchema = z.object({ id: Id, orgId: Id, role: RoleSchema, name: z.string() });
export type User = z.infer<typeof UserSchema>;

export const LoginRequestSchema = z.object({ email: z.string().min(3).max(254), password: z.string().min(1).max(1024) });
export const RefreshRequestSchema = z.object({ refreshToken: z.string().min(1).max(4096) });
export const CreateUserRequestSchema = z.object({
  orgId: Id,
  email: z
    .string()
    .min(3)
    .max(254)
    .regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address'),
  name: z.string().min(1).max(200),
  role: RoleSchema,
  password: z.string().max(1024),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;
export const TokensResponseSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  user: UserSchema,
});
export type TokensResponse = z.infer<typeof TokensResponseSchema>;

export const PublishRequestSchema = z.object({
  orgId: Id,
  service: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9_.-]+$/),
  kind: z.string().min(1).max(128),
  data: z.unknown(),
  idempotencyKey: z.string().min(1).max(128).optional(),
});
export type PublishRequest = z.infer<typeof PublishRequestSchema>;
export const PublishResponseSchema = z.object({ seq: z.number().int().positive(), id: Id });

export const EventsResponseSchema = z.object({
  events: z.array(EventFrameSchema.omit({ type: true })),
  headSeq: Seq,
  /** The log's epoch: events of another epoch are another history. */
  epoch: Id.optional(),
});
export type EventsResponse = z.infer<typeof EventsResponseSchema>;

export const SnapshotResponseSchema = z.object({
  orgId: Id,
  epoch: Id,
  seq: Seq,
  /** Hash of the event at `seq` (the chain's tip); the next event's prevHash must equal it. */
  hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** One array per entity type (ENTITY_TYPES); an older gateway may send fewer. */
  state: z.object(
    Object.fromEntries(ENTITY_TYPES.map((t) => [t, z.array(z.unknown()).optional()])) as Record<EntityType, z.ZodOptional<z.ZodArray<z.ZodUnknown>>>,
  ),
});

/** Every non-2xx JSON answer of the gateway. */
export const ErrorResponseSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;
