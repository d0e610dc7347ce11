import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';
import { insertDossiers, makeApplicant, makeField, makeProcedure, vn } from '../helpers/reports-fixtures.ts';

const shots = process.env.REPORTS_SCREENSHOTS;

describe('journey: a leader reads the handling report and the dashboard', async () => {
  const server = await startBrowserServer();
  const ctx = server.ctx;
  const bureau = (await ctx.services.agencies.byCode('000.00.12.G14'))!;
  const field = await makeField(ctx, 'Quyền tác giả, quyền liên quan');
  const { version } = await makeProcedure(ctx, { agencyId: bureau.id, fieldId: field.id, name: 'Cấp Giấy chứng nhận đăng ký quyền liên quan' });
  const applicant = await makeApplicant(ctx);
  const base = { agencyId: bureau.id, versionId: version.id };
  const now = new Date();
  const year = now.getUTCFullYear();
  const day = (month: number, d: number) => vn(`${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}T09:00:00`);
  const thisMonth = now.getUTCMonth() + 1;
  await insertDossiers(ctx, applicant.id, [
    { ...base, status: 10, channel: 2, receivedAt: day(1, 6), dueAt: day(1, 20), finishedAt: day(1, 15), timeliness: 'early', electronicResult: true },
    { ...base, status: 9, channel: 1, receivedAt: day(1, 7), dueAt: day(1, 20), finishedAt: day(1, 22), timeliness: 'late' },
    { ...base, status: 4, channel: 1, receivedAt: day(thisMonth, 1), dueAt: day(thisMonth, 2), currentStep: 2 },
    { ...base, status: 2, channel: 3, receivedAt: day(thisMonth, 1), dueAt: new Date(now.getTime() + 5 * 86400_000), currentStep: 1 },
  ]);

  it('picks a period, follows a number to its dossiers, downloads nothing wrong, and sees the dashboard on a small screen', async () => {
    const page = await server.newPage();
    await page.goto('/dang-nhap');
    await page.getByLabel('Tên đăng nhập hoặc thư điện tử').fill('demo.lanhdao');
    await page.getByLabel('Mật khẩu').fill('Demo@2026');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
    await page.getByRole('link', { name: 'Báo cáo' }).first().click();
    assert.equal(await page.locator('h1').innerText(), 'Tổng quan cho lãnh đạo');
    await assertAccessible(page);
    if (shots) await page.screenshot({ path: `${shots}/dashboard.png`, fullPage: true });

    await page.goto('/bao-cao/xu-ly');
    // Pickers, not typed codes: the agency from a list; only the fields of the chosen period are shown.
    assert.equal(await page.locator('select#agency').count(), 1);
    await page.getByLabel('Kỳ báo cáo').selectOption('month');
    assert.equal(await page.getByLabel('Tháng', { exact: true }).isVisible(), true);
    assert.equal(await page.getByLabel('Từ ngày').isVisible(), false);
    await page.getByLabel('Kỳ báo cáo').selectOption('year');
    assert.equal(await page.getByLabel('Tháng', { exact: true }).isVisible(), false);
    await page.getByLabel('Năm', { exact: true }).selectOption(String(year));
    await page.getByRole('button', { name: 'Xem báo cáo' }).click();
    assert.match(await page.locator('caption').first().innerText(), new RegExp(`01/01/${year} đến 31/12/${year}`));
    await assertAccessible(page);
    if (shots) await page.screenshot({ path: `${shots}/report.png`, fullPage: true });
    await page.getByRole('link', { name: /Hồ sơ giải quyết quá hạn, Quyền tác giả/ }).click();
    assert.equal(await page.locator('h1').innerText(), 'Hồ sơ giải quyết quá hạn');
    assert.match(await page.getByRole('status').innerText(), /1 hồ sơ/);
    await assertAccessible(page);

    await page.goto('/bao-cao/xu-ly?from=31/12/2025&to=01/01/2025');
    assert.match(await page.locator('.error-summary').innerText(), /Ngày kết thúc kỳ báo cáo không được trước ngày bắt đầu/);
    await assertAccessible(page);
  });
});
