/** Small pieces the folio screens share: refusal sentences, amounts, pending marks, the money field. */
import { useId, type ReactNode } from 'react';
import type { Refusal } from '../../../../shared/planner.ts';
import { useFolioT, type FolioKey } from '../../i18n/folio.ts';
import { useDesk } from '../../state/store.ts';
import type { HotelFormat } from './hotel-format.ts';
import './folio.css';

const selectPending = (s: { optimistic: { pending: ReadonlyMap<string, readonly string[]> } }) => s.optimistic.pending;

/** Whether an entity still waits for the gateway (it has a pending action). */
export function usePendingIds(): ReadonlyMap<string, readonly string[]> {
  return useDesk(selectPending);
}

/** Online means the gateway answers now: only then can the desk know the balance for sure. */
export function useOnline(): boolean {
  return useDesk((s) => s.status?.state === 'live');
}

/**
 * A refusal in the desk's language. The planner's own message names amounts and
 * people in English; it is added as detail only when the desk speaks English.
 */
export function RefusalText({ refusal, testId = 'folio-refusal' }: { refusal: Refusal | { code: string; message: string } | null; testId?: string }) {
  const t = useFolioT();
  if (!refusal) return null;
  const key = `refusal.${refusal.code}` as FolioKey;
  const sentence = t(key, { defaultValue: '' });
  return (
    <p className="form-error" role="alert" data-testid={testId} data-code={refusal.code}>
      {sentence || refusal.message}
    </p>
  );
}

export function ErrorText({ error }: { error: string | null }) {
  const t = useFolioT();
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {t('common.sendFailed', { error })}
    </p>
  );
}

export function PendingMark({ pending }: { pending: boolean }) {
  const t = useFolioT();
  if (!pending) return null;
  return (
    <span className="tag tag-pending" title={t('common.pendingTitle')} data-testid="folio-pending">
      {t('common.pending')}
    </span>
  );
}

export function Amount({ minor, fmt, strong }: { minor: number; fmt: HotelFormat; strong?: boolean }) {
  const text = fmt.money(minor);
  return <span className={`amount${minor < 0 ? ' amount-negative' : ''}`}>{strong ? <strong>{text}</strong> : text}</span>;
}

/** An amount input in the hotel's currency, with its own error line. */
export function MoneyField(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  fmt: HotelFormat;
  testId: string;
  autoFocus?: boolean;
  extra?: ReactNode;
}) {
  const { label, value, onChange, fmt, testId, autoFocus, extra } = props;
  const t = useFolioT();
  const id = useId();
  const parsed = fmt.parse(value);
  const showError = value.trim() !== '' && !parsed.ok;
  return (
    <label className="field">
      <span>
        {label} <span className="muted">({fmt.currency})</span>
      </span>
      <input
        inputMode="decimal"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={showError}
        aria-describedby={showError ? id : undefined}
        data-autofocus={autoFocus ? true : undefined}
        data-testid={testId}
        autoComplete="off"
      />
      {showError && !parsed.ok ? (
        <span className="form-error" id={id}>
          {t(`money.${parsed.reason}`, { example: fmt.plain(12050), currency: fmt.currency })}
        </span>
      ) : null}
      {extra}
    </label>
  );
}

/** The section heading with a count, as every folio table has. */
export function SectionTitle({ children, count }: { children: ReactNode; count?: number }) {
  return (
    <h3 className="folio-section-title">
      {children}
      {count !== undefined ? <span className="muted"> ({count})</span> : null}
    </h3>
  );
}
