/** Benchmark server: the real Frontdesk gateway (embedded SQLite log, real publish route). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway } from '../../server/gateway.ts';
import { createLogger } from '../../server/logger.ts';
import { serveBenchIpc } from './server-ipc.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'fd-bench-gw-'));
const gateway = await createGateway({
  port: 0,
  dataDir,
  demo: true,
  serviceToken: 'bench-service-token',
  // Thousands of streams of one user from loopback: the per-user/per-address caps would refuse them.
  maxStreamsPerUser: 100_000,
  maxStreamsPerAddress: 100_000,
  // The driver mints access tokens for many hotels with the same secret.
  jwtSecret: process.env.BENCH_JWT_SECRET,
  logger: createLogger('warn'),
  // BENCH_WRITE_WINDOW_MS=0: the same gateway without its adaptive write window (the bench's "write window off" row).
  ...(process.env.BENCH_WRITE_WINDOW_MS !== undefined ? { writeWindowMs: Number(process.env.BENCH_WRITE_WINDOW_MS) } : {}),
});
serveBenchIpc(gateway.port, async () => {
  await gateway.close();
  rmSync(dataDir, { recursive: true, force: true });
});
