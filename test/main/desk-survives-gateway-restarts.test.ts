import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { startLiveDesk, storedEventKeys, waitFor, type TestDesk } from './support/desk.ts';
import { gatewayLog, startPublisher } from './support/gateway-api.ts';
import { makeTempDir } from './support/temp-dir.ts';

const USER = DEMO_USERS.demoHotel;

describe('the desk while the gateway is killed and restarted under a flow of events', () => {
  let gw: GatewayProcess;
  let desk: TestDesk;
  const tmp = makeTempDir();

  beforeAll(async () => {
    gw = await startGateway({ demo: true });
    desk = await startLiveDesk({ dataDir: tmp.dir, serverUrl: gw.url, user: USER });
  });

  afterAll(async () => {
    await desk?.core.stop();
    await gw?.stop();
    tmp.cleanup();
  });

  it('ends with exactly the gateway log, in order, none twice', async () => {
    const publisher = startPublisher(() => gw.url, { orgId: USER.orgId, perSecond: 400, maxEvents: 20_000 });
    const restarts = 6;
    // Restart after a number of events rather than after a time, so a loaded machine
    // still restarts the gateway mid-flow, with events on both sides of every restart.
    const perRestart = 40;
    for (let i = 0; i < restarts; i++) {
      const target = publisher.published + perRestart;
      await waitFor(`${perRestart} more events published`, () => publisher.published >= target, 30_000);
      // Alternate crashes (SIGKILL) and clean shutdowns (1001 close).
      await gw.restart({ crash: i % 2 === 0 });
    }
    const last = publisher.published + perRestart;
    await waitFor('events published after the last restart', () => publisher.published >= last, 30_000);
    await publisher.stop();
    expect(publisher.published).toBeGreaterThanOrEqual(perRestart * (restarts + 1));

    const log = await gatewayLog(gw.url, USER.email, USER.password);
    const head = log[log.length - 1].seq;
    await waitFor('desk at the gateway head and live', () => desk.core.status().state === 'live' && desk.core.cursor().lastSeq === head, 20_000);

    const stored = storedEventKeys(tmp.dir);
    expect(stored.length).toBe(log.length);
    expect(stored.map((e) => e.seq)).toEqual(log.map((e) => e.seq));
    expect(stored.map((e) => e.id)).toEqual(log.map((e) => e.id));
    expect(new Set(stored.map((e) => e.id)).size).toBe(stored.length);
    // It really reconnected through every restart.
    expect(desk.core.counters().connects).toBeGreaterThan(restarts);
    expect(desk.states).toContain('offline');
  }, 180_000);
});
