/**
 * Starts the REAL gateway process (`node --import tsx server/cli.ts`, one
 * process, so kill9() hits the process that holds the sockets and the SQLite
 * file) on a random loopback port, waits for its "gateway listening on …"
 * line, and gives tests a handle to stop, crash or restart it.
 *
 * Reused by the gateway, desk and end-to-end suites:
 *   const gw = await startGateway({ demo: true });
 *   const tokens = await login(gw.url, DEMO_USER.email, DEMO_USER.password);
 *   await publish(gw.url, { orgId: 'demo-hotel', service: 'pms', kind: 'x', data: {} });
 *   await gw.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOGIN_PATH, PUBLISH_PATH, TokensResponseSchema, type PublishRequest, type TokensResponse } from '../../shared/protocol.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_SERVICE_TOKEN = 'demo-service-token';
export const DEMO_USERS = {
  demoHotel: { email: 'frontdesk@demo-hotel.test', password: 'demo', orgId: 'demo-hotel', userId: 'u-demo-hotel-frontdesk' },
  harborInn: { email: 'frontdesk@harbor-inn.test', password: 'demo', orgId: 'harbor-inn', userId: 'u-harbor-inn-frontdesk' },
} as const;

export interface StartOptions {
  /** Seed the demo organisations (default true). */
  demo?: boolean;
  /** Reuse a data directory (default: a fresh temp dir, removed by stop() unless keepDataDir). */
  dataDir?: string;
  keepDataDir?: boolean;
  /** Fixed port (default 0 = random; restart() keeps the port it got). */
  port?: number;
  /** Extra CLI flags, e.g. ['--access-ttl', '2', '--history', '50']. */
  args?: string[];
  env?: Record<string, string | undefined>;
  /** Max wait for the listening line (ms). */
  startTimeoutMs?: number;
  /** Echo the gateway's stderr to this process's stderr (debugging). */
  echo?: boolean;
}

export interface GatewayProcess {
  /** http://127.0.0.1:PORT */
  url: string;
  /** ws://127.0.0.1:PORT */
  wsUrl: string;
  port: number;
  dataDir: string;
  pid: number;
  serviceToken: string;
  /** SIGTERM and wait for exit (the gateway closes sockets with 1001). Removes a temp data dir unless kept. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: a crash. The data dir is kept. */
  kill9(): Promise<void>;
  /** Stops (gracefully by default) and starts again on the same port and data dir. */
  restart(opts?: { crash?: boolean; args?: string[] }): Promise<void>;
  /** Everything the process wrote to stderr (JSON log lines) and stdout so far. */
  logs(): string;
  readonly exited: boolean;
}

function spawnGateway(port: number, dataDir: string, o: StartOptions, args: string[]): { child: ChildProcess; listening: Promise<number>; output: string[] } {
  const argv = ['--import', 'tsx', 'server/cli.ts', '--port', String(port), '--data-dir', dataDir, '--log-level', 'debug'];
  if (o.demo ?? true) argv.push('--demo');
  argv.push(...args);
  const env: NodeJS.ProcessEnv = { ...process.env, ...o.env };
  const child = spawn(process.execPath, argv, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const listening = new Promise<number>((resolveListening, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      reject(new Error(`gateway did not start within ${o.startTimeoutMs ?? 20_000} ms\n${output.join('').slice(-4000)}`));
      child.kill('SIGKILL');
    }, o.startTimeoutMs ?? 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output.push(text);
      buffered += text;
      const m = /gateway listening on http:\/\/[^\s:]+:(\d+)/.exec(buffered);
      if (m) {
        clearTimeout(timer);
        resolveListening(Number(m[1]));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString('utf8'));
      if (o.echo) process.stderr.write(chunk);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited before listening (code ${code}, signal ${signal})\n${output.join('').slice(-4000)}`));
    });
  });
  return { child, listening, output };
}

export async function startGateway(o: StartOptions = {}): Promise<GatewayProcess> {
  const ownDir = o.dataDir === undefined;
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'fd-gateway-'));
  const serviceToken = o.env?.FRONTDESK_SERVICE_TOKEN ?? process.env.FRONTDESK_SERVICE_TOKEN ?? DEMO_SERVICE_TOKEN;
  let { child, listening, output } = spawnGateway(o.port ?? 0, dataDir, o, o.args ?? []);
  const allOutput: string[] = [];
  let port = await listening;
  let exited = false;
  const track = (c: ChildProcess) => {
    exited = false;
    c.once('exit', () => {
      exited = true;
    });
  };
  track(child);

  const waitExit = (c: ChildProcess) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
      if (c.exitCode !== null || c.signalCode !== null) res({ code: c.exitCode, signal: c.signalCode });
      else c.once('exit', (code, signal) => res({ code, signal }));
    });

  const handle: GatewayProcess = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get wsUrl() {
      return `ws://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    dataDir,
    get pid() {
      return child.pid ?? -1;
    },
    serviceToken,
    get exited() {
      return exited;
    },
    async stop() {
      const done = waitExit(child);
      if (!exited) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
      const result = await done;
      clearTimeout(timer);
      if (ownDir && !o.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
      return result;
    },
    async kill9() {
      const done = waitExit(child);
      if (!exited) child.kill('SIGKILL');
      await done;
    },
    async restart(r = {}) {
      const done = waitExit(child);
      if (!exited) child.kill(r.crash ? 'SIGKILL' : 'SIGTERM');
      await done;
      allOutput.push(...output);
      ({ child, listening, output } = spawnGateway(port, dataDir, o, r.args ?? o.args ?? []));
      track(child);
      port = await listening;
    },
    logs() {
      return allOutput.join('') + output.join('');
    },
  };
  return handle;
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** POST /v1/auth/login; throws with the gateway's error body on failure. */
export async function login(baseUrl: string, email: string, password: string): Promise<TokensResponse> {
  const res = await postJson(`${baseUrl}${LOGIN_PATH}`, { email, password });
  const json: unknown = await res.json();
  if (!res.ok) throw new Error(`login failed ${res.status}: ${JSON.stringify(json)}`);
  return TokensResponseSchema.parse(json);
}

/** POST /v2/realtime/publish with the service token; returns {seq, id}. */
export async function publish(baseUrl: string, body: PublishRequest, serviceToken = DEMO_SERVICE_TOKEN): Promise<{ seq: number; id: string }> {
  const res = await postJson(`${baseUrl}${PUBLISH_PATH}`, body, { authorization: `Bearer ${serviceToken}` });
  const json = (await res.json()) as { seq: number; id: string };
  if (!res.ok) throw new Error(`publish failed ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/**
 * GET a gateway JSON route with an optional bearer token; returns status and parsed body.
 * The metrics routes need the service token, so it is sent there when no token is given.
 */
export async function getJson<T = unknown>(url: string, token?: string): Promise<{ status: number; body: T }> {
  const bearer = token ?? (/\/metrics$/.test(new URL(url).pathname) ? DEMO_SERVICE_TOKEN : undefined);
  const res = await fetch(url, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  return { status: res.status, body: (await res.json()) as T };
}

/** POST a JSON body with optional headers; returns status, headers and parsed body. */
export async function postJsonRoute<T = unknown>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await postJson(url, body, headers);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}
export const start = startGateway;
