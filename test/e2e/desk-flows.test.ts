/**
 * The front-desk screens end to end: real Chromium → browser host (bridge) → desk
 * core (SQLite) → the real gateway process. Covers login, live events on screen,
 * offline with the data kept, an offline action confirmed exactly once after the
 * gateway returns, a refused action rolled back visibly, two windows in step, and
 * screenshots of every view (test-artifacts/screenshots/).
 *
 * The same flows run on the Electron app through Playwright's `_electron` where its
 * binary exists (screenshots prefixed `electron-`); elsewhere that run is skipped
 * with the reason printed, the one skip CI allows.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEWS } from '../../shared/ipc.ts';
import { chromiumAvailable, collectPageErrors } from '../helpers/chromium.ts';
import { ALL_AXE_RULES, axeViolations } from '../helpers/axe.ts';
import { electronSkipReason } from '../helpers/electron-app.ts';
import { requireForSuite } from '../helpers/suite-guard.ts';
import { DEMO_USERS, publish, startGateway } from '../helpers/gateway-process.ts';
import { screenshot, signIn, startDeskUnderTest, type DeskFlowsHost } from './desk-harness.ts';
import { startElectronDeskUnderTest } from './electron-desk-harness.ts';

const electronSkip = electronSkipReason();
if (electronSkip) console.warn(`SKIPPING the desk flows on Electron (_electron): ${electronSkip}. They run through the browser host in Chromium.`);

// Info, not debug: a debug line per publish slows the bulk step on a shared 2-core machine.
const GATEWAY_ARGS = ['--log-level', 'info'];
const HOSTS: Array<{ name: string; canRun: boolean; shotPrefix: string; start(): Promise<DeskFlowsHost> }> = [
  {
    name: 'the browser host in Chromium',
    canRun: requireForSuite('Chromium', chromiumAvailable(), 'install the Debian chromium package or set FRONTDESK_CHROMIUM'),
    shotPrefix: '',
    start: () => startDeskUnderTest({ gatewayArgs: GATEWAY_ARGS }),
  },
  {
    name: 'the Electron app (_electron)',
    canRun: electronSkip === null,
    shotPrefix: 'electron-',
    start: () => startElectronDeskUnderTest({ gatewayArgs: GATEWAY_ARGS }),
  },
];

const WAIT = { timeout: 15_000 };

/** Navigates by clicking the view's tab (hash routing) and waits for the view. */
async function show(page: Page, view: string): Promise<void> {
  await page.getByTestId(`nav-${view}`).click();
  await page.getByTestId(`view-${view}`).waitFor(WAIT);
}

async function stateIs(page: Page, state: string): Promise<void> {
  await page.locator(`[data-testid=connection-state][data-state=${state}]`).waitFor(WAIT);
}

