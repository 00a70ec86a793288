/**
 * Activity: every event the desk received, newest first, including kinds it does
 * not understand (shown with their kind and data text). Live rows are capped in
 * memory; older pages load on demand. When the receptionist has scrolled down,
 * new rows arriving on top do not push what they are reading away.
 */
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityItem } from '../../../shared/ipc.ts';
import { activitySentence } from '../activity-sentence.ts';
import { loadOlderActivity } from '../bridge/bridge.ts';
import { ErrorLine } from '../components/badges.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { VirtualList } from '../components/VirtualList.tsx';
import { useHotelDates, useMoney } from '../hooks/hotel.ts';
import { useActivity, useActivityHasOlder, useShownState } from '../state/selectors.ts';

const ROW_HEIGHT = 60;

const ActivityRow = memo(function ActivityRow({ a }: { a: ActivityItem }) {
  const { t } = useTranslation();
  const dates = useHotelDates();
  const money = useMoney();
  const state = useShownState();
  // Worded here, in the desk's language; main's English `text` only for kinds this window does not know.
  const text = useMemo(() => activitySentence(a, state, t, { money: money.format, day: dates.short }), [a, state, t, money, dates]);
  return (
    <div
      className={`activity-row${a.known ? '' : ' is-unknown'}`}
      data-testid="activity-row"
      data-event-id={a.id}
      data-seq={a.seq}
      data-kind={a.kind}
      title={text}
    >
      <span className="activity-time">{dates.time(a.at)}</span>
      {/* The sentence first; the event's kind and number are for whoever debugs. */}
      <span className="activity-text">{text}</span>
      <span className="activity-kind">
        <code>{a.kind}</code>
        <span className="guest-meta">
          {a.service} · #{a.seq}
        </span>
      </span>
      <span className="activity-flags">
        {a.known ? null : <span className="tag unknown-kind">{t('activity.unknownKind')}</span>}
        {a.causedBy ? <span className="tag from-desk">{t('activity.fromDesk')}</span> : null}
      </span>
    </div>
  );
});

export function ActivityView() {
  const { t } = useTranslation();
  const activity = useActivity();
  const hasOlder = useActivityHasOlder();
  const scrollEl = useRef<HTMLDivElement | null>(null);
  const newestSeen = useRef<number>(activity[0]?.seq ?? 0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Tracked from scroll events, so the effect below never forces a layout to ask.
  const scrolledDown = useRef(false);
  const hasList = activity.length > 0;
  useEffect(() => {
    const el = scrollEl.current;
    if (!el) return;
    const onScroll = () => {
      scrolledDown.current = el.scrollTop > 0;
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, [hasList]);

  useLayoutEffect(() => {
    const el = scrollEl.current;
    const prev = newestSeen.current;
    newestSeen.current = activity[0]?.seq ?? 0;
    if (!el || !scrolledDown.current || prev === 0) return;
    let added = 0;
    while (added < activity.length && activity[added].seq > prev) added++;
    if (added > 0) el.scrollTop += added * ROW_HEIGHT;
  }, [activity]);

  const loadOlder = () => {
    setLoading(true);
    setError(null);
    loadOlderActivity()
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setLoading(false));
  };

  return (
    <section className="view view-activity" aria-labelledby="activity-title" data-testid="view-activity">
      <ViewHeader view="activity" summary={activity.length ? t('activity.summary', { count: activity.length, seq: activity[0].seq }) : t('activity.none')} />
      {activity.length === 0 ? (
        <p className="empty">{t('activity.empty')}</p>
      ) : (
        <VirtualList
          items={activity}
          rowHeight={ROW_HEIGHT}
          getKey={(a) => a.id}
          label={t('activity.list')}
          testId="activity-list"
          scrollRef={scrollEl}
          overscan={4}
          renderRow={(a) => <ActivityRow a={a} />}
          footer={
            <div className="list-footer">
              {hasOlder ? (
                <button type="button" className="btn" onClick={loadOlder} disabled={loading} data-testid="load-older">
                  {loading ? t('activity.loading') : t('activity.loadOlder')}
                </button>
              ) : (
                <span className="muted">{t('activity.beginning')}</span>
              )}
              <ErrorLine error={error} inline />
            </div>
          }
        />
      )}
    </section>
  );
}
