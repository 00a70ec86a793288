import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The IPC side every benchmark server runs (gateway, bare ws, Socket.IO): it
 * reports its own CPU time and memory, after a forced GC when asked, so the
 * driver measures the server process alone (clients run in other processes).
 */
export interface StatsReply {
  type: 'stats';
  cpuMicros: number;
  rss: number;
  heapUsed: number;
  external: number;
}

export type ServerRequest = { type: 'stats'; gc?: boolean } | { type: 'exit' };

export function serveBenchIpc(port: number, onExit: () => Promise<void> | void): void {
  const send = (m: unknown) => process.send?.(m);
  process.on('message', (m: ServerRequest) => {
    if (m.type === 'stats') {
      if (m.gc && typeof globalThis.gc === 'function') {
        globalThis.gc();
        globalThis.gc();
      }
      const cpu = process.cpuUsage();
      const mem = process.memoryUsage();
      const reply: StatsReply = {
        type: 'stats',
        cpuMicros: cpu.user + cpu.system,
        rss: mem.rss,
        heapUsed: mem.heapUsed,
        external: mem.external + mem.arrayBuffers,
      };
      send(reply);
    } else if (m.type === 'exit') {
      void Promise.resolve(onExit()).finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port });
}

/** Reads a request body (the peers' publish endpoint). */
export function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** What the peers' publish endpoint receives. */
export interface PeerPublish {
  orgId: string;
  service: string;
  kind: string;
  data: unknown;
}

/** The gateway's event frame for one publish, so the peers send exactly what it sends. */
export function peerEventFrame(seq: number, body: PeerPublish): Record<string, unknown> {
  return {
    type: 'event',
    seq,
    id: randomUUID(),
    orgId: body.orgId,
    service: body.service,
    kind: body.kind,
    at: new Date().toISOString(),
    data: body.data,
  };
}
