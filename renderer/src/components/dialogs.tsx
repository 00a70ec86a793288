/**
 * The action dialogs: check in (pick a ready room free for the stay), take a
 * payment, check out. Each plans its command with the shared rules first
 * (usePlanCheck) and explains a refusal instead of sending a sure rollback.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { Command } from '../../../shared/commands.ts';
import { PAYMENT_METHODS, type PaymentMethod } from '../../../shared/domain.ts';
import { freeRooms } from '../../../shared/planner.ts';
import { ROOM_STATUS_SYMBOL } from '../format.ts';
import { useSubmit } from '../hooks/action.ts';
import { useBusinessDate, useHotelDates, useMoney } from '../hooks/hotel.ts';
import { usePlanCheck, useShownState, type ShownReservation } from '../state/selectors.ts';
import { openDialog } from '../state/ui.ts';
import { ErrorLine } from './badges.tsx';
import { Modal } from './Modal.tsx';
import { RefusalLine } from './RefusalLine.tsx';

export function CheckInDialog({ reservation, onClose }: { reservation: ShownReservation; onClose: () => void }) {
  const { t } = useTranslation();
  const dates = useHotelDates();
  const state = useShownState();
  // Ready rooms of the booked type that no other live stay holds over these nights.
  const candidates = useMemo(
    () => freeRooms(state, reservation, reservation.roomType, reservation.id).filter((r) => r.status === 'vacant_clean' || r.status === 'inspected'),
    [state, reservation],
  );
  const preferred = candidates.find((r) => r.id === reservation.roomId) ?? candidates.find((r) => r.status === 'inspected') ?? candidates[0];
  const [roomId, setRoomId] = useState<string>(preferred?.id ?? '');
  const { run, error, busy } = useSubmit();
  const chosen = candidates.find((r) => r.id === roomId);
  const command = useMemo<Command | null>(
    () => (chosen ? { type: 'check_in', reservationId: reservation.id, roomId: chosen.id } : null),
    [chosen, reservation.id],
  );
  const refusal = usePlanCheck(command);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!command || refusal) return;
    if (await run(command)) onClose();
  };
  return (
    <Modal title={t('checkIn.title', { name: reservation.guestName })} onClose={onClose} testId="checkin-dialog">
      <form onSubmit={onSubmit} className="form">
        <p className="muted">
          {reservation.confirmation} · {reservation.roomType} ·{' '}
          {t('common.stay', { arrival: dates.short(reservation.arrival), departure: dates.short(reservation.departure) })} ·{' '}
          {t('common.adults', { count: reservation.adults })}
        </p>
        {candidates.length === 0 ? (
          <p className="form-error" role="alert">
            {t('checkIn.noneReady', { type: reservation.roomType })}
          </p>
        ) : (
          <fieldset className="room-picker">
            <legend>{t('checkIn.ready', { count: candidates.length })}</legend>
            {candidates.map((r) => (
              <label key={r.id} className={`room-choice room-${r.status}`}>
                <input
                  type="radio"
                  name="room"
                  value={r.id}
                  checked={roomId === r.id}
                  onChange={() => setRoomId(r.id)}
                  data-autofocus={r.id === preferred?.id ? true : undefined}
                />
                <span className="room-choice-number">{r.number}</span>
                <span className="room-choice-status">
                  <span aria-hidden="true">
                    {ROOM_STATUS_SYMBOL[r.status]}
                    {'\u00a0'}
                  </span>
                  {t(`roomStatus.${r.status}`)} · {t('common.floor', { floor: r.floor })}
                  {r.id === reservation.roomId ? ` · ${t('checkIn.assigned')}` : ''}
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <RefusalLine refusal={refusal} />
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!chosen || busy || refusal !== null} data-testid="confirm-checkin">
            {chosen ? t('checkIn.confirmTo', { number: chosen.number }) : t('checkIn.confirm')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** The amount field's problem in words ("0.125" in EUR, "12.5" in JPY), or null. */
export function useAmountProblem(text: string): { minor: number | null; problem: string | null } {
  const { t } = useTranslation();
  const money = useMoney();
  const parsed = money.parse(text);
  if (parsed.ok) return { minor: parsed.minor, problem: null };
  if (text.trim() === '') return { minor: null, problem: null };
  const vars = { text: text.trim(), example: money.example, currency: money.currency, digits: money.digits };
  const problem =
    parsed.reason === 'too_many_decimals'
      ? money.digits === 0
        ? t('money.too_many_decimals_zero', vars)
        : t('money.too_many_decimals', vars)
      : parsed.reason === 'not_positive'
        ? t('money.not_positive')
        : t('money.not_a_number', vars);
  return { minor: null, problem };
}

