// The e-form contract (src/modules/kernel/eform-contract.ts): the schema for an applicant states everything the
// server requires, and the server validates with exactly it. Table-driven over the default form (each audience)
// and a custom form; then properties: data generated from the schema alone is what the server's normalisation
// keeps unchanged and what its validator accepts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { hasForbiddenCharacter } from '../../src/http/boundary.ts';
import { resolveForm } from '../../src/modules/catalog/catalog.eform.ts';
import { EFormValidator } from '../../src/modules/dossiers/dossiers.eform.ts';
import { defaultFormSchema, normaliseFormData } from '../../src/modules/dossiers/dossiers.rules.ts';
import { applicantFormSchema, applicantKindsOf, CLEAN_TEXT_PATTERN, NORMALISED_VALUE, type ApplicantKindName } from '../../src/modules/kernel/eform-contract.ts';
import { eformData, validator } from '../helpers/eform-arbitrary.ts';

type Json = Record<string, unknown>;

const citizenOnly = defaultFormSchema({ name: 'Thủ tục A', audience: ['citizen'] });
const organisationOnly = defaultFormSchema({ name: 'Thủ tục B', audience: ['organisation'] });
const both = defaultFormSchema({ name: 'Thủ tục C', audience: ['citizen', 'organisation'] });

/** A custom form as a catalog manager writes it (resolved as dossiers use it): address, group, enum, date, email, pattern. */
const custom = resolveForm(
  {
    type: 'object',
    required: ['fullName', 'residence', 'workType'],
    properties: {
      fullName: { type: 'string', title: 'Họ và tên', maxLength: 100 },
      personalId: { type: 'string', pattern: '^[0-9]{12}$' },
      organisationName: { type: 'string', maxLength: 300 },
      taxCode: { type: 'string', pattern: '^[0-9]{10}(-[0-9]{3})?$' },
      birthDate: { type: 'string', format: 'date' },
      email: { type: 'string', format: 'email', maxLength: 254 },
      copies: { type: 'integer', minimum: 1, maximum: 10 },
      workType: { type: 'string', enum: ['van-hoc', 'am-nhac', 'my-thuat'] },
      residence: { type: 'object', properties: { province: { type: 'string' }, commune: { type: 'string' }, street: { type: 'string' } } },
      coAuthors: { type: 'array', maxItems: 5, items: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 100 }, share: { type: 'number', minimum: 0, maximum: 100 } } } },
      note: { type: 'string', maxLength: 2000, 'x-widget': 'textarea' },
    },
  },
  {},
);

const required = (schema: Json) => schema.required as string[];

