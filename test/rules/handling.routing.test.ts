// Liên thông targets resolved at run time (handling.routing.ts): a step's agency rule over the dossier's e-form
// data and an agency lookup table → the agency, or a typed "unresolved" reason; the rule's storage and input; the
// save-time check against the version's e-form fields and the known agencies (every problem, with its path).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allCommunes, communesOfProvince } from '../../src/core/communes.ts';
import { PROVINCES } from '../../src/modules/catalog/catalog-data/administrative-units.ts';
import {
  checkAgencyRule,
  communeCodeOf,
  eformFields,
  mappedAgencyCodes,
  resolveAgency,
  ruleColumn,
  ruleKindErrors,
  ruleOfColumn,
  ruleOfInput,
  type AgencyLookup,
  type AgencyRef,
  type AgencyRule,
  type Routing,
} from '../../src/modules/handling/handling.routing.ts';
import { ruleFromBody, ruleInput, ruleView } from '../../src/modules/handling/handling.routing.editor.ts';

const AN_TRUONG: AgencyRef = { id: 'a-1', code: 'H59.20.01.01', name: 'Ủy ban nhân dân xã An Trường' };
const CANG_LONG: AgencyRef = { id: 'a-2', code: 'H59.20.02.01', name: 'Ủy ban nhân dân xã Càng Long' };
const lookup: AgencyLookup = {
  byAdminUnit: new Map([
    ['29275', AN_TRUONG],
    ['29266', CANG_LONG],
  ]),
  byCode: new Map([
    [AN_TRUONG.code, AN_TRUONG],
    [CANG_LONG.code, CANG_LONG],
  ]),
};
const communeCode = communeCodeOf(PROVINCES, communesOfProvince, allCommunes);

const byAddress: AgencyRule = { kind: 'eform_address', field: 'landAddress' };
const byOption: AgencyRule = {
  kind: 'eform_option',
  field: 'commune',
  options: [
    { value: 'an-truong', agencyCode: AN_TRUONG.code },
    { value: 'cang-long', agencyCode: CANG_LONG.code },
    { value: 'merged', agencyCode: 'H59.99.99.99' },
  ],
};

describe('resolveAgency', () => {
  const cases: Array<[string, Exclude<AgencyRule, { kind: 'fixed' }>, Record<string, unknown> | null, Routing]> = [
    ['address: the commune by name within its province', byAddress, { landAddress: { province: 'Tỉnh Vĩnh Long', commune: 'Xã An Trường', street: 'Ấp 1' } }, { ok: true, agency: AN_TRUONG }],
    // Xã An Trường exists in Hải Phòng (11635) too: the province decides.
    ['address: the same name in another province is another commune', byAddress, { landAddress: { province: 'Thành phố Hải Phòng', commune: 'Xã An Trường' } }, { ok: false, unresolved: { reason: 'commune_no_agency', field: 'landAddress', value: 'Xã An Trường' } }],
    ['address: names compared folded (case, spaces, NFD)', byAddress, { landAddress: { province: 'tỉnh vĩnh long', commune: '  XÃ  CÀNG LONG '.normalize('NFD') } }, { ok: true, agency: CANG_LONG }],
    ['address: a five-digit code as the commune', byAddress, { landAddress: { province: 'Tỉnh Vĩnh Long', commune: '29266' } }, { ok: true, agency: CANG_LONG }],
    ['address: no province, a name used twice in the country', byAddress, { landAddress: { commune: 'Xã An Trường' } }, { ok: false, unresolved: { reason: 'commune_unknown', field: 'landAddress', value: 'Xã An Trường' } }],
    ['address: without a commune', byAddress, { landAddress: { province: 'Tỉnh Vĩnh Long', commune: '  ' } }, { ok: false, unresolved: { reason: 'commune_missing', field: 'landAddress' } }],
    ['address: the field is absent', byAddress, {}, { ok: false, unresolved: { reason: 'field_empty', field: 'landAddress' } }],
    ['address: no e-form data at all', byAddress, null, { ok: false, unresolved: { reason: 'field_empty', field: 'landAddress' } }],
    ['address: a text instead of an address', byAddress, { landAddress: 'Xã An Trường' }, { ok: false, unresolved: { reason: 'field_empty', field: 'landAddress' } }],
    ['address: a commune not in the official list', byAddress, { landAddress: { province: 'Tỉnh Vĩnh Long', commune: 'Xã Không Có' } }, { ok: false, unresolved: { reason: 'commune_unknown', field: 'landAddress', value: 'Xã Không Có' } }],
    ['address: an unknown province', byAddress, { landAddress: { province: 'Tỉnh Trà Vinh', commune: 'Xã An Trường' } }, { ok: false, unresolved: { reason: 'commune_unknown', field: 'landAddress', value: 'Xã An Trường' } }],
    ['address: a commune no agency serves', byAddress, { landAddress: { province: 'Tỉnh Vĩnh Long', commune: 'Phường Trà Vinh' } }, { ok: false, unresolved: { reason: 'commune_no_agency', field: 'landAddress', value: 'Phường Trà Vinh' } }],
    ['option: the mapped agency', byOption, { commune: 'cang-long' }, { ok: true, agency: CANG_LONG }],
    ['option: a value not mapped', byOption, { commune: 'cau-ke' }, { ok: false, unresolved: { reason: 'option_unmapped', field: 'commune', value: 'cau-ke' } }],
    ['option: nothing chosen', byOption, { commune: '' }, { ok: false, unresolved: { reason: 'field_empty', field: 'commune' } }],
    ['option: a value of another type', byOption, { commune: { x: 1 } }, { ok: false, unresolved: { reason: 'field_empty', field: 'commune' } }],
    ['option: the mapped agency is gone', byOption, { commune: 'merged' }, { ok: false, unresolved: { reason: 'agency_unknown', field: 'commune', value: 'H59.99.99.99' } }],
  ];
  for (const [name, rule, data, expected] of cases) {
    it(name, () => assert.deepEqual(resolveAgency(rule, data, lookup, communeCode), expected));
  }
});

