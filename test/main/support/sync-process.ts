/** The headless sync CLI as a real child process (so it can be kill -9ed), and the doctor CLI. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from '../../helpers/gateway-process.ts';

export interface SyncProcess {
  child: ChildProcess;
  /** Parsed stderr JSON lines so far. */
  lines: Record<string, unknown>[];
  waitForLine(pred: (l: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  kill9(): Promise<void>;
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

export function startSync(args: { server: string; dataDir: string; email?: string; password?: string; extra?: string[] }): SyncProcess {
  const argv = ['--import', 'tsx', 'main/cli/sync.ts', '--server', args.server, '--data-dir', args.dataDir];
  // The password goes through the environment: the CLI refuses it on the command line.
  if (args.email) argv.push('--email', args.email);
  argv.push(...(args.extra ?? []));
  const env = { ...process.env, FRONTDESK_LOG_LEVEL: 'info', FRONTDESK_PASSWORD: args.email ? (args.password ?? '') : undefined };
  const child = spawn(process.execPath, argv, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
  const lines: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let buf = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ text: line });
      }
    }
    for (const w of waiters) w();
  });
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    waitForLine(pred, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = lines.find(pred);
          if (hit) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `sync process: no matching log line within ${timeoutMs} ms; last lines:\n${lines
                .slice(-10)
                .map((l) => JSON.stringify(l))
                .join('\n')}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
        void exited.then(() => setTimeout(check, 0));
      });
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export function doctor(dataDir: string, ...flags: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/doctor.ts', '--data-dir', dataDir, ...flags], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function enqueue(dataDir: string, command: unknown): { key: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/sync.ts', '--data-dir', dataDir, '--enqueue', JSON.stringify(command)], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`enqueue failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as { key: string };
}
