// E-form field kinds (issue 15): boolean, default values, section headings and columns, officer-only fields,
// conditional requirements — the definition's validation, the applicant's schema, the HTML form's data, and the
// one row function (kernel/eform-rows.ts) every page and printout uses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveForm, validateFormDefinition } from '../../src/modules/catalog/catalog.eform.ts';
import { formData, formFields } from '../../src/modules/catalog/catalog.eform.view.ts';
import { EFormValidator } from '../../src/modules/dossiers/dossiers.eform.ts';
import { applicantFormSchema, officerFormSchema } from '../../src/modules/kernel/eform-contract.ts';
import { eformLines, eformRows } from '../../src/modules/kernel/eform-rows.ts';
import { renderReceipt } from '../../src/modules/dossiers/dossiers.receipt.ts';
import { extractText } from '../helpers/pdf.ts';

type Json = Record<string, unknown>;
const form = (properties: Json, extra: Json = {}) => ({ type: 'object', properties, ...extra });
const text = { type: 'string', title: 'Văn bản' };
const choice = { type: 'string', title: 'Loại hình', enum: ['van-hoc', 'am-nhac'], 'x-enumNames': ['Văn học', 'Âm nhạc'] };
const when = (field: string, value: unknown, then: string[]) => ({ if: { properties: { [field]: { const: value } }, required: [field] }, then: { required: then } });

/** The demo-like e-form of the HTTP tests: sections, columns, boolean, defaults, officer-only fields, a condition. */
export const RICH_FORM = {
  schema: form(
    {
      fullName: { type: 'string', title: 'Họ và tên', 'x-title-en': 'Full name', 'x-section': 'Người nộp', 'x-section-en': 'Applicant', 'x-columns': 2 },
      ethnicity: { type: 'string', title: 'Dân tộc', default: 'Kinh', 'x-columns': 2 },
      province: { type: 'string', title: 'Tỉnh', enum: ['YÊN BÁI', 'LÀO CAI'], default: 'YÊN BÁI' },
      workType: { ...choice },
      published: { type: 'boolean', title: 'Đã công bố', 'x-title-en': 'Published' },
      publishedOn: { type: 'string', format: 'date', title: 'Ngày công bố' },
      receiptNumber: { type: 'string', title: 'Số biên nhận', maxLength: 30, 'x-officer': true, 'x-section': 'Cán bộ ghi' },
      copies: { type: 'integer', title: 'Số bản', minimum: 1, 'x-officer': true },
    },
    { required: ['fullName'], allOf: [when('published', true, ['publishedOn'])] },
  ),
  ui: {},
};

