/**
 * GET /v2/realtime/stream: authenticates BEFORE the WebSocket handshake (a bad,
 * missing or expired token gets a plain HTTP 401 JSON answer on the raw socket,
 * no WebSocket is ever opened), then hands the connection to the OrgHub.
 *
 * Client frames: `auth` renews the connection's token in-band (same user and
 * organisation only), `ping` is accepted and ignored; anything else malformed
 * gets an `error` frame and the connection keeps being served. Binary frames
 * are a protocol violation (1008); frames above 64 KiB are closed 1009 by ws.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode, decodeClientFrame, MAX_CLIENT_FRAME_BYTES, STREAM_PATH } from '../../shared/protocol.ts';
import type { TokenIssuer } from '../auth/tokens.ts';
import { errorBody } from '../http/errors.ts';
import type { Logger } from '../logger.ts';
import type { GatewayMetrics } from '../metrics.ts';
import { Conn, type OrgHub, type ResumeRequest } from './org-hub.ts';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
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

function parseQuery(req: IncomingMessage, url: URL): StreamQuery | string {
  const header = req.headers.authorization;
  let token: string | null = null;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return 'Authorization header must be "Bearer <token>"';
    token = m[1];
  } else {
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
    const list = svc.split(',').map((s) => s.trim()).filter(Boolean);
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
}

export class StreamServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
    perMessageDeflate: false,
    clientTracking: false,
  });
  private accepting = true;

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
    const q = parseQuery(req, url);
    if (typeof q === 'string') {
      this.o.metrics.upgradeRejected++;
      // A malformed Authorization header is an auth failure; the rest is a bad request.
      const auth = q.startsWith('Authorization');
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
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new Conn(randomBytes(9).toString('base64url'), ws, socket, p.orgId, p.id, p.exp, q.services, q.filterKey);
      owners.set(ws, { server: this, conn });
      ws.on('close', onClose);
      ws.on('error', onError);
      ws.on('pong', onPong);
      ws.on('message', onMessage);
      void this.o.hub.attach(conn, q.resume);
    });
  }

  closed(conn: Conn): void {
    this.o.hub.detach(conn);
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
