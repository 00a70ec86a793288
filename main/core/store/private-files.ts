/**
 * Guest names, balances and the stored session live in the desk's data
 * directory: on POSIX it is 0700 and its files 0600, whatever the umask. SQLite
 * creates -wal and -shm with the database file's mode, so creating the database
 * 0600 (and fixing an older 0644 one, with its companions) covers them. Windows
 * has no mode bits: the directory is under the user's profile (%APPDATA%), which
 * only that user and administrators can read — see SECURITY.md.
 */
import fs from 'node:fs';

const POSIX = process.platform !== 'win32';

export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (POSIX) fs.chmodSync(dir, 0o700);
}

/** Creates `file` empty with mode 0600 if missing (SQLite accepts an empty file), and makes it and its companions 0600. */
export function ensurePrivateFile(file: string, companions: readonly string[] = ['-wal', '-shm', '-journal']): void {
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
  if (!POSIX) return;
  for (const f of [file, ...companions.map((c) => file + c)]) {
    if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
  }
}
