/**
 * Guests as records of their own: search by name, email or phone; a guest's
 * contacts, language (their invoices print in it) and notes, their stays and
 * invoices (`guestRecord`, the same history the data-export route returns); a
 * new guest; a new booking for a guest.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { Command } from '../../../../shared/commands.ts';
import type { Guest } from '../../../../shared/domain.ts';
import { guestRecord } from '../../../../shared/guest-record.ts';
import { derivedId } from '../../../../shared/ids.ts';
import { folioOf } from '../../../../shared/planner.ts';
import { DESK_LANGUAGES, LANGUAGE_NAME } from '../../i18n/desk-language.ts';
import { useFolioT } from '../../i18n/folio.ts';
import { usePlanCheck, useShownState } from '../../state/selectors.ts';
import { Modal } from '../Modal.tsx';
import { ErrorText, PendingMark, RefusalText, usePendingIds } from './common.tsx';
import { closeFolioPanel, openFolioPanel } from './folio-ui.ts';
import { useHotelFormat } from './hotel-format.ts';
import { InvoiceNumber } from './InvoiceNumber.tsx';
import { GuestPicker } from './GuestPicker.tsx';
import { useSubmit } from '../../hooks/action.ts';

export function GuestsPanel({ guestId }: { guestId?: string }) {
  const t = useFolioT();
  const [creating, setCreating] = useState(false);
  return (
    <Modal title={t('guests.title')} onClose={closeFolioPanel} testId="guests-panel" wide>
      <div className="guests-layout">
        <div className="guests-search">
          <GuestPicker onPick={(g) => openFolioPanel({ kind: 'guests', guestId: g.id })} autoFocus={!guestId} />
          <button type="button" className="btn" onClick={() => setCreating(true)} data-testid="new-guest">
            {t('guests.new')}
          </button>
        </div>
        <div className="guests-detail">
          {creating ? (
            <GuestForm
              onDone={(id) => {
                setCreating(false);
                if (id) openFolioPanel({ kind: 'guests', guestId: id });
              }}
            />
          ) : guestId ? (
            <GuestDetail key={guestId} guestId={guestId} />
          ) : (
            <p className="muted">{t('guests.pick')}</p>
          )}
        </div>
      </div>
    </Modal>
  );
}

function GuestDetail({ guestId }: { guestId: string }) {
  const t = useFolioT();
  const state = useShownState();
  const fmt = useHotelFormat();
  const pending = usePendingIds();
  const [editing, setEditing] = useState(false);
  const record = useMemo(() => guestRecord(state, guestId), [state, guestId]);
  if (!record) return <p>{t('guests.notFound')}</p>;
  const { guest } = record;
  if (editing) return <GuestForm guest={guest} onDone={() => setEditing(false)} />;
  return (
    <div className="guest-detail" data-testid="guest-detail" data-guest-id={guest.id}>
      <h3>
        {guest.name} <PendingMark pending={pending.has(guest.id)} />
      </h3>
      <dl className="doc-meta">
        <dt>{t('guests.email')}</dt>
        <dd>{guest.email ?? '—'}</dd>
        <dt>{t('guests.phone')}</dt>
        <dd>{guest.phone ?? '—'}</dd>
        <dt>{t('guests.address')}</dt>
        <dd>{guest.address ?? '—'}</dd>
        <dt>{t('guests.language')}</dt>
        <dd>{guest.language ? (LANGUAGE_NAME[guest.language as keyof typeof LANGUAGE_NAME] ?? guest.language) : '—'}</dd>
        <dt>{t('guests.notes')}</dt>
        <dd data-testid="guest-notes-text">{guest.notes ?? '—'}</dd>
      </dl>
      <div className="form-actions form-actions-start">
        <button type="button" className="btn" onClick={() => setEditing(true)} data-testid="edit-guest">
          {t('guests.edit')}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => openFolioPanel({ kind: 'booking', guestId: guest.id })} data-testid="book-for-guest">
          {t('guests.book')}
        </button>
      </div>
      <h4>{t('guests.stays', { count: record.reservations.length })}</h4>
      {record.reservations.length > 0 ? (
        <table className="folio-table" data-testid="guest-stays">
          <tbody>
            {[...record.reservations].reverse().map((r) => (
              <tr key={r.id} data-testid="guest-stay">
                <td className="nowrap">
                  {fmt.date(r.arrival)} – {fmt.date(r.departure)}
                </td>
                <td className="nowrap">{r.confirmation}</td>
                <td>{t(`status.${r.status}`)}</td>
                <td className="num">{fmt.money(folioOf(state, r.id).balanceCents)}</td>
                <td>
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => openFolioPanel({ kind: 'folio', reservationId: r.id })}
                    data-testid="guest-stay-folio"
                  >
                    {t('guests.openFolio')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h4>{t('guests.invoices', { count: record.invoices.length })}</h4>
      {record.invoices.length > 0 ? (
        <ul className="folio-invoices">
          {record.invoices.map((inv) => (
            <li key={inv.id}>
              <span>
                {t(inv.kind === 'invoice' ? 'invoice.kindInvoice' : 'invoice.kindCreditNote')} <InvoiceNumber invoice={inv} />
              </span>
              <span>{fmt.money(inv.totalCents)}</span>
              <button type="button" className="btn btn-small" onClick={() => openFolioPanel({ kind: 'invoice', invoiceId: inv.id })}>
                {t('folio.openInvoice')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A new guest record, or changes to one (only what changed is sent). */
