/**
 * A receptionist's shift end to end, in Chromium through the browser host against
 * the real gateway (issue 11): book a walk-in and check them in at once, move them
 * to another room, extend the stay, check out, and clean the room (completing the
 * cleaning task turns the room clean) — first live, then the same flow taken
 * while the gateway is down, queued, and sent exactly once when it is back. Then
 * the screens at 1366x768 and 1024x768, light and dark: nothing scrolls sideways,
 * no visible button is covered or clipped, and the density the desk promises
 * (Today ≥ 10 guests a column, Reservations ≥ 15 rows, 60 rooms in ≤ 1.5 screens).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/dates.ts';
import { derivedId } from '../../shared/ids.ts';
import { VIEWS } from '../../shared/ipc.ts';
import type { StoredEvent } from '../../shared/protocol.ts';
import { ALL_AXE_RULES, axeViolations } from '../helpers/axe.ts';
import { chromiumAvailable, collectPageErrors } from '../helpers/chromium.ts';
import { DEMO_USERS } from '../helpers/gateway-process.ts';
import { requireForSuite } from '../helpers/suite-guard.ts';
import { screenshot, signIn, startDeskUnderTest, type DeskUnderTest } from './desk-harness.ts';

const canRun = requireForSuite('Chromium', chromiumAvailable(), 'install the Debian chromium package or set FRONTDESK_CHROMIUM');
const WAIT = { timeout: 20_000 };

async function show(page: Page, view: string): Promise<void> {
  await page.getByTestId(`nav-${view}`).click();
  await page.getByTestId(`view-${view}`).waitFor(WAIT);
}

async function stateIs(page: Page, state: string): Promise<void> {
  await page.locator(`[data-testid=connection-state][data-state=${state}]`).waitFor(WAIT);
}

interface ShiftResult {
  reservationId: string;
  firstRoom: string;
  movedTo: string;
  movedToNumber: string;
  departure: string;
}

/**
 * The whole shift for one walk-in, through the screens only. Returns what it did,
 * for the caller to check against the gateway. With `confirmed`, each step waits
 * for the gateway's confirmation (live); otherwise only for the optimistic view.
 */