describe('the schema for an applicant', () => {
  const table: Array<{ name: string; schema: Json; kind: ApplicantKindName; adds: string[] }> = [
    { name: 'default form, citizens only, citizen', schema: citizenOnly, kind: 'citizen', adds: [] },
    { name: 'default form, organisations only, organisation', schema: organisationOnly, kind: 'organisation', adds: [] },
    { name: 'default form, both audiences, citizen', schema: both, kind: 'citizen', adds: ['personalId'] },
    { name: 'default form, both audiences, organisation', schema: both, kind: 'organisation', adds: ['organisationName', 'taxCode'] },
    { name: 'custom form, citizen', schema: custom, kind: 'citizen', adds: ['personalId'] },
    { name: 'custom form, organisation', schema: custom, kind: 'organisation', adds: ['organisationName', 'taxCode'] },
    { name: 'a form without identification fields, citizen', schema: { type: 'object', properties: { a: { type: 'string' } } }, kind: 'citizen', adds: [] },
  ];
  for (const row of table) {
    it(`${row.name}: requires the kind's identification fields, keeps the rest`, () => {
      const result = applicantFormSchema(row.schema, row.kind);
      assert.deepEqual(required(result), [...((row.schema.required as string[] | undefined) ?? []), ...row.adds]);
      assert.equal(result['x-applicantKind'], row.kind);
      assert.equal(result['x-unicode-normalisation'], 'NFC');
      assert.deepEqual(Object.keys(result.properties as Json), Object.keys(row.schema.properties as Json), 'the same fields, in the same order');
      for (const [name, p] of Object.entries(result.properties as Record<string, Json>)) {
        assert.ok((p.allOf as unknown[]).includes(NORMALISED_VALUE), `${name} carries the normalisation`);
        const { allOf: _a, properties: _p, items: _i, ...own } = p;
        const { allOf: _b, properties: _q, items: _j, ...original } = (row.schema.properties as Record<string, Json>)[name]!;
        assert.deepEqual(own, original, `${name}: its own keywords are untouched`);
      }
      assert.deepEqual(applicantFormSchema(result, row.kind), result, 'applying it twice changes nothing');
    });
  }

  it('reaches into addresses and the rows of repeatable groups', () => {
    const result = applicantFormSchema(custom, 'citizen').properties as Record<string, Json>;
    assert.ok(((result.residence!.properties as Record<string, Json>).commune!.allOf as unknown[]).includes(NORMALISED_VALUE));
    const items = result.coAuthors!.items as Json;
    assert.ok((items.allOf as unknown[]).includes(NORMALISED_VALUE), 'an empty row is not valid (the server drops it)');
    assert.ok(((items.properties as Record<string, Json>).name!.allOf as unknown[]).includes(NORMALISED_VALUE));
  });

  it('names the kinds of an audience', () => {
    assert.deepEqual(applicantKindsOf(['citizen']), ['citizen']);
    assert.deepEqual(applicantKindsOf(['organisation', 'citizen']), ['citizen', 'organisation']);
    assert.deepEqual(applicantKindsOf([]), []);
  });
});

describe('the server validates with exactly that schema', () => {
  const forms = new EFormValidator(10);
  const table: Array<{ name: string; schema: Json; kind: 'citizen' | 'organisation'; data: Json; errors: Array<{ path: string; code: string }> }> = [
    { name: 'a citizen without the personal ID', schema: both, kind: 'citizen', data: { fullName: 'An', phone: '0912345678', address: 'Hà Nội', requestContent: 'x' }, errors: [{ path: '/personalId', code: 'required' }] },
    { name: 'an organisation without its name', schema: both, kind: 'organisation', data: { fullName: 'An', taxCode: '0312345678', phone: '0912345678', address: 'Hà Nội', requestContent: 'x' }, errors: [{ path: '/organisationName', code: 'required' }] },
    { name: 'a citizen with the personal ID', schema: both, kind: 'citizen', data: { fullName: 'An', personalId: '079090001234', phone: '0912345678', address: 'Hà Nội', requestContent: 'x' }, errors: [] },
    { name: 'a custom form: a wrong pattern and a missing enum', schema: custom, kind: 'citizen', data: { fullName: 'An', personalId: '12', residence: { province: 'Thành phố Hà Nội', commune: 'Phường Hoàn Kiếm' } }, errors: [{ path: '/workType', code: 'required' }, { path: '/personalId', code: 'pattern' }] },
  ];
  for (const row of table) {
    it(row.name, () => {
      const errors = forms.errors(row.schema, row.kind, normaliseFormData(row.data)).map((e) => ({ path: e.path, code: e.code }));
      assert.deepEqual(errors.sort((a, b) => a.path.localeCompare(b.path)), row.errors.sort((a, b) => a.path.localeCompare(b.path)));
      // The same verdict as any JSON Schema validator given the schema served.
      assert.equal(validator(applicantFormSchema(row.schema, row.kind))(normaliseFormData(row.data)), row.errors.length === 0);
    });
  }
});