export function PaymentDialog({ reservation, onClose, onTaken = onClose }: { reservation: ShownReservation; onClose: () => void; onTaken?: () => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const [amount, setAmount] = useState(() => (reservation.balanceCents > 0 ? money.plain(reservation.balanceCents) : ''));
  const [method, setMethod] = useState<PaymentMethod>('card');
  const { run, error, busy } = useSubmit();
  const { minor, problem } = useAmountProblem(amount);
  // A payment the terminal took is a fact (the gateway never refuses it); more than owed is said, not blocked.
  const tooMuch = minor !== null && minor > reservation.balanceCents;
  const valid = minor !== null;
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (minor === null) return;
    if (await run({ type: 'take_payment', reservationId: reservation.id, amountCents: minor, method })) onTaken();
  };
  const showProblem = problem !== null;
  return (
    <Modal title={t('payment.title', { name: reservation.guestName })} onClose={onClose} testId="payment-dialog">
      <form onSubmit={onSubmit} className="form">
        <p className="muted">
          {reservation.confirmation} · {t('payment.balance')} <strong>{money.format(reservation.balanceCents)}</strong>
        </p>
        <label className="field">
          <span>{t('payment.amount', { currency: money.currency })}</span>
          <input
            inputMode={money.digits === 0 ? 'numeric' : 'decimal'}
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            aria-invalid={showProblem}
            aria-describedby={showProblem ? 'payment-amount-error' : undefined}
            data-autofocus
            data-testid="payment-amount"
          />
        </label>
        <fieldset className="segmented">
          <legend>{t('payment.method')}</legend>
          {PAYMENT_METHODS.map((m) => (
            <label key={m}>
              <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} />
              <span>{t(`paymentMethod.${m}`)}</span>
            </label>
          ))}
        </fieldset>
        {showProblem ? (
          <p className="form-error" id="payment-amount-error" data-testid="payment-amount-error">
            {problem}
          </p>
        ) : tooMuch ? (
          <p className="warning" data-testid="payment-too-much">
            {t('money.tooMuch', { amount: money.format(reservation.balanceCents) })}
          </p>
        ) : null}
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!valid || busy} data-testid="confirm-payment">
            {valid ? t('payment.take', { amount: money.format(minor) }) : t('payment.takePayment')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function CheckOutDialog({ reservation, roomNumber, onClose }: { reservation: ShownReservation; roomNumber: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const dates = useHotelDates();
  const today = useBusinessDate();
  const { run, error, busy } = useSubmit();
  const owes = reservation.balanceCents > 0;
  const command = useMemo<Command>(() => ({ type: 'check_out', reservationId: reservation.id }), [reservation.id]);
  const refusal = usePlanCheck(command);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (refusal) return;
    if (await run(command)) onClose();
  };
  return (
    <Modal title={t('checkOut.title', { name: reservation.guestName })} onClose={onClose} testId="checkout-dialog">
      <form onSubmit={onSubmit} className="form">
        <p className="muted">
          {t('checkOut.meta', { confirmation: reservation.confirmation, room: roomNumber ?? t('common.none'), date: dates.short(reservation.departure) })}
        </p>
        {reservation.departure > today ? <p className="muted">{t('checkOut.early', { date: dates.short(reservation.departure) })}</p> : null}
        {owes ? (
          <p className="warning" role="alert">
            <Trans i18nKey="checkOut.balanceOpen" values={{ amount: money.format(reservation.balanceCents) }} components={{ strong: <strong /> }} />
          </p>
        ) : (
          <p>{t('checkOut.settled')}</p>
        )}
        <RefusalLine refusal={refusal} />
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          {/* With money owed, the default (focused, Enter) is to take it, not to let the guest go. */}
          <button
            type="submit"
            className={owes ? 'btn' : 'btn btn-primary'}
            disabled={busy || refusal !== null}
            data-autofocus={owes ? undefined : true}
            data-testid="confirm-checkout"
          >
            {owes ? t('checkOut.anyway') : t('checkOut.confirm')}
          </button>
          {owes ? (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => openDialog({ kind: 'payment', reservationId: reservation.id, then: 'checkout' })}
              data-autofocus
              data-testid="checkout-take-payment"
            >
              {t('checkOut.take', { amount: money.format(reservation.balanceCents) })}
            </button>
          ) : null}
        </div>
      </form>
    </Modal>
  );
}
