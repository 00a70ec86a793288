/**
 * Every front-desk command and refusal code against the REAL gateway process:
 * bookings, stay changes, the overlap rule on assign_room, check_in and move_room,
 * housekeeping that follows the guests, no-shows and the business-date roll, and
 * money in a 0-decimal (JPY) and a 2-decimal (EUR) currency. A refused command
 * appends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../shared/commands.ts';
import { addDays } from '../../shared/dates.ts';
import type { Hotel, Reservation, Room, Task } from '../../shared/domain.ts';
import { derivedId } from '../../shared/ids.ts';
import { REFUSAL_CODES } from '../../shared/planner.ts';
import { hotelOf, stateFromJson, type HotelState } from '../../shared/projection.ts';
import { COMMANDS_PATH, SNAPSHOT_PATH, SnapshotResponseSchema } from '../../shared/protocol.ts';
import { DEMO_USERS, getJson, login, postJsonRoute, publish, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';

let gw: GatewayProcess;
const tokens: Record<'demo' | 'harbor', string> = { demo: '', harbor: '' };
let keyNo = 0;
const newKey = () => `shift-${process.pid}-${keyNo++}`;
const seenCodes = new Set<string>();

beforeAll(async () => {
  gw = await startGateway();
  tokens.demo = (await login(gw.url, DEMO_USERS.demoHotel.email, 'demo')).accessToken;
  tokens.harbor = (await login(gw.url, DEMO_USERS.harborInn.email, 'demo')).accessToken;
  // Three rooms of a type nobody else books, so the demo's guests never interfere.
  for (const number of ['T1', 'T2', 'T3']) {
    const room: Room = { id: `rm-${number}`, number, floor: 9, type: 'testsuite', status: 'vacant_clean' };
    await publish(gw.url, { orgId: 'demo-hotel', service: 'housekeeping', kind: 'room.created', data: { room } }, gw.serviceToken);
  }
});

afterAll(async () => {
  await gw?.stop();
});

async function state(org: 'demo' | 'harbor' = 'demo'): Promise<{ seq: number; s: HotelState; hotel: Hotel }> {
  const { status, body } = await getJson(`${gw.url}${SNAPSHOT_PATH}`, tokens[org]);
  expect(status).toBe(200);
  const snap = SnapshotResponseSchema.parse(body);
  const s = stateFromJson(snap.state as Parameters<typeof stateFromJson>[0]);
  return { seq: snap.seq, s, hotel: hotelOf(s)! };
}

type Answer = { status: number; body: { events?: { seq: number; id: string }[]; error?: { code: string; message: string } } };

async function send(command: Command, org: 'demo' | 'harbor' = 'demo', key = newKey()): Promise<Answer & { key: string }> {
  const r = await postJsonRoute<Answer['body']>(`${gw.url}${COMMANDS_PATH}`, command, {
    authorization: `Bearer ${tokens[org]}`,
    'idempotency-key': key,
  });
  return { ...r, key };
}

/** Sends a command that must be refused with `code`, and shows it appended nothing. */
async function refused(command: Command, code: string, org: 'demo' | 'harbor' = 'demo'): Promise<string> {
  const before = (await state(org)).seq;
  const r = await send(command, org);
  expect(r.body.error?.code, JSON.stringify(r.body)).toBe(code);
  expect(r.status).toBe(code === 'not_found' ? 404 : 409);
  expect(r.body.error?.message.length).toBeGreaterThan(10);
  expect((await state(org)).seq).toBe(before);
  seenCodes.add(code);
  return r.body.error!.message;
}

async function accepted(command: Command, org: 'demo' | 'harbor' = 'demo'): Promise<{ key: string; events: { seq: number; id: string }[] }> {
  const r = await send(command, org);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { key: r.key, events: r.body.events! };
}

