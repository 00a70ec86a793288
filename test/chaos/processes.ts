/**
 * Child processes the harness owns: the gateway and the headless desks.
 *
 * Each runs as ONE process (`node --import tsx script.ts`, not `npx tsx`, which forks
 * a second node), so `kill -9` hits the process that holds the sockets and the SQLite
 * file, exactly as a crash would. Output goes to a log file per process (kept for the
 * post-mortem) and the last lines stay in memory for failure messages.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ManagedOptions {
  name: string;
  script: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  logDir: string;
}

type LineListener = (line: string) => void;

export class ManagedProcess {
  private child: ChildProcess | null = null;
  private log: WriteStream;
  private readonly tail: string[] = [];
  private readonly listeners = new Set<LineListener>();
  private exitPromise: Promise<void> = Promise.resolve();
  /** How many times it was started (1 = first start). */
  starts = 0;
  lastExit: { code: number | null; signal: NodeJS.Signals | null } | null = null;

  constructor(readonly opts: ManagedOptions) {
    mkdirSync(opts.logDir, { recursive: true });
    this.log = createWriteStream(join(opts.logDir, `${opts.name}.log`), { flags: 'a' });
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(extraArgs: string[] = []): void {
    if (this.running) throw new Error(`${this.opts.name} is already running`);
    this.starts++;
    const child = spawn(process.execPath, [...nodeArgsFor(this.opts.script), ...this.opts.args, ...extraArgs], {
      cwd: ROOT,
      env: { ...process.env, ...this.opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.log.write(`\n--- start #${this.starts} pid ${child.pid} ${new Date().toISOString()}\n`);
    const onData = (stream: 'out' | 'err') => {
      let partial = '';
      return (chunk: Buffer) => {
        this.log.write(chunk);
        partial += chunk.toString('utf8');
        let nl: number;
        while ((nl = partial.indexOf('\n')) >= 0) {
          const line = partial.slice(0, nl);
          partial = partial.slice(nl + 1);
          this.tail.push(stream === 'err' ? `! ${line}` : line);
          if (this.tail.length > 40) this.tail.shift();
          for (const l of this.listeners) l(line);
        }
      };
    };
    child.stdout?.on('data', onData('out'));
    child.stderr?.on('data', onData('err'));
    this.exitPromise = new Promise((res) => {
      child.once('exit', (code, signal) => {
        this.lastExit = { code, signal };
        this.log.write(`--- exit code=${code} signal=${signal} ${new Date().toISOString()}\n`);
        res();
      });
    });
  }

  onLine(listener: LineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the first output line matching `re` (from now on), or rejects on exit/timeout. */
  waitForLine(re: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return new Promise((res, rej) => {
      const timer = setTimeout(() => {
        off();
        rej(new Error(`${this.opts.name}: no line matching ${re} within ${timeoutMs} ms; last output:\n${this.lastLines()}`));
      }, timeoutMs);
      const off = this.onLine((line) => {
        const m = re.exec(line);
        if (m) {
          clearTimeout(timer);
          off();
          res(m);
        }
      });
      void this.exitPromise.then(() => {
        if (!this.running) {
          clearTimeout(timer);
          off();
          rej(new Error(`${this.opts.name} exited (${JSON.stringify(this.lastExit)}) before printing ${re}; last output:\n${this.lastLines()}`));
        }
      });
    });
  }

  lastLines(n = 15): string {
    return this.tail.slice(-n).join('\n');
  }

  /** kill -9: no cleanup, no flush, like a crash or a pulled plug. */
  async kill9(): Promise<void> {
    if (!this.running || !this.child) return;
    this.child.kill('SIGKILL');
    await this.exitPromise;
  }

  /** Polite stop (SIGTERM), then SIGKILL if it does not exit in time. */
  async stop(graceMs = 5000): Promise<void> {
    if (!this.running || !this.child) return;
    const child = this.child;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exitPromise;
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    await this.kill9();
    await new Promise<void>((r) => this.log.end(() => r()));
  }
}

/** TypeScript sources run through tsx's loader; a prebuilt bundle (.mjs) runs on plain node. */
function nodeArgsFor(script: string): string[] {
  return script.endsWith('.ts') ? ['--import', 'tsx', script] : [script];
}

export interface Programs {
  gateway: string;
  sync: string;
  /** The sync CLI with a deliberate ordering bug (test/chaos/broken-desk-sync.ts). */
  brokenSync: string;
  doctor: string;
  /** Where the bundles live (removed by the caller), or null when running the sources. */
  bundleDir: string | null;
}

/**
 * The programs a run starts, dozens of times each. By default they are bundled once with
 * esbuild (the same sources, compiled like a release build): a start then costs ~0.4 s of CPU
 * instead of ~1.2 s through tsx, which on a loaded 2-core machine is the difference between
 * desks that are up most of the run and desks that are forever starting. `bundle: false` runs
 * the TypeScript sources through tsx instead.
 */
export async function preparePrograms(bundle: boolean, runId: string): Promise<Programs> {
  const sources = { gateway: 'server/cli.ts', sync: 'main/cli/sync.ts', brokenSync: 'test/chaos/broken-desk-sync.ts', doctor: 'main/cli/doctor.ts' };
  if (!bundle) return { ...sources, bundleDir: null };
  // Inside the repo's node_modules so the bundles resolve the external packages (ws, better-sqlite3 …).
  const outdir = join(ROOT, 'node_modules', '.cache', 'frontdesk-chaos', runId);
  const { build } = await import('esbuild');
  await build({
    entryPoints: {
      gateway: join(ROOT, sources.gateway),
      sync: join(ROOT, sources.sync),
      brokenSync: join(ROOT, sources.brokenSync),
      doctor: join(ROOT, sources.doctor),
    },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return {
    gateway: join(outdir, 'gateway.mjs'),
    sync: join(outdir, 'sync.mjs'),
    brokenSync: join(outdir, 'brokenSync.mjs'),
    doctor: join(outdir, 'doctor.mjs'),
    bundleDir: outdir,
  };
}

/** A free loopback port (the gateway must come back on the SAME port after kill -9). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const addr = srv.address();
  await new Promise<void>((r) => srv.close(() => r()));
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  return addr.port;
}

/** Runs a short-lived tool (doctor) to completion and returns its stdout. */
export function runTool(
  script: string,
  args: string[],
  timeoutMs = 30_000,
  env?: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [...nodeArgsFor(script), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`${script} ${args.join(' ')}: timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('error', rej);
    child.once('close', (code) => {
      clearTimeout(timer);
      res({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** Client of enqueuer-process.ts: queues actions into desks' outboxes without blocking the harness. */
export class Enqueuer {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly waiting = new Map<number, (r: { ok: boolean; error?: string }) => void>();

  constructor() {
    this.child = fork(join(ROOT, 'test', 'chaos', 'enqueuer-process.ts'), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: { id: number; ok: boolean; error?: string }) => {
      this.waiting.get(m.id)?.(m);
      this.waiting.delete(m.id);
    });
    this.child.on('exit', () => {
      for (const w of this.waiting.values()) w({ ok: false, error: 'enqueuer process exited' });
      this.waiting.clear();
    });
  }

  enqueue(dataDir: string, command: unknown, key: string, operator: string, timeoutMs = 15_000): Promise<{ ok: boolean; error?: string }> {
    const id = this.nextId++;
    return new Promise((res) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        res({ ok: false, error: `no answer within ${timeoutMs} ms` });
      }, timeoutMs);
      this.waiting.set(id, (r) => {
        clearTimeout(timer);
        res(r);
      });
      this.child.send({ id, dataDir, command, key, operator });
    });
  }

  close(): void {
    if (this.child.connected) this.child.disconnect();
  }
}
