// English option names over HTTP: an e-form whose choices carry `x-enumNames-en` shows them on English pages —
// the citizen's form, the applicant's dossier page, the officer's dossier page and the officer's JSON content —
// and the Vietnamese names on Vietnamese pages; the stored answer is the option's value either way.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateFormDefinition } from '../../src/modules/catalog/catalog.eform.ts';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';

const COPYRIGHT = '1.001823';
const SCHEMA = {
  type: 'object',
  required: ['fullName'],
  properties: {
    fullName: { type: 'string', title: 'Họ và tên', 'x-title-en': 'Full name', maxLength: 100 },
    workType: { type: 'string', title: 'Loại hình tác phẩm', 'x-title-en': 'Type of work', enum: ['van-hoc', 'am-nhac'], 'x-enumNames': ['Văn học', 'Âm nhạc'], 'x-enumNames-en': ['Literature', 'Music'] },
    publication: { type: 'string', title: 'Tình trạng công bố', enum: ['chua', 'roi'], 'x-enumNames': ['Chưa công bố', 'Đã công bố'], 'x-enumNames-en': ['', 'Published'] },
  },
};

describe('English option names on the pages that show e-form content', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  assert.deepEqual(validateFormDefinition(SCHEMA, {}), []);
  const version = await ctx.db
    .selectFrom('procedure_versions as pv')
    .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
    .select('pv.id')
    .where('p.code', '=', COPYRIGHT)
    .where('pv.status', '=', 'published')
    .executeTakeFirstOrThrow();
  await ctx.db.updateTable('procedure_versions').set({ form_schema: JSON.stringify(SCHEMA), form_ui: '{}' }).where('id', '=', version.id).execute();

  const receptionist = await login(app, 'demo.motcua');
  const citizen = await login(app, 'demo.congdan');
  const person = await ctx.db.selectFrom('accounts').select('personal_id').where('username', '=', 'demo.congdan').executeTakeFirstOrThrow();
  const registered = await app.inject({
    method: 'POST',
    url: '/api/officer/intake',
    headers: authHeaders(receptionist),
    payload: { procedureCode: COPYRIGHT, channel: 1, applicant: { kind: 'citizen', personalId: person.personal_id }, resultDelivery: 'counter', form: { fullName: 'Nguyễn Văn An', workType: 'am-nhac', publication: 'chua' } },
  });
  assert.equal(registered.statusCode, 201, registered.body);
  const id = (registered.json() as { id: string }).id;
  const page = (url: string, cookie: string, lang: 'vi' | 'en') => app.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: `${cookie}; opendvc_lang=${lang}` } });

  it('the officer\'s dossier page: English names in English, Vietnamese names in Vietnamese', async () => {
    const en = await page(`/can-bo/ho-so/${id}`, receptionist.cookie, 'en');
    assert.equal(en.statusCode, 200, en.body.slice(0, 300));
    assert.match(en.body, /Type of work[\s\S]{0,200}Music/);
    assert.match(en.body, /Tình trạng công bố[\s\S]{0,200}Chưa công bố/, 'no English name: the Vietnamese one');
    assert.doesNotMatch(en.body, /Âm nhạc/);
    const vi = await page(`/can-bo/ho-so/${id}`, receptionist.cookie, 'vi');
    assert.match(vi.body, /Loại hình tác phẩm[\s\S]{0,200}Âm nhạc/);
    assert.doesNotMatch(vi.body, />Music</);
  });

  it('the applicant\'s dossier page', async () => {
    const en = await page(`/ho-so/${id}`, citizen.cookie, 'en');
    assert.equal(en.statusCode, 200, en.body.slice(0, 300));
    assert.match(en.body, /<dt>Type of work<\/dt>\s*<dd class="dv-answer">Music<\/dd>/);
    const vi = await page(`/ho-so/${id}`, citizen.cookie, 'vi');
    assert.match(vi.body, /<dt>Loại hình tác phẩm<\/dt>\s*<dd class="dv-answer">Âm nhạc<\/dd>/);
  });

  it('the citizen\'s form draws the options in the reader\'s language, values unchanged', async () => {
    const draft = await app.inject({ method: 'POST', url: '/api/dossiers', headers: authHeaders(citizen), payload: { procedureCode: COPYRIGHT } });
    assert.equal(draft.statusCode, 201, draft.body);
    const draftId = (draft.json() as { id: string }).id;
    const en = await page(`/ho-so/${draftId}/to-khai`, citizen.cookie, 'en');
    assert.equal(en.statusCode, 200, en.body.slice(0, 300));
    assert.match(en.body, /value="van-hoc"[^>]*>\s*<label[^>]*>Literature<\/label>/);
    assert.match(en.body, /value="am-nhac"[^>]*>\s*<label[^>]*>Music<\/label>/);
    assert.match(en.body, /value="chua"[^>]*>\s*<label[^>]*>Chưa công bố<\/label>/);
    const vi = await page(`/ho-so/${draftId}/to-khai`, citizen.cookie, 'vi');
    assert.match(vi.body, /value="van-hoc"[^>]*>\s*<label[^>]*>Văn học<\/label>/);
  });

  it('the officer\'s JSON content follows the request\'s language', async () => {
    const en = await app.inject({ method: 'GET', url: `/api/officer/dossiers/${id}?lang=en`, headers: authHeaders(receptionist) });
    assert.equal(en.statusCode, 200, en.body.slice(0, 300));
    assert.match(en.body, /"Music"/);
  });
});
