import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveForm, sameForm, validateFormDefinition, fieldKind, RADIO_LIMIT } from '../../src/modules/catalog/catalog.eform.ts';
import { COMMUNES, PROVINCES, communesOf } from '../../src/modules/catalog/catalog-data/administrative-units.ts';
import { defaultFormSchema } from '../../src/modules/dossiers/dossiers.rules.ts';

const text = { type: 'string', title: 'Họ và tên', maxLength: 200 };
const form = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties, ...extra });
const group = (columns: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'array', title: 'Tác giả', items: { type: 'object', properties: columns, required: Object.keys(columns).slice(0, 1) }, ...extra });
const address = { type: 'object', title: 'Địa chỉ', properties: { province: { type: 'string' }, commune: { type: 'string' }, street: { type: 'string' } } };

describe('validateFormDefinition: accepted forms', () => {
  const cases: Array<[string, unknown, unknown]> = [
    ['a text field', form({ fullName: text }), undefined],
    ['every supported kind', form({
      fullName: { ...text, minLength: 1, 'x-prefill': 'fullName' },
      email: { type: 'string', format: 'email' },
      born: { type: 'string', format: 'date', 'x-prefill': 'dateOfBirth' },
      idNumber: { type: 'string', pattern: '^[0-9]{12}$' },
      pages: { type: 'integer', minimum: 1, maximum: 10000 },
      price: { type: 'number', minimum: 0 },
      kind: { type: 'string', enum: ['a', 'b'], 'x-enumNames': ['Văn học', 'Âm nhạc'] },
      address,
      authors: group({ name: text, nationality: { type: 'string', enum: ['VN', 'Khác'] }, share: { type: 'number' } }, { minItems: 1, maxItems: 10 }),
    }, { required: ['fullName', 'authors'], additionalProperties: false, $schema: 'http://json-schema.org/draft-07/schema#', title: 'Tờ khai' }), undefined],
    ['hints for top-level and group fields', form({ fullName: text, address, authors: group({ name: text }) }), {
      fullName: { label: { vi: 'Họ tên', en: 'Full name' }, hint: 'Như trên CCCD', order: 2, prefill: 'fullName', widget: 'text' },
      address: { prefill: 'address', order: 1 },
      'authors.name': { label: 'Tên tác giả' },
      authors: { widget: 'group' },
    }],
    ['a choice shown as radios or select', form({ kind: { type: 'string', enum: ['a'] } }), { kind: { widget: 'select' } }],
    ['an address without street', form({ address: { type: 'object', properties: { province: { type: 'string' }, commune: { type: 'string' } }, required: ['province'] } }), null],
  ];
  for (const [name, schema, ui] of cases) {
    it(name, () => assert.deepEqual(validateFormDefinition(schema, ui), []));
  }

  it('the generated default forms are valid for every audience', () => {
    for (const audience of [['citizen'], ['organisation'], ['citizen', 'organisation']] as const) {
      assert.deepEqual(validateFormDefinition(defaultFormSchema({ name: 'Thủ tục', audience }), {}), [], audience.join());
    }
  });
});

