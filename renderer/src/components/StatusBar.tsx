/**
 * The status bar: connection state (live / connecting / catching up with
 * progress / offline since T with last sync / resyncing / needs login) announced
 * politely to screen readers, and the queued-actions button.
 */
import type { ConnectionStatus } from '../../../shared/ipc.ts';
import { retryNow } from '../bridge/bridge.ts';
import { DeskStatus } from './folio/DeskTools.tsx';
import { formatTime } from '../format.ts';
import { useTick } from '../hooks/clock.ts';
import { useLastSeq, usePendingCount, useRejectedCount, useStatus } from '../state/selectors.ts';
import { toggleQueue, useUi } from '../state/ui.ts';

function stateLabel(s: ConnectionStatus): string {
  switch (s.state) {
    case 'live':
      return 'Live';
    case 'connecting':
      return 'Connecting…';
    case 'catching_up':
      return 'Catching up';
    case 'offline':
      return `Offline since ${formatTime(s.since)}`;
    case 'resyncing':
      return 'Resyncing';
    case 'needs_login':
      return 'Needs login';
    case 'signed_out':
      return 'Signed out';
  }
}

function ago(iso: string | null, now: number): string {
  if (!iso) return '';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

/**
 * The main process's detail is written for logs ("closed 1006 (connect
 * ECONNREFUSED 127.0.0.1:43241)"). The receptionist gets a plain sentence and a
 * live countdown to the next attempt; the raw text stays in the tooltip.
 */
/** The browser host's bridge itself is gone (`npm start` stopped): nothing is queued then. */
const HOST_GONE = /lost contact with the Frontdesk host/i;

export function plainReason(detail: string): string {
  const cause = detail;
  if (HOST_GONE.test(cause)) return 'Frontdesk has stopped on this computer: start it again, then reload this page.';
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EAI_AGAIN|ECONNRESET|socket hang up|closed 1006/i.test(cause)) return 'The Frontdesk server cannot be reached.';
  if (/HTTP 5\d\d/.test(cause)) return 'The Frontdesk server is having trouble.';
  if (/token refresh failed/i.test(cause)) return 'The session could not be renewed.';
  if (/session ended|refresh token|revoked|log in again/i.test(cause)) return 'Your session ended: sign in again.';
  return cause;
}

/** Whole seconds until the next connection attempt the main process announced. */
function retryCountdown(status: ConnectionStatus | null, now: number): number | null {
  const at = status?.retryAt ? Date.parse(status.retryAt) : NaN;
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

function queueLabel(pending: number, rejected: number): string {
  const parts: string[] = [];
  if (pending) parts.push(`${pending} queued`);
  if (rejected) parts.push(`${rejected} refused`);
  return parts.length ? parts.join(' · ') : 'No queued actions';
}

export function StatusBar() {
  const status = useStatus();
  const lastSeq = useLastSeq();
  const pending = usePendingCount();
  const rejected = useRejectedCount();
  const queueOpen = useUi((s) => s.queueOpen);
  const offline = status?.state === 'offline';
  // Every second while offline (the retry countdown), every 5 s otherwise ("2 min ago").
  const now = useTick(offline ? 1000 : 5000);
  // Read the clock now: this render may come from a status push between ticks.
  const retryIn = retryCountdown(status, Math.max(now, Date.now()));
  const state = status?.state ?? 'connecting';
  const progress = status?.progress;
  return (
    <footer className={`statusbar state-${state}`} data-testid="status-bar">
      <div className="status-main">
        <span className="status-dot" aria-hidden="true" />
        <span role="status" className="status-label" data-testid="connection-state" data-state={state}>
          {status ? stateLabel(status) : 'Connecting…'}
        </span>
        {state === 'catching_up' && progress ? (
          <span className="status-progress" data-testid="catchup-progress">
            <progress max={Math.max(1, progress.total)} value={progress.done} aria-label="Catch-up progress" />
            {progress.done.toLocaleString()} / {progress.total.toLocaleString()}
          </span>
        ) : null}
        <span className="status-detail" data-testid="last-sync">
          {state === 'live'
            ? 'Up to date'
            : status?.lastSyncAt
              ? `Last sync ${formatTime(status.lastSyncAt)} (${ago(status.lastSyncAt, now)})`
              : 'Never synced'}
          {' · '}event #{lastSeq.toLocaleString()}
        </span>
        {status?.detail && state !== 'live' ? (
          <span className="status-reason" title={status.detail} data-testid="status-reason">
            {plainReason(status.detail)}
            {offline && retryIn !== null ? (retryIn > 0 ? ` Trying again in ${retryIn} s.` : ' Trying again now…') : ''}
          </span>
        ) : null}
        {offline && retryIn !== null && retryIn > 0 ? (
          <button type="button" className="btn retry-now" onClick={() => void retryNow()} data-testid="retry-now">
            Retry now
          </button>
        ) : null}
        {offline && !HOST_GONE.test(status?.detail ?? '') ? <span className="status-reason">Actions you take are kept and sent when the connection is back.</span> : null}
      </div>
      <DeskStatus />
      <button
        type="button"
        className={`btn queue-button${rejected ? ' has-rejected' : pending ? ' has-pending' : ''}`}
        aria-expanded={queueOpen}
        aria-controls="queue-panel"
        onClick={() => toggleQueue()}
        data-testid="queue-button"
        data-pending={pending}
        data-rejected={rejected}
      >
        {queueLabel(pending, rejected)}
      </button>
    </footer>
  );
}
