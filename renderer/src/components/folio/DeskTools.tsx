/**
 * The desk tools: guests and the night audit in the header; who is on shift
 * (opens the shift and cash drawer) and the desk's language in the status bar.
 */
import { chooseDeskLanguage, DESK_LANGUAGES, LANGUAGE_NAME, languageLockedByPolicy, useDeskLanguage, type DeskLanguage } from '../../i18n/desk-language.ts';
import { useFolioT } from '../../i18n/folio.ts';
import { openFolioPanel } from './folio-ui.ts';
import { ShiftBadge } from './ShiftPanel.tsx';

export function LanguageSwitch() {
  const t = useFolioT();
  const lang = useDeskLanguage();
  const locked = languageLockedByPolicy();
  return (
    <label className="language-switch" title={locked ? t('tools.languageLocked') : t('tools.language')}>
      <span className="sr-only">{t('tools.language')}</span>
      <select value={lang} onChange={(e) => chooseDeskLanguage(e.target.value as DeskLanguage)} disabled={locked} data-testid="language-switch">
        {DESK_LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAME[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function DeskTools() {
  const t = useFolioT();
  return (
    <>
      <button type="button" className="btn btn-quiet" onClick={() => openFolioPanel({ kind: 'guests' })} data-testid="open-guests">
        {t('tools.guests')}
      </button>
      <button type="button" className="btn btn-quiet" onClick={() => openFolioPanel({ kind: 'audit' })} aria-label={t('tools.audit')} data-testid="open-audit">
        <span className="label-long">{t('tools.audit')}</span>
        <span className="label-short" aria-hidden="true">
          {t('tools.auditShort')}
        </span>
      </button>
    </>
  );
}

export function DeskStatus() {
  return (
    <div className="desk-status">
      <ShiftBadge />
      <LanguageSwitch />
    </div>
  );
}

/** The folio button a reservation row offers. */
export function FolioButton({ reservationId, guestName }: { reservationId: string; guestName: string }) {
  const t = useFolioT();
  return (
    <button
      type="button"
      className="btn btn-folio"
      onClick={() => openFolioPanel({ kind: 'folio', reservationId })}
      aria-label={t('tools.folioOf', { name: guestName })}
      data-testid="action-folio"
    >
      {t('tools.folio')}
    </button>
  );
}
