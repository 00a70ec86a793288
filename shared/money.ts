/**
 * Money in one place. Every amount is an integer in the currency's minor unit
 * (cents for EUR, yen for JPY, fils for KWD); the number of decimals comes from
 * `Intl`, never from a hard-coded 2. Formatting uses `Intl.NumberFormat` in the
 * hotel's locale and currency; input parsing refuses what the currency cannot hold
 * ("0.125" is not an amount in EUR), instead of silently rounding or shifting it.
 */

const digitsCache = new Map<string, number>();

/** How many decimals the currency's minor unit has (EUR 2, JPY 0, KWD 3). */
export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, d);
  }
  return d;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** An amount in minor units as the hotel writes it: "1.234,50 €" (de-DE, EUR), "¥12,000" (ja-JP, JPY). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, f);
  }
  return f.format(minor / 10 ** minorDigits(currency));
}

/** The amount without a currency sign, for an input field's initial value ("120.50", "12000"). */
export function formatMoneyPlain(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const s = String(abs).padStart(digits + 1, '0');
  return `${sign}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

export type MoneyInput = { ok: true; minor: number } | { ok: false; reason: 'empty' | 'not_a_number' | 'too_many_decimals' | 'not_positive' };

/**
 * An amount as a receptionist types it, in minor units of `currency`.
 * A separator followed by exactly three digits groups thousands ("1,000" and
 * "1.000" are a thousand) unless the currency has three decimals; with both
 * separators the last one is the decimal point ("1.234,50", "1,234.50"). Spaces
 * and apostrophes group thousands ("1 000", "1'000"). More decimals than the
 * currency has is refused ("0.125" in EUR), as is any decimal in JPY.
 */
export function parseMoneyInput(text: string, currency: string): MoneyInput {
  const digits = minorDigits(currency);
  let s = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (s === '') return { ok: false, reason: 'empty' };
  if (!/^[0-9.,]+$/.test(s)) return { ok: false, reason: 'not_a_number' };
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    const [intPart, ...rest] = s.split(decimal);
    if (rest.length !== 1) return { ok: false, reason: 'not_a_number' };
    const groups = intPart.split(group);
    if (groups[0] === '' || groups.slice(1).some((g) => g.length !== 3)) return { ok: false, reason: 'not_a_number' };
    s = `${groups.join('')}.${rest[0]}`;
  } else {
    const sep = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : null;
    if (sep) {
      const parts = s.split(sep);
      // "1,000" is a thousand, unless the currency itself has three decimals (KWD 1,000 = 1.000 KWD).
      // A group never follows a lone 0 ("0.125" is a fraction, refused in EUR, not 125).
      const grouped = parts.length > 2 || (parts[parts.length - 1].length === 3 && digits !== 3 && !/^0+$/.test(parts[0]));
      if (grouped) {
        if (parts.slice(1).some((p) => p.length !== 3) || parts[0] === '') return { ok: false, reason: 'not_a_number' };
        s = parts.join('');
      } else s = parts.join('.');
    }
  }
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return { ok: false, reason: 'not_a_number' };
  const frac = m[2] ?? '';
  if (frac.length > digits) return { ok: false, reason: 'too_many_decimals' };
  const minor = Number(m[1]) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: 'not_a_number' };
  if (minor <= 0) return { ok: false, reason: 'not_positive' };
  return { ok: true, minor };
}
