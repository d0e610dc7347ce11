// Browser journey of an electronic result: the leader generates and signs the result on the dossier's results page,
// the citizen finds it with a download, and anyone checks it on the verification page (typed code or the QR code's
// URL) at 360 px, without horizontal scrolling. axe-core on each page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DossierStatus } from '../../src/db/schema.ts';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';

describe('journey: a signed electronic result, downloaded and verified', async () => {
  const server = await startBrowserServer();
  const { ctx } = server;

  const signIn = (username: string) => server.signIn(username);

  it('the leader signs, the citizen downloads, the public page confirms it', async () => {
    const citizen = await actorByUsername(ctx, 'demo.congdan');
    const { id } = await submittedDossier(ctx, citizen);
    await ctx.db.updateTable('dossiers').set({ status: 4 as DossierStatus }).where('id', '=', id).execute();

    const leader = await signIn('demo.lanhdao');
    await leader.goto(`/can-bo/ho-so/${id}/ket-qua-dien-tu`);
    await assertAccessible(leader);
    await leader.getByRole('button', { name: 'Tạo và ký số kết quả' }).click();
    await leader.waitForURL(/ma=/);
    const code = new URL(leader.url()).searchParams.get('ma')!;
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{12}$/);
    await leader.getByRole('status').waitFor();

    const owner = await signIn('demo.congdan');
    await owner.goto(`/ho-so/${id}`);
    await owner.getByRole('heading', { name: 'Kết quả điện tử' }).waitFor();
    assert.equal(await owner.locator('#ket-qua-dien-tu').getByRole('link', { name: 'Tải kết quả (PDF)' }).getAttribute('href'), `/api/results/${code}/file`);
    await assertAccessible(owner);
    await owner.goto(`/ho-so/${id}/ket-qua-dien-tu`);
    await assertAccessible(owner);
    const download = owner.getByRole('link', { name: 'Tải kết quả (PDF)' });
    assert.equal(await download.getAttribute('href'), `/api/results/${code}/file`);

    // Anyone, on a small phone: type the code as printed, lower case.
    const visitor = await server.newPage({ width: 360, height: 740 });
    await visitor.goto('/xac-thuc');
    await assertAccessible(visitor);
    await visitor.getByLabel('Mã xác thực').fill(`${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`.toLowerCase());
    await visitor.getByRole('button', { name: 'Kiểm tra' }).click();
    await visitor.waitForURL(`**/xac-thuc/${code}`);
    await visitor.getByRole('heading', { name: 'Kết quả hợp lệ' }).waitFor();
    await assertAccessible(visitor);
    const overflow = Number(await visitor.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
    assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px at 360 px`);
  });
});
