/**
 * Reservation search: by guest name, room number or confirmation, the way a
 * receptionist types it — any case, without accents ("garcia" finds "García",
 * "muller" finds "Müller"), with or without the confirmation's prefix or dash,
 * words in any order, "Room 501" as well as "501".
 * Pure, so it is tested without a browser.
 */

/** Lower case without diacritics (NFD, then the combining marks dropped). */
export function foldText(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The query as typed, folded and trimmed; '' matches everything. */
export function normalizeQuery(q: string): string {
  return foldText(q.trim());
}

export interface Searchable {
  guestName: string;
  confirmation: string;
}

/** Folded search text per reservation object, computed once per version (objects are replaced on change). */
const haystacks = new WeakMap<object, string>();

function haystack(r: Searchable, room: string | undefined): string {
  let s = haystacks.get(r);
  if (s === undefined) {
    const conf = foldText(r.confirmation);
    // The confirmation also without separators, so "dh5643" finds "DH-5643".
    s = `${foldText(r.guestName)}\u0000${conf}\u0000${conf.replace(/[^a-z0-9]/g, '')}\u0000${room ? foldText(room) : ''}`;
    haystacks.set(r, s);
  }
  return s;
}

/**
 * The words of a normalised query, each of which must match: "bauer anna" finds
 * Anna Bauer. The word "room" is dropped, so "Room 501" finds the guest in 501.
 */
let lastQuery = '';
let lastWords: string[] = [];
function queryWords(q: string): string[] {
  if (q !== lastQuery) {
    lastQuery = q;
    lastWords = q.split(/\s+/).filter((w) => w !== '' && w !== 'room');
  }
  return lastWords;
}

/** Whether a reservation (in `room`, if any) matches an already normalised query. */
export function reservationMatches(r: Searchable, room: string | undefined, q: string): boolean {
  if (!q) return true;
  if (room && foldText(room) === q) return true;
  const words = queryWords(q);
  if (words.length === 0) return true;
  const text = haystack(r, room);
  return words.every((w) => text.includes(w));
}
