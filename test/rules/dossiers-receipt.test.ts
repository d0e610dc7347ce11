import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import QRCode from 'qrcode';
import { receiptFileName, renderReceipt, timeLimitText, vietnameseNumberWords, type ReceiptData } from '../../src/modules/dossiers/dossiers.receipt.ts';
import { receiptMessages } from '../../src/modules/dossiers/dossiers.receipt.messages.ts';
import { extractText } from '../helpers/pdf.ts';

const DATA: ReceiptData = {
  code: '000.00.12.G14-261123-0007',
  agencyName: 'Cục Bản quyền tác giả',
  applicantName: 'Nguyễn Văn An',
  idNumber: '079090001234',
  idKind: 'personalId',
  phone: '0912345678',
  procedureName: 'Cấp Giấy chứng nhận đăng ký quyền tác giả',
  procedureCode: '1.001823',
  documents: [
    { position: 1, name: 'Tờ khai đăng ký quyền tác giả', copies: 1, files: ['to-khai.pdf'] },
    { position: 3, name: 'Bản in tác phẩm', copies: 2, files: ['tac-pham-1.pdf', 'ảnh-bìa.png'] },
  ],
  receivedAt: new Date('2026-11-23T03:05:00Z'), // 10:05 in Vietnam
  timeLimit: { value: 15, unit: 'working_days', sameDay: false },
  expectedDate: '2026-12-14',
  lookupUrl: 'https://dvc.example.vn/tra-cuu',
  lookupSecret: 'K7M2QX9P',
};

describe('acknowledgement of an online submission (pure)', () => {
  it('writes numbers 0..999 in Vietnamese words', () => {
    const cases: Array<[number, string | null]> = [
      [0, 'không'],
      [1, 'một'],
      [5, 'năm'],
      [10, 'mười'],
      [11, 'mười một'],
      [15, 'mười lăm'],
      [20, 'hai mươi'],
      [21, 'hai mươi mốt'],
      [24, 'hai mươi tư'],
      [25, 'hai mươi lăm'],
      [30, 'ba mươi'],
      [45, 'bốn mươi lăm'],
      [100, 'một trăm'],
      [105, 'một trăm linh năm'],
      [110, 'một trăm mười'],
      [115, 'một trăm mười lăm'],
      [999, 'chín trăm chín mươi chín'],
      [1000, null],
      [-1, null],
      [1.5, null],
    ];
    for (const [n, words] of cases) assert.equal(vietnameseNumberWords(n), words, String(n));
  });

  it('states the legal processing time in words', () => {
    const cases: Array<[ReceiptData['timeLimit'], string]> = [
      [{ value: 15, unit: 'working_days', sameDay: false }, '15 (mười lăm) ngày làm việc'],
      [{ value: 1, unit: 'working_days', sameDay: false }, '1 (một) ngày làm việc'],
      [{ value: 0.5, unit: 'working_days', sameDay: false }, '0,5 ngày làm việc'],
      [{ value: 3, unit: 'half_days', sameDay: false }, '3 (ba) buổi làm việc'],
      [{ value: 4, unit: 'hours', sameDay: false }, '4 (bốn) giờ làm việc'],
      [{ value: 0, unit: 'working_days', sameDay: true }, 'Trong ngày làm việc'],
    ];
    for (const [limit, text] of cases) assert.equal(timeLimitText(limit), text);
    assert.equal(timeLimitText({ value: 15, unit: 'working_days', sameDay: false }, 'en'), '15 working day(s)');
  });

  it('gives a safe download file name', () => {
    const cases: Array<[string, string]> = [
      ['000.00.12.G14-261123-0001', 'giay-xac-nhan-000.00.12.G14-261123-0001.pdf'],
      ['../../etc/passwd', 'giay-xac-nhan-etc-passwd.pdf'],
      ['A B"C;\r\nD', 'giay-xac-nhan-A-B-C---D.pdf'],
      ['', 'giay-xac-nhan-ho-so.pdf'],
    ];
    for (const [code, name] of cases) assert.equal(receiptFileName(code), name, code);
  });

  it('has the same keys in both languages', () => {
    assert.deepEqual(Object.keys(receiptMessages.en).sort(), Object.keys(receiptMessages.vi).sort());
  });
});

