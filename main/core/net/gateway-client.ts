/**
 * The desk's HTTP calls to the gateway (login, refresh, logout, snapshot, commands),
 * each validated against the shared wire schemas. Failures come back as one of two
 * errors so callers can tell "the gateway said no" from "the gateway was not reached".
 */
import { parseGatewayList } from '../../../shared/gateway-list.ts';
import type { Command } from '../../../shared/commands.ts';
import { CommandResponseSchema, IDEMPOTENCY_HEADER, TAKEN_AT_HEADER, type CommandResponse } from '../../../shared/commands.ts';
import {
  COMMANDS_PATH,
  ErrorResponseSchema,
  EVENTS_PATH,
  EventsResponseSchema,
  type EventsResponse,
  LOGIN_PATH,
  LOGOUT_PATH,
  REFRESH_PATH,
  SNAPSHOT_PATH,
  SnapshotResponseSchema,
  TokensResponseSchema,
  type TokensResponse,
} from '../../../shared/protocol.ts';
import {
  ChargeSchema,
  DayAuditSchema,
  GuestSchema,
  HotelSchema,
  InvoiceSchema,
  RefundSchema,
  ShiftSchema,
  PaymentSchema,
  ReservationSchema,
  RoomSchema,
  TaskSchema,
} from '../../../shared/domain.ts';
import type { HotelStateJson } from '../../../shared/projection.ts';
import { z } from 'zod';
import { describeIssue } from '../../../shared/zod-issue.ts';

/** The gateway answered with a non-2xx status. */
export class GatewayHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayHttpError';
  }
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429;
  }
}

/** The gateway was not reached, timed out, or answered something unreadable. */
export class GatewayUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GatewayUnreachableError';
  }
}

export interface Snapshot {
  orgId: string;
  epoch: string;
  seq: number;
  /** Hash of the event at seq (the chain tip the next event must link to), if the gateway keeps a chain. */
  hash?: string;
  state: HotelStateJson;
}

const SnapshotStateSchema = z.object({
  // An older gateway sends no hotel record: the desk then falls back to the UTC date.
  hotels: z.array(HotelSchema).default([]),
  charges: z.array(ChargeSchema).default([]),
  refunds: z.array(RefundSchema).default([]),
  invoices: z.array(InvoiceSchema).default([]),
  guests: z.array(GuestSchema).default([]),
  shifts: z.array(ShiftSchema).default([]),
  audits: z.array(DayAuditSchema).default([]),
  rooms: z.array(RoomSchema),
  reservations: z.array(ReservationSchema),
  tasks: z.array(TaskSchema),
  payments: z.array(PaymentSchema),
});

export class GatewayClient {
  private readonly urls: string[];
  private current = 0;

  /** @param serverUrls one gateway URL, or several nodes of one cluster separated by commas. */
  constructor(
    serverUrls: string,
    private readonly timeoutMs: number,
  ) {
    this.urls = parseGatewayList(serverUrls);
  }

  /** The gateway this desk talks to now. */
  get serverUrl(): string {
    return this.urls[this.current];
  }

  /** Moves to the next known gateway (the current one stopped answering); false if there is no other. */
  failover(): boolean {
    if (this.urls.length < 2) return false;
    this.current = (this.current + 1) % this.urls.length;
    return true;
  }

  login(email: string, password: string): Promise<TokensResponse> {
    return this.request('POST', LOGIN_PATH, { body: { email, password } }, TokensResponseSchema);
  }

  refresh(refreshToken: string): Promise<TokensResponse> {
    return this.request('POST', REFRESH_PATH, { body: { refreshToken } }, TokensResponseSchema);
  }

  async logout(accessToken: string, refreshToken: string): Promise<void> {
    await this.request('POST', LOGOUT_PATH, { token: accessToken, body: { refreshToken } }, z.unknown());
  }

  /** Up to `limit` stored events with seq > `after`, oldest first (the gateway's bounded history). */
  events(accessToken: string, after: number, limit: number): Promise<EventsResponse> {
    return this.request('GET', `${EVENTS_PATH}?after=${after}&limit=${limit}`, { token: accessToken }, EventsResponseSchema);
  }

  async snapshot(accessToken: string): Promise<Snapshot> {
    const raw = await this.request('GET', SNAPSHOT_PATH, { token: accessToken }, SnapshotResponseSchema);
    // The envelope schema leaves entities open; the desk stores them, so check them too.
    const state = SnapshotStateSchema.safeParse(raw.state);
    if (!state.success) {
      throw new GatewayUnreachableError(`snapshot has an invalid entity at ${describeIssue(state.error)}`);
    }
    return { orgId: raw.orgId, epoch: raw.epoch, seq: raw.seq, ...(raw.hash ? { hash: raw.hash } : {}), state: state.data };
  }

  /** `takenAt`: when the receptionist took the action (the outbox item's creation time). */
  submitCommand(accessToken: string, idempotencyKey: string, command: Command, takenAt: string): Promise<CommandResponse> {
    return this.request(
      'POST',
      COMMANDS_PATH,
      { token: accessToken, body: command, headers: { [IDEMPOTENCY_HEADER]: idempotencyKey, [TAKEN_AT_HEADER]: takenAt } },
      CommandResponseSchema,
    );
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    init: { token?: string; body?: unknown; headers?: Record<string, string> },
    schema: z.ZodType<T>,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(new URL(path, this.serverUrl), {
        method,
        headers,
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new GatewayUnreachableError(`${method} ${path}: ${cause ?? (err as Error).message}`);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new GatewayUnreachableError(`${method} ${path}: body not received (${(err as Error).message})`);
    }
    let json: unknown = null;
    try {
      json = text.length > 0 ? JSON.parse(text) : null;
    } catch {
      if (res.ok) throw new GatewayUnreachableError(`${method} ${path}: answer is not JSON`);
    }
    if (!res.ok) {
      const parsed = ErrorResponseSchema.safeParse(json);
      const code = parsed.success ? parsed.data.error.code : `http_${res.status}`;
      const message = parsed.success ? parsed.data.error.message : `${res.status} ${res.statusText}`;
      throw new GatewayHttpError(res.status, code, message);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new GatewayUnreachableError(`${method} ${path}: unexpected answer (${describeIssue(parsed.error)})`);
    }
    return parsed.data;
  }
}