describe('the rule stored and typed', () => {
  it('round-trips through the column; fixed is NULL', () => {
    for (const rule of [byAddress, byOption]) assert.deepEqual(ruleOfColumn(JSON.parse(ruleColumn(rule)!)), rule);
    assert.equal(ruleColumn({ kind: 'fixed' }), null);
    assert.equal(ruleColumn(undefined), null);
  });
  const unreadable: unknown[] = [null, 'x', [], { kind: 'eform_address' }, { kind: 'other', field: 'a' }, { kind: 'eform_option', field: 'a' }];
  for (const value of unreadable) it(`an unreadable column counts as fixed: ${JSON.stringify(value)}`, () => assert.deepEqual(ruleOfColumn(value), { kind: 'fixed' }));
  it('input: trimmed, blank option rows dropped, absent = fixed', () => {
    assert.deepEqual(ruleOfInput(undefined), { kind: 'fixed' });
    assert.deepEqual(ruleOfInput({ kind: 'fixed', field: 'x' }), { kind: 'fixed' });
    assert.deepEqual(ruleOfInput({ kind: 'eform_option', field: ' commune ', options: [{ value: ' a ', agencyCode: ' X ' }, { value: '', agencyCode: '' }, 'junk'] }), { kind: 'eform_option', field: 'commune', options: [{ value: 'a', agencyCode: 'X' }] });
  });
  it('the agency codes the rules map to, once each', () => assert.deepEqual(mappedAgencyCodes([byAddress, byOption, byOption, { kind: 'fixed' }]), [AN_TRUONG.code, CANG_LONG.code, 'H59.99.99.99']));
});

describe('eformFields and checkAgencyRule', () => {
  const schema = {
    type: 'object',
    properties: {
      landAddress: { type: 'object', title: 'Địa chỉ thửa đất', properties: { province: { type: 'string' }, commune: { type: 'string' } } },
      commune: { type: 'string', title: 'Xã', enum: ['an-truong', 'cang-long'], 'x-enumNames': ['Xã An Trường', 'Xã Càng Long'] },
      note: { type: 'string', title: 'Ghi chú' },
    },
  };
  const fields = eformFields(schema, { landAddress: { label: { vi: 'Địa chỉ thửa đất', en: 'Land address' } } });
  const known = new Set([AN_TRUONG.code, CANG_LONG.code]);
  const none = { agency: false, department: false };

  it('reads the top-level fields with their kind, label and options', () => {
    assert.deepEqual(
      fields.map((f) => [f.name, f.kind, f.label.en]),
      [
        ['landAddress', 'address', 'Land address'],
        ['commune', 'choice', 'Xã'],
        ['note', 'other', 'Ghi chú'],
      ],
    );
    assert.deepEqual(fields[1]!.options, [
      { value: 'an-truong', name: 'Xã An Trường' },
      { value: 'cang-long', name: 'Xã Càng Long' },
    ]);
    assert.deepEqual(eformFields(null, null), []);
  });

  const cases: Array<[string, AgencyRule, { agency: boolean; department: boolean }, Array<[string, string]>]> = [
    ['fixed: nothing to check', { kind: 'fixed' }, { agency: true, department: true }, []],
    ['address rule on an address field', byAddress, none, []],
    ['option rule on a choice field with known agencies', { kind: 'eform_option', field: 'commune', options: [{ value: 'an-truong', agencyCode: AN_TRUONG.code }] }, none, []],
    ['an unknown field', { kind: 'eform_address', field: 'nowhere' }, none, [['/steps/2/agencyRule/field', 'WORKFLOW_RULE_FIELD_UNKNOWN']]],
    ['no field', { kind: 'eform_address', field: '' }, none, [['/steps/2/agencyRule/field', 'required']]],
    ['an address rule on a choice', { kind: 'eform_address', field: 'commune' }, none, [['/steps/2/agencyRule/field', 'WORKFLOW_RULE_FIELD_NOT_ADDRESS']]],
    ['an option rule on a text', { kind: 'eform_option', field: 'note', options: [{ value: 'a', agencyCode: AN_TRUONG.code }] }, none, [['/steps/2/agencyRule/field', 'WORKFLOW_RULE_FIELD_NOT_CHOICE']]],
    ['a rule with a fixed agency and department', byAddress, { agency: true, department: true }, [['/steps/2/agencyCode', 'WORKFLOW_RULE_AND_AGENCY'], ['/steps/2/departmentCode', 'WORKFLOW_RULE_AND_AGENCY']]],
    ['no option rows', { kind: 'eform_option', field: 'commune', options: [] }, none, [['/steps/2/agencyRule/options', 'WORKFLOW_RULE_OPTIONS_REQUIRED']]],
    [
      'every problem of the rows at once',
      {
        kind: 'eform_option',
        field: 'commune',
        options: [
          { value: 'an-truong', agencyCode: 'NOPE' },
          { value: 'an-truong', agencyCode: CANG_LONG.code },
          { value: 'cau-ke', agencyCode: '' },
          { value: '', agencyCode: AN_TRUONG.code },
        ],
      },
      none,
      [
        ['/steps/2/agencyRule/options/0/agencyCode', 'WORKFLOW_AGENCY_UNKNOWN'],
        ['/steps/2/agencyRule/options/1/value', 'WORKFLOW_RULE_OPTION_REPEATED'],
        ['/steps/2/agencyRule/options/2/value', 'WORKFLOW_RULE_OPTION_UNKNOWN'],
        ['/steps/2/agencyRule/options/2/agencyCode', 'required'],
        ['/steps/2/agencyRule/options/3/value', 'required'],
      ],
    ],
  ];
  for (const [name, rule, fixed, expected] of cases) {
    it(name, () =>
      assert.deepEqual(
        checkAgencyRule(rule, fields, known, '/steps/2', fixed).map((e) => [e.path, e.code]),
        expected,
      ),
    );
  }
});

