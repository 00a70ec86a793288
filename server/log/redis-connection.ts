/**
 * Where the shared engine is and how to reach it:
 *   redis://[:password@]host:port[/db]            one Redis
 *   rediss://[:password@]host:port                one Redis over TLS
 *   redis+sentinel://[:password@]h1:p1,h2:p2/name  the master `name` as Sentinel reports it
 *                                                  (rediss+sentinel:// for TLS to the master)
 *   --redis-cluster h1:p1,h2:p2,...               a Redis Cluster (every hotel's keys share
 *                                                  one slot: hash tag `{org}`)
 * Every client gets the same bounded-time behaviour (command timeout, one retry per
 * queued command): an unreachable Redis is an answer, not a hang.
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';

export type RedisClient = Redis | Cluster;

export type RedisTarget =
  | { kind: 'standalone'; url: string }
  | { kind: 'sentinel'; sentinels: { host: string; port: number }[]; name: string; password?: string; tls: boolean }
  | { kind: 'cluster'; nodes: { host: string; port: number }[]; password?: string };

function hostPort(text: string, what: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(text.trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new Error(`${what}: "${text}" is not host:port`);
  return { host: m[1], port: Number(m[2]) };
}

/** Parses --redis (a URL) or --redis-cluster (host:port list); throws a clear error on anything else. */
export function parseRedisTarget(spec: { url?: string; cluster?: string }): RedisTarget {
  if (spec.cluster !== undefined) {
    const nodes = spec.cluster
      .split(',')
      .filter((s) => s.trim() !== '')
      .map((s) => hostPort(s, '--redis-cluster'));
    if (nodes.length === 0) throw new Error('--redis-cluster needs at least one host:port');
    const password = process.env.FRONTDESK_REDIS_PASSWORD;
    return { kind: 'cluster', nodes, ...(password ? { password } : {}) };
  }
  const url = spec.url ?? '';
  const sentinel = /^(rediss?)\+sentinel:\/\/(?:(?:[^:@/]*):([^@/]*)@)?([^/]+)\/([^/?#]+)\/?$/.exec(url);
  if (sentinel) {
    const sentinels = sentinel[3].split(',').map((s) => hostPort(s, 'sentinel'));
    const password = sentinel[2] ? decodeURIComponent(sentinel[2]) : undefined;
    return { kind: 'sentinel', sentinels, name: decodeURIComponent(sentinel[4]), tls: sentinel[1] === 'rediss', ...(password ? { password } : {}) };
  }
  if (!/^rediss?:\/\//.test(url)) throw new Error(`--redis must be redis://, rediss:// or redis+sentinel:// (got "${url}")`);
  return { kind: 'standalone', url };
}

export interface ClientOptions {
  commandTimeoutMs: number;
}

/** The command connection (lazy: call connectClient). */
export function createClient(target: RedisTarget, o: ClientOptions): RedisClient {
  const common: RedisOptions = {
    lazyConnect: true,
    // Commands queued while reconnecting fail after one retry instead of waiting forever,
    // and every command is bounded.
    maxRetriesPerRequest: 1,
    commandTimeout: o.commandTimeoutMs,
  };
  switch (target.kind) {
    case 'standalone':
      return new Redis(target.url, { ...common, retryStrategy: (times) => Math.min(50 * times, 1000) });
    case 'sentinel':
      return new Redis({
        ...common,
        sentinels: target.sentinels,
        name: target.name,
        ...(target.password ? { password: target.password } : {}),
        ...(target.tls ? { tls: {} } : {}),
        retryStrategy: (times) => Math.min(50 * times, 1000),
      });
    case 'cluster':
      return new Cluster(target.nodes, {
        lazyConnect: true,
        scaleReads: 'master',
        clusterRetryStrategy: (times) => Math.min(100 * times, 2000),
        redisOptions: { maxRetriesPerRequest: 1, commandTimeout: o.commandTimeoutMs, ...(target.password ? { password: target.password } : {}) },
      });
  }
}

/** A second connection of the same kind for SUBSCRIBE (no command timeout: it waits for messages). */
export function subscriberOf(client: RedisClient): RedisClient {
  if (client instanceof Cluster)
    return client.duplicate(undefined, { redisOptions: { ...client.options.redisOptions, commandTimeout: undefined, maxRetriesPerRequest: null } });
  return client.duplicate({ commandTimeout: undefined, maxRetriesPerRequest: null });
}
