/**
 * The receptionist's shift and cash drawer: open it with a float, close it by
 * counting the cash. The report lists what this operator took during the shift
 * (cash, card, other), the refunds, the expected cash (`shiftCash`, the same sum
 * the rules close with), the counted cash and the difference.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { Command } from '../../../../shared/commands.ts';
import type { Shift } from '../../../../shared/domain.ts';
import { openShiftOf, shiftCash } from '../../../../shared/planner.ts';
import { useFolioT } from '../../i18n/folio.ts';
import { Printable, printNow, SavePdfButton } from '../../print/Printable.tsx';
import { usePlanCheck, useShownState, useUser } from '../../state/selectors.ts';
import { useDesk } from '../../state/store.ts';
import { Modal } from '../Modal.tsx';
import { ErrorText, MoneyField, PendingMark, RefusalText, usePendingIds } from './common.tsx';
import { closeFolioPanel, openFolioPanel } from './folio-ui.ts';
import { hotelFormat, useHotelFormat, type HotelFormat } from './hotel-format.ts';
import { useSubmit } from '../../hooks/action.ts';

/** The signed-in operator's open shift as shown (an open_shift still queued counts). */
export function useMyShift(): Shift | undefined {
  const state = useShownState();
  const user = useUser();
  return useMemo(() => (user ? openShiftOf(state, user.id) : undefined), [state, user]);
}

export function OpenShiftForm({ compact = false }: { compact?: boolean }) {
  const t = useFolioT();
  const fmt = useHotelFormat();
  const [amount, setAmount] = useState('');
  const parsed = fmt.parse(amount);
  // A float of nothing is allowed (an empty drawer); the money parser refuses 0, so it is handled here.
  const floatCents = amount.trim() === '' || /^0+([.,]0*)?$/.test(amount.trim()) ? 0 : parsed.ok ? parsed.minor : null;
  const command = useMemo<Command | null>(() => (floatCents === null ? null : { type: 'open_shift', floatCents }), [floatCents]);
  const refusal = usePlanCheck(command);
  const { run, error, busy } = useSubmit();
  const open = async () => {
    if (!command || refusal) return;
    await run(command);
  };
  const body = (
    <>
      {compact ? null : <h3>{t('shift.openTitle')}</h3>}
      <MoneyField label={t('shift.float')} value={amount} onChange={setAmount} fmt={fmt} testId="shift-float" autoFocus={!compact} />
      <RefusalText refusal={refusal} />
      <ErrorText error={error} />
      <div className="form-actions">
        <button
          type={compact ? 'button' : 'submit'}
          onClick={compact ? () => void open() : undefined}
          className="btn btn-primary"
          disabled={!command || busy || refusal !== null}
          data-testid="confirm-open-shift"
        >
          {floatCents !== null ? t('shift.openWith', { amount: fmt.money(floatCents) }) : t('shift.open')}
        </button>
      </div>
    </>
  );
  // Inside another form (the payment or refund form) it cannot be a form of its own.
  return compact ? (
    <div className="folio-form folio-form-compact" role="group" aria-label={t('shift.openTitle')} data-testid="open-shift-form">
      {body}
    </div>
  ) : (
    <form
      className="form folio-form"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void open();
      }}
      data-testid="open-shift-form"
      aria-label={t('shift.openTitle')}
    >
      {body}
    </form>
  );
}

function CloseShiftForm({ fmt }: { fmt: HotelFormat }) {
  const t = useFolioT();
  const [amount, setAmount] = useState('');
  const parsed = fmt.parse(amount);
  const counted = /^0+([.,]0*)?$/.test(amount.trim()) ? 0 : parsed.ok ? parsed.minor : null;
  const command = useMemo<Command | null>(() => (counted === null ? null : { type: 'close_shift', countedCents: counted }), [counted]);
  const refusal = usePlanCheck(command);
  const { run, error, busy } = useSubmit();
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!command || refusal) return;
    await run(command);
  };
  return (
    <form className="form folio-form" onSubmit={onSubmit} data-testid="close-shift-form" aria-label={t('shift.closeTitle')}>
      <h3>{t('shift.closeTitle')}</h3>
      <p className="muted">{t('shift.countHint')}</p>
      <MoneyField label={t('shift.counted')} value={amount} onChange={setAmount} fmt={fmt} testId="shift-counted" />
      <RefusalText refusal={refusal} />
      <ErrorText error={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!command || busy || refusal !== null} data-testid="confirm-close-shift">
          {counted !== null ? t('shift.closeWith', { amount: fmt.money(counted) }) : t('shift.close')}
        </button>
      </div>
    </form>
  );
}