describe('the text pattern is the server normalisation and request boundary', () => {
  it('for every code point: a one-character text is valid exactly when it is neither trimmed away nor refused', () => {
    const pattern = new RegExp(CLEAN_TEXT_PATTERN, 'u');
    const mismatches: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp > 0xffff && (cp & 0xfffe) !== 0xfffe && cp % 97 !== 0) continue; // the supplementary planes: their non-characters and a sample
      const c = String.fromCodePoint(cp);
      const kept = c.trim() !== '' && !hasForbiddenCharacter(c, true);
      if (pattern.test(c) !== kept) mismatches.push(cp.toString(16));
    }
    assert.deepEqual(mismatches, []);
  });

  it('inside text: line breaks and tabs are allowed, control characters are not; ends are trimmed', () => {
    const pattern = new RegExp(CLEAN_TEXT_PATTERN, 'u');
    const table: Array<[string, boolean]> = [['a', true], ['dòng một\ndòng hai', true], ['a\tb', true], ['a\u0001b', false], [' a', false], ['a ', false], ['a\u00a0', false], ['', false], ['a\ud800b', false], ['😀', true]];
    for (const [text, valid] of table) assert.equal(pattern.test(text), valid, JSON.stringify(text));
  });
});

describe('data generated from the schema alone (property)', () => {
  const forms = new EFormValidator(10);
  const cases: Array<[string, Json, ApplicantKindName]> = [
    ['default form, both, citizen', both, 'citizen'],
    ['default form, both, organisation', both, 'organisation'],
    ['default form, citizens', citizenOnly, 'citizen'],
    ['custom form, citizen', custom, 'citizen'],
    ['custom form, organisation', custom, 'organisation'],
  ];
  for (const [name, schema, kind] of cases) {
    it(`${name}: is kept unchanged by the normalisation and accepted`, () => {
      const served = applicantFormSchema(schema, kind);
      fc.assert(
        fc.property(eformData(served), (data) => {
          assert.equal(validator(served)(data), true, 'the generator makes valid values');
          assert.deepEqual(normaliseFormData(data), data);
          assert.deepEqual(forms.errors(schema, kind, normaliseFormData(data)), []);
        }),
        { numRuns: 60 },
      );
    });
  }
  it('without the kind and the normalisation written in, the same generator finds data the server refuses', () => {
    const strip = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(strip);
      if (typeof node !== 'object' || node === null) return node;
      return Object.fromEntries(Object.entries(node).filter(([k]) => k !== 'allOf').map(([k, v]) => [k, strip(v)]));
    };
    for (const [schema, kind] of [[both, 'citizen'], [custom, 'organisation']] as const) {
      const bare = strip(resolveForm(schema, {})) as Json;
      const run = fc.check(fc.property(eformData(bare), (data) => forms.errors(schema, kind, normaliseFormData(data)).length === 0), { numRuns: 300 });
      assert.equal(run.failed, true, 'the stored schema alone is not the contract');
    }
  });

  it('the generator honours if/then (a conditional requirement) and stays valid', () => {
    const conditional: Json = {
      type: 'object',
      additionalProperties: false,
      required: ['hasCoAuthor'],
      properties: { hasCoAuthor: { type: 'string', enum: ['co', 'khong'] }, coAuthorName: { type: 'string', minLength: 1, maxLength: 50 } },
      if: { properties: { hasCoAuthor: { const: 'co' } } },
      then: { required: ['coAuthorName'] },
    };
    const served = applicantFormSchema(conditional, 'citizen');
    fc.assert(
      fc.property(eformData(served), (data) => {
        assert.equal(validator(served)(data), true, JSON.stringify(data));
        if (data.hasCoAuthor === 'co') assert.equal(typeof data.coAuthorName, 'string');
      }),
      { numRuns: 100 },
    );
  });

  it('and a required field removed is named in a "required" error', () => {
    const served = applicantFormSchema(custom, 'organisation');
    fc.assert(
      fc.property(eformData(served), fc.constantFrom(...required(served)), (data, field) => {
        const { [field]: _removed, ...rest } = data;
        assert.ok(forms.errors(custom, 'organisation', normaliseFormData(rest)).some((e) => e.path === `/${field}` && e.code === 'required'));
      }),
      { numRuns: 40 },
    );
  });
});
