// Data sharing's pure rules, table-driven: which lookups a dossier needs, how answers fill the e-form, what a dossier
// obtained, where each value came from; the adapter's reading of answers; the e-form marks the catalog accepts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value } from 'typebox/value';
import { resolveForm, sharedMarkFits, validateFormDefinition } from '../../src/modules/catalog/catalog.eform.ts';
import { CatalogExchange } from '../../src/modules/catalog/catalog.exchange.ts';
import { formValues, procedureFromForm } from '../../src/modules/catalog/catalog.inputs.ts';
import { DATA_SHARING_CATALOG } from '../../src/seed/datasharing.ts';
import { interpretAnswer } from '../../src/modules/datasharing/datasharing.adapter.ts';
import { fieldValue, maskSubject, obtainedBySharing, obtainedSources, plannedLookups, prefill, sharedFields, valueOrigins, type LookupAnswer } from '../../src/modules/datasharing/datasharing.rules.ts';

const PERSON = { personalId: '079090001234', fullName: 'Nguyễn Văn An', dateOfBirth: '1990-05-12', permanentAddress: { province: 'Thành phố Hà Nội', commune: 'Phường Hai Bà Trưng', street: 'Số 5 Nguyễn Du' } };
const BUSINESS = { taxCode: '0312345678', name: 'Công ty TNHH Truyền thông Sen Vàng', address: { province: 'Thành phố Hồ Chí Minh', commune: 'Phường Bến Thành', street: '12 Lê Lợi' }, legalRepresentative: 'Trần Thị Hoa' };
const FOUND_PERSON: LookupAnswer = { outcome: 'found', source: 'population', record: PERSON };
const FOUND_BUSINESS: LookupAnswer = { outcome: 'found', source: 'business', record: BUSINESS };

const SCHEMA = resolveForm(
  {
    type: 'object',
    properties: {
      fullName: { type: 'string', maxLength: 200 },
      dob: { type: 'string', format: 'date' },
      home: { type: 'string', maxLength: 500 },
      residence: { type: 'object', properties: { province: { type: 'string' }, commune: { type: 'string' }, street: { type: 'string' } } },
      company: { type: 'string' },
      short: { type: 'string', maxLength: 5 },
      note: { type: 'string' },
    },
  },
  {
    fullName: { shared: 'population.fullName' },
    dob: { shared: 'population.dateOfBirth' },
    home: { shared: 'population.permanentAddress' },
    residence: { shared: 'population.permanentAddress' },
    company: { shared: 'business.name' },
    short: { shared: 'population.fullName' },
  },
);

describe('data sharing: the marks of the e-form', () => {
  const cases: Array<[string, Record<string, unknown>, string, boolean]> = [
    ['full name in a text field', { type: 'string' }, 'population.fullName', true],
    ['full name in a date field', { type: 'string', format: 'date' }, 'population.fullName', false],
    ['date of birth in a date field', { type: 'string', format: 'date' }, 'population.dateOfBirth', true],
    ['date of birth in a text field', { type: 'string' }, 'population.dateOfBirth', false],
    ['address in an address field', { type: 'object', properties: { province: {}, commune: {} } }, 'population.permanentAddress', true],
    ['address in a text field', { type: 'string' }, 'business.address', true],
    ['name in a number field', { type: 'number' }, 'business.name', false],
    ['name in an e-mail field', { type: 'string', format: 'email' }, 'business.name', false],
    ['name in a field with a pattern', { type: 'string', pattern: '^[0-9]{10}$' }, 'business.name', false],
    ['unknown attribute', { type: 'string' }, 'population.religion', false],
    ['unknown source', { type: 'string' }, 'tax.name', false],
  ];
  for (const [name, node, mark, fits] of cases) it(name, () => assert.equal(sharedMarkFits(node, mark), fits));

  it('validateFormDefinition refuses unknown and misplaced marks, by path', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' }, g: { type: 'array', items: { type: 'object', properties: { c: { type: 'string' } } } } } };
    const errors = validateFormDefinition(schema, { a: { shared: 'population.nope' }, b: { shared: 'population.fullName' }, 'g.c': { shared: 'population.fullName' } });
    assert.deepEqual(
      errors.map((e) => [e.path, e.code]),
      [
        ['/ui/a/shared', 'EFORM_SHARED_UNKNOWN'],
        ['/ui/b/shared', 'EFORM_SHARED_MISPLACED'],
        ['/ui/g.c/shared', 'EFORM_SHARED_MISPLACED'],
      ],
    );
    assert.deepEqual(validateFormDefinition(schema, { a: { shared: 'business.legalRepresentative' } }), []);
    assert.deepEqual(validateFormDefinition({ type: 'object', properties: { a: { type: 'string', 'x-shared': 42 } } }, {}).map((e) => e.code), ['EFORM_SHARED_UNKNOWN']);
  });

  it('the effective schema carries x-shared; sharedFields lists the fitting ones', () => {
    assert.deepEqual(
      sharedFields(SCHEMA).map((f) => `${f.field}=${f.source}.${f.attribute}`),
      ['fullName=population.fullName', 'dob=population.dateOfBirth', 'home=population.permanentAddress', 'residence=population.permanentAddress', 'company=business.name', 'short=population.fullName'],
    );
  });
});

