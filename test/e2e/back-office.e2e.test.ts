// Browser journey of the electronic one-stop back office: a citizen's dossier is accepted at reception, the
// specialist requests a supplement, the citizen answers on /ho-so/:id/bo-sung with a file and a note, the specialist
// and the head forward it, the leader records the result, the reception returns it; the citizen sees every status
// on /ho-so/:id. axe-core on the officer pages and the citizen's answer page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

describe('journey: the back office handles a dossier from reception to result', async () => {
  const server = await startBrowserServer();

  /**
   * The page of `username`, signed in once through the login page and kept for the whole journey (an officer comes
   * back to the dossier later: the same browser, as at the desk); on `next` when given, else on the start page.
   */
  const pages = new Map<string, Page>();
  async function signIn(username: string, next?: string): Promise<Page> {
    const open = pages.get(username);
    if (open) {
      if (next) await open.goto(next);
      return open;
    }
    const page = await server.newPage();
    await page.goto(next ? `/dang-nhap?next=${encodeURIComponent(next)}` : '/dang-nhap');
    await page.getByLabel('Tên đăng nhập hoặc thư điện tử').fill(username);
    await page.getByLabel('Mật khẩu').fill('Demo@2026');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((url) => (next ? url.pathname === next : !url.pathname.startsWith('/dang-nhap')));
    pages.set(username, page);
    return page;
  }

  /**
   * Opens the dossier from the officer's queue ("Của tôi"), checking the pages with axe-core (the queue unless
   * `queueChecked`: the same queue in the same state was checked before). An officer just signed in is on the queue
   * already (their start page); one coming back follows the menu link.
   */
  async function openFromQueue(page: Page, code: string, id: string, queueChecked = false) {
    if (!/\/can-bo$/.test(page.url())) {
      await page.getByRole('link', { name: 'Một cửa / Xử lý hồ sơ' }).click();
      await page.waitForURL(/\/can-bo$/);
    }
    if (!queueChecked) await assertAccessible(page);
    await page.getByRole('link', { name: code }).click();
    await page.waitForURL(new RegExp(`/can-bo/ho-so/${id}$`));
    await assertAccessible(page);
  }

  async function act(page: Page, action: string, id: string) {
    await page.locator(`#action-${action} button[type=submit]`).click();
    await page.waitForURL(new RegExp(`/can-bo/ho-so/${id}\\?ok=${action}`));
    assert.ok(await page.locator('.notice.success').isVisible());
  }

  it('reception accepts, the specialist asks for a supplement, the citizen answers, the head and the leader decide, the result is returned', async () => {
    const citizen = await actorByUsername(server.ctx, 'demo.congdan');
    const { id, code } = await submittedDossier(server.ctx, citizen);
    const status = async () => (await server.ctx.db.selectFrom('dossiers').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

    // The receptionist accepts it and hands it to the specialists.
    let page = await signIn('demo.motcua');
    await openFromQueue(page, code, id);
    assert.equal(await page.locator('#action-record_result').count(), 0, 'only the allowed actions are offered');
    await act(page, 'accept', id);
    assert.equal(await status(), 2);
    await assertAccessible(page);
    await act(page, 'forward', id);
    assert.equal(await status(), 4);

    // The specialist requests a supplement (one consolidated list); an empty list first.
    page = await signIn('demo.chuyenvien');
    await openFromQueue(page, code, id);
    await page.locator('#action-request_supplement button[type=submit]').click();
    assert.ok(await page.locator('.error-summary').isVisible());
    await assertAccessible(page);
    await page.locator('.error-summary a').first().click();
    await page.locator('#request_supplement-items').fill('Bản sao Căn cước công dân\nBản mô tả tác phẩm có chữ ký');
    await act(page, 'request_supplement', id);
    assert.equal(await status(), 5);

    // The citizen sees the request on "Hồ sơ của tôi", attaches a file and answers with a note.
    page = await signIn('demo.congdan', `/ho-so/${id}`);
    assert.ok(await page.getByText('Bản mô tả tác phẩm có chữ ký').first().isVisible(), 'the requested items are listed');
    await page.locator(`a[href="/ho-so/${id}/bo-sung"]`).click();
    await assertAccessible(page);
    await page.locator('form[enctype="multipart/form-data"] input[type=file]').first().setInputFiles({ name: 'cccd.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.locator('#note').fill('Đã nộp bổ sung bản sao CCCD và bản mô tả tác phẩm.');
    await Promise.all([page.waitForURL(`**/ho-so/${id}**`), page.getByRole('button', { name: 'Gửi bổ sung' }).click()]);
    assert.equal(await status(), 4);
    const supplementFiles = await server.ctx.db.selectFrom('dossier_events').select('action').where('dossier_id', '=', id).where('action', '=', 'add_supplement_file').execute();
    assert.equal(supplementFiles.length, 1, 'the file was added to the dossier as a supplement');

    // The specialist forwards to the head, the head to the leader. (The specialist's queue lists the dossier as on
    // the first visit, "Đang xử lý" at the same step: checked then.)
    page = await signIn('demo.chuyenvien');
    await openFromQueue(page, code, id, true);
    await act(page, 'forward', id);
    page = await signIn('demo.truongphong');
    await openFromQueue(page, code, id);
    await act(page, 'forward', id);

    // The leader records the result with the electronic result document.
    page = await signIn('demo.lanhdao');
    await openFromQueue(page, code, id);
    await page.locator('#record_result-resultFile').setInputFiles({ name: 'giay-chung-nhan.pdf', mimeType: 'application/pdf', buffer: PDF });
    await act(page, 'record_result', id);
    assert.equal(await status(), 9);

    // The reception returns the result at the counter.
    page = await signIn('demo.motcua');
    await openFromQueue(page, code, id);
    await page.locator('#action-return_result').getByLabel('Tại Bộ phận Một cửa').check();
    await act(page, 'return_result', id);
    assert.equal(await status(), 10);
    assert.ok(await page.getByText('Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ').isVisible());
    await assertAccessible(page);

    // The citizen sees every status on the dossier page.
    page = await signIn('demo.congdan', `/ho-so/${id}`);
    const timeline = await page.locator('.dv-timeline').innerText();
    for (const label of ['Mới đăng ký', 'Được tiếp nhận', 'Đang xử lý', 'Yêu cầu bổ sung giấy tờ', 'Đã xử lý xong', 'Đã trả kết quả']) {
      assert.ok(timeline.includes(label), `${label} in the citizen's timeline`);
    }
  });
});
