/**
 * The folio's actions, each a small form shown inside the folio panel: post or
 * void a charge, take a payment (or deposit), void or refund one, credit an
 * invoice. Every form asks the shared rules (`usePlanCheck`) before sending and
 * shows their refusal in the desk's language; no rule is repeated here.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { Command, CommandOf } from '../../../../shared/commands.ts';
import {
  CHARGE_CATEGORIES,
  PAYMENT_METHODS,
  type ChargeCategory,
  type Charge,
  type Invoice,
  type Payment,
  type PaymentMethod,
  type Reservation,
} from '../../../../shared/domain.ts';
import { derivedId } from '../../../../shared/ids.ts';
import { useFolioT } from '../../i18n/folio.ts';
import { usePlanCheck } from '../../state/selectors.ts';
import { ErrorText, MoneyField, RefusalText, useOnline } from './common.tsx';
import { openFolioPanel } from './folio-ui.ts';
import type { HotelFormat } from './hotel-format.ts';
import { OpenShiftForm } from './ShiftPanel.tsx';
import { useSubmit } from '../../hooks/action.ts';

const POSTABLE: readonly ChargeCategory[] = CHARGE_CATEGORIES.filter((c) => c !== 'room' && c !== 'tax');

function FormButtons({ onCancel, submitLabel, disabled, testId }: { onCancel: () => void; submitLabel: string; disabled: boolean; testId: string }) {
  const t = useFolioT();
  return (
    <div className="form-actions">
      <button type="button" className="btn" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="btn btn-primary" disabled={disabled} data-testid={testId}>
        {submitLabel}
      </button>
    </div>
  );
}

export function PostChargeForm({ reservation, fmt, onDone }: { reservation: Reservation; fmt: HotelFormat; onDone: () => void }) {
  const t = useFolioT();
  const [category, setCategory] = useState<ChargeCategory>('minibar');
  const [description, setDescription] = useState('');
  const [amount, setAmount] = useState('');
  const parsed = fmt.parse(amount);
  const command = useMemo<Command | null>(
    () => (parsed.ok ? { type: 'post_charge', reservationId: reservation.id, amountCents: parsed.minor, description, category } : null),
    [parsed, reservation.id, description, category],
  );
  const refusal = usePlanCheck(description.trim() === '' ? null : command);
  const { run, error, busy } = useSubmit();
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!command || refusal) return;
    if (await run(command)) onDone();
  };
  return (
    <form className="form folio-form" onSubmit={onSubmit} data-testid="charge-form" aria-label={t('charge.title')}>
      <h3>{t('charge.title')}</h3>
      <div className="form-grid">
        <label className="field">
          <span>{t('charge.category')}</span>
          <select value={category} onChange={(e) => setCategory(e.target.value as ChargeCategory)} data-testid="charge-category">
            {POSTABLE.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('charge.description')}</span>
          <input
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={200}
            data-autofocus
            data-testid="charge-description"
            autoComplete="off"
          />
        </label>
        <MoneyField label={t('charge.amount')} value={amount} onChange={setAmount} fmt={fmt} testId="charge-amount" />
      </div>
      <RefusalText refusal={refusal} />
      <ErrorText error={error} />
      <FormButtons
        onCancel={onDone}
        submitLabel={parsed.ok ? t('charge.submitAmount', { amount: fmt.money(parsed.minor) }) : t('charge.submit')}
        disabled={!command || busy || refusal !== null || description.trim() === ''}
        testId="confirm-charge"
      />
    </form>
  );
}

/** Void a charge or a payment: both need a reason. */
export function VoidForm({
  target,
  fmt,
  onDone,
}: {
  target: { kind: 'charge'; charge: Charge } | { kind: 'payment'; payment: Payment };
  fmt: HotelFormat;
  onDone: () => void;
}) {
  const t = useFolioT();
  const [reason, setReason] = useState('');
  const command = useMemo<Command>(() => {
    // An empty reason is not an error until the receptionist tries to send it: check the rest.
    const why = reason.trim() === '' ? 'x' : reason;
    return target.kind === 'charge'
      ? { type: 'void_charge', chargeId: target.charge.id, reason: why }
      : { type: 'void_payment', paymentId: target.payment.id, reason: why };
  }, [target, reason]);
  const refusal = usePlanCheck(command);
  const { run, error, busy } = useSubmit();
  const what =
    target.kind === 'charge'
      ? `${target.charge.description} · ${fmt.money(target.charge.amountCents)}`
      : `${t(`method.${target.payment.method}`)} · ${fmt.money(target.payment.amountCents)}`;
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (refusal || reason.trim() === '') return;
    if (await run(command)) onDone();
  };
  return (
    <form
      className="form folio-form"
      onSubmit={onSubmit}
      data-testid="void-form"
      aria-label={t(target.kind === 'charge' ? 'void.chargeTitle' : 'void.paymentTitle')}
    >
      <h3>{t(target.kind === 'charge' ? 'void.chargeTitle' : 'void.paymentTitle')}</h3>
      <p className="muted">{what}</p>
      <label className="field">
        <span>{t('void.reason')}</span>
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={300} data-autofocus data-testid="void-reason" autoComplete="off" />
      </label>
      <RefusalText refusal={refusal} />
      <ErrorText error={error} />
      <FormButtons onCancel={onDone} submitLabel={t('void.submit')} disabled={busy || refusal !== null || reason.trim() === ''} testId="confirm-void" />
    </form>
  );
}

