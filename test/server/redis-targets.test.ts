/**
 * The ways to name the shared engine (server/log/redis-connection.ts): URL parsing
 * with clear errors, and real gateways on a password-protected Redis and behind a
 * Sentinel (a real `redis-server --sentinel` monitoring a real master).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRedisTarget } from '../../server/log/redis-connection.ts';
import { DEMO_USERS, login, publish, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { freePort, redisAvailable, startRedis } from '../helpers/redis-process.ts';
import { openStream } from '../helpers/stream-client.ts';

const available = redisAvailable();
if (!available && process.env.CI === 'true') throw new Error('redis-server is required on CI (apt-get install redis-server)');

const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('naming the shared engine', () => {
  it('parses standalone, TLS, Sentinel and Cluster targets, and refuses anything else clearly', () => {
    expect(parseRedisTarget({ url: 'redis://:pw@127.0.0.1:6379' })).toEqual({ kind: 'standalone', url: 'redis://:pw@127.0.0.1:6379' });
    expect(parseRedisTarget({ url: 'rediss://:pw@cache.example:6380' })).toEqual({ kind: 'standalone', url: 'rediss://:pw@cache.example:6380' });
    expect(parseRedisTarget({ url: 'redis+sentinel://:s%40cret@10.0.0.1:26379,10.0.0.2:26379/frontdesk' })).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26379 },
      ],
      name: 'frontdesk',
      password: 's@cret',
      tls: false,
    });
    expect(parseRedisTarget({ url: 'rediss+sentinel://s1:26379/m' })).toMatchObject({ kind: 'sentinel', tls: true, name: 'm' });
    expect(parseRedisTarget({ cluster: '127.0.0.1:7000, 127.0.0.1:7001' })).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '127.0.0.1', port: 7000 },
        { host: '127.0.0.1', port: 7001 },
      ],
    });
    expect(() => parseRedisTarget({ url: 'http://127.0.0.1:6379' })).toThrow(/redis:\/\/, rediss:\/\/ or redis\+sentinel:\/\//);
    expect(() => parseRedisTarget({ cluster: '127.0.0.1' })).toThrow(/not host:port/);
    expect(() => parseRedisTarget({ cluster: '' })).toThrow(/at least one/);
  });

  async function deliversThrough(gw: GatewayProcess): Promise<void> {
    const { accessToken } = await login(gw.url, DEMO_USERS.demoHotel.email, 'demo');
    const desk = await openStream(gw.wsUrl, accessToken);
    await desk.waitFor((f) => f.type === 'caught_up');
    const e = await publish(gw.url, { orgId: 'demo-hotel', service: 'pms', kind: 'test.target', data: { ok: true } });
    const [got] = await desk.waitForEvents(1);
    expect(got).toMatchObject({ seq: e.seq, id: e.id });
    desk.close();
  }

  it.skipIf(!available)(
    'runs on a password-protected Redis (and a wrong password is a clear start failure)',
    async () => {
      const redis = await startRedis({ args: ['--requirepass', 'fd-secret'] });
      cleanups.push(() => redis.stop());
      const gw = await startGateway({ args: ['--redis', `redis://:fd-secret@127.0.0.1:${redis.port}`] });
      cleanups.push(() => gw.stop());
      await deliversThrough(gw);
      await expect(startGateway({ args: ['--redis', `redis://:wrong@127.0.0.1:${redis.port}`], startTimeoutMs: 15_000 })).rejects.toThrow(
        /exited before listening[\s\S]*cannot use Redis: WRONGPASS/,
      );
    },
    60_000,
  );

  it.skipIf(!available)(
    'runs behind a Sentinel that names the master',
    async () => {
      const master = await startRedis();
      cleanups.push(() => master.stop());
      const dir = mkdtempSync(join(tmpdir(), 'frontdesk-sentinel-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const port = await freePort();
      const conf = join(dir, 'sentinel.conf');
      writeFileSync(
        conf,
        `port ${port}\nbind 127.0.0.1\nsentinel monitor fdmaster 127.0.0.1 ${master.port} 1\nsentinel down-after-milliseconds fdmaster 2000\n`,
      );
      const sentinel: ChildProcess = spawn('redis-server', [conf, '--sentinel'], { stdio: ['ignore', 'pipe', 'pipe'] });
      cleanups.push(
        () =>
          new Promise<void>((resolve) => {
            if (sentinel.exitCode !== null) return resolve();
            sentinel.once('exit', () => resolve());
            sentinel.kill('SIGTERM');
          }),
      );
      await new Promise<void>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`sentinel did not start:\n${out}`)), 10_000);
        sentinel.stdout?.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('+monitor master fdmaster')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const gw = await startGateway({ args: ['--redis', `redis+sentinel://127.0.0.1:${port}/fdmaster`] });
      cleanups.push(() => gw.stop());
      await deliversThrough(gw);
    },
    60_000,
  );
});