describe('validateFormDefinition: refused forms', () => {
  const cases: Array<[string, unknown, unknown, string, string]> = [
    ['not an object', [], undefined, '/schema', 'type'],
    ['root not an object type', { type: 'array', properties: { a: text } }, undefined, '/schema/type', 'EFORM_ROOT_NOT_OBJECT'],
    ['no properties', { type: 'object' }, undefined, '/schema/properties', 'EFORM_NO_FIELDS'],
    ['empty properties', form({}), undefined, '/schema/properties', 'EFORM_NO_FIELDS'],
    ['unknown root keyword', form({ a: text }, { anyOf: [] }), undefined, '/schema/anyOf', 'EFORM_KEYWORD_UNSUPPORTED'],
    ['unknown type', form({ a: { type: 'null' } }), undefined, '/schema/properties/a/type', 'EFORM_TYPE_UNSUPPORTED'],
    ['no type', form({ a: { title: 'A' } }), undefined, '/schema/properties/a', 'EFORM_TYPE_UNSUPPORTED'],
    ['field not an object', form({ a: 'text' }), undefined, '/schema/properties/a', 'EFORM_TYPE_UNSUPPORTED'],
    ['id starting with a digit', form({ '1a': text }), undefined, '/schema/properties/1a', 'EFORM_ID_INVALID'],
    ['id with a dash', form({ 'full-name': text }), undefined, '/schema/properties/full-name', 'EFORM_ID_INVALID'],
    ['id with accents', form({ hoTên: text }), undefined, '/schema/properties/hoTên', 'EFORM_ID_INVALID'],
    ['id with a slash (escaped pointer)', form({ 'a/b': text }), undefined, '/schema/properties/a~1b', 'EFORM_ID_INVALID'],
    ['id too long', form({ ['a'.repeat(61)]: text }), undefined, `/schema/properties/${'a'.repeat(61)}`, 'EFORM_ID_INVALID'],
    ['unsupported keyword on a field', form({ a: { type: 'string', oneOf: [] } }), undefined, '/schema/properties/a/oneOf', 'EFORM_KEYWORD_UNSUPPORTED'],
    ['enum keyword on a number', form({ a: { type: 'number', enum: [1] } }), undefined, '/schema/properties/a/enum', 'EFORM_KEYWORD_UNSUPPORTED'],
    ['empty enum', form({ a: { type: 'string', enum: [] } }), undefined, '/schema/properties/a/enum', 'EFORM_ENUM_EMPTY'],
    ['enum with an empty option', form({ a: { type: 'string', enum: ['x', ' '] } }), undefined, '/schema/properties/a/enum', 'EFORM_ENUM_INVALID'],
    ['enum with a number', form({ a: { type: 'string', enum: ['x', 1] } }), undefined, '/schema/properties/a/enum', 'EFORM_ENUM_INVALID'],
    ['enum with duplicates', form({ a: { type: 'string', enum: ['x', 'x'] } }), undefined, '/schema/properties/a/enum', 'uniqueItems'],
    ['enum names of another length', form({ a: { type: 'string', enum: ['x', 'y'], 'x-enumNames': ['X'] } }), undefined, '/schema/properties/a/x-enumNames', 'EFORM_ENUM_NAMES_INVALID'],
    ['unsupported format', form({ a: { type: 'string', format: 'uri' } }), undefined, '/schema/properties/a/format', 'EFORM_FORMAT_UNSUPPORTED'],
    ['invalid pattern', form({ a: { type: 'string', pattern: '([' } }), undefined, '/schema/properties/a/pattern', 'EFORM_PATTERN_INVALID'],
    ['pattern not a string', form({ a: { type: 'string', pattern: 5 } }), undefined, '/schema/properties/a/pattern', 'EFORM_PATTERN_INVALID'],
    ['negative maxLength', form({ a: { type: 'string', maxLength: -1 } }), undefined, '/schema/properties/a/maxLength', 'EFORM_NUMBER_INVALID'],
    ['minLength above maxLength', form({ a: { type: 'string', minLength: 5, maxLength: 2 } }), undefined, '/schema/properties/a/minLength', 'EFORM_RANGE_INVALID'],
    ['minimum above maximum', form({ a: { type: 'number', minimum: 5, maximum: 2 } }), undefined, '/schema/properties/a/minimum', 'EFORM_RANGE_INVALID'],
    ['minimum not a number', form({ a: { type: 'integer', minimum: '1' } }), undefined, '/schema/properties/a/minimum', 'EFORM_NUMBER_INVALID'],
    ['empty title', form({ a: { type: 'string', title: ' ' } }), undefined, '/schema/properties/a/title', 'EFORM_TEXT_INVALID'],
    ['required names an unknown field', form({ a: text }, { required: ['b'] }), undefined, '/schema/required/0', 'EFORM_REQUIRED_UNKNOWN'],
    ['required repeated', form({ a: text }, { required: ['a', 'a'] }), undefined, '/schema/required/1', 'uniqueItems'],
    ['required not a list', form({ a: text }, { required: 'a' }), undefined, '/schema/required', 'type'],
    ['additional properties allowed', form({ a: text }, { additionalProperties: true }), undefined, '/schema/additionalProperties', 'EFORM_ADDITIONAL_PROPERTIES'],
    ['group inside a group', form({ g: group({ inner: group({ a: text }) }) }), undefined, '/schema/properties/g/items/properties/inner', 'EFORM_TOO_DEEP'],
    ['address inside a group', form({ g: group({ home: address }) }), undefined, '/schema/properties/g/items/properties/home', 'EFORM_TOO_DEEP'],
    ['group without items', form({ g: { type: 'array' } }), undefined, '/schema/properties/g/items', 'EFORM_GROUP_INVALID'],
    ['group of strings', form({ g: { type: 'array', items: { type: 'string' } } }), undefined, '/schema/properties/g/items', 'EFORM_GROUP_INVALID'],
    ['group with too many rows', form({ g: group({ a: text }, { maxItems: 1000 }) }), undefined, '/schema/properties/g/maxItems', 'EFORM_NUMBER_INVALID'],
    ['group minItems above maxItems', form({ g: group({ a: text }, { minItems: 3, maxItems: 2 }) }), undefined, '/schema/properties/g/minItems', 'EFORM_RANGE_INVALID'],
    ['group column with a bad id', form({ g: group({ 'bad id': text }) }), undefined, '/schema/properties/g/items/properties/bad id', 'EFORM_ID_INVALID'],
    ['group with too many columns', form({ g: group(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`c${i}`, text]))) }), undefined, '/schema/properties/g/items/properties', 'EFORM_TOO_MANY_FIELDS'],
    ['too many fields', form(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, text]))), undefined, '/schema/properties', 'EFORM_TOO_MANY_FIELDS'],
    ['schema too large', form({ a: { type: 'string', title: 'x'.repeat(100_001) } }), undefined, '/schema', 'EFORM_TOO_LARGE'],
    ['object that is not an address', form({ a: { type: 'object', properties: { x: text } } }), undefined, '/schema/properties/a/properties', 'EFORM_ADDRESS_INVALID'],
    ['address with an extra part', form({ a: { ...address, properties: { ...address.properties, district: { type: 'string' } } } }), undefined, '/schema/properties/a/properties/district', 'EFORM_ADDRESS_INVALID'],
    ['address part that is a number', form({ a: { ...address, properties: { ...address.properties, street: { type: 'number' } } } }), undefined, '/schema/properties/a/properties/street', 'EFORM_ADDRESS_INVALID'],
    ['unknown widget in the schema', form({ a: { ...text, 'x-widget': 'slider' } }), undefined, '/schema/properties/a/x-widget', 'EFORM_WIDGET_INVALID'],
    ['unknown prefill source', form({ a: { ...text, 'x-prefill': 'salary' } }), undefined, '/schema/properties/a/x-prefill', 'EFORM_PREFILL_UNKNOWN'],
    ['prefill inside a group', form({ g: group({ a: { ...text, 'x-prefill': 'fullName' } }) }), undefined, '/schema/properties/g/items/properties/a/x-prefill', 'EFORM_PREFILL_MISPLACED'],
    ['date of birth into a text field', form({ a: { ...text, 'x-prefill': 'dateOfBirth' } }), undefined, '/schema/properties/a/x-prefill', 'EFORM_PREFILL_MISPLACED'],
    ['ui not an object', form({ a: text }), [], '/ui', 'type'],
    ['ui for an unknown field', form({ a: text }), { b: { label: 'B' } }, '/ui/b', 'EFORM_UI_UNKNOWN_FIELD'],
    ['ui for an unknown group column', form({ g: group({ a: text }) }), { 'g.b': { label: 'B' } }, '/ui/g.b', 'EFORM_UI_UNKNOWN_FIELD'],
    ['ui with an unknown key', form({ a: text }), { a: { colour: 'red' } }, '/ui/a/colour', 'EFORM_KEYWORD_UNSUPPORTED'],
    ['ui label without Vietnamese', form({ a: text }), { a: { label: { en: 'A' } } }, '/ui/a/label', 'EFORM_TEXT_INVALID'],
    ['ui widget that does not fit', form({ a: text }), { a: { widget: 'radios' } }, '/ui/a/widget', 'EFORM_WIDGET_INVALID'],
    ['ui radios for a number', form({ a: { type: 'number' } }), { a: { widget: 'radios' } }, '/ui/a/widget', 'EFORM_WIDGET_INVALID'],
    ['ui order not an integer', form({ a: text }), { a: { order: 1.5 } }, '/ui/a/order', 'type'],
    ['ui prefill address into a number', form({ a: { type: 'number' } }), { a: { prefill: 'address' } }, '/ui/a/prefill', 'EFORM_PREFILL_MISPLACED'],
    ['ui prefill phone into an address', form({ a: address }), { a: { prefill: 'phone' } }, '/ui/a/prefill', 'EFORM_PREFILL_MISPLACED'],
    ['ui hint not text', form({ a: text }), { a: { hint: 5 } }, '/ui/a/hint', 'EFORM_TEXT_INVALID'],
  ];
  for (const [name, schema, ui, path, code] of cases) {
    it(name, () => {
      const errors = validateFormDefinition(schema, ui);
      assert.ok(errors.some((e) => e.path === path && e.code === code), `expected ${code} at ${path}, got ${JSON.stringify(errors.slice(0, 5))}`);
    });
  }

  it('reports every problem at once', () => {
    const errors = validateFormDefinition(form({ '1a': text, b: { type: 'null' }, c: { type: 'string', enum: [] } }, { required: ['zz'] }), { zz: {} });
    assert.deepEqual(errors.map((e) => e.code).sort(), ['EFORM_ENUM_EMPTY', 'EFORM_ID_INVALID', 'EFORM_REQUIRED_UNKNOWN', 'EFORM_TYPE_UNSUPPORTED', 'EFORM_UI_UNKNOWN_FIELD'].sort());
  });
});