export function RefundForm({ payment, fmt, onDone }: { payment: Payment; fmt: HotelFormat; onDone: () => void }) {
  const t = useFolioT();
  const left = payment.amountCents - (payment.refundedCents ?? 0);
  const [amount, setAmount] = useState(() => fmt.plain(left));
  const [reason, setReason] = useState('');
  const parsed = fmt.parse(amount);
  const command = useMemo<CommandOf<'refund_payment'> | null>(
    () => (parsed.ok ? { type: 'refund_payment', paymentId: payment.id, amountCents: parsed.minor, reason: reason.trim() === '' ? 'x' : reason } : null),
    [parsed, payment.id, reason],
  );
  const refusal = usePlanCheck(command);
  const { run, error, busy } = useSubmit();
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!command || refusal || reason.trim() === '') return;
    if (await run({ ...command, reason })) onDone();
  };
  return (
    <form className="form folio-form" onSubmit={onSubmit} data-testid="refund-form" aria-label={t('refund.title')}>
      <h3>{t('refund.title')}</h3>
      <p className="muted">{t('refund.left', { method: t(`method.${payment.method}`), amount: fmt.money(left) })}</p>
      <div className="form-grid">
        <MoneyField label={t('refund.amount')} value={amount} onChange={setAmount} fmt={fmt} testId="refund-amount" autoFocus />
        <label className="field">
          <span>{t('refund.reason')}</span>
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={300} data-testid="refund-reason" autoComplete="off" />
        </label>
      </div>
      {refusal?.code === 'exceeds_payment' ? (
        <p className="form-error" role="alert" data-testid="folio-refusal" data-code="exceeds_payment">
          {t('refund.tooMuch', { amount: fmt.money(left) })}
        </p>
      ) : (
        <RefusalText refusal={refusal} />
      )}
      {refusal?.code === 'no_shift' ? <OpenShiftForm compact /> : null}
      <ErrorText error={error} />
      <FormButtons
        onCancel={onDone}
        submitLabel={parsed.ok ? t('refund.submitAmount', { amount: fmt.money(parsed.minor) }) : t('refund.submit')}
        disabled={!command || busy || refusal !== null || reason.trim() === ''}
        testId="confirm-refund"
      />
    </form>
  );
}

/**
 * Take a payment (a deposit on a booked stay). Never refused for the balance: more
 * than is owed leaves a credit. While online the desk knows the balance and asks
 * once before an overpayment; offline it cannot know and simply takes it.
 */
