/**
 * A reservation's folio: what was charged (each on its business date, voids
 * struck through), what was paid (method, reference, voids, refunds), refunds,
 * invoices, and the balance derived from them (`folioOf`) — a negative balance is
 * the guest's credit, shown as such and settled by a refund. A deposit is simply
 * a payment taken while the stay is booked, so it is on the folio at check-in.
 */
import { useMemo, useState } from 'react';
import type { Charge, Invoice, Payment, Reservation } from '../../../../shared/domain.ts';
import { folioOf } from '../../../../shared/planner.ts';
import { useFolioT } from '../../i18n/folio.ts';
import { useShownState } from '../../state/selectors.ts';
import { Modal } from '../Modal.tsx';
import { Amount, PendingMark, SectionTitle, usePendingIds } from './common.tsx';
import { CreditNoteForm, IssueInvoiceButton, PaymentForm, PostChargeForm, RefundForm, VoidForm } from './folio-forms.tsx';
import { closeFolioPanel, openFolioPanel } from './folio-ui.ts';
import { GuestNotes } from './GuestNotes.tsx';
import { useHotelFormat, type HotelFormat } from './hotel-format.ts';
import { InvoiceNumber } from './InvoiceNumber.tsx';

type Form =
  | { kind: 'charge' }
  | { kind: 'payment' }
  | { kind: 'voidCharge'; charge: Charge }
  | { kind: 'voidPayment'; payment: Payment }
  | { kind: 'refund'; payment: Payment }
  | { kind: 'creditNote'; invoice: Invoice };

