/**
 * GET /v2/realtime/stream: authenticates BEFORE the WebSocket handshake (a bad,
 * missing or expired token gets a plain HTTP 401 JSON answer on the raw socket,
 * no WebSocket is ever opened), then hands the connection to the OrgHub.
 *
 * Client frames: `auth` renews the connection's token in-band (same user and
 * organisation only), `ping` is accepted and ignored; anything else malformed
 * gets an `error` frame and the connection keeps being served. Binary frames
 * are a protocol violation (1008); frames above 64 KiB are closed 1009 by ws.
 *
 * The front door: a browser Origin not on the allow-list gets 403; a token in
 * the URL (`?access_token=`) is refused unless the compatibility flag is set
 * (URLs end up in proxy logs and browser history); each user and each client
 * address may hold a bounded number of streams, the next one is accepted and
 * closed at once with 4429 and a reason, so a client sees why (an HTTP error
 * would only say "handshake failed").
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode, decodeClientFrame, MAX_CLIENT_FRAME_BYTES, STREAM_PATH } from '../../shared/protocol.ts';
import type { TokenIssuer } from '../auth/tokens.ts';
import { errorBody } from '../http/errors.ts';
import { checkOrigin, type OriginRule } from '../http/front-door.ts';
import type { Logger } from '../logger.ts';
import type { GatewayMetrics } from '../metrics.ts';
import { Conn, type OrgHub, type ResumeRequest } from './org-hub.ts';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  503: 'Service Unavailable',
};

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
function rejectUpgrade(socket: Socket, status: number, code: string, message: string, extra = ''): void {
  if (socket.destroyed) return;
  const body = errorBody(code, message);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      extra +
      'Connection: close\r\n\r\n' +
      body,
  );
}

interface StreamQuery {
  token: string | null;
  resume: ResumeRequest;
  services: ReadonlySet<string> | null;
  filterKey: string;
}

const URL_TOKEN_REFUSED = 'Authorization tokens in the URL (access_token) are refused; send "Authorization: Bearer <token>"';

function parseQuery(req: IncomingMessage, url: URL, allowTokenInUrl: boolean): StreamQuery | string {
  const header = req.headers.authorization;
  let token: string | null = null;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return 'Authorization header must be "Bearer <token>"';
    token = m[1];
  } else if (url.searchParams.has('access_token')) {
    if (!allowTokenInUrl) return URL_TOKEN_REFUSED;
    token = url.searchParams.get('access_token');
  }
  const resume: ResumeRequest = {};
  const lastSeq = url.searchParams.get('lastSeq');
  if (lastSeq !== null) {
    if (!/^\d{1,15}$/.test(lastSeq)) return 'lastSeq must be a non-negative integer';
    resume.lastSeq = Number(lastSeq);
  }
  const epoch = url.searchParams.get('epoch');
  if (epoch !== null) {
    if (epoch.length === 0 || epoch.length > 128) return 'epoch must be 1-128 characters';
    resume.epoch = epoch;
  }
  let services: Set<string> | null = null;
  const svc = url.searchParams.get('services');
  if (svc !== null && svc !== '') {
    const list = svc
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (list.length === 0 || list.length > 32 || list.some((s) => !/^[a-z0-9_.-]{1,64}$/.test(s))) {
      return 'services must be a comma-separated list of service names';
    }
    services = new Set(list);
  }
  return { token, resume, services, filterKey: services ? [...services].sort().join(',') : '' };
}

export interface StreamServerOptions {
  hub: OrgHub;
  tokens: TokenIssuer;
  logger: Logger;
  metrics: GatewayMetrics;
  origins: OriginRule;
  /** Compatibility: accept `?access_token=` (default false). */
  allowTokenInUrl: boolean;
  maxStreamsPerUser: number;
  maxStreamsPerAddress: number;
}

interface ConnInfo {
  address: string;
  sid: string;
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const n = (counts.get(key) ?? 0) + by;
  if (n <= 0) counts.delete(key);
  else counts.set(key, n);
}

