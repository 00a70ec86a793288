/**
 * Token vault for hosts without an OS keychain (the headless sync CLI, the browser
 * host under plain Node): a JSON file readable only by its owner (0600).
 *
 * It is NOT encrypted. Electron uses its safeStorage vault instead; this one exists
 * so a desk without Electron still survives restarts, and says loudly what it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { StoredSession, TokenVault } from './host-contract.ts';
import { ensurePrivateDir } from './store/private-files.ts';

export const SESSION_FILE_NAME = 'session.json';

const StoredSessionSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  accessExpiresAt: z.number(),
  user: z.object({ id: z.string(), orgId: z.string(), role: z.string(), name: z.string() }),
  email: z.string(),
});

export interface FileTokenVaultOptions {
  /** Where the warning goes; defaults to stderr. */
  warn?: (message: string) => void;
}

export function createFileTokenVault(dataDir: string, options: FileTokenVaultOptions = {}): TokenVault {
  const file = path.join(dataDir, SESSION_FILE_NAME);
  const warn = options.warn ?? ((m: string) => process.stderr.write(`${m}\n`));
  let warned = false;
  const warnOnce = () => {
    if (warned) return;
    warned = true;
    warn(
      `WARNING: session tokens are stored UNENCRYPTED in ${file} (owner-only 0600 file). ` +
        'Use the Electron app for OS-encrypted storage, or protect this directory.',
    );
  };

  return {
    description: `plain file ${file} (UNENCRYPTED, 0600)`,
    load(): StoredSession | null {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
      warnOnce();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        warn(`WARNING: ${file} is not valid JSON; ignoring it (you will need to log in again).`);
        return null;
      }
      const parsed = StoredSessionSchema.safeParse(json);
      if (!parsed.success) {
        warn(`WARNING: ${file} does not hold a session; ignoring it (you will need to log in again).`);
        return null;
      }
      return parsed.data;
    },
    save(session: StoredSession): void {
      warnOnce();
      ensurePrivateDir(dataDir);
      // Write-then-rename so a crash never leaves half a file; mode 0600 from creation.
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(session), { mode: 0o600 });
      fs.chmodSync(tmp, 0o600);
      fs.renameSync(tmp, file);
    },
    clear(): void {
      fs.rmSync(file, { force: true });
    },
  };
}
