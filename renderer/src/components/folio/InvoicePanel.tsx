/** One invoice or credit note, as it will print, with Print (the system dialog, where PDF is a printer too). */
import { useFolioT } from '../../i18n/folio.ts';
import { InvoiceDocument, invoiceLanguage } from '../../print/InvoiceDocument.tsx';
import { Printable, printNow, SavePdfButton } from '../../print/Printable.tsx';
import { useShownState } from '../../state/selectors.ts';
import { Modal } from '../Modal.tsx';
import { LANGUAGE_NAME, type DeskLanguage } from '../../i18n/desk-language.ts';
import { closeFolioPanel, openFolioPanel } from './folio-ui.ts';
import { useHotelFormat } from './hotel-format.ts';
import { useInvoicePending } from './InvoiceNumber.tsx';
import type { Invoice } from '../../../../shared/domain.ts';

export function InvoicePanel({ invoiceId }: { invoiceId: string }) {
  const t = useFolioT();
  const state = useShownState();
  const invoice = state.invoices.get(invoiceId);
  if (!invoice) {
    return (
      <Modal title={t('invoice.title')} onClose={closeFolioPanel} testId="invoice-panel">
        <p>{t('invoice.notFound')}</p>
      </Modal>
    );
  }
  return <InvoiceShown invoice={invoice} corrects={invoice.correctsInvoiceId ? state.invoices.get(invoice.correctsInvoiceId)?.number : undefined} />;
}

function InvoiceShown({ invoice, corrects }: { invoice: Invoice; corrects?: string }) {
  const t = useFolioT();
  const fmt = useHotelFormat();
  const pending = useInvoicePending(invoice);
  const docTitle = `${t(invoice.kind === 'invoice' ? 'invoice.kindInvoice' : 'invoice.kindCreditNote')} ${invoice.number}`;
  const doc = <InvoiceDocument invoice={invoice} locale={fmt.locale} numberPending={pending} corrects={corrects} />;
  return (
    <Modal title={t(invoice.kind === 'invoice' ? 'invoice.kindInvoice' : 'invoice.kindCreditNote')} onClose={closeFolioPanel} testId="invoice-panel" wide>
      <p className="muted">
        {t('invoice.language', { language: LANGUAGE_NAME[invoiceLanguage(invoice) as DeskLanguage] })}
        {pending ? ` · ${t('invoice.numberPendingLong')}` : ''}
      </p>
      {/* Scrolls on a small screen: focusable so the keyboard can scroll it too. */}
      <div className="doc-preview" tabIndex={0} role="region" aria-label={t('invoice.preview')}>
        {doc}
      </div>
      <Printable>{doc}</Printable>
      <div className="form-actions">
        <button
          type="button"
          className="btn"
          onClick={() => openFolioPanel({ kind: 'folio', reservationId: invoice.reservationId })}
          data-testid="back-to-folio"
        >
          {t('invoice.backToFolio')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void printNow(docTitle)}
          disabled={pending}
          title={pending ? t('invoice.numberPendingLong') : undefined}
          data-testid="print-invoice"
        >
          {t('invoice.print')}
        </button>
        <SavePdfButton title={docTitle} disabled={pending} testId="save-invoice-pdf" />
      </div>
    </Modal>
  );
}
