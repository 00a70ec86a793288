/**
 * A bounded memory of recently ingested event ids: the fast dedup check before the
 * store's UNIQUE constraint. The oldest ids fall out, so memory stays flat however
 * long the desk runs.
 *
 * A ring of ids plus a map id → slot rather than an LRU cache: an id is added once and
 * a lookup does not refresh it, so "least recently used" is "least recently added",
 * and this costs no per-entry list node at 50k+ ids per second.
 */
export class RecentIds {
  private readonly ring: (string | undefined)[];
  private readonly slots = new Map<string, number>();
  /** Next slot to write (the oldest entry once the ring is full). */
  private next = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`capacity must be a positive integer, got ${capacity}`);
    this.ring = new Array<string | undefined>(capacity).fill(undefined);
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  add(id: string): void {
    if (this.slots.has(id)) return;
    const slot = this.next;
    const old = this.ring[slot];
    if (old !== undefined) this.slots.delete(old);
    this.ring[slot] = id;
    this.slots.set(id, slot);
    this.next = slot + 1 === this.capacity ? 0 : slot + 1;
  }

  delete(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    this.ring[slot] = undefined;
    this.slots.delete(id);
  }

  clear(): void {
    this.slots.clear();
    this.ring.fill(undefined);
    this.next = 0;
  }

  get size(): number {
    return this.slots.size;
  }
}
