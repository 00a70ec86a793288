/**
 * Reconnect delays: exponential with full jitter (a uniformly random delay between
 * 0 and min(cap, base·2^attempt)), so a fleet of desks that lost the gateway at the
 * same moment does not come back at the same moment.
 */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** Injected for tests; defaults to Math.random. */
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly random: () => number;

  constructor(private readonly options: BackoffOptions) {
    this.random = options.random ?? Math.random;
  }

  /** Delay before the next attempt; each call counts one more failure. */
  next(): number {
    const ceiling = Math.min(this.options.capMs, this.options.baseMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.floor(this.random() * ceiling);
  }

  get attempts(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
  }
}