for (const host of HOSTS)
  describe.skipIf(!host.canRun)(`front-desk screens through ${host.name} against the real gateway`, () => {
    let t: DeskFlowsHost;
    let page: Page;
    let errors: string[];
    const shot = (p: Page, name: string) => screenshot(p, `${host.shotPrefix}${name}`);

    beforeAll(async () => {
      t = await host.start();
      page = await t.openPage('today');
      errors = collectPageErrors(page);
    }, 90_000);

    afterAll(async () => {
      await t?.close();
    });

    it('shows the login screen, refuses a wrong password, then signs in and shows today', async () => {
      await page.getByTestId('login-screen').waitFor(WAIT);
      await shot(page, 'login');
      expect(await axeViolations(page, ALL_AXE_RULES)).toEqual([]);
      await page.getByTestId('login-email').fill('frontdesk@demo-hotel.test');
      await page.getByTestId('login-password').fill('wrong');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('login-error').waitFor(WAIT);
      expect(await page.getByTestId('login-error').textContent()).toMatch(/\S/);

      await signIn(page);
      await page.getByTestId('view-today').waitFor(WAIT);
      await stateIs(page, 'live');
      expect(await page.getByTestId('user-name').textContent()).toContain('Demo Hotel');
      // The demo hotel has arrivals and guests in house today.
      await page.locator('[data-testid=today-arrivals] [data-testid=today-row]').first().waitFor(WAIT);
      expect(Number(await page.getByTestId('count-arrivals').textContent())).toBeGreaterThan(0);
      expect(Number(await page.locator('[data-testid=stat-inhouse] .stat-value').textContent())).toBeGreaterThan(0);
    });

    it('shows an event published to the gateway, including a kind the desk does not know', async () => {
      await show(page, 'activity');
      const unknown = await t.publish({ service: 'spa', kind: 'spa.booking_made', data: { guest: 'E2E Guest', treatment: 'hot stone massage' } });
      const row = page.locator(`[data-testid=activity-row][data-event-id="${unknown.id}"]`);
      await row.waitFor(WAIT);
      const text = await row.textContent();
      expect(text).toContain('spa.booking_made');
      expect(text).toContain('hot stone massage');
      expect(text).toContain('Unknown kind');
      // Newest first: it is the top row.
      expect(await page.locator('[data-testid=activity-row]').first().getAttribute('data-event-id')).toBe(unknown.id);

      await show(page, 'board');
      // Housekeeping marks a clean room inspected (a room without a guest, so the hotel stays consistent).
      const clean = page.locator('[data-testid=room-tile][data-status=vacant_clean]').first();
      const roomId = await clean.getAttribute('data-room-id');
      await t.publish({ service: 'housekeeping', kind: 'room.status_changed', data: { roomId, status: 'inspected' } });
      await page.locator(`[data-testid=room-tile][data-room-id="${roomId}"][data-status=inspected]`).waitFor(WAIT);
    });

    it('keeps two windows in step from the one connection', async () => {
      await show(page, 'board');
      const [second] = await Promise.all([t.waitForNewWindow(), page.getByTestId('open-window').click()]);
      await second.getByTestId('view-board').waitFor(WAIT);
      expect(new URL(second.url()).hash).toBe('#/board');
      await stateIs(second, 'live');
      const clean = page.locator('[data-testid=room-tile][data-status=vacant_clean]').first();
      const roomId = await clean.getAttribute('data-room-id');
      await t.publish({ service: 'housekeeping', kind: 'room.status_changed', data: { roomId, status: 'out_of_order' } });
      for (const p of [page, second]) await p.locator(`[data-room-id="${roomId}"][data-status=out_of_order]`).waitFor(WAIT);
      // Light or dark is the desk's choice, not one window's: the other window follows.
      const theme = await page.locator('html').getAttribute('data-theme');
      await page.getByTestId('theme-toggle').click();
      await second.waitForFunction((was) => document.documentElement.dataset.theme !== was, theme, WAIT);
      await page.getByTestId('theme-toggle').click();
      await second.waitForFunction((was) => document.documentElement.dataset.theme === was, theme, WAIT);
      await second.close();
    });

    it('checks a guest in and takes a payment, each confirmed by its event', async () => {
      await show(page, 'today');
      const row = page
        .locator('[data-testid=today-arrivals] [data-testid=today-row]')
        .filter({ has: page.getByTestId('action-checkin') })
        .first();
      const confirmation = await row.getAttribute('data-confirmation');
      await row.getByTestId('action-checkin').click();
      await page.getByTestId('checkin-dialog').waitFor(WAIT);
      const confirm = page.getByTestId('confirm-checkin');
      if (await confirm.isDisabled()) {
        // Every room of that type is taken: the dialog says so instead of sending a doomed command.
        expect(await page.getByTestId('checkin-dialog').textContent()).toMatch(/No vacant clean or inspected/);
        await page.keyboard.press('Escape');
      } else {
        await confirm.click();
        await show(page, 'reservations');
        await page.getByTestId('reservation-search').fill(confirmation ?? '');
        await page.locator(`[data-testid=reservation-row][data-confirmation="${confirmation}"][data-status=in_house]`).waitFor(WAIT);
        // The filter applies on the next frame: wait for it rather than count the unfiltered list.
        await expect.poll(async () => page.getByTestId('reservation-row').count(), WAIT).toBe(1);
        await page.getByTestId('reservation-search').fill('');
      }

      // Pay part of an in-house balance from the reservations list.
      await show(page, 'reservations');
      await page.getByTestId('reservation-status-filter').selectOption('in_house');
      const owing = page
        .locator('[data-testid=reservation-row]')
        .filter({ has: page.getByTestId('action-payment') })
        .first();
      const payId = await owing.getAttribute('data-reservation-id');
      await owing.getByTestId('action-payment').click();
      await page.getByTestId('payment-amount').fill('1.00');
      await page.getByTestId('confirm-payment').click();
      await page.getByTestId('queue-button').click();
      const item = page.locator('[data-testid=outbox-item][data-command=take_payment]').first();
      await page.locator('[data-testid=outbox-item][data-command=take_payment][data-state=confirmed]').first().waitFor(WAIT);
      const key = await item.getAttribute('data-key');
      const events = await t.gatewayEvents();
      const caused = events.filter((e) => e.causedBy === key);
      expect(caused.map((e) => e.kind)).toEqual(['payment.captured']);
      expect((caused[0].data as { payment: { reservationId: string; amountCents: number } }).payment).toMatchObject({ reservationId: payId, amountCents: 100 });
      await page.getByTestId('queue-button').click();
      await page.getByTestId('reservation-status-filter').selectOption('all');
    });

    it('checks a guest out, taking what they still owe first, each confirmed by its event', async () => {
      await show(page, 'reservations');
      await page.getByTestId('reservation-status-filter').selectOption('in_house');
      const row = page
        .locator('[data-testid=reservation-row][data-status=in_house]')
        .filter({ has: page.getByTestId('action-payment') })
        .first();
      const reservationId = await row.getAttribute('data-reservation-id');
      const confirmation = (await row.getAttribute('data-confirmation'))!;
      await row.getByTestId('action-checkout').click();
      // Money owed: the default is to take it; once taken, check-out comes back, settled.
      await page.getByTestId('checkout-take-payment').click();
      await page.getByTestId('confirm-payment').click();
      await page.getByTestId('checkout-dialog').getByText('Balance settled.').waitFor(WAIT);
      await page.getByTestId('confirm-checkout').click();
      await page.getByTestId('checkout-dialog').waitFor({ state: 'detached', ...WAIT });
      await page.getByTestId('reservation-status-filter').selectOption('all');
      await page.getByTestId('reservation-search').fill(confirmation);
      await page.locator(`[data-testid=reservation-row][data-reservation-id="${reservationId}"][data-status=checked_out][data-pending=false]`).waitFor(WAIT);
      await page.getByTestId('reservation-search').fill('');
      const events = (await t.gatewayEvents()).filter((e) => JSON.stringify(e.data).includes(`"${reservationId}"`) && e.causedBy);
      expect(events.map((e) => e.kind).slice(-2)).toEqual(['payment.captured', 'reservation.checked_out']);
    });

    it('completes a housekeeping task from the task list', async () => {
      await show(page, 'tasks');
      const open = page.locator('[data-testid=task-row][data-status=open]').first();
      const taskId = await open.getAttribute('data-task-id');
      const openBefore = await page.locator('[data-testid=task-row][data-status=open]').count();
      await open.getByTestId('action-complete').click();
      // It stays under "Open" while pending (so the receptionist sees it go through), and leaves once confirmed.
      await page.locator(`[data-testid=task-row][data-task-id="${taskId}"]`).waitFor({ state: 'detached', ...WAIT });
      expect(await page.locator('[data-testid=task-row][data-status=open]').count()).toBe(openBefore - 1);
      await page.getByTestId('task-status').getByRole('button', { name: 'Done' }).click();
      await page.locator(`[data-testid=task-row][data-task-id="${taskId}"][data-status=done][data-pending=false]`).waitFor(WAIT);
      await page.getByTestId('task-status').getByRole('button', { name: 'Open' }).click();
      const done = (await t.gatewayEvents()).filter((e) => e.kind === 'task.completed' && (e.data as { taskId: string }).taskId === taskId);
      expect(done).toHaveLength(1);
      expect(done[0].causedBy).toBeTruthy();

      // Keyboard: Enter on "Complete", then Enter again. The row keeps its place while
      // pending and focus stays on it, so the second Enter completes nothing else.
      const completedBefore = (await t.gatewayEvents()).filter((e) => e.kind === 'task.completed').length;
      const next = page.locator('[data-testid=task-row][data-status=open]').first();
      const nextId = await next.getAttribute('data-task-id');
      await next.getByTestId('action-complete').focus();
      await page.keyboard.press('Enter');
      // The first Enter took: the row is pending, or already confirmed and gone from "Open".
      await page.waitForFunction(
        (id) => {
          const row = document.querySelector(`[data-testid=task-row][data-task-id="${id}"]`);
          return !row || row.getAttribute('data-pending') === 'true';
        },
        nextId,
        WAIT,
      );
      await page.keyboard.press('Enter');
      await page
        .locator('[data-testid=task-row][data-pending=true]')
        .first()
        .waitFor({ state: 'detached', ...WAIT });
      const completed = (await t.gatewayEvents()).filter((e) => e.kind === 'task.completed');
      expect(completed.length).toBe(completedBefore + 1);
      expect((completed.at(-1)!.data as { taskId: string }).taskId).toBe(nextId);
    });

    it('rolls a refused action back visibly, with the reason', async () => {
      // The board does not even offer a change the gateway would refuse (a room with a guest in house).
      await show(page, 'board');
      await page.locator('[data-testid=room-tile][data-status=occupied]').first().click();
      await page.getByTestId('room-guest-note').waitFor(WAIT);
      expect(await page.getByTestId('set-status-out_of_order').isDisabled()).toBe(true);
      await page.keyboard.press('Escape');

      // A real race: offline, the receptionist checks a guest in while the PMS cancels the
      // booking at the gateway. The check-in is planned against what the desk knew, queued,
      // and refused when it arrives. (A side gateway on the same data directory takes the
      // PMS's event while the desk's gateway is down, so the cancellation lands first.)
      await show(page, 'today');
      const booked = page
        .locator('[data-testid=today-arrivals] [data-testid=today-row][data-status=booked]')
        .filter({ has: page.getByTestId('action-checkin') })
        .first();
      const reservationId = await booked.getAttribute('data-reservation-id');
      const confirmation = await booked.getAttribute('data-confirmation');
      await t.gateway.kill9();
      await stateIs(page, 'offline');
      await booked.getByTestId('action-checkin').click();
      await page.getByTestId('checkin-dialog').waitFor(WAIT);
      expect(await page.getByTestId('confirm-checkin').isDisabled()).toBe(false);
      await page.getByTestId('confirm-checkin').click();
      const side = await startGateway({ dataDir: t.gateway.dataDir, keepDataDir: true, args: ['--log-level', 'warn'] });
      try {
        await publish(
          side.url,
          { orgId: DEMO_USERS.demoHotel.orgId, service: 'pms', kind: 'reservation.cancelled', data: { reservationId } },
          side.serviceToken,
        );
      } finally {
        await side.stop();
      }
      await t.gateway.restart();
      await stateIs(page, 'live');
      await show(page, 'reservations');
      await page.getByTestId('reservation-search').fill(confirmation ?? '');
      const row = page.locator(`[data-testid=reservation-row][data-reservation-id="${reservationId}"]`);
      await page.locator(`[data-testid=reservation-row][data-reservation-id="${reservationId}"][data-status=cancelled]`).waitFor(WAIT);

      await page.getByTestId('rejection-alerts').getByText('Rolled back').waitFor(WAIT);
      // Said in the receptionist's words, not the log's ("reservation res-… is cancelled").
      expect(await page.getByTestId('rejection-alerts').textContent()).toMatch(/already changed/);
      await row.getByTestId('rejection-note').waitFor(WAIT);
      await page.getByTestId('queue-button').click();
      const rejected = page.locator('[data-testid=outbox-item][data-state=rejected]');
      expect(await rejected.getByTestId('rejection-reason').textContent()).toMatch(/rolled back/);
      expect(await rejected.getByTestId('rejection-reason').locator('[title]').getAttribute('title')).toMatch(/^invalid_status: /);
      const rejectedKey = await rejected.getAttribute('data-key');
      await shot(page, 'reservations-rejected');
      await rejected.getByTestId('dismiss-rejected').click();
      await rejected.waitFor({ state: 'detached', ...WAIT });
      expect(await page.getByTestId('rejection-alerts').textContent()).toBe('');
      await page.getByTestId('queue-button').click();
      await page.getByTestId('reservation-search').fill('');
      // Refused means nothing happened at the hotel.
      expect(rejectedKey).toBeTruthy();
      expect((await t.gatewayEvents()).filter((e) => e.causedBy === rejectedKey)).toEqual([]);
    });

    it('fits a 1366x768 laptop screen and keeps keyboard focus through a dialog', async () => {
      await page.setViewportSize({ width: 1366, height: 768 });
      try {
        await show(page, 'activity');
        // The header's tabs and the signed-in name never overlap (they once did at this width).
        const boxes = await page.evaluate(() => {
          const r = (sel: string) => document.querySelector(sel)?.getBoundingClientRect();
          const nav = r('nav.tabs');
          const user = r('[data-testid=user-name]');
          return { navRight: nav?.right ?? 0, userLeft: user?.left ?? 0, userWidth: user?.width ?? 0 };
        });
        expect(boxes.navRight).toBeLessThanOrEqual(boxes.userLeft);
        expect(boxes.userWidth).toBeGreaterThan(0);
        await page.getByTestId('nav-activity').click({ trial: true, timeout: 2_000 }); // clickable, not covered
        // Only the views scroll, never the page (a tile's screen-reader text once made it 1,455 px tall).
        for (const view of VIEWS) {
          await show(page, view);
          const page_ = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollHeight, height: window.innerHeight }));
          expect(page_.scroll, view).toBeLessThanOrEqual(page_.height);
        }

        // Keyboard only: "/" then typing straight away searches (no lost first letter).
        await page.locator('body').press('Escape');
        await page.keyboard.press('Alt+1');
        await page.getByTestId('view-today').waitFor(WAIT);
        await page.keyboard.press('/');
        await page.keyboard.type('DH-');
        expect(await page.getByTestId('reservation-search').inputValue()).toBe('DH-');
        await page.getByTestId('reservation-search').fill('');

        // A dialog puts focus in its field, and gives it back to the button that opened it.
        const pay = page.locator('[data-testid=reservation-row] [data-testid=action-payment]').first();
        await pay.focus();
        await page.keyboard.press('Enter');
        await page.getByTestId('payment-dialog').waitFor(WAIT);
        expect(await page.getByTestId('payment-amount').evaluate((el) => el === document.activeElement)).toBe(true);
        await page.keyboard.press('Escape');
        await page.getByTestId('payment-dialog').waitFor({ state: 'detached', ...WAIT });
        await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'action-payment', undefined, WAIT);
        await shot(page, 'reservations-1366');
      } finally {
        await page.setViewportSize({ width: 1440, height: 900 });
      }
    });

    it('goes offline when the gateway dies, keeps the data, queues an action and confirms it exactly once when it returns', async () => {
      await show(page, 'board');
      const tiles = await page.getByTestId('room-tile').count();
      expect(tiles).toBeGreaterThan(10);

      await t.gateway.kill9();
      await stateIs(page, 'offline');
      expect(await page.getByTestId('connection-state').textContent()).toMatch(/Offline since/);
      expect(await page.getByTestId('last-sync').textContent()).toMatch(/Last sync \d/);
      // The reason in plain words, and the countdown to the next attempt main announced (retryAt).
      expect(await page.getByTestId('status-reason').textContent()).toMatch(/cannot be reached\. Trying again (in \d+ s|now…)/);
      expect(await page.getByTestId('room-tile').count()).toBe(tiles);

      // Act offline: a dirty room has been inspected.
      const dirty = page.locator('[data-testid=room-tile][data-status=vacant_dirty]').first();
      const roomId = await dirty.getAttribute('data-room-id');
      await dirty.click();
      await page.getByTestId('set-status-inspected').click();
      const tile = page.locator(`[data-testid=room-tile][data-room-id="${roomId}"]`);
      await page.locator(`[data-testid=room-tile][data-room-id="${roomId}"][data-status=inspected][data-pending=true]`).waitFor(WAIT);
      await page.getByTestId('queue-button').click();
      const item = page.locator('[data-testid=outbox-item][data-command=set_room_status]').last();
      expect(await item.getAttribute('data-state')).toBe('queued');
      const key = await item.getAttribute('data-key');
      expect(key).toBeTruthy();
      expect(await page.getByTestId('queue-button').getAttribute('data-pending')).toBe('1');
      await shot(page, 'board-offline-queued');

      await t.gateway.restart();
      await stateIs(page, 'live');
      await page.locator(`[data-testid=outbox-item][data-key="${key}"][data-state=confirmed]`).waitFor(WAIT);
      await page.locator(`[data-testid=room-tile][data-room-id="${roomId}"][data-status=inspected][data-pending=false]`).waitFor(WAIT);
      expect(await tile.getAttribute('data-status')).toBe('inspected');
      await page.getByTestId('queue-button').click();

      const caused = (await t.gatewayEvents()).filter((e) => e.causedBy === key);
      expect(caused).toHaveLength(1);
      expect(caused[0]).toMatchObject({ kind: 'room.status_changed', data: { roomId, status: 'inspected' } });
    });

    it('searches thousands of reservations by confirmation, guest or room, rendering only the rows in view', async () => {
      const BULK = 2_000;
      const day = (offset: number) => {
        const d = new Date();
        d.setDate(d.getDate() + offset);
        return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      };
      const reservation = (i: number) => ({
        id: `res-bulk-${i}`,
        confirmation: `BULK-${String(i).padStart(5, '0')}`,
        guestName: i === 1234 ? 'Quintessa Unique' : `Bulk Guest ${i}`,
        arrival: day(10 + (i % 60)),
        departure: day(12 + (i % 60)),
        roomType: 'queen',
        roomId: null,
        status: 'booked',
        adults: 2,
        balanceCents: 0,
      });
      let next = 0;
      const worker = async () => {
        while (next < BULK) {
          const i = next++;
          await t.publish({ service: 'pms', kind: 'reservation.created', data: { reservation: reservation(i) } });
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));

      await show(page, 'reservations');
      await page.waitForFunction(
        (min) => {
          const text = document.querySelector('[data-testid=reservation-count]')?.textContent ?? '';
          return Number(text.replace(/[^0-9]/g, '')) >= min;
        },
        BULK,
        WAIT,
      );
      const rendered = await page.getByTestId('reservation-row').count();
      expect(rendered).toBeGreaterThan(5);
      expect(rendered).toBeLessThan(60);

      const search = page.getByTestId('reservation-search');
      await page.keyboard.press('Escape');
      await page.locator('body').press('/');
      expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
      await search.fill('bulk-01234');
      await page.locator('[data-testid=reservation-row][data-confirmation=BULK-01234]').waitFor(WAIT);
      expect(await page.getByTestId('reservation-row').count()).toBe(1);
      await search.fill('quintessa');
      await page.locator('[data-testid=reservation-row][data-confirmation=BULK-01234]').waitFor(WAIT);
      expect(await page.getByTestId('reservation-row').count()).toBe(1);

      // By room: the guest checked into a room earlier shows up under its number.
      await page.getByTestId('reservation-status-filter').selectOption('in_house');
      await search.fill('');
      const roomText = (await page.locator('[data-testid=reservation-row] .room-no').first().textContent()) ?? '';
      const roomNumber = roomText.replace('Room ', '');
      await search.fill(roomNumber);
      await page.waitForFunction(
        (n) => Array.from(document.querySelectorAll('[data-testid=reservation-row] .room-no')).every((el) => el.textContent === `Room ${n}`),
        roomNumber,
        WAIT,
      );
      expect(await page.getByTestId('reservation-row').count()).toBeGreaterThanOrEqual(1);
      await search.fill('');
      await page.getByTestId('reservation-status-filter').selectOption('all');

      // The keyboard is never stuck in the field: Escape on an empty search moves to the
      // list, and Alt+1…5 switch views from inside it.
      await search.focus();
      await page.keyboard.press('Escape');
      expect(await page.getByTestId('reservation-list').evaluate((el) => el === document.activeElement)).toBe(true);
      await search.focus();
      await page.keyboard.press('Alt+1');
      await page.getByTestId('view-today').waitFor(WAIT);
      // Focus moves to the new view with it, not to <body>.
      await page.waitForFunction(() => document.activeElement?.id === 'main', undefined, WAIT);
    });

    it('loads older activity pages on demand', async () => {
      await show(page, 'activity');
      const loaded = async () => Number(((await page.locator('.view-summary').textContent()) ?? '').replace(/ events loaded.*/, '').replace(/[^0-9]/g, ''));
      const before = await loaded();
      const list = page.getByTestId('activity-list');
      await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await page.getByTestId('load-older').click();
      await page.waitForFunction(
        (n) => Number((document.querySelector('.view-summary')?.textContent ?? '').replace(/ events loaded.*/, '').replace(/[^0-9]/g, '')) > n,
        before,
        WAIT,
      );
      expect(await loaded()).toBeGreaterThan(before);
      await list.evaluate((el) => el.scrollTo({ top: 0 }));
    });

    it('saves a screenshot of every view, light and dark', async () => {
      for (const view of VIEWS) {
        await show(page, view);
        await page.waitForTimeout(100);
        await shot(page, view);
      }
      await page.getByTestId('theme-toggle').click();
      expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
      for (const view of VIEWS) {
        await show(page, view);
        await page.waitForTimeout(100);
        await shot(page, `${view}-dark`);
      }
      await page.getByTestId('theme-toggle').click();
      expect(errors).toEqual([]);
    });

    it('passes an axe-core accessibility scan (WCAG 2.1 A and AA, and axe best practices) on every view, the help and the queue, light and dark', async () => {
      for (const theme of ['light', 'dark']) {
        expect(await page.locator('html').getAttribute('data-theme')).toBe(theme);
        for (const view of VIEWS) {
          await show(page, view);
          expect(await axeViolations(page, ALL_AXE_RULES), `${view}, ${theme}`).toEqual([]);
        }
        await page.keyboard.press('?');
        await page.getByTestId('help-overlay').waitFor(WAIT);
        expect(await axeViolations(page, ALL_AXE_RULES), `help, ${theme}`).toEqual([]);
        await page.keyboard.press('Escape');
        await page.getByTestId('queue-button').click();
        await page.getByTestId('queue-panel').waitFor(WAIT);
        expect(await axeViolations(page, ALL_AXE_RULES), `queue, ${theme}`).toEqual([]);
        await page.getByTestId('queue-button').click();
        await page.getByTestId('theme-toggle').click();
      }
    });
  });
