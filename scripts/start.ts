/**
 * `npm start`: runs the desk.
 *
 *   npm start                       embedded demo gateway + Electron (or the browser host)
 *   npm start -- --server URL       an existing gateway instead
 *   npm start -- --browser          the browser host even if Electron is installed
 *   npm start -- --no-open          print the URL, do not open a browser
 *   npm start -- --data-dir DIR --port N --view board
 *
 * Whichever host runs, the line to act on is printed on its own. Ctrl-C stops
 * everything: host, desk core (flushing SQLite), and the demo gateway.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LAUNCH_USAGE, LaunchError, launchOptionsToArgs, parseLaunchArgs, resolveLaunchOptions } from '../main/config/launch-options.ts';
import { createDefaultLogger } from '../main/core/desk-core.ts';
import { loadPolicy, PolicyError, policyValues } from '../main/config/policy.ts';
import { runBrowserDesk, type BrowserDesk } from '../main/browser-host/run-browser-desk.ts';
import { bundleBrowserBridge, bundleDeskWorker, bundleElectronMain, bundleElectronPreload, ensureRendererBuilt } from './bundles.ts';
import { displayProblem, findElectronBinary } from './electron-binary.ts';
import { startEmbeddedGateway, type EmbeddedGateway } from './embedded-gateway.ts';
import { RENDERER_DIST, ROOT } from './project.ts';
import { DEMO_USERS } from '../server/demo/seed.ts';

const cleanups: Array<() => Promise<void>> = [];
let shuttingDown = false;

async function shutdown(code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    // Reverse order: host and core first, the gateway they talk to last.
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: Error) => console.error(`while stopping: ${err.message}`));
    }
    console.log('Frontdesk stopped.');
  }
  process.exit(code);
}

function onSignals(handler: () => void): void {
  // A terminal's Ctrl-C reaches us twice (from the process group and relayed by the
  // tsx wrapper); only a repeat after a moment means "stop waiting, exit now".
  let firstAt = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      const now = Date.now();
      if (firstAt === 0) {
        firstAt = now;
        console.log('Stopping Frontdesk…');
        handler();
      } else if (now - firstAt > 1000) {
        console.error('Forced exit.');
        process.exit(130);
      }
    });
  }
}

/**
 * Stops everything when the process that launched us dies without passing a signal on
 * (e.g. `npm start`'s tsx wrapper killed with SIGKILL): nobody would be left to press
 * Ctrl-C, and the host and gateway would run on unseen. The orphan is re-parented, so
 * its parent pid changes. (The demo gateway also exits by itself when we die: see
 * scripts/embedded-gateway.ts.)
 */
function stopWhenOrphaned(): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    console.log('The process that started Frontdesk went away; stopping…');
    void shutdown(0);
  }, 1000);
  timer.unref();
}

