// Catalog sync with the national portal, pure rules (table-driven): the portal's timestamps, reading one entry of
// LayThuTuc (every malformed property named), what a sync does with an entry given what we hold, the documents of
// a new version (our templates kept).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  countOutcomes,
  decideEntry,
  formatPortalTimestamp,
  mergeDocuments,
  parsePortalProcedure,
  parsePortalTimestamp,
  type LocalProcedure,
  type NationalContent,
  type PortalProcedure,
} from '../../src/modules/catalog/catalog.sync.rules.ts';
import { toPortalEntry } from '../../src/simulators/national-portal.catalog.ts';
import { vhttdl } from '../../src/seed/catalog-data/vhttdl.ts';

const base = vhttdl.find((p) => p.code === '1.001823')!;
const entry = (extra: Record<string, unknown> = {}) => toPortalEntry(base, extra);

describe('portal timestamps: yyyyMMddHHmmss in Vietnam time', () => {
  it('reads and writes the instant', () => {
    assert.equal(parsePortalTimestamp('20250701080000')?.toISOString(), '2025-07-01T01:00:00.000Z');
    assert.equal(parsePortalTimestamp('20251231235959')?.toISOString(), '2025-12-31T16:59:59.000Z');
    assert.equal(formatPortalTimestamp(new Date('2025-07-01T01:00:00Z')), '20250701080000');
    assert.equal(formatPortalTimestamp(new Date('2025-12-31T17:00:00Z')), '20260101000000');
  });
  const bad: Array<[string, unknown]> = [
    ['empty', ''],
    ['too short', '202507010800'],
    ['month 13', '20251301080000'],
    ['31 February', '20250231080000'],
    ['hour 24', '20250701240000'],
    ['ISO text', '2025-07-01T08:00:00'],
    ['a number', 20250701080000],
    ['null', null],
  ];
  for (const [label, value] of bad) it(`refuses ${label}`, () => assert.equal(parsePortalTimestamp(value), null));
});

describe('parsePortalProcedure: one entry of LayThuTuc', () => {
  it('reads the national content of a well-formed entry', () => {
    const parsed = parsePortalProcedure(entry());
    assert.ok(parsed.ok);
    const { content, withdrawn, publishedAt, fieldName } = parsed.value;
    assert.equal(content.code, '1.001823');
    assert.equal(content.agencyCode, '000.00.12.G14');
    assert.deepEqual(content.audience, base.audience);
    assert.deepEqual(content.documents, base.documents.map((d) => ({ name: d.name, copies: d.copies ?? 1, originalKind: d.originalKind })));
    assert.deepEqual(content.timeLimit, base.timeLimit);
    assert.equal(fieldName, 'Bản quyền tác giả');
    assert.equal(withdrawn, false);
    assert.equal(publishedAt?.toISOString(), '2025-07-01T01:00:00.000Z');
  });

  it('reads a withdrawn entry (TrangThai 0) and one without a publication date', () => {
    const parsed = parsePortalProcedure(entry({ TrangThai: 0, NgayCongBo: null }));
    assert.ok(parsed.ok);
    assert.equal(parsed.value.withdrawn, true);
    assert.equal(parsed.value.publishedAt, null);
  });

  const malformed: Array<[string, unknown, string]> = [
    ['not an object', 'text', 'entry'],
    ['an array', [], 'entry'],
    ['a code of another format', entry({ MaTTHC: '1823' }), 'MaTTHC'],
    ['no name', entry({ TenTTHC: '' }), 'TenTTHC'],
    ['a name too long', entry({ TenTTHC: 'x'.repeat(501) }), 'TenTTHC'],
    ['no agency', entry({ MaCoQuan: undefined }), 'MaCoQuan'],
    ['a field code with capitals', entry({ MaLinhVuc: 'Ban-Quyen' }), 'MaLinhVuc'],
    ['an unknown level', entry({ CapThucHien: 7 }), 'CapThucHien'],
    ['an empty audience', entry({ DoiTuongThucHien: [] }), 'DoiTuongThucHien'],
    ['an unknown audience', entry({ DoiTuongThucHien: [1, 9] }), 'DoiTuongThucHien'],
    ['online level 5', entry({ MucDo: 5 }), 'MucDo'],
    ['an unknown online class', entry({ HinhThucTrucTuyen: 'Nua' }), 'HinhThucTrucTuyen'],
    ['a step without text', entry({ TrinhTuThucHien: [{ NoiDung: '' }] }), 'TrinhTuThucHien'],
    ['documents not a list', entry({ ThanhPhanHoSo: 'Tờ khai' }), 'ThanhPhanHoSo'],
    ['a document of an unknown kind', entry({ ThanhPhanHoSo: [{ TenGiayTo: 'Tờ khai', SoBan: 1, LoaiBan: 'BanNhap' }] }), 'ThanhPhanHoSo'],
    ['negative copies', entry({ ThanhPhanHoSo: [{ TenGiayTo: 'Tờ khai', SoBan: -1, LoaiBan: 'BanChinh' }] }), 'ThanhPhanHoSo'],
    ['a time limit in weeks', entry({ ThoiHanGiaiQuyet: { SoLuong: 2, DonVi: 'Tuan' } }), 'ThoiHanGiaiQuyet'],
    ['a time limit as text', entry({ ThoiHanGiaiQuyet: { SoLuong: '15', DonVi: 'NgayLamViec' } }), 'ThoiHanGiaiQuyet'],
    ['a negative fee', entry({ PhiLePhi: [{ MoTa: 'Lệ phí', MucPhi: -5 }] }), 'PhiLePhi'],
    ['a fractional fee', entry({ PhiLePhi: [{ MoTa: 'Lệ phí', MucPhi: 1.5 }] }), 'PhiLePhi'],
    ['a legal basis as text', entry({ CanCuPhapLy: ['Luật'] }), 'CanCuPhapLy'],
    ['no result', entry({ KetQuaThucHien: ' ' }), 'KetQuaThucHien'],
    ['no place', entry({ DiaChiTiepNhan: undefined }), 'DiaChiTiepNhan'],
    ['an unknown status', entry({ TrangThai: 2 }), 'TrangThai'],
    ['a publication date in another format', entry({ NgayCongBo: '01/07/2025' }), 'NgayCongBo'],
  ];
  for (const [label, raw, detail] of malformed) {
    it(`names the property of ${label}`, () => assert.deepEqual(parsePortalProcedure(raw), { ok: false, reason: 'MALFORMED', detail }));
  }
});

