import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';

/** A minimal valid PDF (detected as application/pdf by its content). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

describe('journey: apply online and track the dossier', async () => {
  const server = await startBrowserServer();

  /** Nothing wider than the screen (no horizontal scrolling). */
  async function fitsWidth(page: Page, width: number) {
    const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
    assert.ok(scrollWidth <= width, `${page.url()} is ${scrollWidth}px wide on a ${width}px screen`);
  }

  async function checked(page: Page, width: number) {
    await assertAccessible(page);
    await fitsWidth(page, width);
  }

  const runs = [
    { width: 1024, javaScript: true },
    { width: 360, javaScript: true },
  ];
  for (const { width, javaScript } of runs) {
    it(`finds the procedure, fills the form, attaches documents, submits and tracks it (${width}px wide, JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const context = await server.browser.newContext({ baseURL: server.baseUrl, locale: 'vi-VN', viewport: { width, height: 800 }, javaScriptEnabled: javaScript });
      const page = await context.newPage();
      try {
        await page.goto('/');
        await page.getByLabel('Tìm thủ tục').fill('dang ky quyen tac gia');
        await page.getByRole('button', { name: 'Tìm kiếm' }).click();
        await page.waitForURL(/\/thu-tuc\?q=/);
        await page.getByRole('link', { name: 'Cấp Giấy chứng nhận đăng ký quyền tác giả', exact: true }).click();
        await page.waitForURL(/\/thu-tuc\/1\.001823$/);
        await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).first().click();

        // Start page; not signed in yet: "Bắt đầu" leads through the login page and back.
        await page.waitForURL(/\/nop-ho-so\/1\.001823$/);
        assert.match(await page.locator('h1').innerText(), /Cấp Giấy chứng nhận đăng ký quyền tác giả/);
        await checked(page, width);
        await page.getByRole('button', { name: 'Bắt đầu' }).click();
        await page.waitForURL(/\/dang-nhap\?next=/);
        await page.getByLabel('Tên đăng nhập hoặc thư điện tử').fill('demo.congdan');
        await page.getByLabel('Mật khẩu').fill('Demo@2026');
        await page.getByRole('button', { name: 'Đăng nhập' }).click();
        await page.waitForURL(/\/nop-ho-so\/1\.001823$/);
        await page.getByRole('button', { name: 'Bắt đầu' }).click();

        // The e-form: prefilled from the profile; an error first, then the content.
        await page.waitForURL(/\/ho-so\/[0-9a-f-]+\/to-khai$/);
        assert.equal(await page.locator('#fullName').inputValue(), 'Nguyễn Văn An');
        await checked(page, width);
        await page.getByLabel('Số điện thoại').fill('12');
        await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click();
        const summary = page.locator('.error-summary');
        assert.ok(await summary.isVisible());
        assert.equal(await summary.getByRole('link').count(), 2);
        await checked(page, width);
        await summary.getByRole('link').first().click();
        await page.getByLabel('Số điện thoại').fill('0912345678');
        await page.getByLabel('Nội dung yêu cầu').fill('Đăng ký quyền tác giả cho tác phẩm văn học "Mùa thu Hà Nội".');
        // The e-form of this procedure (stored with its version): a choice, an address and a repeatable group.
        await page.getByLabel('Chưa công bố').check();
        await page.getByLabel('Tỉnh, thành phố').selectOption('Tỉnh Vĩnh Long');
        await page.getByLabel('Xã, phường, đặc khu').fill('Phường Trà Vinh');
        await page.locator('#coAuthors-0-name').fill('Trần Thị Cúc');
        await page.locator('#coAuthors-0-idNumber').fill('079090005678');
        await page.locator('#coAuthors-0-nationality').fill('Việt Nam');
        // "Thêm dòng" saves the answers and shows one more row (a form post: it works without JavaScript).
        await page.getByRole('button', { name: 'Thêm dòng' }).click();
        await page.locator('#coAuthors-1-name').waitFor();
        assert.equal(await page.locator('#coAuthors-0-name').inputValue(), 'Trần Thị Cúc');
        await checked(page, width);
        await page.locator('#coAuthors-1-name').fill('Lê Văn Dũng');
        await page.locator('#coAuthors-1-idNumber').fill('B7654321');
        await page.locator('#coAuthors-1-nationality').fill('Việt Nam');
        await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click();

        // Attachments: a PDF for every required document.
        await page.waitForURL(/\/giay-to$/);
        await checked(page, width);
        const required = page.locator('.dv-document').filter({ hasText: 'bắt buộc' });
        const count = await required.count();
        assert.ok(count >= 1);
        for (let i = 0; i < count; i++) {
          await required.nth(i).locator('input[type=file]').setInputFiles({ name: `giay-to-${i + 1}.pdf`, mimeType: 'application/pdf', buffer: PDF });
        }
        await page.getByRole('button', { name: 'Tải lên và tiếp tục' }).click();

        // Check your answers, the declaration, submit.
        await page.waitForURL(/\/kiem-tra$/);
        assert.match(await page.locator('h1').innerText(), /Kiểm tra lại thông tin/);
        assert.ok(await page.getByText('giay-to-1.pdf').isVisible());
        assert.ok(await page.getByText('0912345678').isVisible());
        assert.ok(await page.getByText('Phường Trà Vinh, Tỉnh Vĩnh Long').isVisible());
        assert.ok(await page.getByText('Họ và tên đồng tác giả: Lê Văn Dũng').isVisible());
        await checked(page, width);
        await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
        assert.ok(await page.locator('.error-summary').isVisible(), 'the declaration is required');
        await checked(page, width);
        await page.getByLabel('Tôi xin cam đoan').check();
        await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();

        await page.locator('#dossier-code').waitFor();
        const code = (await page.locator('#dossier-code').innerText()).trim();
        const secret = (await page.locator('#lookup-secret').innerText()).trim();
        assert.match(code, /^000\.00\.12\.G14-\d{6}-\d{4}$/);
        assert.match(secret, /^[2-9A-Z]{8}$/);
        assert.ok(await page.getByRole('heading', { name: 'Những việc tiếp theo' }).isVisible());
        await checked(page, width);

        // My dossiers: the code with the national status label.
        await page.getByRole('link', { name: 'Hồ sơ của tôi' }).first().click();
        await page.waitForURL(/\/ho-so$/);
        const row = page.locator('tr', { hasText: code });
        assert.match(await row.innerText(), /Mới đăng ký/);
        await checked(page, width);
        await row.getByRole('link', { name: code }).click();
        await page.waitForURL(/\/ho-so\/[0-9a-f-]+$/);
        assert.ok(await page.getByText('Quá trình xử lý').isVisible());
        await checked(page, width);

        // Signed out: the public lookup with the code and the secret.
        await page.getByRole('button', { name: 'Đăng xuất' }).click();
        await page.getByRole('link', { name: 'Tra cứu hồ sơ' }).click();
        await page.waitForURL(/\/tra-cuu$/);
        await checked(page, width);
        await page.getByLabel('Mã hồ sơ').fill(code);
        await page.getByLabel('Mã tra cứu').fill(secret);
        await page.getByRole('button', { name: 'Tra cứu' }).click();
        const result = page.locator('.dv-result');
        await result.waitFor();
        const text = await result.innerText();
        assert.ok(text.includes(code));
        assert.match(text, /Mới đăng ký/);
        assert.match(text, /Nguyễn V\*\* A\*/);
        await checked(page, width);
      } finally {
        await context.close();
      }
    });
  }
});