async function walkInShift(page: Page, guestName: string, businessDate: string, confirmed: boolean): Promise<ShiftResult> {
  const settled = confirmed ? '[data-pending=false]' : '';
  // Book a walk-in with a room the guest can walk into now, and check in at once.
  await page.getByTestId('new-booking').click();
  const dialog = page.getByTestId('booking-dialog');
  await dialog.waitFor(WAIT);
  await page.getByTestId('booking-guest').fill(guestName);
  expect(await page.getByTestId('booking-arrival').inputValue()).toBe(businessDate);
  expect(await page.getByTestId('booking-departure').inputValue()).toBe(addDays(businessDate, 1));
  // A type with at least two ready rooms (one to check in to, one to move to).
  const types = await page
    .getByTestId('booking-room-type')
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  let chosenType: string | null = null;
  for (const type of types) {
    await page.getByTestId('booking-room-type').selectOption(type);
    const ready = await dialog.locator('[data-testid=booking-room][data-status=vacant_clean], [data-testid=booking-room][data-status=inspected]').count();
    if (ready >= 2) {
      chosenType = type;
      break;
    }
  }
  expect(chosenType, 'a room type with two ready rooms').not.toBeNull();
  const firstRadio = dialog.locator('[data-testid=booking-room][data-status=vacant_clean], [data-testid=booking-room][data-status=inspected]').first();
  const firstRoom = (await firstRadio.getAttribute('value'))!;
  await firstRadio.check();
  await page.getByTestId('booking-checkin-now').check();
  await page.getByTestId('booking-email').fill('walk.in@example.test');
  await page.getByTestId('booking-notes').fill('Late check-out asked');
  expect(await page.getByTestId('confirm-booking').textContent()).toMatch(/Book and check in to/);
  await page.getByTestId('confirm-booking').click();

  // The new reservation's panel opens, in house in the picked room.
  const panel = page.getByTestId('reservation-details');
  await page.locator(`[data-testid=reservation-details][data-status=in_house][data-room-id="${firstRoom}"]`).waitFor(WAIT);
  const reservationId = (await panel.getAttribute('data-reservation-id'))!;
  expect(await page.getByTestId('reservation-notes').textContent()).toContain('Late check-out asked');
  if (confirmed)
    await page
      .locator(`[data-testid=reservation-details][data-reservation-id="${reservationId}"] [data-testid=pending-badge]`)
      .waitFor({ state: 'detached', ...WAIT });

  // Move to another ready room of the same type, with a reason.
  await page.getByTestId('panel-move').click();
  const pick = page.locator('[data-testid=pick-room]').first();
  const movedTo = (await pick.getAttribute('value'))!;
  const movedToNumber = (await pick.getAttribute('data-room-number'))!;
  expect(movedTo).not.toBe(firstRoom);
  await pick.check();
  await page.getByTestId('move-reason').fill('Noise from the street');
  await page.getByTestId('confirm-room').click();
  await page.locator(`[data-testid=reservation-details][data-room-id="${movedTo}"]`).waitFor(WAIT);

  // Extend by one night.
  await page.getByTestId('panel-edit').click();
  await page.getByTestId('edit-departure-plus').click();
  const departure = addDays(businessDate, 2);
  expect(await page.getByTestId('edit-departure').inputValue()).toBe(departure);
  await page.getByTestId('confirm-edit').click();
  await page.locator(`[data-testid=reservation-details][data-departure="${departure}"]`).waitFor(WAIT);
  if (confirmed)
    await page
      .locator(`[data-testid=reservation-details][data-reservation-id="${reservationId}"] [data-testid=pending-badge]`)
      .waitFor({ state: 'detached', ...WAIT });

  // Check out (nothing owed: no charge was posted for the walk-in).
  await page.getByTestId('panel-checkout').click();
  await page.getByTestId('checkout-dialog').waitFor(WAIT);
  await page.getByTestId('confirm-checkout').click();
  await page.getByTestId('checkout-dialog').waitFor({ state: 'detached', ...WAIT });

  // The room the guest left is dirty, with its cleaning task; completing it makes it clean.
  await show(page, 'board');
  await page.locator(`[data-testid=room-tile][data-room-id="${movedTo}"][data-status=vacant_dirty]`).waitFor(WAIT);
  await show(page, 'tasks');
  const task = page
    .locator('[data-testid=task-row][data-status=open]')
    .filter({ hasText: `Clean room ${movedToNumber}` })
    .last();
  await task.waitFor(WAIT);
  expect(await task.getAttribute('data-room-status')).toBe('vacant_dirty');
  await task.getByTestId('action-complete').click();
  await show(page, 'board');
  await page.locator(`[data-testid=room-tile][data-room-id="${movedTo}"][data-status=vacant_clean]${settled}`).waitFor(WAIT);
  return { reservationId, firstRoom, movedTo, movedToNumber, departure };
}

/** What the gateway stored for this reservation's shift, in order, by kind. */
function shiftKinds(events: StoredEvent[], r: ShiftResult): string[] {
  const mine = new Set<string>();
  for (const e of events) if (e.causedBy && JSON.stringify(e.data).includes(`"${r.reservationId}"`)) mine.add(e.causedBy);
  const cleaning = events.find(
    (e) => e.kind === 'task.created' && mine.has(e.causedBy ?? '') && (e.data as { task: { roomId: string } }).task.roomId === r.movedTo,
  );
  const taskId = cleaning ? (cleaning.data as { task: { id: string } }).task.id : '';
  for (const e of events) if (e.causedBy && e.kind === 'task.completed' && (e.data as { taskId: string }).taskId === taskId) mine.add(e.causedBy);
  return events.filter((e) => e.causedBy && mine.has(e.causedBy)).map((e) => e.kind);
}

const EXPECTED_SHIFT = [
  // The booking creates the guest's record, then the stay.
  'guest.created',
  'reservation.created',
  'reservation.room_assigned',
  'reservation.checked_in',
  'reservation.room_moved',
  'task.created',
  'reservation.modified',
  'reservation.checked_out',
  'task.created',
  'task.completed',
  'room.status_changed',
];

