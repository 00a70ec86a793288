/**
 * `npm run sync -- --data-dir DIR --logout --server URL` signs a stored session out
 * without UI, as Sign out does: the session file is gone and the gateway no longer
 * accepts its refresh token; queued actions stay in the outbox.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskCore } from '../../main/core/desk-core.ts';
import { createFileTokenVault, SESSION_FILE_NAME } from '../../main/core/file-token-vault.ts';
import { REFRESH_PATH } from '../../shared/protocol.ts';
import { DEMO_USERS, postJsonRoute, REPO_ROOT, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { TEST_TUNING, waitFor } from './support/desk.ts';
import { makeTempDir } from './support/temp-dir.ts';
import pino from 'pino';

/** Runs a CLI without blocking this process's event loop (a blocked loop lets keep-alive sockets go stale). */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', ...args], { cwd: REPO_ROOT, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('sync --logout', () => {
  let gw: GatewayProcess;
  const tmp = makeTempDir();
  beforeAll(async () => {
    gw = await startGateway({ demo: true });
  });
  afterAll(async () => {
    await gw?.stop();
    tmp.cleanup();
  });

  it('deletes the stored session, revokes it at the gateway and keeps the outbox', async () => {
    const vault = createFileTokenVault(tmp.dir);
    const core = createDeskCore({
      dataDir: tmp.dir,
      serverUrl: gw.url,
      vault,
      version: 'test',
      log: pino({ level: 'silent' }),
      hooks: { host: 'headless', openWindow: async () => ({ url: null }) },
      tuning: TEST_TUNING,
    });
    await core.start();
    expect((await core.invoke('session:login', { email: DEMO_USERS.demoHotel.email, password: 'demo' })).ok).toBe(true);
    await waitFor('live', () => core.status().state === 'live');
    await core.stop();
    const stored = vault.load()!;
    expect(existsSync(join(tmp.dir, SESSION_FILE_NAME))).toBe(true);
    const enq = await cli(['main/cli/sync.ts', '--data-dir', tmp.dir, '--enqueue', '{"type":"complete_task","taskId":"task-001"}']);
    expect(enq.status, enq.stderr).toBe(0);

    const out = await cli(['main/cli/sync.ts', '--data-dir', tmp.dir, '--logout', '--server', gw.url]);
    expect(out.status, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ signedOut: DEMO_USERS.demoHotel.email, revokedAtGateway: true });
    expect(existsSync(join(tmp.dir, SESSION_FILE_NAME))).toBe(false);
    const refresh = await postJsonRoute(`${gw.url}${REFRESH_PATH}`, { refreshToken: stored.refreshToken }, {});
    expect(refresh.status).toBe(401);

    // The queued action is still there for the next user of its hotel.
    const doctor = await cli(['main/cli/doctor.ts', '--data-dir', tmp.dir, '--json']);
    expect(doctor.stdout).toContain('"queued":1');

    const again = await cli(['main/cli/sync.ts', '--data-dir', tmp.dir, '--logout']);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout).signedOut).toBeNull();
  }, 180_000);
});
