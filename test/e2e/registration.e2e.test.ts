import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAccessible, startBrowserServer } from '../../test/helpers/browser.ts';

describe('journey: a citizen registers, activates the account from the e-mail and signs in', async () => {
  const server = await startBrowserServer();

  it('registers, fixes errors, reads the mail, activates, signs in, sees the account page', async () => {
    const page = await server.newPage();
    await page.goto('/dang-ky');
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Công dân' }).click();
    await assertAccessible(page);
    await page.getByLabel('Họ và tên').fill('Ngô Thị Lan');
    await page.getByLabel('Số định danh cá nhân').fill('12345');
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    assert.match(await page.locator('.error-summary').innerText(), /Số định danh cá nhân phải gồm đúng 12 chữ số/);
    await assertAccessible(page);
    await page.locator('.error-summary a[href="#personalId"]').click();
    await page.getByLabel('Số định danh cá nhân').fill('001190012399');
    await page.getByLabel('Ngày sinh').fill('02/09/1995');
    await page.getByLabel('Số điện thoại').fill('0912 000 999');
    await page.getByLabel('Thư điện tử').fill('lan.ngo@example.vn');
    await page.getByLabel('Địa chỉ').fill('Hải Phòng');
    await page.locator('#password').fill('Hoa-Ban#2026');
    await page.locator('#passwordConfirm').fill('Hoa-Ban#2026');
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    await page.waitForURL('**/dang-ky/da-gui');
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Mở hộp thư thử nghiệm của hệ thống' }).click();
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Kích hoạt tài khoản Cổng dịch vụ công' }).first().click();
    await assertAccessible(page);
    await page.locator('.mail-body a').first().click();
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Kích hoạt tài khoản' }).click();
    assert.match(await page.locator('h1').innerText(), /Tài khoản đã được kích hoạt/);
    await assertAccessible(page);
    await page.locator('main').getByRole('link', { name: 'Đăng nhập' }).click();
    await page.getByLabel('Tên đăng nhập hoặc thư điện tử').fill('lan.ngo@example.vn');
    await page.getByLabel('Mật khẩu').fill('Hoa-Ban#2026');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
    await page.goto('/tai-khoan');
    assert.match(await page.locator('main').innerText(), /\*{8}2399/);
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Đổi mật khẩu' }).click();
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await assertAccessible(page);
    await page.goto('/quen-mat-khau');
    await assertAccessible(page);
  });

  it('organisation members page is accessible', async () => {
    const page = await server.newPage();
    await page.goto('/dang-nhap');
    await page.getByLabel('Tên đăng nhập hoặc thư điện tử').fill('demo.doanhnghiep');
    await page.getByLabel('Mật khẩu').fill('Demo@2026');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
    await page.goto('/tai-khoan/to-chuc');
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Thêm thành viên' }).click();
    await assertAccessible(page);
    await page.goto('/dang-ky/to-chuc');
    await assertAccessible(page);
  });
});
