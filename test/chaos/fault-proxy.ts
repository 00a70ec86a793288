/**
 * A loopback TCP proxy that sits between one desk and the gateway and breaks the
 * connection on request, the way real networks do:
 *
 * - `cut`       both sockets destroyed at once (Wi-Fi drop, NAT reset): the desk sees a close/RST.
 * - `stall`     nothing forwarded for T ms in either direction, then everything resumes,
 *               bytes intact (a congested link, a laptop lid closed briefly). Implemented with
 *               socket.pause(), so the kernel buffers hold the bytes and TCP backpressure is real.
 * - `half-open` nothing forwarded and nothing closed, ever (a dead peer behind a NAT): bytes
 *               are read and dropped and closes are NOT propagated, so only a heartbeat timeout
 *               on either side can notice.
 * - `pass`      normal forwarding.
 *
 * Faults apply to one connection (by id) or globally. A global stall/half-open also covers
 * connections accepted while it lasts, so a desk that reconnects into it does not escape.
 * Upstream is dialled per connection, so a gateway restarted on the same port is reached again.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'stall' | 'half-open';

export interface ProxyConnection {
  readonly id: number;
  readonly openedAt: number;
  mode: ProxyMode;
  bytesUp: number;
  bytesDown: number;
}

interface Conn extends ProxyConnection {
  client: Socket;
  upstream: Socket;
  stallTimer: NodeJS.Timeout | null;
  closed: boolean;
}

export interface FaultProxyOptions {
  targetHost?: string;
  targetPort: number;
  /** Port to listen on (0 = any free port). Always bound to 127.0.0.1. */
  listenPort?: number;
}

export class FaultProxy {
  private server: Server | null = null;
  private readonly conns = new Map<number, Conn>();
  private nextId = 1;
  private globalMode: ProxyMode = 'pass';
  private globalTimer: NodeJS.Timeout | null = null;
  private readonly targetHost: string;
  private targetPort: number;
  private listenPort: number;
  /** Totals for the harness report. */
  readonly stats = { accepted: 0, cuts: 0, stalls: 0, halfOpens: 0, upstreamErrors: 0 };

  constructor(options: FaultProxyOptions) {
    this.targetHost = options.targetHost ?? '127.0.0.1';
    this.targetPort = options.targetPort;
    this.listenPort = options.listenPort ?? 0;
  }

