// Property: whatever the platform answers (any status, any body: random text, random JSON, near-miss records), the
// adapter never throws, gives one of the known outcomes, and a "found" record always has the schema's shape and the
// key that was asked for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Value } from 'typebox/value';
import { interpretAnswer } from '../../src/modules/datasharing/datasharing.adapter.ts';
import { BusinessSchema, PersonSchema } from '../../src/modules/datasharing/datasharing.schemas.ts';

const OUTCOMES = ['found', 'not_found', 'empty', 'malformed', 'timeout', 'unreachable', 'refused', 'error'];
const ID = '079090001234';
const TAX = '0312345678';

function check(source: 'population' | 'business', status: number, body: string) {
  const subject = source === 'population' ? ID : TAX;
  const answer = interpretAnswer(source, subject, status, body);
  assert.ok(OUTCOMES.includes(answer.outcome), answer.outcome);
  assert.equal(answer.source, source);
  if (answer.outcome === 'found') {
    assert.ok(status >= 200 && status < 300);
    if (answer.source === 'population') {
      assert.ok(Value.Check(PersonSchema, answer.record));
      assert.equal(answer.record.personalId, subject);
    } else {
      assert.ok(Value.Check(BusinessSchema, answer.record));
      assert.equal(answer.record.taxCode, subject);
    }
  }
}

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', 'Nguyễn Văn An', '\u0000', 'x'.repeat(400)));
const address = fc.record({ province: text, commune: text, street: text }, { requiredKeys: [] });
const nearPerson = fc.record({ personalId: fc.oneof(fc.constant(ID), fc.string()), fullName: text, dateOfBirth: fc.oneof(fc.constant('1990-05-12'), fc.string()), permanentAddress: fc.oneof(address, fc.anything()) }, { requiredKeys: [] });
const nearBusiness = fc.record({ taxCode: fc.oneof(fc.constant(TAX), fc.string()), name: text, address: fc.oneof(address, fc.anything()), legalRepresentative: text }, { requiredKeys: [] });
const body = fc.oneof(
  fc.string(),
  fc.json(),
  fc.anything().map((v) => JSON.stringify(v) ?? ''),
  fc.record({ status: fc.constantFrom('found', 'not_found', 'x'), person: fc.oneof(nearPerson, fc.anything()) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.record({ status: fc.constantFrom('found', 'not_found', 'x'), business: fc.oneof(nearBusiness, fc.anything()) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
);
const status = fc.oneof(fc.constant(200), fc.integer({ min: 100, max: 599 }));

describe('data sharing: any answer body never crashes the adapter', () => {
  it('population database', () => {
    fc.assert(fc.property(status, body, (s, b) => check('population', s, b)), { numRuns: 2000 });
  });
  it('business registry', () => {
    fc.assert(fc.property(status, body, (s, b) => check('business', s, b)), { numRuns: 2000 });
  });
});
