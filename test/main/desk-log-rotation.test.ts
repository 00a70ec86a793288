/**
 * desk.log rotates by size: through the desk's own logger (pino), writing well
 * past the limit leaves desk.log under it, at most `keep` rotated files, every
 * line whole JSON, the newest line in desk.log, and every file 0600.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDefaultLogger } from '../../main/core/desk-core.ts';
import { tempDirPerTest } from './support/temp-dir.ts';

const tempDir = tempDirPerTest('frontdesk-log-');

describe('desk.log', () => {
  it('rotates by size, keeps a bounded number of files, and loses no line at a boundary', () => {
    const dir = path.join(tempDir(), 'data');
    const file = path.join(dir, 'desk.log');
    const log = createDefaultLogger('info', file, { maxBytes: 20_000, keep: 2 });
    const lines = 2000;
    for (let i = 0; i < lines; i++) log.info({ i, filler: 'x'.repeat(40) }, 'line');

    const names = fs.readdirSync(dir).sort();
    expect(names).toEqual(['desk.log', 'desk.log.1', 'desk.log.2']);
    for (const n of names) {
      expect(fs.statSync(path.join(dir, n)).size, n).toBeLessThanOrEqual(20_000);
      if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, n)).mode & 0o777, n).toBe(0o600);
    }
    // Oldest to newest, the kept lines are consecutive, whole JSON, and end with the last one written.
    const kept = ['desk.log.2', 'desk.log.1', 'desk.log']
      .flatMap((n) => fs.readFileSync(path.join(dir, n), 'utf8').split('\n').filter(Boolean))
      .map((l) => (JSON.parse(l) as { i: number }).i);
    expect(kept.at(-1)).toBe(lines - 1);
    for (let k = 1; k < kept.length; k++) expect(kept[k]).toBe(kept[k - 1] + 1);
    expect(kept.length).toBeLessThan(lines);
  });
});
