/**
 * Display bits shared by the views that are not words (words are in i18n/).
 * Money, dates and the business date come from hooks/hotel.ts.
 */
import type { RoomStatus } from '../../shared/domain.ts';

/** A symbol per status so the board never relies on colour alone. */
export const ROOM_STATUS_SYMBOL: Record<RoomStatus, string> = {
  vacant_clean: '✓',
  vacant_dirty: '✗',
  occupied: '●',
  occupied_dirty: '◐',
  inspected: '★',
  out_of_order: '⊘',
};

/** Room types in a stable order (by how the hotel lists them: first seen by number). */
export function roomTypesOf(rooms: Iterable<{ type: string; number: string }>): string[] {
  const sorted = [...rooms].sort((a, b) => a.number.localeCompare(b.number, undefined, { numeric: true }));
  return [...new Set(sorted.map((r) => r.type))];
}
