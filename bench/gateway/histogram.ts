/**
 * Latency histogram the client processes fill and the driver merges: 10 µs buckets
 * up to 100 ms, then 1 ms buckets up to 60 s (anything later lands in the last one).
 * Fixed memory whatever the number of deliveries (20,000 connections × thousands of
 * events would not fit in an array of samples sent over IPC), and exact to a bucket.
 */
const FINE_US = 10;
const FINE_BUCKETS = 10_000; // 0 .. 100 ms
const COARSE_US = 1_000;
const COARSE_BUCKETS = 59_900; // 100 ms .. 60 s
export const BUCKETS = FINE_BUCKETS + COARSE_BUCKETS;

export function bucketOf(ms: number): number {
  const us = ms * 1000;
  if (us < FINE_US * FINE_BUCKETS) return Math.max(0, Math.floor(us / FINE_US));
  return Math.min(BUCKETS - 1, FINE_BUCKETS + Math.floor((us - FINE_US * FINE_BUCKETS) / COARSE_US));
}

/** Upper edge of a bucket in ms (what a percentile reports: never flatters). */
export function bucketUpperMs(b: number): number {
  if (b < FINE_BUCKETS) return ((b + 1) * FINE_US) / 1000;
  return (FINE_US * FINE_BUCKETS + (b - FINE_BUCKETS + 1) * COARSE_US) / 1000;
}

export class Histogram {
  readonly counts = new Float64Array(BUCKETS);
  total = 0;
  max = 0;

  record(ms: number): void {
    this.counts[bucketOf(ms)]++;
    this.total++;
    if (ms > this.max) this.max = ms;
  }

  /** Sparse form for IPC: [bucket, count, bucket, count, …]. */
  toSparse(): { pairs: number[]; max: number } {
    const pairs: number[] = [];
    for (let b = 0; b < BUCKETS; b++) if (this.counts[b] > 0) pairs.push(b, this.counts[b]);
    return { pairs, max: this.max };
  }

  addSparse(s: { pairs: number[]; max: number }): void {
    for (let i = 0; i < s.pairs.length; i += 2) {
      this.counts[s.pairs[i]] += s.pairs[i + 1];
      this.total += s.pairs[i + 1];
    }
    if (s.max > this.max) this.max = s.max;
  }

  percentile(p: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.ceil((p / 100) * this.total);
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.counts[b];
      if (seen >= rank) return Math.min(bucketUpperMs(b), this.max);
    }
    return this.max;
  }

  clear(): void {
    this.counts.fill(0);
    this.total = 0;
    this.max = 0;
  }
}
