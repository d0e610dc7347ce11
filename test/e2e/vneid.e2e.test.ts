// Browser journey: a citizen signs in "with VNeID" on the simulator's own page (360 px wide), lands back on the
// procedure, fills the e-form, attaches the documents and submits; signing out also ends the VNeID session (single
// logout). axe-core on our pages. The server, the simulator (oidc-provider) and the relying party are the real ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
const WIDTH = 360;

describe('journey: sign in with VNeID and submit', async () => {
  // The helper chooses our port first (the provider's redirect URIs name it), then the provider, then our server.
  const server = await startBrowserServer({ vneid: true });
  const { ctx, baseUrl } = server;
  const simulator = server.vneid!;

  it(`a new citizen signs in with VNeID, submits a dossier and signs out of both (${WIDTH}px)`, async () => {
    const page = await server.newPage({ width: WIDTH, height: 800 });
    const context = page.context();
    const fitsWidth = async () => {
      const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
      assert.ok(scrollWidth <= WIDTH, `${page.url()} is ${scrollWidth}px wide on a ${WIDTH}px screen`);
    };
    try {
      // Applying needs an account: the sign-in page offers VNeID.
      await page.goto('/nop-ho-so/1.001823');
      await page.getByRole('button', { name: 'Bắt đầu' }).click();
      await page.waitForURL(/\/dang-nhap\?next=/);
      await assertAccessible(page);
      await fitsWidth();
      await page.getByRole('link', { name: 'Đăng nhập bằng VNeID' }).first().click();

      // The provider's own page (the simulator): a person typed in, level 2.
      await page.waitForURL((url) => url.href.startsWith(`${simulator.url}/interaction/`));
      assert.match(await page.locator('h1').innerText(), /định danh điện tử/);
      await page.getByLabel('Số định danh cá nhân (12 chữ số)').fill('001095012345');
      await page.getByLabel('Họ và tên').fill('Trần Minh Khoa');
      await page.getByLabel('Ngày sinh').fill('1995-01-15');
      await page.getByLabel('Mức độ tài khoản').selectOption('2');
      await page.locator('#signin').click();

      // Back on our portal, signed in as the new citizen, at the procedure's start page.
      await page.waitForURL(new RegExp(`^${baseUrl.replace(/\./g, '\\.')}/nop-ho-so/1\\.001823$`));
      await assertAccessible(page);
      await fitsWidth();
      const account = await ctx.db.selectFrom('accounts').select(['id', 'kind', 'full_name', 'date_of_birth']).where('personal_id', '=', '001095012345').executeTakeFirstOrThrow();
      assert.deepEqual({ kind: account.kind, name: account.full_name, born: account.date_of_birth }, { kind: 'citizen', name: 'Trần Minh Khoa', born: '1995-01-15' });
      await page.getByRole('button', { name: 'Bắt đầu' }).click();

      // The e-form, prefilled with the name VNeID vouched for.
      await page.waitForURL(/\/ho-so\/[0-9a-f-]+\/to-khai$/);
      assert.equal(await page.locator('#fullName').inputValue(), 'Trần Minh Khoa');
      await assertAccessible(page);
      await fitsWidth();
      await page.getByLabel('Số điện thoại').fill('0987654321');
      await page.getByLabel('Nội dung yêu cầu').fill('Đăng ký quyền tác giả cho bản nhạc "Phố cổ".');
      await page.getByLabel('Chưa công bố').check();
      await page.getByLabel('Tỉnh, thành phố').selectOption('Tỉnh Vĩnh Long');
      await page.getByLabel('Xã, phường, đặc khu').fill('Phường Trà Vinh');
      for (const [field, value] of Object.entries({ address: 'Số 3 Lê Lợi', email: 'khoa@example.vn' })) {
        const input = page.locator(`#${field}`);
        if ((await input.count()) && !(await input.inputValue())) await input.fill(value);
      }
      await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click();
      if (await page.locator('.error-summary').isVisible()) assert.fail(`e-form refused: ${await page.locator('.error-summary').innerText()}`);

      await page.waitForURL(/\/giay-to$/);
      await assertAccessible(page);
      const required = page.locator('.dv-document').filter({ hasText: 'bắt buộc' });
      const count = await required.count();
      for (let i = 0; i < count; i++) {
        await required.nth(i).locator('input[type=file]').setInputFiles({ name: `giay-to-${i + 1}.pdf`, mimeType: 'application/pdf', buffer: PDF });
      }
      await page.getByRole('button', { name: 'Tải lên và tiếp tục' }).click();

      await page.waitForURL(/\/kiem-tra$/);
      await assertAccessible(page);
      await fitsWidth();
      await page.getByLabel('Tôi xin cam đoan').check();
      await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
      await page.locator('#dossier-code').waitFor();
      const code = (await page.locator('#dossier-code').innerText()).trim();
      assert.match(code, /^000\.00\.12\.G14-\d{6}-\d{4}$/);
      await assertAccessible(page);
      await fitsWidth();
      const dossier = await ctx.db.selectFrom('dossiers').select(['applicant_id']).where('code', '=', code).executeTakeFirstOrThrow();
      assert.equal(dossier.applicant_id, account.id);

      // Signing out of the portal ends the VNeID session too, and comes back home.
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await page.waitForURL(`${baseUrl}/`);
      await page.goto('/dang-nhap/vneid');
      await page.waitForURL((url) => url.href.startsWith(`${simulator.url}/interaction/`));
      assert.ok(await page.getByLabel('Số định danh cá nhân (12 chữ số)').isVisible(), 'VNeID asks who signs in again');

      // A refused callback is a page of ours with the ways back (and accessible).
      await page.goto('/dang-nhap/vneid/callback?code=x&state=y');
      assert.match(await page.locator('h1').innerText(), /Không đăng nhập được bằng VNeID/);
      await assertAccessible(page);
      await fitsWidth();
    } finally {
      await context.close();
    }
  });
});
