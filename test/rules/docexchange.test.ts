// The edXML envelope (src/modules/docexchange/docexchange.rules.ts, docexchange.xml.ts): the builder's output parses
// back to the same message and its signature verifies; the strict parser refuses, with a typed refusal only, DTDs and
// entities, malformed XML, missing or unexpected elements, bad values and oversize input; status codes move a package
// forward only. Property tests (fast-check): the parser never throws anything but EnvelopeRefusal, and round-trips.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { generateSigningKey, signerOf, verifySignature, isEd25519PublicKey } from '../../src/modules/docexchange/docexchange.crypto.ts';
import {
  buildEnvelope,
  bytesToSign,
  EnvelopeRefusal,
  nextState,
  parseEnvelope,
  STATUS_CODES,
  type PackageMessage,
  type StatusMessage,
} from '../../src/modules/docexchange/docexchange.rules.ts';
import { canonical, parseXml, XmlRefusal } from '../../src/modules/docexchange/docexchange.xml.ts';

const KEY = generateSigningKey();
const sign = signerOf(KEY.privateKey);

function pkg(overrides: Partial<PackageMessage> = {}): PackageMessage {
  return {
    kind: 'package',
    documentId: '6f1c1c1e-7d3b-4c55-9a57-0d5c1d0e9a11',
    from: { organId: '000.00.00.H29', organName: 'UBND tỉnh <Thử> & "nghiệm"' },
    to: [{ organId: '000.00.00.G14', organName: 'Bộ Văn hóa, Thể thao và Du lịch' }],
    codeNumber: '12',
    codeNotation: 'UBND-VP',
    place: 'Hà Nội',
    promulgationDate: '2026-12-05',
    documentType: 'official_letter',
    typeName: 'Công văn',
    subject: 'Về việc phối hợp giải quyết hồ sơ',
    content: 'Nội dung\ncó xuống dòng',
    signerName: 'Nguyễn Văn A',
    priority: 'urgent',
    dueDate: '2026-12-20',
    steeringType: 1,
    toPlaces: ['Sở Tư pháp', 'Lưu: VT'],
    pageAmount: 2,
    dossier: { dossierCode: 'G14-261205-0001', procedureCode: '1.001234', procedureName: 'Cấp giấy phép', applicantName: 'Trần Thị B', stepName: 'Thẩm định thuế' },
    sentAt: '2026-12-05T08:00:00.000Z',
    attachments: [{ contentId: 'vanban', contentType: 'application/pdf', name: 'cong-van.pdf', description: 'Văn bản', signed: true, bytes: Buffer.from('%PDF-1.4 test') }],
    ...overrides,
  };
}

const status: StatusMessage = {
  kind: 'status',
  responseFor: { organId: '000.00.00.G14', documentId: '6f1c1c1e-7d3b-4c55-9a57-0d5c1d0e9a11', code: '12/UBND-VP', promulgationDate: '2026-12-05' },
  from: { organId: '000.00.00.H29', organName: 'UBND tỉnh' },
  statusCode: '04',
  description: 'Đã phân công',
  staffName: 'Chuyên viên',
  department: 'Văn phòng',
  timestamp: '2026-12-05T09:00:00.000Z',
  attachments: [],
};

function refusalOf(text: string): EnvelopeRefusal {
  try {
    parseEnvelope(text);
  } catch (error) {
    assert.ok(error instanceof EnvelopeRefusal, `expected EnvelopeRefusal, got ${String(error)}`);
    return error;
  }
  assert.fail('parsed');
}

