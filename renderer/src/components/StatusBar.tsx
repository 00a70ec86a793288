/**
 * The status bar: connection state (live / connecting / catching up with
 * progress / offline since T with last sync / resyncing / needs login) announced
 * politely to screen readers, and the queued-actions button.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ConnectionStatus } from '../../../shared/ipc.ts';
import { retryNow } from '../bridge/bridge.ts';
import { DeskStatus, DeskTools } from './folio/DeskTools.tsx';
import { useTick } from '../hooks/clock.ts';
import { useHotelDates, type HotelDates } from '../hooks/hotel.ts';
import { useLastSeq, usePendingCount, useRejectedCount, useStatus } from '../state/selectors.ts';
import { toggleQueue, useUi } from '../state/ui.ts';

function stateLabel(s: ConnectionStatus, t: TFunction, dates: HotelDates): string {
  switch (s.state) {
    case 'live':
      return t('status.live');
    case 'connecting':
      return t('status.connecting');
    case 'catching_up':
      return t('status.catchingUp');
    case 'offline':
      return t('status.offlineSince', { time: dates.time(s.since) || t('common.never') });
    case 'resyncing':
      return t('status.resyncing');
    case 'needs_login':
      return t('status.needsLogin');
    case 'signed_out':
      return t('status.signedOut');
  }
}

function ago(iso: string | null, now: number, t: TFunction): string {
  if (!iso) return '';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return t('status.secondsAgo', { count: s });
  if (s < 3600) return t('status.minutesAgo', { count: Math.round(s / 60) });
  return t('status.hoursAgo', { count: Math.round(s / 3600) });
}

/**
 * The main process's detail is written for logs ("closed 1006 (connect
 * ECONNREFUSED 127.0.0.1:43241)"). The receptionist gets a plain sentence and a
 * live countdown to the next attempt; the raw text stays in the tooltip.
 */
/** The browser host's bridge itself is gone (`npm start` stopped): nothing is queued then. */
const HOST_GONE = /lost contact with the Frontdesk host/i;

export function plainReason(detail: string, t: TFunction): string {
  const cause = detail;
  if (HOST_GONE.test(cause)) return t('status.hostGone');
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EAI_AGAIN|ECONNRESET|socket hang up|closed 1006/i.test(cause)) return t('status.unreachable');
  if (/HTTP 5\d\d/.test(cause)) return t('status.serverTrouble');
  if (/token refresh failed/i.test(cause)) return t('status.renewFailed');
  if (/session ended|refresh token|revoked|log in again/i.test(cause)) return t('status.sessionEnded');
  return cause;
}

/** Whole seconds until the next connection attempt the main process announced. */
function retryCountdown(status: ConnectionStatus | null, now: number): number | null {
  const at = status?.retryAt ? Date.parse(status.retryAt) : NaN;
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

function queueLabel(pending: number, rejected: number, t: TFunction): string {
  const parts: string[] = [];
  if (pending) parts.push(t('status.queued', { count: pending }));
  if (rejected) parts.push(t('status.refused', { count: rejected }));
  return parts.length ? parts.join(' · ') : t('status.noQueued');
}

export function StatusBar() {
  const { t } = useTranslation();
  const dates = useHotelDates();
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
  // Connected, but the gateway says its shared log does not answer (a `status` frame): not "up to date".
  const degraded = state === 'live' && (status?.detail?.startsWith('gateway degraded') ?? false);
  const progress = status?.progress;
  return (
    <footer className={`statusbar state-${state}`} data-testid="status-bar">
      <div className="status-main">
        <span className="status-dot" aria-hidden="true" />
        <span role="status" className="status-label" data-testid="connection-state" data-state={state}>
          {status ? stateLabel(status, t, dates) : t('status.connecting')}
        </span>
        {state === 'catching_up' && progress ? (
          <span className="status-progress" data-testid="catchup-progress">
            <progress max={Math.max(1, progress.total)} value={progress.done} aria-label={t('status.catchUpProgress')} />
            {progress.done.toLocaleString()} / {progress.total.toLocaleString()}
          </span>
        ) : null}
        <span className="status-detail" data-testid="last-sync">
          {state === 'live'
            ? degraded
              ? t('status.degraded')
              : t('status.upToDate')
            : status?.lastSyncAt
              ? t('status.lastSync', { time: dates.time(status.lastSyncAt), ago: ago(status.lastSyncAt, now, t) })
              : t('status.neverSynced')}
          {' · '}
          {t('status.event', { seq: lastSeq.toLocaleString() })}
        </span>
        {status?.detail && state !== 'live' ? (
          <span className="status-reason" title={status.detail} data-testid="status-reason">
            {plainReason(status.detail, t)}
            {offline && retryIn !== null ? (retryIn > 0 ? t('status.retryIn', { count: retryIn }) : t('status.retryingNow')) : ''}
          </span>
        ) : null}
        {offline && retryIn !== null && retryIn > 0 ? (
          <button type="button" className="btn btn-small retry-now" onClick={() => void retryNow()} data-testid="retry-now">
            {t('status.retryNow')}
          </button>
        ) : null}
        {offline && !HOST_GONE.test(status?.detail ?? '') ? <span className="status-reason">{t('status.keptOffline')}</span> : null}
      </div>
      <DeskTools />
      <DeskStatus />
      <button
        type="button"
        className={`btn btn-small queue-button${rejected ? ' has-rejected' : pending ? ' has-pending' : ''}`}
        aria-expanded={queueOpen}
        aria-controls="queue-panel"
        onClick={() => toggleQueue()}
        data-testid="queue-button"
        data-pending={pending}
        data-rejected={rejected}
      >
        {queueLabel(pending, rejected, t)}
      </button>
    </footer>
  );
}
