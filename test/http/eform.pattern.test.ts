import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';
import { actorByUsername } from '../helpers/dossiers.ts';

const PROCEDURE = '1.001824';
const HTML = { accept: 'text/html' };
const decode = (text: string) => text.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** A form whose patterns JavaScript's RegExp either cannot compile ((?i)) or needs hours for (^(a+)+$). */
const FORM = {
  schema: {
    type: 'object',
    required: ['fullName', 'code'],
    properties: {
      fullName: { type: 'string', title: 'Họ và tên', maxLength: 200, pattern: '^[\\p{L} ]+$' },
      code: { type: 'string', title: 'Mã', maxLength: 100, pattern: '^(a+)+$' },
      kind: { type: 'string', title: 'Loại', pattern: '(?i)^ab$' },
    },
  },
  ui: {},
};

describe('e-form patterns: refused at save time when RE2 cannot run them, linear when citizens fill them in', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  const manager = await login(app, 'demo.danhmuc');
  const citizen = await login(app, 'demo.congdan');

  const created = await app.inject({ method: 'POST', url: `/api/catalog/procedures/${PROCEDURE}/versions`, headers: authHeaders(manager) });
  assert.equal(created.statusCode, 201, created.body);
  const version = created.json().version as number;
  const formUrl = `/api/procedures/${PROCEDURE}/versions/${version}/form`;

  it('the e-form editor page refuses a backreference, naming the field, in Vietnamese', async () => {
    const schema = JSON.stringify({ type: 'object', properties: { soHieu: { type: 'string', pattern: '^(\\d)\\1$' } } });
    const response = await app.inject({
      method: 'POST',
      url: `/quan-tri/thu-tuc/${PROCEDURE}/phien-ban/${version}/bieu-mau`,
      headers: { ...HTML, cookie: manager.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: manager.csrfToken, schema, ui: '{}', action: 'save' }).toString(),
    });
    assert.equal(response.statusCode, 422);
    assert.match(decode(response.body), /schema › properties › soHieu › pattern: Biểu thức chính quy của trường "soHieu" dùng tham chiếu ngược/);
  });

  it('the API refuses a lookaround in a group column with its code, path and an English message', async () => {
    const schema = { type: 'object', properties: { rows: { type: 'array', items: { type: 'object', properties: { no: { type: 'string', pattern: '^(?!0)\\d+$' } } } } } };
    const response = await app.inject({ method: 'PUT', url: formUrl, headers: { ...authHeaders(manager), 'accept-language': 'en' }, payload: { schema } });
    assert.equal(response.statusCode, 422);
    const errors = response.json().errors as Array<{ path: string; code: string; message: string }>;
    assert.deepEqual(errors.map((e) => [e.path, e.code]), [['/schema/properties/rows/items/properties/no/pattern', 'EFORM_PATTERN_UNSUPPORTED']]);
    assert.match(errors[0]!.message, /^The regular expression of field "rows\.no" uses a backreference .* or a lookaround/);
  });

  it('the catalog import refuses the same patterns', async () => {
    const actor = await actorByUsername(ctx, 'demo.danhmuc');
    const exported = await ctx.services.catalog.exportCatalog();
    const procedure = exported.procedures.find((p) => p.code === PROCEDURE)!;
    const broken = { ...procedure, form: { schema: { type: 'object', properties: { a: { type: 'string', pattern: '(?<=x)y' } } } } };
    await assert.rejects(
      ctx.services.catalog.importCatalog(actor, { format: 'opendvc-catalog', version: 1, fields: [], procedures: [broken] }, { source: 'cli' }),
      (e: unknown) => e instanceof DomainError && e.code === 'IMPORT_INVALID' && e.fieldErrors.some((f) => f.path === '/procedures/0/form/schema/properties/a/pattern' && f.code === 'EFORM_PATTERN_UNSUPPORTED'),
    );
  });

  it('a citizen\'s value against ^(a+)+$ gets a normal validation error; the patterns run in RE2', async () => {
    const saved = await app.inject({ method: 'PUT', url: formUrl, headers: authHeaders(manager), payload: FORM });
    assert.equal(saved.statusCode, 200, saved.body);
    const published = await app.inject({ method: 'POST', url: `/api/catalog/procedures/${PROCEDURE}/publish`, headers: authHeaders(manager), payload: {} });
    assert.equal(published.statusCode, 200, published.body);

    const draft = await app.inject({ method: 'POST', url: '/api/dossiers', headers: authHeaders(citizen), payload: { procedureCode: PROCEDURE } });
    assert.equal(draft.statusCode, 201, draft.body);
    assert.deepEqual(Object.keys(draft.json().form.schema.properties), ['fullName', 'code', 'kind']);
    const url = `/api/dossiers/${draft.json().id}/form`;

    // With JavaScript's engine this request would take hours (and "(?i)" would not even compile).
    const evil = await app.inject({ method: 'PUT', url, headers: authHeaders(citizen), payload: { fullName: 'Nguyễn Văn An', code: `${'a'.repeat(30)}!`, kind: 'AB' } });
    assert.equal(evil.statusCode, 422, evil.body);
    assert.deepEqual(evil.json().errors.map((e: { path: string; code: string }) => [e.path, e.code]), [['/code', 'pattern']]);

    // Too long for its maxLength: both errors, and the pattern still answers (within the budget).
    const long = await app.inject({ method: 'PUT', url, headers: authHeaders(citizen), payload: { fullName: 'Nguyễn Văn An', code: `${'a'.repeat(100_000)}!` } });
    assert.equal(long.statusCode, 422);
    assert.deepEqual(long.json().errors.map((e: { path: string; code: string }) => [e.path, e.code]).sort(), [['/code', 'maxLength'], ['/code', 'pattern']]);

    // RE2 semantics: "(?i)" makes the match case-insensitive.
    const good = await app.inject({ method: 'PUT', url, headers: authHeaders(citizen), payload: { fullName: 'Nguyễn Văn An', code: 'aaaa', kind: 'aB' } });
    assert.equal(good.statusCode, 200, good.body);
    assert.equal(good.json().data.kind, 'aB');
  });
});