describe('acknowledgement PDF', async () => {
  const pdf = await renderReceipt(DATA, { compress: false });
  const raw = pdf.toString('latin1');
  const text = extractText(pdf);

  it('is a PDF with the DejaVu Sans font embedded (subset, with its glyph data)', () => {
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(raw, /\/BaseFont \/[A-Z]{6}\+DejaVuSans\n/);
    assert.match(raw, /\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold\n/);
    assert.match(raw, /\/FontFile2 \d+ 0 R/);
    assert.match(raw, /\/MediaBox \[0 0 595\.28 841\.89\]/);
    assert.match(raw, /%%EOF\s*$/);
  });

  it('carries the code in its metadata', () => {
    assert.match(raw, /\/Subject \d+ 0 R/);
    assert.ok(raw.includes(`(${DATA.code})`), 'code as a PDF string');
  });

  it('shows every part of the acknowledgement, in Vietnamese', () => {
    const expected = [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'CỤC BẢN QUYỀN TÁC GIẢ',
      'GIẤY XÁC NHẬN ĐÃ NHẬN HỒ SƠ TRỰC TUYẾN',
      'Mẫu số 01',
      `Mã hồ sơ: ${DATA.code}`,
      'Người nộp hồ sơ: Nguyễn Văn An',
      'Số định danh cá nhân: 079090001234',
      'Số điện thoại: 0912345678',
      'Cấp Giấy chứng nhận đăng ký quyền tác giả (mã thủ tục: 1.001823)',
      '1. Tờ khai đăng ký quyền tác giả',
      'Số bản: 1; 1 tệp: to-khai.pdf',
      '2. Bản in tác phẩm',
      'Số bản: 2; 2 tệp: tac-pham-1.pdf, ảnh-bìa.png',
      'Thời điểm nhận hồ sơ: 10:05 23/11/2026',
      'Thời hạn giải quyết theo quy định: 15 (mười lăm) ngày làm việc',
      'Ngày hẹn trả kết quả (dự kiến): 14/12/2026',
      'https://dvc.example.vn/tra-cuu',
      'Mã tra cứu: K7M2QX9P',
    ];
    for (const part of expected) assert.ok(text.includes(part), `missing "${part}" in: ${text}`);
    assert.ok(!text.includes('\uFFFD'), 'every glyph maps back to text');
  });

  it('says when the date and the secret are not known', async () => {
    const other = extractText(
      await renderReceipt({ ...DATA, expectedDate: null, lookupSecret: null, idKind: 'taxCode', idNumber: '0101234567', documents: [] }, { compress: false }),
    );
    assert.ok(other.includes('Ngày hẹn trả kết quả (dự kiến): sẽ được thông báo khi tiếp nhận'), other);
    assert.ok(other.includes('Mã tra cứu đã được hiển thị trên trang xác nhận'), other);
    assert.ok(other.includes('Mã số thuế: 0101234567'), other);
    assert.ok(other.includes('Không có tệp đính kèm.'), other);
    assert.ok(!other.includes('K7M2QX9P'));
    assert.ok(!other.includes('14/12/2026'));
  });

  it('draws the QR code of the code as one square per dark module', () => {
    const qr = QRCode.create(DATA.code, { errorCorrectionLevel: 'M' });
    let dark = 0;
    for (let r = 0; r < qr.modules.size; r++) for (let c = 0; c < qr.modules.size; c++) if (qr.modules.get(r, c)) dark++;
    const cell = (86 / qr.modules.size).toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
    const squares = raw.match(new RegExp(` ${cell.replace('.', '\\.')} ${cell.replace('.', '\\.')} re\\n`, 'g')) ?? [];
    assert.equal(squares.length, dark);
  });

  it('is deterministic and depends on the data', async () => {
    const again = await renderReceipt(DATA, { compress: false });
    assert.ok(again.equals(pdf));
    const compressed = await renderReceipt(DATA);
    assert.ok(compressed.equals(await renderReceipt(DATA)));
    assert.ok(compressed.length < pdf.length);
    const other = await renderReceipt({ ...DATA, code: '000.00.12.G14-261123-0008' }, { compress: false });
    assert.ok(!other.equals(pdf));
    assert.ok(extractText(other).includes('000.00.12.G14-261123-0008'));
  });
});
