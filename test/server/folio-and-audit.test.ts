/**
 * The folio, invoices, the cash drawer and the night audit against the REAL gateway:
 * folio arithmetic (charges, voids, payments, refunds, credit), the payment that is
 * never refused for the balance, shift totals with a cash difference, invoice numbers
 * with no gap across a gateway restart and across two nodes on Redis, credit notes,
 * the night audit posting each stay's night exactly once under retries and two desks,
 * its report, and the guest data export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../shared/commands.ts';
import { addDays } from '../../shared/dates.ts';
import type { DayAudit, Invoice } from '../../shared/domain.ts';
import { derivedId } from '../../shared/ids.ts';
import { folioOf, taxOf } from '../../shared/planner.ts';
import { hotelOf, stateFromJson, type HotelState } from '../../shared/projection.ts';
import { COMMANDS_PATH, REPORT_DAY_PATH, SNAPSHOT_PATH, SnapshotResponseSchema } from '../../shared/protocol.ts';
import { DEMO_USERS, getJson, login, postJsonRoute, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { redisAvailable, startRedis, type RedisProcess } from '../helpers/redis-process.ts';

type Answer = { status: number; body: { events?: { seq: number; id: string }[]; error?: { code: string; message: string } }; key: string };
let keyNo = 0;

/** A desk's view of one gateway: commands and snapshots with a user's token. */
function deskOn(url: string, token: string) {
  const state = async (): Promise<HotelState> => {
    const { status, body } = await getJson(`${url}${SNAPSHOT_PATH}`, token);
    expect(status).toBe(200);
    return stateFromJson(SnapshotResponseSchema.parse(body).state as Parameters<typeof stateFromJson>[0]);
  };
  const send = async (command: Command, key = `folio-${process.pid}-${keyNo++}`): Promise<Answer> => {
    const r = await postJsonRoute<Answer['body']>(`${url}${COMMANDS_PATH}`, command, { authorization: `Bearer ${token}`, 'idempotency-key': key });
    return { ...r, key };
  };
  const ok = async (command: Command): Promise<Answer> => {
    const r = await send(command);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r;
  };
  const refused = async (command: Command, code: string): Promise<void> => {
    const r = await send(command);
    expect(r.body.error?.code, JSON.stringify(r.body)).toBe(code);
  };
  return { state, send, ok, refused };
}

async function walkIn(desk: ReturnType<typeof deskOn>, language = 'de'): Promise<string> {
  const s = await desk.state();
  const hotel = hotelOf(s)!;
  const room = [...s.rooms.values()].find(
    (r) =>
      (r.status === 'vacant_clean' || r.status === 'inspected') &&
      ![...s.reservations.values()].some((x) => x.roomId === r.id && (x.status === 'booked' || x.status === 'in_house')),
  )!;
  const booking = await desk.ok({
    type: 'create_reservation',
    guestName: 'Greta Folio',
    email: 'greta@example.test',
    language,
    arrival: hotel.businessDate,
    departure: addDays(hotel.businessDate, 2),
    roomType: room.type,
    adults: 1,
    roomId: room.id,
  });
  const reservationId = derivedId('res', booking.key);
  await desk.ok({ type: 'check_in', reservationId });
  return reservationId;
}

