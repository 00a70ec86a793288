/**
 * The fault proxy with real loopback sockets: an upstream TCP server that echoes
 * and records its sockets, clients connecting through the proxy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { FaultProxy } from './fault-proxy.ts';

interface Upstream {
  server: Server;
  port: number;
  sockets: Socket[];
  closed: number;
}

async function startUpstream(port = 0): Promise<Upstream> {
  const up: Upstream = { server: createServer(), port: 0, sockets: [], closed: 0 };
  up.server.on('connection', (s) => {
    up.sockets.push(s);
    s.on('data', (d) => s.write(d));
    s.on('error', () => undefined);
    s.on('close', () => up.closed++);
  });
  up.server.listen(port, '127.0.0.1');
  await once(up.server, 'listening');
  const addr = up.server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no address');
  up.port = addr.port;
  return up;
}

async function stopUpstream(up: Upstream): Promise<void> {
  for (const s of up.sockets) s.destroy();
  await new Promise<void>((r) => up.server.close(() => r()));
}

interface Client {
  socket: Socket;
  received: Buffer[];
  closed: boolean;
  text(): string;
}

async function dial(port: number): Promise<Client> {
  const socket = connect({ host: '127.0.0.1', port });
  const c: Client = {
    socket,
    received: [],
    closed: false,
    text: () => Buffer.concat(c.received).toString('utf8'),
  };
  socket.on('data', (d: Buffer) => c.received.push(d));
  socket.on('close', () => (c.closed = true));
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  return c;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('fault proxy', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  async function setup(): Promise<{ up: Upstream; proxy: FaultProxy }> {
    const up = await startUpstream();
    const proxy = new FaultProxy({ targetPort: up.port });
    await proxy.start();
    cleanups.push(
      () => stopUpstream(up),
      () => proxy.stop(),
    );
    return { up, proxy };
  }

  it('passes bytes both ways unchanged', async () => {
    const { proxy } = await setup();
    const c = await dial(proxy.port);
    cleanups.push(() => void c.socket.destroy());
    const payload = Buffer.alloc(256 * 1024, 'x').toString() + 'END';
    c.socket.write(payload);
    await until(() => c.text().length === payload.length);
    expect(c.text()).toBe(payload);
    expect(proxy.connections()).toHaveLength(1);
    expect(proxy.connections()[0].bytesUp).toBe(payload.length);
  });

  it('cut destroys both sides of one connection and leaves the others alone', async () => {
    const { up, proxy } = await setup();
    const a = await dial(proxy.port);
    const b = await dial(proxy.port);
    cleanups.push(
      () => void a.socket.destroy(),
      () => void b.socket.destroy(),
    );
    await until(() => up.sockets.length === 2);
    const [first] = proxy.connections();
    expect(proxy.cut(first.id)).toBe(1);
    await until(() => a.closed && up.closed === 1);
    b.socket.write('still here');
    await until(() => b.text() === 'still here');
    expect(b.closed).toBe(false);
  });

  it('cut without an id drops every open connection but accepts new ones', async () => {
    const { up, proxy } = await setup();
    const a = await dial(proxy.port);
    const b = await dial(proxy.port);
    await until(() => up.sockets.length === 2);
    expect(proxy.cut()).toBe(2);
    await until(() => a.closed && b.closed && up.closed === 2);
    const c = await dial(proxy.port);
    cleanups.push(() => void c.socket.destroy());
    c.socket.write('again');
    await until(() => c.text() === 'again');
  });

  it('stall holds bytes in both directions for the given time, then delivers them intact', async () => {
    const { proxy } = await setup();
    const c = await dial(proxy.port);
    cleanups.push(() => void c.socket.destroy());
    c.socket.write('before');
    await until(() => c.text() === 'before');
    const [conn] = proxy.connections();
    const started = Date.now();
    proxy.stall(400, conn.id);
    c.socket.write('-during');
    await sleep(250);
    expect(c.text()).toBe('before');
    expect(c.closed).toBe(false);
    await until(() => c.text() === 'before-during');
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('a global stall also holds connections opened during it, until it ends', async () => {
    const { proxy } = await setup();
    proxy.stall(400);
    const c = await dial(proxy.port);
    cleanups.push(() => void c.socket.destroy());
    c.socket.write('queued');
    await sleep(200);
    expect(c.text()).toBe('');
    await until(() => c.text() === 'queued');
    expect(proxy.mode).toBe('pass');
  });

  it('half-open drops bytes and never tells either side that the other left', async () => {
    const { up, proxy } = await setup();
    const c = await dial(proxy.port);
    c.socket.write('hello');
    await until(() => c.text() === 'hello');
    const [conn] = proxy.connections();
    proxy.halfOpen(conn.id);
    c.socket.write('into the void');
    up.sockets[0].write('also lost');
    await sleep(300);
    expect(c.text()).toBe('hello');
    expect(c.closed).toBe(false);
    // The desk gives up (as its heartbeat would): the gateway side must not notice.
    c.socket.destroy();
    await sleep(300);
    expect(up.closed).toBe(0);
    expect(up.sockets[0].destroyed).toBe(false);
  });

  it('a global half-open swallows new connections until pass()', async () => {
    const { proxy } = await setup();
    proxy.halfOpen();
    const c = await dial(proxy.port);
    cleanups.push(() => void c.socket.destroy());
    c.socket.write('lost');
    await sleep(300);
    expect(c.text()).toBe('');
    expect(c.closed).toBe(false);
    proxy.pass();
    const d = await dial(proxy.port);
    cleanups.push(() => void d.socket.destroy());
    d.socket.write('fine');
    await until(() => d.text() === 'fine');
  });

  it('closes the client when the upstream is down, and reaches it again after a restart on the same port', async () => {
    const up = await startUpstream();
    const port = up.port;
    const proxy = new FaultProxy({ targetPort: port });
    await proxy.start();
    cleanups.push(() => proxy.stop());
    await stopUpstream(up);
    const c = await dial(proxy.port);
    await until(() => c.closed);
    expect(proxy.stats.upstreamErrors).toBeGreaterThan(0);
    const again = await startUpstream(port);
    cleanups.push(() => stopUpstream(again));
    const d = await dial(proxy.port);
    cleanups.push(() => void d.socket.destroy());
    d.socket.write('back');
    await until(() => d.text() === 'back');
  });
});
