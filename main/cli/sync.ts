/**
 * Headless desk: keeps a store in sync with the gateway without any UI.
 *
 *   npm run sync -- --server URL --data-dir DIR [--email E [--password-file F]] [--until-live] [--tuning JSON]
 *   npm run sync -- --data-dir DIR --enqueue '<command json>' [--operator NAME] [--key KEY]
 *   npm run sync -- --data-dir DIR --logout [--server URL]
 *
 * The first form runs until SIGINT/SIGTERM (or, with --until-live, until the desk is
 * live with an empty outbox) and logs every connection state change to stderr as
 * JSON lines (pino). Credentials are needed once (the password from
 * --password-file, FRONTDESK_PASSWORD or a prompt: never argv); the session is
 * then kept in DIR/session.json (not encrypted: 0600 in a 0700 directory, see
 * SECURITY.md).
 *
 * `--tuning` overrides connection timings (DeskTuning fields), e.g. for chaos runs.
 *
 * The second form stores one action in DIR's outbox and exits, printing
 * {"key": "<idempotency key>"} — the way to act while offline. A sync process
 * running on DIR notices it within a second and sends it when online.
 *
 * `--logout` signs the stored session out as the desk's Sign out does: the session
 * file is deleted and, with --server, the gateway revokes the session's tokens.
 * Queued actions stay in the outbox for the next user of their hotel.
 */
import { parseGatewayList } from '../../shared/gateway-list.ts';
import { parseArgs } from 'node:util';
import { createDefaultLogger, createDeskCore, DEFAULT_TUNING } from '../core/desk-core.ts';
import type { DeskTuning } from '../core/host-contract.ts';
import { createFileTokenVault } from '../core/file-token-vault.ts';
import { GatewayClient } from '../core/net/gateway-client.ts';
import { enqueueOffline } from '../core/outbox/enqueue-offline.ts';
import { ensurePrivateDir } from '../core/store/private-files.ts';
import { insecureTransportProblem } from '../config/transport.ts';
import { loadPolicy } from '../config/policy.ts';
import { hasPasswordFlag, PASSWORD_ENV, PASSWORD_FLAG_REFUSED, readPassword } from './password-input.ts';

const USAGE = `usage:
  npm run sync -- --server URL --data-dir DIR [--email E [--password-file FILE]] [--until-live] [--tuning '{"backoffCapMs":2000,…}']
  npm run sync -- --data-dir DIR --enqueue '<command json>' [--operator NAME] [--key IDEMPOTENCY_KEY]
  npm run sync -- --data-dir DIR --logout [--server URL]
The password (needed with --email) comes from --password-file FILE (first line), the ${PASSWORD_ENV}
environment variable, or a prompt; never from the command line.`;

/** `--tuning` JSON: known DeskTuning fields only, each a non-negative number. */
function parseTuning(text: string): Partial<DeskTuning> {
  const json: unknown = JSON.parse(text);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('expected a JSON object');
  const out: Partial<DeskTuning> = {};
  for (const [k, v] of Object.entries(json)) {
    if (!Object.prototype.hasOwnProperty.call(DEFAULT_TUNING, k)) throw new Error(`unknown field ${k} (known: ${Object.keys(DEFAULT_TUNING).join(', ')})`);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`${k} must be a non-negative number`);
    (out as Record<string, number>)[k] = v;
  }
  return out;
}

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** Sign out without UI: forget the stored session here, and revoke it at the gateway when one is named. */
async function logout(dataDir: string, server: string | undefined): Promise<void> {
  const vault = createFileTokenVault(dataDir);
  const session = vault.load();
  if (!session) {
    process.stdout.write(`${JSON.stringify({ signedOut: null, message: 'No session is stored in this data directory.' })}\n`);
    return;
  }
  let revoked = false;
  if (server) {
    try {
      await new GatewayClient(server, DEFAULT_TUNING.httpTimeoutMs).logout(session.accessToken, session.refreshToken);
      revoked = true;
    } catch (err) {
      process.stderr.write(`The gateway could not be told (${(err as Error).message}); the session is removed here and its tokens expire on their own.\n`);
    }
  }
  vault.clear();
  process.stdout.write(`${JSON.stringify({ signedOut: session.email, revokedAtGateway: revoked })}\n`);
}