async function book(over: Partial<Extract<Command, { type: 'create_reservation' }>> = {}): Promise<Reservation> {
  const { hotel } = await state();
  const { key } = await accepted({
    type: 'create_reservation',
    guestName: 'Ada Test',
    arrival: hotel.businessDate,
    departure: addDays(hotel.businessDate, 2),
    roomType: 'testsuite',
    adults: 2,
    ...over,
  });
  const r = (await state()).s.reservations.get(derivedId('res', key));
  expect(r).toBeDefined();
  return r!;
}

const room = async (id: string): Promise<Room> => (await state()).s.rooms.get(id)!;
const tasksOf = async (roomId: string): Promise<Task[]> => [...(await state()).s.tasks.values()].filter((t) => t.roomId === roomId);

describe('bookings', () => {
  it('creates a booked reservation with a confirmation number, and refuses bad stays', async () => {
    const { hotel } = await state();
    const r = await book({ email: 'ada@example.test', notes: 'Late arrival' });
    expect(r).toMatchObject({ status: 'booked', roomId: null, guestName: 'Ada Test', email: 'ada@example.test', notes: 'Late arrival' });
    expect(r.confirmation).toMatch(/^DH-[0-9A-Z]{7}$/);
    const base = {
      type: 'create_reservation',
      guestName: 'X',
      arrival: hotel.businessDate,
      departure: addDays(hotel.businessDate, 1),
      roomType: 'testsuite',
      adults: 1,
    } as const;
    await refused({ ...base, guestName: '   ' }, 'invalid_guest');
    await refused({ ...base, adults: 0 }, 'invalid_guest');
    await refused({ ...base, adults: 21 }, 'invalid_guest');
    await refused({ ...base, departure: hotel.businessDate }, 'invalid_dates');
    await refused({ ...base, roomType: 'igloo' }, 'invalid_room_type');
    await refused({ ...base, arrival: addDays(hotel.businessDate, -1) }, 'arrival_in_past');
  });

  it('books a walk-in straight into a free room, refusing one taken for overlapping dates', async () => {
    const first = await book({ roomId: 'rm-T1' });
    expect(first.roomId).toBe('rm-T1');
    await refused(
      { type: 'create_reservation', guestName: 'Bo', arrival: first.arrival, departure: first.departure, roomType: 'testsuite', adults: 1, roomId: 'rm-T1' },
      'room_taken',
    );
    // Back-to-back stays share the changeover day.
    const next = await book({ arrival: first.departure, departure: addDays(first.departure, 1), roomId: 'rm-T1' });
    expect(next.roomId).toBe('rm-T1');
    await accepted({ type: 'cancel_reservation', reservationId: first.id, reason: 'test cleanup' });
    await accepted({ type: 'cancel_reservation', reservationId: next.id, reason: 'test cleanup' });
  });

  it('modifies, extends and shortens a stay; cancels with a reason, releasing the room', async () => {
    const r = await book();
    await accepted({ type: 'modify_reservation', reservationId: r.id, guestName: 'Ada Lovelace', departure: addDays(r.departure, 1), adults: 3 });
    let now = (await state()).s.reservations.get(r.id)!;
    expect(now).toMatchObject({ guestName: 'Ada Lovelace', departure: addDays(r.departure, 1), adults: 3 });
    await refused({ type: 'modify_reservation', reservationId: r.id, departure: r.arrival }, 'invalid_dates');
    await accepted({ type: 'assign_room', reservationId: r.id, roomId: 'rm-T2' });
    await refused({ type: 'cancel_reservation', reservationId: r.id, reason: ' ' }, 'reason_required');
    await accepted({ type: 'cancel_reservation', reservationId: r.id, reason: 'Guest called' });
    now = (await state()).s.reservations.get(r.id)!;
    expect(now).toMatchObject({ status: 'cancelled', roomId: null, cancelReason: 'Guest called' });
    await refused({ type: 'cancel_reservation', reservationId: r.id, reason: 'again' }, 'invalid_status');
    await refused({ type: 'modify_reservation', reservationId: r.id, adults: 1 }, 'invalid_status');
  });

  it('a new room type releases a room of another type; changed dates must still fit the room', async () => {
    const { hotel } = await state();
    const a = await book({ roomId: 'rm-T3' });
    const b = await book({ arrival: a.departure, departure: addDays(a.departure, 2), roomId: 'rm-T3' });
    await refused({ type: 'modify_reservation', reservationId: a.id, departure: addDays(a.departure, 1) }, 'room_taken');
    const queen = [...(await state()).s.rooms.values()].find((x) => x.type === 'queen')!;
    await accepted({ type: 'modify_reservation', reservationId: b.id, roomType: queen.type });
    expect((await state()).s.reservations.get(b.id)).toMatchObject({ roomType: 'queen', roomId: null });
    await accepted({ type: 'unassign_room', reservationId: a.id });
    await refused({ type: 'unassign_room', reservationId: a.id }, 'no_room');
    await accepted({ type: 'cancel_reservation', reservationId: a.id, reason: 'cleanup' });
    await accepted({ type: 'cancel_reservation', reservationId: b.id, reason: 'cleanup' });
    expect(hotel.currency).toBe('EUR');
  });
});