export function PaymentForm({ reservation, balance, fmt, onDone }: { reservation: Reservation; balance: number; fmt: HotelFormat; onDone: () => void }) {
  const t = useFolioT();
  const online = useOnline();
  const [amount, setAmount] = useState(() => (balance > 0 ? fmt.plain(balance) : ''));
  const [method, setMethod] = useState<PaymentMethod>('card');
  const [reference, setReference] = useState('');
  const [overpayOk, setOverpayOk] = useState(false);
  const parsed = fmt.parse(amount);
  const command = useMemo<Command | null>(
    () =>
      parsed.ok
        ? {
            type: 'take_payment',
            reservationId: reservation.id,
            amountCents: parsed.minor,
            method,
            ...(reference.trim() ? { reference: reference.trim() } : {}),
          }
        : null,
    [parsed, reservation.id, method, reference],
  );
  const refusal = usePlanCheck(command);
  const deposit = reservation.status === 'booked';
  // A deposit is paid before anything is charged: it is meant to be a credit until the nights are posted.
  const over = !deposit && parsed.ok && online ? parsed.minor - Math.max(0, balance) : 0;
  const needsConfirm = over > 0 && !overpayOk;
  const { run, error, busy } = useSubmit();
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!command || refusal || needsConfirm) return;
    if (await run(command)) onDone();
  };
  return (
    <form className="form folio-form" onSubmit={onSubmit} data-testid="payment-form" aria-label={t(deposit ? 'payment.depositTitle' : 'payment.title')}>
      <h3>{t(deposit ? 'payment.depositTitle' : 'payment.title')}</h3>
      <div className="form-grid">
        <MoneyField
          label={t('payment.amount')}
          value={amount}
          onChange={(v) => {
            setAmount(v);
            setOverpayOk(false);
          }}
          fmt={fmt}
          testId="folio-payment-amount"
          autoFocus
        />
        <label className="field">
          <span>
            {t('payment.reference')} <span className="muted">{t('common.optional')}</span>
          </span>
          <input value={reference} onChange={(e) => setReference(e.target.value)} maxLength={100} data-testid="payment-reference" autoComplete="off" />
        </label>
      </div>
      <fieldset className="segmented">
        <legend>{t('payment.method')}</legend>
        {PAYMENT_METHODS.map((m) => (
          <label key={m}>
            <input type="radio" name="folio-method" value={m} checked={method === m} onChange={() => setMethod(m)} data-testid={`payment-method-${m}`} />
            <span>{t(`method.${m}`)}</span>
          </label>
        ))}
      </fieldset>
      {refusal?.code === 'no_shift' ? (
        <div className="notice" data-testid="payment-no-shift">
          <p role="alert">{t('payment.noShift')}</p>
          <OpenShiftForm compact />
        </div>
      ) : (
        <RefusalText refusal={refusal} />
      )}
      {over > 0 ? (
        <div className="warning" data-testid="overpay-warning">
          <p>{t('payment.overpay', { amount: fmt.money(over), balance: fmt.money(Math.max(0, balance)) })}</p>
          <label className="check-field">
            <input type="checkbox" checked={overpayOk} onChange={(e) => setOverpayOk(e.target.checked)} data-testid="overpay-confirm" />
            <span>{t('payment.overpayConfirm', { amount: fmt.money(over) })}</span>
          </label>
        </div>
      ) : null}
      {deposit ? <p className="muted small-note">{t('payment.depositNote')}</p> : null}
      {!online ? <p className="muted small-note">{t('payment.offlineNote')}</p> : null}
      <ErrorText error={error} />
      <FormButtons
        onCancel={onDone}
        submitLabel={parsed.ok ? t(deposit ? 'payment.submitDeposit' : 'payment.submitAmount', { amount: fmt.money(parsed.minor) }) : t('payment.submit')}
        disabled={!command || busy || refusal !== null || needsConfirm}
        testId="confirm-folio-payment"
      />
    </form>
  );
}

export function CreditNoteForm({ invoice, fmt, onDone }: { invoice: Invoice; fmt: HotelFormat; onDone: () => void }) {
  const t = useFolioT();
  const [reason, setReason] = useState('');
  const command = useMemo<CommandOf<'issue_credit_note'>>(
    () => ({ type: 'issue_credit_note', invoiceId: invoice.id, reason: reason.trim() === '' ? 'x' : reason }),
    [invoice.id, reason],
  );
  const refusal = usePlanCheck(command);
  const { run, error, busy } = useSubmit();
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (refusal || reason.trim() === '') return;
    if (await run({ ...command, reason })) onDone();
  };
  return (
    <form className="form folio-form" onSubmit={onSubmit} data-testid="credit-note-form" aria-label={t('creditNote.title')}>
      <h3>{t('creditNote.title')}</h3>
      <p className="muted">{t('creditNote.explain', { number: invoice.number, amount: fmt.money(invoice.totalCents) })}</p>
      <label className="field">
        <span>{t('creditNote.reason')}</span>
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={300} data-autofocus data-testid="credit-note-reason" autoComplete="off" />
      </label>
      <RefusalText refusal={refusal} />
      <ErrorText error={error} />
      <FormButtons
        onCancel={onDone}
        submitLabel={t('creditNote.submit')}
        disabled={busy || refusal !== null || reason.trim() === ''}
        testId="confirm-credit-note"
      />
    </form>
  );
}

/** Issues the invoice and opens it (its number shows once the gateway has given one). */
export function IssueInvoiceButton({ reservationId }: { reservationId: string }) {
  const t = useFolioT();
  const command = useMemo<Command>(() => ({ type: 'issue_invoice', reservationId }), [reservationId]);
  const refusal = usePlanCheck(command);
  const { run, error, busy } = useSubmit();
  const onClick = async () => {
    const item = await run(command);
    if (item) openFolioPanel({ kind: 'invoice', invoiceId: derivedId('inv', item.key) });
  };
  return (
    <>
      <button
        type="button"
        className="btn"
        onClick={() => void onClick()}
        disabled={busy || refusal !== null}
        title={refusal ? refusal.message : undefined}
        data-testid="issue-invoice"
      >
        {t('folio.issueInvoice')}
      </button>
      {refusal && refusal.code !== 'empty_folio' ? <RefusalText refusal={refusal} testId="invoice-refusal" /> : null}
      <ErrorText error={error} />
    </>
  );
}