export class StreamServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
    perMessageDeflate: false,
    clientTracking: false,
  });
  private accepting = true;
  private readonly perUser = new Map<string, number>();
  private readonly perAddress = new Map<string, number>();
  private readonly info = new WeakMap<Conn, ConnInfo>();
  private readonly bySession = new Map<string, Set<Conn>>();

  constructor(private readonly o: StreamServerOptions) {}

  /** The http server's 'upgrade' handler. */
  handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    // Until ws owns the socket, an error on it must not crash the process.
    const onEarlyError = () => socket.destroy();
    socket.on('error', onEarlyError);
    void this.upgrade(req, socket, head)
      .catch((err: unknown) => {
        this.o.logger.error({ err }, 'upgrade failed');
        rejectUpgrade(socket, 503, 'unavailable', 'stream setup failed');
      })
      .finally(() => socket.off('error', onEarlyError));
  }

  private async upgrade(req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (url.pathname !== STREAM_PATH) {
      rejectUpgrade(socket, 404, 'not_found', `no WebSocket endpoint at ${url.pathname}`);
      return;
    }
    if (!this.accepting) {
      rejectUpgrade(socket, 503, 'shutting_down', 'the gateway is shutting down');
      return;
    }
    const originError = checkOrigin(req, this.o.origins);
    if (originError) {
      this.o.metrics.upgradeRejected++;
      rejectUpgrade(socket, 403, originError.code, originError.message);
      return;
    }
    const q = parseQuery(req, url, this.o.allowTokenInUrl);
    if (typeof q === 'string') {
      this.o.metrics.upgradeRejected++;
      // A malformed Authorization header is an auth failure; the rest is a bad request.
      const auth = q.startsWith('Authorization');
      if (q === URL_TOKEN_REFUSED) this.o.logger.warn('stream refused: token in the URL (start with --allow-token-in-url for old clients)');
      rejectUpgrade(socket, auth ? 401 : 400, auth ? 'unauthorized' : 'bad_request', q);
      return;
    }
    if (!q.token) {
      this.o.metrics.upgradeRejected++;
      rejectUpgrade(socket, 401, 'unauthorized', 'missing access token', 'WWW-Authenticate: Bearer\r\n');
      return;
    }
    const verified = await this.o.tokens.verify(q.token);
    if (!verified.ok) {
      this.o.metrics.upgradeRejected++;
      const message = verified.reason === 'expired' ? 'access token expired' : `access token ${verified.reason}`;
      rejectUpgrade(socket, 401, verified.reason === 'expired' ? 'token_expired' : 'unauthorized', message, 'WWW-Authenticate: Bearer\r\n');
      return;
    }
    if (socket.destroyed) return;
    const p = verified.principal;
    const address = socket.remoteAddress ?? 'unknown';
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // Counted here, synchronously with the attach below, so concurrent upgrades cannot overshoot.
      const over =
        (this.perUser.get(p.id) ?? 0) >= this.o.maxStreamsPerUser
          ? `user ${p.id} already has ${this.o.maxStreamsPerUser} streams open (the limit)`
          : (this.perAddress.get(address) ?? 0) >= this.o.maxStreamsPerAddress
            ? `address ${address} already has ${this.o.maxStreamsPerAddress} streams open (the limit)`
            : null;
      if (over) {
        this.o.metrics.upgradeRejected++;
        this.o.logger.warn({ userId: p.id, address }, 'stream refused: too many streams');
        ws.close(CloseCode.tooManyStreams, over.slice(0, 120));
        return;
      }
      const conn = new Conn(randomBytes(9).toString('base64url'), ws, socket, p.orgId, p.id, p.exp, q.services, q.filterKey);
      owners.set(ws, { server: this, conn });
      this.info.set(conn, { address, sid: p.sid });
      bump(this.perUser, p.id, 1);
      bump(this.perAddress, address, 1);
      if (p.sid !== '') {
        let set = this.bySession.get(p.sid);
        if (!set) this.bySession.set(p.sid, (set = new Set()));
        set.add(conn);
      }
      ws.on('close', onClose);
      ws.on('error', onError);
      ws.on('pong', onPong);
      ws.on('message', onMessage);
      void this.o.hub.attach(conn, q.resume);
    });
  }

  closed(conn: Conn): void {
    const info = this.info.get(conn);
    if (info) {
      this.info.delete(conn);
      bump(this.perUser, conn.userId, -1);
      bump(this.perAddress, info.address, -1);
      const set = this.bySession.get(info.sid);
      if (set) {
        set.delete(conn);
        if (set.size === 0) this.bySession.delete(info.sid);
      }
    }
    this.o.hub.detach(conn);
  }

  /** Logout: this node's streams of the session close with 1008 (every node gets the session-ended notice). */
  closeSession(sid: string): number {
    const set = this.bySession.get(sid);
    if (!set) return 0;
    for (const conn of [...set]) this.o.hub.close(conn, CloseCode.policy, 'logged out');
    return set.size;
  }

  errored(conn: Conn, err: Error): void {
    // ws already closes with 1009 (too big) or 1002/1007 (protocol) on receiver errors.
    this.o.logger.debug({ err: err.message, connectionId: conn.id }, 'socket error');
  }

  message(conn: Conn, data: RawData, isBinary: boolean): void {
    conn.alive = true;
    if (isBinary) {
      this.o.hub.send(conn, { type: 'error', code: 'binary_frame', message: 'binary frames are not supported' });
      this.o.hub.close(conn, CloseCode.policy, 'binary frames are not supported');
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as Buffer).toString('utf8');
    const decoded = decodeClientFrame(text);
    if (!decoded.ok) {
      this.o.hub.send(conn, { type: 'error', code: 'bad_frame', message: decoded.error });
      return;
    }
    const frame = decoded.value;
    if (frame.type === 'auth') this.renew(conn, frame.token);
  }

  /**
   * Synchronous on purpose: answers must keep the order of the client's frames, so an
   * `auth_rejected` is never overtaken by a close caused by a later frame (e.g. 1009).
   */
  private renew(conn: Conn, token: string): void {
    const verified = this.o.tokens.verifySync(token);
    if (!verified.ok) {
      this.o.hub.send(conn, { type: 'error', code: 'auth_rejected', message: `token ${verified.reason}` });
      return;
    }
    if (verified.principal.id !== conn.userId || verified.principal.orgId !== conn.orgId) {
      this.o.hub.send(conn, { type: 'error', code: 'auth_rejected', message: 'token is for another user or organisation' });
      return;
    }
    conn.exp = Math.max(conn.exp, verified.principal.exp);
  }

  /** Stops accepting new streams (shutdown). */
  stopAccepting(): void {
    this.accepting = false;
  }
}

// ws calls listeners with `this` = the WebSocket. These four functions are shared
// by every connection (no closures per socket); the WeakMap finds the owner.
interface Owner {
  server: StreamServer;
  conn: Conn;
}
const owners = new WeakMap<WebSocket, Owner>();

function onClose(this: WebSocket): void {
  const o = owners.get(this);
  if (o) o.server.closed(o.conn);
}
function onError(this: WebSocket, err: Error): void {
  const o = owners.get(this);
  if (o) o.server.errored(o.conn, err);
}
function onPong(this: WebSocket): void {
  const o = owners.get(this);
  if (o) o.conn.alive = true;
}
function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  const o = owners.get(this);
  if (o) o.server.message(o.conn, data, isBinary);
}
