/**
 * The demo gateway `npm start` runs when no --server is given: the real gateway
 * (server/cli.ts) as a child process on a free loopback port, with its data in
 * .data/gateway. Stopped with the launcher.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface EmbeddedGateway {
  url: string;
  /** Human lines the gateway printed before it was ready (e.g. the demo logins). */
  banner: string[];
  logFile: string;
  stop(): Promise<void>;
}

const LISTENING = /gateway listening on (\S+)/;
const READY_TIMEOUT_MS = 60_000;

export async function startEmbeddedGateway(root: string, dataDir = path.join(root, '.data', 'gateway')): Promise<EmbeddedGateway> {
  mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(path.dirname(dataDir), 'gateway.log');
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'cli.ts'), '--port', '0', '--data-dir', dataDir, '--demo'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  child.stderr?.pipe(logStream, { end: false });

  const banner: string[] = [];
  const recent: string[] = [];
  let ready = false;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the demo gateway did not report "gateway listening on" within ${READY_TIMEOUT_MS / 1000}s`)), READY_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout! });
    function fail(err: Error): void {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n(see ${logFile})\n${recent.slice(-20).join('\n')}`));
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
