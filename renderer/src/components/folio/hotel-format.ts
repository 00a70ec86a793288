/**
 * Money and dates as the hotel writes them, for the folio screens and printed
 * documents: amounts in the hotel's currency and locale (shared/money.ts),
 * calendar dates as UTC midnights so no time zone can move a business date.
 */
import { useMemo } from 'react';
import { formatMoney, formatMoneyPlain, minorDigits, parseMoneyInput, type MoneyInput } from '../../../../shared/money.ts';
import { useHotel } from '../../state/selectors.ts';

export interface HotelFormat {
  currency: string;
  locale: string;
  money(minor: number): string;
  /** "120.50": what the receptionist would type for this amount. */
  plain(minor: number): string;
  parse(text: string): MoneyInput;
  /** "05.12.2026" for 2026-12-05 in de-DE. */
  date(iso: string): string;
  /** An instant with date and time, in the hotel's time zone. */
  dateTime(iso: string): string;
  percent(value: number): string;
  /** The time of day of an instant, in the hotel's time zone ("14:05"). */
  time(iso: string): string;
}

export function hotelFormat(currency: string, locale: string, timeZone?: string): HotelFormat {
  const date = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone });
  const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone });
  const pct = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  minorDigits(currency);
  return {
    currency,
    locale,
    money: (minor) => formatMoney(minor, currency, locale),
    plain: (minor) => formatMoneyPlain(minor, currency),
    parse: (text) => parseMoneyInput(text, currency),
    date: (iso) => {
      const [y, m, d] = iso.split('-').map(Number);
      return y && m && d ? date.format(Date.UTC(y, m - 1, d)) : iso;
    },
    dateTime: (iso) => {
      const ms = Date.parse(iso);
      return Number.isNaN(ms) ? iso : dateTime.format(ms);
    },
    percent: (value) => `${pct.format(value)} %`,
    time: (iso) => {
      const ms = Date.parse(iso);
      return Number.isNaN(ms) ? iso : clock.format(ms);
    },
  };
}

/** The hotel's format; before a hotel record arrives, EUR in the browser's locale. */
export function useHotelFormat(): HotelFormat {
  const hotel = useHotel();
  const currency = hotel?.currency ?? 'EUR';
  const locale = hotel?.locale ?? navigator.language;
  const zone = hotel?.timeZone;
  return useMemo(() => hotelFormat(currency, locale, zone), [currency, locale, zone]);
}
