// The dossier history as data (src/modules/kernel/timeline.ts): every message key renders in Vietnamese and in
// English with its parameters, both catalogs hold the same keys, and rows written before messages were stored
// (only `content`) or holding a message this version does not know are shown with their stored text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allMessageKeys, hasMessage } from '../../src/core/i18n.ts';
import { EVENT_KEYS, eventColumns, eventFields, eventText, renderEvent, type EventKey, type EventMessage } from '../../src/modules/kernel/timeline.ts';
import { timelineMessages } from '../../src/modules/kernel/timeline.messages.ts';

// 2026-12-09 17:00 and 2026-12-21 09:30 in Vietnam (UTC+7).
const DUE = '2026-12-09T10:00:00.000Z';
const LATER = '2026-12-21T02:30:00.000Z';

const CASES: Array<{ message: EventMessage; vi: string; en: string }> = [
  { message: { key: 'timeline.submit', params: {} }, vi: 'Nộp hồ sơ trực tuyến', en: 'Submitted online' },
  {
    message: { key: 'timeline.submitPaid', params: { orderNo: 'DVC0123456789ABCDEF' } },
    vi: 'Nộp hồ sơ trực tuyến (đã thanh toán phí, lệ phí, đơn DVC0123456789ABCDEF)',
    en: 'Submitted online (fees paid, order DVC0123456789ABCDEF)',
  },
  { message: { key: 'timeline.intakeCounter', params: {} }, vi: 'Tiếp nhận hồ sơ trực tiếp tại Bộ phận Một cửa', en: 'Received in person at the one-stop desk' },
  { message: { key: 'timeline.intakePost', params: {} }, vi: 'Nhận hồ sơ qua dịch vụ bưu chính công ích', en: 'Received by public postal service' },
  {
    message: { key: 'timeline.intakeNationalPortal', params: { nationalCode: 'G22-261205-000001' } },
    vi: 'Nhận hồ sơ từ Cổng Dịch vụ công quốc gia (mã hồ sơ trên Cổng: G22-261205-000001)',
    en: 'Received from the National Public Service Portal (dossier G22-261205-000001 there)',
  },
  {
    message: { key: 'timeline.digitise', params: { document: 'Tờ khai', file: 'to-khai.pdf' } },
    vi: 'Số hóa giấy tờ: Tờ khai (to-khai.pdf)',
    en: 'Document digitised: Tờ khai (to-khai.pdf)',
  },
  {
    message: { key: 'timeline.supplementFile', params: { document: 'Bản sao', file: 'ban-sao.png' } },
    vi: 'Công dân đính kèm tệp bổ sung "ban-sao.png" (thành phần: Bản sao)',
    en: 'The applicant attached the supplementary file "ban-sao.png" (document: Bản sao)',
  },
  {
    message: { key: 'timeline.accept', params: { appointment: DUE, note: null } },
    vi: 'Tiếp nhận hồ sơ; hẹn trả kết quả 09/12/2026 17:00',
    en: 'Dossier received; result due 09/12/2026 17:00',
  },
  {
    message: { key: 'timeline.accept', params: { appointment: DUE, note: 'Đủ giấy tờ' } },
    vi: 'Tiếp nhận hồ sơ; hẹn trả kết quả 09/12/2026 17:00. Đủ giấy tờ',
    en: 'Dossier received; result due 09/12/2026 17:00. Đủ giấy tờ',
  },
  {
    message: { key: 'timeline.acceptNoTimeLimit', params: { note: 'Đủ giấy tờ' } },
    vi: 'Tiếp nhận hồ sơ; thủ tục không quy định thời hạn giải quyết. Đủ giấy tờ',
    en: 'Dossier received; the procedure has no statutory time limit. Đủ giấy tờ',
  },
  {
    message: { key: 'timeline.requestSupplement', params: { items: ['CCCD', 'Sổ hộ khẩu'], note: 'Nộp trong 10 ngày' } },
    vi: 'Yêu cầu bổ sung hồ sơ: 1. CCCD; 2. Sổ hộ khẩu. Nộp trong 10 ngày',
    en: 'Supplement requested: 1. CCCD; 2. Sổ hộ khẩu. Nộp trong 10 ngày',
  },
  {
    message: { key: 'timeline.refuse', params: { reasons: ['Sai thẩm quyền', 'Thiếu tờ khai'] } },
    vi: 'Không tiếp nhận hồ sơ. Lý do: Sai thẩm quyền; Thiếu tờ khai',
    en: 'Dossier not accepted. Reason: Sai thẩm quyền; Thiếu tờ khai',
  },
  {
    message: { key: 'timeline.forward', params: { step: 'Thẩm định', department: null, note: null } },
    vi: 'Chuyển xử lý: Thẩm định',
    en: 'Forwarded for processing: Thẩm định',
  },
  {
    message: { key: 'timeline.forward', params: { step: 'Thẩm định', department: 'Phòng Quản trị', note: 'xem gấp' } },
    vi: 'Chuyển xử lý: Thẩm định (Phòng Quản trị). xem gấp',
    en: 'Forwarded for processing: Thẩm định (Phòng Quản trị). xem gấp',
  },
  {
    message: { key: 'timeline.sendBack', params: { step: 'Tiếp nhận', reason: 'Thiếu chữ ký' } },
    vi: 'Trả lại bước "Tiếp nhận". Lý do: Thiếu chữ ký',
    en: 'Sent back to step "Tiếp nhận". Reason: Thiếu chữ ký',
  },
  {
    message: { key: 'timeline.requestPayment', params: { amountVnd: 1_500_000, note: null } },
    vi: 'Yêu cầu thực hiện nghĩa vụ tài chính: 1.500.000 ₫',
    en: 'Payment of fees requested: 1.500.000 ₫',
  },
  {
    message: { key: 'timeline.requestPayment', params: { amountVnd: null, note: 'Lệ phí' } },
    vi: 'Yêu cầu thực hiện nghĩa vụ tài chính. Lệ phí',
    en: 'Payment of fees requested. Lệ phí',
  },
  { message: { key: 'timeline.resume', params: { note: null } }, vi: 'Tiếp tục xử lý hồ sơ', en: 'Processing resumed' },
  {
    message: { key: 'timeline.respondSupplement', params: { note: 'Đã nộp bản sao' } },
    vi: 'Công dân nộp bổ sung hồ sơ: Đã nộp bản sao',
    en: 'The applicant submitted the supplement: Đã nộp bản sao',
  },
  {
    message: { key: 'timeline.apologise', params: { appointment: LATER, reason: 'Cần xác minh' } },
    vi: 'Văn bản xin lỗi và hẹn lại ngày trả kết quả: 21/12/2026 09:30. Lý do: Cần xác minh',
    en: 'Letter of apology; new date for the result: 21/12/2026 09:30. Reason: Cần xác minh',
  },
  { message: { key: 'timeline.stop', params: { reason: 'Giả mạo' } }, vi: 'Dừng xử lý hồ sơ. Lý do: Giả mạo', en: 'Processing stopped. Reason: Giả mạo' },
  { message: { key: 'timeline.recordResult', params: { note: 'Số 12/QĐ' } }, vi: 'Đã có kết quả giải quyết hồ sơ: Số 12/QĐ', en: 'Result ready: Số 12/QĐ' },
  { message: { key: 'timeline.returnResult', params: { method: 'counter', note: null } }, vi: 'Đã trả kết quả tại Bộ phận Một cửa', en: 'Result delivered at the one-stop desk' },
  {
    message: { key: 'timeline.returnResult', params: { method: 'post', note: 'Mã vận đơn 123' } },
    vi: 'Đã trả kết quả qua dịch vụ bưu chính công ích. Mã vận đơn 123',
    en: 'Result delivered by public postal service. Mã vận đơn 123',
  },
  { message: { key: 'timeline.returnResult', params: { method: 'online', note: null } }, vi: 'Đã trả kết quả trực tuyến', en: 'Result delivered online' },
  { message: { key: 'timeline.withdraw', params: { reason: null } }, vi: 'Rút hồ sơ theo yêu cầu của người nộp', en: "Withdrawn at the applicant's request" },
  {
    message: { key: 'timeline.withdraw', params: { reason: 'Nộp nhầm thủ tục' } },
    vi: 'Rút hồ sơ theo yêu cầu của người nộp. Lý do: Nộp nhầm thủ tục',
    en: "Withdrawn at the applicant's request. Reason: Nộp nhầm thủ tục",
  },
  {
    message: { key: 'timeline.postalPickup', params: { trackingNumber: 'EB123456789VN' } },
    vi: 'Người nộp gửi hồ sơ giấy qua bưu chính công ích (mã bưu gửi EB123456789VN)',
    en: 'The applicant sent the paper dossier by public postal service (tracking number EB123456789VN)',
  },
  {
    message: { key: 'timeline.postalArrived', params: { trackingNumber: 'EB123456789VN' } },
    vi: 'Hồ sơ giấy đã đến cơ quan qua bưu chính công ích (mã bưu gửi EB123456789VN)',
    en: 'The paper dossier reached the agency by public postal service (tracking number EB123456789VN)',
  },
  {
    message: { key: 'timeline.postalFailed', params: { trackingNumber: 'EC987654321VN', reason: null } },
    vi: 'Bưu chính phát kết quả không thành công (mã bưu gửi EC987654321VN); kết quả chuyển về trả tại Bộ phận Một cửa',
    en: 'The post could not deliver the result (tracking number EC987654321VN); the result is to be collected at the one-stop desk',
  },
  {
    message: { key: 'timeline.postalFailed', params: { trackingNumber: 'EC987654321VN', reason: 'Không có người nhận' } },
    vi: 'Bưu chính phát kết quả không thành công (mã bưu gửi EC987654321VN: Không có người nhận); kết quả chuyển về trả tại Bộ phận Một cửa',
    en: 'The post could not deliver the result (tracking number EC987654321VN: Không có người nhận); the result is to be collected at the one-stop desk',
  },
  // Task moves (issue 15, handling.tasks.ts): neutral wording, no officer named.
  {
    message: { key: 'timeline.taskComplete', params: { step: 'Thẩm định', task: 'Thụ lý' } },
    vi: 'Hoàn thành nhiệm vụ "Thụ lý" của bước "Thẩm định"',
    en: 'Task "Thụ lý" of step "Thẩm định" done',
  },
  {
    message: { key: 'timeline.taskReturn', params: { step: 'Thẩm định', task: 'Kiểm tra' } },
    vi: 'Trả lại nhiệm vụ "Kiểm tra" của bước "Thẩm định" để xử lý lại',
    en: 'Task "Kiểm tra" of step "Thẩm định" sent back to be done again',
  },
  {
    message: { key: 'timeline.taskTake', params: { step: 'Thẩm định', task: 'Kiểm tra' } },
    vi: 'Nhận xử lý nhiệm vụ "Kiểm tra" của bước "Thẩm định"',
    en: 'Task "Kiểm tra" of step "Thẩm định" taken up',
  },
  {
    message: { key: 'timeline.taskReassign', params: { step: 'Thẩm định', task: 'Thụ lý' } },
    vi: 'Giao lại người xử lý nhiệm vụ "Thụ lý" của bước "Thẩm định"',
    en: 'Task "Thụ lý" of step "Thẩm định" given to another officer',
  },
  {
    message: { key: 'timeline.taskReassign', params: { step: 'Thẩm định', task: null } },
    vi: 'Giao lại người xử lý bước "Thẩm định"',
    en: 'Step "Thẩm định" given to another officer',
  },
  {
    message: { key: 'timeline.docExchange', params: { code: 'sent', agency: 'Cục Thuế tỉnh', note: null } },
    vi: 'Gửi hồ sơ liên thông qua trục liên thông văn bản đến Cục Thuế tỉnh',
    en: 'Inter-agency step sent through the document exchange to Cục Thuế tỉnh',
  },
  {
    message: { key: 'timeline.docExchange', params: { code: '06', agency: 'Cục Thuế tỉnh', note: 'Đã giải quyết xong' } },
    vi: 'Cục Thuế tỉnh đã giải quyết xong phần liên thông: Đã giải quyết xong',
    en: 'Cục Thuế tỉnh completed its part of the inter-agency dossier: Đã giải quyết xong',
  },
];

