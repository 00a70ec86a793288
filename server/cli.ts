/**
 * `npm run server -- --port P --data-dir DIR [--demo]`: the gateway alone.
 *
 * Prints exactly one line to stdout once listening — `gateway listening on
 * http://HOST:PORT` — which tests and tools parse; JSON logs go to stderr.
 * SIGTERM/SIGINT close every socket with 1001 and exit 0. With --exit-with-parent
 * the same happens when stdin ends: a launcher that spawns the gateway with a
 * stdin pipe and is then killed outright (SIGKILL, or a signal sent to it alone)
 * closes that pipe as it dies, so its gateway does not outlive it.
 */
import { parseArgs } from 'node:util';
import { createGateway, DEFAULTS, type GatewayOptions } from './gateway.ts';
import { createLogger } from './logger.ts';
import { DatabaseLockedError } from './store/database.ts';

const USAGE = `Usage: npm run server -- [options]
  --port N            listen port (default ${DEFAULTS.port}; 0 = random free port)
  --host H            listen address (default ${DEFAULTS.host})
  --data-dir DIR      where the SQLite database lives (default ./.data/gateway)
  --demo              seed demo-hotel and harbor-inn into an empty data dir
  --history N         retained events per organisation (default ${DEFAULTS.history})
  --access-ttl S      access-token lifetime in seconds (default ${DEFAULTS.accessTtlSeconds})
  --redis URL         use Redis Streams as the shared event log: redis://[:pw@]host:port, rediss://... (TLS),
                      redis+sentinel://[:pw@]host:port,host:port/master-name
  --redis-cluster L   the same on a Redis Cluster: host:port,host:port,... (password: FRONTDESK_REDIS_PASSWORD)
  --redis-durability D  what an acknowledged publish/command survived: async (default; any loss is detected
                      and resynced), aof-always (Redis must fsync every write), replicas:N (WAIT for N replicas)
  --send-budget BYTES per-connection send buffer before a slow consumer is closed 1013 (default ${DEFAULTS.sendBudgetBytes})
  --heartbeat-ms MS   WebSocket ping interval (default ${DEFAULTS.heartbeatMs})
  --write-window-ms MS  adaptive write window, 0-2 (default ${DEFAULTS.writeWindowMs}; 0 = off): a hotel whose events arrive
                      faster than they can be written holds a flush this long so more events share each socket write,
                      and answers a publish that joins a held flush once that flush is written
  --log-level L       pino level: fatal|error|warn|info|debug|trace|silent (default info)
  --exit-with-parent  shut down gracefully when stdin ends (the spawning process went away)
  --allowed-origins L comma-separated browser origins allowed to call the gateway (default: none; native clients send no Origin)
  --max-streams-per-user N     open streams one user may hold (default ${DEFAULTS.maxStreamsPerUser}; the next is closed 4429)
  --max-streams-per-address N  open streams one client address may hold (default ${DEFAULTS.maxStreamsPerAddress})
  --allow-token-in-url  compatibility: accept ?access_token= on the stream (tokens in URLs leak into logs)
Environment: FRONTDESK_SERVICE_TOKEN (required without --demo), FRONTDESK_JWT_SECRET (>= 32 bytes; required in
  Redis mode without --demo, as every node signs with it; embedded default: DATA_DIR/jwt-secret, mode 0600), FRONTDESK_METRICS_TOKEN (optional, read-only metrics access),
  FRONTDESK_ALLOWED_ORIGINS (same as --allowed-origins).`;

function intFlag(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) {
    console.error(`--${name} must be an integer >= ${min}, got "${value}"\n\n${USAGE}`);
    process.exit(2);
  }
  return Number(value);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        demo: { type: 'boolean' },
        history: { type: 'string' },
        'access-ttl': { type: 'string' },
        redis: { type: 'string' },
        'redis-cluster': { type: 'string' },
        'redis-durability': { type: 'string' },
        'send-budget': { type: 'string' },
        'heartbeat-ms': { type: 'string' },
        'write-window-ms': { type: 'string' },
        'log-level': { type: 'string' },
        'exit-with-parent': { type: 'boolean' },
        'allowed-origins': { type: 'string' },
        'max-streams-per-user': { type: 'string' },
        'max-streams-per-address': { type: 'string' },
        'allow-token-in-url': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const logLevel = values['log-level'] ?? 'info';
  const logger = createLogger(logLevel);
  const opts: GatewayOptions = {
    port: intFlag(values.port, 'port', DEFAULTS.port, 0),
    host: values.host ?? DEFAULTS.host,
    dataDir: values['data-dir'] ?? './.data/gateway',
    demo: values.demo ?? false,
    history: intFlag(values.history, 'history', DEFAULTS.history, 1),
    accessTtlSeconds: intFlag(values['access-ttl'], 'access-ttl', DEFAULTS.accessTtlSeconds, 1),
    redisUrl: values.redis,
    redisCluster: values['redis-cluster'],
    redisDurability: values['redis-durability'],
    sendBudgetBytes: intFlag(values['send-budget'], 'send-budget', DEFAULTS.sendBudgetBytes, 1024),
    heartbeatMs: intFlag(values['heartbeat-ms'], 'heartbeat-ms', DEFAULTS.heartbeatMs, 1000),
    writeWindowMs: intFlag(values['write-window-ms'], 'write-window-ms', DEFAULTS.writeWindowMs, 0),
    logLevel,
    logger,
    allowedOrigins: values['allowed-origins'],
    maxStreamsPerUser: intFlag(values['max-streams-per-user'], 'max-streams-per-user', DEFAULTS.maxStreamsPerUser, 1),
    maxStreamsPerAddress: intFlag(values['max-streams-per-address'], 'max-streams-per-address', DEFAULTS.maxStreamsPerAddress, 1),
    allowTokenInUrl: values['allow-token-in-url'] ?? false,
  };

  let gateway;
  try {
    gateway = await createGateway(opts);
  } catch (err) {
    // The reason as one sentence (the stack only at debug level): a newcomer reads the last line.
    const message = err instanceof Error ? err.message : String(err);
    logger.debug({ err }, 'gateway failed to start');
    logger.fatal({ error: message }, 'gateway failed to start');
    logger.flush();
    const hint =
      err instanceof DatabaseLockedError
        ? ` Another gateway uses ${opts.dataDir} (\`npm start\` runs its demo gateway on .data/gateway): stop it, or give this one its own --data-dir.`
        : '';
    console.error(`gateway failed to start: ${message.replace(/\.$/, '')}.${hint}`);
    process.exit(1);
  }
  process.stdout.write(`gateway listening on ${gateway.url}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(0), 5000);
    force.unref();
    void gateway.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  if (values['exit-with-parent']) {
    // Nothing is ever read from stdin; 'end'/'close' only say the writer (the parent) is gone.
    process.stdin.on('data', () => undefined);
    process.stdin.once('end', () => stop('parent exited'));
    process.stdin.once('close', () => stop('parent exited'));
    process.stdin.once('error', () => stop('parent exited'));
  }
}

void main();