export function ShiftPanel() {
  const t = useFolioT();
  const fmt = useHotelFormat();
  const user = useUser();
  const state = useShownState();
  const mine = useMyShift();
  // The last shift this operator closed: its report stays here after the close.
  const lastClosed = useMemo(() => {
    let last: Shift | undefined;
    for (const s of state.shifts.values())
      if (s.operator === user?.id && s.status === 'closed' && (!last || (s.closedAt ?? '') > (last.closedAt ?? ''))) last = s;
    return last;
  }, [state.shifts, user]);
  const shown = mine ?? lastClosed;
  // Who else is on shift at this hotel (other desks, other receptionists).
  const others = useMemo(() => [...state.shifts.values()].filter((s) => s.status === 'open' && s.operator !== user?.id), [state.shifts, user]);
  return (
    <Modal title={t('shift.title')} onClose={closeFolioPanel} testId="shift-panel" wide>
      {mine ? (
        <p data-testid="shift-state" data-state="open">
          {t('shift.openSince', { name: user?.name ?? '', time: fmt.dateTime(mine.openedAt) })}
        </p>
      ) : (
        <p data-testid="shift-state" data-state="none">
          {t('shift.none')}
        </p>
      )}
      {others.length > 0 ? (
        <p className="muted" data-testid="other-shifts">
          {t('shift.others', { names: others.map((o) => `${o.operatorName ?? o.operator} (${fmt.time(o.openedAt)})`).join(', ') })}
        </p>
      ) : null}
      {mine ? <CloseShiftForm fmt={fmt} /> : <OpenShiftForm />}
      {shown ? (
        <>
          <ShiftReport shift={shown} fmt={fmt} />
          <Printable>
            <ShiftReport shift={shown} fmt={hotelFormat(fmt.currency, fmt.locale)} printed />
          </Printable>
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => void printNow(`${t('shift.report')} ${shown.id}`)} data-testid="print-shift">
              {t('shift.print')}
            </button>
            <SavePdfButton title={`${t('shift.report')} ${shown.id}`} testId="save-shift-pdf" />
          </div>
        </>
      ) : null}
    </Modal>
  );
}

