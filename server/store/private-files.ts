/**
 * The gateway's data directory holds the user table, refresh tokens and the
 * signing secret: on POSIX it is 0700 and its files 0600, whatever the umask.
 * SQLite creates the -wal and -shm files with the database file's mode, so
 * creating the database 0600 (and fixing an older 0644 one) covers them; they
 * are fixed here as well when they already exist. Windows has no mode bits:
 * the directory inherits its parent's ACL (ProgramData or the service
 * profile), see docs/deployment.md.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

const POSIX = process.platform !== 'win32';

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (POSIX) chmodSync(dir, 0o700);
}

/** Creates `file` empty with mode 0600 if missing, and makes it (and its SQLite companions) 0600. */
export function ensurePrivateDatabaseFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  if (!POSIX) return;
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(f)) chmodSync(f, 0o600);
  }
}
