// The catalog interchange format (catalog.exchange.ts): its published JSON Schema, the structural check of a file
// (every error at once, one per place, with its JSON pointer), a file that is not one, a format version we do not
// read, and e-form keywords we do not know carried through unchanged.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import { checkCatalogFile, type ProcedureExchange } from '../../src/modules/catalog/catalog.exchange.ts';
import { DEMO_CATALOG } from '../../src/seed/catalog-data/index.ts';
import { SCHEMA_FILE, schemaText } from '../../scripts/catalog-format-schema.ts';

function procedure(code: string, over: Record<string, unknown> = {}): ProcedureExchange {
  return {
    code,
    name: 'Cấp giấy phép thử nghiệm',
    agencyCode: 'G09.01',
    fieldCode: 'ban-quyen-tac-gia',
    authorityLevel: 'central',
    audience: ['citizen'],
    onlineLevel: 4,
    onlineClass: 'full',
    fullOnlineEligible: true,
    steps: ['Nộp hồ sơ'],
    documents: [{ name: 'Tờ khai', copies: 1, originalKind: 'original' }],
    timeLimit: { value: 10, unit: 'working_days' },
    fees: [],
    legalBasis: [],
    resultType: 'Giấy phép',
    submissionPlaces: 'Bộ phận Một cửa',
    ...over,
  } as ProcedureExchange;
}

const file = (procedures: unknown[], over: Record<string, unknown> = {}) => ({ format: 'opendvc-catalog', version: 1, fields: [], procedures, ...over });

const WORKFLOW = {
  name: 'Quy trình riêng',
  steps: [
    { name: 'Tiếp nhận', role: 'receptionist', budget: { value: 1, unit: 'working_days' }, actions: ['forward'] },
    { name: 'Liên thông Sở', role: 'specialist', agencyCode: 'G09.84', departmentCode: 'P-VH', budget: { value: 9, unit: 'working_days' }, actions: ['forward', 'record_result'] },
  ],
};

function domainCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'none';
}

describe('catalog format: the published JSON Schema', () => {
  it('docs/catalog-format.schema.json is the schema the import validates with (npx tsx scripts/catalog-format-schema.ts)', () => {
    assert.equal(readFileSync(SCHEMA_FILE, 'utf8'), schemaText());
  });

  it('the demo catalog is a valid file', () => {
    assert.deepEqual(checkCatalogFile(DEMO_CATALOG).errors, []);
  });
});

describe('catalog format: what is not a catalog file', () => {
  const cases: Array<[string, unknown, string]> = [
    ['an array', [1, 2], 'IMPORT_FORMAT_UNKNOWN'],
    ['a string', 'opendvc-catalog', 'IMPORT_FORMAT_UNKNOWN'],
    ['null', null, 'IMPORT_FORMAT_UNKNOWN'],
    ['another format', { format: 'dossier-import', version: 1 }, 'IMPORT_FORMAT_UNKNOWN'],
    ['a later format version', file([], { version: 2 }), 'IMPORT_FORMAT_VERSION'],
    ['a version as text', file([], { version: '1' }), 'IMPORT_FORMAT_VERSION'],
    ['no version', { format: 'opendvc-catalog', fields: [], procedures: [] }, 'IMPORT_FORMAT_VERSION'],
    ['a valid empty file', file([]), 'none'],
  ];
  for (const [name, input, code] of cases) it(`${name}: ${code}`, () => assert.equal(domainCode(() => checkCatalogFile(input)), code));
});

describe('catalog format: every error of a file at once, one per place', () => {
  it('fifty errors in one file: fifty field errors, each with its JSON pointer', () => {
    const procedures = Array.from({ length: 10 }, (_, i) =>
      procedure(`1.00${String(1000 + i)}`, {
        name: 'x', // minLength
        onlineLevel: 9, // maximum
        authorityLevel: 'galaxy', // enum (a union of constants: one error)
        workflow: { ...WORKFLOW, steps: [{ ...WORKFLOW.steps[0]!, role: 'boss' }] }, // enum, inside "null or a workflow"
        timeLimit: { value: -1, unit: 'working_days' }, // minimum
      }),
    );
    const { errors } = checkCatalogFile(file(procedures));
    assert.equal(errors.length, 50, JSON.stringify(errors.slice(0, 8)));
    assert.deepEqual(
      errors.filter((e) => e.path.startsWith('/procedures/3/')).map((e) => [e.path, e.code]).sort(),
      [
        ['/procedures/3/authorityLevel', 'enum'],
        ['/procedures/3/name', 'minLength'],
        ['/procedures/3/onlineLevel', 'maximum'],
        ['/procedures/3/timeLimit/value', 'minimum'],
        ['/procedures/3/workflow/steps/0/role', 'enum'],
      ],
    );
    const role = errors.find((e) => e.path === '/procedures/0/workflow/steps/0/role')!;
    assert.equal(role.params?.allowedValues, 'receptionist, specialist, department_head, agency_leader');
  });

  it('"null or an object" given a wrong object reports the object\'s own errors, not "must be null"', () => {
    const { errors } = checkCatalogFile(file([procedure('1.000001', { workflow: { name: '', steps: [] } })]));
    assert.deepEqual(errors.map((e) => [e.path, e.code]).sort(), [
      ['/procedures/0/workflow/name', 'minLength'],
      ['/procedures/0/workflow/steps', 'minItems'],
    ]);
  });

  it('a value of the wrong type for "null or an object" is one type error', () => {
    const { errors } = checkCatalogFile(file([procedure('1.000001', { workflow: 'default' })]));
    assert.deepEqual(errors.map((e) => [e.path, e.code]), [['/procedures/0/workflow', 'type']]);
  });

  it('unknown properties are errors at their own path (a typo is not silently dropped)', () => {
    const { errors } = checkCatalogFile(file([procedure('1.000001', { workflw: WORKFLOW })]));
    assert.deepEqual(errors.map((e) => [e.path, e.code]), [['/procedures/0/workflw', 'additionalProperties']]);
  });

  it('a workflow with an inter-agency step and a department is valid', () => {
    assert.deepEqual(checkCatalogFile(file([procedure('1.000001', { workflow: WORKFLOW })])).errors, []);
  });
});

describe('catalog format: e-forms carried through unchanged', () => {
  it('keywords the format does not know (later e-form field kinds) pass through as they are', () => {
    const form = {
      schema: { type: 'object', properties: { agree: { type: 'boolean', default: true, 'x-officer-only': 'intake' } }, if: { properties: { agree: { const: true } } }, then: { required: ['agree'] } },
      ui: { agree: { label: 'Đồng ý', widget: 'checkbox', columns: 2 } },
    };
    const input = file([procedure('1.000001', { form })]);
    const { data, errors } = checkCatalogFile(input);
    assert.deepEqual(errors, []);
    assert.deepEqual((data as { procedures: Array<{ form: unknown }> }).procedures[0]!.form, form);
  });

  it('defaults are applied to a copy, never to the caller\'s file', () => {
    const input = file([procedure('1.000001', { documents: [{ name: 'Tờ khai', originalKind: 'original' }] })]);
    const { data } = checkCatalogFile(input);
    assert.equal((data as { procedures: Array<{ documents: Array<{ copies: number }> }> }).procedures[0]!.documents[0]!.copies, 1);
    assert.equal('copies' in (input.procedures[0] as { documents: object[] }).documents[0]!, false);
  });
});
