/**
 * Launch options: command-line flags merged with the central policy.
 *
 * Precedence, highest first (docs/deployment.md repeats this for IT):
 *   1. A policy value that is LOCKED (allowServerOverride / allowDataDirOverride false):
 *      a conflicting flag is refused with an error, never silently ignored.
 *   2. The command-line flag (--server, --data-dir, …).
 *   3. The policy value (serverUrl, dataDir) as a default.
 *   4. Built-in defaults: the embedded demo gateway (npm start only) with ./.data/desk,
 *      otherwise the per-user app data directory.
 */
import { parseGatewayList } from '../../shared/gateway-list.ts';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ViewSchema, type ViewName } from '../../shared/ipc.ts';
import type { LoadedPolicy, Policy } from './policy.ts';
import { insecureTransportProblem } from './transport.ts';

export interface LaunchFlags {
  server: string | null;
  browser: boolean;
  open: boolean;
  dataDir: string | null;
  port: number | null;
  view: ViewName | null;
  help: boolean;
}

export class LaunchError extends Error {
  override readonly name = 'LaunchError';
}

export const LAUNCH_USAGE = `Usage: npm start -- [options]
  --server URL      use an existing gateway instead of the embedded demo one
                    (several nodes of one cluster: URL1,URL2 — the desk moves on when one dies)
  --browser         use the browser host even if Electron is installed
  --no-open         do not open a browser; just print the URL
  --data-dir DIR    where the desk keeps its store and session
                    (default: ./.data/desk with the demo gateway, else the per-user app data dir)
  --port N          browser host port on 127.0.0.1 (default: random)
  --view NAME       open this view (${ViewSchema.options.join(', ')})
  --help            show this help
Central policy: $FRONTDESK_POLICY_FILE or the system policy file (see docs/deployment.md).`;

/**
 * Parses flags. `strict` rejects unknown flags (npm start); the Electron host passes
 * false because Chromium adds switches of its own to argv.
 */
export function parseLaunchArgs(args: readonly string[], strict = true): LaunchFlags {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict,
      allowPositionals: !strict,
      options: {
        server: { type: 'string' },
        browser: { type: 'boolean' },
        'no-open': { type: 'boolean' },
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        view: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new LaunchError(`${(err as Error).message}\n${LAUNCH_USAGE}`);
  }
  const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

  const server = str(values.server);
  if (server !== null) {
    try {
      parseGatewayList(server);
    } catch {
      throw new LaunchError(`--server must be an http(s):// or ws(s):// URL, got "${server}" (several nodes of one cluster: URL1,URL2)`);
    }
  }
  let port: number | null = null;
  const rawPort = str(values.port);
  if (rawPort !== null) {
    port = Number(rawPort);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new LaunchError(`--port must be an integer 0-65535, got "${rawPort}"`);
  }
  let view: ViewName | null = null;
  const rawView = str(values.view);
  if (rawView !== null) {
    const parsed = ViewSchema.safeParse(rawView);
    if (!parsed.success) throw new LaunchError(`--view must be one of ${ViewSchema.options.join(', ')}, got "${rawView}"`);
    view = parsed.data;
  }
  return {
    server,
    browser: values.browser === true,
    open: values['no-open'] !== true,
    dataDir: str(values['data-dir']),
    port,
    view,
    help: values.help === true,
  };
}

/** The per-user directory desktop apps keep data in, per OS. */
export function defaultUserDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  switch (platform) {
    case 'win32':
      return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), 'Frontdesk');
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', 'Frontdesk');
    default:
      return path.posix.join(env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.posix.join(home, '.config'), 'Frontdesk');
  }
}

export type ValueSource = 'cli' | 'policy' | 'default';

