import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import {
  applicantDisplayName,
  applicantErrors,
  applyViolation,
  canWithdraw,
  defaultFormSchema,
  formatDossierCode,
  generateLookupSecret,
  hashLookupSecret,
  isDocumentRequired,
  maskName,
  NATIONAL_STATUSES,
  normaliseDossierCode,
  normaliseFormData,
  normaliseSecret,
  prefillForm,
  publicApplicantName,
  sanitiseUploadName,
  SECRET_ALPHABET,
  statusLabel,
  uploadLimit,
  type ApplicantProfile,
} from '../../src/modules/dossiers/dossiers.rules.ts';
import { attachmentMediaType } from '../../src/modules/files/files.inspect.rules.ts';
import { dossiersMessages } from '../../src/modules/dossiers/dossiers.messages.ts';

describe('dossier code', () => {
  const cases: Array<[string, string, number, number | undefined, string]> = [
    ['H15.50.05.13', '2026-10-08T03:00:00Z', 975, undefined, 'H15.50.05.13-261008-0975'],
    ['000.00.12.G14', '2026-01-01T00:00:00Z', 1, undefined, '000.00.12.G14-260101-0001'],
    // 16:59:59 UTC is still 23:59:59 in Vietnam; 17:00 UTC is 00:00 of the next day.
    ['H59.20', '2026-10-08T16:59:59.999Z', 12, undefined, 'H59.20-261008-0012'],
    ['H59.20', '2026-10-08T17:00:00Z', 12, undefined, 'H59.20-261009-0012'],
    // New year and month boundaries in Vietnam.
    ['H59.20', '2026-12-31T17:00:00Z', 1, undefined, 'H59.20-270101-0001'],
    ['H59.20', '2027-02-28T17:30:00Z', 1, undefined, 'H59.20-270301-0001'],
    ['H59.20', '2028-02-28T17:30:00Z', 1, undefined, 'H59.20-280229-0001'],
    // Widths: more than 9999 grows; a different width pads differently.
    ['H59.20', '2026-10-08T03:00:00Z', 9999, undefined, 'H59.20-261008-9999'],
    ['H59.20', '2026-10-08T03:00:00Z', 10000, undefined, 'H59.20-261008-10000'],
    ['H59.20', '2026-10-08T03:00:00Z', 7, 6, 'H59.20-261008-000007'],
    ['H59.20', '2026-10-08T03:00:00Z', 123456, 3, 'H59.20-261008-123456'],
    ['H59.20', '2026-10-08T03:00:00Z', 5, 1, 'H59.20-261008-5'],
  ];
  for (const [agency, at, seq, width, expected] of cases) {
    it(`${agency} at ${at} #${seq} (width ${width ?? 4}) → ${expected}`, () => assert.equal(formatDossierCode(agency, new Date(at), seq, width), expected));
  }

  it('refuses sequences and widths that make no sense', () => {
    for (const seq of [0, -1, 1.5, Number.NaN]) assert.throws(() => formatDossierCode('X1', new Date(), seq), RangeError);
    for (const width of [0, 13, 2.5]) assert.throws(() => formatDossierCode('X1', new Date(), 1, width), RangeError);
  });

  it('normalises a typed code', () => assert.equal(normaliseDossierCode('  h59.20-261008-0001 '), 'H59.20-261008-0001'));
});

