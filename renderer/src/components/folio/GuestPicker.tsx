/**
 * Finds an existing guest record by name, email or phone, for a booking (the new
 * booking dialog can use it: `onPick` gets the guest; send `create_reservation`
 * with `guestId: guest.id`) and for the guests panel.
 */
import { useMemo, useState } from 'react';
import type { Guest } from '../../../../shared/domain.ts';
import { useFolioT } from '../../i18n/folio.ts';
import { useShownState } from '../../state/selectors.ts';

/** Guests whose name, email or phone contains every word typed (accents and case ignored). */
export function searchGuests(guests: Iterable<Guest>, query: string, limit = 50): Guest[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const words = fold(query).split(/\s+/).filter(Boolean);
  const digits = query.replace(/\D/g, '');
  const out: Guest[] = [];
  for (const g of guests) {
    const hay = fold(`${g.name} ${g.email ?? ''} ${g.phone ?? ''}`);
    const phoneHit = digits.length >= 4 && (g.phone ?? '').replace(/\D/g, '').includes(digits);
    if (words.every((w) => hay.includes(w)) || phoneHit) out.push(g);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name)).slice(0, limit);
}

/** Picks an existing guest by search (for a new booking). */
export function GuestPicker({ onPick, autoFocus = false }: { onPick: (guest: Guest) => void; autoFocus?: boolean }) {
  const t = useFolioT();
  const state = useShownState();
  const [query, setQuery] = useState('');
  const results = useMemo(() => (query.trim() === '' ? [] : searchGuests(state.guests.values(), query, 8)), [state.guests, query]);
  return (
    <div className="guest-picker">
      <label className="field">
        <span>{t('guests.search')}</span>
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('guests.searchHint')}
          data-autofocus={autoFocus ? true : undefined}
          data-testid="guest-search"
          autoComplete="off"
        />
      </label>
      {query.trim() !== '' ? (
        results.length === 0 ? (
          <p className="muted" data-testid="guest-search-empty">
            {t('guests.noMatch')}
          </p>
        ) : (
          <ul className="guest-results" data-testid="guest-results">
            {results.map((g) => (
              <li key={g.id}>
                <button type="button" className="btn btn-quiet guest-result" onClick={() => onPick(g)} data-testid="guest-result" data-guest-id={g.id}>
                  <strong>{g.name}</strong> <span className="muted">{[g.email, g.phone].filter(Boolean).join(' · ')}</span>
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
