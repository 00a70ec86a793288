/**
 * The amount field as receptionists type it, in the hotel's currency: a thousands
 * separator is never read as a decimal point (QA: "1,000" took 1.00), more decimals
 * than the currency has are refused with a reason ("0.125" in EUR, "12.5" in JPY),
 * never silently rounded or shifted (issue 11: "0.125" became 125.00).
 */
import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoneyInput } from '../../shared/money.ts';

const minor = (text: string, currency: string) => {
  const r = parseMoneyInput(text, currency);
  return r.ok ? r.minor : r.reason;
};

describe('payment amount input', () => {
  it('reads plain amounts and either decimal mark in a two-decimal currency', () => {
    expect(minor('417', 'EUR')).toBe(41_700);
    expect(minor('417.00', 'EUR')).toBe(41_700);
    expect(minor(' 12.5 ', 'EUR')).toBe(1_250);
    expect(minor('12,50', 'EUR')).toBe(1_250);
    expect(minor('0.05', 'EUR')).toBe(5);
  });

  it('reads thousands separators as the screen shows them, never as a decimal point', () => {
    expect(minor('1.000', 'EUR')).toBe(100_000);
    expect(minor('100,000', 'EUR')).toBe(10_000_000);
    expect(minor('1,316.00', 'EUR')).toBe(131_600);
    expect(minor('1.316,00', 'EUR')).toBe(131_600);
    expect(minor('1 000,50', 'EUR')).toBe(100_050);
    expect(minor("1'000.50", 'EUR')).toBe(100_050);
    expect(minor('1,234,567.89', 'EUR')).toBe(123_456_789);
    expect(minor('12,000', 'JPY')).toBe(12_000);
  });

  it('refuses more decimals than the currency has, with that reason', () => {
    expect(minor('0.125', 'EUR')).toBe('too_many_decimals');
    expect(minor('12.5', 'JPY')).toBe('too_many_decimals');
    expect(minor('12000', 'JPY')).toBe(12_000);
    expect(minor('1.250', 'KWD')).toBe(1_250);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['abc', '12.345.6', '1,00,0', '-5', '1e3', ',5,', '1,2,3', '.']) expect(minor(bad, 'EUR'), bad).not.toEqual(expect.any(Number));
    expect(minor('', 'EUR')).toBe('empty');
    expect(minor('0', 'EUR')).toBe('not_positive');
  });

  it('shows amounts in the hotel currency and locale', () => {
    expect(formatMoney(123_450, 'EUR', 'de-DE')).toMatch(/^1\.234,50\s€$/);
    expect(formatMoney(12_000, 'JPY', 'ja-JP')).toMatch(/12,000/);
    expect(formatMoney(12_000, 'JPY', 'ja-JP')).not.toMatch(/\./);
  });
});