describe('e-form definitions with the new field kinds', () => {
  it('accepts booleans, defaults, sections, columns, officer-only fields and conditions (schema keywords or hints)', () => {
    assert.deepEqual(validateFormDefinition(RICH_FORM.schema, RICH_FORM.ui), []);
    const viaHints = validateFormDefinition(form({ a: text, b: { type: 'boolean' }, n: { type: 'integer' } }), { a: { section: { vi: 'Phần A', en: 'Part A' }, columns: 3 }, b: { widget: 'checkbox' }, n: { officer: true } });
    assert.deepEqual(viaHints, []);
    const resolved = resolveForm(form({ a: text, n: { type: 'integer' } }) as Json, { a: { section: { vi: 'Phần A', en: 'Part A' }, columns: 3 }, n: { officer: true } });
    const props = resolved.properties as Record<string, Json>;
    assert.equal(props.a!['x-section'], 'Phần A');
    assert.equal(props.a!['x-section-en'], 'Part A');
    assert.equal(props.a!['x-columns'], 3);
    assert.equal(props.n!['x-officer'], true);
  });

  const refused: Array<[string, unknown, unknown, string, string]> = [
    ['a default failing its own pattern', form({ code: { type: 'string', pattern: '^[0-9]{6}$', default: 'YÊN BÁI' } }), {}, '/schema/properties/code/default', 'EFORM_DEFAULT_INVALID'],
    ['a default longer than maxLength', form({ code: { type: 'string', maxLength: 3, default: 'Kinh tế' } }), {}, '/schema/properties/code/default', 'EFORM_DEFAULT_INVALID'],
    ['a default not among the choices', form({ w: { ...choice, default: 'hoi-hoa' } }), {}, '/schema/properties/w/default', 'EFORM_DEFAULT_INVALID'],
    ['a boolean default "yes"', form({ b: { type: 'boolean', default: 'yes' } }), {}, '/schema/properties/b/default', 'EFORM_DEFAULT_INVALID'],
    ['a number default out of range', form({ n: { type: 'integer', minimum: 1, default: 0 } }), {}, '/schema/properties/n/default', 'EFORM_DEFAULT_INVALID'],
    ['a date default that is no date', form({ d: { type: 'string', format: 'date', default: '2025-02-30' } }), {}, '/schema/properties/d/default', 'EFORM_DEFAULT_INVALID'],
    ['a default on a group', form({ g: { type: 'array', items: { type: 'object', properties: { x: text } }, default: [] } }), {}, '/schema/properties/g/default', 'EFORM_KEYWORD_UNSUPPORTED'],
    ['a condition on a value the field never takes', form({ w: choice, x: text }, { allOf: [when('w', 'hoi-hoa', ['x'])] }), {}, '/schema/allOf/0/if/properties/w/const', 'EFORM_CONDITION_NEVER'],
    ['a condition on a boolean "yes"', form({ b: { type: 'boolean' }, x: text }, { allOf: [when('b', 'yes', ['x'])] }), {}, '/schema/allOf/0/if/properties/b/const', 'EFORM_CONDITION_NEVER'],
    ['a condition requiring an officer-only field', form({ b: { type: 'boolean' }, r: { ...text, 'x-officer': true } }, { allOf: [when('b', true, ['r'])] }), {}, '/schema/allOf/0/then/required/0', 'EFORM_CONDITION_NEVER'],
    ['a condition on an officer-only field (hint)', form({ b: { type: 'boolean' }, x: text }, { allOf: [when('b', true, ['x'])] }), { b: { officer: true } }, '/schema/allOf/0/if/properties/b/const', 'EFORM_CONDITION_NEVER'],
    ['a condition requiring an unknown field', form({ b: { type: 'boolean' } }, { allOf: [when('b', true, ['zz'])] }), {}, '/schema/allOf/0/then/required/0', 'EFORM_REQUIRED_UNKNOWN'],
    ['a condition of another shape', form({ b: { type: 'boolean' }, x: text }, { allOf: [{ if: { properties: { b: { enum: [true] } } }, then: { required: ['x'] } }] }), {}, '/schema/allOf/0', 'EFORM_CONDITION_INVALID'],
    ['a condition on a group', form({ g: { type: 'array', items: { type: 'object', properties: { x: text } } }, x: text }, { allOf: [when('g', 'a', ['x'])] }), {}, '/schema/allOf/0/if/properties/g', 'EFORM_CONDITION_INVALID'],
    ['an officer-only field required of the applicant', form({ r: { ...text, 'x-officer': true } }, { required: ['r'] }), {}, '/schema/required/0', 'EFORM_OFFICER_REQUIRED'],
    ['an officer-only address', form({ a: { type: 'object', properties: { province: {}, commune: {} }, 'x-officer': true } }), {}, '/schema/properties/a/x-officer', 'EFORM_OFFICER_MISPLACED'],
    ['an officer-only field prefilled', form({ a: text }), { a: { officer: true, prefill: 'fullName' } }, '/ui/a/officer', 'EFORM_OFFICER_MISPLACED'],
    ['five columns', form({ a: { ...text, 'x-columns': 5 } }), {}, '/schema/properties/a/x-columns', 'EFORM_COLUMNS_INVALID'],
    ['an empty section heading', form({ a: { ...text, 'x-section': ' ' } }), {}, '/schema/properties/a/x-section', 'EFORM_TEXT_INVALID'],
    ['a checkbox widget on text', form({ a: text }), { a: { widget: 'checkbox' } }, '/ui/a/widget', 'EFORM_WIDGET_INVALID'],
  ];
  for (const [name, schema, ui, path, code] of refused) {
    it(`refuses ${name}`, () => {
      const errors = validateFormDefinition(schema, ui);
      assert.ok(errors.some((e) => e.path === path && e.code === code), JSON.stringify(errors));
    });
  }
});

