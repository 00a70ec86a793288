/**
 * Reservation search the way a receptionist types: any case, no accents, the
 * confirmation with or without its dash, a room number exactly, words in any order.
 */
import { describe, expect, it } from 'vitest';
import { foldText, normalizeQuery, reservationMatches } from '../../renderer/src/state/search.ts';

const garcia = { guestName: 'Wen García', confirmation: 'DH-5638' };
const mueller = { guestName: 'Jürgen Müller', confirmation: 'DH-5701' };
const chloe = { guestName: 'Chloé Kowalski', confirmation: 'DH-5641' };

function find(q: string, rows: Array<[{ guestName: string; confirmation: string }, string | undefined]>): string[] {
  const nq = normalizeQuery(q);
  return rows.filter(([r, room]) => reservationMatches(r, room, nq)).map(([r]) => r.guestName);
}

const ROWS: Array<[{ guestName: string; confirmation: string }, string | undefined]> = [
  [garcia, '102'],
  [mueller, undefined],
  [chloe, '306'],
];

describe('reservation search', () => {
  it('folds case and accents on both sides', () => {
    expect(foldText('García')).toBe('garcia');
    expect(foldText('ÉLODIE Ångström')).toBe('elodie angstrom');
    expect(find('garcia', ROWS)).toEqual(['Wen García']);
    expect(find('GARCÍA', ROWS)).toEqual(['Wen García']);
    expect(find('muller', ROWS)).toEqual(['Jürgen Müller']);
    expect(find('  chloe kow ', ROWS)).toEqual(['Chloé Kowalski']);
  });

  it('finds a confirmation with or without its dash, in any case', () => {
    expect(find('DH-5641', ROWS)).toEqual(['Chloé Kowalski']);
    expect(find('dh5641', ROWS)).toEqual(['Chloé Kowalski']);
    expect(find('5701', ROWS)).toEqual(['Jürgen Müller']);
  });

  it('finds a room number, and an empty query matches everything', () => {
    expect(find('306', ROWS)).toEqual(['Chloé Kowalski']);
    expect(find('102', ROWS)).toEqual(['Wen García']);
    expect(find('', ROWS)).toHaveLength(3);
    expect(find('zzz', ROWS)).toEqual([]);
  });

  it('matches every word in any order, and "Room 501" like "501"', () => {
    expect(find('Kowalski Chloé', ROWS)).toEqual(['Chloé Kowalski']);
    expect(find('kowalski wen', ROWS)).toEqual([]);
    expect(find('Room 306', ROWS)).toEqual(['Chloé Kowalski']);
    expect(find('room', ROWS)).toHaveLength(3);
    expect(find('garcia 102', ROWS)).toEqual(['Wen García']);
  });
});