describe('data sharing: the demo procedures and the procedure form', () => {
  it('the demo procedures are valid interchange records whose e-forms mark fields that fit', () => {
    assert.ok(Value.Check(CatalogExchange, DATA_SHARING_CATALOG));
    for (const p of DATA_SHARING_CATALOG.procedures) {
      assert.deepEqual(validateFormDefinition(p.form!.schema, p.form!.ui), [], p.code);
      assert.equal(p.documents.filter((d) => d.sharedSource).length, 1, p.code);
      assert.ok(sharedFields(resolveForm(p.form!.schema, p.form!.ui ?? {})).length >= 2, p.code);
    }
  });

  const row = (sharedSource: string) => ({ documentRows: '1', 'documents.0.name': 'Căn cước', 'documents.0.copies': '1', 'documents.0.originalKind': 'copy', 'documents.0.sharedSource': sharedSource });
  const base = { name: 'Thủ tục thử', agencyCode: '000.00.12.G14', fieldCode: 'ban-quyen-tac-gia', authorityLevel: 'central', audience: 'citizen', onlineLevel: '4', onlineClass: 'full', 'timeLimit.value': '5', 'timeLimit.unit': 'working_days', steps: 'Bước 1', legalBasis: 'Luật', fees: '', resultType: 'Giấy chứng nhận', submissionPlaces: 'Tại Cục' };
  const cases: Array<[string, string, string | undefined, string | null]> = [
    ['no mark', '', undefined, null],
    ['population', 'population', 'population', null],
    ['business', 'business', 'business', null],
    ['an unknown source is a field error on its select', 'tax-office', undefined, '/documents/0/sharedSource'],
  ];
  for (const [name, value, expected, error] of cases) {
    it(`the procedure form's document picker: ${name}`, () => {
      const { input, errors } = procedureFromForm(formValues({ ...base, ...row(value) }), '1.999999');
      if (error) return assert.ok(errors.some((e) => e.path === error), JSON.stringify(errors));
      assert.deepEqual(errors, []);
      assert.equal(input!.documents[0]!.sharedSource, expected);
    });
  }
});

describe('data sharing: the lookups a dossier needs', () => {
  const docs = (...sources: Array<'population' | 'business' | null>) => sources.map((s) => ({ shared_source: s }));
  const field = (source: 'population' | 'business') => [{ field: 'x', source, attribute: 'name' }];
  const citizen = { kind: 'citizen', personalId: '079090001234', taxCode: null };
  const organisation = { kind: 'organisation', personalId: null, taxCode: '0312345678' };
  const cases: Array<[string, Parameters<typeof plannedLookups>[0], Parameters<typeof plannedLookups>[1], string[]]> = [
    ['nothing marked', { documents: docs(null), fields: [] }, citizen, []],
    ['a document marked population, a citizen', { documents: docs('population'), fields: [] }, citizen, ['population:079090001234']],
    ['a field marked population, a citizen', { documents: [], fields: field('population') }, citizen, ['population:079090001234']],
    ['population marked twice: one lookup', { documents: docs('population', 'population'), fields: field('population') }, citizen, ['population:079090001234']],
    ['a citizen without personal ID', { documents: docs('population'), fields: [] }, { ...citizen, personalId: null }, []],
    ['a malformed personal ID', { documents: docs('population'), fields: [] }, { ...citizen, personalId: '12345' }, []],
    ['business marked, a citizen', { documents: docs('business'), fields: [] }, citizen, []],
    ['business marked, an organisation', { documents: docs('business'), fields: [] }, organisation, ['business:0312345678']],
    ['a branch tax code', { documents: docs('business'), fields: [] }, { ...organisation, taxCode: '0312345678-001' }, ['business:0312345678-001']],
    ['population marked, an organisation', { documents: docs('population'), fields: [] }, organisation, []],
  ];
  for (const [name, marks, applicant, expected] of cases) it(name, () => assert.deepEqual(plannedLookups(marks, applicant).map((l) => `${l.source}:${l.subject}`), expected));
});

