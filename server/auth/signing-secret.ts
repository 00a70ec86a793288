/**
 * The key that signs access tokens. Whoever reads it can mint tokens the
 * gateway accepts, so it never lives in the database (which backups, support
 * bundles and `sqlite3` sessions copy around): it comes from
 * FRONTDESK_JWT_SECRET, or from its own file `jwt-secret` (mode 0600) in the
 * data directory, generated on first start. A secret found in the database by
 * an older gateway is moved to that file and deleted from the database.
 * Shorter than 32 bytes is refused: HS256 with a short key can be brute-forced
 * offline from one token.
 */
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthStore } from '../store/auth-store.ts';
import { generateSecret } from './tokens.ts';

export const MIN_SECRET_BYTES = 32;
export const SECRET_FILE = 'jwt-secret';
const LEGACY_META_KEY = 'jwt_secret';

export function checkSecret(secret: string, from: string): string {
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes < MIN_SECRET_BYTES) {
    throw new Error(`the token signing secret from ${from} is ${bytes} bytes; it must be at least ${MIN_SECRET_BYTES} (e.g. \`openssl rand -base64 48\`)`);
  }
  return secret;
}

/** Reads (or creates) `DIR/jwt-secret`, moving a legacy secret out of the database first. */
export function fileSecret(dataDir: string, authStore: AuthStore): string {
  const file = join(dataDir, SECRET_FILE);
  if (!existsSync(file)) {
    const legacy = authStore.meta(LEGACY_META_KEY);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${legacy ?? generateSecret()}\n`, { mode: 0o600 });
    renameSync(tmp, file);
    if (legacy !== undefined) authStore.deleteMeta(LEGACY_META_KEY);
  }
  if (process.platform !== 'win32') chmodSync(file, 0o600);
  return checkSecret(readFileSync(file, 'utf8').trim(), file);
}
