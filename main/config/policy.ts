/**
 * Central policy: one JSON file IT deploys (GPO, MDM, config management) to set
 * and lock how every desk runs, without touching each desk.
 *
 * Location: $FRONTDESK_POLICY_FILE if set, else the per-OS system path below. A
 * missing file means "no policy". A file that exists but cannot be read, is not
 * JSON, or fails the schema stops the app with a message naming the file and the
 * key: a desk never starts on a half-read policy.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describeIssue } from '../../shared/zod-issue.ts';
import { readManagedPolicy } from './managed-policy.ts';

export const POLICY_ENV = 'FRONTDESK_POLICY_FILE';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const ServerUrl = z
  .string()
  .url()
  .refine((u) => /^(https?|wss?):\/\//i.test(u), 'must be an http(s):// or ws(s):// URL');

export const PolicySchema = z
  .object({
    /** Optional schema marker so IT can validate the file in an editor. */
    $schema: z.string().optional(),
    /** The gateway every desk uses. */
    serverUrl: ServerUrl.optional().describe(
      'Gateway URL every desk uses, e.g. https://gateway.hotel.example (https:// or wss:// unless allowInsecureTransport).',
    ),
    /** Or several nodes of one gateway cluster: the desk moves to the next when one dies (takes precedence over serverUrl). */
    // A list in the policy file; one comma-separated string from the registry (REG_SZ) or a profile.
    serverUrls: z
      .preprocess(
        (v) =>
          typeof v === 'string'
            ? v
                .split(',')
                .map((u) => u.trim())
                .filter(Boolean)
            : v,
        z.array(ServerUrl).min(1).max(16),
      )
      .optional()
      .describe(
        'Several nodes of one gateway cluster, tried in order (a list, or URLs separated by commas); the desk moves to the next when one dies (takes precedence over serverUrl).',
      ),
    /** false: `--server` is refused; the policy's serverUrl is the only one. */
    allowServerOverride: z
      .boolean()
      .default(true)
      .describe('Whether a desk may be started with another gateway (--server). Off: serverUrl is the only gateway.'),
    /** Where the desk keeps its store and session (absolute path). */
    dataDir: z
      .string()
      .min(1)
      .refine((p) => path.isAbsolute(p) || path.win32.isAbsolute(p), 'must be an absolute path')
      .optional()
      .describe('Absolute path where the desk keeps its store and session (default: the per-user application data folder).'),
    /** false: `--data-dir` is refused. */
    allowDataDirOverride: z.boolean().default(true).describe('Whether a desk may be started with another data directory (--data-dir).'),
    /**
     * Only for machines with no OS keychain (e.g. Linux without a secret service):
     * lets the Electron host keep tokens with safeStorage's 'basic_text' backend,
     * with a loud warning. Off by default: such desks refuse to store a session.
     */
    allowPlaintextTokenStorage: z
      .boolean()
      .default(false)
      .describe(
        'Only for machines without an OS keychain: let the desk keep its session in a file that is not encrypted. Off: such desks ask for a login at every start.',
      ),
    /** false: the desk refuses to run the browser host (Electron only). */
    allowBrowserHost: z.boolean().default(true).describe('Whether the desk may run in a web browser on this machine (--browser) instead of its own window.'),
    /** true: the desk may use http:// / ws:// to a gateway that is not on this machine (closed networks only). */
    allowInsecureTransport: z
      .boolean()
      .default(false)
      .describe('Allow http:// and ws:// to a gateway on another machine (closed networks only): passwords and guest data then cross the network unencrypted.'),
    logLevel: z.enum(LOG_LEVELS).default('info').describe('How much the desk writes to desk.log.'),
    /** The desk's language for every user (en, de); without it the user's choice, then the OS language. */
    language: z
      .enum(['en', 'de'])
      .optional()
      .describe('The desk’s language for every user (en or de). Without it each user chooses, and the operating system’s language is the default.'),
    /** Where Electron's crash reporter uploads dumps; without it dumps stay on the machine. */
    crashReportUrl: z
      .string()
      .url()
      .refine((u) => /^https:\/\//i.test(u), 'must be an https:// URL')
      .optional()
      .describe('https:// URL of a crash-report server (Crashpad/minidump upload). Without it crash dumps stay on the machine, in the data directory.'),
    /** Where the desk looks for updates (electron-updater generic feed); without it, it never updates itself. */
    updateUrl: z
      .string()
      .url()
      .refine((u) => /^https:\/\//i.test(u), 'must be an https:// URL')
      .optional()
      .describe(
        'https:// URL of an update feed (electron-builder "generic" provider: latest.yml etc.). Without it the desk never updates itself; MSI installs never do.',
      ),
  })
  .strict();

export type Policy = z.infer<typeof PolicySchema>;

export interface LoadedPolicy {
  policy: Policy;
  /** The file it came from, or null when there is none (all defaults). */
  source: string | null;
}

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`Invalid Frontdesk policy file ${file}: ${message}. Fix or remove it; the desk does not start on a half-read policy.`);
  }
}

/** The system-wide location IT deploys to, per OS. */
export function systemPolicyPath(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  switch (platform) {
    case 'win32':
      return path.win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'Frontdesk', 'policy.json');
    case 'darwin':
      return '/Library/Application Support/Frontdesk/policy.json';
    default:
      return '/etc/frontdesk/policy.json';
  }
}

export function policyPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const fromEnv = env[POLICY_ENV];
  return fromEnv && fromEnv.trim() !== '' ? fromEnv : systemPolicyPath(platform, env);
}

export const DEFAULT_POLICY: Policy = PolicySchema.parse({});

/** The policy as plain key → value pairs (no `$schema`), for display. */
export function policyValues(policy: Policy): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const [k, v] of Object.entries(policy)) if (k !== '$schema' && (typeof v === 'string' || typeof v === 'boolean')) out[k] = v;
  return out;
}

/** Parses policy text; throws PolicyError with the first problem. */
export function parsePolicy(text: string, file: string): Policy {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new PolicyError(file, `not valid JSON (${(err as Error).message})`);
  }
  const parsed = PolicySchema.safeParse(json);
  if (!parsed.success) {
    throw new PolicyError(file, describeIssue(parsed.error, { quotePath: true }));
  }
  return parsed.data;
}

/**
 * Loads the policy. With FRONTDESK_POLICY_FILE set, the file must exist (IT pointed
 * at it on purpose); the system path may be absent.
 */
export function loadPolicy(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): LoadedPolicy {
  const file = policyPath(env, platform);
  const explicit = Boolean(env[POLICY_ENV] && env[POLICY_ENV]?.trim() !== '');
  // Group Policy (registry) / MDM (managed preferences) values win over the file.
  const managed = readManagedPolicy(platform);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!explicit && (code === 'ENOENT' || code === 'ENOTDIR')) {
      if (!managed.source) return { policy: DEFAULT_POLICY, source: null };
      return { policy: parsePolicy(JSON.stringify(managed.values), managed.source), source: managed.source };
    }
    throw new PolicyError(file, `cannot be read (${code ?? (err as Error).message})`);
  }
  if (!managed.source) return { policy: parsePolicy(text, file), source: file };
  const fromFile = parsePolicy(text, file);
  const source = `${file} + ${managed.source}`;
  return { policy: parsePolicy(JSON.stringify({ ...fromFile, ...managed.values }), source), source };
}