describe('data sharing: answers fill the e-form', () => {
  const props = SCHEMA.properties as Record<string, Record<string, unknown>>;
  const cases: Array<[string, string, unknown, unknown]> = [
    ['text as it is (trimmed)', 'fullName', '  Nguyễn Văn An ', 'Nguyễn Văn An'],
    ['too long for the field', 'short', 'Nguyễn Văn An', undefined],
    ['a date in a date field', 'dob', '1990-05-12', '1990-05-12'],
    ['not a date in a date field', 'dob', '12/05/1990', undefined],
    ['an address on one line', 'home', PERSON.permanentAddress, 'Số 5 Nguyễn Du, Phường Hai Bà Trưng, Thành phố Hà Nội'],
    ['an address in an address field', 'residence', PERSON.permanentAddress, { province: 'Thành phố Hà Nội', commune: 'Phường Hai Bà Trưng', street: 'Số 5 Nguyễn Du' }],
    ['a province the form does not list', 'residence', { province: 'Xứ Đoài', commune: 'Phường A', street: '' }, { commune: 'Phường A' }],
    ['an address in a date field', 'dob', PERSON.permanentAddress, undefined],
    ['empty text', 'fullName', '   ', undefined],
  ];
  for (const [name, field, value, expected] of cases) it(name, () => assert.deepEqual(fieldValue(props[field]!, value as string), expected));

  it('prefill: found answers fill their fields over the base; failed ones fill nothing', () => {
    const { data, filled } = prefill(SCHEMA, [FOUND_PERSON, { outcome: 'timeout', source: 'business', detail: null }], { fullName: 'From the profile', note: 'kept' });
    assert.deepEqual(data, { fullName: 'Nguyễn Văn An', note: 'kept', dob: '1990-05-12', home: 'Số 5 Nguyễn Du, Phường Hai Bà Trưng, Thành phố Hà Nội', residence: { province: 'Thành phố Hà Nội', commune: 'Phường Hai Bà Trưng', street: 'Số 5 Nguyễn Du' } });
    assert.deepEqual(Object.keys(filled.population), ['fullName', 'dob', 'home', 'residence']);
    assert.deepEqual(filled.population.fullName, { mark: 'population.fullName', value: 'Nguyễn Văn An' });
    assert.deepEqual(filled.business, {});
    assert.deepEqual(prefill(SCHEMA, [FOUND_BUSINESS]).data, { company: 'Công ty TNHH Truyền thông Sen Vàng' });
    assert.deepEqual(prefill(SCHEMA, []).data, {});
  });
});

