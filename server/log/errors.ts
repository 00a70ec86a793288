/**
 * Storage-level failures the HTTP layer turns into answers. The log knows nothing
 * of HTTP: it says "the shared log cannot be reached now, try again in N s"; the
 * routes make that a 503 with Retry-After.
 */
export class LogUnavailableError extends Error {
  constructor(
    message: string,
    /** When a retry has a fair chance (seconds). */
    readonly retryAfterSeconds = 2,
  ) {
    super(message);
    this.name = 'LogUnavailableError';
  }
}

/** Rejects with LogUnavailableError when `work` has not settled within `ms` (its result is then ignored). */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new LogUnavailableError(`${what} did not complete within ${ms} ms: the shared log is unreachable`)), ms);
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