describe('decideEntry: what a sync does with a valid entry', () => {
  const portal = (change: Partial<NationalContent> = {}, withdrawn = false): PortalProcedure => {
    const parsed = parsePortalProcedure(entry());
    assert.ok(parsed.ok);
    return { ...parsed.value, content: { ...parsed.value.content, ...change }, withdrawn };
  };
  const ours = portal().content;
  const changed: Partial<NationalContent> = { timeLimit: { value: 10, unit: 'working_days' } };
  const local = (over: Partial<LocalProcedure> = {}): LocalProcedure => ({ agencyCode: '000.00.12.G14', draft: null, current: ours, ...over });
  const cases: Array<[string, PortalProcedure, LocalProcedure | null, boolean, unknown]> = [
    ['a procedure we do not have, of one of our agencies', portal(), null, true, { outcome: 'created' }],
    ['a procedure we do not have, of an agency we do not know', portal(), null, false, { outcome: 'error', reason: 'UNKNOWN_AGENCY', detail: '000.00.12.G14' }],
    ['a withdrawn procedure we do not have', portal({}, true), null, true, { outcome: 'unchanged' }],
    ['ours, the same', portal(), local(), true, { outcome: 'unchanged' }],
    ['ours, with our template names (not compared)', portal(), local({ current: { ...ours, documents: ours.documents.map((d) => ({ ...d, templateName: 'mau.docx' })) } }), true, { outcome: 'unchanged' }],
    ['ours, changed there', portal(changed), local(), true, { outcome: 'updated' }],
    ['ours, another name there', portal({ name: 'Cấp Giấy chứng nhận đăng ký quyền tác giả (sửa đổi)' }), local(), true, { outcome: 'updated' }],
    ['ours, with another agency there', portal({ agencyCode: '000.00.13.G14' }), local(), true, { outcome: 'error', reason: 'AGENCY_MISMATCH', detail: '000.00.13.G14' }],
    ['ours, withdrawn there', portal({}, true), local(), true, { outcome: 'withdrawn' }],
    ['ours with a draft saying the same', portal(changed), local({ draft: { ...ours, ...changed } }), true, { outcome: 'unchanged' }],
    ['ours with a draft saying something else', portal(changed), local({ draft: ours }), true, { outcome: 'error', reason: 'DRAFT_PENDING' }],
  ];
  for (const [label, p, l, known, expected] of cases) it(label, () => assert.deepEqual(decideEntry(p, l, known), expected));

  it('counts the outcomes of a run', () => {
    assert.deepEqual(countOutcomes(['created', 'updated', 'unchanged', 'unchanged', 'withdrawn', 'error', 'error']), { created: 1, updated: 1, unchanged: 2, withdrawn: 1, errors: 2 });
  });
});

describe('mergeDocuments: the portal list with our own parts kept by document name', () => {
  it('keeps our template and data-sharing mark of a document of the same name, nothing for new ones', () => {
    const merged = mergeDocuments(
      [
        { name: 'Tờ khai (Mẫu số 01)', copies: 1, originalKind: 'original' },
        { name: 'Giấy tờ mới', copies: 2, originalKind: 'copy' },
      ],
      [{ name: 'Tờ khai (Mẫu số 01) ', template_name: 'mau-01.docx', template_file_id: '7d7b1c1e-0000-4000-8000-000000000001', shared_source: 'population' as const }],
    );
    assert.deepEqual(merged, [
      { name: 'Tờ khai (Mẫu số 01)', copies: 1, original_kind: 'original', template_name: 'mau-01.docx', template_file_id: '7d7b1c1e-0000-4000-8000-000000000001', shared_source: 'population' },
      { name: 'Giấy tờ mới', copies: 2, original_kind: 'copy', template_name: null, template_file_id: null, shared_source: null },
    ]);
  });
});
