// Browser journey of a dossier from the National Public Service Portal: a citizen submits on the portal simulator's
// own page (a separate HTTP server: procedure, a few fields, a file), the simulator delivers it to the real server,
// the dossier appears in the officers' queue (channel "national portal"), and each officer action (accept, forward)
// appears on the simulator's tracking page once the sync job has run. 360 px wide; axe-core on our pages; the
// administrators' reconciliation page shows nothing waiting afterwards.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

describe('journey: a dossier submitted on the national portal is handled here and tracked there', async () => {
  const server = await startBrowserServer({ nationalPortal: { procedures: [{ code: '1.001823', name: 'Đăng ký quyền tác giả đối với tác phẩm' }] } });
  const { ctx } = server;
  const simulator = server.nationalPortal!;
  const SIZE = { width: 360, height: 780 };
  const signIn = (username: string) => server.signIn(username, SIZE);

  it('submit on the portal → our queue → each officer action on the portal tracking page', async () => {
    // The citizen on the national portal.
    const citizen = await server.newPage({ ...SIZE, baseURL: simulator.url });
    await citizen.goto('/');
    await citizen.getByLabel('Thủ tục hành chính').selectOption('1.001823');
    await citizen.getByLabel('Họ và tên').fill('Trần Văn Bình');
    await citizen.getByLabel('Số định danh cá nhân (12 chữ số)').fill('079190123456');
    await citizen.getByLabel('Số điện thoại').fill('0987654321');
    await citizen.getByLabel('Địa chỉ liên hệ').fill('Phường Trà Vinh, tỉnh Vĩnh Long');
    await citizen.getByLabel('Nội dung yêu cầu').fill('Đăng ký quyền tác giả bài hát "Sông quê".');
    await citizen.getByLabel('Tệp đính kèm').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: PDF });
    await citizen.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await citizen.waitForURL(/\/ho-so\/G22-/);
    assert.equal(await citizen.locator('[data-delivery]').getAttribute('data-delivery'), '0', await citizen.locator('[data-delivery]').innerText());
    const nationalCode = (await citizen.locator('[data-code]').innerText()).trim();

    const row = await ctx.db
      .selectFrom('national_portal_dossiers as n')
      .innerJoin('dossiers as d', 'd.id', 'n.dossier_id')
      .select(['d.id', 'd.code', 'd.channel'])
      .where('n.national_code', '=', nationalCode)
      .executeTakeFirstOrThrow();
    assert.equal(row.channel, 4);

    // The receptionist finds it in the queue and accepts it, then hands it over.
    const officer = await signIn('demo.motcua');
    await officer.getByRole('link', { name: 'Một cửa / Xử lý hồ sơ' }).click();
    await officer.waitForURL(/\/can-bo$/);
    await assertAccessible(officer);
    await officer.getByRole('link', { name: row.code! }).click();
    await officer.waitForURL(new RegExp(`/can-bo/ho-so/${row.id}$`));
    await assertAccessible(officer);
    const steps: Array<[string, string]> = [
      ['accept', 'Được tiếp nhận'],
      ['forward', 'Đang xử lý'],
    ];
    let seen = 0;
    for (const [action, label] of steps) {
      await officer.locator(`#action-${action} button[type=submit]`).click();
      await officer.waitForURL(new RegExp(`/can-bo/ho-so/${row.id}\\?ok=${action}`));
      await assertAccessible(officer);
      // The sync job (every minute in the server) runs now.
      await ctx.services.nationalPortal.sync();
      await citizen.reload();
      const rows = citizen.locator('tr[data-message]');
      const count = await rows.count();
      assert.ok(count > seen, `${action}: new messages on the tracking page`);
      seen = count;
      assert.equal(await citizen.locator('[data-status]').innerText(), label);
      assert.ok((await citizen.locator('tbody').innerText()).includes('Lê Thị Mai'), 'the handler (the receptionist) is named');
      assert.equal(await citizen.locator('tr[data-applied="false"]').count(), 0, 'every message applied once, in order');
    }
    await officer.context().close();

    // The administrators' reconciliation page: nothing waiting.
    const admin = await signIn('demo.quantri');
    await admin.goto('/quan-tri/cong-dvc-quoc-gia');
    await assertAccessible(admin);
    assert.ok(await admin.getByText('Không có thông điệp nào đang chờ hoặc bị từ chối.').isVisible());
    await admin.context().close();
    await citizen.context().close();
  });
});
