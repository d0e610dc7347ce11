// Electronic results, pure rules: verification codes and their URL, the templates filled from e-form data, the
// page's conclusion, and the verification of PDF signatures against hostile files (table-driven: every input
// gives a typed verdict, none throws).
import assert from 'node:assert/strict';
import { extractText } from '../helpers/pdf.ts';
import { describe, it, before } from 'node:test';
import {
  CODE_ALPHABET,
  canIssue,
  fillResult,
  formatVerificationCode,
  normaliseVerificationCode,
  resultState,
  verificationCode,
  verificationUrl,
} from '../../src/modules/results/results.rules.ts';
import { pdfDate, verifyPdf, MAX_SIGNATURES, type Verdict } from '../../src/modules/results/results.verify.ts';
import { renderResult } from '../../src/modules/results/results.pdf.ts';
import { signedResult, testPki, unsignedResult, SAMPLE_FILLED } from '../helpers/results.ts';

describe('verification codes', () => {
  it('are 12 characters of Crockford base32, one per random byte', () => {
    const code = verificationCode(new Uint8Array([0, 1, 31, 32, 33, 255, 10, 17, 18, 20, 26, 27]));
    assert.equal(code, '01Z01ZAHJMTV');
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{12}$/);
    assert.throws(() => verificationCode(new Uint8Array(11)));
  });
  it('every alphabet letter is reachable and none of I, L, O, U is in it', () => {
    assert.equal(CODE_ALPHABET.length, 32);
    assert.equal(new Set(CODE_ALPHABET).size, 32);
    for (const c of 'ILOU') assert.ok(!CODE_ALPHABET.includes(c));
  });
  it('are printed in groups of four', () => {
    assert.equal(formatVerificationCode('ABCD2345EFGH'), 'ABCD-2345-EFGH');
    assert.equal(formatVerificationCode('short'), 'short');
  });
  const cases: Array<[string, string | null]> = [
    ['ABCD2345EFGH', 'ABCD2345EFGH'],
    ['abcd-2345-efgh', 'ABCD2345EFGH'],
    [' ABCD 2345 EFGH ', 'ABCD2345EFGH'],
    ['ABCD-2345-EFGO', 'ABCD2345EFG0'], // O read as 0
    ['ABCD-2345-EFGI', 'ABCD2345EFG1'], // I and L read as 1
    ['ABCD-2345-EFGL', 'ABCD2345EFG1'],
    ['ABCD-2345-EFGU', null], // U is not in the alphabet
    ['ABCD2345EFG', null],
    ['ABCD2345EFGHJ', null],
    ['', null],
    ['A'.repeat(41), null],
    ['ÀBCD2345EFGH', null],
    ['../../etc/passwd', null],
  ];
  for (const [input, expected] of cases) {
    it(`normalises ${JSON.stringify(input.slice(0, 20))} → ${expected}`, () => assert.equal(normaliseVerificationCode(input), expected));
  }
  it('the verification URL is the public page under BASE_URL', () => {
    assert.equal(verificationUrl('https://dvc.example.gov.vn/', 'ABCD2345EFGH'), 'https://dvc.example.gov.vn/xac-thuc/ABCD2345EFGH');
    assert.equal(verificationUrl('http://localhost:3000', 'ABCD2345EFGH'), 'http://localhost:3000/xac-thuc/ABCD2345EFGH');
  });
});

