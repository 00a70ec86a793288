/**
 * Policy set through the OS's management channels, which the Group Policy and
 * MDM templates (policy-templates.ts) write to:
 *   Windows  HKLM\Software\Policies\Frontdesk  (values named like the policy keys;
 *            REG_DWORD 0/1 for on/off, REG_SZ for text)
 *   macOS    /Library/Managed Preferences/com.frontdesk.desk.plist (a configuration profile)
 * Values found there win over the policy file. Read with the OS's own tools
 * (`reg query`, `plutil`), so no native module is needed; on other systems, and
 * where nothing is configured, the result is empty.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const WINDOWS_POLICY_KEY = 'HKLM\\Software\\Policies\\Frontdesk';
export const MAC_MANAGED_PLIST = '/Library/Managed Preferences/com.frontdesk.desk.plist';

export interface ManagedPolicy {
  values: Record<string, unknown>;
  /** Where they came from, for messages and the About panel; null when nothing is set. */
  source: string | null;
}

/** Parses `reg query KEY` output: `    name    REG_SZ    text` / `    name    REG_DWORD    0x1`. */
export function parseRegQuery(output: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const line of output.split(/\r?\n/)) {
    const m = /^\s{2,}(\S+)\s+(REG_SZ|REG_EXPAND_SZ|REG_DWORD)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, name, type, raw] = m;
    if (type === 'REG_DWORD') {
      const n = Number.parseInt(raw!.trim(), 16);
      values[name!] = n === 0 ? false : n === 1 ? true : n;
    } else values[name!] = raw!.trim();
  }
  return values;
}

export function readManagedPolicy(platform: NodeJS.Platform = process.platform): ManagedPolicy {
  try {
    if (platform === 'win32') {
      const out = execFileSync('reg', ['query', WINDOWS_POLICY_KEY], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
      const values = parseRegQuery(out);
      return { values, source: Object.keys(values).length > 0 ? `registry ${WINDOWS_POLICY_KEY}` : null };
    }
    if (platform === 'darwin' && existsSync(MAC_MANAGED_PLIST)) {
      const out = execFileSync('plutil', ['-convert', 'json', '-o', '-', MAC_MANAGED_PLIST], { encoding: 'utf8', timeout: 5000 });
      const parsed = JSON.parse(out) as Record<string, unknown>;
      // Profiles add their own bookkeeping keys; only policy keys are kept (the schema rejects others).
      const values = Object.fromEntries(Object.entries(parsed).filter(([k]) => !k.startsWith('Payload') && k !== 'PayloadContent'));
      return { values, source: Object.keys(values).length > 0 ? MAC_MANAGED_PLIST : null };
    }
  } catch {
    // `reg query` exits 1 when the key does not exist: nothing is managed.
  }
  return { values: {}, source: null };
}
