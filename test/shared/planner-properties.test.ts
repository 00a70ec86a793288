/**
 * The rules are written once, and this is what that buys: for random hotel states
 * and random sequences of desk commands, the desk's optimistic view (each queued
 * command planned and applied by the shared code, in the renderer's
 * deriveOptimistic) equals what the gateway's own event log (SqliteEventLog on a
 * real SQLite file) then stores, and a refused command appends nothing.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveOptimistic } from '../../renderer/src/state/optimistic.ts';
import { SqliteEventLog } from '../../server/log/sqlite-log.ts';
import { openDatabase } from '../../server/store/database.ts';
import { EventStore } from '../../server/store/event-store.ts';
import type { Command } from '../../shared/commands.ts';
import { addDays } from '../../shared/dates.ts';
import { ENTITY_TYPES, ROOM_STATUSES, type Hotel, type Reservation, type Room } from '../../shared/domain.ts';
import type { OutboxItemView } from '../../shared/ipc.ts';
import { plan } from '../../shared/planner.ts';
import { stateFromJson, stateToJson, type HotelState, type HotelStateJson } from '../../shared/projection.ts';

const dir = mkdtempSync(join(tmpdir(), 'frontdesk-planner-props-'));
const { db } = openDatabase(join(dir, 'gateway.sqlite'));
const log = new SqliteEventLog(new EventStore(db), 100_000);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const TODAY = '2030-03-10';
const hotel = (id: string): Hotel => ({
  id,
  name: 'Prop Hotel',
  timeZone: 'Europe/Berlin',
  currency: 'EUR',
  businessDate: TODAY,
  locale: 'en-GB',
  code: 'PH',
  roomTaxBp: 700,
});
const ROOM_IDS = ['rm-1', 'rm-2', 'rm-3', 'rm-4'];
const RES_IDS = ['res-a', 'res-b', 'res-c', 'res-d', 'res-e'];
const TYPES = ['queen', 'twin'];

const date = fc.integer({ min: -2, max: 4 }).map((d) => addDays(TODAY, d));
const roomId = fc.constantFrom(...ROOM_IDS, 'rm-missing');
const text = fc.constantFrom('', ' ', 'Noise', 'Guest asked', 'Leak');

const roomArb = (id: string, i: number) =>
  fc.record({ status: fc.constantFrom(...ROOM_STATUSES) }).map(({ status }): Room => ({ id, number: `${i + 1}01`, floor: 1, type: TYPES[i % 2], status }));

const reservationArb = (id: string) =>
  fc
    .record({
      status: fc.constantFrom('booked', 'booked', 'in_house', 'checked_out', 'cancelled'),
      arrival: fc.integer({ min: -2, max: 2 }),
      nights: fc.integer({ min: 1, max: 3 }),
      roomId: fc.option(fc.constantFrom(...ROOM_IDS), { nil: null }),
      type: fc.constantFrom(...TYPES),
    })
    .map((r): Reservation => ({
      id,
      confirmation: `C-${id}`,
      guestName: `Guest ${id}`,
      arrival: addDays(TODAY, r.status === 'in_house' ? Math.min(r.arrival, 0) : r.arrival),
      departure: addDays(TODAY, (r.status === 'in_house' ? Math.min(r.arrival, 0) : r.arrival) + r.nights),
      roomType: r.type,
      roomId: r.status === 'booked' || r.status === 'in_house' ? r.roomId : null,
      status: r.status as Reservation['status'],
      adults: 2,
      balanceCents: 10_000,
    }));

const resId = fc.constantFrom(...RES_IDS, 'res-missing');
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    type: fc.constant('create_reservation' as const),
    guestName: fc.constantFrom('Ann', ' '),
    arrival: date,
    departure: date,
    roomType: fc.constantFrom(...TYPES),
    adults: fc.integer({ min: 0, max: 3 }),
    roomId: fc.option(roomId, { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('modify_reservation' as const),
    reservationId: resId,
    departure: fc.option(date, { nil: undefined }),
    arrival: fc.option(date, { nil: undefined }),
    roomType: fc.option(fc.constantFrom(...TYPES), { nil: undefined }),
  }),
  fc.record({ type: fc.constant('cancel_reservation' as const), reservationId: resId, reason: text }),
  fc.record({ type: fc.constant('mark_no_show' as const), reservationId: resId }),
  fc.record({ type: fc.constant('assign_room' as const), reservationId: resId, roomId }),
  fc.record({ type: fc.constant('unassign_room' as const), reservationId: resId }),
  fc.record({ type: fc.constant('check_in' as const), reservationId: resId, roomId: fc.option(roomId, { nil: undefined }) }),
  fc.record({ type: fc.constant('move_room' as const), reservationId: resId, roomId, reason: text }),
  fc.record({ type: fc.constant('check_out' as const), reservationId: resId }),
  fc.record({ type: fc.constant('set_room_status' as const), roomId, status: fc.constantFrom(...ROOM_STATUSES), reason: fc.option(text, { nil: undefined }) }),
  fc.record({
    type: fc.constant('create_task' as const),
    kind: fc.constantFrom('housekeeping' as const, 'maintenance' as const),
    title: text,
    priority: fc.constant('normal' as const),
    roomId: fc.option(roomId, { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('take_payment' as const),
    reservationId: resId,
    amountCents: fc.integer({ min: 1, max: 50_000 }),
    method: fc.constantFrom('card' as const, 'cash' as const),
  }),
  fc.record({
    type: fc.constant('post_charge' as const),
    reservationId: resId,
    amountCents: fc.integer({ min: 1, max: 50_000 }),
    description: fc.constantFrom('Minibar', ' '),
    category: fc.constantFrom('minibar' as const, 'food' as const),
  }),
  fc.record({ type: fc.constant('void_charge' as const), chargeId: fc.constantFrom('chg-seed-1', 'chg-seed-2', 'chg-missing'), reason: text }),
  fc.record({ type: fc.constant('void_payment' as const), paymentId: fc.constantFrom('pay-seed-1', 'pay-missing'), reason: text }),
  fc.record({
    type: fc.constant('refund_payment' as const),
    paymentId: fc.constantFrom('pay-seed-1', 'pay-missing'),
    amountCents: fc.integer({ min: 1, max: 6_000 }),
    reason: text,
  }),
  fc.record({ type: fc.constant('issue_invoice' as const), reservationId: resId }),
  fc.record({ type: fc.constant('open_shift' as const), floatCents: fc.integer({ min: 0, max: 20_000 }) }),
  fc.record({ type: fc.constant('close_shift' as const), countedCents: fc.integer({ min: 0, max: 40_000 }) }),
  fc.record({ type: fc.constant('close_business_day' as const), businessDate: fc.constantFrom(TODAY, addDays(TODAY, 1)) }),
);

let orgNo = 0;
const tally = { applied: 0, refused: 0, events: 0 };

/** Seeds an organisation's log with a state, as events through the normal append path. */
function seed(orgId: string, rooms: Room[], reservations: Reservation[]): void {
  log.appendMany(orgId, [
    { service: 'pms', kind: 'hotel.configured', data: { hotel: hotel(orgId) } },
    ...rooms.map((room) => ({ service: 'housekeeping', kind: 'room.created', data: { room } })),
    ...reservations.map((reservation) => ({ service: 'pms', kind: 'reservation.created', data: { reservation: { ...reservation, rateCents: 9_000 } } })),
    // A little folio to void, refund and invoice.
    ...['chg-seed-1', 'chg-seed-2'].map((id, i) => ({
      service: 'pms',
      kind: 'charge.posted',
      data: {
        charge: {
          id,
          reservationId: RES_IDS[i],
          amountCents: 4_000,
          description: 'Dinner',
          category: 'food',
          businessDate: TODAY,
          at: '2030-03-10T08:00:00Z',
          voided: false,
        },
      },
    })),
    {
      service: 'payments',
      kind: 'payment.captured',
      data: { payment: { id: 'pay-seed-1', reservationId: RES_IDS[0], amountCents: 5_000, method: 'card', at: '2030-03-10T09:00:00Z', businessDate: TODAY } },
    },
  ]);
}