describe('resolveForm', () => {
  const schema = form({
    fullName: text,
    address,
    authors: group({ name: text, nationality: { type: 'string', title: 'Quốc tịch' } }),
  }, { required: ['fullName'] });

  it('folds the hints in (Vietnamese title, English label, widget, prefill) and orders the questions', () => {
    const resolved = resolveForm(schema, {
      fullName: { label: { vi: 'Họ tên người nộp', en: 'Applicant' }, hint: 'Như trên CCCD', prefill: 'fullName', order: 3 },
      address: { order: 1 },
      'authors.nationality': { label: 'Quốc tịch (ghi rõ)', order: 0 },
    });
    const properties = resolved.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(properties), ['address', 'fullName', 'authors']);
    assert.equal(properties.fullName!.title, 'Họ tên người nộp');
    assert.equal(properties.fullName!['x-title-en'], 'Applicant');
    assert.equal(properties.fullName!.description, 'Như trên CCCD');
    assert.equal(properties.fullName!['x-prefill'], 'fullName');
    const columns = (properties.authors!.items as { properties: Record<string, Record<string, unknown>> }).properties;
    assert.deepEqual(Object.keys(columns), ['nationality', 'name']);
    assert.equal(columns.nationality!.title, 'Quốc tịch (ghi rõ)');
    assert.equal(resolved.additionalProperties, false);
    assert.deepEqual(resolved.required, ['fullName']);
  });

  it('expands an address: province from the 34 provinces, commune required by default', () => {
    const resolved = resolveForm(schema, {});
    const a = (resolved.properties as Record<string, Record<string, unknown>>).address!;
    const parts = a.properties as Record<string, Record<string, unknown>>;
    assert.equal((parts.province!.enum as string[]).length, 34);
    assert.ok((parts.province!.enum as string[]).includes('Tỉnh Vĩnh Long'));
    assert.ok(!(parts.province!.enum as string[]).includes('Tỉnh Trà Vinh'));
    assert.deepEqual(a.required, ['province', 'commune']);
    assert.equal(a['x-widget'], 'address');
    assert.equal(parts.commune!.title, 'Xã, phường, đặc khu');
  });

  it('caps the rows of a group', () => {
    const resolved = resolveForm(form({ g: group({ a: text }) }), {});
    assert.equal((resolved.properties as Record<string, Record<string, unknown>>).g!.maxItems, 100);
  });
});

