/**
 * `npm run chaos -- --seconds S --desks D --seed X [--faults-per-second F] [--keep]`
 *
 * A bounded chaos run on loopback (see docs/chaos.md). Prints every fault injected and
 * every check, then exactly `N passed, N failed`; exits 1 if any check failed, 2 on a
 * usage error or if the harness itself broke.
 */
import { parseArgs } from 'node:util';
import { runChaos } from './harness.ts';

const USAGE = `usage: npm run chaos -- --seconds S --desks D --seed X [options]
  --seconds S            length of the fault window (default 60)
  --desks D              headless desks (default 2; desks alternate between demo-hotel and harbor-inn)
  --seed X               integer seed: same seed, same fault plan and workload (default: random, printed)
  --faults-per-second F  mean planned fault rate (default 3.5)
  --publish-rate R       published events per second per organisation (default 12)
  --action-rate A        queued desk actions per second per desk (default 1)
  --history N            gateway's retained events per organisation (default 400)
  --access-ttl S         access-token lifetime in seconds (default 6)
  --drain-timeout S      bound on the final drain (default 90)
  --keep                 keep logs and databases even when everything passed
  --redis                run the gateway on a real redis-server (AOF always) and add Redis faults:
                         kill -9 of Redis, the gateway cut off from Redis, Redis back from an older snapshot
  --no-bundle            run gateway, desks and doctor from the TypeScript sources (tsx) instead of
                         an esbuild bundle built at the start (slower process starts)`;

function num(v: string | undefined, name: string, fallback: number, integer = false): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    console.error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${v}"\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        seconds: { type: 'string' },
        desks: { type: 'string' },
        seed: { type: 'string' },
        'faults-per-second': { type: 'string' },
        'publish-rate': { type: 'string' },
        'action-rate': { type: 'string' },
        history: { type: 'string' },
        'access-ttl': { type: 'string' },
        'drain-timeout': { type: 'string' },
        keep: { type: 'boolean', default: false },
        redis: { type: 'boolean', default: false },
        'no-bundle': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  let seed: number;
  if (values.seed === undefined) seed = Math.floor(Math.random() * 2 ** 31);
  else if (/^-?\d+$/.test(values.seed) && Math.abs(Number(values.seed)) < 2 ** 31) seed = Number(values.seed);
  else {
    console.error(`--seed must be an integer in ±2^31, got "${values.seed}"`);
    return 2;
  }
  const report = await runChaos({
    seconds: num(values.seconds, 'seconds', 60),
    desks: num(values.desks, 'desks', 2, true),
    seed,
    faultsPerSecond: num(values['faults-per-second'], 'faults-per-second', 3.5),
    publishRate: num(values['publish-rate'], 'publish-rate', 12),
    actionRate: num(values['action-rate'], 'action-rate', 1),
    history: num(values.history, 'history', 400, true),
    accessTtlSeconds: num(values['access-ttl'], 'access-ttl', 6, true),
    drainTimeoutMs: num(values['drain-timeout'], 'drain-timeout', 90) * 1000,
    keepWorkDir: values.keep,
    redis: values.redis,
    bundle: !values['no-bundle'],
  });
  return report.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`chaos harness error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(2);
  },
);
