/**
 * Sends stored actions to the gateway, oldest first, one at a time (a later action
 * may depend on an earlier one). Each keeps its idempotency key on every retry, so
 * a request whose answer was lost is deduplicated by the gateway, never applied
 * twice. Network errors and 5xx retry with backoff; other 4xx are the gateway's
 * "no" and reject the item with its reason.
 */
import type { Logger } from 'pino';
import { Backoff } from '../net/backoff.ts';
import { GatewayHttpError, type GatewayClient } from '../net/gateway-client.ts';
import { NeedsLoginError, type SessionManager } from '../net/session-manager.ts';
import type { DeskStore } from '../store/desk-store.ts';

export interface OutboxSenderDeps {
  store: DeskStore;
  client: GatewayClient;
  session: SessionManager;
  log: Logger;
  retryBaseMs: number;
  retryCapMs: number;
  /** Only send while the gateway is known to be reachable. */
  canSend: () => boolean;
  /** An item changed state (push the outbox to windows). */
  onChanged: () => void;
}

export class OutboxSender {
  private running = false;
  private again = false;
  private stopped = false;
  private wake: (() => void) | null = null;
  private readonly backoff: Backoff;

  constructor(private readonly deps: OutboxSenderDeps) {
    this.backoff = new Backoff({ baseMs: deps.retryBaseMs, capMs: deps.retryCapMs });
  }

  /** Something changed (new item, back online): send what is queued. */
  kick(): void {
    if (this.stopped) return;
    if (this.wake) {
      // Waiting out a retry delay: go now.
      this.wake();
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      do {
        this.again = false;
        await this.drain();
      } while (this.again && !this.stopped);
    } finally {
      this.running = false;
    }
  }

  private async drain(): Promise<void> {
    let authRetries = 0;
    while (!this.stopped && this.deps.canSend()) {
      const user = this.deps.session.user;
      if (!user) return;
      const item = this.deps.store.nextQueued(user.orgId);
      if (!item) return;
      let token: string;
      try {
        token = await this.deps.session.accessToken();
      } catch (err) {
        if (err instanceof NeedsLoginError) return;
        await this.retryLater(item.key, (err as Error).message);
        continue;
      }
      try {
        const res = await this.deps.client.submitCommand(token, item.key, item.command, item.createdAt);
        if (this.stopped) return;
        const state = this.deps.store.markOutboxSent(
          item.key,
          res.events.map((e) => e.seq),
        );
        this.deps.log.info({ key: item.key, type: item.command.type, state, events: res.events.length }, 'action accepted by the gateway');
        this.backoff.reset();
        authRetries = 0;
        this.deps.onChanged();
      } catch (err) {
        if (this.stopped) return;
        if (err instanceof GatewayHttpError && err.status === 401 && authRetries < 1) {
          authRetries++;
          try {
            await this.deps.session.refresh('command answered 401');
          } catch {
            return; // needs login, or unreachable: the next kick retries
          }
          continue;
        }
        if (err instanceof GatewayHttpError && err.isClientError) {
          this.deps.store.markOutboxRejected(item.key, err.code, err.message);
          this.deps.log.warn(
            { key: item.key, type: item.command.type, status: err.status, code: err.code, message: err.message },
            'action rejected by the gateway',
          );
          this.deps.onChanged();
          continue;
        }
        await this.retryLater(item.key, (err as Error).message);
      }
    }
  }

  private async retryLater(key: string, error: string): Promise<void> {
    this.deps.store.markOutboxAttemptFailed(key, error);
    this.deps.onChanged();
    const delay = this.backoff.next();
    this.deps.log.info({ key, error, retryInMs: delay }, 'action not delivered; will retry');
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, delay);
      this.wake = done;
    });
  }
}