function GuestForm({ guest, onDone }: { guest?: Guest; onDone: (guestId: string | null) => void }) {
  const t = useFolioT();
  const [name, setName] = useState(guest?.name ?? '');
  const [email, setEmail] = useState(guest?.email ?? '');
  const [phone, setPhone] = useState(guest?.phone ?? '');
  const [address, setAddress] = useState(guest?.address ?? '');
  const [language, setLanguage] = useState(guest?.language ?? '');
  const [notes, setNotes] = useState(guest?.notes ?? '');
  const command = useMemo<Command>(() => {
    const typed = { name, email, phone, address, notes, language };
    // A new record carries what was filled in; a change carries only what differs from the record.
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(typed)) {
      const before = guest ? (guest[k as keyof Guest] ?? '') : '';
      if (k === 'name' ? !guest || v !== before : v.trim() !== '' ? v !== before : before !== '' && k !== 'language') fields[k] = v;
    }
    return guest ? { type: 'update_guest', guestId: guest.id, ...fields } : { type: 'create_guest', name, ...fields };
  }, [guest, name, email, phone, address, language, notes]);
  const refusal = usePlanCheck(name.trim() === '' ? null : command);
  const { run, error, busy } = useSubmit();
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (refusal || name.trim() === '') return;
    const item = await run(command);
    if (item) onDone(guest ? guest.id : derivedId('guest', item.key));
  };
  const languages = [...new Set<string>([...DESK_LANGUAGES, ...(guest?.language ? [guest.language] : [])])];
  return (
    <form className="form folio-form" onSubmit={onSubmit} data-testid="guest-form" aria-label={guest ? t('guests.editTitle') : t('guests.newTitle')}>
      <h3>{guest ? t('guests.editTitle') : t('guests.newTitle')}</h3>
      <div className="form-grid">
        <label className="field">
          <span>{t('guests.name')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required data-autofocus data-testid="guest-name" autoComplete="off" />
        </label>
        <label className="field">
          <span>{t('guests.language')}</span>
          <select value={language} onChange={(e) => setLanguage(e.target.value)} data-testid="guest-language">
            <option value="">{t('guests.languageHotel')}</option>
            {languages.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAME[l as keyof typeof LANGUAGE_NAME] ?? l}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('guests.email')}</span>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={254} data-testid="guest-email" autoComplete="off" />
        </label>
        <label className="field">
          <span>{t('guests.phone')}</span>
          <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={40} data-testid="guest-phone" autoComplete="off" />
        </label>
        <label className="field span-2">
          <span>{t('guests.address')}</span>
          <input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={300} data-testid="guest-address" autoComplete="off" />
        </label>
        <label className="field span-2">
          <span>{t('guests.notes')}</span>
          <textarea value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={1000} rows={2} data-testid="guest-notes-input" />
        </label>
      </div>
      <RefusalText refusal={refusal} />
      <ErrorText error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={() => onDone(guest?.id ?? null)}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy || refusal !== null || name.trim() === ''} data-testid="confirm-guest">
          {guest ? t('guests.save') : t('guests.create')}
        </button>
      </div>
    </form>
  );
}
