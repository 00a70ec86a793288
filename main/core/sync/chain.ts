/**
 * The desk's side of the log's hash chain (shared/chain.ts): the hash of one event,
 * and the check of a stored log (doctor) — every hash matches its event's content
 * and every event's prevHash is the hash of the event stored before it.
 */
import { hash } from 'node:crypto';
import { chainInput } from '../../../shared/chain.ts';
import type { ChainRow } from '../store/desk-store.ts';

export function eventHash(prevHash: string, seq: number, epoch: string, id: string, kind: string, dataJson: string): string {
  // One-shot hash: about 3x cheaper than createHash() for inputs this small (desk ingest runs it per event).
  return hash('sha256', chainInput(prevHash, seq, epoch, id, kind, dataJson), 'hex');
}

export type ChainVerdict = { chain: 'ok'; checked: number; unchained: number } | { chain: 'broken'; brokenSeq: number; reason: string; checked: number };

/**
 * Walks the stored events in seq order. Events without a hash (stored from a gateway
 * without the chain) are counted, not checked; the link to a predecessor is checked
 * only when that predecessor (seq - 1) is stored with a hash.
 */
export function verifyChain(rows: Iterable<ChainRow>): ChainVerdict {
  let checked = 0;
  let unchained = 0;
  let prev: { seq: number; hash: string | null } | null = null;
  for (const r of rows) {
    if (r.hash === null || r.prev_hash === null || r.epoch === null) {
      unchained++;
      prev = { seq: r.seq, hash: null };
      continue;
    }
    if (prev !== null && prev.seq === r.seq - 1 && prev.hash !== null && prev.hash !== r.prev_hash) {
      return { chain: 'broken', brokenSeq: r.seq, reason: `prevHash does not match the hash of event ${prev.seq}`, checked };
    }
    if (eventHash(r.prev_hash, r.seq, r.epoch, r.id, r.kind, r.data) !== r.hash) {
      return { chain: 'broken', brokenSeq: r.seq, reason: 'hash does not match the event content', checked };
    }
    checked++;
    prev = { seq: r.seq, hash: r.hash };
  }
  return { chain: 'ok', checked, unchained };
}
