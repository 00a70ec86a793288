/**
 * Session tokens at rest, encrypted with Electron's safeStorage (DPAPI on Windows,
 * Keychain on macOS, libsecret/kwallet on Linux) in a 0600 file in the desk's data
 * directory.
 *
 * On Linux without a keychain, safeStorage falls back to 'basic_text' — a fixed,
 * public key, i.e. plain text in disguise. We refuse it: the session then lives in
 * memory only (the desk works; the next launch asks for a login), with a loud message.
 * IT can allow it for keychain-less kiosks with the policy key allowPlaintextTokenStorage,
 * and the desk still says so loudly on every start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import type { StoredSession, TokenVault } from '../core/host-contract.ts';
import { ensurePrivateDir } from '../core/store/private-files.ts';

export const SAFE_SESSION_FILE = 'session.safe';

export interface VaultLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type VaultMode = { kind: 'encrypted'; backend: string } | { kind: 'plaintext-allowed'; backend: string } | { kind: 'memory-only'; reason: string };

/** Decides how tokens may rest on this machine. Call after app 'ready'. */
export function chooseVaultMode(allowPlaintext: boolean, platform: NodeJS.Platform = process.platform): VaultMode {
  if (!safeStorage.isEncryptionAvailable()) return { kind: 'memory-only', reason: 'OS encryption (safeStorage) is not available' };
  if (platform !== 'linux') return { kind: 'encrypted', backend: platform === 'darwin' ? 'keychain' : 'dpapi' };
  const backend = safeStorage.getSelectedStorageBackend();
  if (backend === 'basic_text' || backend === 'unknown') {
    return allowPlaintext ? { kind: 'plaintext-allowed', backend } : { kind: 'memory-only', reason: `no OS keychain (safeStorage backend "${backend}")` };
  }
  return { kind: 'encrypted', backend };
}

function looksLikeSession(v: unknown): v is StoredSession {
  const s = v as Partial<StoredSession> | null;
  return (
    !!s &&
    typeof s.accessToken === 'string' &&
    typeof s.refreshToken === 'string' &&
    typeof s.accessExpiresAt === 'number' &&
    typeof s.email === 'string' &&
    !!s.user &&
    typeof s.user.id === 'string' &&
    typeof s.user.orgId === 'string'
  );
}

export function createSafeStorageVault(dataDir: string, mode: VaultMode, log: VaultLog): TokenVault {
  const file = path.join(dataDir, SAFE_SESSION_FILE);

  if (mode.kind === 'memory-only') {
    const banner =
      `REFUSING TO STORE THE SESSION ON DISK: ${mode.reason}. The desk works, but you will have to log in again after every restart. ` +
      'Fix: install and unlock a keychain (gnome-keyring / KWallet), or IT may set "allowPlaintextTokenStorage": true in the policy file.';
    log.error({ vault: 'memory-only' }, banner);
    console.error(`\n*** FRONTDESK: ${banner} ***\n`);
    let held: StoredSession | null = null;
    return {
      description: `memory only (${mode.reason})`,
      load: () => held,
      save: (s) => {
        held = s;
      },
      clear: () => {
        held = null;
      },
    };
  }

  if (mode.kind === 'plaintext-allowed') {
    const banner = `SESSION TOKENS ARE STORED EFFECTIVELY UNENCRYPTED in ${file}: safeStorage backend "${mode.backend}" (no OS keychain), allowed by policy allowPlaintextTokenStorage.`;
    log.warn({ vault: 'basic_text' }, banner);
    console.error(`\n*** FRONTDESK WARNING: ${banner} ***\n`);
  }

  return {
    description: mode.kind === 'encrypted' ? `safeStorage (${mode.backend}) ${file}` : `safeStorage (${mode.backend}, UNENCRYPTED by policy) ${file}`,
    load() {
      let data: Buffer;
      try {
        data = fs.readFileSync(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
      try {
        const parsed: unknown = JSON.parse(safeStorage.decryptString(data));
        if (looksLikeSession(parsed)) return parsed;
        log.warn({ file }, 'stored session has an unexpected shape; ignoring it (log in again)');
      } catch (err) {
        // E.g. the keychain was reset or the file came from another user/machine.
        log.warn({ file, error: (err as Error).message }, 'stored session cannot be decrypted; ignoring it (log in again)');
      }
      return null;
    },
    save(session) {
      ensurePrivateDir(dataDir);
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, safeStorage.encryptString(JSON.stringify(session)), { mode: 0o600 });
      fs.renameSync(tmp, file);
    },
    clear() {
      fs.rmSync(file, { force: true });
    },
  };
}