describe('lookup secret', () => {
  it('uses an alphabet without 0, O, 1, I and L', () => {
    for (const c of '0O1IL') assert.ok(!SECRET_ALPHABET.includes(c), c);
    assert.equal(new Set(SECRET_ALPHABET).size, SECRET_ALPHABET.length);
    assert.equal(SECRET_ALPHABET.length, 31);
  });

  it('is 8 characters from the alphabet, for any random source', () => {
    let counter = 0;
    const sources: Array<(n: number) => Uint8Array> = [
      (n) => new Uint8Array(n).fill(0),
      (n) => new Uint8Array(n).fill(30),
      (n) => Uint8Array.from({ length: n }, () => counter++ % 256),
      (n) => Uint8Array.from({ length: n }, () => Math.floor(Math.random() * 256)),
    ];
    for (const source of sources) {
      const secret = generateLookupSecret(source);
      assert.match(secret, /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    }
    assert.equal(generateLookupSecret((n) => new Uint8Array(n).fill(0)), '22222222');
  });

  it('skips bytes that would bias the distribution (≥ 248)', () => {
    let call = 0;
    // First batch: only rejected bytes; second: byte 247 → the last character.
    const secret = generateLookupSecret((n) => new Uint8Array(n).fill(call++ === 0 ? 250 : 247));
    assert.equal(secret, 'Z'.repeat(8));
  });

  it('hashes with the code as salt and tolerates how people type it', () => {
    const a = hashLookupSecret('X-260101-0001', 'ABCD2345');
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.equal(hashLookupSecret('X-260101-0001', 'abcd-2345'), a);
    assert.equal(hashLookupSecret('X-260101-0001', ' abcd 2345 '), a);
    assert.notEqual(hashLookupSecret('X-260101-0002', 'ABCD2345'), a);
    assert.notEqual(hashLookupSecret('X-260101-0001', 'ABCD2346'), a);
    assert.equal(normaliseSecret('ab-cd ef'), 'ABCDEF');
  });
});

describe('masked names', () => {
  const cases: Array<[string, string]> = [
    ['Nguyễn Văn An', 'Nguyễn V** A*'],
    ['Trần Thị Hoa', 'Trần T** H**'],
    ['  Lê   Mai ', 'Lê M**'],
    ['An', 'A*'],
    ['Ê', 'Ê'],
    ['Âu Dương Phong', 'Âu D**** P****'],
    // Decomposed input (NFD) is counted by letters, not code units.
    ['Nguye\u0302\u0303n Văn Ánh', 'Nguyễn V** Á**'],
    ['', ''],
    ['   ', ''],
  ];
  for (const [name, expected] of cases) it(`${JSON.stringify(name)} → ${JSON.stringify(expected)}`, () => assert.equal(maskName(name), expected));

  it('shows organisations as registered and masks persons', () => {
    assert.equal(publicApplicantName(true, 'Công ty TNHH Sen Vàng'), 'Công ty TNHH Sen Vàng');
    assert.equal(publicApplicantName(false, 'Nguyễn Văn An'), 'Nguyễn V** A*');
    assert.equal(publicApplicantName(false, null), '');
  });

  it('takes the displayed name from the form', () => {
    assert.equal(applicantDisplayName('organisation', { organisationName: 'Công ty A', fullName: 'B' }, 'C'), 'Công ty A');
    assert.equal(applicantDisplayName('citizen', { organisationName: 'Công ty A', fullName: 'B' }, 'C'), 'B');
    assert.equal(applicantDisplayName('citizen', {}, 'C'), 'C');
  });
});

describe('national statuses', () => {
  it('has the ten codes of the domain guide', () => {
    assert.deepEqual(Object.keys(NATIONAL_STATUSES).map(Number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(statusLabel(1), 'Mới đăng ký');
    assert.equal(statusLabel(5), 'Yêu cầu bổ sung giấy tờ');
    assert.equal(statusLabel(10), 'Đã trả kết quả');
    assert.equal(statusLabel(10, 'en'), 'Result delivered');
    assert.equal(statusLabel(null), 'Bản nháp');
  });

  it('has the same message keys in both languages', () => assert.deepEqual(Object.keys(dossiersMessages.vi).sort(), Object.keys(dossiersMessages.en).sort()));

  it('allows withdrawal only before a result and while the dossier is alive', () => {
    const allowed = [null, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((s) => canWithdraw(s));
    assert.deepEqual(allowed, [1, 2, 4, 5, 6]);
  });
});

describe('who may apply online', () => {
  const v = (online_level: number, online_class: 'full' | 'partial' | 'none', audience: Array<'citizen' | 'organisation'> = ['citizen', 'organisation']) => ({ online_level, online_class, audience });
  const cases: Array<[string, ReturnType<typeof applyViolation>, 'citizen' | 'organisation' | 'staff', ReturnType<typeof v>]> = [
    ['level 4 citizen', null, 'citizen', v(4, 'full')],
    ['level 3 organisation', null, 'organisation', v(3, 'partial')],
    ['level 2 partial class', null, 'citizen', v(2, 'partial')],
    ['level 2 not online', 'PROCEDURE_NOT_ONLINE', 'citizen', v(2, 'none')],
    ['level 1', 'PROCEDURE_NOT_ONLINE', 'organisation', v(1, 'none')],
    ['staff', 'DOSSIER_APPLICANTS_ONLY', 'staff', v(4, 'full')],
    ['citizen on an organisations-only procedure', 'PROCEDURE_NOT_FOR_APPLICANT', 'citizen', v(4, 'full', ['organisation'])],
    ['organisation on a citizens-only procedure', 'PROCEDURE_NOT_FOR_APPLICANT', 'organisation', v(3, 'partial', ['citizen'])],
  ];
  for (const [name, expected, kind, version] of cases) it(name, () => assert.equal(applyViolation(kind, version), expected));
});

describe('default e-form', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as { default: (a: Ajv) => void }).default(ajv);
  const profile: ApplicantProfile = {
    kind: 'citizen',
    fullName: 'Nguyễn Văn An',
    personalId: '079090001234',
    phone: '0912345678',
    email: 'congdan@example.vn',
    address: 'Số 5 Nguyễn Du, Hà Nội',
    organisationName: null,
    taxCode: null,
    organisationAddress: null,
  };

  it('is a pure function of the version', () => {
    const v = { name: 'Cấp Giấy chứng nhận đăng ký quyền tác giả', audience: ['citizen', 'organisation'] as const };
    assert.deepEqual(defaultFormSchema(v), defaultFormSchema({ ...v }));
    assert.equal(defaultFormSchema(v).title, 'Tờ khai: Cấp Giấy chứng nhận đăng ký quyền tác giả');
  });

  it('asks citizens for their personal ID and organisations for name and tax code', () => {
    const citizen = defaultFormSchema({ name: 'Thủ tục A', audience: ['citizen'] });
    const organisation = defaultFormSchema({ name: 'Thủ tục A', audience: ['organisation'] });
    const both = defaultFormSchema({ name: 'Thủ tục A', audience: ['citizen', 'organisation'] });
    const props = (s: Record<string, unknown>) => Object.keys(s.properties as object);
    assert.deepEqual(props(citizen), ['fullName', 'personalId', 'phone', 'email', 'address', 'requestContent']);
    assert.deepEqual(citizen.required, ['fullName', 'personalId', 'phone', 'address', 'requestContent']);
    assert.deepEqual(props(organisation), ['fullName', 'organisationName', 'taxCode', 'phone', 'email', 'address', 'requestContent']);
    assert.deepEqual(organisation.required, ['fullName', 'organisationName', 'taxCode', 'phone', 'address', 'requestContent']);
    assert.deepEqual(both.required, ['fullName', 'phone', 'address', 'requestContent']);
    assert.equal(ajv.validateSchema(both), true);
  });

  it('is prefilled from the profile, without the content of the request', () => {
    const schema = defaultFormSchema({ name: 'Thủ tục A', audience: ['citizen', 'organisation'] });
    assert.deepEqual(prefillForm(schema, profile), {
      fullName: 'Nguyễn Văn An',
      personalId: '079090001234',
      phone: '0912345678',
      email: 'congdan@example.vn',
      address: 'Số 5 Nguyễn Du, Hà Nội',
    });
    const business: ApplicantProfile = { ...profile, kind: 'organisation', personalId: null, address: null, organisationName: 'Công ty A', taxCode: '0312345678', organisationAddress: '12 Lê Lợi' };
    assert.deepEqual(prefillForm(schema, business), { fullName: 'Nguyễn Văn An', organisationName: 'Công ty A', taxCode: '0312345678', phone: '0912345678', email: 'congdan@example.vn', address: '12 Lê Lợi' });
    // Only the fields the schema has.
    assert.deepEqual(Object.keys(prefillForm(defaultFormSchema({ name: 'Thủ tục A', audience: ['citizen'] }), business)), ['fullName', 'phone', 'email', 'address']);
  });

  it('validates good data and reports every bad field', () => {
    const schema = defaultFormSchema({ name: 'Thủ tục A', audience: ['citizen'] });
    const validate = ajv.compile(schema);
    assert.equal(validate({ ...prefillForm(schema, profile), requestContent: 'Đăng ký quyền tác giả cho tác phẩm "Mùa thu".' }), true);
    assert.equal(validate({ fullName: 'A', personalId: '123', phone: 'abc', email: 'not-mail', extra: 1 }), false);
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath}|${e.keyword}|${(e.params as { missingProperty?: string }).missingProperty ?? ''}`).sort();
    assert.deepEqual(problems, ['/email|format|', '/personalId|pattern|', '/phone|pattern|', '|additionalProperties|', '|required|address', '|required|requestContent'].sort());
  });

  it('trims text and drops empty values before validation', () => {
    assert.deepEqual(normaliseFormData({ a: '  x ', b: '   ', c: null, d: 3, e: 'Nguye\u0302\u0303n' }), { a: 'x', d: 3, e: 'Nguyễn' });
  });

  it('requires the identification matching the applicant when both audiences apply', () => {
    const both = defaultFormSchema({ name: 'Thủ tục A', audience: ['citizen', 'organisation'] });
    assert.deepEqual(applicantErrors(both, 'citizen', {}), [{ path: '/personalId', code: 'required' }]);
    assert.deepEqual(applicantErrors(both, 'organisation', { taxCode: '0312345678' }), [{ path: '/organisationName', code: 'required' }]);
    assert.deepEqual(applicantErrors(both, 'citizen', { personalId: '079090001234' }), []);
    // Already required by the schema itself: not reported twice.
    assert.deepEqual(applicantErrors(defaultFormSchema({ name: 'Thủ tục A', audience: ['citizen'] }), 'citizen', {}), []);
  });
});

describe('required documents', () => {
  const cases: Array<[string, number, boolean]> = [
    ['Tờ khai đăng ký quyền tác giả (Mẫu số 01)', 1, true],
    ['Bản sao tác phẩm đăng ký quyền tác giả', 2, true],
    ['Giấy ủy quyền, nếu người nộp hồ sơ là người được ủy quyền', 1, false],
    ['Giấy chứng nhận bị hư hỏng (trường hợp bị hư hỏng)', 1, false],
    ['Giấy chứng nhận đã được cấp (trừ trường hợp bị mất)', 1, false],
    ['Bản sao hợp đồng (nếu có)', 1, false],
    ['Bản sao hợp đồng', 0, false],
    // Accents matter: "nêu" (to state) is not "nếu" (if); words only.
    ['Văn bản nêu rõ lý do', 1, true],
    ['NẾU CÓ: giấy phép', 1, false],
    ['Giấy tờ khác (Trường hợp đặc biệt)', 1, false],
    ['Bản sao Giấy chứng nhận đăng ký doanh nghiệp', 1, true],
  ];
  for (const [name, copies, expected] of cases) it(`${name} (${copies}) → ${expected ? 'required' : 'optional'}`, () => assert.equal(isDocumentRequired({ name, copies }), expected));
});

describe('attachments', () => {
  it('accepts PDF, JPEG, PNG, DOCX and XLSX by content only', () => {
    assert.equal(attachmentMediaType('pdf'), 'application/pdf');
    assert.equal(attachmentMediaType('jpg'), 'image/jpeg');
    assert.equal(attachmentMediaType('png'), 'image/png');
    assert.equal(attachmentMediaType('docx'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    assert.equal(attachmentMediaType('xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(attachmentMediaType('ole'), null);
    assert.equal(attachmentMediaType('odt'), null);
    assert.equal(attachmentMediaType(null), null);
    assert.equal(attachmentMediaType(undefined), null);
  });

  it('sanitises names', () => {
    assert.equal(sanitiseUploadName('../../etc/passwd'), 'passwd');
    assert.equal(sanitiseUploadName('..\\..\\windows\\system.ini'), 'system.ini');
    assert.equal(sanitiseUploadName('to\u0000khai\u0007\r\n.pdf'), 'tokhai.pdf');
    assert.equal(sanitiseUploadName('\u202egpj.exe'), 'gpj.exe');
    assert.equal(sanitiseUploadName(''), 'tep-dinh-kem');
    assert.equal(sanitiseUploadName('..'), 'tep-dinh-kem');
    const long = sanitiseUploadName(`${'a'.repeat(500)}.pdf`);
    assert.equal([...long].length, 200);
    assert.ok(long.endsWith('.pdf'));
  });

  it('names the limit an upload runs into', () => {
    assert.deepEqual(uploadLimit(10, 50, 0), { bytes: 10, error: 'FILE_TOO_LARGE' });
    assert.deepEqual(uploadLimit(10, 50, 40), { bytes: 10, error: 'FILE_TOO_LARGE' });
    assert.deepEqual(uploadLimit(10, 50, 45), { bytes: 5, error: 'DOSSIER_FILES_TOO_LARGE' });
    assert.deepEqual(uploadLimit(10, 50, 60), { bytes: 0, error: 'DOSSIER_FILES_TOO_LARGE' });
  });
});
