/**
 * The demo gateway `npm start` runs when no --server is given: the real gateway
 * (server/cli.ts) as a child process on a free loopback port, with its data and
 * its log (gateway.log) in .data/gateway — each data dir its own log, so launches
 * with separate temp dirs never share one. Stopped with the launcher, and also when
 * the launcher dies without stopping it: the child's stdin is a pipe from us and it
 * runs with --exit-with-parent, so it shuts down when that pipe closes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createWriteStream, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface EmbeddedGateway {
  url: string;
  /** The gateway process id (so a caller can report it or check it is gone). */
  pid: number;
  /** The data directory, absolute. */
  dataDir: string;
  /** Human lines the gateway printed before it was ready (e.g. the demo logins). */
  banner: string[];
  logFile: string;
  stop(): Promise<void>;
}

const LISTENING = /gateway listening on (\S+)/;
const READY_TIMEOUT_MS = 60_000;

export async function startEmbeddedGateway(root: string, dataDirIn = path.join(root, '.data', 'gateway')): Promise<EmbeddedGateway> {
  const dataDir = path.resolve(root, dataDirIn);
  mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(dataDir, 'gateway.log');
  const logStream = createWriteStream(logFile, { flags: 'a' });
  // The gateway's stderr (its JSON logs) goes straight to the file, not through us: the log
  // stays complete if we die first, and the gateway never writes into a dead pipe (pino then
  // hangs at exit instead of exiting).
  const stderrFd = openSync(logFile, 'a');
  const args = ['--import', 'tsx', path.join(root, 'server', 'cli.ts'), '--port', '0', '--data-dir', dataDir, '--demo', '--exit-with-parent'];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    // stdin: a pipe we never write to nor close; it closes when this process dies, however it dies.
    stdio: ['pipe', 'pipe', stderrFd],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  closeSync(stderrFd); // the child has its own copy
  // Do not let an EPIPE on it (the child already gone) become an uncaught error here.
  child.stdin?.on('error', () => undefined);

  const banner: string[] = [];
  const recent: string[] = [];
  let ready = false;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`the demo gateway did not report "gateway listening on" within ${READY_TIMEOUT_MS / 1000}s`)),
      READY_TIMEOUT_MS,
    );
    const lines = createInterface({ input: child.stdout! });
    function fail(err: Error): void {
      clearTimeout(timer);
      child.kill('SIGKILL');
      // Its own explanation (e.g. "gateway failed to start: …") is on stderr, i.e. in the log.
      const logTail = (() => {
        try {
          return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-10);
        } catch {
          return [];
        }
      })();
      reject(new Error(`${err.message}\n(see ${logFile})\n${[...recent.slice(-20), ...logTail].join('\n')}`));
    }
    lines.on('line', (line) => {
      logStream.write(`${line}\n`);
      if (ready) return;
      recent.push(line);
      if (recent.length > 50) recent.shift();
      const m = LISTENING.exec(line);
      if (m?.[1]) {
        ready = true;
        clearTimeout(timer);
        resolve(m[1]);
      } else if (!line.startsWith('{')) {
        banner.push(line);
      }
    });
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`the demo gateway exited early (${signal ?? `code ${code}`})`)));
  });
  // From now on its output only goes to the log file.
  child.removeAllListeners('exit');

  let stopping: Promise<void> | null = null;
  return {
    url,
    pid: child.pid!,
    dataDir,
    banner,
    logFile,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          logStream.end();
          resolve();
          return;
        }
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(force);
          logStream.end();
          resolve();
        });
        child.kill('SIGTERM');
      });
      return stopping;
    },
  };
}
