/**
 * Pure planner facts the gateway tests cannot reach: an organisation without a
 * hotel record (older logs) and the ids a command derives from its key.
 */
import { describe, expect, it } from 'vitest';
import { derivedConfirmation, derivedId } from '../../shared/ids.ts';
import { businessDateOf, plan } from '../../shared/planner.ts';
import { emptyState } from '../../shared/projection.ts';

describe('planner without a hotel record', () => {
  it('refuses to close a day it does not have, and judges dates by the UTC date of the action', () => {
    const s = emptyState();
    const r = plan(s, { type: 'close_business_day', businessDate: '2030-01-01' }, { key: 'k', takenAt: new Date('2030-01-01T23:30:00Z'), operator: 'u1' });
    expect(r).toEqual({ ok: false, refusal: { code: 'no_hotel', message: expect.stringContaining('no hotel record') } });
    expect(businessDateOf(s, new Date('2030-01-01T23:30:00Z'))).toBe('2030-01-01');
  });
});

describe('derived ids', () => {
  it('are the same for the same key on every side, different across keys and positions', () => {
    expect(derivedId('res', 'key-1')).toBe(derivedId('res', 'key-1'));
    expect(derivedId('res', 'key-1')).not.toBe(derivedId('res', 'key-2'));
    expect(derivedId('task', 'key-1', 0)).not.toBe(derivedId('task', 'key-1', 1));
    expect(derivedId('res', 'x'.repeat(128)).length).toBeLessThanOrEqual(64);
    expect(derivedConfirmation('DH', 'key-1')).toMatch(/^DH-[2-9A-HJ-NP-Z]{7}$/);
  });
});