describe('rooms for stays: the overlap rule on all three room commands', () => {
  it('assign_room, check_in and move_room all refuse a room promised to another live stay', async () => {
    const holder = await book({ roomId: 'rm-T1' });
    const other = await book();
    const msg = await refused({ type: 'assign_room', reservationId: other.id, roomId: 'rm-T1' }, 'room_taken');
    expect(msg).toContain(holder.guestName);
    await refused({ type: 'check_in', reservationId: other.id, roomId: 'rm-T1' }, 'room_taken');

    await accepted({ type: 'check_in', reservationId: other.id, roomId: 'rm-T2' });
    await refused({ type: 'move_room', reservationId: other.id, roomId: 'rm-T1', reason: 'Noise' }, 'room_taken');
    await refused({ type: 'move_room', reservationId: other.id, roomId: 'rm-T2', reason: 'Noise' }, 'same_room');
    await refused({ type: 'move_room', reservationId: other.id, roomId: 'rm-T3', reason: '' }, 'reason_required');
    await refused({ type: 'move_room', reservationId: holder.id, roomId: 'rm-T3', reason: 'x' }, 'invalid_status');

    // Moving out leaves the old room dirty with its cleaning task; the new one is occupied.
    await accepted({ type: 'move_room', reservationId: other.id, roomId: 'rm-T3', reason: 'Noise from the street' });
    expect((await state()).s.reservations.get(other.id)?.roomId).toBe('rm-T3');
    expect((await room('rm-T2')).status).toBe('vacant_dirty');
    expect((await room('rm-T3')).status).toBe('occupied');
    expect((await tasksOf('rm-T2')).filter((t) => t.status === 'open').map((t) => t.title)).toEqual(['Clean room T2']);

    // An occupied or dirty room cannot take a new guest.
    await refused({ type: 'check_in', reservationId: holder.id, roomId: 'rm-T3' }, 'room_occupied');
    await accepted({ type: 'unassign_room', reservationId: holder.id });
    await refused({ type: 'check_in', reservationId: holder.id, roomId: 'rm-T2' }, 'room_not_ready');
    await refused({ type: 'check_in', reservationId: holder.id }, 'no_room');
    await refused({ type: 'check_in', reservationId: 'res-missing' }, 'not_found');

    // Housekeeping follows the guests: cleaning the room makes it clean.
    const cleaning = (await tasksOf('rm-T2')).find((t) => t.status === 'open')!;
    await accepted({ type: 'complete_task', taskId: cleaning.id });
    expect((await room('rm-T2')).status).toBe('vacant_clean');
    await refused({ type: 'complete_task', taskId: cleaning.id }, 'task_done');
    await accepted({ type: 'reopen_task', taskId: cleaning.id });
    expect((await state()).s.tasks.get(cleaning.id)).toMatchObject({ status: 'open', completedAt: null });
    await refused({ type: 'reopen_task', taskId: cleaning.id }, 'task_open');
    await accepted({ type: 'complete_task', taskId: cleaning.id });

    await accepted({ type: 'check_in', reservationId: holder.id, roomId: 'rm-T2' });
    // Check-out leaves the room dirty with an open cleaning task.
    await accepted({ type: 'check_out', reservationId: other.id });
    expect((await room('rm-T3')).status).toBe('vacant_dirty');
    expect((await tasksOf('rm-T3')).some((t) => t.status === 'open' && t.cleaning)).toBe(true);
    await refused({ type: 'check_out', reservationId: other.id }, 'invalid_status');
    await accepted({ type: 'check_out', reservationId: holder.id });
  });

  it('refuses an out-of-order room for assign and check-in, and a future arrival at check-in', async () => {
    const { hotel } = await state();
    await refused({ type: 'set_room_status', roomId: 'rm-T1', status: 'out_of_order' }, 'reason_required');
    await accepted({ type: 'set_room_status', roomId: 'rm-T1', status: 'out_of_order', reason: 'Leaking radiator', until: addDays(hotel.businessDate, 3) });
    expect((await room('rm-T1')).outOfOrder).toEqual({ reason: 'Leaking radiator', until: addDays(hotel.businessDate, 3) });
    const r = await book();
    const msg = await refused({ type: 'assign_room', reservationId: r.id, roomId: 'rm-T1' }, 'room_out_of_order');
    expect(msg).toContain('Leaking radiator');
    await refused({ type: 'check_in', reservationId: r.id, roomId: 'rm-T1' }, 'room_out_of_order');
    await accepted({ type: 'set_room_status', roomId: 'rm-T1', status: 'vacant_dirty' });
    expect((await room('rm-T1')).outOfOrder).toBeNull();
    const later = await book({ arrival: addDays(hotel.businessDate, 5), departure: addDays(hotel.businessDate, 6) });
    await refused({ type: 'check_in', reservationId: later.id, roomId: 'rm-T2' }, 'not_arrival_day');
    await refused({ type: 'mark_no_show', reservationId: later.id }, 'not_arrival_day');
    await accepted({ type: 'cancel_reservation', reservationId: later.id, reason: 'cleanup' });
    await accepted({ type: 'cancel_reservation', reservationId: r.id, reason: 'cleanup' });
  });
});

