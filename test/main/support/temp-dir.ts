import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** A fresh temp directory, removed by the returned cleanup. */
export function makeTempDir(prefix = 'frontdesk-desk-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * For test files whose tests each take fresh temp dirs: call once at the top of the
 * file; the returned function makes a dir, and every dir made is removed after each test.
 */
export function tempDirPerTest(prefix?: string): () => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return () => {
    const t = makeTempDir(prefix);
    cleanups.push(t.cleanup);
    return t.dir;
  };
}
