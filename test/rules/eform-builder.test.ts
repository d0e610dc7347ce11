// The e-form builder's pure functions (catalog.eform.builder.ts): keys from labels, the stored form → items →
// the same form (every demo e-form survives the round trip), the posted body, actions, and problems located at
// the builder's controls.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson } from '../../src/core/canonical-json.ts';
import { checkPattern } from '../../src/core/regex.ts';
import { applyAction, emptyItem, formFromItems, itemsFromBody, itemsFromForm, keyFromLabel, normalise, PATTERN_PRESETS, PRESET_NAMES, whenChoices, type BuilderItem } from '../../src/modules/catalog/catalog.eform.builder.ts';
import { resolveForm, validateFormDefinition } from '../../src/modules/catalog/catalog.eform.ts';
import { DEMO_EFORMS } from '../../src/seed/catalog-data/eforms/index.ts';

type Json = Record<string, unknown>;
/** Sections, columns, a boolean, defaults, officer-only fields, a condition, hints that override the schema. */
const RICH_FORM: { schema: Json; ui: Json } = {
  schema: {
    type: 'object',
    required: ['fullName'],
    properties: {
      fullName: { type: 'string', title: 'Họ và tên', 'x-title-en': 'Full name', 'x-section': 'Người nộp', 'x-section-en': 'Applicant', 'x-columns': 2, 'x-prefill': 'fullName' },
      ethnicity: { type: 'string', title: 'Dân tộc', default: 'Kinh', 'x-columns': 2 },
      province: { type: 'string', title: 'Tỉnh', enum: ['YÊN BÁI', 'LÀO CAI'], default: 'YÊN BÁI' },
      workType: { type: 'string', title: 'Loại hình', enum: ['van-hoc', 'am-nhac'], 'x-enumNames': ['Văn học', 'Âm nhạc'], 'x-widget': 'select' },
      published: { type: 'boolean', title: 'Đã công bố', 'x-title-en': 'Published' },
      publishedOn: { type: 'string', format: 'date', title: 'Ngày công bố' },
      note: { type: 'string', title: 'Ghi chú', 'x-widget': 'textarea', maxLength: 2000 },
      mail: { type: 'string', format: 'email', title: 'Thư điện tử' },
      receiptNumber: { type: 'string', title: 'Số biên nhận', maxLength: 30, 'x-officer': true, 'x-section': 'Cán bộ ghi' },
      copies: { type: 'integer', title: 'Số bản', minimum: 1, 'x-officer': true },
    },
    allOf: [{ if: { properties: { published: { const: true } }, required: ['published'] }, then: { required: ['publishedOn'] } }],
  },
  ui: { copies: { order: 1 }, mail: { label: { vi: 'Thư điện tử liên hệ', en: 'Contact e-mail' }, hint: 'Để nhận thông báo', columns: 3 } },
};
const item = (kind: BuilderItem['kind'], fields: Partial<BuilderItem> = {}): BuilderItem => ({ ...emptyItem(kind), ...fields });

/** The resolved form without what the builder rewrites on purpose (x-order: the order is that of `properties`). */
function comparable(schema: Json, ui: Json) {
  const resolved = resolveForm(schema, ui);
  const properties = Object.fromEntries(Object.entries(resolved.properties as Json).map(([k, v]) => [k, { ...(v as Json), 'x-order': undefined }]));
  return { keys: Object.keys(properties), text: canonicalJson({ ...resolved, properties, required: [...((resolved.required as string[]) ?? [])].sort() }) };
}