describe('edXML builder and parser', () => {
  it('round-trips a package and its signature verifies', () => {
    const text = buildEnvelope(pkg(), sign);
    assert.match(text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<edXML:edXMLEnvelope xmlns:edXML="http:\/\/www.mic.gov.vn\/TBT\/QCVN_102_2016">/);
    const parsed = parseEnvelope(text);
    assert.deepEqual(parsed.message, pkg());
    assert.equal(parsed.signature.keyName, '000.00.00.H29');
    assert.ok(verifySignature(KEY.publicKey, parsed.signedBytes, parsed.signature.value));
    assert.deepEqual(parsed.signedBytes, bytesToSign(pkg()));
  });

  it('round-trips a status message', () => {
    const parsed = parseEnvelope(buildEnvelope(status, sign));
    assert.deepEqual(parsed.message, status);
    assert.ok(verifySignature(KEY.publicKey, parsed.signedBytes, parsed.signature.value));
  });

  it('a changed header breaks the signature; another key does not verify', () => {
    const text = buildEnvelope(pkg(), sign).replace('Về việc phối hợp', 'Về việc khác');
    const parsed = parseEnvelope(text);
    assert.equal(verifySignature(KEY.publicKey, parsed.signedBytes, parsed.signature.value), false);
    const other = generateSigningKey();
    const clean = parseEnvelope(buildEnvelope(pkg(), sign));
    assert.equal(verifySignature(other.publicKey, clean.signedBytes, clean.signature.value), false);
    assert.equal(verifySignature('not a key', clean.signedBytes, clean.signature.value), false);
  });

  it('whitespace between elements does not change the signed bytes', () => {
    const text = buildEnvelope(pkg(), sign).replace(/<edXML:To>/g, '\n  <edXML:To>');
    const parsed = parseEnvelope(text);
    assert.ok(verifySignature(KEY.publicKey, parsed.signedBytes, parsed.signature.value));
  });

  const good = buildEnvelope(pkg(), sign);
  const bad: Array<[string, string]> = [
    ['a DOCTYPE (XXE)', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${good.slice(good.indexOf('<edXML:edXMLEnvelope'))}`],
    ['an unknown entity', good.replace('Về việc', '&e; Về việc')],
    ['a processing instruction', good.replace('<edXML:edXMLHeader>', '<?php x ?><edXML:edXMLHeader>')],
    ['unclosed element', good.slice(0, -30)],
    ['mismatched tags', good.replace('</edXML:Subject>', '</edXML:Subjekt>')],
    ['another root', good.replace(/edXMLEnvelope/g, 'Envelope')],
    ['another namespace', good.replace('QCVN_102_2016', 'other')],
    ['an undeclared prefix', good.replace('<edXML:Subject>', '<x:Subject>').replace('</edXML:Subject>', '</x:Subject>')],
    ['a missing Signature', good.replace(/<edXML:Signature>.*<\/edXML:Signature>/, '')],
    ['a missing From', good.replace(/<edXML:From>.*?<\/edXML:From>/, '')],
    ['an unexpected element', good.replace('<edXML:Subject>', '<edXML:Extra>1</edXML:Extra><edXML:Subject>')],
    ['a bad DocumentId', good.replace('6f1c1c1e-7d3b-4c55-9a57-0d5c1d0e9a11', 'abc')],
    ['a bad date', good.replace('<edXML:PromulgationDate>2026-12-05', '<edXML:PromulgationDate>2026-02-30')],
    ['a bad OrganId', good.replace(/000\.00\.00\.G14/, '../../etc')],
    ['bad base64', good.replace(/<edXML:ContentTransferEncoded>[^<]*/, '<edXML:ContentTransferEncoded>!!!')],
    ['a refused content type', good.replace('application/pdf', 'application/x-msdownload')],
    ['a path in a file name', good.replace('cong-van.pdf', '../cong-van.pdf')],
    ['text beside elements', good.replace('<edXML:Code>', '<edXML:Code>text')],
    ['a key name other than the sender', good.replace(/<edXML:KeyName>[^<]*/, '<edXML:KeyName>000.00.00.X')],
    ['an unknown status code', buildEnvelope(status, sign).replace('<edXML:StatusCode>04', '<edXML:StatusCode>99')],
    ['empty input', ''],
    ['not XML', 'hello'],
    ['JSON', '{"a":1}'],
  ];
  for (const [name, text] of bad) {
    it(`refuses ${name} as malformed`, () => {
      assert.equal(refusalOf(text).reason, 'malformed');
    });
  }

  it('refuses an envelope over the size limit as too_large', () => {
    assert.equal(
      (() => {
        try {
          parseEnvelope(good, 100);
        } catch (error) {
          return (error as EnvelopeRefusal).reason;
        }
        return 'parsed';
      })(),
      'too_large',
    );
  });

  it('refuses deep nesting and too many elements (bounded)', () => {
    assert.throws(() => parseXml('<a>'.repeat(50) + '</a>'.repeat(50)), (e: unknown) => e instanceof XmlRefusal && e.reason === 'too_deep');
    assert.throws(() => parseXml(`<a>${'<b></b>'.repeat(6000)}</a>`), (e: unknown) => e instanceof XmlRefusal && e.reason === 'too_many_nodes');
  });

  it('the builder refuses what the parser would refuse', () => {
    assert.throws(() => buildEnvelope(pkg({ to: [] }), sign), EnvelopeRefusal);
    assert.throws(() => buildEnvelope(pkg({ promulgationDate: '2026-13-01' }), sign), EnvelopeRefusal);
    assert.throws(() => buildEnvelope(pkg({ from: { organId: 'a b', organName: 'x' } }), sign), EnvelopeRefusal);
    assert.throws(() => buildEnvelope(pkg({ attachments: [{ contentId: 'a', contentType: 'application/pdf', name: 'a.pdf', description: '', signed: false, bytes: Buffer.alloc(0) }] }), sign), EnvelopeRefusal);
  });
});

describe('status codes', () => {
  const cases: Array<[Parameters<typeof nextState>[0], keyof typeof STATUS_CODES, string]> = [
    ['sent', '01', 'received'],
    ['received', '04', 'assigned'],
    ['assigned', '01', 'assigned'],
    ['assigned', '06', 'completed'],
    ['completed', '02', 'completed'],
    ['sent', '02', 'refused'],
    ['refused', '06', 'refused'],
    ['in_progress', '03', 'in_progress'],
  ];
  for (const [from, code, to] of cases) {
    it(`${from} + ${code} → ${to}`, () => assert.equal(nextState(from, code), to));
  }
  it('checks partner keys', () => {
    assert.ok(isEd25519PublicKey(KEY.publicKey));
    assert.equal(isEd25519PublicKey('-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----'), false);
  });
});

describe('edXML properties', () => {
  const visible = fc.string({ minLength: 1, maxLength: 40 }).map((s) => s.replace(/[\u0000-\u001f\ufffe\uffff\ud800-\udfff]/g, '').trim()).filter((s) => s.length > 0);
  const organId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/);

  it('round-trips any package the builder writes', () => {
    fc.assert(
      fc.property(organId, visible, visible, fc.array(fc.tuple(organId, visible), { minLength: 1, maxLength: 4 }), fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.constantFrom('normal', 'urgent', 'very_urgent', 'flash'), (from, name, subject, to, bytes, priority) => {
        const message = pkg({
          from: { organId: from, organName: name },
          to: to.map(([o, n]) => ({ organId: o, organName: n })),
          subject,
          priority: priority as PackageMessage['priority'],
          attachments: [{ contentId: 'a1', contentType: 'application/pdf', name: 'x.pdf', description: name, signed: false, bytes: Buffer.from(bytes) }],
        });
        const parsed = parseEnvelope(buildEnvelope(message, sign));
        assert.deepEqual(parsed.message, message);
        assert.ok(verifySignature(KEY.publicKey, parsed.signedBytes, parsed.signature.value));
      }),
      { numRuns: 60 },
    );
  });

  it('never throws anything but EnvelopeRefusal, whatever the input', () => {
    const base = buildEnvelope(pkg(), sign);
    const mutated = fc.tuple(fc.nat({ max: base.length }), fc.nat({ max: 40 }), fc.string({ maxLength: 20 })).map(([at, cut, insert]) => base.slice(0, at) + insert + base.slice(Math.min(base.length, at + cut)));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), mutated, fc.constant(base)), (text) => {
        try {
          parseEnvelope(text);
        } catch (error) {
          assert.ok(error instanceof EnvelopeRefusal, String(error));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the XML reader reads back what canonical writes', () => {
    fc.assert(
      fc.property(visible, visible, (a, b) => {
        const tree = { ns: 'urn:x', name: 'r', attrs: { k: a }, children: [{ ns: 'urn:x', name: 'c', attrs: {}, children: [], text: b }], text: '' };
        const text = canonical(tree, 'p', 'urn:x');
        assert.deepEqual(parseXml(text), tree);
        assert.equal(canonical(parseXml(text), 'p', 'urn:x'), text);
      }),
      { numRuns: 100 },
    );
  });
});
