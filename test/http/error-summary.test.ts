// Errors a person can act on: every item of a form's error summary names its field, and type or format problems
// are said in words, not in schema terms.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anonymousForm, authHeaders, createTestApp, login } from '../helpers/app.ts';

describe('error summaries name their fields', async () => {
  const { app } = await createTestApp({ demo: true });

  async function postForm(url: string, fields: Record<string, string>, lang = 'vi') {
    const visitor = await anonymousForm(app, url);
    return app.inject({
      method: 'POST', url,
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: `${visitor.cookie}; opendvc_lang=${lang}` },
      payload: new URLSearchParams({ _csrf: visitor.csrfToken, ...fields }).toString(),
    });
  }
  const items = (html: string) => [...html.matchAll(/<li><a href="#[^"]+">([^<]+)<\/a><\/li>/g)].map((m) => m[1]!);

  it('an empty citizen registration lists each missing field by its label (vi and en)', async () => {
    const vi = await postForm('/dang-ky/cong-dan', {});
    assert.equal(vi.statusCode, 422);
    const list = items(vi.body);
    assert.ok(list.length >= 5, list.join(' | '));
    assert.equal(new Set(list).size, list.length, `every item differs: ${list.join(' | ')}`);
    assert.ok(list.some((item) => item.startsWith('Họ và tên')), list.join(' | '));
    assert.ok(list.every((item) => !/^Vui lòng nhập trường này\.$/.test(item)), list.join(' | '));
    const en = await postForm('/dang-ky/cong-dan', {}, 'en');
    assert.ok(items(en.body).some((item) => /^Full name/i.test(item)), items(en.body).join(' | '));
  });

  it('says what a personal ID and a phone number look like', async () => {
    const response = await postForm('/dang-ky/cong-dan', { fullName: 'Nguyễn Văn An', personalId: '123', phone: '12' });
    const text = items(response.body).join(' | ');
    assert.match(text, /12 chữ số/);
    assert.match(text, /0912345678/);
  });

  it('refuses an emoji in the e-form name, saying what is expected (the field description)', async () => {
    const session = await login(app, 'demo.congdan');
    // 1.001827 has no e-form of its own: the generated form, whose name field has the person-name pattern.
    const draft = await app.inject({ method: 'POST', url: '/api/dossiers', headers: authHeaders(session), payload: { procedureCode: '1.001827' } });
    assert.equal(draft.statusCode, 201, draft.body);
    const id = (draft.json() as { id: string }).id;
    const saved = await app.inject({ method: 'PUT', url: `/api/dossiers/${id}/form`, headers: authHeaders(session), payload: { fullName: 'Nguyễn Văn An 😀' } });
    assert.equal(saved.statusCode, 422, saved.body);
    const error = (saved.json() as { errors: Array<{ path: string; code: string; message: string }> }).errors.find((e) => e.path.endsWith('/fullName'));
    assert.ok(error, saved.body);
    assert.equal(error.code, 'pattern');
    assert.equal(error.message, 'Giá trị không đúng định dạng: Viết bằng chữ, không có biểu tượng cảm xúc.');
  });
});
