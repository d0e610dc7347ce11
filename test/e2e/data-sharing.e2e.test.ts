// Browser journey: an e-form prefilled from the population database. On a 360 px screen the citizen starts the
// procedure marked "obtained by data sharing": the platform simulator (a separate HTTP server, client credentials)
// answers, the form comes prefilled and says where from, the identification document is shown as obtained by the
// agency and is not asked for; the citizen submits; the officer's dossier page shows where each value came from.
// Then the platform is slow: the citizen is told, fills in the date of birth and must supply the document.
// axe-core on every page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DATA_SHARING_CITIZEN_PROCEDURE } from '../../src/seed/datasharing.ts';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';
import { PDF } from '../helpers/dossiers.ts';

const WIDTH = 360;

describe('journey: an e-form is prefilled from the population database', async () => {
  const server = await startBrowserServer({ dataSharing: true, config: { DATA_SHARING_TIMEOUT_MS: '500' } });
  const { ctx } = server;
  const simulator = server.dataSharing!;
  const signIn = (username: string) => server.signIn(username, { width: WIDTH, height: 800 });

  /** Accessible (axe-core) and nothing wider than the screen. */
  async function checked(page: Page) {
    await assertAccessible(page);
    const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
    assert.ok(scrollWidth <= WIDTH, `${page.url()} is ${scrollWidth}px wide on a ${WIDTH}px screen`);
  }

  async function start(page: Page) {
    await page.goto(`/nop-ho-so/${DATA_SHARING_CITIZEN_PROCEDURE}`);
    await page.getByRole('button', { name: 'Bắt đầu' }).click();
    await page.waitForURL(/\/to-khai$/);
  }

  it('the form comes prefilled, the identification document is not asked for, the officer sees the sources', async () => {
    simulator.setMode('population', 'normal');
    const page = await signIn('demo.congdan');
    await start(page);
    await checked(page);
    assert.ok(await page.locator('[data-sharing="prefilled"]').isVisible());
    assert.match(await page.locator('[data-sharing="prefilled"]').innerText(), /Cơ sở dữ liệu quốc gia về dân cư/);
    assert.equal(await page.getByLabel('Ngày sinh').inputValue(), '1990-05-12');
    assert.equal(await page.getByLabel('Nơi thường trú').inputValue(), 'Số 5 Nguyễn Du, Phường Hai Bà Trưng, Thành phố Hà Nội');
    assert.equal(await page.getByLabel('Họ và tên').inputValue(), 'Nguyễn Văn An');
    assert.ok(await page.getByText('Điền sẵn từ Cơ sở dữ liệu quốc gia về dân cư').first().isVisible());
    await page.getByLabel('Lý do cấp đổi').fill('Thay đổi nơi thường trú');
    await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click();

    await page.waitForURL(/\/giay-to$/);
    await checked(page);
    const shared = page.locator('[data-shared="population"]');
    assert.ok(await shared.isVisible());
    assert.match(await shared.innerText(), /Cơ quan tự khai thác qua chia sẻ dữ liệu/);
    const required = page.locator('.dv-document').filter({ hasText: 'bắt buộc' });
    assert.equal(await required.count(), 3, 'the identification document is not among the required ones');
    for (let i = 0; i < 3; i++) await required.nth(i).locator('input[type=file]').setInputFiles({ name: `giay-to-${i + 1}.pdf`, mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Tải lên và tiếp tục' }).click();

    await page.waitForURL(/\/kiem-tra$/);
    await checked(page);
    assert.ok(await page.getByText('Cơ quan tự khai thác qua chia sẻ dữ liệu (Cơ sở dữ liệu quốc gia về dân cư)').first().isVisible());
    await page.getByLabel('Tôi xin cam đoan').check();
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await page.locator('#dossier-code').waitFor();
    const code = (await page.locator('#dossier-code').innerText()).trim();
    await page.context().close();

    const { id } = await ctx.db.selectFrom('dossiers').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    const officer = await signIn('demo.motcua');
    await officer.goto(`/can-bo/ho-so/${id}`);
    await checked(officer);
    assert.ok(await officer.getByRole('heading', { name: 'Nguồn dữ liệu (chia sẻ dữ liệu)' }).isVisible());
    assert.equal(await officer.locator('[data-origin="shared"]').count(), 3, 'full name, date of birth, permanent address');
    assert.match(await officer.locator('.of-lookups').innerText(), /Đã lấy được thông tin/);
    await officer.context().close();
  });

  it('a slow platform: the citizen is told, fills in the fields and must supply the document', async () => {
    simulator.setMode('population', 'slow');
    try {
      const page = await signIn('demo.congdan');
      await start(page);
      await checked(page);
      assert.match(await page.locator('[data-sharing="failed"]').innerText(), /Quá thời gian chờ/);
      assert.equal(await page.getByLabel('Ngày sinh').inputValue(), '');
      await page.getByLabel('Ngày sinh').fill('1990-05-12');
      await page.getByLabel('Nơi thường trú').fill('Số 5 Nguyễn Du, Hà Nội');
      await page.getByLabel('Lý do cấp đổi').fill('Thay đổi nơi thường trú');
      await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click();
      await page.waitForURL(/\/giay-to$/);
      await checked(page);
      assert.equal(await page.locator('[data-shared]').count(), 0);
      assert.equal(await page.locator('.dv-document').filter({ hasText: 'bắt buộc' }).count(), 4, 'the identification document is asked for again');
      await page.context().close();
    } finally {
      simulator.setMode('population', 'normal');
    }
  });
});
