/**
 * An invoice's number, or — while it still waits in the outbox — the plain fact
 * that the gateway assigns it: the optimistic view's number is provisional (the
 * next number may go to another desk first) and must never be shown or printed.
 */
import type { Invoice } from '../../../../shared/domain.ts';
import { useFolioT } from '../../i18n/folio.ts';
import { usePendingIds } from './common.tsx';

export function useInvoicePending(invoice: Invoice): boolean {
  return usePendingIds().has(invoice.id);
}

export function InvoiceNumber({ invoice }: { invoice: Invoice }) {
  const t = useFolioT();
  const pending = useInvoicePending(invoice);
  return pending ? (
    <span className="muted" data-testid="invoice-number-pending">
      {t('invoice.numberPending')}
    </span>
  ) : (
    <strong data-testid="invoice-number">{invoice.number}</strong>
  );
}
