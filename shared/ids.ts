/**
 * Ids of entities a command creates, derived from the command's idempotency key.
 * The gateway and the desk's optimistic view plan the same command with the same
 * key, so they name a new reservation or task the same way: what the desk shows
 * while offline is what the gateway then stores, and a later queued command (assign
 * a room to the walk-in just booked) can already refer to it.
 */

/** cyrb53: a fast 53-bit string hash (public domain), here only to shorten keys into ids. */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** 106 bits of the key in base 36: collisions are not a practical concern. */
function digest(text: string): string {
  return cyrb53(text, 1).toString(36).padStart(11, '0') + cyrb53(text, 2).toString(36).padStart(11, '0');
}

/** The id of the `n`th entity of `prefix` a command creates, e.g. `res_…`, `task_…`. */
export function derivedId(prefix: string, key: string, n = 0): string {
  return `${prefix}_${digest(`${key}#${n}`)}`;
}

const CONFIRMATION_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A confirmation number a guest can read out on the phone: no 0/O or 1/I. */
export function derivedConfirmation(prefix: string, key: string): string {
  let h = cyrb53(`${key}#confirmation`, 3);
  let code = '';
  for (let i = 0; i < 7; i++) {
    code += CONFIRMATION_ALPHABET[h % 32];
    h = Math.floor(h / 32);
  }
  return `${prefix}-${code}`;
}
