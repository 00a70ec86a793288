/**
 * Money in the hotel's currency: amounts are integers in the currency's minor unit,
 * shown with Intl in the hotel's locale, and typed amounts follow the currency's
 * decimals — a thousands separator is never read as a decimal point (QA: "1,000"
 * took 1.00), and what the currency cannot hold is refused, never shifted (QA:
 * "0.125" became 125.00).
 */
import { describe, expect, it } from 'vitest';
import { formatMoney, formatMoneyPlain, minorDigits, parseMoneyInput } from '../../shared/money.ts';

const minor = (text: string, currency = 'EUR') => {
  const r = parseMoneyInput(text, currency);
  return r.ok ? r.minor : r.reason;
};

describe('minor units', () => {
  it('come from the currency: EUR 2, JPY 0, KWD 3', () => {
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
  });

  it('format in the hotel locale and currency', () => {
    expect(formatMoney(123_450, 'EUR', 'de-DE')).toBe('1.234,50\u00a0€');
    expect(formatMoney(123_450, 'EUR', 'en-IE')).toBe('€1,234.50');
    expect(formatMoney(12_000, 'JPY', 'ja-JP')).toMatch(/^[￥¥]12,000$/);
    expect(formatMoney(1_500, 'KWD', 'en-US')).toMatch(/1\.500/);
    expect(formatMoney(-2_500, 'EUR', 'en-IE')).toBe('-€25.00');
    expect(formatMoneyPlain(12_050, 'EUR')).toBe('120.50');
    expect(formatMoneyPlain(5, 'EUR')).toBe('0.05');
    expect(formatMoneyPlain(12_000, 'JPY')).toBe('12000');
    expect(formatMoneyPlain(1_500, 'KWD')).toBe('1.500');
  });
});

describe('amount input', () => {
  it('reads plain amounts and either decimal mark (2-decimal currency)', () => {
    expect(minor('417')).toBe(41_700);
    expect(minor('417.00')).toBe(41_700);
    expect(minor(' 12.5 ')).toBe(1_250);
    expect(minor('12,50')).toBe(1_250);
    expect(minor('0.05')).toBe(5);
  });

  it('reads thousands separators as the screen shows them, never as a decimal point', () => {
    expect(minor('1.000')).toBe(100_000);
    expect(minor('12.555')).toBe(1_255_500);
    expect(minor('100,000')).toBe(10_000_000);
    expect(minor('1,316.00')).toBe(131_600);
    expect(minor('1.316,00')).toBe(131_600);
    expect(minor('1 000,50')).toBe(100_050);
    expect(minor("1'000.50")).toBe(100_050);
    expect(minor('1,234,567.89')).toBe(123_456_789);
  });

  it('refuses more decimals than the currency has instead of shifting them', () => {
    expect(minor('0.125')).toBe('too_many_decimals');
    expect(minor('0,125')).toBe('too_many_decimals');
    expect(minor('12.5', 'JPY')).toBe('too_many_decimals');
    expect(minor('1.0001', 'KWD')).toBe('too_many_decimals');
  });

  it('reads a 0-decimal and a 3-decimal currency by their own rules', () => {
    expect(minor('12000', 'JPY')).toBe(12_000);
    expect(minor('12,000', 'JPY')).toBe(12_000);
    expect(minor('1.500', 'KWD')).toBe(1_500);
    expect(minor('1,500.250', 'KWD')).toBe(1_500_250);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['abc', '12.345.6', '1,00,0', '-5', '1e3', ',5,', '1,2,3', '.', '01,000.5']) expect(minor(bad), bad).toBe('not_a_number');
    expect(minor('')).toBe('empty');
    expect(minor('0')).toBe('not_positive');
    expect(minor('0.00')).toBe('not_positive');
  });
});
