/**
 * The payment amount as receptionists type it: a thousands separator is never
 * read as a decimal point (QA: "1,000" took 1.00), and anything that is not an
 * amount is refused rather than guessed.
 */
import { describe, expect, it } from 'vitest';
import { parseMoneyInput } from '../../renderer/src/format.ts';

describe('payment amount input', () => {
  it('reads plain amounts and either decimal mark', () => {
    expect(parseMoneyInput('417')).toBe(41_700);
    expect(parseMoneyInput('417.00')).toBe(41_700);
    expect(parseMoneyInput(' 12.5 ')).toBe(1_250);
    expect(parseMoneyInput('12,50')).toBe(1_250);
    expect(parseMoneyInput('0.05')).toBe(5);
  });

  it('reads thousands separators as the screen shows them, never as a decimal point', () => {
    expect(parseMoneyInput('1.000')).toBe(100_000);
    expect(parseMoneyInput('12.555')).toBe(1_255_500); // shown back as "Take 12,555.00" before it is taken
    expect(parseMoneyInput('100,000')).toBe(10_000_000);
    expect(parseMoneyInput('1,316.00')).toBe(131_600);
    expect(parseMoneyInput('1.316,00')).toBe(131_600);
    expect(parseMoneyInput('1.000')).toBe(100_000);
    expect(parseMoneyInput('12.555')).toBe(1_255_500); // shown back as "Take 12,555.00" before it is taken
    expect(parseMoneyInput('1 000,50')).toBe(100_050);
    expect(parseMoneyInput("1'000.50")).toBe(100_050);
    expect(parseMoneyInput('1,234,567.89')).toBe(123_456_789);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', 'abc', '12.345.6', '1,00,0', '-5', '1e3', ',5,', '1,2,3', '.']) expect(parseMoneyInput(bad), bad).toBeNull();
  });
});
