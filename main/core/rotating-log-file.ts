/**
 * desk.log, rotated by size: when a line would take the file past `maxBytes` it
 * becomes desk.log.1 (desk.log.1 becomes .2 …, the oldest beyond `keep` is
 * deleted) and a new desk.log starts. A reception PC runs for months; without
 * this the log grows until the disk is full. Writes are synchronous appends —
 * the desk logs state changes, not per-event traffic — so a crash loses no line
 * and rotation needs no coordination. Files are 0600 (the log names guests'
 * reservations and the operator).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from './store/private-files.ts';

export interface RotatingLogOptions {
  /** Default 5 MiB. */
  maxBytes?: number;
  /** Rotated files kept (desk.log.1 … .N). Default 3. */
  keep?: number;
}

export const DEFAULT_LOG_MAX_BYTES = 5 * 1024 * 1024;

export class RotatingLogFile {
  private fd: number;
  private size: number;
  readonly maxBytes: number;
  readonly keep: number;

  constructor(
    readonly file: string,
    o: RotatingLogOptions = {},
  ) {
    this.maxBytes = o.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
    this.keep = Math.max(1, o.keep ?? 3);
    ensurePrivateDir(path.dirname(file));
    this.fd = this.open();
    this.size = fs.fstatSync(this.fd).size;
  }

  private open(): number {
    const fd = fs.openSync(this.file, 'a', 0o600);
    if (process.platform !== 'win32') fs.fchmodSync(fd, 0o600);
    return fd;
  }

  /** pino's destination interface. */
  write(chunk: string): boolean {
    const bytes = Buffer.byteLength(chunk);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    fs.writeSync(this.fd, chunk);
    this.size += bytes;
    return true;
  }

  private rotate(): void {
    fs.closeSync(this.fd);
    fs.rmSync(`${this.file}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      if (fs.existsSync(`${this.file}.${i}`)) fs.renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
    }
    fs.renameSync(this.file, `${this.file}.1`);
    this.fd = this.open();
    this.size = 0;
  }

  /** Synchronous writes leave nothing to flush; kept for pino's interface. */
  flushSync(): void {}

  end(): void {
    fs.closeSync(this.fd);
  }
}
