/**
 * An invoice or credit note as the guest receives it: in the GUEST's language
 * (`invoice.language`; English when the desk has no texts in it), with amounts in
 * the invoice's currency and dates in the hotel's locale. Everything printed comes
 * from the frozen invoice, never from the folio as it is now.
 */
import type { Invoice } from '../../../shared/domain.ts';
import { hotelFormat } from '../components/folio/hotel-format.ts';
import { supportedLanguage } from '../i18n/desk-language.ts';
import { useFolioT } from '../i18n/folio.ts';

export function invoiceLanguage(invoice: Invoice): string {
  return supportedLanguage(invoice.language) ?? 'en';
}

export function InvoiceDocument({ invoice, locale, numberPending, corrects }: { invoice: Invoice; locale: string; numberPending: boolean; corrects?: string }) {
  const lang = invoiceLanguage(invoice);
  const t = useFolioT(lang);
  const fmt = hotelFormat(invoice.currency, locale);
  const credit = invoice.kind === 'credit_note';
  const title = credit ? t('doc.creditNote') : t('doc.invoice');
  const number = numberPending ? t('invoice.numberPending') : invoice.number;
  return (
    <article className="doc" lang={lang} data-testid="invoice-document" data-kind={invoice.kind}>
      <header className="doc-head">
        <div>
          <h1>
            {title} {numberPending ? null : number}
          </h1>
          {numberPending ? <p data-testid="doc-number-pending">{number}</p> : null}
        </div>
        <div className="doc-hotel">
          <strong>{invoice.hotel.name}</strong>
          {invoice.hotel.address ? <div>{invoice.hotel.address}</div> : null}
        </div>
      </header>
      <dl className="doc-meta">
        <dt>{t('doc.billTo')}</dt>
        <dd>
          {invoice.guest.name}
          {invoice.guest.address ? <div>{invoice.guest.address}</div> : null}
          {invoice.guest.email ? <div>{invoice.guest.email}</div> : null}
        </dd>
        <dt>{t('doc.number')}</dt>
        <dd data-testid="doc-number">{number}</dd>
        <dt>{t('doc.date')}</dt>
        <dd>{fmt.date(invoice.businessDate)}</dd>
        <dt>{t('doc.stay')}</dt>
        <dd>
          {fmt.date(invoice.stay.arrival)} – {fmt.date(invoice.stay.departure)}
          {invoice.stay.room ? ` · ${t('doc.room', { number: invoice.stay.room })}` : ''} · {t('doc.confirmation', { confirmation: invoice.stay.confirmation })}
        </dd>
        {credit && corrects ? (
          <>
            <dt>{t('doc.corrects')}</dt>
            <dd>{corrects}</dd>
          </>
        ) : null}
        {credit && invoice.reason ? (
          <>
            <dt>{t('doc.reason')}</dt>
            <dd>{invoice.reason}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t('doc.lines')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('doc.lineDate')}</th>
            <th scope="col">{t('doc.lineDescription')}</th>
            <th scope="col" className="num">
              {t('doc.lineAmount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {invoice.lines.map((l, i) => (
            <tr key={i}>
              <td>{fmt.date(l.businessDate)}</td>
              <td>
                {/* The audit writes room and tax lines in the desk's words; the guest reads them in theirs. */}
                {l.category === 'room'
                  ? t('doc.roomLine', { date: fmt.date(l.businessDate), room: invoice.stay.room ?? '' })
                  : l.category === 'tax'
                    ? t('doc.taxLine', { date: fmt.date(l.businessDate) })
                    : l.description}{' '}
                <span className="doc-category">({t(`category.${l.category}`)})</span>
              </td>
              <td className="num">{fmt.money(l.amountCents)}</td>
            </tr>
          ))}
          <tr className="doc-total">
            <td colSpan={2}>{t('doc.total')}</td>
            <td className="num">{fmt.money(invoice.totalCents)}</td>
          </tr>
        </tbody>
      </table>
      {invoice.taxes.length > 0 ? (
        <>
          <h2>{t('doc.taxes')}</h2>
          <table>
            <tbody>
              {invoice.taxes.map((tax) => (
                <tr key={tax.rateBp}>
                  <td>{t('doc.taxRate', { rate: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(tax.rateBp / 100) })}</td>
                  <td className="num">{fmt.money(tax.amountCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {!credit ? (
        <>
          <h2>{t('doc.payments')}</h2>
          {invoice.payments.length === 0 ? (
            <p>{t('doc.noPayments')}</p>
          ) : (
            <table>
              <tbody>
                {invoice.payments.map((p, i) => (
                  <tr key={i}>
                    <td>{fmt.dateTime(p.at)}</td>
                    <td>{t(`method.${p.method}`)}</td>
                    <td className="num">{fmt.money(p.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <table>
            <tbody>
              <tr>
                <td>{t('doc.paid')}</td>
                <td className="num">{fmt.money(invoice.paidCents)}</td>
              </tr>
              <tr className="doc-total">
                <td>{invoice.balanceCents < 0 ? t('doc.credit') : t('doc.balance')}</td>
                <td className="num" data-testid="doc-balance">
                  {fmt.money(Math.abs(invoice.balanceCents))}
                </td>
              </tr>
            </tbody>
          </table>
        </>
      ) : null}
      <p className="doc-foot">{credit ? t('doc.creditFoot') : invoice.balanceCents > 0 ? t('doc.footDue') : t('doc.footPaid')}</p>
    </article>
  );
}
