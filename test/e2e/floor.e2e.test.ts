// Browser journey of the one-stop floor, 360 px wide: the kiosk (a visitor takes a number) → the printed ticket →
// the officer opens counter 1 and calls the number → starts → finishes (the dossier code left empty) → the rating
// tablet (a second screen with the officer's session) asks the visitor, who rates → thanks → the live board shows
// the call to counter 1 and one visitor served. axe-core on every page; nothing wider than the screen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';

const AGENCY = '000.00.12.G14';

async function fitsTheScreen(page: Page): Promise<void> {
  const scroll = Number(await page.evaluate('document.documentElement.scrollWidth'));
  const width = Number(await page.evaluate('window.innerWidth'));
  assert.ok(scroll <= width, `${page.url()} is ${scroll}px wide on a ${width}px screen`);
}

describe('journey: the one-stop floor', async () => {
  const server = await startBrowserServer();
  const SIZE = { width: 360, height: 780 };

  it('kiosk → ticket → call → service → rating', async () => {
    // The officer opens counter 1 (group A), so the kiosk offers A.
    const officer = await server.signIn('demo.motcua', SIZE);
    await officer.goto('/can-bo/quay');
    await assertAccessible(officer);
    await fitsTheScreen(officer);
    await officer.getByRole('button', { name: 'Mở quầy 1' }).click();
    await officer.waitForURL(/\/can-bo\/quay$/);
    assert.match(await officer.locator('#counter-number').innerText(), /Quầy 1/);

    // The visitor at the kiosk: an elderly person, no phone; touches group A.
    const kiosk = await server.newPage(SIZE);
    await kiosk.goto(`/quay/${AGENCY}`);
    await assertAccessible(kiosk);
    await fitsTheScreen(kiosk);
    await kiosk.getByLabel('Người cao tuổi').check();
    await kiosk.getByRole('button', { name: /A · Đăng ký quyền tác giả/ }).click();
    await kiosk.waitForURL(/\/quay\/so\/[0-9a-f-]{36}\?moi=1$/);
    await assertAccessible(kiosk);
    await fitsTheScreen(kiosk);
    const code = (await kiosk.locator('#ticket-code').innerText()).trim();
    assert.match(code, /^A\d{3}$/);
    assert.equal((await kiosk.locator('#ticket-ahead').innerText()).trim(), '0');

    // The officer calls the next number: the visitor's.
    await officer.reload();
    assert.match(await officer.locator('#waiting-count').innerText(), /1/);
    await officer.getByRole('button', { name: 'Gọi số tiếp theo' }).click();
    await officer.waitForURL(/\/can-bo\/quay$/);
    assert.equal((await officer.locator('#current-ticket').innerText()).trim(), code);
    await assertAccessible(officer);
    await fitsTheScreen(officer);
    await kiosk.reload();
    assert.match(await kiosk.locator('#ticket-status').innerText(), /Đã gọi · Quầy 1/);

    await officer.getByRole('button', { name: 'Bắt đầu phục vụ' }).click();
    await officer.waitForURL(/\/can-bo\/quay$/);
    await officer.getByRole('button', { name: 'Kết thúc' }).click();
    await officer.waitForURL(/\/can-bo\/quay$/);
    assert.ok(await officer.getByRole('button', { name: 'Gọi số tiếp theo' }).isVisible());

    // The rating tablet: a second screen signed in as the officer, facing the visitor.
    const tablet = await officer.context().newPage();
    await tablet.goto('/can-bo/quay/danh-gia');
    await assertAccessible(tablet);
    await fitsTheScreen(tablet);
    assert.match(await tablet.locator('legend').first().innerText(), new RegExp(`quầy 1 \\(số ${code}\\)`));
    // Sending without a grade: the error summary names the question.
    await tablet.getByRole('button', { name: 'Gửi đánh giá' }).click();
    assert.ok(await tablet.locator('.error-summary').isVisible());
    await assertAccessible(tablet);
    await tablet.getByLabel('Bình thường').check();
    await tablet.getByLabel('Hướng dẫn chưa rõ ràng').check();
    await tablet.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await tablet.waitForURL(/cam_on=1$/);
    assert.ok(await tablet.locator('#rating-thanks').isVisible());
    const ratings = await server.ctx.db.selectFrom('floor_counter_ratings').select(['grade', 'reasons']).execute();
    assert.deepEqual(ratings.map((r) => `${r.grade} ${r.reasons.join(',')}`), ['normal unclear_guidance']);

    // The live board on the centre's screen: the visitor's number called to counter 1, one visitor served today.
    const board = await server.newPage(SIZE);
    await board.goto(`/quay/${AGENCY}/bang`);
    await assertAccessible(board);
    await fitsTheScreen(board);
    const calls = await board.locator('[data-board-calls] tr').first().innerText();
    assert.match(calls, new RegExp(`${code}\\s+1\\b`));
    assert.equal((await board.locator('[data-stat="served"]').innerText()).trim(), '1');
    await board.context().close();
    await officer.context().close();
    await kiosk.context().close();
  });
});