const sortById = (json: HotelStateJson): Record<string, { id: string }[]> =>
  Object.fromEntries(ENTITY_TYPES.map((t) => [t, [...(json[t] as { id: string }[])].sort((a, b) => (a.id < b.id ? -1 : 1))]));
const ACTOR = { id: 'u-prop', name: 'Prop Tester' };

describe('the rules written once', () => {
  it('the optimistic view of a queued command sequence equals what the gateway stores; refusals append nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(...ROOM_IDS.map((id, i) => roomArb(id, i))),
        fc.tuple(...RES_IDS.map((id) => reservationArb(id))),
        fc.array(commandArb, { minLength: 1, maxLength: 12 }),
        async (rooms, reservations, commands) => {
          const orgId = `prop-${orgNo++}`;
          seed(orgId, rooms, reservations);
          const truth = stateFromJson((await log.snapshot(orgId)).state);
          const takenAt = new Date('2030-03-10T12:00:00Z');
          const outbox: OutboxItemView[] = commands.map((command, i) => ({
            key: `${orgId}-k${i}`,
            command,
            description: command.type,
            operator: 'prop',
            createdAt: new Date(takenAt.getTime() + i).toISOString(),
            state: 'queued',
            attempts: 0,
            lastError: null,
            rejection: null,
          }));
          // What the desk shows while all of them are queued.
          const view = deriveOptimistic(truth, outbox, undefined, undefined, ACTOR);

          // What the gateway then stores, sending them in order.
          for (const item of outbox) {
            const before = (await log.info(orgId)).headSeq;
            const outcome = await log.runCommand(orgId, ACTOR, item.key, item.command, new Date(item.createdAt));
            const after = (await log.info(orgId)).headSeq;
            if (outcome.kind === 'refused') {
              tally.refused++;
              expect(after).toBe(before);
              expect(view.doomed.get(item.key)?.code).toBe(outcome.refusal.code);
            } else {
              expect(outcome.kind).toBe('applied');
              tally.applied++;
              tally.events += after - before;
              expect(view.doomed.has(item.key)).toBe(false);
            }
          }
          const stored = (await log.snapshot(orgId)).state;
          expect(sortById(stateToJson(view.state as HotelState))).toEqual(sortById(stored));
        },
      ),
      { numRuns: 150 },
    );
    // The generators reach both sides of the rules, not only refusals.
    expect(tally.applied).toBeGreaterThan(100);
    expect(tally.refused).toBeGreaterThan(100);
    expect(tally.events).toBeGreaterThan(tally.applied / 2);
  });

  it('planning never changes the state it reads', () => {
    fc.assert(
      fc.property(
        fc.tuple(...ROOM_IDS.map((id, i) => roomArb(id, i))),
        fc.tuple(...RES_IDS.map((id) => reservationArb(id))),
        commandArb,
        (rooms, reservations, command) => {
          const s = stateFromJson({ hotels: [hotel('h')], rooms, reservations });
          const before = JSON.stringify(stateToJson(s));
          plan(s, command, { key: 'k', takenAt: new Date('2030-03-10T12:00:00Z'), operator: ACTOR.id });
          expect(JSON.stringify(stateToJson(s))).toBe(before);
        },
      ),
      { numRuns: 300 },
    );
  });
});