describe('e-form builder rules', () => {
  it('makes a key from a Vietnamese label', () => {
    for (const [label, key] of [
      ['Số điện thoại', 'soDienThoai'],
      ['Họ và tên', 'hoVaTen'],
      ['Địa chỉ ĐĂNG KÝ', 'diaChiDangKy'],
      ['2 bản sao', 'f2BanSao'],
      ['  ', ''],
      ['Ước tính: chi phí (VNĐ)', 'uocTinhChiPhiVnd'],
    ]) assert.equal(keyFromLabel(label!), key, label);
    assert.ok(keyFromLabel('a'.repeat(200)).length <= 56);
  });

  it('every preset pattern runs in RE2 and accepts what it says', () => {
    for (const name of PRESET_NAMES) assert.equal(checkPattern(PATTERN_PRESETS[name].pattern), null, name);
    const ok: Record<string, [string[], string[]]> = {
      cccd: [['079090001234'], ['07909000123', '07909000123a']],
      phone: [['0912345678', '+84912345678', '02438253456'], ['912345678', '09123']],
      email: [['ten@vidu.vn'], ['ten@vidu', 'ten vidu@vn.vn']],
      taxCode: [['0123456789', '0123456789-001'], ['012345678', '0123456789001']],
    };
    for (const [name, [good, bad]] of Object.entries(ok)) {
      const re = new RegExp(PATTERN_PRESETS[name as keyof typeof PATTERN_PRESETS].pattern);
      for (const v of good) assert.ok(re.test(v), `${name} ${v}`);
      for (const v of bad) assert.ok(!re.test(v), `${name} ${v}`);
    }
  });

  it('every demo e-form and the rich form survive items and back (same resolved form, same order)', () => {
    const forms = [...DEMO_EFORMS.map((e) => ({ name: e.code, schema: e.form.schema as Json, ui: (e.form.ui ?? {}) as Json })), { name: 'rich', schema: RICH_FORM.schema as Json, ui: (RICH_FORM.ui ?? {}) as Json }];
    assert.ok(forms.length > 10);
    for (const f of forms) {
      const built = formFromItems(normalise(itemsFromForm(f.schema, f.ui)), f.schema);
      assert.deepEqual(built.problems, [], f.name);
      assert.deepEqual(validateFormDefinition(built.schema, built.ui), [], f.name);
      const [a, b] = [comparable(f.schema, f.ui), comparable(built.schema, built.ui)];
      assert.deepEqual(b.keys, a.keys, f.name);
      assert.equal(b.text, a.text, f.name);
    }
  });

  it('reads sections, conditions and kinds from the stored form', () => {
    const items = itemsFromForm(RICH_FORM.schema as Json, (RICH_FORM.ui ?? {}) as Json);
    // The hint `order: 1` puts "copies" first; then the heading "Người nộp" before the field that carries it.
    assert.deepEqual(items.slice(0, 3).map((i) => [i.kind, i.key || i.labelVi]), [['number', 'copies'], ['section', 'Người nộp'], ['text', 'fullName']]);
    const mail = items.find((i) => i.key === 'mail')!;
    assert.deepEqual([mail.labelVi, mail.labelEn, mail.hintVi, mail.width], ['Thư điện tử liên hệ', 'Contact e-mail', 'Để nhận thông báo', 'third']);
    assert.deepEqual(items.map((i) => i.kind).filter((k) => k !== 'section'), ['number', 'text', 'text', 'select', 'select', 'boolean', 'date', 'textarea', 'text', 'text']);
    const conditioned = items.find((i) => i.when)!;
    const source = items[Number(conditioned.when.split('|')[0])]!;
    assert.ok(source.kind === 'select' || source.kind === 'boolean');
  });

  it('reads the posted body in the order of `order`, with "required when" following its slot', () => {
    const items = itemsFromBody({
      order: ['7', '3', 'x', '3', '99999'],
      'f.3.kind': 'select', 'f.3.labelVi': 'Loại', 'f.3.o.0.label': 'A', 'f.3.o.0.value': 'a', 'f.3.o.1.label': 'B',
      'f.7.kind': 'nonsense', 'f.7.labelVi': 'Ghi chú', 'f.7.when': '3|a', 'f.7.required': 'true', 'f.7.width': 'huge',
    });
    assert.equal(items.length, 2);
    assert.deepEqual([items[0]!.kind, items[0]!.when, items[0]!.required, items[0]!.width], ['text', '1|a', true, 'full']);
    assert.deepEqual(items[1]!.options, [{ value: 'a', label: 'A', labelEn: '' }, { value: '', label: 'B', labelEn: '' }]);
    assert.deepEqual(itemsFromBody(undefined), []);
  });

  it('applies actions: add, move (conditions follow), remove (a condition on the removed field is dropped), options', () => {
    const start = normalise([item('select', { labelVi: 'Loại', options: [{ value: 'a', label: 'A' }] }), item('text', { labelVi: 'Ghi chú', when: '0|a' }), item('boolean', { labelVi: 'Đồng ý' })]);
    const added = applyAction(start, 'add:date');
    assert.equal(added.items.length, 4);
    assert.equal(added.focus, 'f-3-labelVi');
    const moved = applyAction(start, 'down:0');
    assert.deepEqual(moved.items.map((i) => i.key), ['ghiChu', 'loai', 'dongY']);
    assert.equal(moved.items[0]!.when, '1|a');
    const removed = applyAction(start, 'remove:0');
    assert.equal(removed.items[0]!.when, '');
    assert.equal(applyAction(start, 'addOption:0').items[0]!.options.length, 2);
    assert.equal(applyAction(start, 'removeOption:0:0').items[0]!.options.length, 0);
    for (const nonsense of ['up:0', 'down:2', 'remove:9', 'add:address', 'addOption:1', 'x', 'up:-1']) assert.equal(applyAction(start, nonsense).items, start, nonsense);
  });

  it('normalises: keys from labels (unique), option values from names, the hint of a preset', () => {
    const items = normalise([item('text', { labelVi: 'Họ tên' }), item('text', { labelVi: 'Họ tên' }), item('select', { labelVi: 'Loại', options: [{ value: '', label: 'Văn học' }, { value: '', label: 'Văn học' }] }), item('text', { labelVi: 'CCCD', preset: 'cccd' })]);
    assert.deepEqual(items.map((i) => i.key), ['hoTen', 'hoTen2', 'loai', 'cccd']);
    assert.deepEqual(items[2]!.options.map((o) => o.value), ['vanHoc', 'vanHoc2']);
    assert.equal(items[3]!.hintVi, PATTERN_PRESETS.cccd.vi);
    assert.deepEqual(normalise(items), items, 'idempotent');
  });

  it('locates problems at the controls: a default failing its pattern, a condition never met, officer required, duplicate ids', () => {
    const items = normalise([
      item('section', { labelVi: '' }),
      item('text', { labelVi: 'Mã', key: 'ma', preset: 'cccd', defaultValue: 'YÊN BÁI' }),
      item('select', { labelVi: 'Loại', options: [{ value: 'a', label: 'A' }] }),
      item('text', { labelVi: 'Số biên nhận', officer: true, required: true }),
      item('text', { labelVi: 'Ghi chú', when: '2|zzz' }),
      item('number', { labelVi: 'Số bản', key: 'ma', min: 'x' }),
      item('section', { labelVi: 'Cuối' }),
    ]);
    const built = formFromItems(items);
    assert.deepEqual(built.problems.map((p) => `${p.path} ${p.code}`).sort(), ['/f/0/labelVi required', '/f/5/key EFORM_BUILDER_KEY_TAKEN', '/f/5/min EFORM_NUMBER_INVALID', '/f/6/labelVi EFORM_BUILDER_SECTION_EMPTY'].sort());
    const located = validateFormDefinition(built.schema, built.ui).map((e) => `${built.locate(e.path)} ${e.code}`).sort();
    assert.deepEqual(located, ['f-1-default EFORM_DEFAULT_INVALID', 'f-3-required EFORM_OFFICER_REQUIRED', 'f-4-when EFORM_CONDITION_NEVER'].sort());
    assert.equal(built.locate('/schema/properties/ma/x-section'), 'f-0-labelVi');
    assert.equal(built.locate('/ui/nothing/label'), 'efb-fields-title');
  });

  it('offers "required when" among the other choice and check-box fields', () => {
    const items = normalise([item('select', { labelVi: 'Loại', options: [{ value: 'a', label: 'A' }, { value: '', label: '' }] }), item('boolean', { labelVi: 'Có con' }), item('text', { labelVi: 'Tên' })]);
    assert.deepEqual(whenChoices(items, 2), [
      { field: 'Loại', choices: [{ value: '0|a', label: 'A' }] },
      { field: 'Có con', choices: [{ value: '1|true', label: 'true' }, { value: '1|false', label: 'false' }] },
    ]);
    assert.equal(whenChoices(items, 0).length, 1, 'not itself');
    const built = formFromItems(normalise([...items.slice(0, 2), { ...items[2]!, when: '1|true' }]));
    assert.deepEqual(built.schema.allOf, [{ if: { properties: { coCon: { const: true } }, required: ['coCon'] }, then: { required: ['ten'] } }]);
  });
});

describe('e-form builder rules: hostile ids', () => {
  it('an id that is no field id (even "__proto__") is named at its control and never becomes a property', () => {
    const built = formFromItems([item('text', { labelVi: 'A', key: '__proto__' }), item('text', { labelVi: 'B', key: 'a b' }), item('text', { labelVi: 'C', key: 'ok' })]);
    assert.deepEqual(built.problems.map((p) => `${p.path} ${p.code}`), ['/f/0/key EFORM_ID_INVALID', '/f/1/key EFORM_ID_INVALID']);
    assert.deepEqual(Object.keys(built.schema.properties as Json), ['ok']);
    assert.equal(Object.getPrototypeOf(built.schema.properties), Object.prototype);
  });
});