export function ShiftReport({ shift, fmt, printed = false }: { shift: Shift; fmt: HotelFormat; printed?: boolean }) {
  const t = useFolioT();
  const state = useShownState();
  const pending = usePendingIds();
  const hotelName = useDesk((s) => [...s.optimistic.state.hotels.values()][0]?.name ?? '');
  const cash = useMemo(() => shiftCash(state, shift), [state, shift]);
  const payments = useMemo(
    () => [...state.payments.values()].filter((p) => p.shiftId === shift.id).sort((a, b) => (a.at < b.at ? -1 : 1)),
    [state.payments, shift.id],
  );
  const refunds = useMemo(() => [...state.refunds.values()].filter((r) => r.shiftId === shift.id), [state.refunds, shift.id]);
  const guestOf = (reservationId: string) => state.reservations.get(reservationId)?.guestName ?? '';
  const closed = shift.status === 'closed';
  const expected = closed && shift.expectedCents !== null ? shift.expectedCents : cash.expected;
  const difference = shift.differenceCents ?? 0;
  return (
    <section className={printed ? 'doc' : 'shift-report'} data-testid={printed ? 'shift-report-printed' : 'shift-report'} aria-label={t('shift.report')}>
      {printed ? <h1>{t('shift.report')}</h1> : <h3>{t('shift.report')}</h3>}
      {printed ? <p>{hotelName}</p> : null}
      <dl className="doc-meta shift-meta">
        <dt>{t('shift.operator')}</dt>
        <dd>{shift.operatorName ?? shift.operator}</dd>
        <dt>{t('shift.opened')}</dt>
        <dd>{fmt.dateTime(shift.openedAt)}</dd>
        {shift.closedAt ? (
          <>
            <dt>{t('shift.closed')}</dt>
            <dd>{fmt.dateTime(shift.closedAt)}</dd>
          </>
        ) : null}
        <dt>{t('shift.businessDate')}</dt>
        <dd>{fmt.date(shift.businessDate)}</dd>
      </dl>
      <table className="folio-table">
        <tbody>
          <tr>
            <th scope="row">{t('shift.float')}</th>
            <td className="num">{fmt.money(shift.floatCents)}</td>
          </tr>
          <tr data-testid="shift-cash">
            <th scope="row">{t('shift.cashIn')}</th>
            <td className="num">{fmt.money(cash.byMethod.cash ?? 0)}</td>
          </tr>
          <tr>
            <th scope="row">{t('shift.cardIn')}</th>
            <td className="num">{fmt.money(cash.byMethod.card ?? 0)}</td>
          </tr>
          <tr>
            <th scope="row">{t('shift.otherIn')}</th>
            <td className="num">{fmt.money(cash.byMethod.transfer ?? 0)}</td>
          </tr>
          <tr>
            <th scope="row">{t('shift.refunds')}</th>
            <td className="num">{fmt.money(cash.refunds)}</td>
          </tr>
          <tr className="doc-total" data-testid="shift-expected" data-cents={expected}>
            <th scope="row">{t('shift.expected')}</th>
            <td className="num">{fmt.money(expected)}</td>
          </tr>
          {closed ? (
            <>
              <tr data-testid="shift-counted-row" data-cents={shift.countedCents ?? 0}>
                <th scope="row">{t('shift.counted')}</th>
                <td className="num">{fmt.money(shift.countedCents ?? 0)}</td>
              </tr>
              <tr className={difference === 0 ? 'doc-total' : 'doc-total shift-difference'} data-testid="shift-difference" data-cents={difference}>
                <th scope="row">{difference < 0 ? t('shift.short') : difference > 0 ? t('shift.over') : t('shift.difference')}</th>
                <td className="num">{fmt.money(difference)}</td>
              </tr>
            </>
          ) : null}
        </tbody>
      </table>
      {payments.length > 0 ? (
        <>
          <h4>{t('shift.payments')}</h4>
          <table className="folio-table" data-testid="shift-payments">
            <tbody>
              {payments.map((p) => (
                <tr key={p.id} className={p.voided ? 'voided' : undefined}>
                  <td>{fmt.dateTime(p.at)}</td>
                  <td>{guestOf(p.reservationId)}</td>
                  <td>{t(`method.${p.method}`)}</td>
                  <td>
                    {p.reference ?? ''}
                    {printed ? null : <PendingMark pending={pending.has(p.id)} />}
                  </td>
                  <td className="num">{p.voided ? <s>{fmt.money(p.amountCents)}</s> : fmt.money(p.amountCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {refunds.length > 0 ? (
        <>
          <h4>{t('shift.refunds')}</h4>
          <table className="folio-table" data-testid="shift-refunds">
            <tbody>
              {refunds.map((r) => (
                <tr key={r.id}>
                  <td>{fmt.dateTime(r.at)}</td>
                  <td>{guestOf(r.reservationId)}</td>
                  <td>{t(`method.${r.method}`)}</td>
                  <td>{r.reason}</td>
                  <td className="num">{fmt.money(r.amountCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}

/** Who is on shift, in the header: opens the shift panel. */
export function ShiftBadge() {
  const t = useFolioT();
  const user = useUser();
  const mine = useMyShift();
  const fmt = useHotelFormat();
  if (!user) return null;
  return (
    <button
      type="button"
      className={`btn btn-quiet shift-badge${mine ? ' shift-on' : ' shift-off'}`}
      onClick={() => openFolioPanel({ kind: 'shift' })}
      title={mine ? t('shift.openSince', { name: user.name, time: fmt.dateTime(mine.openedAt) }) : t('shift.none')}
      data-testid="shift-badge"
      data-state={mine ? 'open' : 'none'}
    >
      <span aria-hidden="true">{mine ? '● ' : '○ '}</span>
      {mine ? t('shift.onShiftSince', { time: fmt.time(mine.openedAt) }) : t('shift.noShift')}
    </button>
  );
}