/** Every visible button: not covered (hit at its centre) and not cut off by the window or a scroll box. */
async function buttonProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const dialog = document.querySelector('dialog[open]');
    const scope: ParentNode = dialog ?? document;
    for (const el of Array.from(scope.querySelectorAll('button'))) {
      if (!el.checkVisibility()) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      // Scrolled out of a list's view is not "visible": skip it. Cut sideways is a problem.
      let hidden = false;
      let clipped = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (!/(auto|scroll|hidden|clip)/.test(style.overflowX + style.overflowY)) continue;
        const b = p.getBoundingClientRect();
        // What a scroll box shows is inside its borders (and scrollbars): clientTop/clientHeight.
        const top = b.top + p.clientTop;
        const bottom = top + p.clientHeight;
        if (cy < top || cy > bottom) hidden = true;
        else if (r.left < b.left - 1 || r.right > b.right + 1) clipped = true;
      }
      if (hidden) continue;
      const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40) || el.outerHTML.slice(0, 80);
      if (clipped || r.left < -1 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1 || r.top < -1) {
        problems.push(`clipped: ${name}`);
        continue;
      }
      const hit = document.elementFromPoint(cx, cy);
      if (!hit || !(hit === el || el.contains(hit))) problems.push(`covered: ${name} (by ${hit?.outerHTML.slice(0, 80) ?? 'nothing'})`);
    }
    return problems;
  });
}

async function noSidewaysScroll(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
}