describe('folio, shift and invoices on the embedded gateway', () => {
  let gw: GatewayProcess;
  let desk: ReturnType<typeof deskOn>;

  beforeAll(async () => {
    gw = await startGateway({ keepDataDir: true });
    desk = deskOn(gw.url, (await login(gw.url, DEMO_USERS.demoHotel.email, 'demo')).accessToken);
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('keeps the balance as the folio says: charges, voids, payments, refunds and a credit', async () => {
    const id = await walkIn(desk);
    const balance = async () => (await desk.state()).reservations.get(id)!.balanceCents;
    expect(await balance()).toBe(0);
    const minibar = await desk.ok({ type: 'post_charge', reservationId: id, amountCents: 850, description: 'Minibar', category: 'minibar' });
    await desk.ok({ type: 'post_charge', reservationId: id, amountCents: 3_200, description: 'Dinner', category: 'food' });
    expect(await balance()).toBe(4_050);
    await desk.refused({ type: 'post_charge', reservationId: id, amountCents: 100, description: '  ' }, 'invalid_charge');
    await desk.refused({ type: 'void_charge', chargeId: derivedId('chg', minibar.key), reason: '' }, 'reason_required');
    await desk.ok({ type: 'void_charge', chargeId: derivedId('chg', minibar.key), reason: 'Guest did not use it' });
    await desk.refused({ type: 'void_charge', chargeId: derivedId('chg', minibar.key), reason: 'again' }, 'already_voided');
    expect(await balance()).toBe(3_200);

    // A payment is a fact: paying more than is owed leaves a credit.
    const pay = await desk.ok({ type: 'take_payment', reservationId: id, amountCents: 5_000, method: 'card', reference: 'AUTH 991' });
    expect(await balance()).toBe(-1_800);
    const payment = (await desk.state()).payments.get(derivedId('pay', pay.key))!;
    expect(payment).toMatchObject({ amountCents: 5_000, method: 'card', reference: 'AUTH 991', operator: DEMO_USERS.demoHotel.userId });
    await desk.refused({ type: 'refund_payment', paymentId: payment.id, amountCents: 5_001, reason: 'too much' }, 'exceeds_payment');
    await desk.ok({ type: 'refund_payment', paymentId: payment.id, amountCents: 1_800, reason: 'Credit paid back' });
    expect(await balance()).toBe(0);
    await desk.refused({ type: 'refund_payment', paymentId: payment.id, amountCents: 3_201, reason: 'x' }, 'exceeds_payment');
    await desk.refused({ type: 'void_payment', paymentId: payment.id, reason: 'x' }, 'refunded');

    const second = await desk.ok({ type: 'take_payment', reservationId: id, amountCents: 1_000, method: 'transfer' });
    await desk.ok({ type: 'void_payment', paymentId: derivedId('pay', second.key), reason: 'Booked twice' });
    await desk.refused({ type: 'void_payment', paymentId: derivedId('pay', second.key), reason: 'again' }, 'already_voided');
    await desk.refused({ type: 'refund_payment', paymentId: derivedId('pay', second.key), amountCents: 1, reason: 'x' }, 'already_voided');
    const folio = folioOf(await desk.state(), id);
    expect(folio).toMatchObject({ chargedCents: 3_200, paidCents: 3_200, balanceCents: 0 });
    expect((await desk.state()).reservations.get(id)!.balanceCents).toBe(folio.balanceCents);
  });

  it('refuses cash with no shift open; a shift closes with its expected cash and the difference counted', async () => {
    const id = await walkIn(desk);
    await desk.refused({ type: 'take_payment', reservationId: id, amountCents: 2_000, method: 'cash' }, 'no_shift');
    await desk.refused({ type: 'close_shift', countedCents: 0 }, 'no_shift');
    const open = await desk.ok({ type: 'open_shift', floatCents: 20_000 });
    await desk.refused({ type: 'open_shift', floatCents: 1 }, 'shift_open');
    const cash = await desk.ok({ type: 'take_payment', reservationId: id, amountCents: 6_000, method: 'cash' });
    await desk.ok({ type: 'take_payment', reservationId: id, amountCents: 4_000, method: 'card' });
    await desk.ok({ type: 'refund_payment', paymentId: derivedId('pay', cash.key), amountCents: 1_000, reason: 'Change given back' });
    await desk.ok({ type: 'close_shift', countedCents: 24_500 });
    const shift = (await desk.state()).shifts.get(derivedId('shift', open.key))!;
    expect(shift).toMatchObject({
      status: 'closed',
      floatCents: 20_000,
      expectedCents: 25_000,
      countedCents: 24_500,
      differenceCents: -500,
      operator: DEMO_USERS.demoHotel.userId,
    });
    expect(shift.operatorName).toBeTruthy();
  });

  it('numbers invoices with no gap and no reuse, across a gateway restart; a credit note corrects one once', async () => {
    const id = await walkIn(desk, 'fr');
    await desk.refused({ type: 'issue_invoice', reservationId: id }, 'empty_folio');
    await desk.ok({ type: 'post_charge', reservationId: id, amountCents: 12_000, description: 'Spa', category: 'other' });
    const first = await desk.ok({ type: 'issue_invoice', reservationId: id });
    let inv = (await desk.state()).invoices.get(derivedId('inv', first.key))!;
    expect(inv).toMatchObject({ kind: 'invoice', guest: { name: 'Greta Folio' }, language: 'fr', currency: 'EUR', totalCents: 12_000, balanceCents: 12_000 });
    expect(inv.hotel.name).toBe('Demo Hotel Berlin');
    const firstSeq = inv.seq;
    expect(inv.number).toBe(`DH-${String(firstSeq).padStart(6, '0')}`);
    // An issued invoice is frozen: the folio changes, the invoice does not.
    await desk.refused(
      { type: 'void_charge', chargeId: [...(await desk.state()).charges.values()].find((c) => c.reservationId === id)!.id, reason: 'x' },
      'invoice_issued',
    );

    await gw.restart();
    desk = deskOn(gw.url, (await login(gw.url, DEMO_USERS.demoHotel.email, 'demo')).accessToken);
    const credit = await desk.ok({ type: 'issue_credit_note', invoiceId: inv.id, reason: 'Wrong spa price' });
    const note = (await desk.state()).invoices.get(derivedId('inv', credit.key))!;
    expect(note).toMatchObject({ kind: 'credit_note', seq: firstSeq + 1, correctsInvoiceId: inv.id, totalCents: -12_000 });
    inv = (await desk.state()).invoices.get(inv.id)!;
    expect(inv.creditedBy).toBe(note.id);
    expect(inv.totalCents).toBe(12_000);
    await desk.refused({ type: 'issue_credit_note', invoiceId: inv.id, reason: 'again' }, 'already_credited');
    await desk.refused({ type: 'issue_credit_note', invoiceId: note.id, reason: 'x' }, 'not_an_invoice');
    const again = await desk.ok({ type: 'issue_invoice', reservationId: id });
    expect((await desk.state()).invoices.get(derivedId('inv', again.key))!.seq).toBe(firstSeq + 2);
    const seqs = [...(await desk.state()).invoices.values()].map((i) => i.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('exports everything held about a guest', async () => {
    const id = await walkIn(desk);
    const s = await desk.state();
    const guestId = s.reservations.get(id)!.guestId!;
    const { status, body } = await getJson<{ guest: { name: string; email: string }; reservations: { id: string }[]; charges: unknown[] }>(
      `${gw.url}/v2/guests/${guestId}/export`,
      (await login(gw.url, DEMO_USERS.demoHotel.email, 'demo')).accessToken,
    );
    expect(status).toBe(200);
    expect(body.guest).toMatchObject({ name: 'Greta Folio', email: 'greta@example.test' });
    expect(body.reservations.map((r) => r.id)).toEqual([id]);
    const missing = await getJson(`${gw.url}/v2/guests/guest-nobody/export`, (await login(gw.url, DEMO_USERS.demoHotel.email, 'demo')).accessToken);
    expect(missing.status).toBe(404);
  });
});

describe('the night audit', () => {
  let gw: GatewayProcess;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('posts each in-house night and its tax exactly once under retries and two desks, and records the day', async () => {
    const token = (await login(gw.url, DEMO_USERS.demoHotel.email, 'demo')).accessToken;
    const deskA = deskOn(gw.url, token);
    const deskB = deskOn(gw.url, token);
    const before = await deskA.state();
    const hotel = hotelOf(before)!;
    const day = hotel.businessDate;
    const notClosed = await getJson<{ error: { code: string } }>(`${gw.url}${REPORT_DAY_PATH}?date=${day}`, token);
    expect(notClosed.status).toBe(409);
    expect(notClosed.body.error.code).toBe('day_not_closed');
    const inHouse = [...before.reservations.values()].filter((r) => r.status === 'in_house' && (r.rateCents ?? 0) > 0);
    expect(inHouse.length).toBeGreaterThan(5);

    // Two desks close the same day at once, and desk A retries its request.
    const [a, b] = await Promise.all([
      deskA.send({ type: 'close_business_day', businessDate: day }, 'close-a'),
      deskB.send({ type: 'close_business_day', businessDate: day }, 'close-b'),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const retry = await deskA.send({ type: 'close_business_day', businessDate: day }, 'close-a');
    expect(retry.status).toBe(a.status);

    const after = await deskA.state();
    expect(hotelOf(after)!.businessDate).toBe(addDays(day, 1));
    for (const r of inHouse) {
      const nights = [...after.charges.values()].filter((c) => c.reservationId === r.id && c.night === day);
      expect(nights.map((c) => c.category).sort()).toEqual(['room', 'tax']);
      expect(nights.find((c) => c.category === 'room')!.amountCents).toBe(r.rateCents);
      expect(nights.find((c) => c.category === 'tax')!.amountCents).toBe(taxOf(r.rateCents!, hotel.roomTaxBp!));
      expect(after.reservations.get(r.id)!.balanceCents).toBe(r.balanceCents + r.rateCents! + taxOf(r.rateCents!, hotel.roomTaxBp!));
    }

    const report = await getJson<DayAudit>(`${gw.url}${REPORT_DAY_PATH}?date=${day}`, token);
    expect(report.status).toBe(200);
    const roomRevenue = inHouse.reduce((n, r) => n + r.rateCents!, 0);
    expect(report.body).toMatchObject({ businessDate: day, roomsSold: inHouse.length, adr: Math.round(roomRevenue / inHouse.length) });
    expect(report.body.occupancy).toBeCloseTo((inHouse.length / report.body.roomsAvailable) * 100, 1);
    expect(report.body.revpar).toBe(Math.round(roomRevenue / report.body.roomsAvailable));
    expect(report.body.revenueByCategory.room).toBeGreaterThanOrEqual(roomRevenue);
    expect(report.body.openBalances.length).toBeGreaterThan(0);
    expect((await getJson(`${gw.url}${REPORT_DAY_PATH}?date=2001-01-01`, token)).status).toBe(404);
    expect((await getJson(`${gw.url}${REPORT_DAY_PATH}?date=nope`, token)).status).toBe(400);

    // A payment of the closed day can no longer be voided, only refunded.
    const paid = [...after.payments.values()].find((p) => !p.voided && p.businessDate === addDays(day, -1));
    if (paid) await deskA.refused({ type: 'void_payment', paymentId: paid.id, reason: 'late' }, 'not_same_day');
  });
});

const redis = redisAvailable();
if (!redis && process.env.CI === 'true') throw new Error('redis-server is required on CI (apt-get install redis-server)');

describe.skipIf(!redis)('invoice numbers across two gateway nodes on Redis', () => {
  let server: RedisProcess;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    server = await startRedis();
    a = await startGateway({ args: ['--redis', server.url, '--history', '5000'] });
    b = await startGateway({ args: ['--redis', server.url, '--history', '5000'] });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await server?.stop();
  });

  it('hands out every number once, in order, with no gap, when both nodes issue at the same time', async () => {
    const token = (await login(a.url, DEMO_USERS.demoHotel.email, 'demo')).accessToken;
    const onA = deskOn(a.url, token);
    const onB = deskOn(b.url, token);
    const ids = [await walkIn(onA), await walkIn(onB)];
    for (const id of ids) await onA.ok({ type: 'post_charge', reservationId: id, amountCents: 1_000, description: 'Parking', category: 'parking' });
    const issued = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? onA : onB).ok({ type: 'issue_invoice', reservationId: ids[i % 2] })));
    const invoices = (await onB.state()).invoices;
    const seqs = issued.map((r) => invoices.get(derivedId('inv', r.key))!.seq).sort((x, y) => x - y);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const numbers = new Set([...invoices.values()].map((i: Invoice) => i.number));
    expect(numbers.size).toBe(8);
  });
});