export function FolioPanel({ reservationId }: { reservationId: string }) {
  const t = useFolioT();
  const state = useShownState();
  const fmt = useHotelFormat();
  const pending = usePendingIds();
  const [form, setForm] = useState<Form | null>(null);
  const reservation = state.reservations.get(reservationId);
  const folio = useMemo(() => folioOf(state, reservationId), [state, reservationId]);
  const invoices = useMemo(
    () => [...state.invoices.values()].filter((i) => i.reservationId === reservationId).sort((a, b) => a.seq - b.seq),
    [state.invoices, reservationId],
  );
  if (!reservation) {
    return (
      <Modal title={t('folio.title')} onClose={closeFolioPanel} testId="folio-panel">
        <p>{t('folio.notFound')}</p>
      </Modal>
    );
  }
  const room = reservation.roomId ? state.rooms.get(reservation.roomId)?.number : null;
  const charges = [...folio.charges].sort((a, b) => (a.businessDate < b.businessDate ? -1 : a.businessDate > b.businessDate ? 1 : a.at < b.at ? -1 : 1));
  const payments = [...folio.payments].sort((a, b) => (a.at < b.at ? -1 : 1));
  const done = () => setForm(null);
  const today = [...state.hotels.values()][0]?.businessDate;

  return (
    <Modal title={t('folio.titleFor', { name: reservation.guestName })} onClose={closeFolioPanel} testId="folio-panel" wide>
      <div className="folio" data-reservation-id={reservation.id} data-confirmation={reservation.confirmation} data-status={reservation.status}>
        <p className="folio-stay muted" data-testid="folio-stay">
          {reservation.confirmation} · {t(`status.${reservation.status}`)} · {fmt.date(reservation.arrival)} – {fmt.date(reservation.departure)}
          {room ? ` · ${t('common.room', { number: room })}` : ''}
          {reservation.rateCents !== undefined ? ` · ${t('folio.rate', { amount: fmt.money(reservation.rateCents) })}` : ''}
        </p>
        <GuestNotes reservation={reservation} />
        <Summary charged={folio.chargedCents} paid={folio.paidCents} balance={folio.balanceCents} fmt={fmt} />
        <div className="folio-actions" role="toolbar" aria-label={t('folio.actions')}>
          <button type="button" className="btn" onClick={() => setForm({ kind: 'charge' })} data-testid="open-charge-form">
            {t('folio.postCharge')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => setForm({ kind: 'payment' })} data-testid="open-payment-form">
            {reservation.status === 'booked' ? t('folio.takeDeposit') : t('folio.takePayment')}
          </button>
          <IssueInvoiceButton reservationId={reservation.id} />
        </div>
        {form ? <FormFor form={form} reservation={reservation} balance={folio.balanceCents} fmt={fmt} onDone={done} /> : null}

        <section aria-label={t('folio.charges')}>
          <SectionTitle count={charges.length}>{t('folio.charges')}</SectionTitle>
          {charges.length === 0 ? (
            <p className="muted">{t('folio.noCharges')}</p>
          ) : (
            <table className="folio-table" data-testid="folio-charges">
              <thead>
                <tr>
                  <th scope="col">{t('folio.date')}</th>
                  <th scope="col">{t('folio.category')}</th>
                  <th scope="col">{t('folio.description')}</th>
                  <th scope="col" className="num">
                    {t('folio.amount')}
                  </th>
                  <th scope="col">
                    <span className="sr-only">{t('folio.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {charges.map((c) => (
                  <tr key={c.id} className={c.voided ? 'voided' : undefined} data-testid="folio-charge" data-category={c.category} data-voided={c.voided}>
                    <td>{fmt.date(c.businessDate)}</td>
                    <td>{t(`category.${c.category}`)}</td>
                    <td>
                      {c.voided ? <s>{c.description}</s> : c.description}
                      {c.voided ? <span className="muted small-note"> · {t('folio.voidedBecause', { reason: c.voidReason ?? '' })}</span> : null}
                      <PendingMark pending={pending.has(c.id)} />
                    </td>
                    <td className="num">{c.voided ? <s>{fmt.money(c.amountCents)}</s> : fmt.money(c.amountCents)}</td>
                    <td className="row-actions">
                      {!c.voided ? (
                        <button
                          type="button"
                          className="btn btn-small btn-quiet"
                          onClick={() => setForm({ kind: 'voidCharge', charge: c })}
                          aria-label={t('folio.voidChargeOf', { what: c.description })}
                          data-testid="void-charge"
                        >
                          {t('folio.void')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section aria-label={t('folio.payments')}>
          <SectionTitle count={payments.length}>{t('folio.payments')}</SectionTitle>
          {payments.length === 0 ? (
            <p className="muted">{t('folio.noPayments')}</p>
          ) : (
            <table className="folio-table" data-testid="folio-payments">
              <thead>
                <tr>
                  <th scope="col">{t('folio.date')}</th>
                  <th scope="col">{t('folio.method')}</th>
                  <th scope="col">{t('folio.reference')}</th>
                  <th scope="col" className="num">
                    {t('folio.amount')}
                  </th>
                  <th scope="col">
                    <span className="sr-only">{t('folio.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {payments.map((p) => {
                  const left = p.amountCents - (p.refundedCents ?? 0);
                  const deposit = p.businessDate !== undefined && p.businessDate < reservation.arrival;
                  return (
                    <tr
                      key={p.id}
                      className={p.voided ? 'voided' : undefined}
                      data-testid="folio-payment"
                      data-method={p.method}
                      data-voided={p.voided === true}
                    >
                      <td>{fmt.date(p.businessDate ?? p.at.slice(0, 10))}</td>
                      <td>
                        {t(`method.${p.method}`)}
                        {deposit ? <span className="tag"> {t('folio.deposit')}</span> : null}
                      </td>
                      <td>
                        {p.reference ?? ''}
                        {p.voided ? <span className="muted small-note"> {t('folio.voidedBecause', { reason: p.voidReason ?? '' })}</span> : null}
                        {p.refundedCents ? <span className="muted small-note"> {t('folio.refunded', { amount: fmt.money(p.refundedCents) })}</span> : null}
                        <PendingMark pending={pending.has(p.id)} />
                      </td>
                      <td className="num">{p.voided ? <s>{fmt.money(p.amountCents)}</s> : fmt.money(p.amountCents)}</td>
                      <td className="row-actions">
                        {!p.voided && p.businessDate === today && !p.refundedCents ? (
                          <button
                            type="button"
                            className="btn btn-small btn-quiet"
                            onClick={() => setForm({ kind: 'voidPayment', payment: p })}
                            data-testid="void-payment"
                          >
                            {t('folio.void')}
                          </button>
                        ) : null}
                        {!p.voided && left > 0 ? (
                          <button
                            type="button"
                            className="btn btn-small btn-quiet"
                            onClick={() => setForm({ kind: 'refund', payment: p })}
                            data-testid="refund-payment"
                          >
                            {t('folio.refund')}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>

        {folio.refunds.length > 0 ? (
          <section aria-label={t('folio.refunds')}>
            <SectionTitle count={folio.refunds.length}>{t('folio.refunds')}</SectionTitle>
            <table className="folio-table" data-testid="folio-refunds">
              <thead>
                <tr>
                  <th scope="col">{t('folio.date')}</th>
                  <th scope="col">{t('folio.method')}</th>
                  <th scope="col">{t('folio.reason')}</th>
                  <th scope="col" className="num">
                    {t('folio.amount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {folio.refunds.map((r) => (
                  <tr key={r.id} data-testid="folio-refund">
                    <td>{fmt.date(r.businessDate)}</td>
                    <td>{t(`method.${r.method}`)}</td>
                    <td>
                      {r.reason}
                      <PendingMark pending={pending.has(r.id)} />
                    </td>
                    <td className="num">{fmt.money(r.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}

        <section aria-label={t('folio.invoices')}>
          <SectionTitle count={invoices.length}>{t('folio.invoices')}</SectionTitle>
          {invoices.length === 0 ? (
            <p className="muted">{t('folio.noInvoices')}</p>
          ) : (
            <ul className="folio-invoices" data-testid="folio-invoices">
              {invoices.map((inv) => (
                <li key={inv.id} data-testid="folio-invoice" data-kind={inv.kind}>
                  <span>
                    {t(inv.kind === 'invoice' ? 'invoice.kindInvoice' : 'invoice.kindCreditNote')} <InvoiceNumber invoice={inv} />
                  </span>
                  <Amount minor={inv.totalCents} fmt={fmt} />
                  {inv.creditedBy ? <span className="tag">{t('folio.credited')}</span> : null}
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => openFolioPanel({ kind: 'invoice', invoiceId: inv.id })}
                    data-testid="open-invoice"
                  >
                    {t('folio.openInvoice')}
                  </button>
                  {inv.kind === 'invoice' && !inv.creditedBy ? (
                    <button
                      type="button"
                      className="btn btn-small btn-quiet"
                      onClick={() => setForm({ kind: 'creditNote', invoice: inv })}
                      data-testid="open-credit-note"
                    >
                      {t('folio.creditNote')}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </Modal>
  );
}

function Summary({ charged, paid, balance, fmt }: { charged: number; paid: number; balance: number; fmt: HotelFormat }) {
  const t = useFolioT();
  return (
    <dl className="folio-summary" data-testid="folio-summary">
      <div>
        <dt>{t('folio.charged')}</dt>
        <dd>{fmt.money(charged)}</dd>
      </div>
      <div>
        <dt>{t('folio.paid')}</dt>
        <dd>{fmt.money(paid)}</dd>
      </div>
      {balance < 0 ? (
        <div className="folio-credit" data-testid="folio-balance" data-balance={balance}>
          <dt>{t('folio.credit')}</dt>
          <dd>
            <strong>{fmt.money(-balance)}</strong>
            <span className="small-note"> {t('folio.creditHint')}</span>
          </dd>
        </div>
      ) : (
        <div className={balance > 0 ? 'folio-owed' : 'folio-settled'} data-testid="folio-balance" data-balance={balance}>
          <dt>{balance > 0 ? t('folio.balanceDue') : t('folio.settled')}</dt>
          <dd>
            <strong>{fmt.money(balance)}</strong>
          </dd>
        </div>
      )}
    </dl>
  );
}

function FormFor({ form, reservation, balance, fmt, onDone }: { form: Form; reservation: Reservation; balance: number; fmt: HotelFormat; onDone: () => void }) {
  switch (form.kind) {
    case 'charge':
      return <PostChargeForm reservation={reservation} fmt={fmt} onDone={onDone} />;
    case 'payment':
      return <PaymentForm reservation={reservation} balance={balance} fmt={fmt} onDone={onDone} />;
    case 'voidCharge':
      return <VoidForm target={{ kind: 'charge', charge: form.charge }} fmt={fmt} onDone={onDone} />;
    case 'voidPayment':
      return <VoidForm target={{ kind: 'payment', payment: form.payment }} fmt={fmt} onDone={onDone} />;
    case 'refund':
      return <RefundForm payment={form.payment} fmt={fmt} onDone={onDone} />;
    case 'creditNote':
      return <CreditNoteForm invoice={form.invoice} fmt={fmt} onDone={onDone} />;
  }
}
