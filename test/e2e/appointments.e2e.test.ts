// Browser journey of an appointment, 360 px wide: a signed-in citizen books (agency → group → day → free slot) and gets
// the booking code with its QR → at the kiosk the code is "scanned" (typed into the focused field, Enter) → a ticket.
// axe-core on every page; nothing wider than the screen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { appointmentFloor } from '../helpers/appointments.ts';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';

async function fitsTheScreen(page: Page): Promise<void> {
  const scroll = Number(await page.evaluate('document.documentElement.scrollWidth'));
  const width = Number(await page.evaluate('window.innerWidth'));
  assert.ok(scroll <= width, `${page.url()} is ${scroll}px wide on a ${width}px screen`);
}

describe('journey: an appointment on a phone, then the kiosk', async () => {
  const server = await startBrowserServer();
  const SIZE = { width: 360, height: 780 };

  it('citizen books → gets the code → checks in at the kiosk → a ticket', async () => {
    const floor = await appointmentFloor(server.ctx, { cutoffMinutes: 0, capacity: 2 });
    const group = await server.ctx.db.selectFrom('floor_groups').select(['code', 'name_vi']).where('id', '=', floor.groupId).executeTakeFirstOrThrow();
    const citizen = await server.signIn('demo.congdan', SIZE);
    await citizen.goto('/lich-hen');
    await assertAccessible(citizen);
    await fitsTheScreen(citizen);
    await citizen.locator('select#agencyCode').selectOption(floor.agencyCode);
    await citizen.getByRole('button', { name: 'Tiếp tục' }).first().click();
    await citizen.getByLabel(`${group.code} — ${group.name_vi}`).check();
    await citizen.getByRole('button', { name: 'Tiếp tục' }).nth(1).click();
    await citizen.locator('input[name="day"]').first().check();
    await citizen.getByRole('button', { name: 'Tiếp tục' }).nth(2).click();
    await assertAccessible(citizen);
    await fitsTheScreen(citizen);
    await citizen.locator('input[name="startsAt"]').first().check();
    await citizen.getByRole('button', { name: 'Đặt lịch hẹn' }).click();
    await citizen.waitForURL(/\/lich-hen\/[A-Z2-9]{8}\?new=1&k=/);
    await assertAccessible(citizen);
    await fitsTheScreen(citizen);
    assert.ok(await citizen.locator('figure svg').isVisible(), 'the QR is shown');
    const shown = (await citizen.locator('dd strong').first().innerText()).trim();
    assert.match(shown, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const code = shown.replace('-', '');
    await citizen.context().close();

    // The first free slot may be days away: the journey moves the appointment to start in five minutes (the
    // check-in window itself is a rule with its own tests).
    const start = new Date(Date.now() + 5 * 60_000);
    await server.ctx.db.updateTable('appointments').set({ starts_at: start, ends_at: new Date(start.getTime() + 30 * 60_000), day: new Date(start.getTime() + 7 * 3_600_000).toISOString().slice(0, 10) }).where('code', '=', code).execute();

    const kiosk = await server.newPage(SIZE);
    await kiosk.goto(`/quay/${floor.agencyCode}/hen`);
    await assertAccessible(kiosk);
    await fitsTheScreen(kiosk);
    // A USB scanner types the QR's text into the focused field and ends with Enter.
    await kiosk.keyboard.type(shown);
    await kiosk.keyboard.press('Enter');
    await kiosk.locator('.kiosk-ticket-number').waitFor();
    await assertAccessible(kiosk);
    await fitsTheScreen(kiosk);
    const number = (await kiosk.locator('.kiosk-ticket-number').innerText()).trim();
    const ticket = await server.ctx.db
      .selectFrom('floor_tickets as t')
      .innerJoin('appointments as a', 'a.ticket_id', 't.id')
      .select(['t.code', 't.source', 'a.status'])
      .where('a.code', '=', code)
      .executeTakeFirstOrThrow();
    assert.equal(number, ticket.code);
    assert.equal(ticket.source, 'appointment');
    assert.equal(ticket.status, 'checked_in');
    await kiosk.context().close();
  });
});