describe('the applicant schema and the officer schema', () => {
  const schema = resolveForm(RICH_FORM.schema as Json, RICH_FORM.ui);
  const validator = new EFormValidator();

  it('leaves the officer-only fields out of the applicant schema (an applicant sending one is refused) and puts only them in the officer schema', () => {
    const applicant = applicantFormSchema(schema, 'citizen');
    assert.deepEqual(Object.keys(applicant.properties as Json), ['fullName', 'ethnicity', 'province', 'workType', 'published', 'publishedOn']);
    assert.deepEqual(Object.keys(officerFormSchema(schema).properties as Json), ['receiptNumber', 'copies']);
    const errors = validator.errors(schema, 'citizen', { fullName: 'An', receiptNumber: 'BN-1' });
    assert.deepEqual(errors.map((e) => [e.path, e.code]), [['/receiptNumber', 'additionalProperties']]);
    assert.deepEqual(validator.officerErrors(schema, { receiptNumber: 'BN-1', copies: 2 }), []);
    assert.deepEqual(validator.officerErrors(schema, { copies: 0, fullName: 'x' }).map((e) => e.path).sort(), ['/copies', '/fullName']);
  });

  const cases: Array<[string, Json, string[]]> = [
    ['a boolean sent as "yes"', { fullName: 'An', published: 'yes' }, ['/published']],
    ['the condition met without its requirement', { fullName: 'An', published: true }, ['/publishedOn']],
    ['the condition met with its requirement', { fullName: 'An', published: true, publishedOn: '2025-01-02' }, []],
    ['the condition not met', { fullName: 'An', published: false }, []],
  ];
  for (const [name, data, paths] of cases) {
    it(`validates ${name}`, () => assert.deepEqual(validator.errors(schema, 'citizen', data).map((e) => e.path), paths));
  }

  it('reads check boxes from the HTML form (unchecked = false, anything but "true" kept and refused) and leaves officer fields to staff', () => {
    assert.deepEqual(formData(schema, { fullName: 'An', receiptNumber: 'x' }), { fullName: 'An', ethnicity: '', province: '', workType: '', published: false, publishedOn: '' });
    assert.equal(formData(schema, { published: 'true' }).published, true);
    assert.equal(formData(schema, { published: 'yes' }).published, 'yes');
    assert.deepEqual(formData(schema, { receiptNumber: 'BN-1', copies: '2', fullName: 'x' }, false, true), { receiptNumber: 'BN-1', copies: 2 });
  });

  it('draws the fields with their kind, default, section, columns and "required if"', () => {
    const fields = formFields(schema, 'citizen', 'vi');
    assert.deepEqual(fields.map((f) => f.name), ['fullName', 'ethnicity', 'province', 'workType', 'published', 'publishedOn']);
    const by = Object.fromEntries(fields.map((f) => [f.name, f]));
    assert.equal(by.published!.kind, 'checkbox');
    assert.equal(by.ethnicity!.defaultValue, 'Kinh');
    assert.equal(by.province!.defaultValue, 'YÊN BÁI');
    assert.equal(by.fullName!.section, 'Người nộp');
    assert.equal(by.fullName!.columns, 2);
    assert.deepEqual(by.publishedOn!.requiredIf, [{ field: 'Đã công bố', value: 'Có' }]);
    assert.deepEqual(formFields(schema, 'citizen', 'en').find((f) => f.name === 'publishedOn')!.requiredIf, [{ field: 'Published', value: 'Yes' }]);
    assert.deepEqual(formFields(schema, undefined, 'vi', true).map((f) => [f.name, f.section, f.required]), [['receiptNumber', 'Cán bộ ghi', false], ['copies', '', false]]);
  });
});

