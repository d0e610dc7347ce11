import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { formFileName, renderForm, stepResultText } from '../../src/modules/printouts/printouts.pdf.ts';
import { trackingBookToXlsx } from '../../src/modules/printouts/printouts.excel.ts';
import { printoutsMessages } from '../../src/modules/printouts/printouts.messages.ts';
import type { AgencyHeading, ControlSheetData, FormDataMap, FormKind, TrackingBookData, TrackingBookRow } from '../../src/modules/printouts/printouts.types.ts';
import { extractText } from '../helpers/pdf.ts';

const AGENCY: AgencyHeading = { parentName: 'Bộ Văn hóa, Thể thao và Du lịch', name: 'Cục Bản quyền tác giả', place: 'Hà Nội' };
const CODE = '000.00.12.G14-261123-0007';
const ISSUED = new Date('2026-11-23T03:05:00Z'); // 10:05 on 23/11/2026 in Vietnam
const DOSSIER = {
  agency: AGENCY,
  issuedAt: ISSUED,
  code: CODE,
  applicantName: 'Nguyễn Văn An',
  procedureName: 'Cấp Giấy chứng nhận đăng ký quyền tác giả',
  procedureCode: '1.001823',
  receivedAt: new Date('2026-11-22T17:30:00Z'), // 00:30 on 23/11/2026 in Vietnam
};

const DATA: { [K in Exclude<FormKind, '07'>]: FormDataMap[K] } = {
  '01': {
    ...DOSSIER,
    idKind: 'personalId',
    idNumber: '079090001234',
    phone: '0912345678',
    address: 'Số 1 Hàng Bài, Hoàn Kiếm, Hà Nội',
    email: 'an@example.vn',
    requestContent: 'Đăng ký quyền tác giả bài hát "Mùa thu"',
    channel: 1,
    documents: [
      { name: 'Tờ khai đăng ký quyền tác giả', copies: 1, originalKind: 'original', files: ['to-khai.pdf'] },
      { name: 'Bản in tác phẩm', copies: 2, originalKind: 'copy' },
    ],
    timeLimit: { value: 15, unit: 'working_days', sameDay: false },
    appointmentAt: new Date('2026-12-14T09:00:00Z'), // 16:00 on 14/12/2026
    resultDelivery: 'post',
    lookupUrl: 'https://dvc.example.vn/tra-cuu',
    lookupSecret: 'K7M2QX9P',
    receiver: { name: 'Trần Thị Bình' },
  },
  '02': {
    ...DOSSIER,
    items: ['Bản sao giấy chứng minh quyền sở hữu', 'Tờ khai có chữ ký của tác giả', 'Hai bản in tác phẩm'],
    reason: 'Thiếu giấy tờ',
    contact: 'Bộ phận Một cửa, điện thoại 024 3823 6908',
    officer: { name: 'Trần Thị Bình' },
  },
  '03': { ...DOSSIER, reasons: ['Tác phẩm không thuộc đối tượng bảo hộ', 'Hồ sơ nộp sai cơ quan'], officer: { name: 'Trần Thị Bình' } },
  '04': {
    ...DOSSIER,
    reason: 'Cần xác minh thêm với cơ quan liên quan',
    oldAppointmentAt: new Date('2026-12-14T09:00:00Z'),
    newAppointmentAt: new Date('2026-12-21T02:30:00Z'), // 09:30 on 21/12/2026
    signer: { name: 'Lê Văn Cường' },
  },
  '05': { ...DOSSIER, reason: 'Có tranh chấp quyền tác giả đang được tòa án giải quyết', stoppedAt: new Date('2026-12-01T03:00:00Z'), signer: { name: 'Lê Văn Cường' } },
  '06': {
    ...DOSSIER,
    appointmentAt: new Date('2026-12-14T09:00:00Z'),
    dueAt: new Date('2026-12-14T10:00:00Z'),
    rows: [
      { from: 'Bộ phận Một cửa (Trần Thị Bình)', to: 'Phòng Quyền tác giả (Phạm Đức)', handedAt: new Date('2026-11-23T04:00:00Z'), dueAt: new Date('2026-11-24T10:00:00Z'), result: 'early' },
      { from: 'Phòng Quyền tác giả (Phạm Đức)', to: 'Lãnh đạo Cục', handedAt: new Date('2026-12-02T08:15:00Z'), dueAt: new Date('2026-12-02T10:00:00Z'), result: 'on_time' },
      { from: 'Lãnh đạo Cục', to: 'Bộ phận Một cửa', handedAt: new Date('2026-12-15T02:00:00Z'), dueAt: null, result: 'late', note: 'Ký muộn' },
      { from: 'Bộ phận Một cửa', to: 'Người nộp', handedAt: new Date('2026-12-16T02:00:00Z'), dueAt: null, result: null },
    ],
  } satisfies ControlSheetData,
};