/** Opens the URL in the user's browser; failures only print (the URL is on screen anyway). */
function openInBrowser(url: string): void {
  const candidates: Array<[string, string[]]> =
    process.platform === 'darwin'
      ? [['open', [url]]]
      : process.platform === 'win32'
        ? [['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]]
        : [
            ['xdg-open', [url]],
            ['chromium', [url]],
            ['google-chrome', [url]],
          ];
  const tryNext = (i: number): void => {
    const entry = candidates[i];
    if (!entry) {
      console.log('Could not open a browser automatically; open the URL above yourself.');
      return;
    }
    const child = spawn(entry[0], entry[1], { stdio: 'ignore', detached: true });
    child.once('error', () => tryNext(i + 1));
    child.once('spawn', () => child.unref());
  };
  tryNext(0);
}

/** A path as the user can use it: relative when inside the checkout (short), absolute otherwise. */
function displayPath(p: string): string {
  const abs = path.resolve(p);
  const rel = path.relative(ROOT, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

async function main(): Promise<void> {
  let options;
  try {
    const flags = parseLaunchArgs(process.argv.slice(2));
    if (flags.help) {
      console.log(LAUNCH_USAGE);
      return;
    }
    const policy = loadPolicy();
    options = resolveLaunchOptions(flags, policy);
    if (policy.source) console.log(`Policy: ${policy.source}`);
  } catch (err) {
    if (err instanceof LaunchError || err instanceof PolicyError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  onSignals(() => void shutdown(0));
  stopWhenOrphaned();
  // A terminal or pipe that went away with our parent must not turn a log line into a crash mid-shutdown.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

  let serverUrl = options.serverUrl;
  if (!serverUrl) {
    // FRONTDESK_DEMO_GATEWAY_DIR lets tests keep the demo gateway's data out of the checkout.
    const gatewayDir = path.resolve(process.env.FRONTDESK_DEMO_GATEWAY_DIR || path.join(ROOT, '.data', 'gateway'));
    console.log(`Starting the embedded demo gateway (data in ${displayPath(gatewayDir)})…`);
    const gateway: EmbeddedGateway = await startEmbeddedGateway(ROOT, gatewayDir);
    cleanups.push(() => gateway.stop());
    serverUrl = gateway.url;
    console.log(`Demo gateway: ${gateway.url} (pid ${gateway.pid}, log: ${displayPath(gateway.logFile)})`);
    for (const line of gateway.banner) console.log(`  ${line}`);
    console.log('Demo logins:');
    for (const u of DEMO_USERS) console.log(`  ${u.email}  password: ${u.password}  (${u.name}, ${u.role})`);
  } else {
    console.log(`Gateway: ${serverUrl} (${options.serverSource === 'policy' ? 'from policy' : '--server'})`);
  }
  console.log(`Desk data: ${displayPath(options.dataDir)}`);

  const electron = findElectronBinary(ROOT);
  const noDisplay = electron.ok ? displayProblem() : null;
  if (!options.forceBrowser && electron.ok && !noDisplay) {
    console.log('Building the Electron app…');
    await ensureRendererBuilt();
    await Promise.all([bundleElectronMain(), bundleElectronPreload()]);
    const args = [ROOT, ...launchOptionsToArgs({ serverUrl, dataDir: options.dataDir, view: options.view })];
    // Chromium refuses to start as root with its OS sandbox (containers, CI); say so rather than fail.
    if (process.platform === 'linux' && process.getuid?.() === 0) {
      console.warn('WARNING: running as root: starting Electron with --no-sandbox (the OS-level renderer sandbox is off).');
      args.push('--no-sandbox');
    }
    const child = spawn(electron.path, args, { cwd: ROOT, stdio: 'inherit' });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    );
    console.log('Open Frontdesk: the Electron window (no URL needed)');
    child.once('exit', (code) => void shutdown(code ?? 0));
    return;
  }

  if (!electron.ok) console.log(`Electron binary not found (${electron.reason}); starting the browser host instead.`);
  else if (noDisplay) console.log(`Electron cannot open a window (${noDisplay}); starting the browser host instead.`);
  else console.log('Starting the browser host (--browser).');

  await ensureRendererBuilt();
  const [bridgeScript, workerScript] = await Promise.all([bundleBrowserBridge(), bundleDeskWorker()]);
  // The terminal gets human lines; the desk's JSON log goes to its data dir (like the gateway's).
  const logFile = path.join(options.dataDir, 'desk.log');
  const log = createDefaultLogger(options.logLevel, logFile);
  console.log(`Desk log: ${displayPath(logFile)}`);
  let desk: BrowserDesk;
  try {
    desk = await runBrowserDesk({
      serverUrl,
      dataDir: options.dataDir,
      rendererDir: RENDERER_DIST,
      bridgeScript,
      workerScript,
      version: packageVersion(),
      port: options.port,
      log,
      policy: { source: options.policySource, values: policyValues(options.policy) },
      ...(options.serverUrl === null ? { demoLogins: DEMO_USERS.map((u) => ({ email: u.email, password: u.password, name: u.name })) } : {}),
    });
  } catch (err) {
    console.error(`The browser host could not start: ${(err as Error).message}`);
    return shutdown(1);
  }
  cleanups.push(async () => {
    await desk.stop();
    log.flush();
  });

  const url = options.view ? `${desk.host.url}&view=${options.view}` : desk.host.url;
  console.log('');
  console.log(`Open Frontdesk: ${url}`);
  console.log('');
  console.log('The link carries a secret made for this launch (valid until Frontdesk stops); keep it to yourself. Ctrl-C stops Frontdesk.');
  if (options.open) openInBrowser(url);
}

if (!existsSync(path.join(ROOT, 'node_modules'))) {
  console.error('node_modules is missing: run `npm install` first.');
  process.exit(1);
}
main().catch((err: Error) => {
  console.error(`npm start failed: ${err.stack ?? err.message}`);
  void shutdown(1);
});
