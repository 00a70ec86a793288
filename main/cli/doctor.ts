/**
 * Looks at a desk's store without changing it (read-only).
 *
 *   npm run doctor -- --data-dir DIR [--server URL] [--json]      health summary
 *
 * The summary also says the app `version`, the central `policy` in effect (and
 * where it came from), and with --server whether the gateway answers
 * (`gateway.reachable`, its /healthz mode, or why not) — what a helpdesk asks first.
 *   npm run doctor -- --data-dir DIR --export-events   stored events as NDJSON {seq,id,kind}, in order
 *
 * `integrity` is "ok" when PRAGMA integrity_check passes, else its first problem.
 * `chain` is "ok" when every stored event's hash matches its content and links to the
 * event stored before it (shared/chain.ts), else "broken at seq N" with `chainBrokenSeq`.
 * Exit code 0 when healthy, 1 when the store is missing, damaged, unreadable or its chain is broken.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { SESSION_FILE_NAME } from '../core/file-token-vault.ts';
import { databasePath, DeskStore } from '../core/store/desk-store.ts';
import { LATEST_SCHEMA_VERSION } from '../core/store/migrations/index.ts';
import { verifyChain } from '../core/sync/chain.ts';
import path from 'node:path';
import { loadPolicy, policyValues } from '../config/policy.ts';

const USAGE = 'usage: npm run doctor -- --data-dir DIR [--server URL] [--json | --export-events]';

interface GatewayReport {
  url: string;
  reachable: boolean;
  /** /healthz answer: the gateway's log mode (sqlite | redis). */
  mode?: string;
  ms?: number;
  error?: string;
}

interface PolicyReport {
  source: string | null;
  values: Record<string, string | boolean>;
  error?: string;
}

function appVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return process.env.npm_package_version ?? 'unknown';
  }
}

function policyReport(): PolicyReport {
  try {
    const loaded = loadPolicy();
    return { source: loaded.source, values: policyValues(loaded.policy) };
  } catch (err) {
    return { source: null, values: {}, error: (err as Error).message };
  }
}

/** GET /healthz with a 5 s limit: reachable means it answered 200 with the gateway's JSON. */
async function probeGateway(url: string): Promise<GatewayReport> {
  const started = Date.now();
  try {
    const res = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(5000) });
    const body = (await res.json().catch(() => null)) as { ok?: boolean; mode?: string } | null;
    if (!res.ok || body?.ok !== true)
      return { url, reachable: false, ms: Date.now() - started, error: `answered ${res.status}, not a Frontdesk gateway health answer` };
    return { url, reachable: true, mode: body.mode, ms: Date.now() - started };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { url, reachable: false, error: cause ?? (err as Error).message };
  }
}

interface Report {
  file: string;
  epoch: string | null;
  lastSeq: number;
  events: number;
  pendingOutbox: number;
  integrity: string;
  /** "ok", or "broken at seq N" (null when the store could not be read). */
  chain: string | null;
  chainBrokenSeq?: number;
  chainDetail?: string;
  schemaVersion: number | null;
  appSchemaVersion: number;
  orgId: string | null;
  syncedAt: string | null;
  outbox: Record<string, number> | null;
  sizeBytes: number;
  session: 'stored (plain file)' | 'none';
  version: string;
  policy: PolicyReport;
  gateway?: GatewayReport;
  error?: string;
}

function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        server: { type: 'string' },
        json: { type: 'boolean', default: false },
        'export-events': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const dataDir = args['data-dir'];
  if (!dataDir) {
    process.stderr.write(`--data-dir is required\n${USAGE}\n`);
    return 2;
  }
  const file = databasePath(dataDir);
  if (!fs.existsSync(file)) {
    process.stderr.write(`no desk database at ${file}\n`);
    return 1;
  }

  let store: DeskStore;
  try {
    store = DeskStore.open({ dataDir, readonly: true, check: 'none' });
  } catch (err) {
    const report: Report = {
      file,
      epoch: null,
      lastSeq: 0,
      events: 0,
      pendingOutbox: 0,
      integrity: (err as Error).message,
      chain: null,
      schemaVersion: null,
      appSchemaVersion: LATEST_SCHEMA_VERSION,
      orgId: null,
      syncedAt: null,
      outbox: null,
      sizeBytes: fs.statSync(file).size,
      session: 'none',
      version: appVersion(),
      policy: policyReport(),
      ...(args.server ? { gateway: await probeGateway(args.server) } : {}),
      error: (err as Error).message,
    };
    if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else process.stderr.write(`cannot open ${file}: ${report.error}\n`);
    return 1;
  }

  try {
    if (args['export-events']) {
      let chunk = '';
      for (const e of store.iterateEventKeys()) {
        chunk += `${JSON.stringify(e)}\n`;
        if (chunk.length > 64 * 1024) {
          await writeOut(chunk);
          chunk = '';
        }
      }
      await writeOut(chunk);
      return 0;
    }
    const cursor = store.getCursor();
    const integrity = store.integrityCheck();
    const verdict = verifyChain(store.iterateChain());
    const report: Report = {
      file,
      epoch: cursor.epoch,
      lastSeq: cursor.lastSeq,
      events: store.countEvents(),
      pendingOutbox: store.countPendingOutbox(),
      integrity,
      chain: verdict.chain === 'ok' ? 'ok' : `broken at seq ${verdict.brokenSeq}`,
      ...(verdict.chain === 'broken'
        ? { chainBrokenSeq: verdict.brokenSeq, chainDetail: verdict.reason }
        : { chainDetail: `${verdict.checked} events checked, ${verdict.unchained} without a hash` }),
      schemaVersion: store.schemaVersion(),
      appSchemaVersion: LATEST_SCHEMA_VERSION,
      orgId: store.getMeta('orgId'),
      syncedAt: cursor.syncedAt,
      outbox: store.countOutboxByState(),
      sizeBytes: fs.statSync(file).size,
      session: fs.existsSync(path.join(dataDir, SESSION_FILE_NAME)) ? 'stored (plain file)' : 'none',
      version: appVersion(),
      policy: policyReport(),
      ...(args.server ? { gateway: await probeGateway(args.server) } : {}),
    };
    if (args.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else {
      const lines = [
        `database      ${report.file} (${(report.sizeBytes / 1024).toFixed(0)} KiB, schema v${report.schemaVersion}, app knows v${report.appSchemaVersion})`,
        `integrity     ${report.integrity}`,
        `chain         ${report.chain} (${report.chainDetail ?? ''})`,
        `organisation  ${report.orgId ?? '(none yet)'}`,
        `cursor        epoch ${report.epoch ?? '(none)'}, lastSeq ${report.lastSeq}, synced ${report.syncedAt ?? 'never'}`,
        `events        ${report.events}`,
        `outbox        ${report.pendingOutbox} pending (${Object.entries(report.outbox ?? {})
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`,
        `session       ${report.session}`,
        `version       ${report.version}`,
        `policy        ${report.policy.error ?? report.policy.source ?? 'none (built-in defaults)'}`,
        ...(report.gateway
          ? [
              `gateway       ${report.gateway.url}: ${report.gateway.reachable ? `reachable (${report.gateway.mode}, ${report.gateway.ms} ms)` : `NOT reachable (${report.gateway.error})`}`,
            ]
          : []),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return integrity === 'ok' && verdict.chain === 'ok' ? 0 : 1;
  } finally {
    store.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`doctor failed: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