describe.skipIf(!canRun)('a shift at the desk through the browser host against the real gateway', () => {
  let t: DeskUnderTest;
  let page: Page;
  let errors: string[];
  let businessDate: string;

  beforeAll(async () => {
    t = await startDeskUnderTest({ viewport: { width: 1366, height: 768 }, gatewayArgs: ['--log-level', 'info'] });
    page = await t.openPage('today');
    errors = collectPageErrors(page);
    await page.getByTestId('login-screen').waitFor(WAIT);
    await signIn(page);
    await page.getByTestId('view-today').waitFor(WAIT);
    await stateIs(page, 'live');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it("shows the hotel's name and business date, not the PC's", async () => {
    const configured = (await t.gatewayEvents()).filter((e) => e.kind === 'hotel.configured').at(-1);
    const hotel = (configured!.data as { hotel: { name: string; businessDate: string } }).hotel;
    businessDate = hotel.businessDate;
    expect(await page.getByTestId('hotel-name').textContent()).toBe(hotel.name);
    expect(await page.getByTestId('business-date').getAttribute('data-date')).toBe(businessDate);
    // Money in the hotel's currency and locale (demo-hotel: EUR, de-DE).
    expect(await page.locator('[data-testid=stat-unpaid] .stat-detail').textContent()).toMatch(/^[\d.]+,\d\d\s€$/);
  });

  it('books a walk-in, checks in, moves, extends, checks out and cleans the room, each confirmed by its events', async () => {
    const r = await walkInShift(page, 'Anna Walk-in', businessDate, true);
    const events = await t.gatewayEvents();
    expect(shiftKinds(events, r)).toEqual(EXPECTED_SHIFT);
    const modified = events.find((e) => e.kind === 'reservation.modified' && (e.data as { reservationId: string }).reservationId === r.reservationId)!;
    expect((modified.data as { changes: { departure: string } }).changes.departure).toBe(r.departure);
    await page.keyboard.press('Escape');
  });

  it('explains a refusal before sending: an amount with too many decimals, a room that is not ready', async () => {
    await show(page, 'reservations');
    await page.getByTestId('reservation-status-filter').selectOption('in_house');
    await page.locator('[data-testid=reservation-row] [data-testid=action-payment]').first().click();
    await page.getByTestId('payment-amount').fill('0.125');
    expect(await page.getByTestId('payment-amount-error').textContent()).toMatch(/EUR has at most 2 decimals/);
    expect(await page.getByTestId('confirm-payment').isDisabled()).toBe(true);
    await page.getByTestId('payment-amount').fill('1.000');
    expect(await page.getByTestId('confirm-payment').textContent()).toMatch(/1\.000,00\s€/);
    await page.keyboard.press('Escape');
    await page.getByTestId('reservation-status-filter').selectOption('all');

    // Out of order needs a reason: the rules say so before anything is queued.
    await show(page, 'board');
    await page.locator('[data-testid=room-tile][data-status=vacant_dirty]').first().click();
    await page.getByTestId('set-status-out_of_order').click();
    expect(await page.getByTestId('confirm-ooo').isDisabled()).toBe(true);
    await page.getByTestId('ooo-reason').fill('Broken heating');
    await page.getByTestId('ooo-until').fill(addDays(businessDate, 3));
    const roomId = await page.locator('[data-testid=room-tile][data-status=vacant_dirty]').first().getAttribute('data-room-id');
    await page.getByTestId('confirm-ooo').click();
    const tile = page.locator(`[data-testid=room-tile][data-room-id="${roomId}"][data-status=out_of_order][data-pending=false]`);
    await tile.waitFor(WAIT);
    expect(await tile.getByTestId('room-ooo').textContent()).toContain('Broken heating');

    // A stay-over room that needs service: only that change is offered while the guest is in.
    const occupied = page.locator('[data-testid=room-tile][data-status=occupied]').first();
    const occupiedId = await occupied.getAttribute('data-room-id');
    const guest = (await occupied.getByTestId('room-guest').textContent())?.trim();
    await occupied.click();
    expect(await page.getByTestId('room-guest-note').textContent()).toContain(guest);
    expect(await page.getByTestId('set-status-vacant_clean').isDisabled()).toBe(true);
    await page.getByTestId('set-status-occupied_dirty').click();
    await page.locator(`[data-testid=room-tile][data-room-id="${occupiedId}"][data-status=occupied_dirty][data-pending=false]`).waitFor(WAIT);
  });

  it('takes the same shift while the gateway is down, shows it at once, and sends each action exactly once when it returns', async () => {
    await show(page, 'today');
    await t.gateway.kill9();
    await stateIs(page, 'offline');
    const r = await walkInShift(page, 'Otto Offline', businessDate, false);
    await page.getByTestId('queue-button').click();
    const items = page.locator('[data-testid=outbox-item][data-state=queued]');
    expect(await items.count()).toBe(6);
    const texts = await items.locator('.queue-desc').allTextContents();
    // In plain words, newest first: names and room numbers, not ids.
    expect(texts.join('\n')).toMatch(/Complete task: Clean room/);
    expect(texts.join('\n')).toMatch(/Check out Otto Offline/);
    expect(texts.join('\n')).toMatch(/Change the stay of Otto Offline: departure/);
    expect(texts.join('\n')).toMatch(new RegExp(`Move Otto Offline to room ${r.movedToNumber} \\(Noise from the street\\)`));
    expect(texts.join('\n')).toMatch(/Check in Otto Offline to room/);
    expect(texts.join('\n')).toMatch(/Book Otto Offline into room/);
    const keys = await items.evaluateAll((els) => els.map((el) => el.getAttribute('data-key')!));
    const bookingKey = await page.locator('[data-testid=outbox-item][data-command=create_reservation][data-state=queued]').getAttribute('data-key');
    expect(derivedId('res', bookingKey!)).toBe(r.reservationId);
    await screenshot(page, 'shift-offline-queued');

    await t.gateway.restart();
    await stateIs(page, 'live');
    for (const key of keys) await page.locator(`[data-testid=outbox-item][data-key="${key}"][data-state=confirmed]`).waitFor(WAIT);
    await page.getByTestId('queue-button').click();
    await page.locator(`[data-testid=room-tile][data-room-id="${r.movedTo}"][data-status=vacant_clean][data-pending=false]`).waitFor(WAIT);
    const events = await t.gatewayEvents();
    for (const key of keys) expect(events.filter((e) => e.causedBy === key).length, key).toBeGreaterThan(0);
    expect(shiftKinds(events, r)).toEqual(EXPECTED_SHIFT);
  });

  it('closes the business day: still-booked arrivals become no-shows and the date moves on', async () => {
    await show(page, 'today');
    await page.getByTestId('close-day').click();
    await page.getByTestId('close-day-dialog').waitFor(WAIT);
    const listed = await page.locator('[data-testid=close-day-no-shows] li').evaluateAll((els) => els.map((el) => el.getAttribute('data-reservation-id')));
    await page.getByTestId('confirm-close-day').click();
    const next = addDays(businessDate, 1);
    await page.locator(`[data-testid=business-date][data-date="${next}"]`).waitFor(WAIT);
    const events = await t.gatewayEvents();
    const noShows = events.filter((e) => e.kind === 'reservation.no_show').map((e) => (e.data as { reservationId: string }).reservationId);
    expect(noShows.sort()).toEqual([...listed].sort());
    expect(events.at(-1)).toMatchObject({ kind: 'business_day.closed', data: { closedDate: businessDate, businessDate: next } });
    businessDate = next;
  });

  for (const size of [
    { width: 1366, height: 768 },
    { width: 1024, height: 768 },
  ]) {
    it(`at ${size.width}x${size.height}, light and dark: no sideways scroll, every visible button reachable, the promised density`, async () => {
      await page.setViewportSize(size);
      for (const theme of ['light', 'dark']) {
        if (((await page.locator('html').getAttribute('data-theme')) ?? 'light') !== theme) await page.getByTestId('theme-toggle').click();
        for (const view of VIEWS) {
          await show(page, view);
          await page.waitForTimeout(100);
          const scroll = await noSidewaysScroll(page);
          expect(scroll.scrollWidth, `${view} ${theme}`).toBeLessThanOrEqual(scroll.innerWidth);
          expect(await buttonProblems(page), `${view} ${theme}`).toEqual([]);
          await screenshot(page, `shift-${view}-${size.width}-${theme}`);
        }
        // The dialogs too.
        await page.getByTestId('new-booking').click();
        await page.getByTestId('booking-dialog').waitFor(WAIT);
        expect(await buttonProblems(page), `booking ${theme}`).toEqual([]);
        await screenshot(page, `shift-booking-${size.width}-${theme}`);
        await page.keyboard.press('Escape');
        await show(page, 'reservations');
        await page.locator('[data-testid=reservation-row] [data-testid=open-reservation]').first().click();
        await page.getByTestId('reservation-panel').waitFor(WAIT);
        expect(await buttonProblems(page), `reservation panel ${theme}`).toEqual([]);
        await screenshot(page, `shift-reservation-${size.width}-${theme}`);
        await page.keyboard.press('Escape');
        for (const [view, open, dialog] of [
          ['board', '[data-testid=room-tile][data-status=out_of_order]', 'room-dialog'],
          ['today', '[data-testid=close-day]', 'close-day-dialog'],
          ['today', '[data-testid=today-row] [data-testid=action-checkin]', 'checkin-dialog'],
          ['tasks', '[data-testid=new-task]', 'task-dialog'],
        ] as const) {
          await show(page, view);
          await page.locator(open).first().click();
          await page.getByTestId(dialog).waitFor(WAIT);
          expect(await buttonProblems(page), `${dialog} ${theme}`).toEqual([]);
          await screenshot(page, `shift-${dialog}-${size.width}-${theme}`);
          await page.keyboard.press('Escape');
          await page.getByTestId(dialog).waitFor({ state: 'detached', ...WAIT });
        }
      }
      if (size.width === 1366) {
        // Today: at least 10 guests fit a column; Reservations: at least 15 rows.
        await show(page, 'today');
        const today = await page.evaluate(() => {
          const list = document.querySelector('[data-testid=today-inHouse] .guest-list') as HTMLElement;
          const row = list.querySelector('.guest-row') as HTMLElement;
          return { list: list.clientHeight, row: row.getBoundingClientRect().height };
        });
        expect(Math.floor(today.list / today.row)).toBeGreaterThanOrEqual(10);
        await show(page, 'reservations');
        const res = await page.evaluate(() => {
          const list = document.querySelector('[data-testid=reservation-list]') as HTMLElement;
          const row = list.querySelector('[data-testid=reservation-row]') as HTMLElement;
          return { list: list.clientHeight, row: row.getBoundingClientRect().height };
        });
        expect(Math.floor(res.list / res.row)).toBeGreaterThanOrEqual(15);
        // The board: all 60 demo rooms within one and a half screens.
        await show(page, 'board');
        expect(await page.getByTestId('room-tile').count()).toBe(60);
        const board = await page.evaluate(() => {
          const floors = document.querySelector('.floors') as HTMLElement;
          return floors.getBoundingClientRect().top + floors.scrollHeight;
        });
        expect(board).toBeLessThanOrEqual(1.5 * size.height);
      }
      await page.setViewportSize({ width: 1366, height: 768 });
      if ((await page.locator('html').getAttribute('data-theme')) === 'dark') await page.getByTestId('theme-toggle').click();
    });
  }

  it('passes the axe scan on the new dialogs and panels, and no page errors', async () => {
    await show(page, 'today');
    await page.getByTestId('new-booking').click();
    await page.getByTestId('booking-guest').fill('Axe Guest');
    expect(await axeViolations(page, ALL_AXE_RULES), 'booking').toEqual([]);
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=today-row] [data-testid=open-reservation]').first().click();
    expect(await axeViolations(page, ALL_AXE_RULES), 'reservation panel').toEqual([]);
    await page.getByTestId('panel-edit').click();
    expect(await axeViolations(page, ALL_AXE_RULES), 'change stay').toEqual([]);
    await page.keyboard.press('Escape');
    await show(page, 'board');
    await page.locator('[data-testid=room-tile][data-status=out_of_order]').first().click();
    expect(await axeViolations(page, ALL_AXE_RULES), 'room panel').toEqual([]);
    await page.keyboard.press('Escape');
    await show(page, 'tasks');
    await page.getByTestId('new-task').click();
    expect(await axeViolations(page, ALL_AXE_RULES), 'task dialog').toEqual([]);
    await page.getByTestId('task-title').fill('Replace the bulb');
    await page.getByTestId('confirm-task').click();
    await page.getByTestId('task-dialog').waitFor({ state: 'detached', ...WAIT });
    await show(page, 'today');
    await page.getByTestId('close-day').click();
    expect(await axeViolations(page, ALL_AXE_RULES), 'close day').toEqual([]);
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  });

  it('shows a yen hotel in yen: no decimals shown, and "12.5" refused with the reason', async () => {
    await page.getByTestId('logout').click();
    await page.getByTestId('login-screen').waitFor(WAIT);
    await page.getByTestId('login-email').fill(DEMO_USERS.harborInn.email);
    await page.getByTestId('login-password').fill(DEMO_USERS.harborInn.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('view-today').waitFor(WAIT);
    await stateIs(page, 'live');
    await page.locator('[data-testid=hotel-name]', { hasText: 'Harbor' }).waitFor(WAIT);
    const unpaid = (await page.locator('[data-testid=stat-unpaid] .stat-detail').textContent()) ?? '';
    expect(unpaid).toMatch(/[¥￥]/);
    expect(unpaid).not.toMatch(/[.,]\d\d$/);
    await show(page, 'reservations');
    await page.getByTestId('reservation-status-filter').selectOption('in_house');
    await page.locator('[data-testid=reservation-row] [data-testid=action-payment]').first().click();
    // The balance is offered as a whole number of yen.
    expect(await page.getByTestId('payment-amount').inputValue()).toMatch(/^\d+$/);
    await page.getByTestId('payment-amount').fill('12.5');
    expect(await page.getByTestId('payment-amount-error').textContent()).toMatch(/JPY has no decimals/);
    expect(await page.getByTestId('confirm-payment').isDisabled()).toBe(true);
    await page.getByTestId('payment-amount').fill('12000');
    expect(await page.getByTestId('confirm-payment').textContent()).toMatch(/12,000/);
    await screenshot(page, 'shift-payment-jpy');
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  });
});
