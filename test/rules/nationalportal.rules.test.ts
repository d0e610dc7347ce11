// The National Public Service Portal exchange's pure rules: the portal's dates (Vietnam time), the inbound
// dossier's checks (including files only from the portal), the messages of a step, back-off and the alert.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channelLabel, isOnlineChannel } from '../../src/modules/kernel/dossier.ts';
import { alerting, backoffMs, documentFor, messagesOf, pushMessageOf, parsePortalDateTime, portalDateTime, readInbound, type StepFacts } from '../../src/modules/nationalportal/nationalportal.rules.ts';
import { parseMultipart, portalTime } from '../../src/simulators/national-portal.ts';

const PORTAL = 'http://127.0.0.1:4000';
const SHA = 'ab'.repeat(32);
const base = { MaHoSo: 'G22-261205-000001', MaTTHC: '1.001823', ChuHoSo: 'Lê Thị Mai', MaDoiTuong: '079190000101' };

describe('portal dates: yyyyMMddHHmmss in Vietnam time', () => {
  const cases: Array<[string, string]> = [
    ['2026-12-05T03:04:05Z', '20261205100405'],
    ['2026-12-31T17:00:00Z', '20270101000000'],
    ['2026-02-28T16:59:59Z', '20260228235959'],
  ];
  for (const [iso, text] of cases) {
    it(`${iso} ↔ ${text}`, () => {
      assert.equal(portalDateTime(new Date(iso)), text);
      assert.equal(portalTime(new Date(iso)), text, 'the simulator agrees');
      assert.equal(parsePortalDateTime(text)?.toISOString(), new Date(iso).toISOString());
    });
  }
  for (const bad of ['2026120510040', '20261305100405', '20260230100000', '2026-12-05 10:04', '']) {
    it(`refuses "${bad}"`, () => assert.equal(parsePortalDateTime(bad), null));
  }
});

describe('the inbound dossier', () => {
  it('maps a complete dossier', () => {
    const read = readInbound({ ...base, SoDienThoai: '0987654321', DuLieuBieuMau: { requestContent: 'x' }, TaiLieuNop: [{ TepDinhKemId: 'f1', TenTepDinhKem: 'a.pdf', DuongDanTaiTepTin: `${PORTAL}/files/1`, MaBamSHA256: SHA.toUpperCase() }] }, PORTAL);
    assert.ok('dossier' in read);
    assert.equal(read.dossier.applicant.personalId, '079190000101');
    assert.equal(read.dossier.files[0]!.sha256, SHA, 'hashes compared in lower case');
  });
  const refusals: Array<[string, Record<string, unknown>, string]> = [
    ['a national code with other characters', { ...base, MaHoSo: 'G22/../1' }, 'MaHoSo'],
    ['no procedure code', { ...base, MaTTHC: ' ' }, 'MaTTHC'],
    ['a personal ID of 9 digits', { ...base, MaDoiTuong: '123456789' }, 'MaDoiTuong'],
    ['no applicant name', { ...base, ChuHoSo: '' }, 'ChuHoSo'],
    ['a bad phone', { ...base, SoDienThoai: '12345' }, 'SoDienThoai'],
    ['a bad e-mail', { ...base, Email: 'not-an-address' }, 'Email'],
    ['a file without a hash', { ...base, TaiLieuNop: [{ TenTepDinhKem: 'a.pdf', DuongDanTaiTepTin: `${PORTAL}/f` }] }, 'TaiLieuNop/0/MaBamSHA256'],
    ['a file with a short hash', { ...base, TaiLieuNop: [{ TenTepDinhKem: 'a.pdf', DuongDanTaiTepTin: `${PORTAL}/f`, MaBamSHA256: 'abc' }] }, 'TaiLieuNop/0/MaBamSHA256'],
    ['a file URL that is no URL', { ...base, TaiLieuNop: [{ TenTepDinhKem: 'a.pdf', DuongDanTaiTepTin: 'files/1', MaBamSHA256: SHA }] }, 'TaiLieuNop/0/DuongDanTaiTepTin'],
  ];
  for (const [name, item, field] of refusals) {
    it(`refuses ${name}`, () => {
      const read = readInbound(item, PORTAL);
      assert.ok('problem' in read);
      assert.equal(read.problem.field, field);
    });
  }
  it('never fetches a file from elsewhere than the portal (nor at all without a portal URL)', () => {
    for (const [url, origin] of [
      ['http://169.254.169.254/latest/meta-data', PORTAL],
      ['http://127.0.0.1:4001/files/1', PORTAL],
      [`${PORTAL}/files/1`, null],
    ] as const) {
      const read = readInbound({ ...base, TaiLieuNop: [{ TenTepDinhKem: 'a.pdf', DuongDanTaiTepTin: url, MaBamSHA256: SHA }] }, origin);
      assert.ok('problem' in read && read.problem.code === 'NATIONAL_PORTAL_FILE_URL_FOREIGN', url);
    }
  });
  it('skips files marked deleted', () => {
    const read = readInbound({ ...base, TaiLieuNop: [{ TenTepDinhKem: 'a.pdf', DuongDanTaiTepTin: 'http://elsewhere/x', MaBamSHA256: SHA, IsDeleted: true }] }, PORTAL);
    assert.ok('dossier' in read && read.dossier.files.length === 0);
  });
  it('attaches a file to the document named, else the first', () => {
    const docs = [
      { id: 'b', position: 2 },
      { id: 'a', position: 1 },
    ];
    assert.equal(documentFor(docs, 'b'), 'b');
    assert.equal(documentFor(docs, '2'), 'b');
    assert.equal(documentFor(docs, 'zzz'), 'a');
    assert.equal(documentFor(docs, null), 'a');
    assert.equal(documentFor([], null), null);
  });
});

