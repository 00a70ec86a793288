import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { startSync, type SyncProcess } from './support/sync-process.ts';
import { makeTempDir } from './support/temp-dir.ts';

const USER = DEMO_USERS.demoHotel;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('a headless desk started before its gateway', () => {
  const tmp = makeTempDir();
  let gw: GatewayProcess | undefined;
  let sync: SyncProcess | undefined;

  afterAll(async () => {
    await sync?.stop();
    await gw?.stop();
    tmp.cleanup();
  });

  it('keeps trying to log in while the gateway is down, then syncs once it is up', async () => {
    const port = await freePort();
    sync = startSync({ server: `http://127.0.0.1:${port}`, dataDir: tmp.dir, email: USER.email, password: USER.password });
    await sync.waitForLine((l) => typeof l.msg === 'string' && l.msg.startsWith('login not possible yet'));
    gw = await startGateway({ demo: true, port });
    await sync.waitForLine((l) => l.msg === 'stream hello', 40_000);
    expect(sync.child.exitCode).toBeNull();
  });

  it('still gives up at once on wrong credentials', async () => {
    const other = makeTempDir();
    const bad = startSync({ server: gw!.url, dataDir: other.dir, email: USER.email, password: 'wrong' });
    expect(await bad.exited).toBe(3);
    expect(bad.lines.some((l) => typeof l.msg === 'string' && l.msg.startsWith('login failed'))).toBe(true);
    other.cleanup();
  });
});
