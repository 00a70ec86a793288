/**
 * Close the business day (the night audit's first half): lists the still-booked
 * arrivals that become no-shows, then sends `close_business_day` for the date
 * shown. If another desk closed it first, the rules refuse it (wrong_business_date).
 */
import { useMemo, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command } from '../../../shared/commands.ts';
import { addDays } from '../../../shared/dates.ts';
import { useSubmit } from '../hooks/action.ts';
import { useBusinessDate, useHotelDates } from '../hooks/hotel.ts';
import { usePlanCheck, useShownReservations } from '../state/selectors.ts';
import { ErrorLine } from './badges.tsx';
import { Modal } from './Modal.tsx';
import { RefusalLine } from './RefusalLine.tsx';

export function CloseDayDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const today = useBusinessDate();
  const dates = useHotelDates();
  const all = useShownReservations();
  const noShows = useMemo(() => all.filter((r) => r.status === 'booked' && r.arrival <= today), [all, today]);
  const overdue = useMemo(() => all.filter((r) => r.status === 'in_house' && r.departure <= today).length, [all, today]);
  const command = useMemo<Command>(() => ({ type: 'close_business_day', businessDate: today }), [today]);
  const refusal = usePlanCheck(command);
  const { run, error, busy } = useSubmit();
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (refusal) return;
    if (await run(command)) onClose();
  };
  return (
    <Modal title={t('today.closeDayTitle', { date: dates.short(today) })} onClose={onClose} testId="close-day-dialog">
      <form className="form" onSubmit={onSubmit}>
        <p>{t('today.closeDayIntro', { from: dates.long(today), to: dates.long(addDays(today, 1)) })}</p>
        {noShows.length === 0 ? (
          <p className="muted">{t('today.closeDayNone')}</p>
        ) : (
          <>
            <p className="warning">{t('today.closeDayNoShows', { count: noShows.length })}</p>
            <ul className="plain-list" data-testid="close-day-no-shows">
              {noShows.map((r) => (
                <li key={r.id} data-reservation-id={r.id}>
                  <strong>{r.guestName}</strong> · {r.confirmation} · {dates.short(r.arrival)}
                </li>
              ))}
            </ul>
          </>
        )}
        {overdue > 0 ? <p className="muted">{t('today.closeDayInHouseOverdue', { count: overdue })}</p> : null}
        <RefusalLine refusal={refusal} />
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || refusal !== null} data-testid="confirm-close-day">
            {t('today.closeDayConfirm', { date: dates.short(today) })}
          </button>
        </div>
      </form>
    </Modal>
  );
}
