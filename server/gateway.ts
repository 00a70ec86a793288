/**
 * createGateway: wires the store, the event log (SQLite or Redis Streams), auth,
 * the HTTP routes and the realtime stream into one listening server. The CLI
 * (server/cli.ts) is a thin shell around it; the desk app's demo mode and the
 * benchmarks can embed it directly.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { CloseCode } from '../shared/protocol.ts';
import { AuthService } from './auth/auth-service.ts';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type LoginThrottleOptions } from './auth/login-throttle.ts';
import { LayeredDirectory, RedisDirectory, SqliteDirectory, type Directory } from './auth/directory.ts';
import { hashPassword } from './auth/passwords.ts';
import { checkSecret, fileSecret } from './auth/signing-secret.ts';
import { RedisSessionStore, SqliteSessionStore, type SessionStore } from './auth/session-store.ts';
import { generateSecret, TokenIssuer } from './auth/tokens.ts';
import { DEMO_USERS, demoSeed } from './demo/seed.ts';
import { parseOrigins } from './http/front-door.ts';
import { createRouter } from './http/routes.ts';
import { parseRedisTarget } from './log/redis-connection.ts';
import { parseDurability, RedisEventLog } from './log/redis-log.ts';
import { SqliteEventLog } from './log/sqlite-log.ts';
import type { EventLog } from './log/types.ts';
import { createLogger, type Logger } from './logger.ts';
import { GatewayMetrics, prometheusRegistry } from './metrics.ts';
import { MAX_WRITE_WINDOW_MS, OrgHub } from './realtime/org-hub.ts';
import { StreamServer } from './realtime/stream-server.ts';
import { AuthStore } from './store/auth-store.ts';
import { DirectoryStore } from './store/directory-store.ts';
import { openDatabase } from './store/database.ts';
import { EventStore } from './store/event-store.ts';
import { ensurePrivateDatabaseFile, ensurePrivateDir } from './store/private-files.ts';

export const DEMO_SERVICE_TOKEN = 'demo-service-token';

export interface GatewayOptions {
  /** 0 picks a free port. Default 4000. */
  port?: number;
  host?: string;
  dataDir: string;
  /** Seed the demo organisations into an empty data directory. */
  demo?: boolean;
  /** Retained events per organisation. */
  history?: number;
  accessTtlSeconds?: number;
  /** Redis Streams mode: redis://, rediss:// or redis+sentinel:// (see server/log/redis-connection.ts). */
  redisUrl?: string;
  /** Redis Streams mode on a Redis Cluster: host:port,host:port,... */
  redisCluster?: string;
  /** What an acknowledged append survived: async | aof-always | replicas:N (see server/log/redis-log.ts). */
  redisDurability?: string;
  logLevel?: string;
  logger?: Logger;
  /** Defaults: env FRONTDESK_SERVICE_TOKEN, or the demo token with `demo`. */
  serviceToken?: string;
  /** Defaults: env FRONTDESK_JWT_SECRET, or a secret generated once and kept in DATA_DIR/jwt-secret (0600; Redis in Redis mode). */
  jwtSecret?: string;
  /** May read the metrics routes (besides the service token). Default: env FRONTDESK_METRICS_TOKEN, else none. */
  metricsToken?: string;
  /** Comma-separated browser origins allowed to call the gateway. Default: env FRONTDESK_ALLOWED_ORIGINS, else none. */
  allowedOrigins?: string;
  /** Compatibility with old clients: accept `?access_token=` on the stream. Default false. */
  allowTokenInUrl?: boolean;
  maxStreamsPerUser?: number;
  maxStreamsPerAddress?: number;
  loginThrottle?: LoginThrottleOptions;
  /** Per-connection send budget before a 1013 close. Default 4 MiB. */
  sendBudgetBytes?: number;
  heartbeatMs?: number;
  replayPageSize?: number;
  /** Adaptive write window in ms (0 = off, at most 2): see server/realtime/org-hub.ts. Default 2. */
  writeWindowMs?: number;
}

