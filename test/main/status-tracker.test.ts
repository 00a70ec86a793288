/**
 * The connection status windows show: "offline since T", "last sync T" and the
 * countdown to the next attempt, as the tracker reports them.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../shared/ipc.ts';
import { StatusTracker } from '../../main/core/sync/status-tracker.ts';

function tracker(): { t: StatusTracker; pushed: ConnectionStatus[] } {
  const pushed: ConnectionStatus[] = [];
  return { t: new StatusTracker('http://gw', null, pino({ level: 'silent' }), (s) => pushed.push(s)), pushed };
}

describe('connection status', () => {
  it('counts "last sync" to the moment a live link was lost, not to the last event', () => {
    const { t } = tracker();
    t.set('live');
    t.synced('2020-01-01T00:00:00.000Z'); // the last event, long ago: the link stayed up since
    const before = Date.now();
    t.set('offline', 'closed 1006');
    expect(Date.parse(t.status.lastSyncAt!)).toBeGreaterThanOrEqual(before);
    // Offline to offline (another failed attempt) keeps both "since" and "last sync".
    const { since, lastSyncAt } = t.status;
    t.set('offline', 'connect ECONNREFUSED');
    expect(t.status.since).toBe(since);
    expect(t.status.lastSyncAt).toBe(lastSyncAt);
  });

  it('announces when the next attempt is due, and clears it once connected', () => {
    const { t, pushed } = tracker();
    const due = Date.now() + 7_400;
    t.set('offline', 'connect ECONNREFUSED', null, due);
    expect(pushed.at(-1)).toMatchObject({ state: 'offline', detail: 'connect ECONNREFUSED', retryAt: new Date(due).toISOString() });
    t.set('live');
    expect(pushed.at(-1)).toMatchObject({ state: 'live', retryAt: null });
  });
});
