/**
 * Demo data for `--demo`: two hotels with rooms, reservations around today and
 * open tasks, produced AS EVENTS (room.created, reservation.created,
 * reservation.checked_in, …) so they go through the normal append path and the
 * projection, exactly like live traffic. Deterministic: a fixed-seed PRNG and
 * small name lists, so every fresh demo looks the same (dates follow today).
 */
import { addDays, dateInZone } from '../../shared/dates.ts';
import type { Guest, Hotel, Reservation, Room, RoomStatus, Task } from '../../shared/domain.ts';
import { derivedId } from '../../shared/ids.ts';
import { taxOf } from '../../shared/planner.ts';
import { SERVICE_OF_KIND, type KnownEventKind } from '../../shared/events.ts';
import type { Role } from '../../shared/protocol.ts';
import type { AppendInput } from '../log/types.ts';

export interface DemoUser {
  id: string;
  orgId: string;
  email: string;
  name: string;
  role: Role;
  password: string;
}

export const DEMO_PASSWORD = 'demo';

export const DEMO_USERS: readonly DemoUser[] = [
  {
    id: 'u-demo-hotel-frontdesk',
    orgId: 'demo-hotel',
    email: 'frontdesk@demo-hotel.test',
    name: 'Front Desk · Demo Hotel',
    role: 'frontdesk',
    password: DEMO_PASSWORD,
  },
  {
    id: 'u-harbor-inn-frontdesk',
    orgId: 'harbor-inn',
    email: 'frontdesk@harbor-inn.test',
    name: 'Front Desk · Harbor Inn',
    role: 'frontdesk',
    password: DEMO_PASSWORD,
  },
];

const FIRST = [
  'Anna',
  'Ben',
  'Chloé',
  'David',
  'Elif',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kaja',
  'Luca',
  'Maya',
  'Noah',
  'Olga',
  'Pedro',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
  'Umar',
  'Vera',
  'Wen',
  'Yusuf',
  'Zoe',
];
const LAST = [
  'Andersen',
  'Bauer',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Hansen',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Laurent',
  'Müller',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Virtanen',
  'Weber',
  'Yilmaz',
];

/** mulberry32: tiny deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface HotelPlan {
  orgId: string;
  hotel: Omit<Hotel, 'businessDate' | 'id'>;
  /** Languages the guests speak (invoices are printed in theirs). */
  languages: string[];
  /** Nightly rate per room type, in the currency's minor unit. */
  rates: Record<string, number>;
  prefix: string;
  seed: number;
  floors: number;
  roomsPerFloor: number;
  types: string[];
  inHouse: number;
  departing: number;
  arriving: number;
  future: number;
  tasks: number;
}

const HOTELS: HotelPlan[] = [
  {
    orgId: 'demo-hotel',
    hotel: {
      name: 'Demo Hotel Berlin',
      timeZone: 'Europe/Berlin',
      currency: 'EUR',
      locale: 'de-DE',
      code: 'DH',
      address: 'Friedrichstraße 100, 10117 Berlin',
      roomTaxBp: 700,
      rates: { queen: 14900, king: 17900, twin: 13900, suite: 32900 },
    },
    languages: ['de', 'de', 'en', 'en', 'fr', 'it'],
    rates: { queen: 14900, king: 17900, twin: 13900, suite: 32900 },
    prefix: 'DH',
    seed: 20240601,
    floors: 5,
    roomsPerFloor: 12,
    types: ['queen', 'queen', 'queen', 'queen', 'king', 'king', 'king', 'king', 'twin', 'twin', 'twin', 'suite'],
    inHouse: 15,
    departing: 8,
    arriving: 14,
    future: 3,
    tasks: 15,
  },
  {
    orgId: 'harbor-inn',
    hotel: {
      name: 'Harbor Inn Yokohama',
      timeZone: 'Asia/Tokyo',
      currency: 'JPY',
      locale: 'ja-JP',
      code: 'HI',
      address: '1-1 Minatomirai, Nishi-ku, Yokohama',
      roomTaxBp: 1000,
      rates: { double: 14000, single: 9500, twin: 15000, suite: 38000 },
    },
    languages: ['ja', 'ja', 'en', 'de'],
    rates: { double: 14000, single: 9500, twin: 15000, suite: 38000 },
    prefix: 'HI',
    seed: 19870312,
    floors: 2,
    roomsPerFloor: 8,
    types: ['double', 'double', 'double', 'single', 'single', 'twin', 'twin', 'suite'],
    inHouse: 4,
    departing: 3,
    arriving: 5,
    future: 1,
    tasks: 5,
  },
];

