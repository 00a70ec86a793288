/**
 * The harness's only source of randomness: a seeded generator (pure-rand's
 * xoroshiro128+), so a seed always yields the same fault schedule, the same
 * targets and the same workload. Timing of the system under test still varies;
 * what the harness decides does not.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

export class Prng {
  private readonly rng: JumpableRandomGenerator;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed | 0);
  }

  /** Integer in [from, to], both included. */
  int(from: number, to: number): number {
    return uniformInt(this.rng, from, to);
  }

  /** Float in [0, 1). */
  float(): number {
    return uniformFloat64(this.rng);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(0, items.length - 1)];
  }

  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.float() * total;
    for (const [item, w] of entries) {
      x -= w;
      if (x < 0) return item;
    }
    return entries[entries.length - 1][0];
  }

  /** An independent stream derived from this one (so adding draws in one place does not shift another). */
  fork(): Prng {
    return new Prng(this.int(-0x80000000, 0x7fffffff));
  }
}