export interface Gateway {
  url: string;
  host: string;
  port: number;
  metrics: GatewayMetrics;
  logger: Logger;
  /** Closes sockets with 1001, stops listening and closes the stores. */
  close(): Promise<void>;
}

export const DEFAULTS = {
  port: 4000,
  host: '127.0.0.1',
  history: 100_000,
  accessTtlSeconds: 900,
  sendBudgetBytes: 4 * 1024 * 1024,
  heartbeatMs: 30_000,
  replayPageSize: 1000,
  writeWindowMs: 2,
  maxStreamsPerUser: 64,
  maxStreamsPerAddress: 512,
} as const;

export async function createGateway(opts: GatewayOptions): Promise<Gateway> {
  const logger = opts.logger ?? createLogger(opts.logLevel ?? 'info');
  const history = opts.history ?? DEFAULTS.history;
  if (!Number.isInteger(history) || history < 1) throw new Error('history must be a positive integer');
  const writeWindowMs = opts.writeWindowMs ?? DEFAULTS.writeWindowMs;
  if (!(writeWindowMs >= 0 && writeWindowMs <= MAX_WRITE_WINDOW_MS)) throw new Error(`the write window must be 0 to ${MAX_WRITE_WINDOW_MS} ms`);

  let serviceToken = opts.serviceToken ?? process.env.FRONTDESK_SERVICE_TOKEN;
  if (!serviceToken) {
    if (!opts.demo) throw new Error('FRONTDESK_SERVICE_TOKEN is not set (required unless --demo)');
    serviceToken = DEMO_SERVICE_TOKEN;
    logger.warn('FRONTDESK_SERVICE_TOKEN not set: using the demo default service token "demo-service-token"');
  }

  const origins = parseOrigins(opts.allowedOrigins ?? process.env.FRONTDESK_ALLOWED_ORIGINS);
  const metricsToken = opts.metricsToken ?? process.env.FRONTDESK_METRICS_TOKEN ?? null;
  if (metricsToken !== null && metricsToken.length < 16) throw new Error('FRONTDESK_METRICS_TOKEN must be at least 16 characters');
  const envSecret = opts.jwtSecret ?? process.env.FRONTDESK_JWT_SECRET;
  if (envSecret !== undefined) checkSecret(envSecret, opts.jwtSecret !== undefined ? 'the jwtSecret option' : 'FRONTDESK_JWT_SECRET');

  ensurePrivateDir(opts.dataDir);
  const dbFile = join(opts.dataDir, 'gateway.sqlite');
  ensurePrivateDatabaseFile(dbFile);
  const { db, created } = openDatabase(dbFile);
  const authStore = new AuthStore(db);
  const cleanups: (() => Promise<void> | void)[] = [
    () => {
      db.close();
    },
  ];

  try {
    let log: EventLog;
    let redis: RedisEventLog | null = null;
    if (opts.redisUrl || opts.redisCluster) {
      const target = parseRedisTarget({ url: opts.redisUrl, cluster: opts.redisCluster });
      // Several nodes must sign and check tokens with ONE secret that survives a Redis wipe:
      // it comes from the operator, never from Redis (except for the demo).
      if (!opts.jwtSecret && !process.env.FRONTDESK_JWT_SECRET && !opts.demo) {
        throw new Error('FRONTDESK_JWT_SECRET is required in Redis mode (every node must use the same secret)');
      }
      redis = await RedisEventLog.connect(target, { history, logger, durability: parseDurability(opts.redisDurability) });
      log = redis;
    } else {
      log = new SqliteEventLog(new EventStore(db), history);
    }
    cleanups.unshift(() => log.close());

    const secret = envSecret ?? (redis ? checkSecret(await redis.sharedSecret('jwt', generateSecret()), 'Redis') : fileSecret(opts.dataDir, authStore));
    const tokens = new TokenIssuer(secret, opts.accessTtlSeconds ?? DEFAULTS.accessTtlSeconds);
    const sessions: SessionStore = redis ? new RedisSessionStore(redis.client, opts.redisCluster ? '{auth}' : '') : new SqliteSessionStore(authStore);
    cleanups.unshift(() => sessions.close());
    const localDirectory = new SqliteDirectory(authStore, new DirectoryStore(db));
    const directory: Directory = redis ? new LayeredDirectory(new RedisDirectory(redis.client), localDirectory) : localDirectory;
    const auth = new AuthService(directory, sessions, tokens, new LoginThrottle(opts.loginThrottle ?? DEFAULT_LOGIN_THROTTLE));

    if (opts.demo && created) {
      for (const u of DEMO_USERS) {
        authStore.insertUser({ id: u.id, org_id: u.orgId, email: u.email, name: u.name, role: u.role, password_hash: await hashPassword(u.password) });
        await localDirectory.insertOrg({ id: u.orgId, name: u.name.replace(/^Front Desk · /, ''), timeZone: 'Europe/London', currency: 'EUR' });
      }
      for (const hotel of demoSeed()) {
        if (log instanceof SqliteEventLog) {
          log.appendMany(hotel.orgId, hotel.events);
        } else if (redis && (await redis.claimSeed(hotel.orgId))) {
          for (const e of hotel.events) await redis.publish(hotel.orgId, e);
        }
      }
      logger.info({ orgs: DEMO_USERS.map((u) => u.orgId) }, 'demo data seeded');
    }

    const metrics = new GatewayMetrics();
    const hub = new OrgHub({
      log,
      logger,
      metrics,
      sendBudgetBytes: opts.sendBudgetBytes ?? DEFAULTS.sendBudgetBytes,
      replayPageSize: opts.replayPageSize ?? DEFAULTS.replayPageSize,
      heartbeatMs: opts.heartbeatMs ?? DEFAULTS.heartbeatMs,
      writeWindowMs,
    });
    // A revocation (from this node or another) invalidates tokens and closes the user's streams here.
    await sessions.onRevocation((userId, validAfterMs) => {
      tokens.revokeBefore(userId, validAfterMs);
      hub.closeUser(userId, CloseCode.policy, 'revoked');
    });
    cleanups.unshift(() => hub.stop());
    const stream = new StreamServer({
      hub,
      tokens,
      logger,
      metrics,
      origins,
      allowTokenInUrl: opts.allowTokenInUrl ?? false,
      maxStreamsPerUser: opts.maxStreamsPerUser ?? DEFAULTS.maxStreamsPerUser,
      maxStreamsPerAddress: opts.maxStreamsPerAddress ?? DEFAULTS.maxStreamsPerAddress,
    });
    // A logout (on this node or another) ends that session's access tokens and streams here.
    await sessions.onSessionEnded((sid, untilMs) => {
      tokens.endSession(sid, untilMs);
      stream.closeSession(sid);
    });
    const router = createRouter({ log, auth, directory, hub, metrics, registry: prometheusRegistry(metrics), serviceToken, metricsToken, origins, logger });
    const server: Server = createServer(router);
    server.on('upgrade', (req, socket, head) => stream.handleUpgrade(req, socket as Socket, head));
    server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? DEFAULTS.port, opts.host ?? DEFAULTS.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const host = opts.host ?? DEFAULTS.host;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    if (opts.allowTokenInUrl) logger.warn('--allow-token-in-url: stream tokens are accepted in the URL (old clients); they can end up in proxy logs');
    logger.info({ url, mode: log.mode, history, dataDir: opts.dataDir, origins: [...origins.allowed] }, 'gateway started');

    let closing: Promise<void> | null = null;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        stream.stopAccepting();
        hub.closeAll(CloseCode.goingAway, 'server shutting down');
        const deadline = Date.now() + 1000;
        while (metrics.connections > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        hub.terminateAll();
        hub.stop();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        for (const c of cleanups) await c();
        logger.info('gateway stopped');
        logger.flush();
      })();
      return closing;
    };
    return { url, host, port: address.port, metrics, logger, close };
  } catch (err) {
    for (const c of cleanups) await c();
    throw err;
  }
}
