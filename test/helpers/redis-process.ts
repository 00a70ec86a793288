/**
 * A real redis-server on a free loopback port (without persistence unless asked),
 * for the Redis Streams suites. A fixed port and data dir let a test restart it
 * "the same server" empty or from an older snapshot. `redisAvailable()` says whether the binary exists; a
 * suite that needs it must fail (not skip) when CI=true.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export function redisAvailable(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface RedisProcess {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export interface RedisStartOptions {
  /** Default: a free port. */
  port?: number;
  /** Working directory for dump.rdb / appendonly files (persistence needs it). */
  dir?: string;
  /** none (default) | rdb (SAVE writes dir/dump.rdb, loaded at start) | aof-always | aof-everysec. */
  persistence?: 'none' | 'rdb' | 'aof-always' | 'aof-everysec';
  /** Extra redis-server arguments, e.g. ['--cluster-enabled', 'yes']. */
  args?: string[];
}

export async function startRedis(o: RedisStartOptions = {}): Promise<RedisProcess> {
  const port = o.port ?? (await freePort());
  const persistence = o.persistence ?? 'none';
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--save', ''];
  if (o.dir) args.push('--dir', o.dir);
  if (persistence.startsWith('aof')) args.push('--appendonly', 'yes', '--appendfsync', persistence === 'aof-always' ? 'always' : 'everysec');
  else args.push('--appendonly', 'no');
  args.push(...(o.args ?? []));
  const child: ChildProcess = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}):\n${out}`));
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        // A stopped (SIGSTOP) server must be continued to hear the SIGTERM.
        child.kill('SIGCONT');
        child.kill('SIGTERM');
      }),
  };
}

export interface RedisCluster {
  /** host:port,host:port,host:port — the --redis-cluster argument. */
  nodes: string;
  masters: RedisProcess[];
  dirs: string[];
  /** Stops master i and starts it again on its port with its cluster config and NO data. */
  restartEmpty(i: number): Promise<void>;
  stop(): Promise<void>;
}

/** A Redis Cluster of `size` masters (no replicas) on free loopback ports, created with redis-cli --cluster create. */
export async function startRedisCluster(size = 3): Promise<RedisCluster> {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dirs: string[] = [];
  const masters: RedisProcess[] = [];
  const clusterArgs = ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000'];
  for (let i = 0; i < size; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'frontdesk-redis-cluster-'));
    dirs.push(dir);
    masters.push(await startRedis({ dir, args: clusterArgs }));
  }
  const create = spawnSync('redis-cli', ['--cluster', 'create', ...masters.map((m) => `127.0.0.1:${m.port}`), '--cluster-replicas', '0', '--cluster-yes'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}\n${create.stderr}`);
  const waitOk = async (port: number) => {
    for (let i = 0; i < 200; i++) {
      const info = spawnSync('redis-cli', ['-p', String(port), 'cluster', 'info'], { encoding: 'utf8' });
      if (info.stdout.includes('cluster_state:ok')) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`cluster on port ${port} never reached cluster_state:ok`);
  };
  for (const m of masters) await waitOk(m.port);
  return {
    nodes: masters.map((m) => `127.0.0.1:${m.port}`).join(','),
    masters,
    dirs,
    async restartEmpty(i: number) {
      await masters[i].stop();
      masters[i] = await startRedis({ port: masters[i].port, dir: dirs[i], args: clusterArgs });
      for (const m of masters) await waitOk(m.port);
    },
    async stop() {
      for (const m of masters) await m.stop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}
