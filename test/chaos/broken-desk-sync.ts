/**
 * A deliberately broken desk build, for proving the chaos checker catches loss:
 * the headless sync CLI with ONE change — each ingested batch commits `lastSeq`
 * alone BEFORE the events it covers (the classic ordering bug), then pauses (a crash
 * window). A kill -9 in that window loses those events for good. The production
 * store has no switch for this; the bug lives only here.
 */
import type Database from 'better-sqlite3';
import { DeskStore } from '../../main/core/store/desk-store.ts';

const ingestBatch = DeskStore.prototype.ingestBatch;
DeskStore.prototype.ingestBatch = function (this: DeskStore, events, state, options) {
  if (events.length > 0) {
    const db = (this as unknown as { db: Database.Database }).db;
    const lastSeq = Math.max(events[events.length - 1].seq, options.throughSeq ?? 0);
    // The chain tip moves with it, so the hash chain cannot notice the hole on restart: a
    // loss only the chaos checker's comparison with the gateway's log can see.
    db.prepare('UPDATE cursor SET epoch = ?, last_seq = ?, synced_at = ?, last_hash = ? WHERE singleton = 1').run(
      options.epoch,
      lastSeq,
      new Date().toISOString(),
      options.lastHash ?? events[events.length - 1].hash ?? null,
    );
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150);
  }
  return ingestBatch.call(this, events, state, options);
};

await import('../../main/cli/sync.ts');