describe('room status transitions', () => {
  it('an occupied room can be marked as needing service and back; occupancy itself only by check-in', async () => {
    const r = await book();
    await accepted({ type: 'set_room_status', roomId: 'rm-T2', status: 'inspected' });
    await accepted({ type: 'check_in', reservationId: r.id, roomId: 'rm-T2' });
    await accepted({ type: 'set_room_status', roomId: 'rm-T2', status: 'occupied_dirty' });
    expect((await room('rm-T2')).status).toBe('occupied_dirty');
    await refused({ type: 'set_room_status', roomId: 'rm-T2', status: 'vacant_clean' }, 'room_occupied');
    await accepted({ type: 'set_room_status', roomId: 'rm-T2', status: 'occupied' });
    await accepted({ type: 'check_out', reservationId: r.id });
    await refused({ type: 'set_room_status', roomId: 'rm-T2', status: 'occupied_dirty' }, 'invalid_transition');
  });

  it('tasks: create (with room and due date), refuse a blank title or unknown room', async () => {
    const { hotel } = await state();
    const { key } = await accepted({
      type: 'create_task',
      kind: 'maintenance',
      title: 'Fix the tap',
      roomId: 'rm-T3',
      priority: 'high',
      dueDate: hotel.businessDate,
    });
    expect((await state()).s.tasks.get(derivedId('task', key))).toMatchObject({
      title: 'Fix the tap',
      roomId: 'rm-T3',
      status: 'open',
      priority: 'high',
      dueDate: hotel.businessDate,
    });
    await refused({ type: 'create_task', kind: 'maintenance', title: '  ', priority: 'low' }, 'invalid_task');
    await refused({ type: 'create_task', kind: 'maintenance', title: 'x', roomId: 'rm-nope', priority: 'low' }, 'not_found');
  });
});