describe('the rule in the workflow editor (handling.routing.editor.ts)', () => {
  it('reads the posted rule of a step: kind, field, option rows until the first absent one', () => {
    const body = {
      'steps.1.agencyRule.kind': 'eform_option',
      'steps.1.agencyRule.field': ' landCommune ',
      'steps.1.agencyRule.options.0.value': 'an-truong',
      'steps.1.agencyRule.options.0.agencyCode': AN_TRUONG.code,
      'steps.1.agencyRule.options.1.value': '',
      'steps.1.agencyRule.options.1.agencyCode': '',
      'steps.1.agencyRule.options.3.value': 'lost',
    };
    const form = ruleFromBody(body, 1);
    assert.deepEqual(form, { kind: 'eform_option', field: 'landCommune', options: [{ value: 'an-truong', agencyCode: AN_TRUONG.code }, { value: '', agencyCode: '' }] });
    assert.deepEqual(ruleInput(form), { kind: 'eform_option', field: 'landCommune', options: [{ value: 'an-truong', agencyCode: AN_TRUONG.code }] });
    assert.deepEqual(ruleFromBody({}, 0), { kind: 'fixed', field: '', options: [] });
    assert.equal(ruleInput(ruleFromBody({}, 0)), undefined);
    assert.deepEqual(ruleInput({ kind: 'elsewhere', field: 'x', options: [] }), { kind: 'elsewhere' }, 'an unknown kind goes to the service, which refuses it');
  });
  it('an unknown kind is an error at its path; a known one or none is not', () => {
    assert.deepEqual(ruleKindErrors({ kind: 'elsewhere' }, '/steps/3'), [{ path: '/steps/3/agencyRule/kind', code: 'WORKFLOW_RULE_KIND_INVALID' }]);
    assert.deepEqual(ruleKindErrors({ kind: 'fixed' }, '/steps/3'), []);
    assert.deepEqual(ruleKindErrors(undefined, '/steps/3'), []);
    assert.deepEqual(ruleOfInput({ kind: 'elsewhere', field: 'x' }), { kind: 'fixed' });
  });
  it('shows the usable fields, the option values of the chosen choice field, unknown values and agencies as sent, blank rows', () => {
    const fields = eformFields(
      {
        properties: {
          landAddress: { type: 'object', title: 'Địa chỉ thửa đất' },
          landCommune: { type: 'string', title: 'Xã', enum: ['an-truong'] },
          other: { type: 'string', title: 'Khác', enum: ['x'] },
          note: { type: 'string', title: 'Ghi chú' },
        },
      },
      null,
    );
    const view = ruleView({ kind: 'eform_option', field: 'landCommune', options: [{ value: 'gone', agencyCode: 'NOPE' }] }, fields, new Set([AN_TRUONG.code]), 'vi');
    assert.deepEqual(view.fields.map((f) => f.name), ['landAddress', 'landCommune', 'other']);
    assert.deepEqual(view.choices.map((c) => c.label), ['Xã']);
    assert.equal(view.options.length, 4, 'the row and three blank ones');
    assert.deepEqual([view.options[0]!.valueMissing, view.options[0]!.agencyMissing, view.options[1]!.valueMissing], [true, true, false]);
    assert.equal(ruleView(undefined, fields, new Set(), 'en').kind, 'fixed');
  });
});