function bookRows(n: number): TrackingBookRow[] {
  return Array.from({ length: n }, (_, i) => ({
    code: `000.00.12.G14-261123-${String(i + 1).padStart(4, '0')}`,
    procedureName: 'Cấp Giấy chứng nhận đăng ký quyền tác giả',
    applicantName: `Nguyễn Thị Hồng ${i + 1}`,
    contact: '0912345678',
    receivedAt: new Date(Date.UTC(2026, 10, 2, 2, i % 60)),
    appointmentAt: new Date(Date.UTC(2026, 10, 20, 9, 0)),
    finishedAt: i % 3 ? new Date(Date.UTC(2026, 10, 18, 3, 0)) : null,
    returnedAt: null,
    status: i % 3 ? 'Đã xử lý xong - trước hạn' : 'Đang xử lý',
    note: null,
  }));
}

const BOOK: TrackingBookData = { agency: AGENCY, issuedAt: ISSUED, from: '2026-11-01', to: '2026-11-30', rows: bookRows(3), keeper: { name: 'Trần Thị Bình' } };

const HEADINGS = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH', 'CỤC BẢN QUYỀN TÁC GIẢ', 'Hà Nội, ngày 23 tháng 11 năm 2026'];

const EXPECTED: Record<Exclude<FormKind, '07'>, string[]> = {
  '01': [
    'Mẫu số 01',
    'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    'Cục Bản quyền tác giả tiếp nhận hồ sơ của:',
    'Tổ chức, cá nhân nộp hồ sơ: Nguyễn Văn An',
    'Số định danh cá nhân: 079090001234',
    'Số điện thoại: 0912345678',
    'Thư điện tử: an@example.vn',
    'Địa chỉ: Số 1 Hàng Bài, Hoàn Kiếm, Hà Nội',
    'Thủ tục hành chính: Cấp Giấy chứng nhận đăng ký quyền tác giả (mã thủ tục: 1.001823)',
    'Nội dung yêu cầu giải quyết: Đăng ký quyền tác giả bài hát "Mùa thu"',
    'Hình thức nộp: Trực tiếp tại Bộ phận Một cửa',
    '1. Tờ khai đăng ký quyền tác giả',
    'Số lượng: 1 bản (bản chính); to-khai.pdf',
    '2. Bản in tác phẩm',
    'Số lượng: 2 bản (bản sao)',
    'Thời gian giải quyết hồ sơ theo quy định: 15 (mười lăm) ngày làm việc',
    'Thời gian nhận hồ sơ: 00:30 23/11/2026',
    'Thời gian trả kết quả giải quyết hồ sơ: 16:00 14/12/2026',
    'Hình thức nhận kết quả: Qua dịch vụ bưu chính công ích',
    'https://dvc.example.vn/tra-cuu',
    'K7M2QX9P',
    'NGƯỜI NỘP HỒ SƠ',
    'NGƯỜI TIẾP NHẬN HỒ SƠ',
    '(Ký và ghi rõ họ tên)',
    'Trần Thị Bình',
  ],
  '02': [
    'Mẫu số 02',
    'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
    'Ngày 23/11/2026, Cục Bản quyền tác giả tiếp nhận hồ sơ của Nguyễn Văn An',
    '1. Bản sao giấy chứng minh quyền sở hữu',
    '2. Tờ khai có chữ ký của tác giả',
    '3. Hai bản in tác phẩm',
    'Lý do: Thiếu giấy tờ',
    'Bộ phận Một cửa, điện thoại 024 3823 6908',
    'NGƯỜI HƯỚNG DẪN',
  ],
  '03': ['Mẫu số 03', 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', '1. Tác phẩm không thuộc đối tượng bảo hộ', '2. Hồ sơ nộp sai cơ quan', 'Thời điểm tiếp nhận: 00:30 23/11/2026', 'NGƯỜI TIẾP NHẬN HỒ SƠ'],
  '04': [
    'Mẫu số 04',
    'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
    'Kính gửi: Nguyễn Văn An',
    'Thời hạn trả kết quả giải quyết hồ sơ: 16:00 14/12/2026',
    'Lý do: Cần xác minh thêm với cơ quan liên quan',
    'Thời gian hẹn trả kết quả mới: 09:30 21/12/2026',
    'THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ',
    '(Ký, ghi rõ họ tên và đóng dấu)',
    'Lê Văn Cường',
  ],
  '05': ['Mẫu số 05', 'THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ', 'dừng xử lý hồ sơ nêu trên kể từ ngày 01/12/2026', 'Lý do: Có tranh chấp quyền tác giả đang được tòa án giải quyết', 'Lê Văn Cường'],
  '06': [
    'Mẫu số 06',
    'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
    'Bên giao',
    'Bên nhận',
    'Chữ ký bên giao, bên nhận',
    'Bộ phận Một cửa (Trần Thị Bình)',
    'Phòng Quyền tác giả (Phạm Đức)',
    '11:00 23/11/2026',
    '17:00 24/11/2026',
    'Trước hạn',
    'Đúng hạn',
    'Quá hạn',
    'Đang xử lý',
    'Ký muộn',
    'Thời gian hẹn trả kết quả: 16:00 14/12/2026',
  ],
};

async function textOf(kind: FormKind, data: unknown, locale: 'vi' | 'en' = 'vi'): Promise<{ pdf: Buffer; text: string }> {
  const pdf = await renderForm(kind, data as never, { compress: false, locale });
  return { pdf, text: extractText(pdf) };
}

describe('printable forms (pure helpers)', () => {
  it('has the same keys in both languages', () => {
    assert.deepEqual(Object.keys(printoutsMessages.en).sort(), Object.keys(printoutsMessages.vi).sort());
  });

  it('gives safe download names', () => {
    const cases: Array<[FormKind, string | null, string]> = [
      ['01', CODE, `mau-01-${CODE}.pdf`],
      ['06', '../../etc/passwd', 'mau-06-etc-passwd.pdf'],
      ['02', 'A B"C;\r\n', 'mau-02-A-B-C---.pdf'],
      ['07', null, 'mau-07-ho-so.pdf'],
    ];
    for (const [kind, code, name] of cases) assert.equal(formFileName(kind, code), name);
    assert.equal(formFileName('07', '2026-11-01_2026-11-30', 'xlsx'), 'mau-07-2026-11-01-2026-11-30.xlsx');
  });

  it('states step results in words', () => {
    assert.equal(stepResultText('early'), 'Trước hạn');
    assert.equal(stepResultText('on_time'), 'Đúng hạn');
    assert.equal(stepResultText('late'), 'Quá hạn');
    assert.equal(stepResultText(null), 'Đang xử lý');
    assert.equal(stepResultText('late', 'en'), 'Late');
  });
});

describe('printable forms 01–06', () => {
  for (const kind of Object.keys(EXPECTED) as Array<Exclude<FormKind, '07'>>) {
    it(`form ${kind}: headings, code, content with Vietnamese diacritics, A4 with the embedded font`, async () => {
      const { pdf, text } = await textOf(kind, DATA[kind]);
      const raw = pdf.toString('latin1');
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.match(raw, /\/BaseFont \/[A-Z]{6}\+DejaVuSans\n/);
      assert.match(raw, /\/MediaBox \[0 0 595\.28 841\.89\]/);
      for (const part of [...HEADINGS, `Mã hồ sơ: ${CODE}`, ...EXPECTED[kind]]) assert.ok(text.includes(part), `form ${kind}: missing "${part}" in: ${text}`);
      assert.ok(!text.includes('\uFFFD'), 'every glyph maps back to text');
      assert.ok(!/Trang \d+\/\d+/.test(text), 'a single page has no page number');
      // QR code (many small squares) and Code 128 bars are drawn as vector rectangles.
      assert.ok((raw.match(/ re\n/g) ?? []).length > 100, 'barcode and QR drawn');
    });
  }

  it('form 01 says when the appointment, the secret and the delivery are not known, and shows a tax code', async () => {
    const { text } = await textOf('01', { ...DATA['01'], appointmentAt: null, lookupSecret: null, resultDelivery: null, idKind: 'taxCode', idNumber: '0101234567', documents: [], channel: 3 });
    assert.ok(text.includes('Thời gian trả kết quả giải quyết hồ sơ: sẽ được thông báo sau'), text);
    assert.ok(text.includes('Mã số thuế: 0101234567'), text);
    assert.ok(text.includes('Không có thành phần hồ sơ.'), text);
    assert.ok(text.includes('Hình thức nộp: Qua dịch vụ bưu chính công ích'), text);
    assert.ok(!text.includes('K7M2QX9P'));
  });

  it('numbers the pages of a long receipt and keeps the signatures together', async () => {
    const documents = Array.from({ length: 40 }, (_, i) => ({ name: `Giấy tờ số ${i + 1} kèm theo hồ sơ đăng ký quyền tác giả`, copies: 1, originalKind: 'copy' }));
    const { pdf, text } = await textOf('01', { ...DATA['01'], documents });
    const pages = Number(/\/Type \/Pages\n\/Count (\d+)/.exec(pdf.toString('latin1'))?.[1]);
    assert.ok(pages >= 2, `pages: ${pages}`);
    for (let p = 1; p <= pages; p++) assert.ok(text.includes(`Trang ${p}/${pages}`), `page ${p}`);
    assert.ok(text.includes('40. Giấy tờ số 40'));
    assert.ok(text.indexOf('NGƯỜI NỘP HỒ SƠ') > text.indexOf('40. Giấy tờ số 40'));
  });

  it('renders in English on request', async () => {
    const { text } = await textOf('04', DATA['04'], 'en');
    for (const part of ['SOCIALIST REPUBLIC OF VIETNAM', 'APOLOGY AND NEW APPOINTMENT FOR THE RESULT', 'New appointment: 09:30 21/12/2026', 'Hà Nội, 23/11/2026']) assert.ok(text.includes(part), `missing "${part}" in ${text}`);
  });

  it('is deterministic and depends on the data', async () => {
    for (const kind of ['01', '06'] as const) {
      const a = await renderForm(kind, DATA[kind] as never, { compress: false });
      const b = await renderForm(kind, DATA[kind] as never, { compress: false });
      assert.ok(a.equals(b), `form ${kind} bytes differ`);
      const compressed = await renderForm(kind, DATA[kind] as never);
      assert.ok(compressed.equals(await renderForm(kind, DATA[kind] as never)));
      assert.ok(compressed.length < a.length);
    }
    const other = await textOf('02', { ...DATA['02'], code: '000.00.12.G14-261123-0008' });
    assert.ok(other.text.includes('000.00.12.G14-261123-0008'));
    assert.ok(!other.text.includes(CODE));
  });

  it('the control sheet without rows says so', async () => {
    const { text } = await textOf('06', { ...DATA['06'], rows: [] });
    assert.ok(text.includes('Chưa có lần giao, nhận hồ sơ.'), text);
  });
});

describe('tracking book (form 07)', () => {
  it('is a landscape table of the period without a dossier barcode', async () => {
    const { pdf, text } = await textOf('07', BOOK);
    const raw = pdf.toString('latin1');
    assert.match(raw, /\/MediaBox \[0 0 841\.89 595\.28\]/);
    for (const part of [...HEADINGS, 'Mẫu số 07', 'SỔ THEO DÕI HỒ SƠ', 'Từ ngày 01/11/2026 đến ngày 30/11/2026', 'Mã hồ sơ', 'Tên tổ chức, cá nhân', 'Ký nhận', 'Nguyễn Thị Hồng 3', '000.00.12.G14-261123-0003', 'Tổng số: 3 hồ sơ', 'NGƯỜI LẬP SỔ']) {
      assert.ok(text.includes(part), `missing "${part}" in: ${text}`);
    }
    assert.ok(!text.includes('Mã hồ sơ:'), 'no code block');
    assert.ok((raw.match(/ re\n/g) ?? []).length < 100, 'no QR code');
  });

  it('runs over several numbered pages with 200 rows, the header repeated', async () => {
    const rows = bookRows(200);
    const { pdf, text } = await textOf('07', { ...BOOK, rows });
    const pages = Number(/\/Type \/Pages\n\/Count (\d+)/.exec(pdf.toString('latin1'))?.[1]);
    assert.ok(pages > 3, `pages: ${pages}`);
    for (let p = 1; p <= pages; p++) assert.ok(text.includes(`Trang ${p}/${pages}`), `page number ${p}/${pages}`);
    assert.equal(text.match(/Tên tổ chức, cá nhân/g)?.length, pages, 'header on every page');
    for (const row of [rows[0]!, rows[99]!, rows[199]!]) assert.ok(text.includes(row.code), row.code);
    assert.ok(text.includes('Tổng số: 200 hồ sơ'));
    const again = await renderForm('07', { ...BOOK, rows }, { compress: false });
    assert.ok(again.equals(pdf), 'deterministic');
  });

  it('exports to Excel with formula injection neutralised', async () => {
    const rows = [...bookRows(2), { ...bookRows(1)[0]!, applicantName: '=HYPERLINK("http://evil","x")', note: '+1+1', code: '@SUM(A1)' }];
    const bytes = await trackingBookToXlsx({ ...BOOK, rows });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    assert.equal(sheet.name, 'Sổ theo dõi hồ sơ');
    assert.equal(sheet.getCell('A2').value, 'SỔ THEO DÕI HỒ SƠ');
    assert.equal(sheet.getCell('A3').value, 'Từ ngày 01/11/2026 đến ngày 30/11/2026');
    assert.equal(sheet.getCell('B5').value, 'Mã hồ sơ');
    assert.equal(sheet.getCell('B6').value, rows[0]!.code);
    assert.equal(sheet.getCell('D6').value, 'Nguyễn Thị Hồng 1');
    assert.equal(sheet.getCell('F6').value, '09:00 02/11/2026');
    assert.equal(sheet.getCell('B8').value, "'@SUM(A1)");
    assert.equal(sheet.getCell('D8').value, `'=HYPERLINK("http://evil","x")`);
    assert.equal(sheet.getCell('L8').value, "'+1+1");
    let formulas = 0;
    sheet.eachRow((row) => row.eachCell((cell) => { if (cell.type === ExcelJS.ValueType.Formula) formulas++; }));
    assert.equal(formulas, 0);
    assert.equal(sheet.getCell('A10').value, 'Tổng số: 3 hồ sơ');
  });
});