describe('eformRows: e-form content as labelled rows in schema order', () => {
  const schema: Json = {
    type: 'object',
    properties: {
      fullName: { type: 'string', title: 'Họ và tên', 'x-title-en': 'Full name', 'x-section': 'Người nộp', 'x-section-en': 'Applicant' },
      workType: choice,
      published: { type: 'boolean', title: 'Đã công bố' },
      publishedOn: { type: 'string', format: 'date', title: 'Ngày công bố' },
      pages: { type: 'number', title: 'Số trang' },
      residence: { type: 'object', title: 'Nơi cư trú', properties: { province: { type: 'string' }, commune: { type: 'string' }, street: { type: 'string' } } },
      authors: { type: 'array', title: 'Đồng tác giả', items: { type: 'object', properties: { name: { type: 'string', title: 'Tên' }, role: { ...choice, title: 'Vai trò' } } } },
      receiptNumber: { type: 'string', title: 'Số biên nhận', 'x-officer': true },
    },
  };
  const cases: Array<[string, Json, 'vi' | 'en', Array<[string, string]>]> = [
    ['a boolean true', { published: true }, 'vi', [['Đã công bố', 'Có']]],
    ['a boolean false', { published: false }, 'vi', [['Đã công bố', 'Không']]],
    ['a boolean in English', { published: false }, 'en', [['Đã công bố', 'No']]],
    ['an enum as its option name', { workType: 'van-hoc' }, 'vi', [['Loại hình', 'Văn học']]],
    ['an unknown enum value as sent', { workType: 'khac' }, 'vi', [['Loại hình', 'khac']]],
    ['a date dd/mm/yyyy', { publishedOn: '2025-03-09' }, 'vi', [['Ngày công bố', '09/03/2025']]],
    ['a decimal number (Vietnamese comma)', { pages: 12.5 }, 'vi', [['Số trang', '12,5']]],
    ['an address on one line, street first', { residence: { province: 'Tỉnh Yên Bái', commune: 'Phường Yên Bái', street: 'Số 1' } }, 'vi', [['Nơi cư trú', 'Số 1, Phường Yên Bái, Tỉnh Yên Bái']]],
    ['the English title', { fullName: 'An' }, 'en', [['Full name', 'An']]],
    ['schema order whatever the data order, unknown keys last', { zz: 'cũ', receiptNumber: 'BN-1', published: true, fullName: 'An' }, 'vi', [['Họ và tên', 'An'], ['Đã công bố', 'Có'], ['Số biên nhận', 'BN-1'], ['zz', 'cũ']]],
    ['unanswered fields left out', { fullName: '', pages: null }, 'vi', []],
  ];
  for (const [name, data, locale, expected] of cases) {
    it(name, () => assert.deepEqual(eformRows(schema, data, locale).map((r) => [r.label, r.text]), expected));
  }

  it('nests a group, carries the section and flags officer-only rows', () => {
    const rows = eformRows(schema, { fullName: 'An', authors: [{ name: 'Bình', role: 'am-nhac' }, {}], receiptNumber: 'BN-1' }, 'vi');
    assert.equal(rows[0]!.section, 'Người nộp');
    assert.deepEqual(rows[1]!.rows!.map((r) => r.map((c) => [c.label, c.text])), [[['Tên', 'Bình'], ['Vai trò', 'Âm nhạc']]]);
    assert.equal(rows[2]!.officer, true);
    assert.deepEqual(eformLines(rows), [
      { label: 'Họ và tên', text: 'An' },
      { label: 'Đồng tác giả 1 › Tên', text: 'Bình' },
      { label: 'Đồng tác giả 1 › Vai trò', text: 'Âm nhạc' },
      { label: 'Số biên nhận', text: 'BN-1' },
    ]);
    assert.equal(eformRows(schema, { fullName: 'An' }, 'en')[0]!.section, 'Applicant');
  });

  it('property: whatever the data, rows follow the schema order, never more than the answers, and never throw', () => {
    const keys = Object.keys(schema.properties as Json);
    const values = [true, false, 0, 3.5, '', 'x', '2025-01-01', null, [], [{ name: 'a' }], { province: 'p' }, 'van-hoc', [1, 2]];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 300; run++) {
      const data: Json = {};
      for (const key of [...keys, 'extra']) if (next() < 0.6) data[key] = values[Math.floor(next() * values.length)];
      const rows = eformRows(schema, data, next() < 0.5 ? 'vi' : 'en');
      assert.ok(rows.length <= Object.keys(data).length);
      const positions = rows.map((r) => (keys.includes(r.id) ? keys.indexOf(r.id) : keys.length));
      assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
      for (const r of rows) assert.ok(r.text !== '' || (r.rows?.length ?? 0) > 0);
    }
  });
});

describe('the acknowledgement prints the e-form content with its labels', () => {
  it('lists eformLines under "Nội dung tờ khai"', async () => {
    const schema = resolveForm(RICH_FORM.schema as Json, {});
    const answers = eformLines(eformRows(schema, { fullName: 'Nguyễn Văn An', workType: 'am-nhac', published: false }).filter((r) => !r.officer));
    const data = {
      code: '000.00.12.G14-261123-0007', agencyName: 'Cục Bản quyền tác giả', applicantName: 'Nguyễn Văn An', idNumber: null, idKind: 'personalId' as const, phone: null,
      procedureName: 'Thủ tục', procedureCode: '1.001823', documents: [], receivedAt: new Date('2026-11-23T03:05:00Z'),
      timeLimit: { value: 15, unit: 'working_days' as const, sameDay: false }, expectedDate: null, lookupUrl: 'https://dvc.example.vn/tra-cuu', lookupSecret: null, answers,
    };
    const text = extractText(await renderReceipt(data, { compress: false }));
    for (const piece of ['Nội dung tờ khai', 'Loại hình: ', 'Âm nhạc', 'Đã công bố: ', 'Không']) assert.ok(text.includes(piece), piece);
    assert.ok(!text.includes('am-nhac'));
  });
});