  /** Starts listening; resolves with the bound port. */
  async start(): Promise<number> {
    const server = createServer({ pauseOnConnect: true }, (client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const addr = server.address();
    if (addr === null || typeof addr === 'string') throw new Error('fault proxy: no TCP address');
    this.listenPort = addr.port;
    return addr.port;
  }

  get port(): number {
    return this.listenPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.listenPort}`;
  }

  /** Points new connections at another upstream port (existing ones keep theirs). */
  retarget(port: number): void {
    this.targetPort = port;
  }

  get mode(): ProxyMode {
    return this.globalMode;
  }

  connections(): ProxyConnection[] {
    return [...this.conns.values()].filter((c) => !c.closed).map(({ id, openedAt, mode, bytesUp, bytesDown }) => ({ id, openedAt, mode, bytesUp, bytesDown }));
  }

  /** Destroys one connection (both sides) or, without an id, every open connection. Returns how many. */
  cut(id?: number): number {
    let n = 0;
    for (const c of this.targets(id)) {
      this.destroy(c);
      n++;
    }
    this.stats.cuts += n;
    return n;
  }

  /**
   * Stops forwarding for `ms` in both directions, then resumes. Without an id it is global:
   * every open connection and every one accepted during the stall.
   */
  stall(ms: number, id?: number): void {
    this.stats.stalls++;
    if (id === undefined) {
      this.setGlobal('stall', ms);
      return;
    }
    const c = this.conns.get(id);
    if (c && !c.closed) this.stallConn(c, ms);
  }

  /**
   * Silently blackholes one connection (or, globally, all current and new ones) until `ms`
   * passes (global only) or forever (a connection stays half-open until an endpoint gives up).
   */
  halfOpen(id?: number, ms?: number): void {
    this.stats.halfOpens++;
    if (id === undefined) {
      this.setGlobal('half-open', ms);
      return;
    }
    const c = this.conns.get(id);
    if (c && !c.closed) this.blackhole(c);
  }

  /** Ends any global fault: new connections pass again; stalled ones resume. Half-open sockets stay dead. */
  pass(): void {
    if (this.globalTimer) clearTimeout(this.globalTimer);
    this.globalTimer = null;
    const was = this.globalMode;
    this.globalMode = 'pass';
    if (was === 'stall') for (const c of this.conns.values()) if (c.mode === 'stall' && !c.stallTimer) this.resume(c);
  }

  /** Closes the listener and every connection. */
  async stop(): Promise<void> {
    this.pass();
    for (const c of this.conns.values()) this.destroy(c);
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ------------------------------------------------------------------ internals

  private targets(id?: number): Conn[] {
    if (id === undefined) return [...this.conns.values()].filter((c) => !c.closed);
    const c = this.conns.get(id);
    return c && !c.closed ? [c] : [];
  }

  private setGlobal(mode: 'stall' | 'half-open', ms?: number): void {
    if (this.globalTimer) clearTimeout(this.globalTimer);
    this.globalTimer = null;
    this.globalMode = mode;
    for (const c of this.conns.values()) {
      if (c.closed) continue;
      if (mode === 'stall') this.pauseBoth(c, 'stall');
      else this.blackhole(c);
    }
    if (ms !== undefined) {
      this.globalTimer = setTimeout(() => this.pass(), ms);
      this.globalTimer.unref();
    }
  }

  private accept(client: Socket): void {
    this.stats.accepted++;
    const upstream = connect({ host: this.targetHost, port: this.targetPort });
    const c: Conn = { id: this.nextId++, openedAt: Date.now(), mode: 'pass', bytesUp: 0, bytesDown: 0, client, upstream, stallTimer: null, closed: false };
    this.conns.set(c.id, c);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    upstream.pause();

    // Forward by hand (not pipe) so a half-open connection can drop bytes and ignore closes.
    client.on('data', (chunk: Buffer) => {
      if (c.mode === 'half-open') return;
      c.bytesUp += chunk.length;
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('data', (chunk: Buffer) => {
      if (c.mode === 'half-open') return;
      c.bytesDown += chunk.length;
      if (!client.write(chunk)) upstream.pause();
    });
    client.on('drain', () => {
      if (c.mode === 'pass') upstream.resume();
    });
    upstream.on('drain', () => {
      if (c.mode === 'pass') client.resume();
    });
    // A FIN from one side is passed on as a FIN (graceful close), unless the link is "dead".
    client.on('end', () => {
      if (c.mode !== 'half-open') upstream.end();
    });
    upstream.on('end', () => {
      if (c.mode !== 'half-open') client.end();
    });
    const onGone = (): void => {
      // In half-open mode the other side must NOT learn about it: that is the fault.
      if (c.mode === 'half-open') {
        if (client.destroyed && upstream.destroyed) this.forget(c);
        return;
      }
      this.destroy(c);
    };
    client.on('close', onGone);
    upstream.on('close', onGone);
    client.on('error', () => undefined);
    upstream.on('error', () => {
      this.stats.upstreamErrors++;
    });
    upstream.once('connect', () => {
      if (c.mode === 'pass') {
        client.resume();
        upstream.resume();
      }
    });

    if (this.globalMode === 'stall') this.pauseBoth(c, 'stall');
    else if (this.globalMode === 'half-open') this.blackhole(c);
  }

  private stallConn(c: Conn, ms: number): void {
    if (c.mode === 'half-open') return;
    this.pauseBoth(c, 'stall');
    if (c.stallTimer) clearTimeout(c.stallTimer);
    c.stallTimer = setTimeout(() => {
      c.stallTimer = null;
      if (this.globalMode !== 'stall') this.resume(c);
    }, ms);
    c.stallTimer.unref();
  }

  private pauseBoth(c: Conn, mode: 'stall'): void {
    if (c.mode === 'half-open') return;
    c.mode = mode;
    c.client.pause();
    c.upstream.pause();
  }

  private resume(c: Conn): void {
    if (c.closed || c.mode !== 'stall') return;
    c.mode = 'pass';
    if (c.upstream.connecting) return; // 'connect' resumes both
    c.client.resume();
    c.upstream.resume();
  }

  private blackhole(c: Conn): void {
    if (c.stallTimer) clearTimeout(c.stallTimer);
    c.stallTimer = null;
    c.mode = 'half-open';
    // Keep reading (and dropping) so the OS never pushes back: the peer sees its writes "succeed".
    c.client.resume();
    c.upstream.resume();
  }

  private destroy(c: Conn): void {
    if (c.stallTimer) clearTimeout(c.stallTimer);
    c.stallTimer = null;
    c.client.destroy();
    c.upstream.destroy();
    this.forget(c);
  }

  private forget(c: Conn): void {
    c.closed = true;
    this.conns.delete(c.id);
  }
}
