// Pages of the personal document store: "Kho giấy tờ của tôi", and on the attachments page of a draft the
// "Chọn từ kho giấy tờ" form and the "Xoá" buttons (plain HTML forms with CSRF, no JavaScript).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDate } from '../../src/core/text.ts';
import { authHeaders, createTestApp, login, type Session } from '../helpers/app.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, upload } from '../helpers/dossiers.ts';

const HTML = { accept: 'text/html' };

function form(session: Session, fields: Record<string, string>, withToken = true) {
  const body = new URLSearchParams({ ...(withToken ? { _csrf: session.csrfToken } : {}), ...fields }).toString();
  return { headers: { ...HTML, cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body };
}

describe('document store pages', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  const session = await login(app, 'demo.congdan');
  const citizen = await actorByUsername(ctx, 'demo.congdan');

  it('lists the store with dates, sizes and checked download links', async () => {
    const draft = await ctx.services.dossiers.createDraft(citizen, COPYRIGHT_PROCEDURE);
    const doc = draft.documents.find((d) => d.required)!;
    const added = await ctx.services.dossiers.addFile(citizen, draft.id, upload(doc.documentId, undefined, 'Tờ khai số 2.pdf'));
    const page = await app.inject({ method: 'GET', url: '/kho-giay-to', headers: { ...HTML, cookie: session.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Kho giấy tờ của tôi<\/h1>/);
    assert.ok(page.body.includes(formatDate(new Date())), 'dd/mm/yyyy');
    assert.ok(page.body.includes('Tờ khai số 2.pdf'), 'file name');
    assert.match(page.body, /aria-current="page">Kho giấy tờ</);
    const entry = (await ctx.services.documents.listMine(citizen)).find((d) => d.fileId === added.fileId)!;
    assert.ok(page.body.includes(`/kho-giay-to/${entry.id}/tep`));
    const download = await app.inject({ method: 'GET', url: `/kho-giay-to/${entry.id}/tep`, headers: { cookie: session.cookie } });
    assert.equal(download.statusCode, 200);
    assert.match(String(download.headers['content-disposition']), /^attachment;/);
    assert.equal(download.headers['cache-control'], 'private, no-store');
    const other = await login(app, 'demo.doanhnghiep');
    assert.equal((await app.inject({ method: 'GET', url: `/kho-giay-to/${entry.id}/tep`, headers: { cookie: other.cookie } })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: `/kho-giay-to/${entry.id}/tep` })).statusCode, 401);
    const api = await app.inject({ method: 'GET', url: '/api/documents', headers: authHeaders(session) });
    assert.ok((api.json() as { items: Array<{ id: string }> }).items.some((i) => i.id === entry.id));
  });

  it('attaches from the store and removes a file on the attachments page of a draft', async () => {
    const draft = await ctx.services.dossiers.createDraft(citizen, COPYRIGHT_PROCEDURE);
    const doc = draft.documents.find((d) => d.required)!;
    const entry = (await ctx.services.documents.listMine(citizen))[0]!;
    const page = await app.inject({ method: 'GET', url: `/ho-so/${draft.id}/giay-to`, headers: { ...HTML, cookie: session.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`<label for="store-${doc.documentId}">Chọn từ kho giấy tờ`));
    assert.match(page.body, new RegExp(`<form id="form-store-${doc.documentId}" method="post" action="/ho-so/${draft.id}/giay-to/tu-kho"><input type="hidden" name="_csrf"`));

    // Nothing is chosen for the citizen: the list starts on a placeholder, and sending it names the missing choice.
    const select = new RegExp(`<select id="store-${doc.documentId}"[^>]*>\\s*<option value="" selected>— Chọn một giấy tờ —</option>`);
    assert.match(page.body, select);
    const unchosen = await app.inject({ method: 'POST', url: `/ho-so/${draft.id}/giay-to/tu-kho`, ...form(session, { documentId: doc.documentId, personalDocumentId: '' }) });
    assert.equal(unchosen.statusCode, 422);
    assert.match(unchosen.body, new RegExp(`href="#store-${doc.documentId}"`));

    // Without the CSRF token: refused.
    const forged = await app.inject({ method: 'POST', url: `/ho-so/${draft.id}/giay-to/tu-kho`, ...form(session, { documentId: doc.documentId, personalDocumentId: entry.id }, false) });
    assert.equal(forged.statusCode, 403);
    const attached = await app.inject({ method: 'POST', url: `/ho-so/${draft.id}/giay-to/tu-kho`, ...form(session, { documentId: doc.documentId, personalDocumentId: entry.id }) });
    assert.equal(attached.statusCode, 303, attached.body);
    assert.equal(attached.headers.location, `/ho-so/${draft.id}/giay-to?thongbao=kho`);
    // Twice: the page again with the error tied to the select.
    const again = await app.inject({ method: 'POST', url: `/ho-so/${draft.id}/giay-to/tu-kho`, ...form(session, { documentId: doc.documentId, personalDocumentId: entry.id }) });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, new RegExp(`aria-describedby="store-${doc.documentId}-error"`));
    assert.match(again.body, new RegExp(`href="#store-${doc.documentId}"`));

    const after = await app.inject({ method: 'GET', url: `/ho-so/${draft.id}/giay-to?thongbao=kho`, headers: { ...HTML, cookie: session.cookie } });
    assert.match(after.body, /Đã đính kèm giấy tờ từ kho\./);
    const attachment = (await ctx.services.dossiers.get(citizen, draft.id)).documents.find((d) => d.documentId === doc.documentId)!.files[0]!;
    assert.equal(attachment.fileId, entry.fileId);
    assert.match(after.body, new RegExp(`<button type="submit" form="remove-${attachment.id}"[^>]*>Xoá`));
    // Another person cannot remove it (404); the owner can.
    const other = await login(app, 'demo.doanhnghiep');
    assert.equal((await app.inject({ method: 'POST', url: `/ho-so/${draft.id}/giay-to/xoa`, ...form(other, { fileId: attachment.id }) })).statusCode, 404);
    const removed = await app.inject({ method: 'POST', url: `/ho-so/${draft.id}/giay-to/xoa`, ...form(session, { fileId: attachment.id }) });
    assert.equal(removed.statusCode, 303);
    assert.equal((await ctx.services.dossiers.get(citizen, draft.id)).documents.find((d) => d.documentId === doc.documentId)!.files.length, 0);
    // Still in the store (it came from there).
    assert.ok((await ctx.services.documents.listMine(citizen)).some((d) => d.id === entry.id));
  });

  it('answers the JSON API with problem documents', async () => {
    const draft = await ctx.services.dossiers.createDraft(citizen, COPYRIGHT_PROCEDURE);
    const bad = await app.inject({ method: 'POST', url: `/api/dossiers/${draft.id}/files/from-store`, headers: authHeaders(session), payload: { documentId: 'x' } });
    assert.equal(bad.statusCode, 422);
    const unknown = await app.inject({ method: 'DELETE', url: `/api/dossiers/${draft.id}/files/00000000-0000-4000-8000-000000000000`, headers: authHeaders(session) });
    assert.equal(unknown.statusCode, 404);
    assert.match(String(unknown.headers['content-type']), /^application\/problem\+json/);
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    assert.ok(spec.paths['/api/v1/documents']?.get);
    assert.ok(spec.paths['/api/v1/dossiers/{id}/files/from-store']?.post);
    assert.ok(spec.paths['/api/v1/dossiers/{id}/files/{fileId}']?.delete);
  });
});
