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

export function serveBenchIpc(port: number, onExit: () => Promise<void> | void, extra: Record<string, unknown> = {}): void {
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
  send({ type: 'ready', port, ...extra });
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

/** The organisation a peer connection asked for (`?org=`), default the demo hotel. */
export function orgOf(url: string | undefined): string {
  return new URL(url ?? '/', 'http://peer').searchParams.get('org') ?? 'demo-hotel';
}

/** Connections grouped by organisation, as every peer routes a publish to one organisation. */
export class Rooms<T> {
  private readonly rooms = new Map<string, Set<T>>();
  join(org: string, member: T): void {
    let room = this.rooms.get(org);
    if (!room) this.rooms.set(org, (room = new Set()));
    room.add(member);
  }
  leave(org: string, member: T): void {
    const room = this.rooms.get(org);
    if (room?.delete(member) && room.size === 0) this.rooms.delete(org);
  }
  get(org: string): ReadonlySet<T> | undefined {
    return this.rooms.get(org);
  }
  *all(): Iterable<T> {
    for (const room of this.rooms.values()) yield* room;
  }
}

/**
 * An unmasked WebSocket text frame (RFC 6455 §5.2) for `payload`, built here and not
 * taken from the gateway's frames.ts, so the peers do not share the gateway's code.
 */
export function wsTextFrame(payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? 2 : len < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(head + len);
  out[0] = 0x81;
  if (len < 126) out[1] = len;
  else if (len < 65536) {
    out[1] = 126;
    out.writeUInt16BE(len, 2);
  } else {
    out[1] = 127;
    out.writeBigUInt64BE(BigInt(len), 2);
  }
  payload.copy(out, head);
  return out;
}
