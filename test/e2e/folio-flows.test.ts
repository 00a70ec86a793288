/**
 * The folio side of a shift, end to end in Chromium: browser host → desk core
 * (SQLite) → the real gateway process with the demo hotel (Berlin, EUR, de-DE).
 * A guest record is created and booked with a deposit, checked in, charged extras
 * (one voided), the night audit closes the day and posts the room and its tax,
 * the rest is paid in cash (which needs the shift, opened from the payment form),
 * the invoice is issued, printed to PDF and its text read back, the guest checks
 * out; the shift closes with a cash difference; a credit note issued offline waits
 * for its number; the whole desk switches to German and stays German after a
 * reload. Screenshots of every folio screen at 1366x768 and 1024x768, light and
 * dark (test-artifacts/screenshots/folio-*.png).
 */
import type { Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.ts';
import { chromiumAvailable, collectPageErrors } from '../helpers/chromium.ts';
import { requireForSuite } from '../helpers/suite-guard.ts';
import { screenshot, signIn, startDeskUnderTest, type DeskUnderTest } from './desk-harness.ts';

const canRun = requireForSuite('Chromium', chromiumAvailable(), 'install the Debian chromium package or set FRONTDESK_CHROMIUM');
const WAIT = { timeout: 15_000 };
const GUEST = 'Greta Lindqvist';
const ADDRESS = 'Hauptstraße 1, 80331 München';

/** Intl puts no-break spaces in amounts ("50,00\u00a0€"); compare with plain ones. */
function norm<T>(value: T): T {
  return (typeof value === 'string' ? value.replace(/[\u00a0\u202f]/g, ' ') : value) as T;
}

async function stateIs(page: Page, state: string): Promise<void> {
  await page.locator(`[data-testid=connection-state][data-state=${state}]`).waitFor(WAIT);
}

/** The folio's balance in minor units, once nothing on it is pending. */
async function settledBalance(page: Page): Promise<number> {
  await page
    .locator('[data-testid=folio-panel] [data-testid=folio-pending]')
    .first()
    .waitFor({ state: 'detached', ...WAIT });
  return Number(await page.getByTestId('folio-balance').getAttribute('data-balance'));
}

async function closePanel(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page
    .locator('dialog[open]')
    .first()
    .waitFor({ state: 'detached', ...WAIT });
}

async function openGuestFolio(page: Page): Promise<void> {
  await page.getByTestId('open-guests').click();
  await page.getByTestId('guest-search').fill(GUEST);
  await page.getByTestId('guest-result').first().click();
  await page.getByTestId('guest-stay-folio').first().click();
  await page.getByTestId('folio-panel').waitFor(WAIT);
}

describe.skipIf(!canRun)('folios, invoices, the cash drawer, the night audit and guests in Chromium against the real gateway', () => {
  let t: DeskUnderTest;
  let page: Page;
  let errors: string[];
  let reservationId = '';
  let confirmation = '';
  let cashTaken = 0;
  let invoiceNumber = '';

  beforeAll(async () => {
    t = await startDeskUnderTest({ gatewayArgs: ['--log-level', 'info'], viewport: { width: 1366, height: 768 } });
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

  it('books a new guest record with a deposit that is on the folio at check-in', async () => {
    await page.getByTestId('open-guests').click();
    await page.getByTestId('new-guest').click();
    await page.getByTestId('guest-name').fill(GUEST);
    await page.getByTestId('guest-language').selectOption('de');
    await page.getByTestId('guest-email').fill('greta@example.test');
    await page.getByTestId('guest-address').fill(ADDRESS);
    await page.getByTestId('guest-notes-input').fill('Allergic to feathers: synthetic pillows');
    await page.getByTestId('confirm-guest').click();
    await page.locator('[data-testid=guest-detail] h3').getByText(GUEST).waitFor(WAIT);

    // The booking picks this guest record; the nightly rate is the hotel's for the type.
    await page.getByTestId('book-for-guest').click();
    expect(norm(await page.getByTestId('booking-guest-picked').textContent())).toContain(GUEST);
    await page.getByTestId('guest-booking-type').selectOption('queen');
    await page.getByTestId('confirm-guest-booking').click();
    const folio = page.locator('[data-testid=folio-panel] .folio');
    await folio.waitFor(WAIT);
    reservationId = (await folio.getAttribute('data-reservation-id'))!;
    expect(await folio.getAttribute('data-status')).toBe('booked');
    expect(norm(await page.getByTestId('guest-notes').textContent())).toContain('Allergic to feathers');
    expect(norm(await page.getByTestId('folio-stay').textContent())).toContain('149,00 €');

    // The deposit: a card payment on the booked stay, a credit until the nights are charged.
    await page.getByTestId('open-payment-form').click();
    expect(norm(await page.getByTestId('payment-form').textContent())).toContain('Take a deposit');
    await page.getByTestId('folio-payment-amount').fill('50');
    await page.getByTestId('payment-reference').fill('DEP-4711');
    expect(await page.getByTestId('overpay-warning').count()).toBe(0);
    await page.getByTestId('confirm-folio-payment').click();
    await page.locator('[data-testid=folio-payment][data-method=card]').waitFor(WAIT);
    expect(await settledBalance(page)).toBe(-5000);
    expect(norm(await page.getByTestId('folio-balance').textContent())).toMatch(/Guest’s credit\s*50,00 €/);
    confirmation = (await folio.getAttribute('data-confirmation'))!;
    await closePanel(page);

    // Check-in from the reservations list; the deposit is on the folio of the stay in house.
    await page.getByTestId('nav-reservations').click();
    await page.getByTestId('reservation-search').fill(confirmation);
    const row = page.locator(`[data-testid=reservation-row][data-reservation-id="${reservationId}"]`);
    await row.getByTestId('action-checkin').click();
    await page.getByTestId('confirm-checkin').click();
    await page.locator(`[data-testid=reservation-row][data-reservation-id="${reservationId}"][data-status=in_house][data-pending=false]`).waitFor(WAIT);
    // The folio opens from the guest's panel (rows keep to one line).
    await row.getByTestId('open-reservation').click();
    await page.getByTestId('reservation-panel').getByTestId('action-folio').click();
    await page.locator('[data-testid=folio-panel] .folio[data-status=in_house]').waitFor(WAIT);
    const deposit = page.locator('[data-testid=folio-payment][data-method=card]');
    expect(await deposit.count()).toBe(1);
    expect(norm(await deposit.textContent())).toContain('DEP-4711');
    expect(norm(await deposit.textContent())).toContain('50,00 €');
  });

  it('posts extras, voids a wrong one, and the night audit posts the room and its tax once', async () => {
    const post = async (category: string, description: string, amount: string) => {
      await page.getByTestId('open-charge-form').click();
      await page.getByTestId('charge-category').selectOption(category);
      await page.getByTestId('charge-description').fill(description);
      await page.getByTestId('charge-amount').fill(amount);
      await page.getByTestId('confirm-charge').click();
      await page.getByTestId('charge-form').waitFor({ state: 'detached', ...WAIT });
    };
    await post('minibar', 'Minibar: two waters', '8.50');
    await post('food', 'Room service dinner', '32');
    await post('parking', 'Garage', '12');
    expect(await settledBalance(page)).toBe(850 + 3200 + 1200 - 5000);

    // A charge posted by mistake is voided with its reason and stays visible, struck through.
    await page.locator('[data-testid=folio-charge][data-category=parking]').getByTestId('void-charge').click();
    await page.getByTestId('void-reason').fill('Guest has no car');
    await page.getByTestId('confirm-void').click();
    await page.locator('[data-testid=folio-charge][data-category=parking][data-voided=true]').waitFor(WAIT);
    expect(await page.locator('[data-testid=folio-charge][data-category=parking] s').count()).toBeGreaterThan(0);
    expect(await settledBalance(page)).toBe(850 + 3200 - 5000);
    await closePanel(page);

    // Close the day from the night audit: the room and its 7 % tax are posted for the stay.
    await page.getByTestId('open-audit').click();
    const day = await page.getByTestId('close-day').textContent();
    await page.getByTestId('open-close-day').click();
    await page.getByTestId('confirm-close-day').click();
    const report = page.locator('[data-testid=audit-panel] [data-testid=audit-report]');
    await report.waitFor(WAIT);
    await page
      .locator('[data-testid=audit-panel] [data-testid=audit-report]')
      .getByText('provisional')
      .waitFor({ state: 'detached', ...WAIT });
    expect(norm(await page.getByTestId('audit-panel').getByTestId('audit-occupancy').textContent())).toMatch(/Occupancy\d+,\d %/);
    expect(norm(await page.getByTestId('audit-panel').getByTestId('audit-adr').textContent())).toMatch(/ADR[\d.]+,\d\d €/);
    expect(norm(await page.getByTestId('audit-panel').getByTestId('audit-revpar').textContent())).toMatch(/RevPAR[\d.]+,\d\d €/);
    expect(norm(await page.getByTestId('audit-panel').getByTestId('audit-revenue').textContent())).toMatch(/Room.*Tax/s);
    expect(norm(await page.getByTestId('audit-panel').getByTestId('audit-payments').textContent())).toContain('Card');
    expect(norm(await page.getByTestId('close-day').textContent())).not.toBe(day);
    // The gateway's report for the date agrees with what the desk shows.
    const date = (await report.getAttribute('data-date'))!;
    const events = await t.gatewayEvents();
    const closed = events.filter((e) => e.kind === 'business_day.closed' && (e.data as { closedDate: string }).closedDate === date);
    expect(closed).toHaveLength(1);
    // The audit prints alone: its figures, none of the desk around it.
    const auditPdf = await page.pdf({ format: 'A4' });
    const auditText = norm((await extractText(await getDocumentProxy(new Uint8Array(auditPdf)), { mergePages: true })).text);
    for (const expected of ['Demo Hotel Berlin', 'Occupancy', 'ADR', 'RevPAR', 'Revenue by category', 'Payments by method', 'Minibar', '8,50 €'])
      expect(auditText, expected).toContain(expected);
    expect(auditText).not.toContain('Close the day');
    expect(auditText).not.toContain('Sign out');
    await closePanel(page);

    await openGuestFolio(page);
    const room = page.locator('[data-testid=folio-charge][data-category=room]');
    const tax = page.locator('[data-testid=folio-charge][data-category=tax]');
    await room.waitFor(WAIT);
    expect(await room.count()).toBe(1);
    expect(await tax.count()).toBe(1);
    expect(norm(await room.textContent())).toContain('149,00 €');
    expect(norm(await tax.textContent())).toContain('10,43 €');
    expect(await settledBalance(page)).toBe(850 + 3200 + 14900 + 1043 - 5000);
  });

  it('takes the rest in cash after opening the shift from the payment form, warning before an overpayment', async () => {
    const balance = await settledBalance(page);
    await page.getByTestId('open-payment-form').click();
    await page.getByTestId('payment-method-cash').check();
    // No shift open: cash is refused in a plain sentence, with the shift to open right there.
    await page.getByTestId('payment-no-shift').waitFor(WAIT);
    expect(await page.getByTestId('confirm-folio-payment').isDisabled()).toBe(true);
    expect(await page.getByTestId('shift-badge').getAttribute('data-state')).toBe('none');
    await page.getByTestId('shift-float').fill('100');
    await page.getByTestId('confirm-open-shift').click();
    await page.locator('[data-testid=shift-badge][data-state=open]').waitFor(WAIT);
    await page.getByTestId('payment-no-shift').waitFor({ state: 'detached', ...WAIT });

    // More than is owed, while online: the desk says what happens and asks first.
    await page.getByTestId('folio-payment-amount').fill(String((balance + 1000) / 100));
    await page.getByTestId('overpay-warning').waitFor(WAIT);
    expect(norm(await page.getByTestId('overpay-warning').textContent())).toContain('10,00 €');
    expect(await page.getByTestId('confirm-folio-payment').isDisabled()).toBe(true);
    await page.getByTestId('folio-payment-amount').fill((balance / 100).toFixed(2));
    expect(await page.getByTestId('overpay-warning').count()).toBe(0);
    await page.getByTestId('confirm-folio-payment').click();
    await page.locator('[data-testid=folio-payment][data-method=cash]').waitFor(WAIT);
    cashTaken = balance;
    expect(await settledBalance(page)).toBe(0);
    expect(norm(await page.getByTestId('folio-balance').textContent())).toContain('Settled');
  });

  it('issues the invoice, prints it in the guest’s language and reads the PDF’s text back', async () => {
    await page.getByTestId('issue-invoice').click();
    const panel = page.getByTestId('invoice-panel');
    await panel.waitFor(WAIT);
    const number = panel.getByTestId('doc-number');
    await expect.poll(async () => number.textContent(), WAIT).toMatch(/^DH-\d{6}$/);
    invoiceNumber = (await number.textContent())!;
    expect(await page.getByTestId('print-invoice').isEnabled()).toBe(true);

    // Print goes to the system dialog (window.print); count the call instead of opening one.
    await page.evaluate(() => {
      const w = window as unknown as { printed: number };
      w.printed = 0;
      window.print = () => {
        w.printed++;
      };
    });
    await page.getByTestId('print-invoice').click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await screenshot(page, 'folio-invoice-1366-light');

    // The print stylesheet gives the printer only the document.
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const { text: raw } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    const text = norm(raw);
    for (const expected of [
      `Rechnung ${invoiceNumber}`,
      'Demo Hotel Berlin',
      'Friedrichstraße 100, 10117 Berlin',
      GUEST,
      ADDRESS,
      'Rechnungsempfänger',
      'Minibar: two waters',
      'Room service dinner',
      'Übernachtung',
      'Zimmer 1',
      'MwSt. auf die Übernachtung',
      'MwSt. 7 %',
      '10,43 €',
      '149,00 €',
      'Karte',
      'Bar',
      'Gesamtbetrag',
      `Buchung ${confirmation}`,
    ]) {
      expect(text, expected).toContain(expected);
    }
    const total = 850 + 3200 + 14900 + 1043;
    expect(text).toContain(norm(new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(total / 100)));
    // Voided charges are not on the invoice, and nothing of the desk's screens is printed.
    expect(text).not.toContain('Garage');
    expect(text).not.toContain('Folio');
    expect(text).not.toContain('Sign out');

    // Back to the folio: the invoice is listed with its number; check-out.
    await page.getByTestId('back-to-folio').click();
    expect(norm(await page.getByTestId('folio-invoice').textContent())).toContain(invoiceNumber);
    await closePanel(page);
    await page.getByTestId('nav-reservations').click();
    await page.getByTestId('reservation-search').fill(confirmation);
    await page.locator(`[data-testid=reservation-row][data-reservation-id="${reservationId}"]`).getByTestId('action-checkout').click();
    await page.getByTestId('confirm-checkout').click();
    await page.locator(`[data-testid=reservation-row][data-reservation-id="${reservationId}"][data-status=checked_out][data-pending=false]`).waitFor(WAIT);
  });

  it('closes the shift with a counted cash difference, and the report says so', async () => {
    await page.getByTestId('shift-badge').click();
    const panel = page.getByTestId('shift-panel');
    await panel.waitFor(WAIT);
    const expected = 10000 + cashTaken;
    expect(Number(await page.getByTestId('shift-panel').getByTestId('shift-expected').getAttribute('data-cents'))).toBe(expected);
    expect(norm(await page.getByTestId('shift-panel').getByTestId('shift-payments').textContent())).toContain(GUEST);
    await screenshot(page, 'folio-shift-open-1366-light');
    // Five euros short.
    await page.getByTestId('shift-counted').fill(((expected - 500) / 100).toFixed(2));
    await page.getByTestId('confirm-close-shift').click();
    await page.locator('[data-testid=shift-state][data-state=none]').waitFor(WAIT);
    await page.locator('[data-testid=shift-panel] [data-testid=shift-difference][data-cents="-500"]').waitFor(WAIT);
    expect(norm(await page.getByTestId('shift-panel').getByTestId('shift-difference').textContent())).toMatch(/short.*-5,00 €/);
    expect(Number(await page.getByTestId('shift-panel').getByTestId('shift-counted-row').getAttribute('data-cents'))).toBe(expected - 500);
    expect(await page.getByTestId('shift-badge').getAttribute('data-state')).toBe('none');
    await expect
      .poll(
        async () =>
          (await t.gatewayEvents())
            .filter((e) => e.kind === 'shift.closed')
            .map((e) => e.data as { expectedCents: number; countedCents: number; differenceCents: number }),
        WAIT,
      )
      .toEqual([{ shiftId: expect.any(String), closedAt: expect.any(String), expectedCents: expected, countedCents: expected - 500, differenceCents: -500 }]);
    await screenshot(page, 'folio-shift-closed-1366-light');
    await closePanel(page);
  });

  it('issues a credit note offline: it waits for its number, which only the gateway gives', async () => {
    await t.gateway.kill9();
    await stateIs(page, 'offline');
    await openGuestFolio(page);
    await page.getByTestId('open-credit-note').click();
    await page.getByTestId('credit-note-reason').fill('Minibar charged twice');
    await page.getByTestId('confirm-credit-note').click();
    const note = page.locator('[data-testid=folio-invoice][data-kind=credit_note]');
    await note.waitFor(WAIT);
    expect(norm(await note.getByTestId('invoice-number-pending').textContent())).toBe('number assigned when online');
    await note.getByTestId('open-invoice').click();
    const panel = page.getByTestId('invoice-panel');
    await panel.getByTestId('doc-number-pending').waitFor(WAIT);
    expect(await page.getByTestId('print-invoice').isDisabled()).toBe(true);
    expect(await panel.getByTestId('doc-number').textContent()).toBe('Nummer wird online vergeben');
    // The only number on it is the invoice it corrects: its own provisional one is never shown.
    const numbers = [...(await panel.getByTestId('invoice-document').textContent())!.matchAll(/DH-\d{6}/g)].map((m) => m[0]);
    expect(numbers).toEqual([invoiceNumber]);
    await screenshot(page, 'folio-credit-note-offline-1366-light');

    await t.gateway.restart();
    await stateIs(page, 'live');
    await expect.poll(async () => panel.getByTestId('doc-number').textContent(), WAIT).toMatch(/^DH-\d{6}$/);
    expect(await panel.getByTestId('doc-number').textContent()).not.toBe(invoiceNumber);
    expect(await page.getByTestId('print-invoice').isEnabled()).toBe(true);
    expect(norm(await panel.getByTestId('invoice-document').textContent())).toContain('Korrigiert Rechnung');
    await closePanel(page);
  });

  it('switches the whole desk to German, kept after a reload', async () => {
    await page.getByTestId('language-switch').selectOption('de');
    await expect.poll(async () => page.getByTestId('open-guests').textContent(), WAIT).toBe('Gäste');
    expect(await page.getByTestId('open-audit').getAttribute('aria-label')).toBe('Tagesabschluss');
    expect(norm(await page.getByTestId('shift-badge').textContent())).toContain('Keine Schicht');

    await openGuestFolio(page);
    const folio = page.getByTestId('folio-panel');
    expect(norm(await folio.locator('h2').textContent())).toBe(`Folio · ${GUEST}`);
    expect(norm(await folio.textContent())).toContain('Leistungen');
    expect(norm(await folio.textContent())).toContain('Zahlungen');
    expect(norm(await folio.textContent())).toContain('Rechnungen und Gutschriften');
    expect(norm(await page.getByTestId('folio-balance').textContent())).toContain('Ausgeglichen');
    expect(norm(await page.getByTestId('open-charge-form').textContent())).toBe('Leistung buchen');
    await page.getByTestId('open-payment-form').click();
    await page.getByTestId('folio-payment-amount').fill('10');
    await page.getByTestId('payment-method-cash').check();
    expect(norm(await page.getByTestId('payment-no-shift').textContent())).toContain('Schicht');
    expect(norm(await page.getByTestId('overpay-warning').textContent())).toContain('Guthaben');
    await screenshot(page, 'folio-de-1366-light');
    await closePanel(page);

    await page.getByTestId('open-audit').click();
    expect(norm(await page.getByTestId('audit-panel').getByTestId('audit-occupancy').textContent())).toContain('Belegung');
    expect(norm(await page.getByTestId('audit-panel').textContent())).toContain('Umsatz nach Kategorie');
    await screenshot(page, 'folio-audit-de-1366-light');
    await closePanel(page);

    await page.reload();
    await stateIs(page, 'live');
    expect(await page.getByTestId('language-switch').inputValue()).toBe('de');
    expect(norm(await page.getByTestId('open-guests').textContent())).toBe('Gäste');
    await page.getByTestId('shift-badge').click();
    expect(norm(await page.getByTestId('shift-panel').textContent())).toContain('Schichtbericht');
    await closePanel(page);
    await page.getByTestId('language-switch').selectOption('en');
    await expect.poll(async () => page.getByTestId('open-guests').textContent(), WAIT).toBe('Guests');
  });

  it('shows every folio screen at 1366x768 and 1024x768, light and dark (screenshots)', async () => {
    const screens: Array<{ name: string; open: () => Promise<void> }> = [
      { name: 'folio', open: () => openGuestFolio(page) },
      {
        name: 'invoice',
        open: async () => {
          await openGuestFolio(page);
          await page.locator('[data-testid=folio-invoice][data-kind=invoice]').getByTestId('open-invoice').click();
          await page.getByTestId('invoice-panel').waitFor(WAIT);
        },
      },
      { name: 'shift', open: async () => page.getByTestId('shift-badge').click() },
      { name: 'audit', open: async () => page.getByTestId('open-audit').click() },
      {
        name: 'guests',
        open: async () => {
          await page.getByTestId('open-guests').click();
          await page.getByTestId('guest-search').fill(GUEST);
          await page.getByTestId('guest-result').first().click();
          await page.getByTestId('guest-detail').waitFor(WAIT);
        },
      },
    ];
    for (const size of [
      { width: 1366, height: 768 },
      { width: 1024, height: 768 },
    ]) {
      await page.setViewportSize(size);
      for (const theme of ['light', 'dark']) {
        if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByTestId('theme-toggle').click();
        await page.waitForFunction((want) => document.documentElement.dataset.theme === want, theme, WAIT);
        for (const s of screens) {
          await s.open();
          await page.locator('dialog[open]').waitFor(WAIT);
          await screenshot(page, `folio-${s.name}-${size.width}-${theme}`);
          // WCAG 2.1 A/AA in both themes (contrast included), once per screen.
          if (size.width === 1366) expect(await axeViolations(page), `${s.name} ${theme}`).toEqual([]);
          // Nothing is cut off sideways: the panel fits the window.
          const box = await page.locator('dialog[open]').boundingBox();
          expect(box && box.x >= 0 && box.x + box.width <= size.width).toBe(true);
          await closePanel(page);
        }
        await screenshot(page, `folio-header-${size.width}-${theme}`);
      }
    }
    if ((await page.locator('html').getAttribute('data-theme')) === 'dark') await page.getByTestId('theme-toggle').click();
    expect(errors).toEqual([]);
  });
  it('refunds part of a payment, never more than is left of it', async () => {
    await openGuestFolio(page);
    const card = page.locator('[data-testid=folio-payment][data-method=card]');
    await card.getByTestId('refund-payment').click();
    await page.getByTestId('refund-amount').fill('60');
    await page.getByTestId('refund-reason').fill('Goodwill');
    await page.locator('[data-testid=refund-form] [data-code=exceeds_payment]').waitFor(WAIT);
    expect(norm(await page.getByTestId('refund-form').textContent())).toContain('At most 50,00 €');
    expect(await page.getByTestId('confirm-refund').isDisabled()).toBe(true);
    await page.getByTestId('refund-amount').fill('5');
    await page.getByTestId('confirm-refund').click();
    await page.getByTestId('folio-refund').waitFor(WAIT);
    expect(norm(await page.getByTestId('folio-refund').textContent())).toContain('Goodwill');
    expect(norm(await card.textContent())).toContain('5,00 € refunded');
    // Refunded money is owed again by the folio's arithmetic: paid less the refund.
    expect(await settledBalance(page)).toBe(500);
    await closePanel(page);
    expect(errors).toEqual([]);
  });
});
