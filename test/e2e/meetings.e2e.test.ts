// Browser journey of the work calendar, 360 px wide (issue 19 part 4): the leader's office creates a meeting
// (an error first, then saved), publishes it, invites a specialist and sends the invitation; the specialist finds it
// on "my calendar", opens it and accepts; the meeting shows on the specialist's calendar and on the agency's week.
// axe-core on every page; nothing wider than the screen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { addDays, vietnamDate } from '../../src/core/time.ts';
import { assertAccessible, startBrowserServer, waitForFocus } from '../helpers/browser.ts';

async function fitsTheScreen(page: Page): Promise<void> {
  const scroll = Number(await page.evaluate('document.documentElement.scrollWidth'));
  const width = Number(await page.evaluate('window.innerWidth'));
  assert.ok(scroll <= width, `${page.url()} is ${scroll}px wide on a ${width}px screen`);
}

describe('journey: a meeting invitation accepted and shown on the calendar', async () => {
  const server = await startBrowserServer();
  const SIZE = { width: 360, height: 780 };
  const day = addDays(vietnamDate(new Date()), 7);
  const title = 'Họp rà soát hồ sơ quyền tác giả';

  it('office creates and sends → specialist accepts → on both calendars', async () => {
    const leader = await server.signIn('demo.lanhdao', SIZE);
    await leader.goto('/lich-cong-tac');
    await assertAccessible(leader);
    await fitsTheScreen(leader);
    await leader.getByRole('link', { name: 'Thêm lịch' }).click();
    await leader.waitForURL(/\/lich-cong-tac\/them/);
    await assertAccessible(leader);
    await fitsTheScreen(leader);
    // No title: the error summary names the field.
    await leader.getByRole('button', { name: 'Lưu' }).click();
    await waitForFocus(leader, 'error-summary');
    assert.match(await leader.locator('.error-summary').innerText(), /Nội dung công việc/);
    await assertAccessible(leader);
    await leader.locator('#title').fill(title);
    await leader.locator('#date').fill(day);
    await leader.locator('#startTime').fill('08:00');
    await leader.locator('#endTime').fill('10:00');
    await leader.locator('#location').fill('Phòng họp tầng 3');
    await leader.getByLabel('Là cuộc họp có giấy mời').check();
    await leader.getByRole('button', { name: 'Lưu' }).click();
    await leader.waitForURL(/\/lich-cong-tac\/[0-9a-f-]{36}\?ok=saved$/);
    const entryUrl = leader.url().replace(/\?.*$/, '');
    await assertAccessible(leader);
    await fitsTheScreen(leader);
    await leader.getByRole('button', { name: 'Công bố' }).click();
    await leader.waitForURL(/\?ok=published$/);
    await leader.locator('#invite-staff').selectOption({ label: 'Phạm Quốc Huy' });
    await leader.getByRole('button', { name: 'Thêm người được mời' }).first().click();
    await leader.waitForURL(/\?ok=invited/);
    await leader.getByRole('button', { name: 'Gửi giấy mời' }).click();
    await leader.waitForURL(/\?ok=sent/);
    assert.match(await leader.locator('[role=status]').first().innerText(), /\d{2}\/GM-/);
    await assertAccessible(leader);
    await fitsTheScreen(leader);

    const specialist = await server.signIn('demo.chuyenvien', SIZE);
    await specialist.goto(`/lich-cong-tac/cua-toi?week=${day}`);
    await assertAccessible(specialist);
    await fitsTheScreen(specialist);
    await specialist.locator('#giay-moi ~ ul a', { hasText: title }).click();
    await specialist.waitForURL(/\/lich-cong-tac\/giay-moi\/[0-9a-f-]{36}$/);
    await assertAccessible(specialist);
    await fitsTheScreen(specialist);
    await specialist.getByRole('radio', { name: 'Tham dự', exact: true }).check();
    await specialist.getByRole('button', { name: 'Gửi trả lời' }).click();
    await specialist.waitForURL(/\?ok=thanks$/);
    assert.match(await specialist.locator('.mt-answer').innerText(), /Tham dự/);
    await assertAccessible(specialist);

    // On the specialist's own calendar, and on the agency's week.
    await specialist.goto(`/lich-cong-tac/cua-toi?week=${day}`);
    assert.match(await specialist.locator('.mt-days').innerText(), new RegExp(title));
    await specialist.goto(`/lich-cong-tac?week=${day}`);
    assert.match(await specialist.locator(`#ngay-${day}`).innerText(), new RegExp(title));
    assert.match(await specialist.locator('.mt-count').innerText(), /1 cuộc họp/);
    await assertAccessible(specialist);
    await fitsTheScreen(specialist);

    // The office sees the answer.
    await leader.goto(entryUrl);
    assert.match(await leader.locator('.mt-invitees').innerText(), /Phạm Quốc Huy[\s\S]*Tham dự/);
    await leader.context().close();
    await specialist.context().close();

    // The personal link of the e-mail (no sign-in) shows the answer; the public calendar page.
    const mail = await server.ctx.db.selectFrom('mail_messages').select('body_text').where('subject', 'like', `%${title}%`).executeTakeFirstOrThrow();
    const link = /\/giay-moi\/[A-Za-z0-9_-]+/.exec(mail.body_text)![0]!;
    const visitor = await server.newPage(SIZE);
    await visitor.goto(link);
    assert.match(await visitor.locator('.mt-answer').innerText(), /Tham dự/);
    await assertAccessible(visitor);
    await fitsTheScreen(visitor);
    await visitor.goto(`/lich-cong-tac-cong-khai?agency=000.00.12.G14&week=${day}`);
    await assertAccessible(visitor);
    await fitsTheScreen(visitor);
    await visitor.context().close();
  });
});
