import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, publish, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { DeskStore } from '../../main/core/store/desk-store.ts';
import { gatewayLog } from './support/gateway-api.ts';
import { doctor, startSync } from './support/sync-process.ts';
import { makeTempDir } from './support/temp-dir.ts';

const USER = DEMO_USERS.demoHotel;
const BACKLOG = 4_000;

async function publishBacklog(url: string, n: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      await publish(url, {
        orgId: USER.orgId,
        service: 'spa',
        kind: 'spa.visit_logged',
        data: { i, guest: `guest-${i % 97}` },
        idempotencyKey: `backlog-${i}`,
      });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

describe('the sync process killed with SIGKILL in the middle of ingesting', () => {
  let gw: GatewayProcess;
  const tmp = makeTempDir();

  beforeAll(async () => {
    gw = await startGateway({ demo: true });
    await publishBacklog(gw.url, BACKLOG);
  });

  afterAll(async () => {
    await gw?.stop();
    tmp.cleanup();
  });

  it('passes integrity_check after every kill, resumes, and ends equal to the log', async () => {
    const seen: number[] = [];
    let first = true;
    for (let round = 0; round < 4; round++) {
      const sync = startSync({ server: gw.url, dataDir: tmp.dir, ...(first ? { email: USER.email, password: USER.password } : {}) });
      first = false;
      // Let it get into the catch-up (events being committed), then pull the plug.
      await sync.waitForLine((l) => l.msg === 'stream hello');
      // Keep events flowing too, so it is ingesting live ones as well.
      void publish(gw.url, { orgId: USER.orgId, service: 'spa', kind: 'spa.visit_logged', data: { round }, idempotencyKey: `live-${round}` }).catch(
        () => undefined,
      );
      await new Promise((r) => setTimeout(r, 60 + Math.random() * 200));
      await sync.kill9();

      const store = DeskStore.open({ dataDir: tmp.dir, readonly: true, check: 'none' });
      try {
        expect(store.integrityCheck()).toBe('ok');
        // The cursor and the stored events always agree (one transaction).
        const lastSeq = store.getCursor().lastSeq;
        expect(store.countEvents()).toBe(lastSeq);
        seen.push(lastSeq);
      } finally {
        store.close();
      }
    }
    // Progress was made across kills and never went backwards.
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(seen[seen.length - 1]).toBeGreaterThan(0);

    const final = startSync({ server: gw.url, dataDir: tmp.dir, extra: ['--until-live'] });
    expect(await final.exited).toBe(0);

    const log = await gatewayLog(gw.url, USER.email, USER.password);
    const exported = doctor(tmp.dir, '--export-events');
    expect(exported.code).toBe(0);
    const rows = exported.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; id: string; kind: string });
    expect(rows.length).toBe(log.length);
    expect(rows).toEqual(log.map(({ seq, id, kind }) => ({ seq, id, kind })));
    const report = JSON.parse(doctor(tmp.dir, '--json').stdout) as { integrity: string; lastSeq: number };
    expect(report).toMatchObject({ integrity: 'ok', lastSeq: log[log.length - 1].seq });
  }, 180_000);
});