function ev<K extends KnownEventKind>(kind: K, data: unknown): AppendInput {
  return { service: SERVICE_OF_KIND[kind], kind, data };
}

/** The events that build one demo hotel, in order. */
function hotelEvents(plan: HotelPlan, now: Date): AppendInput[] {
  const rnd = prng(plan.seed);
  // The hotel's own today, in its own zone: what the desk calls "today" until the day is closed.
  const today = dateInZone(now, plan.hotel.timeZone);
  const RATE = plan.rates;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out: AppendInput[] = [ev('hotel.configured', { hotel: { id: plan.orgId, ...plan.hotel, businessDate: today } })];

  // Rooms. A few start dirty, inspected or out of order; occupied ones come from check-ins.
  const rooms: Room[] = [];
  for (let f = 1; f <= plan.floors; f++) {
    for (let i = 1; i <= plan.roomsPerFloor; i++) {
      const number = `${f}${String(i).padStart(2, '0')}`;
      rooms.push({ id: `rm-${number}`, number, floor: f, type: plan.types[i - 1], status: 'vacant_clean' });
    }
  }
  const statusRoll: RoomStatus[] = ['vacant_clean', 'vacant_clean', 'vacant_clean', 'inspected', 'vacant_dirty', 'vacant_dirty'];
  for (const r of rooms) r.status = pick(statusRoll);
  rooms[3].status = 'out_of_order';
  rooms[3].outOfOrder = { reason: 'Water damage in the bathroom', until: addDays(today, 2) };
  if (rooms.length > 30) {
    rooms[rooms.length - 7].status = 'out_of_order';
    rooms[rooms.length - 7].outOfOrder = { reason: 'Air conditioning broken', until: null };
  }
  for (const r of rooms) out.push(ev('room.created', { room: { ...r } }));

  // Guests are spread over the house, not packed on the first floor.
  const free = rooms.filter((r) => r.status !== 'out_of_order');
  for (let i = free.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [free[i], free[j]] = [free[j], free[i]];
  }
  let roomCursor = 0;
  const nextRoom = (): Room => free[roomCursor++ % free.length];
  let conf = 1000 + Math.floor(rnd() * 8000);
  let resNo = 1;
  const guest = () => `${pick(FIRST)} ${pick(LAST)}`;
  const reservation = (arrivalOffset: number, nights: number, room: Room | null, type: string): Reservation => {
    const id = `res-${String(resNo++).padStart(4, '0')}`;
    // Every stay has its guest record (name, contact, language for invoices).
    const name = guest();
    const record: Guest = {
      id: `guest-${id}`,
      name,
      email: `${name
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^a-z ]/g, '')
        .replace(' ', '.')}@example.test`,
      language: pick(plan.languages),
    };
    out.push(ev('guest.created', { guest: record }));
    return {
      id,
      guestId: record.id,
      rateCents: RATE[type],
      confirmation: `${plan.prefix}-${conf++}`,
      guestName: name,
      arrival: addDays(today, arrivalOffset),
      departure: addDays(today, arrivalOffset + nights),
      roomType: type,
      roomId: room ? room.id : null,
      status: 'booked',
      adults: 1 + Math.floor(rnd() * 3),
      balanceCents: 0,
    };
  };
  /** One night of a stay as the night audit posts it: the room, then its tax (same ids as the audit's). */
  const postNight = (res: Reservation, room: Room, night: string) => {
    const at = `${night}T23:30:00.000Z`;
    const rate = RATE[room.type];
    const base = { reservationId: res.id, businessDate: night, at, night, voided: false };
    out.push(
      ev('charge.posted', {
        charge: {
          ...base,
          id: derivedId('chg', `${res.id}|${night}|room`),
          amountCents: rate,
          description: `Room ${room.number} night ${night}`,
          category: 'room',
        },
      }),
    );
    const tax = taxOf(rate, plan.hotel.roomTaxBp ?? 0);
    if (tax > 0) {
      out.push(
        ev('charge.posted', {
          charge: {
            ...base,
            id: derivedId('chg', `${res.id}|${night}|tax`),
            amountCents: tax,
            description: `Tax ${(plan.hotel.roomTaxBp ?? 0) / 100} % on room, night ${night}`,
            category: 'tax',
            taxBp: plan.hotel.roomTaxBp,
          },
        }),
      );
    }
    return rate + tax;
  };

  const stays: { res: Reservation; room: Room; nights: number }[] = [];
  // Guests in house (arrived 1-3 days ago) and departing today (arrived earlier, leave today).
  for (let i = 0; i < plan.inHouse + plan.departing; i++) {
    const departing = i >= plan.inHouse;
    const room = nextRoom();
    const arrivedAgo = 1 + Math.floor(rnd() * 3);
    const nights = departing ? arrivedAgo : arrivedAgo + 1 + Math.floor(rnd() * 3);
    stays.push({ res: reservation(-arrivedAgo, nights, room, room.type), room, nights });
  }
  for (const { res } of stays) out.push(ev('reservation.created', { reservation: res }));
  for (const { res, room } of stays) {
    out.push(ev('reservation.checked_in', { reservationId: res.id, roomId: room.id }));
    // The nights already spent were posted by earlier night audits.
    let owed = 0;
    for (let night = res.arrival; night < today; night = addDays(night, 1)) owed += postNight(res, room, night);
    if (rnd() < 0.4 && owed > 0) {
      const yesterday = addDays(today, -1);
      out.push(
        ev('payment.captured', {
          payment: {
            id: `pay-${res.id}`,
            reservationId: res.id,
            amountCents: owed,
            method: pick(['card', 'card', 'transfer'] as const),
            at: `${yesterday}T18:00:00.000Z`,
            businessDate: yesterday,
          },
        }),
      );
    }
  }
  // Arrivals today (half pre-assigned to a clean room) and a few for tomorrow.
  const vacantReady = free.filter((r) => !stays.some((s) => s.room.id === r.id) && (r.status === 'vacant_clean' || r.status === 'inspected'));
  for (let i = 0; i < plan.arriving + plan.future; i++) {
    const future = i >= plan.arriving;
    const type = pick(plan.types);
    const room = !future && i % 2 === 0 ? (vacantReady.shift() ?? null) : null;
    const nights = 1 + Math.floor(rnd() * 4);
    const res = reservation(future ? 1 : 0, nights, null, room ? room.type : type);
    out.push(ev('reservation.created', { reservation: res }));
    if (room) out.push(ev('reservation.room_assigned', { reservationId: res.id, roomId: room.id }));
  }

  // Tasks: clean the dirty rooms, fix the broken ones, a few requests.
  const taskTitles = ['Extra towels', 'Replace light bulb', 'Check minibar', 'Baby cot', 'Fix dripping tap', 'Refill amenities', 'Check AC noise'];
  let taskNo = 1;
  const createdAt = now.toISOString();
  const task = (kind: Task['kind'], title: string, roomId: string | null, priority: Task['priority']): Task => ({
    id: `task-${String(taskNo++).padStart(3, '0')}`,
    kind,
    title,
    roomId,
    status: 'open',
    priority,
    createdAt,
    completedAt: null,
    dueDate: today,
    ...(title.startsWith('Clean room') ? { cleaning: true } : {}),
  });
  const tasks: Task[] = [];
  for (const r of rooms) {
    if (tasks.length >= plan.tasks) break;
    if (r.status === 'out_of_order') tasks.push(task('maintenance', `Repair room ${r.number}`, r.id, 'high'));
    else if (r.status === 'vacant_dirty') tasks.push(task('housekeeping', `Clean room ${r.number}`, r.id, 'normal'));
  }
  while (tasks.length < plan.tasks) {
    const r = pick(rooms);
    tasks.push(task(rnd() < 0.5 ? 'housekeeping' : 'maintenance', `${pick(taskTitles)} (${r.number})`, r.id, pick(['low', 'normal', 'high'] as const)));
  }
  for (const t of tasks) out.push(ev('task.created', { task: t }));
  return out;
}

export interface DemoSeed {
  orgId: string;
  events: AppendInput[];
}

export function demoSeed(now = new Date()): DemoSeed[] {
  return HOTELS.map((plan) => ({ orgId: plan.orgId, events: hotelEvents(plan, now) }));
}
