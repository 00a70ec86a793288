/**
 * A bounded memory of recently ingested event ids: the fast dedup check before the
 * store's UNIQUE constraint. Least-recently-seen ids fall out, so memory stays flat
 * however long the desk runs.
 */
import { LRUCache } from 'lru-cache';

export class RecentIds {
  private readonly cache: LRUCache<string, true>;

  constructor(readonly capacity: number) {
    this.cache = new LRUCache<string, true>({ max: capacity });
  }

  has(id: string): boolean {
    return this.cache.has(id);
  }

  add(id: string): void {
    this.cache.set(id, true);
  }

  delete(id: string): void {
    this.cache.delete(id);
  }

  clear(): void {
    this.cache.clear();
  }

  get size(): number {
    return this.cache.size;
  }
}