export interface LaunchOptions {
  /** null: no gateway configured; `npm start` then runs the embedded demo gateway. */
  serverUrl: string | null;
  serverSource: ValueSource;
  dataDir: string;
  dataDirSource: ValueSource;
  forceBrowser: boolean;
  open: boolean;
  port: number;
  view: ViewName | null;
  logLevel: Policy['logLevel'];
  allowPlaintextTokenStorage: boolean;
  allowBrowserHost: boolean;
  policySource: string | null;
  /** The whole policy in effect (defaults filled), for the About panel. */
  policy: Policy;
}

export interface ResolveContext {
  cwd?: string;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** Default data dir when no flag/policy sets one (Electron passes app.getPath('userData')). */
  userDataDir?: string;
}

/** Merges flags and policy (see the precedence at the top of this file). */
export function resolveLaunchOptions(flags: LaunchFlags, loaded: LoadedPolicy, ctx: ResolveContext = {}): LaunchOptions {
  const { policy, source } = loaded;
  const cwd = ctx.cwd ?? process.cwd();
  const where = source ?? 'the policy';

  let serverUrl: string | null;
  let serverSource: ValueSource;
  // Several nodes travel as one comma-separated value (shared/gateway-list.ts).
  const policyServer = policy.serverUrls ? policy.serverUrls.join(',') : policy.serverUrl;
  if (policyServer && !policy.allowServerOverride) {
    if (flags.server !== null && flags.server !== policyServer) {
      throw new LaunchError(`--server ${flags.server} is not allowed: ${where} locks the gateway to ${policyServer} (allowServerOverride: false)`);
    }
    serverUrl = policyServer;
    serverSource = 'policy';
  } else if (flags.server !== null) {
    serverUrl = flags.server;
    serverSource = 'cli';
  } else if (policyServer) {
    serverUrl = policyServer;
    serverSource = 'policy';
  } else {
    serverUrl = null;
    serverSource = 'default';
  }

  let dataDir: string;
  let dataDirSource: ValueSource;
  if (policy.dataDir && !policy.allowDataDirOverride) {
    if (flags.dataDir !== null && path.resolve(cwd, flags.dataDir) !== path.resolve(policy.dataDir)) {
      throw new LaunchError(`--data-dir ${flags.dataDir} is not allowed: ${where} locks the data directory to ${policy.dataDir} (allowDataDirOverride: false)`);
    }
    dataDir = policy.dataDir;
    dataDirSource = 'policy';
  } else if (flags.dataDir !== null) {
    dataDir = path.resolve(cwd, flags.dataDir);
    dataDirSource = 'cli';
  } else if (policy.dataDir) {
    dataDir = policy.dataDir;
    dataDirSource = 'policy';
  } else {
    // The demo keeps its desk next to the demo gateway's data, in the checkout.
    dataDir = serverUrl === null ? path.resolve(cwd, '.data', 'desk') : (ctx.userDataDir ?? defaultUserDataDir(ctx.platform, ctx.env, ctx.home));
    dataDirSource = 'default';
  }

  if (serverUrl !== null) {
    const problem = insecureTransportProblem(serverUrl, policy.allowInsecureTransport);
    if (problem) throw new LaunchError(problem);
  }

  if (flags.browser && !policy.allowBrowserHost) {
    throw new LaunchError(`--browser is not allowed: ${where} disables the browser host (allowBrowserHost: false)`);
  }

  return {
    serverUrl,
    serverSource,
    dataDir,
    dataDirSource,
    forceBrowser: flags.browser,
    open: flags.open,
    port: flags.port ?? 0,
    view: flags.view,
    logLevel: policy.logLevel,
    allowPlaintextTokenStorage: policy.allowPlaintextTokenStorage,
    allowBrowserHost: policy.allowBrowserHost,
    policySource: source,
    policy,
  };
}

/** Turns resolved options back into flags for a child process (start.ts → electron). */
export function launchOptionsToArgs(opts: Pick<LaunchOptions, 'serverUrl' | 'dataDir' | 'view'>): string[] {
  const args: string[] = [];
  if (opts.serverUrl) args.push('--server', opts.serverUrl);
  args.push('--data-dir', opts.dataDir);
  if (opts.view) args.push('--view', opts.view);
  return args;
}
