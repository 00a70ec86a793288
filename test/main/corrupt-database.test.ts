import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { emptyState } from '../../shared/projection.ts';
import { databasePath, DeskStore } from '../../main/core/store/desk-store.ts';
import { tempDirPerTest } from './support/temp-dir.ts';
import { roomCreated } from './support/events.ts';

const tempDir = tempDirPerTest();

function corruptFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith('desk.sqlite.corrupt-'));
}

describe('a damaged desk database', () => {
  it('that is not a database at all is moved aside (kept) and a new one is created', () => {
    const dir = tempDir();
    fs.writeFileSync(databasePath(dir), 'this is certainly not an SQLite file, just some text\n'.repeat(200));
    const messages: string[] = [];
    const store = DeskStore.open({ dataDir: dir, onCorrupt: (m) => messages.push(m) });
    expect(store.movedAsideTo).not.toBeNull();
    expect(corruptFiles(dir)).toHaveLength(1);
    expect(fs.readFileSync(store.movedAsideTo!, 'utf8')).toContain('certainly not an SQLite file');
    expect(messages[0]).toMatch(/damaged.*moved aside to .*desk\.sqlite\.corrupt-.*rebuilt from the server/);
    // Fresh and usable, and marked so the core reloads the snapshot.
    expect(store.getCursor()).toMatchObject({ epoch: null, lastSeq: 0 });
    expect(store.getMeta('rebuildFromSnapshot')).toBe('1');
    expect(store.integrityCheck()).toBe('ok');
    store.close();
  });

  it('whose pages are damaged fails the integrity check, is moved aside, and its unsent actions are rescued', () => {
    const dir = tempDir();
    const store = DeskStore.open({ dataDir: dir });
    store.setMeta('lastUser', JSON.stringify({ name: 'A', email: 'a@x', orgId: 'demo-hotel' }));
    store.insertOutbox({
      key: 'k-unsent',
      orgId: 'demo-hotel',
      command: { type: 'complete_task', taskId: 't1' },
      description: 'Complete task t1',
      operator: 'A',
      createdAt: new Date().toISOString(),
    });
    const state = emptyState();
    // Enough rows for several b-tree pages, so damaging one leaves the header readable.
    const events = Array.from({ length: 3000 }, (_, i) => roomCreated(i + 1));
    store.ingestBatch(events, state, { epoch: 'E1', pendingKeys: new Set(), confirmSent: false });
    store.close();
    // Fold the WAL into the main file, then scribble over a page in the middle.
    const raw = new Database(databasePath(dir));
    raw.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    const pages = raw.pragma('page_count', { simple: true }) as number;
    raw.close();
    const fd = fs.openSync(databasePath(dir), 'r+');
    const garbage = Buffer.alloc(pageSize, 0xa5);
    for (const p of [Math.floor(pages / 2), Math.floor(pages / 3)]) fs.writeSync(fd, garbage, 0, pageSize, p * pageSize);
    fs.closeSync(fd);

    const messages: string[] = [];
    const reopened = DeskStore.open({ dataDir: dir, check: 'full', onCorrupt: (m) => messages.push(m) });
    expect(messages).toHaveLength(1);
    expect(corruptFiles(dir).filter((f) => !f.endsWith('-wal') && !f.endsWith('-shm'))).toHaveLength(1);
    expect(reopened.countEvents()).toBe(0);
    expect(reopened.getMeta('rebuildFromSnapshot')).toBe('1');
    expect(reopened.salvagedOutboxItems).toBe(1);
    expect(reopened.getOutbox('k-unsent')?.state).toBe('queued');
    reopened.close();
  });
});