describe('fieldKind and sameForm', () => {
  const kinds: Array<[unknown, string | null]> = [
    [{ type: 'string' }, 'text'], [{ type: 'string', enum: ['a'] }, 'choice'], [{ type: 'integer' }, 'number'], [{ type: 'number' }, 'number'],
    [{ type: 'array' }, 'group'], [{ type: 'object' }, 'address'], [{ type: 'boolean' }, 'boolean'], [{ type: 'null' }, null], [null, null], ['x', null],
  ];
  for (const [node, kind] of kinds) it(`${JSON.stringify(node)} → ${kind}`, () => assert.equal(fieldKind(node), kind));

  it('ignores key order inside a field but not the order of the questions', () => {
    const a = { schema: form({ x: { type: 'string', title: 'X' }, y: text }), ui: { x: { label: 'A', order: 1 } } };
    const b = { schema: form({ x: { title: 'X', type: 'string' }, y: text }), ui: { x: { order: 1, label: 'A' } } };
    const c = { schema: form({ y: text, x: { type: 'string', title: 'X' } }), ui: { x: { label: 'A', order: 1 } } };
    assert.ok(sameForm(a, b));
    assert.ok(!sameForm(a, c));
    assert.ok(!sameForm(a, null));
    assert.ok(sameForm(null, undefined));
  });
});

