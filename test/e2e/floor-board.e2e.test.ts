// Browser journey of the live board and scan to open (issue 20): the board on a phone (360 px) and on a 1080p TV
// (axe-core, nothing wider than the screen) updates by itself when a ticket is called; an officer scans a receipt's
// code into the focused field and Enter opens the dossier.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';
import { COPYRIGHT } from '../helpers/domain.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';
import { addTicket, announce, seedFloor, ticketLabel } from '../helpers/floor-board.ts';

async function fitsTheScreen(page: Page): Promise<void> {
  const scroll = Number(await page.evaluate('document.documentElement.scrollWidth'));
  const width = Number(await page.evaluate('window.innerWidth'));
  assert.ok(scroll <= width, `${page.url()} is ${scroll}px wide on a ${width}px screen`);
}

describe('journey: the live board and scan to open', async () => {
  const server = await startBrowserServer();
  const floor = await seedFloor(server.ctx.db, COPYRIGHT);

  it('the board on a phone and on a TV, updated when a ticket is called', async () => {
    const first = await addTicket(server.ctx.db, floor, 'called', 6);
    const phone = await server.newPage({ width: 360, height: 780 });
    await phone.goto(`/quay/${COPYRIGHT}/bang`);
    await assertAccessible(phone);
    await fitsTheScreen(phone);
    assert.match(await phone.locator('[data-board-calls]').innerText(), new RegExp(ticketLabel(first.number)));
    const tv = await server.newPage({ width: 1920, height: 1080 });
    await tv.goto(`/quay/${COPYRIGHT}/bang`);
    await assertAccessible(tv);
    await fitsTheScreen(tv);

    // A new call: the screens redraw without a reload (the stream; recomputed on a timer here, no LISTEN URL).
    const next = await addTicket(server.ctx.db, floor, 'called', 2);
    await announce(server.ctx.db, floor.agencyId);
    for (const page of [phone, tv]) {
      await page.locator('[data-board-calls] tr.board-latest', { hasText: ticketLabel(next.number) }).waitFor({ timeout: 20_000 });
      assert.match(await page.locator('[data-board-announce]').innerText(), new RegExp(ticketLabel(next.number)));
    }
    await phone.context().close();
    await tv.context().close();
  });

  it('scan to open: the code typed into the focused field, Enter opens the dossier', async () => {
    const submitted = await submittedDossier(server.ctx, await actorByUsername(server.ctx, 'demo.congdan'));
    const dossier = { id: submitted.id, code: submitted.code };
    const officer = await server.signIn('demo.motcua', { width: 360, height: 780 });
    await officer.goto('/can-bo/quet');
    await assertAccessible(officer);
    await fitsTheScreen(officer);
    assert.equal(await officer.evaluate('document.activeElement && document.activeElement.name'), 'ma', 'the field has the focus for the scanner');
    await officer.keyboard.type(dossier.code!);
    await officer.keyboard.press('Enter');
    await officer.waitForURL(new RegExp(`/can-bo/(quet|ho-so)/${dossier.id}$`));
    await assertAccessible(officer);
    await officer.context().close();
  });
});
