// English option names of e-form choices (`x-enumNames-en`, parallel to `enum` like `x-enumNames`): accepted by
// the definition's validation, drawn in the reader's language by the HTML fields (catalog.eform.view.ts) and by
// the one row function every page and printout uses (kernel/eform-rows.ts), carried through the builder.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formFromItems, itemsFromBody, itemsFromForm, normalise } from '../../src/modules/catalog/catalog.eform.builder.ts';
import { resolveForm, validateFormDefinition } from '../../src/modules/catalog/catalog.eform.ts';
import { answerLines, formFields } from '../../src/modules/catalog/catalog.eform.view.ts';
import { eformRows } from '../../src/modules/kernel/eform-rows.ts';

type Json = Record<string, unknown>;
const form = (properties: Json) => ({ type: 'object', properties });
const workType = {
  type: 'string',
  title: 'Loại hình',
  'x-title-en': 'Type of work',
  enum: ['van-hoc', 'am-nhac', 'khac'],
  'x-enumNames': ['Văn học', 'Âm nhạc', 'Loại hình khác'],
  'x-enumNames-en': ['Literature', 'Music', ''],
};
const SCHEMA = form({
  workType,
  status: { type: 'string', title: 'Tình trạng', enum: ['a', 'b'], 'x-enumNames-en': ['Unpublished', 'Published'] },
  bare: { type: 'string', title: 'Không tên', enum: ['x', 'y'] },
  authors: { type: 'array', title: 'Tác giả', items: { type: 'object', properties: { role: { type: 'string', title: 'Vai trò', enum: ['c', 'd'], 'x-enumNames': ['Chính', 'Phụ'], 'x-enumNames-en': ['Main', 'Co-author'] } } } },
});

describe('x-enumNames-en in the e-form definition', () => {
  it('is accepted parallel to the options, empty names included', () => {
    assert.deepEqual(validateFormDefinition(SCHEMA, {}), []);
  });
  const refused: Array<[string, unknown]> = [
    ['of another length', ['Literature']],
    ['not a list', 'Literature'],
    ['with a name that is not text', ['Literature', 42, '']],
    ['with a name over 300 characters', ['Literature', 'x'.repeat(301), '']],
  ];
  for (const [name, names] of refused) {
    it(`refuses English names ${name}`, () => {
      const errors = validateFormDefinition(form({ workType: { ...workType, 'x-enumNames-en': names } }), {});
      assert.ok(errors.some((e) => e.path === '/schema/properties/workType/x-enumNames-en' && e.code === 'EFORM_ENUM_NAMES_EN_INVALID'), JSON.stringify(errors));
    });
  }
  it('is refused on a field that is not a choice', () => {
    const errors = validateFormDefinition(form({ note: { type: 'string', 'x-enumNames-en': ['A'] } }), {});
    assert.ok(errors.some((e) => e.path.startsWith('/schema/properties/note')), JSON.stringify(errors));
  });
});

describe('option names in the reader\'s language', () => {
  const data = { workType: 'am-nhac', status: 'b', bare: 'y', authors: [{ role: 'd' }] };
  const cases: Array<[string, 'vi' | 'en', Array<[string, string]>]> = [
    ['Vietnamese: the Vietnamese names (the value where there is none)', 'vi', [['Loại hình', 'Âm nhạc'], ['Tình trạng', 'b'], ['Không tên', 'y']]],
    ['English: the English names, the Vietnamese name or the value where there is none', 'en', [['Type of work', 'Music'], ['Tình trạng', 'Published'], ['Không tên', 'y']]],
  ];
  for (const [name, locale, expected] of cases) {
    it(`eformRows — ${name}`, () => {
      const rows = eformRows(SCHEMA, data, locale);
      assert.deepEqual(rows.slice(0, 3).map((r) => [r.label, r.text]), expected);
      assert.equal(rows[3]!.rows![0]![0]!.text, locale === 'en' ? 'Co-author' : 'Phụ');
    });
  }
  it('eformRows — an option with an empty English name reads in Vietnamese on English pages', () => {
    assert.equal(eformRows(SCHEMA, { workType: 'khac' }, 'en')[0]!.text, 'Loại hình khác');
  });
  it('the applicant\'s dossier page (answerLines) follows the same rule', () => {
    assert.equal(answerLines(SCHEMA, { workType: 'van-hoc' }, 'en')[0]!.text, 'Literature');
    assert.equal(answerLines(SCHEMA, { workType: 'van-hoc' }, 'vi')[0]!.text, 'Văn học');
  });
  it('the HTML form draws radios and selects (and group columns) with the options in the reader\'s language', () => {
    const labels = (locale: 'vi' | 'en') => {
      const fields = formFields(resolveForm(SCHEMA, {}), undefined, locale);
      return [...fields.filter((f) => f.options.length).map((f) => f.options.map((o) => o.label)), fields.find((f) => f.name === 'authors')!.parts[0]!.options.map((o) => o.label)];
    };
    assert.deepEqual(labels('vi'), [['Văn học', 'Âm nhạc', 'Loại hình khác'], ['a', 'b'], ['x', 'y'], ['Chính', 'Phụ']]);
    assert.deepEqual(labels('en'), [['Literature', 'Music', 'Loại hình khác'], ['Unpublished', 'Published'], ['x', 'y'], ['Main', 'Co-author']]);
    // The stored values never change with the language.
    const values = formFields(resolveForm(SCHEMA, {}), undefined, 'en').find((f) => f.name === 'workType')!.options.map((o) => o.value);
    assert.deepEqual(values, ['van-hoc', 'am-nhac', 'khac']);
  });
});

describe('the builder carries English option names', () => {
  it('stored form → items → the same names', () => {
    const items = itemsFromForm(form({ workType }), {});
    assert.deepEqual(items[0]!.options.map((o) => o.labelEn), ['Literature', 'Music', '']);
    const built = formFromItems(normalise(items));
    assert.deepEqual(built.problems, []);
    const node = (built.schema.properties as Json).workType as Json;
    assert.deepEqual(node['x-enumNames-en'], ['Literature', 'Music', '']);
    assert.deepEqual(node['x-enumNames'], workType['x-enumNames']);
    assert.deepEqual(validateFormDefinition(built.schema, built.ui), []);
  });
  it('reads an "English name" per option from the posted body; none given → no x-enumNames-en', () => {
    const body = { order: ['0'], 'f.0.kind': 'select', 'f.0.labelVi': 'Loại', 'f.0.o.0.label': 'Văn học', 'f.0.o.0.value': 'van-hoc', 'f.0.o.0.labelEn': ' Literature ', 'f.0.o.1.label': 'Âm nhạc', 'f.0.o.1.value': 'am-nhac' };
    const built = formFromItems(normalise(itemsFromBody(body)));
    const node = (built.schema.properties as Json)[Object.keys(built.schema.properties as Json)[0]!] as Json;
    assert.deepEqual(node['x-enumNames-en'], ['Literature', '']);
    const without = formFromItems(normalise(itemsFromBody({ ...body, 'f.0.o.0.labelEn': '' })));
    const plain = (without.schema.properties as Json)[Object.keys(without.schema.properties as Json)[0]!] as Json;
    assert.equal('x-enumNames-en' in plain, false);
  });
  it('removing an option keeps the English names parallel', () => {
    const items = itemsFromForm(form({ workType }), {});
    items[0]!.options.splice(0, 1);
    const built = formFromItems(normalise(items));
    assert.deepEqual(((built.schema.properties as Json).workType as Json)['x-enumNames-en'], ['Music', '']);
    assert.deepEqual(validateFormDefinition(built.schema, built.ui), []);
  });
});