describe('the messages of a step', () => {
  const facts: StepFacts = {
    nationalCode: 'G22-1',
    status: 2,
    previousStatus: 1,
    action: 'accept',
    at: new Date('2026-12-05T02:00:00Z'),
    content: 'Tiếp nhận hồ sơ',
    handler: 'Phạm Thị Thu',
    department: 'Bộ phận Một cửa',
    legalEnd: new Date('2026-12-19T10:00:00Z'),
    receivedAt: new Date('2026-12-05T02:00:00Z'),
    appointmentAt: new Date('2026-12-19T10:00:00Z'),
    finishedAt: null,
    returnedAt: null,
  };
  it('a status change: progress then status', () => {
    const [progress, status, ...rest] = messagesOf(facts);
    assert.equal(rest.length, 0);
    assert.deepEqual(progress, {
      kind: 'progress',
      payload: { MaHoSo: 'G22-1', NguoiXuLy: 'Phạm Thị Thu', ChucDanh: '', ThoiDiemXuLy: '20261205090000', PhongBanXuLy: 'Bộ phận Một cửa', NoiDungXuLy: 'Tiếp nhận hồ sơ', TrangThai: 2, NgayBatDau: '20261205090000', NgayKetThucTheoQuyDinh: '20261219170000' },
    });
    assert.equal(status!.kind, 'status');
    assert.equal(status!.payload.TrangThaiHoSo, 2);
    assert.equal(status!.payload.NgayTiepNhan, '20261205090000');
    assert.equal(status!.payload.NgayHenTra, '20261219170000');
  });
  it('a hand-over inside the workflow (4 → 4): progress only', () => {
    const planned = messagesOf({ ...facts, status: 4, previousStatus: 4, action: 'forward' });
    assert.deepEqual(planned.map((m) => m.kind), ['progress']);
  });
  it('every national status 1–10 is reported', () => {
    for (let status = 1; status <= 10; status++) {
      const planned = messagesOf({ ...facts, status, previousStatus: status === 1 ? null : status - 1 });
      assert.equal(planned.find((m) => m.kind === 'status')?.payload.TrangThaiHoSo, status);
    }
  });
});

describe('the push of one of our own online dossiers', () => {
  it('creates the dossier there under our code (isUpdating false) with its current national status', () => {
    const m = pushMessageOf({
      code: '000.00.12.G14-261205-0001',
      procedureCode: '1.001823',
      procedureName: 'Đăng ký quyền tác giả',
      applicantName: 'Nguyễn Văn An',
      applicantKind: 'citizen',
      idNumber: '079090001234',
      phone: '0912345678',
      email: null,
      status: 1,
      submittedAt: new Date('2026-12-05T01:00:00Z'),
      receivedAt: null,
      appointmentAt: null,
    });
    assert.equal(m.kind, 'status');
    assert.equal(m.payload.isUpdating, false);
    assert.equal(m.payload.MaHoSo, '000.00.12.G14-261205-0001');
    assert.equal(m.payload.KenhThucHien, 2);
    assert.equal(m.payload.LoaiDoiTuong, 1);
    assert.equal(m.payload.NgayNopHoSo, '20261205080000');
    assert.equal(m.payload.NgayTiepNhan, '');
    assert.equal(m.payload.TrangThaiHoSo, 1);
  });
});

describe('retries and the alert', () => {
  it('back-off doubles from 30 s and stops at 15 minutes', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 50].map(backoffMs), [30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000]);
  });
  it('alerts only past the configured minutes of unreachability', () => {
    const since = new Date('2026-12-05T00:00:00Z');
    assert.equal(alerting(null, new Date('2026-12-06T00:00:00Z'), 30), false);
    assert.equal(alerting(since, new Date('2026-12-05T00:30:00Z'), 30), false);
    assert.equal(alerting(since, new Date('2026-12-05T00:30:01Z'), 30), true);
  });
});

describe('the channel', () => {
  it('4 is the national portal and counts as online', () => {
    assert.equal(channelLabel(4), 'Cổng Dịch vụ công quốc gia');
    assert.equal(channelLabel(4, 'en'), 'National Public Service Portal');
    assert.deepEqual([1, 2, 3, 4].map(isOnlineChannel), [false, true, false, true]);
  });
});

describe('the simulator reads its multipart form', () => {
  it('fields and one file', () => {
    const boundary = 'XyZ';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="fullName"\r\n\r\nLê Thị Mai\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      Buffer.from([0x25, 0x50, 0x44, 0x46, 0x0d, 0x0a, 0x00]),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const parsed = parseMultipart(body, `multipart/form-data; boundary=${boundary}`);
    assert.equal(parsed.fields.fullName, 'Lê Thị Mai');
    assert.equal(parsed.files.length, 1);
    assert.deepEqual([...parsed.files[0]!.bytes], [0x25, 0x50, 0x44, 0x46, 0x0d, 0x0a, 0x00]);
  });
});
