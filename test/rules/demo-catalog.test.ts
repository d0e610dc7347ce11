import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value } from 'typebox/value';
import { CatalogExchange, type ProcedureExchange } from '../../src/modules/catalog/catalog.exchange.ts';
import { DEMO_AGENCIES } from '../../src/seed/agencies.ts';
import { DEMO_CATALOG } from '../../src/seed/catalog-data/index.ts';

const procedures = DEMO_CATALOG.procedures;
const BUREAU_BY_FIELD: Record<string, string> = {
  'ban-quyen-tac-gia': '000.00.12.G14',
  'nghe-thuat-bieu-dien': '000.00.13.G14',
  'dien-anh': '000.00.14.G14',
  'di-san-van-hoa': '000.00.15.G14',
  'my-thuat-nhiep-anh-trien-lam': '000.00.16.G14',
  'du-lich': '000.00.17.G14',
  'the-duc-the-thao': '000.00.18.G14',
  'gia-dinh': '000.00.19.G14',
};
const BUREAUS = new Set(Object.values(BUREAU_BY_FIELD));
const ministry = procedures.filter((p) => BUREAUS.has(p.agencyCode));
const travinh = procedures.filter((p) => p.agencyCode === '000.20.00.H59');

/** Every string in a value, with its path. */
function strings(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}/${i}`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}/${k}`));
  return [];
}

/** Free texts (not codes, enums or file names). */
function texts(p: ProcedureExchange): string[] {
  return [
    p.name, p.resultType, p.submissionPlaces, ...p.steps, ...p.legalBasis,
    ...p.documents.map((d) => d.name), ...p.fees.map((f) => f.description),
    ...(p.timeLimit.note ? [p.timeLimit.note] : []),
  ];
}

