/**
 * Child process of the desk-ingest benchmark (run with --expose-gc): a real
 * DeskCore on a fresh store, streaming from the benchmark's feeder. Prints one
 * JSON line per measurement on stdout.
 *   argv: <serverUrl> <dataDir> <firstMark> <total>
 */
import pino from 'pino';
import { createDeskCore } from '../../main/core/desk-core.ts';
import type { StoredSession, TokenVault } from '../../main/core/host-contract.ts';
import { BENCH_ORG } from './events.ts';

const [serverUrl, dataDir, firstMarkText, totalText] = process.argv.slice(2);
const firstMark = Number(firstMarkText);
const total = Number(totalText);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

let session: StoredSession | null = {
  accessToken: 'bench',
  refreshToken: 'bench',
  accessExpiresAt: Date.now() + 24 * 3600_000,
  user: { id: 'u-bench', orgId: BENCH_ORG, role: 'frontdesk', name: 'Bench' },
  email: 'bench@x',
};
const vault: TokenVault = { description: 'memory', load: () => session, save: (s) => (session = s), clear: () => (session = null) };
const core = createDeskCore({
  dataDir,
  serverUrl,
  vault,
  version: 'bench',
  log: pino({ level: 'warn' }, pino.destination(2)),
  hooks: { host: 'headless', openWindow: async () => ({ url: null }) },
});

async function settle(): Promise<Record<string, number>> {
  for (let i = 0; i < 3; i++) {
    gc!();
    await new Promise((r) => setTimeout(r, 100));
  }
  const m = process.memoryUsage();
  return { rssMb: m.rss / 2 ** 20, heapUsedMb: m.heapUsed / 2 ** 20, externalMb: m.external / 2 ** 20, arrayBuffersMb: m.arrayBuffers / 2 ** 20 };
}

async function waitSeq(seq: number): Promise<number> {
  const t0 = performance.now();
  while (core.cursor().lastSeq < seq || core.status().state !== 'live') await new Promise((r) => setTimeout(r, 20));
  return performance.now() - t0;
}

await core.start();
await waitSeq(firstMark);
const first = await settle();
process.stdout.write(`${JSON.stringify({ mark: firstMark, ...first })}\n`);
const ms = await waitSeq(total);
const second = await settle();
process.stdout.write(`${JSON.stringify({ mark: total, ...second, ingestMs: ms })}\n`);
/** CPU of the whole process (every thread) over `ms`, as % of one core. */
async function cpuOver(ms: number): Promise<number> {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const c1 = process.cpuUsage(c0);
  return ((c1.user + c1.system) / 1000 / (performance.now() - w0)) * 100;
}
// Right after a million events V8's background threads still finish work (measured:
// 1-2 % for a few seconds, none of it on the JS thread); the quiet desk comes after.
const afterBurstCpuPercent = await cpuOver(5_000);
await new Promise((r) => setTimeout(r, 5_000));
const idleCpuPercent = await cpuOver(10_000);
process.stdout.write(`${JSON.stringify({ idleCpuPercent, afterBurstCpuPercent })}\n`);
await core.stop();
process.exit(0);