describe('renderEvent', () => {
  for (const { message, vi, en } of CASES) {
    it(`${message.key} ${JSON.stringify(message.params)}`, () => {
      assert.equal(renderEvent({ message, content: null }, 'vi'), vi);
      assert.equal(renderEvent({ message, content: null }, 'en'), en);
      // What writers store: the message and its Vietnamese text.
      assert.deepEqual(eventColumns(message), { message, content: vi });
      // The stored row as read back (JSON) renders the same.
      assert.equal(renderEvent({ message: JSON.parse(JSON.stringify(message)), content: 'ignored' }, 'en'), en);
    });
  }

  it('every key has a case in both languages', () => {
    const covered = new Set<EventKey>(CASES.map((c) => c.message.key));
    assert.deepEqual(EVENT_KEYS.filter((k) => !covered.has(k)), []);
    for (const key of EVENT_KEYS) {
      assert.ok(hasMessage('vi', key), `vi: ${key}`);
      assert.ok(hasMessage('en', key), `en: ${key}`);
    }
  });

  it('the Vietnamese and English catalogs have the same keys, and none but the timeline.* ones', () => {
    const vi = Object.keys(timelineMessages.vi).sort();
    const en = Object.keys(timelineMessages.en).sort();
    assert.deepEqual(vi, en);
    assert.ok(vi.every((k) => k.startsWith('timeline.')));
    const registered = (locale: 'vi' | 'en') => allMessageKeys(locale).filter((k) => k.startsWith('timeline.')).sort();
    assert.deepEqual(registered('vi'), registered('en'));
    // Every text has the same placeholders in both languages.
    for (const key of vi) {
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(names(timelineMessages.en[key]!), names(timelineMessages.vi[key]!), key);
    }
  });

  it('an old row (only content), an unknown key or a malformed message shows the stored text', () => {
    const content = 'Tiếp nhận hồ sơ; hẹn trả kết quả 17:00 09/12/2026';
    assert.equal(renderEvent({ content }, 'en'), content);
    assert.equal(renderEvent({ message: null, content }, 'en'), content);
    assert.equal(renderEvent({ message: { key: 'timeline.future', params: {} }, content }, 'en'), content);
    assert.equal(renderEvent({ message: { key: 42 }, content }, 'en'), content);
    assert.equal(renderEvent({ message: ['timeline.submit'], content }, 'en'), content);
    assert.equal(renderEvent({ message: null, content: null }, 'vi'), '');
  });

  it('hostile or missing parameters never throw and are not interpreted', () => {
    assert.equal(renderEvent({ message: { key: 'timeline.accept' }, content: null }, 'en'), 'Dossier received; result due ');
    assert.equal(renderEvent({ message: { key: 'timeline.requestSupplement', params: { items: 'CCCD', note: 5 } }, content: null }, 'en'), 'Supplement requested: . 5');
    assert.equal(renderEvent({ message: { key: 'timeline.stop', params: { reason: '{reason} <b>' } }, content: null }, 'en'), 'Processing stopped. Reason: {reason} <b>');
    assert.equal(renderEvent({ message: { key: 'timeline.returnResult', params: { method: 'drone' } }, content: null }, 'en'), 'Result delivered');
    assert.equal(renderEvent({ message: { key: 'timeline.requestPayment', params: { amountVnd: '100' } }, content: null }, 'vi'), 'Yêu cầu thực hiện nghĩa vụ tài chính');
  });

  it('presented entries carry the raw key and parameters, and render again in the reader language', () => {
    const message: EventMessage = { key: 'timeline.stop', params: { reason: 'Giả mạo' } };
    const fields = eventFields({ message, content: 'Dừng xử lý hồ sơ. Lý do: Giả mạo' });
    assert.deepEqual(fields, { key: 'timeline.stop', params: { reason: 'Giả mạo' }, text: 'Dừng xử lý hồ sơ. Lý do: Giả mạo' });
    assert.equal(eventText({ ...fields, content: 'x' }, 'en'), 'Processing stopped. Reason: Giả mạo');
    const old = eventFields({ message: null, content: 'Nộp hồ sơ trực tuyến' }, 'en');
    assert.deepEqual(old, { key: null, params: null, text: 'Nộp hồ sơ trực tuyến' });
    assert.equal(eventText({ ...old, content: 'Nộp hồ sơ trực tuyến' }, 'en'), 'Nộp hồ sơ trực tuyến');
  });
});
