/**
 * The hotel's own clock, money and dates, as every screen shows them. "Today" is
 * the hotel's business date (it moves when the day is closed, never with the PC's
 * clock or zone); amounts are minor units of the hotel's currency, formatted in its
 * locale by shared/money.ts. Only without a hotel record (an older gateway) does
 * the desk fall back to the PC's date, EUR and the browser's locale.
 */
import { useMemo } from 'react';
import { formatMoney, formatMoneyPlain, minorDigits, parseMoneyInput, type MoneyInput } from '../../../shared/money.ts';
import { useHotel } from '../state/selectors.ts';
import { useTick } from './clock.ts';

const FALLBACK_CURRENCY = 'EUR';

function pcDate(now: number): string {
  const d = new Date(now);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The hotel's business date, YYYY-MM-DD. */
export function useBusinessDate(): string {
  const hotel = useHotel();
  // The PC clock is read (and ticks) only when there is no hotel record.
  const now = useTick(hotel ? 3_600_000 : 30_000);
  return hotel?.businessDate ?? pcDate(now);
}

export interface Money {
  currency: string;
  digits: number;
  /** "1.234,50 €", "￥12,000". */
  format(minor: number): string;
  /** "120.50" / "12000": an input field's starting value. */
  plain(minor: number): string;
  parse(text: string): MoneyInput;
  /** An amount as the receptionist would type it in this currency ("120.50", "12000"). */
  example: string;
}

export function useMoney(): Money {
  const hotel = useHotel();
  const currency = hotel?.currency ?? FALLBACK_CURRENCY;
  const locale = hotel?.locale ?? navigator.language;
  return useMemo(() => {
    const digits = minorDigits(currency);
    return {
      currency,
      digits,
      format: (minor: number) => formatMoney(minor, currency, locale),
      plain: (minor: number) => formatMoneyPlain(minor, currency),
      parse: (text: string) => parseMoneyInput(text, currency),
      example: formatMoneyPlain(12050 * 10 ** Math.max(0, digits - 2), currency),
    };
  }, [currency, locale]);
}

export interface HotelDates {
  locale: string;
  /** "5. Dez." for 2026-12-05 in de-DE. */
  short(iso: string): string;
  /** "Samstag, 5. Dezember 2026". */
  long(iso: string): string;
  /** An instant, as a time today or a day and time otherwise, in the hotel's zone. */
  time(iso: string | null | undefined): string;
}

const cache = new Map<string, HotelDates>();

function datesFor(locale: string, timeZone: string | undefined): HotelDates {
  const key = `${locale}|${timeZone ?? ''}`;
  let d = cache.get(key);
  if (d) return d;
  // Calendar dates are formatted as UTC midnights so no zone can shift the day.
  const short = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const long = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone });
  const dayClock = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone });
  const dayOf = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
  const utc = (iso: string) => {
    const [y, m, day] = iso.split('-').map(Number);
    return y && m && day ? Date.UTC(y, m - 1, day) : NaN;
  };
  d = {
    locale,
    short: (iso) => (Number.isNaN(utc(iso)) ? iso : short.format(utc(iso))),
    long: (iso) => (Number.isNaN(utc(iso)) ? iso : long.format(utc(iso))),
    time: (iso) => {
      if (!iso) return '';
      const ms = Date.parse(iso);
      if (Number.isNaN(ms)) return iso;
      return dayOf.format(ms) === dayOf.format(Date.now()) ? clock.format(ms) : dayClock.format(ms);
    },
  };
  cache.set(key, d);
  return d;
}

/** Dates in the hotel's locale (and instants in its time zone). */
export function useHotelDates(): HotelDates {
  const hotel = useHotel();
  return datesFor(hotel?.locale ?? navigator.language, hotel?.timeZone);
}
