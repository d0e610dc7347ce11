import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import { COPYRIGHT_FORM } from '../../src/seed/catalog-data/forms.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, newCitizen } from '../helpers/dossiers.ts';

/** The field errors of a rejected call (fails the test when the call does not fail with VALIDATION_FAILED). */
async function fieldErrors(call: Promise<unknown>): Promise<Array<{ path: string; code: string }>> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, 'VALIDATION_FAILED', error.code);
    return error.fieldErrors.map((e) => ({ path: e.path, code: e.code }));
  }
  assert.fail('expected VALIDATION_FAILED');
}

const SMALL_FORM = {
  schema: {
    type: 'object',
    required: ['fullName', 'members'],
    properties: {
      fullName: { type: 'string', title: 'Họ và tên', minLength: 1 },
      members: { type: 'array', title: 'Thành viên', minItems: 1, items: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 }, age: { type: 'integer', minimum: 0 } } } },
      home: { type: 'object', properties: { province: { type: 'string' }, commune: { type: 'string' } } },
    },
  },
  ui: { fullName: { prefill: 'fullName', order: 1 }, home: { label: { vi: 'Nơi ở', en: 'Home' } } },
};

describe('e-form per procedure version', async () => {
  const ctx = await createTestContext({ demo: true });
  const catalog = ctx.services.catalog;
  const dossiers = ctx.services.dossiers;
  const manager = await actorByUsername(ctx, 'demo.danhmuc');

  it('the demo copyright procedure has its stored form; published versions are frozen', async () => {
    const form = await catalog.formDefinition(manager, COPYRIGHT_PROCEDURE, 1);
    assert.equal(form.status, 'published');
    assert.equal(form.custom, true);
    assert.equal(form.editable, false);
    assert.deepEqual(Object.keys(form.schema.properties as object), Object.keys(COPYRIGHT_FORM.schema.properties as object));
    await assert.rejects(catalog.saveFormDefinition(manager, COPYRIGHT_PROCEDURE, 1, SMALL_FORM), (e: unknown) => e instanceof DomainError && e.code === 'EFORM_VERSION_FROZEN' && e.status === 409);
    await assert.rejects(catalog.formDefinition(manager, COPYRIGHT_PROCEDURE, 99), (e: unknown) => e instanceof DomainError && e.code === 'NOT_FOUND');
    const citizen = await newCitizen(ctx);
    await assert.rejects(catalog.formDefinition(citizen, COPYRIGHT_PROCEDURE, 1), (e: unknown) => e instanceof DomainError && e.code === 'FORBIDDEN');
  });

  it('a procedure without a stored form shows the generated one', async () => {
    const form = await catalog.formDefinition(manager, '1.001824', 1);
    assert.equal(form.custom, false);
    assert.ok('requestContent' in (form.schema.properties as object));
  });

  it('a new version copies the form; the draft stores a valid form, refuses an invalid one with every error, and resets', async () => {
    const draft = await catalog.newVersion(manager, COPYRIGHT_PROCEDURE);
    const copied = await catalog.formDefinition(manager, COPYRIGHT_PROCEDURE, draft.version);
    assert.equal(copied.custom, true);
    assert.equal(copied.editable, true);
    assert.deepEqual(copied.schema, COPYRIGHT_FORM.schema);

    const errors = await fieldErrors(catalog.saveFormDefinition(manager, COPYRIGHT_PROCEDURE, draft.version, {
      schema: { type: 'object', properties: { 'bad-id': { type: 'string' }, kind: { type: 'string', enum: [] }, x: { type: 'null' } }, required: ['nope'] },
      ui: { ghost: { label: 'Ma' } },
    }));
    assert.deepEqual(errors.map((e) => e.path).sort(), ['/schema/properties/bad-id', '/schema/properties/kind/enum', '/schema/properties/x/type', '/schema/required/0', '/ui/ghost']);

    const saved = await catalog.saveFormDefinition(manager, COPYRIGHT_PROCEDURE, draft.version, SMALL_FORM);
    assert.equal(saved.custom, true);
    // The order of the questions is kept as written (json column).
    assert.deepEqual(Object.keys(saved.schema.properties as object), ['fullName', 'members', 'home']);
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'target_id', 'summary']).where('action', '=', 'catalog.save_form').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(audit.target_id, COPYRIGHT_PROCEDURE);
    assert.deepEqual((audit.summary as { fields: string[] }).fields, ['fullName', 'members', 'home']);

    const reset = await catalog.saveFormDefinition(manager, COPYRIGHT_PROCEDURE, draft.version, null);
    assert.equal(reset.custom, false);
    await catalog.saveFormDefinition(manager, COPYRIGHT_PROCEDURE, draft.version, SMALL_FORM);
  });

  it('a submission is validated against the stored schema of its frozen version: every error at once, paths inside groups and addresses', async () => {
    const citizen = await newCitizen(ctx, 'Trần Thị Cúc');
    // Created while version 1 (the demo form) is the published one.
    const draft = await dossiers.createDraft(citizen, COPYRIGHT_PROCEDURE);
    assert.ok('coAuthors' in (draft.form.schema.properties as object));
    assert.equal(draft.form.data.fullName, 'Trần Thị Cúc');
    const province = ((draft.form.schema.properties as Record<string, { properties: Record<string, { enum: string[] }> }>).residence!.properties.province!.enum);
    assert.equal(province.length, 34);

    const bad = {
      ...draft.form.data,
      requestContent: 'Đăng ký quyền tác giả',
      workType: 'tranh-ve',
      residence: { province: 'Tỉnh Trà Vinh', street: 'Số 1' },
      coAuthors: [{ name: 'Nguyễn Văn Bình', idNumber: 'abc', nationality: 'Việt Nam' }, { name: '', idNumber: '079090001234', nationality: '' }],
    };
    const errors = await fieldErrors(dossiers.saveForm(citizen, draft.id, bad));
    assert.deepEqual(errors.map((e) => `${e.path} ${e.code}`).sort(), [
      '/coAuthors/0/idNumber pattern',
      '/coAuthors/1/name required',
      '/coAuthors/1/nationality required',
      '/residence/commune required',
      '/residence/province enum',
      '/workType enum',
    ]);

    // Saved as it is (the form page's "Thêm dòng"), the submission reports the same problems under /form.
    await dossiers.saveForm(citizen, draft.id, bad, { partial: true });
    const submitErrors = await fieldErrors(dossiers.submit(citizen, draft.id));
    const formPaths = submitErrors.filter((e) => e.path.startsWith('/form/')).map((e) => e.path).sort();
    assert.deepEqual(formPaths, ['/form/coAuthors/0/idNumber', '/form/coAuthors/1/name', '/form/coAuthors/1/nationality', '/form/residence/commune', '/form/residence/province', '/form/workType']);

    const good = { ...bad, workType: 'van-hoc', residence: { province: 'Tỉnh Vĩnh Long', commune: 'Phường Trà Vinh' }, coAuthors: [{ name: 'Nguyễn Văn Bình', idNumber: 'C1234567', nationality: 'Việt Nam' }] };
    const saved = await dossiers.saveForm(citizen, draft.id, good);
    assert.deepEqual(saved.data.coAuthors, good.coAuthors);

    // A new version with another form is published: the draft keeps the form of its own version.
    await catalog.publish(manager, COPYRIGHT_PROCEDURE, {});
    const again = await dossiers.saveForm(citizen, draft.id, good);
    assert.deepEqual(again.data.residence, good.residence);
    const later = await dossiers.createDraft(citizen, COPYRIGHT_PROCEDURE);
    assert.deepEqual(Object.keys(later.form.schema.properties as object), ['fullName', 'members', 'home']);
    assert.deepEqual(later.form.data, { fullName: 'Trần Thị Cúc' });
    const laterErrors = await fieldErrors(dossiers.saveForm(citizen, later.id, { fullName: 'Trần Thị Cúc', members: [{ age: -1 }], home: { province: 'Thành phố Hà Nội' } }));
    assert.deepEqual(laterErrors.map((e) => e.path).sort(), ['/home/commune', '/members/0/age', '/members/0/name']);
  });

  it('export carries the form and import checks it', async () => {
    const exported = await catalog.exportCatalog();
    const copyright = exported.procedures.find((p) => p.code === COPYRIGHT_PROCEDURE)!;
    assert.deepEqual(Object.keys(copyright.form!.schema.properties as object), ['fullName', 'members', 'home']);
    const other = exported.procedures.find((p) => p.code === '1.001824')!;
    assert.equal(other.form, undefined);

    const broken = { ...other, form: { schema: { type: 'object', properties: { a: { type: 'date' } } } } };
    await assert.rejects(
      catalog.importCatalog(manager, { format: 'opendvc-catalog', version: 1, fields: [], procedures: [broken] }, { source: 'cli' }),
      (e: unknown) => e instanceof DomainError && e.code === 'IMPORT_INVALID' && e.fieldErrors.some((f) => f.path === '/procedures/0/form/schema/properties/a/type'),
    );
    // The same content with a form of its own: a new version carrying that form.
    const result = await catalog.importCatalog(manager, { format: 'opendvc-catalog', version: 1, fields: [], procedures: [{ ...other, form: SMALL_FORM }] }, { source: 'cli' });
    assert.equal(result.newVersions, 1);
    const published = await catalog.published('1.001824');
    assert.deepEqual(Object.keys(published.form_schema!.properties as object), ['fullName', 'members', 'home']);
    // Importing it again changes nothing; without a form in the file the form is kept.
    const again = await catalog.importCatalog(manager, { format: 'opendvc-catalog', version: 1, fields: [], procedures: [{ ...other, form: SMALL_FORM }] }, { source: 'cli' });
    assert.equal(again.skipped, 1);
    const withoutForm = await catalog.importCatalog(manager, { format: 'opendvc-catalog', version: 1, fields: [], procedures: [other] }, { source: 'cli' });
    assert.equal(withoutForm.skipped, 1);
  });
});
