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
    /** What kind of unavailable: the shared log unreachable, contention, state not rebuildable. */
    readonly code: 'log_unavailable' | 'contention' | 'state_unavailable' = 'log_unavailable',
  ) {
    super(message);
    this.name = 'LogUnavailableError';
  }
}

/** Errors that mean "Redis did not answer" rather than "Redis answered with an error". */
export function isUnreachable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'ReplyError') return false;
  return /timed out|writeable|Connection is closed|ECONNREFUSED|ECONNRESET|EPIPE|max retries|connect ETIMEDOUT|CLUSTERDOWN|TRYAGAIN/i.test(err.message);
}

/** Runs a storage call; "no answer" becomes LogUnavailableError (a 503), anything else passes through. */
export async function unavailableAs503<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUnreachable(err)) throw new LogUnavailableError(`${what}: the shared store does not answer (${(err as Error).message})`);
    throw err;
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
