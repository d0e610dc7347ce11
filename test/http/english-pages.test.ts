// English everywhere a screen shows our own text: the generated e-form's labels, the officer's actions and the
// statuses in messages are in the reader's language.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';

describe('pages in English', async () => {
  const { app, ctx } = await createTestApp({ demo: true });

  it('the generated e-form (a procedure without its own) is labelled in English, and in Vietnamese by default', async () => {
    const session = await login(app, 'demo.congdan');
    const draft = await app.inject({ method: 'POST', url: '/api/dossiers', headers: authHeaders(session), payload: { procedureCode: '1.001827' } });
    assert.equal(draft.statusCode, 201, draft.body);
    const id = (draft.json() as { id: string }).id;
    const page = (lang: string) => app.inject({ method: 'GET', url: `/ho-so/${id}/to-khai`, headers: { accept: 'text/html', cookie: `${session.cookie}; opendvc_lang=${lang}` } });
    const en = await page('en');
    assert.equal(en.statusCode, 200);
    assert.match(en.body, /<label for="[^"]*fullName[^"]*">Full name/);
    assert.doesNotMatch(en.body, />Họ và tên</);
    const vi = await page('vi');
    assert.match(vi.body, /<label for="[^"]*fullName[^"]*">Họ và tên/);
  });

  it('a refused action names the actions and the status in English', async () => {
    const { id } = await submittedDossier(ctx, await actorByUsername(ctx, 'demo.congdan'));
    const officer = await login(app, 'demo.motcua');
    const refused = await app.inject({ method: 'POST', url: `/api/dossiers/${id}/actions/record_result?lang=en`, headers: authHeaders(officer), payload: {} });
    assert.equal(refused.statusCode, 409, refused.body);
    const title = (refused.json() as { title: string }).title;
    assert.match(title, /"Record the result"/);
    assert.match(title, /"Newly registered"/);
    assert.match(title, /Accept/);
    assert.doesNotMatch(title, /record_result|Tiếp nhận|Mới đăng ký/);
  });
});