describe('administrative units', () => {
  it('has the 34 provincial units of 1 July 2025 with unique codes and names', () => {
    assert.equal(PROVINCES.length, 34);
    assert.equal(new Set(PROVINCES.map((p) => p.code)).size, 34);
    assert.equal(new Set(PROVINCES.map((p) => p.name)).size, 34);
    assert.equal(PROVINCES.filter((p) => p.kind === 'city').length, 6);
  });
  it('has the communes of every province (the 3,321 of the official list), without duplicates', () => {
    assert.equal(communesOf('Thành phố Hà Nội').length, 126);
    assert.equal(communesOf('Tỉnh Vĩnh Long').length, 124);
    assert.ok(communesOf('Tỉnh Vĩnh Long').includes('Phường Trà Vinh'));
    assert.ok(communesOf('Tỉnh Vĩnh Long').includes('Xã Long Hồ'));
    assert.equal(communesOf('Tỉnh Cà Mau').length, 64);
    assert.ok(communesOf('Tỉnh Quảng Ninh').includes('Đặc khu Vân Đồn'));
    assert.deepEqual(Object.keys(COMMUNES).sort(), PROVINCES.map((p) => p.name).sort());
    let total = 0;
    for (const [province, communes] of Object.entries(COMMUNES)) {
      assert.ok(communes.length > 0, province);
      assert.equal(new Set(communes).size, communes.length, province);
      total += communes.length;
    }
    assert.equal(total, 3321);
    assert.deepEqual(communesOf('Tỉnh Hà Tây'), []);
    assert.deepEqual(communesOf('constructor'), []);
    assert.deepEqual(communesOf(null), []);
  });
  it('radios are used up to a small number of options', () => assert.equal(RADIO_LIMIT, 5));
});