describe('demo catalog', () => {
  it('passes the interchange schema', () => {
    const ok = Value.Check(CatalogExchange, DEMO_CATALOG);
    if (!ok) console.error(JSON.stringify(Value.Errors(CatalogExchange, DEMO_CATALOG).slice(0, 20), null, 2));
    assert.equal(ok, true);
  });

  it('has unique procedure codes and unique field codes', () => {
    const codes = procedures.map((p) => p.code);
    assert.equal(new Set(codes).size, codes.length, `duplicate codes: ${codes.filter((c, i) => codes.indexOf(c) !== i).join(', ')}`);
    const fieldCodes = DEMO_CATALOG.fields.map((f) => f.code);
    assert.equal(new Set(fieldCodes).size, fieldCodes.length);
  });

  it('has at least 40 ministry procedures and 20 of Sở VHTTDL Trà Vinh', () => {
    assert.ok(ministry.length >= 40, `ministry: ${ministry.length}`);
    assert.ok(travinh.length >= 20, `Trà Vinh: ${travinh.length}`);
  });

  it('uses only demo agencies, with the matching authority level', () => {
    const agencies = new Map(DEMO_AGENCIES.map((a) => [a.code, a]));
    const expected: Record<string, ProcedureExchange['authorityLevel']> = {
      ministry: 'central', department: 'central', provincial_department: 'province', province: 'province', district: 'district', commune: 'commune',
    };
    for (const p of procedures) {
      const agency = agencies.get(p.agencyCode);
      assert.ok(agency, `${p.code}: unknown agency ${p.agencyCode}`);
      assert.equal(p.authorityLevel, expected[agency.level], `${p.code}: authority level`);
    }
  });

  it('assigns ministry procedures to the bureau of their field', () => {
    for (const p of ministry) assert.equal(p.agencyCode, BUREAU_BY_FIELD[p.fieldCode], `${p.code} ${p.name}`);
  });

  it('uses only defined fields, and every field is used', () => {
    const defined = new Set(DEMO_CATALOG.fields.map((f) => f.code));
    for (const p of procedures) assert.ok(defined.has(p.fieldCode), `${p.code}: unknown field ${p.fieldCode}`);
    const used = new Set(procedures.map((p) => p.fieldCode));
    for (const f of DEMO_CATALOG.fields) assert.ok(used.has(f.code), `field ${f.code} is not used`);
  });

  it('has all four online levels in both sets, at least 3 procedures of each level overall', () => {
    for (const [label, set] of [['ministry', ministry], ['Trà Vinh', travinh]] as const) {
      const levels = new Set(set.map((p) => p.onlineLevel));
      assert.deepEqual([...levels].sort(), [1, 2, 3, 4], label);
    }
    for (const level of [1, 2, 3, 4]) {
      const n = procedures.filter((p) => p.onlineLevel === level).length;
      assert.ok(n >= 3, `level ${level}: ${n}`);
    }
  });

  it('keeps onlineClass consistent with onlineLevel', () => {
    for (const p of procedures) {
      if (p.onlineLevel === 4) {
        assert.equal(p.onlineClass, 'full', p.code);
        assert.equal(p.fullOnlineEligible, true, p.code);
      } else if (p.onlineLevel === 3) {
        assert.equal(p.onlineClass, 'partial', p.code);
      } else {
        assert.equal(p.onlineClass, 'none', p.code);
      }
    }
    // Some procedures below level 4 are eligible for full online service but not offered yet.
    assert.ok(procedures.some((p) => p.onlineLevel < 4 && p.fullOnlineEligible));
  });

  it('contains the two copyright procedures of the national portal, at level 4', () => {
    for (const name of ['Cấp Giấy chứng nhận đăng ký quyền tác giả', 'Cấp đổi Giấy chứng nhận đăng ký quyền tác giả']) {
      const p = procedures.find((x) => x.name === name);
      assert.ok(p, name);
      assert.equal(p.agencyCode, '000.00.12.G14');
      assert.equal(p.onlineLevel, 4);
    }
    const registration = procedures.find((x) => x.name === 'Cấp Giấy chứng nhận đăng ký quyền tác giả')!;
    assert.deepEqual(registration.timeLimit.value, 15);
    assert.equal(registration.timeLimit.unit, 'working_days');
    const amounts = registration.fees.map((f) => f.amountVnd);
    assert.ok(amounts.includes(100_000) && amounts.includes(600_000), amounts.join(','));
    assert.ok(registration.documents.some((d) => d.templateName?.endsWith('.docx')));
  });

  it('describes every procedure completely', () => {
    for (const p of procedures) {
      assert.ok(p.steps.length >= 3 && p.steps.length <= 6, `${p.code}: ${p.steps.length} steps`);
      assert.ok(p.documents.length >= 2 && p.documents.length <= 6, `${p.code}: ${p.documents.length} documents`);
      assert.ok(p.legalBasis.length >= 1, `${p.code}: no legal basis`);
      assert.ok(p.documents.every((d) => d.copies >= 1), `${p.code}: copies`);
      assert.ok(p.fees.every((f) => f.amountVnd > 0), `${p.code}: a fee of 0 should be left out`);
      assert.ok(p.timeLimit.value > 0, `${p.code}: time limit`);
    }
    assert.ok(procedures.filter((p) => p.timeLimit.sameDay === true).length >= 2, 'same-day procedures');
    assert.ok(procedures.some((p) => p.timeLimit.unit === 'hours' || p.timeLimit.unit === 'half_days'));
    assert.ok(procedures.some((p) => p.fees.length === 0), 'some free procedures');
    const audiences = new Set(procedures.map((p) => p.audience.join('+')));
    for (const a of ['citizen', 'organisation', 'citizen+organisation']) assert.ok(audiences.has(a), a);
  });

  it('leaves no placeholder text', () => {
    const placeholder = /\b(todo|fixme|tbd|lorem|ipsum|xxx+|placeholder|foo|bar)\b|\?\?/i;
    for (const [path, text] of strings(DEMO_CATALOG)) assert.doesNotMatch(text, placeholder, path);
  });

  it('writes Vietnamese with its diacritics', () => {
    const nonAscii = /[^\x00-\x7f]/;
    // Common words that are never written without their marks in real text.
    const unaccented = /\b(giay|phep|chung nhan|dang ky|thu tuc|ho so|quyen|tac gia|cap lai|cap doi|du lich|the thao|van hoa|gia dinh|nghe thuat|bieu dien|trien lam|thong bao|ngay lam viec)\b/i;
    for (const p of procedures) {
      for (const text of texts(p)) {
        assert.match(text, nonAscii, `${p.code}: "${text}"`);
        assert.doesNotMatch(text, unaccented, `${p.code}: "${text}"`);
      }
    }
    for (const f of DEMO_CATALOG.fields) {
      assert.match(f.name, nonAscii, f.code);
      assert.match(f.code, /^[a-z0-9-]+$/);
    }
    // Text is stored precomposed (NFC), as typed.
    for (const [path, text] of strings(DEMO_CATALOG)) assert.equal(text, text.normalize('NFC'), path);
  });
});