describe('data sharing: what a dossier obtained and where its values came from', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 3, minute));
  it('the last lookup per source decides', () => {
    const cases: Array<[string, Array<{ service: 'population' | 'business'; outcome: 'found' | 'timeout' | 'empty'; at: Date }>, string[]]> = [
      ['none', [], []],
      ['found', [{ service: 'population', outcome: 'found', at: at(1) }], ['population']],
      ['failed', [{ service: 'population', outcome: 'timeout', at: at(1) }], []],
      ['failed, then found', [{ service: 'population', outcome: 'timeout', at: at(1) }, { service: 'population', outcome: 'found', at: at(2) }], ['population']],
      ['found, then failed', [{ service: 'population', outcome: 'found', at: at(1) }, { service: 'population', outcome: 'empty', at: at(2) }], []],
      ['two sources', [{ service: 'population', outcome: 'found', at: at(1) }, { service: 'business', outcome: 'found', at: at(1) }], ['business', 'population']],
    ];
    for (const [name, lookups, expected] of cases) assert.deepEqual([...obtainedSources(lookups)].sort(), expected, name);
  });

  it('a marked document is not asked for only when its source answered', () => {
    assert.equal(obtainedBySharing({ shared_source: 'population' }, new Set(['population'])), true);
    assert.equal(obtainedBySharing({ shared_source: 'population' }, new Set(['business'])), false);
    assert.equal(obtainedBySharing({ shared_source: null }, new Set(['population'])), false);
  });

  it('valueOrigins: from the platform, changed by the applicant, or the applicant’s own', () => {
    type Lookup = Parameters<typeof valueOrigins>[1][number];
    const lookups: Lookup[] = [
      { service: 'population' as const, outcome: 'found' as const, at: at(1), filled: { fullName: { mark: 'population.fullName', value: 'Nguyễn Văn An' }, residence: { mark: 'population.permanentAddress', value: { province: 'P', commune: 'C', street: 'S' } } } },
      { service: 'business' as const, outcome: 'timeout' as const, at: at(1), filled: {} },
    ];
    const origins = valueOrigins({ fullName: 'Nguyễn Văn Ân', residence: { street: 'S', commune: 'C', province: 'P' }, phone: '0912345678', empty: '' }, lookups);
    assert.deepEqual(Object.keys(origins), ['fullName', 'residence', 'phone']);
    assert.equal(origins.fullName!.kind, 'changed');
    assert.deepEqual(origins.fullName, { kind: 'changed', source: 'population', attribute: 'fullName', at: at(1), shared: 'Nguyễn Văn An' });
    assert.equal(origins.residence!.kind, 'shared', 'key order does not matter');
    assert.deepEqual(origins.phone, { kind: 'applicant' });
    // A later failed lookup of the same source does not erase what the earlier one filled.
    assert.equal(valueOrigins({ fullName: 'Nguyễn Văn An' }, [...lookups, { service: 'population', outcome: 'empty', at: at(5), filled: {} }]).fullName!.kind, 'shared');
  });

  it('maskSubject keeps the last four characters', () => {
    assert.equal(maskSubject('079090001234'), '••••••••1234');
    assert.equal(maskSubject('0312345678-001'), '••••••••••-001');
    assert.equal(maskSubject('123'), '123');
  });
});

describe('data sharing: the adapter reads every answer', () => {
  const person = (p: unknown) => JSON.stringify({ status: 'found', person: p });
  const cases: Array<[string, 'population' | 'business', number, string, string]> = [
    ['a person', 'population', 200, person(PERSON), 'found'],
    ['not found', 'population', 200, '{"status":"not_found"}', 'not_found'],
    ['no body', 'population', 200, '', 'empty'],
    ['blank body', 'population', 200, '  \n', 'empty'],
    ['null', 'population', 200, 'null', 'empty'],
    ['{}', 'business', 200, '{}', 'empty'],
    ['[]', 'business', 200, '[]', 'empty'],
    ['not JSON', 'population', 200, '<html>Gateway</html>', 'malformed'],
    ['cut short', 'population', 200, '{"status":"found","person":{"fullName":42,', 'malformed'],
    ['a wrong type', 'population', 200, person({ ...PERSON, fullName: 42 }), 'malformed'],
    ['a missing attribute', 'population', 200, person({ ...PERSON, permanentAddress: undefined }), 'malformed'],
    ['an impossible date', 'population', 200, person({ ...PERSON, dateOfBirth: '1990-13-40' }), 'malformed'],
    ['a control character', 'population', 200, person({ ...PERSON, fullName: 'An\u0000' }), 'malformed'],
    ['another person', 'population', 200, person({ ...PERSON, personalId: '001185004321' }), 'malformed'],
    ['an unknown status', 'population', 200, '{"status":"maybe"}', 'malformed'],
    ['a business', 'business', 200, JSON.stringify({ status: 'found', business: BUSINESS }), 'found'],
    ['another business', 'business', 200, JSON.stringify({ status: 'found', business: { ...BUSINESS, taxCode: '0100000000' } }), 'malformed'],
    ['401', 'population', 401, '{"error":"invalid_token"}', 'refused'],
    ['403', 'business', 403, '', 'refused'],
    ['503', 'population', 503, '{"error":"service_unavailable"}', 'error'],
    ['404', 'population', 404, '', 'error'],
    ['302', 'population', 302, '', 'error'],
  ];
  for (const [name, source, status, body, outcome] of cases) {
    it(name, () => assert.equal(interpretAnswer(source, source === 'population' ? '079090001234' : '0312345678', status, body).outcome, outcome));
  }

  it('keeps only the known attributes of a record', () => {
    const answer = interpretAnswer('population', '079090001234', 200, JSON.stringify({ status: 'found', extra: 1, person: { ...PERSON, religion: 'x', permanentAddress: { ...PERSON.permanentAddress, geo: [1, 2] } } }));
    assert.deepEqual(answer, { outcome: 'found', source: 'population', record: PERSON });
  });
});