async function main(): Promise<void> {
  if (hasPasswordFlag(process.argv.slice(2))) fail(PASSWORD_FLAG_REFUSED);
  let args;
  try {
    args = parseArgs({
      options: {
        server: { type: 'string' },
        'data-dir': { type: 'string' },
        email: { type: 'string' },
        'password-file': { type: 'string' },
        enqueue: { type: 'string' },
        operator: { type: 'string' },
        key: { type: 'string' },
        tuning: { type: 'string' },
        'until-live': { type: 'boolean', default: false },
        logout: { type: 'boolean', default: false },
        'log-level': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dataDir = args['data-dir'];
  if (!dataDir) fail(`--data-dir is required\n${USAGE}`);

  if (args.enqueue !== undefined) {
    let command: unknown;
    try {
      command = JSON.parse(args.enqueue);
    } catch {
      fail('--enqueue expects the command as JSON, e.g. \'{"type":"complete_task","taskId":"t-1"}\'');
    }
    try {
      const row = enqueueOffline({ dataDir, command, operator: args.operator, key: args.key });
      process.stdout.write(`${JSON.stringify({ key: row.key, state: row.state, description: row.description })}\n`);
    } catch (err) {
      fail((err as Error).message, 1);
    }
    return;
  }

  if (args.logout) {
    await logout(dataDir, args.server);
    return;
  }

  const server = args.server;
  if (!server) fail(`--server is required\n${USAGE}`);
  try {
    parseGatewayList(server);
  } catch (err) {
    fail(`--server must be a gateway URL or several separated by commas: ${(err as Error).message}`);
  }
  try {
    const problem = insecureTransportProblem(server, loadPolicy().policy.allowInsecureTransport);
    if (problem) fail(problem);
  } catch (err) {
    fail((err as Error).message);
  }
  // --tuning: tests and the chaos harness need seconds where production waits tens of seconds.
  let tuning: Partial<DeskTuning> = {};
  if (args.tuning !== undefined) {
    try {
      tuning = parseTuning(args.tuning);
    } catch (err) {
      fail(`--tuning: ${(err as Error).message}`);
    }
  }
  ensurePrivateDir(dataDir);
  const log = createDefaultLogger(args['log-level']);
  const vault = createFileTokenVault(dataDir, { warn: (m) => log.warn(m) });
  const core = createDeskCore({
    dataDir,
    serverUrl: server,
    vault,
    version: process.env.npm_package_version ?? '0.0.0',
    log,
    hooks: { host: 'headless', openWindow: async () => ({ url: null }) },
    tuning: { externalOutboxPollMs: 1_000, ...tuning },
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await core.stop();
    log.flush();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    await core.start();
  } catch (err) {
    log.error({ err: (err as Error).message }, 'could not open the desk store');
    log.flush();
    process.exit(1);
  }

  const session = vault.load();
  const wantLogin = args.email !== undefined && (session === null || session.email !== args.email);
  if (wantLogin) {
    let password: string;
    try {
      password = await readPassword({ passwordFile: args['password-file'] });
    } catch (err) {
      return fail((err as Error).message, 2);
    }
    // A desk started while the gateway is down keeps trying (with a capped backoff);
    // only a refusal of the credentials ends it.
    for (let attempt = 1; ; attempt++) {
      const result = await core.invoke('session:login', { email: args.email!, password });
      if (result.ok) break;
      if (!result.retryable) {
        log.error({ email: args.email }, `login failed: ${result.message}`);
        await stop(3);
        return;
      }
      const waitMs = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
      log.warn({ email: args.email, attempt, retryInMs: waitMs }, `login not possible yet: ${result.message}`);
      await new Promise((r) => setTimeout(r, waitMs));
      if (stopping) return;
    }
  } else if (!session) {
    log.error(`not logged in: pass --email (the password from --password-file or ${PASSWORD_ENV})`);
    await stop(2);
  }

  if (args['until-live']) {
    const check = () => {
      const s = core.status();
      if (s.state === 'needs_login') void stop(3);
      if (s.state !== 'live') return;
      void core.invoke('desk:get-snapshot', {}).then((snap) => {
        if (snap.outbox.every((i) => i.state === 'confirmed' || i.state === 'rejected')) void stop(0);
      });
    };
    core.onPush((channel) => {
      if (channel === 'desk:status' || channel === 'desk:outbox') check();
    });
    check();
  }
}

void main();
