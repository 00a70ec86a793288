/**
 * Login throttling, per account (the email) and per client address.
 *
 * Each key may fail `freeFailures` times; from then on every failure locks the
 * key for a delay that doubles (base, 2×base, 4×base … up to maxDelay). While a
 * key is locked, login answers 429 with Retry-After WITHOUT checking the
 * password, so the right password during a lock-out waits like a wrong one
 * (otherwise the lock would only slow guessing, not stop it). A success resets
 * the account's count, not the address's: one desk logging in does not clear
 * an address that guessed at many accounts. Quiet keys are forgotten after
 * `forgetAfterMs`, and the table is bounded so a flood of addresses cannot grow it
 * without limit.
 *
 * The counts live in this process: with several gateway nodes behind a balancer
 * each node throttles on its own (see docs/protocol.md).
 */

export interface ThrottleRule {
  /** Failures allowed before the first lock. */
  freeFailures: number;
  /** First lock, then doubled per further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface LoginThrottleOptions {
  account: ThrottleRule;
  address: ThrottleRule;
  /** A key with no failure for this long starts over. */
  forgetAfterMs?: number;
  /** Most keys remembered per kind; the oldest are dropped beyond it. */
  maxKeys?: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  account: { freeFailures: 10, baseDelayMs: 1000, maxDelayMs: 15 * 60_000 },
  address: { freeFailures: 30, baseDelayMs: 1000, maxDelayMs: 15 * 60_000 },
  forgetAfterMs: 60 * 60_000,
  maxKeys: 100_000,
};

interface Entry {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

class Counter {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly rule: ThrottleRule,
    private readonly forgetAfterMs: number,
    private readonly maxKeys: number,
  ) {}

  private live(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e && now - e.lastFailure > this.forgetAfterMs && e.lockedUntil <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** Milliseconds until the key may try again (0 = now). */
  wait(key: string, now: number): number {
    const e = this.live(key, now);
    return e ? Math.max(0, e.lockedUntil - now) : 0;
  }

  fail(key: string, now: number): void {
    let e = this.live(key, now);
    if (!e) {
      if (this.entries.size >= this.maxKeys) {
        // Maps iterate in insertion order: drop the oldest key.
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
      e = { failures: 0, lockedUntil: 0, lastFailure: now };
      this.entries.set(key, e);
    }
    e.failures++;
    e.lastFailure = now;
    const over = e.failures - this.rule.freeFailures;
    if (over >= 0) {
      const delay = Math.min(this.rule.maxDelayMs, this.rule.baseDelayMs * 2 ** Math.min(over, 30));
      e.lockedUntil = now + delay;
    }
  }

  reset(key: string): void {
    this.entries.delete(key);
  }
}

export class LoginThrottle {
  private readonly accounts: Counter;
  private readonly addresses: Counter;

  constructor(
    o: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {
    const forget = o.forgetAfterMs ?? DEFAULT_LOGIN_THROTTLE.forgetAfterMs ?? 3_600_000;
    const max = o.maxKeys ?? DEFAULT_LOGIN_THROTTLE.maxKeys ?? 100_000;
    this.accounts = new Counter(o.account, forget, max);
    this.addresses = new Counter(o.address, forget, max);
  }

  /** Milliseconds this attempt must wait (0 = go ahead and check the password). */
  retryAfterMs(account: string, address: string): number {
    const now = this.now();
    return Math.max(this.accounts.wait(account, now), this.addresses.wait(address, now));
  }

  failed(account: string, address: string): void {
    const now = this.now();
    this.accounts.fail(account, now);
    this.addresses.fail(address, now);
  }

  succeeded(account: string): void {
    this.accounts.reset(account);
  }
}