describe('result templates', () => {
  const base = { dossierCode: 'X-261205-0001', procedureName: 'Cấp Giấy chứng nhận đăng ký quyền tác giả', agencyName: 'Cục Bản quyền tác giả', applicantName: 'Người nộp', issuedAt: new Date() };
  it('the copyright registration fills the certificate from the e-form', () => {
    const filled = fillResult({
      ...base,
      procedureCode: '1.001823',
      formData: { fullName: 'Nguyễn Văn An', workTitle: 'Trường ca', workType: 'am-nhac', publication: 'chua-cong-bo', organisationName: 'Công ty A', coAuthors: [{ name: 'Trần Thị B', nationality: 'Việt Nam', idNumber: '0123456' }, { nope: 1 }] },
    });
    assert.equal(filled.template, 'copyright-certificate');
    assert.equal(filled.title, 'GIẤY CHỨNG NHẬN ĐĂNG KÝ QUYỀN TÁC GIẢ');
    const line = (label: string) => filled.lines.find((l) => l.label === label)?.value;
    assert.equal(line('Tên tác phẩm'), 'Trường ca');
    assert.equal(line('Loại hình tác phẩm'), 'Tác phẩm âm nhạc');
    assert.equal(line('Tác giả'), 'Nguyễn Văn An');
    assert.equal(line('Đồng tác giả'), 'Trần Thị B (Việt Nam)');
    assert.equal(line('Chủ sở hữu quyền tác giả'), 'Công ty A');
    assert.equal(line('Tình trạng công bố'), 'Chưa công bố');
    assert.equal(line('Số hồ sơ'), 'X-261205-0001');
  });
  it('hostile or missing e-form data gives dashes and the applicant name, never an error', () => {
    for (const formData of [null, 'text', [], { workTitle: 42, workType: 'nope', coAuthors: 'x', fullName: '   ' }, { workTitle: 'a'.repeat(10_000) }]) {
      const filled = fillResult({ ...base, procedureCode: '1.001823', formData });
      assert.equal(filled.lines.find((l) => l.label === 'Tác giả')?.value, 'Người nộp');
      assert.ok(filled.lines.every((l) => l.value.length <= 500));
    }
  });
  it('option names come from the version\'s e-form, the built-in names only as a fallback', () => {
    const formSchema = {
      type: 'object',
      properties: {
        workType: { type: 'string', enum: ['am-nhac', 'kien-truc', 'ban-do'], 'x-enumNames': ['Âm nhạc (sửa tên)', 'Tác phẩm kiến trúc', '  '] },
        publication: { type: 'string', enum: ['chua-cong-bo', 'da-cong-bo'] },
      },
    };
    const line = (formData: unknown, schema: Record<string, unknown> | null, label: string) => fillResult({ ...base, procedureCode: '1.001823', formData, formSchema: schema }).lines.find((l) => l.label === label)?.value;
    const cases: Array<[string, unknown, Record<string, unknown> | null, string, string]> = [
      ['renamed option: the e-form name', { workType: 'am-nhac' }, formSchema, 'Loại hình tác phẩm', 'Âm nhạc (sửa tên)'],
      ['option added by an edit: the e-form name, not a dash', { workType: 'kien-truc' }, formSchema, 'Loại hình tác phẩm', 'Tác phẩm kiến trúc'],
      ['blank e-form name, no built-in: the stored value', { workType: 'ban-do' }, formSchema, 'Loại hình tác phẩm', 'ban-do'],
      ['e-form without names: the built-in name', { publication: 'da-cong-bo' }, formSchema, 'Tình trạng công bố', 'Đã công bố'],
      ['no e-form (generated default): the built-in name', { workType: 'my-thuat' }, null, 'Loại hình tác phẩm', 'Tác phẩm mỹ thuật'],
      ['value the e-form does not offer and nothing names: a dash', { workType: 'nope' }, formSchema, 'Loại hình tác phẩm', '—'],
      ['unanswered: a dash', {}, formSchema, 'Tình trạng công bố', '—'],
      ['hostile schema: the built-in name', { workType: 'am-nhac' }, { properties: { workType: { enum: 'x', 'x-enumNames': 5 } } }, 'Loại hình tác phẩm', 'Tác phẩm âm nhạc'],
      ['inherited key is no option name', { workType: 'constructor' }, null, 'Loại hình tác phẩm', '—'],
    ];
    for (const [name, formData, schema, label, expected] of cases) assert.equal(line(formData, schema, label), expected, name);
  });
  it('the generic sheet prints the national code, else the local code, never the internal key', () => {
    const thu = (source: Partial<Parameters<typeof fillResult>[0]>) => fillResult({ ...base, procedureCode: '2.000001', formData: {}, ...source }).lines.find((l) => l.label === 'Thủ tục')?.value;
    assert.equal(thu({ procedureCode: 'H59.20:TV-01', localCode: 'TV-01' }), `TV-01 — ${base.procedureName}`);
    assert.equal(thu({ procedureCode: 'H59.20:TV-01', localCode: null, nationalCode: null }), `TV-01 — ${base.procedureName}`);
    assert.equal(thu({ procedureCode: '2.000001', nationalCode: '2.000001', localCode: 'TV-02' }), `2.000001 — ${base.procedureName}`);
    assert.equal(thu({ procedureCode: '2.000001' }), `2.000001 — ${base.procedureName}`);
  });
  it('any other procedure gets the generic result sheet', () => {
    const filled = fillResult({ ...base, procedureCode: '2.000001', formData: {} });
    assert.equal(filled.template, 'generic');
    assert.ok(filled.lines.some((l) => l.value.includes('2.000001')));
  });
  it('the rendered PDF carries the filled text and the code', async () => {
    const pdf = await renderResult(
      { agency: { parentName: null, name: 'Cục Bản quyền tác giả', place: 'Hà Nội' }, filled: SAMPLE_FILLED, code: 'ABCD2345EFGH', verifyUrl: 'http://x/xac-thuc/ABCD2345EFGH', issuedAt: new Date('2026-12-05T03:00:00Z'), signerName: 'Cục' },
      { compress: false },
    );
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    // The title is in the document information (as UTF-16 hex or text); the code is drawn as text.
    const text = pdf.toString('latin1');
    assert.ok(text.includes('/Title'), 'a title');
    assert.ok(pdf.length > 1000);
  });
  it('a later result keeps its text layer: letters first drawn by another document are not lost', async () => {
    const render = (title: string, value: string) =>
      renderResult(
        { agency: { parentName: null, name: 'Cục Bản quyền tác giả', place: 'Hà Nội' }, filled: { ...SAMPLE_FILLED, title, subtitle: null, lines: [{ label: 'Người nộp', value }] }, code: 'ABCD2345EFGH', verifyUrl: 'http://x/xac-thuc/ABCD2345EFGH', issuedAt: new Date('2026-12-05T03:00:00Z'), signerName: 'Cục' },
        { compress: false },
      );
    await render('GIẤY CHỨNG NHẬN ĐĂNG KÝ', 'Nguyễn Văn An');
    const text = extractText(await render('QUYẾT ĐỊNH CẤP PHÉP', 'Trần Thị Bình, Đường Ưu Đàm, Hà Nội'));
    assert.ok(text.includes('Người nộp: Trần Thị Bình, Đường Ưu Đàm, Hà Nội'), text);
    assert.ok(text.includes('Tra cứu tính xác thực / Verify: http://x/xac-thuc/ABCD2345EFGH'), text);
  });
  it('results can be issued while the dossier is handled or resolved only', () => {
    assert.deepEqual([null, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter(canIssue), [2, 4, 5, 6, 9, 10]);
  });
});

describe('pdfDate (the signature dictionary\'s /M)', () => {
  const table: Array<[string, string | null]> = [
    ["D:20261205083000+07'00'", '2026-12-05T01:30:00.000Z'],
    ['D:20261205013000Z', '2026-12-05T01:30:00.000Z'],
    ['D:20261205013000', '2026-12-05T01:30:00.000Z'],
    ["D:20261205013000-05'30", '2026-12-05T07:00:00.000Z'],
    ['D:2026120501', null],
    ['20261205013000Z', null],
    ['D:abcd', null],
  ];
  for (const [input, expected] of table) it(input, () => assert.equal(pdfDate(input)?.toISOString() ?? null, expected));
});

describe('resultState', () => {
  const stored = { sha256: 'a'.repeat(64), revoked: false };
  const table: Array<[string, Parameters<typeof resultState>[0], Parameters<typeof resultState>[1], string]> = [
    ['unknown code', null, null, 'unknown'],
    ['unknown code with a file', null, { sha256: 'a'.repeat(64) }, 'unknown'],
    ['known, no file', stored, null, 'genuine'],
    ['known, the same file', stored, { sha256: 'a'.repeat(64) }, 'genuine'],
    ['known, another file', stored, { sha256: 'b'.repeat(64) }, 'altered'],
    ['revoked', { ...stored, revoked: true }, null, 'revoked'],
    ['revoked, the same file', { ...stored, revoked: true }, { sha256: 'a'.repeat(64) }, 'revoked'],
  ];
  for (const [name, s, f, expected] of table) it(name, () => assert.equal(resultState(s, f), expected));
});

describe('verifyPdf', () => {
  let signed: Buffer;
  let unsigned: Buffer;
  let twice: Buffer;
  let expired: Buffer;
  let stranger: Buffer;
  before(async () => {
    const pki = testPki();
    unsigned = await unsignedResult();
    signed = await signedResult();
    twice = await signedResult(pki.identity, signed);
    expired = await signedResult(pki.expired);
    stranger = await signedResult(pki.stranger);
  });
  const options = () => ({ trust: [testPki().ca], maxBytes: 10 * 1024 * 1024, at: new Date() });
  const byteRange = (pdf: Buffer) => {
    const m = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(pdf.toString('latin1'))!;
    return { at: m.index, text: m[0], values: [1, 2, 3, 4].map((i) => Number(m[i])) };
  };
  const flip = (pdf: Buffer, at: number) => {
    const copy = Buffer.from(pdf);
    copy[at] = copy[at]! ^ 0x01;
    return copy;
  };
  const withRange = (pdf: Buffer, values: number[]) => {
    const r = byteRange(pdf);
    const text = `/ByteRange [${values.join(' ')}]`.padEnd(r.text.length, ' ');
    if (text.length !== r.text.length) throw new Error('range text too long for the test');
    return Buffer.concat([pdf.subarray(0, r.at), Buffer.from(text, 'latin1'), pdf.subarray(r.at + r.text.length)]);
  };
  const withContents = (pdf: Buffer, hex: string) => {
    const [, b, c] = byteRange(pdf).values;
    const copy = Buffer.from(pdf);
    copy.fill('0', b! + 1, c! - 1);
    copy.write(hex.slice(0, c! - b! - 2), b! + 1, 'latin1');
    return copy;
  };

  const cases: Array<{ name: string; file: () => Buffer; expect: Partial<Verdict> & { state: Verdict['state'] }; trust?: 'none' }> = [
    { name: 'a signed result is genuine', file: () => signed, expect: { state: 'genuine' } },
    { name: 'signed twice by trusted signers: genuine', file: () => twice, expect: { state: 'genuine' } },
    { name: 'one byte changed before the signature', file: () => flip(signed, 200), expect: { state: 'altered', reason: 'digest_mismatch' } },
    { name: 'one byte changed after the signature', file: () => flip(signed, signed.length - 30), expect: { state: 'altered', reason: 'digest_mismatch' } },
    { name: 'bytes appended after signing', file: () => Buffer.concat([signed, Buffer.from('\n% appended\n')]), expect: { state: 'altered', reason: 'not_whole_file' } },
    { name: 'the signature value changed', file: () => { const [, b] = byteRange(signed).values; const cms = Buffer.from(signed.subarray(b! + 1, b! + 1 + 8192 * 2).toString('latin1'), 'hex'); const end = cms.length - 1 - [...cms].reverse().findIndex((x) => x !== 0); cms[end - 5] = cms[end - 5]! ^ 0xff; return withContents(signed, cms.toString('hex')); }, expect: { state: 'altered', reason: 'signature_invalid' } },
    { name: 'no signature', file: () => unsigned, expect: { state: 'unsigned' } },
    { name: 'not a PDF', file: () => Buffer.from('<html>%PDF-</html>'), expect: { state: 'malformed', reason: 'not_pdf' } },
    { name: 'empty', file: () => Buffer.alloc(0), expect: { state: 'malformed', reason: 'not_pdf' } },
    { name: 'truncated in the middle (the signature, appended last, is gone)', file: () => signed.subarray(0, Math.floor(signed.length / 2)), expect: { state: 'unsigned' } },
    { name: 'truncated after the signature dictionary', file: () => signed.subarray(0, signed.length - 100), expect: { state: 'malformed', reason: 'byte_range_invalid' } },
    { name: 'ByteRange past the end', file: () => { const v = byteRange(signed).values; return withRange(signed, [0, v[1]!, v[2]!, v[3]! + 1000]); }, expect: { state: 'malformed', reason: 'byte_range_invalid' } },
    { name: 'ByteRange not from the start', file: () => { const v = byteRange(signed).values; return withRange(signed, [1, v[1]! - 1, v[2]!, v[3]!]); }, expect: { state: 'malformed', reason: 'byte_range_invalid' } },
    { name: 'ByteRange gap not the Contents string', file: () => { const v = byteRange(signed).values; return withRange(signed, [0, v[1]! - 2, v[2]!, v[3]!]); }, expect: { state: 'malformed', reason: 'contents_invalid' } },
    { name: 'ByteRange of absurd numbers', file: () => withRange(signed, [0, 999999999, 1, 1]), expect: { state: 'malformed', reason: 'byte_range_invalid' } },
    { name: 'garbage CMS', file: () => withContents(signed, 'deadbeef'.repeat(100)), expect: { state: 'malformed', reason: 'cms_unreadable' } },
    { name: 'CMS of zeros', file: () => withContents(signed, ''), expect: { state: 'malformed', reason: 'cms_unreadable' } },
    { name: 'deeply nested ASN.1', file: () => withContents(signed, '3080'.repeat(4000)), expect: { state: 'malformed', reason: 'cms_unreadable' } },
    { name: 'Contents not hex', file: () => withContents(signed, 'zz'), expect: { state: 'malformed', reason: 'contents_invalid' } },
    { name: 'a second, broken signature dictionary', file: () => Buffer.concat([signed, Buffer.from('\n/ByteRange [0 10 20 5] /Contents <00>\n')]), expect: { state: 'malformed' } },
    { name: `more than ${MAX_SIGNATURES} signatures`, file: () => Buffer.concat([signed, Buffer.from('/ByteRange '.repeat(MAX_SIGNATURES))]), expect: { state: 'malformed', reason: 'too_many_signatures' } },
    { name: 'a /ByteRange that is not an array', file: () => Buffer.from('%PDF-1.7\n/ByteRange (x)\n%%EOF'), expect: { state: 'malformed', reason: 'byte_range_invalid' } },
    { name: 'signed by a certificate the trust store does not know', file: () => stranger, expect: { state: 'untrusted', reason: 'chain_unknown' } },
    { name: 'signed by an expired certificate', file: () => expired, expect: { state: 'untrusted', reason: 'certificate_expired' } },
    { name: 'genuine signature, empty trust store', file: () => signed, expect: { state: 'untrusted', reason: 'chain_unknown' }, trust: 'none' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const verdict = verifyPdf(c.file(), { ...options(), ...(c.trust === 'none' ? { trust: [] } : {}) });
      assert.equal(verdict.state, c.expect.state, JSON.stringify(verdict));
      if ('reason' in c.expect) assert.equal((verdict as { reason?: string }).reason, c.expect.reason);
    });
  }
  it('a genuine verdict names the signer and the signing time', () => {
    const verdict = verifyPdf(signed, options());
    assert.equal(verdict.state, 'genuine');
    if (verdict.state !== 'genuine') return;
    assert.match(verdict.signer.subject, /CN=Cục Bản quyền tác giả/);
    assert.ok(verdict.signer.signedAt instanceof Date);
    assert.equal(verdict.signatures, 1);
  });
  it('a file over the limit is refused unread', () => {
    assert.deepEqual(verifyPdf(signed, { ...options(), maxBytes: 100 }), { state: 'malformed', reason: 'too_large' });
  });
  it('the CMS must be strict DER of the expected shape: one changed byte in it, or in its zero padding, is caught', () => {
    const [, b, c] = byteRange(signed).values;
    const hex = signed.subarray(b! + 1, c! - 1).toString('latin1');
    const cms = Buffer.from(hex, 'hex');
    const derEnd = cms.length - [...cms].reverse().findIndex((x) => x !== 0);
    // The carried CA certificate is outside what the signature covers (RFC 5652 5.1): the verifier chains to its own copy.
    const ca = testPki().ca.raw;
    const caAt = cms.indexOf(ca);
    assert.ok(caAt > 0);
    const changed = (at: number, mask: number) => {
      const copy = Buffer.from(cms);
      copy[at] = copy[at]! ^ mask;
      return withContents(signed, copy.toString('hex'));
    };
    for (let at = 0; at < derEnd; at++) {
      if (at >= caAt && at < caAt + ca.length) continue;
      for (const mask of [0x01, 0x02, 0x80]) assert.notEqual(verifyPdf(changed(at, mask), options()).state, 'genuine', `CMS byte ${at} ^ ${mask}`);
    }
    // The padding: zeros only.
    assert.deepEqual(verifyPdf(changed(derEnd + 10, 0x01), options()), { state: 'malformed', reason: 'cms_unreadable' });
  });
  it('every single-byte change inside the signed ranges is caught (sampled)', () => {
    const [, b, c] = byteRange(signed).values;
    for (let at = 0; at < signed.length; at += 997) {
      if (at >= b! && at < c!) continue;
      const verdict = verifyPdf(flip(signed, at), options());
      assert.notEqual(verdict.state, 'genuine', `byte ${at}`);
    }
  });
});