describe('money', () => {
  it('a payment is a fact: never refused for the balance, an overpayment leaves a credit (EUR, cents)', async () => {
    const r = await book();
    await accepted({ type: 'take_payment', reservationId: r.id, amountCents: 12_345, method: 'card' });
    expect((await state()).s.reservations.get(r.id)?.balanceCents).toBe(r.balanceCents - 12_345);
    await accepted({ type: 'cancel_reservation', reservationId: r.id, reason: 'cleanup' });
    // Even on a cancelled stay (a cancellation fee the terminal took).
    await accepted({ type: 'take_payment', reservationId: r.id, amountCents: 5_000, method: 'card' });
  });

  it('harbor-inn counts whole yen: JPY amounts are minor units with no decimals', async () => {
    const { s, hotel } = await state('harbor');
    expect(hotel).toMatchObject({ currency: 'JPY', timeZone: 'Asia/Tokyo', locale: 'ja-JP' });
    const owing = [...s.reservations.values()].find((r) => r.status === 'in_house' && r.balanceCents > 0)!;
    // Demo rates are yen: a room night is thousands, not millions of "cents".
    expect(owing.balanceCents).toBeGreaterThan(5_000);
    expect(owing.balanceCents).toBeLessThan(500_000);
    await accepted({ type: 'take_payment', reservationId: owing.id, amountCents: 1_200, method: 'card' }, 'harbor');
    expect((await state('harbor')).s.reservations.get(owing.id)?.balanceCents).toBe(owing.balanceCents - 1_200);
  });
});

describe('the business day', () => {
  it('no-show only for an arrival on or before the business date; closing the day turns the rest into no-shows and rolls the date', async () => {
    const { s, hotel, seq } = await state('harbor');
    const today = hotel.businessDate;
    const booked = [...s.reservations.values()].filter((r) => r.status === 'booked' && r.arrival <= today);
    expect(booked.length).toBeGreaterThan(1);
    await accepted({ type: 'mark_no_show', reservationId: booked[0].id }, 'harbor');
    expect((await state('harbor')).s.reservations.get(booked[0].id)?.status).toBe('no_show');
    await refused({ type: 'mark_no_show', reservationId: booked[0].id }, 'invalid_status', 'harbor');

    await refused({ type: 'close_business_day', businessDate: addDays(today, 1) }, 'wrong_business_date', 'harbor');
    const close = await accepted({ type: 'close_business_day', businessDate: today }, 'harbor');
    const after = await state('harbor');
    expect(after.hotel.businessDate).toBe(addDays(today, 1));
    for (const r of booked) expect(after.s.reservations.get(r.id)?.status).toBe('no_show');
    // The rest became no-shows, each in-house night was posted (room and tax), then the day closed.
    const postedNights = [...after.s.charges.values()].filter((c) => c.night === today).length;
    expect(close.events.length).toBe(booked.length - 1 + postedNights + 1);
    expect(after.seq).toBe(seq + 1 + close.events.length);
    // Two desks closing the same day: the second is refused, nothing is posted twice.
    await refused({ type: 'close_business_day', businessDate: today }, 'wrong_business_date', 'harbor');
  });

  it('covered every refusal code of the stay, room and task rules', () => {
    // The hotel-less code is a unit test's; the folio's codes are test/server/folio-and-audit.test.ts's.
    const folio = [
      'invalid_charge',
      'already_voided',
      'not_same_day',
      'refunded',
      'exceeds_payment',
      'empty_folio',
      'invoice_issued',
      'already_credited',
      'not_an_invoice',
      'shift_open',
      'no_shift',
    ];
    const expected = REFUSAL_CODES.filter((c) => c !== 'no_hotel' && !folio.includes(c));
    expect([...seenCodes].sort()).toEqual([...expected].sort());
  });
});
