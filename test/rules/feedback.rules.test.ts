import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ANSWER_WORKING_DAYS,
  checkRating,
  checkSubmission,
  codeFromBytes,
  codeUsable,
  isLate,
  maskPersonalData,
  normalisePhone,
  parseContact,
  reminderKind,
  searchWords,
  transition,
} from '../../src/modules/feedback/feedback.rules.ts';

describe('feedback: masking personal data before publication', () => {
  const cases: Array<[string, string, string, Parameters<typeof maskPersonalData>[1]?]> = [
    ['a phone number', 'Gọi cho tôi số 0912345678 nhé', 'Gọi cho tôi số 091****678 nhé'],
    ['a phone number with +84 and dots', 'SĐT: +84 912.345.678.', 'SĐT: 849****678.'],
    ['an e-mail address', 'Liên hệ an.nguyen@example.vn để biết thêm', 'Liên hệ a***@example.vn để biết thêm'],
    ['a 12-digit citizen ID', 'CCCD 079203001234 của tôi', 'CCCD *********234 của tôi'],
    ['a 9-digit old ID card', 'CMND số 271234567.', 'CMND số ******567.'],
    ['a name after a form of address', 'Tôi gặp ông Nguyễn Văn An ở bộ phận một cửa', 'Tôi gặp ông N.V.A. ở bộ phận một cửa'],
    ['a name after "bà"', 'Cán bộ là bà Lê Thị Hoa.', 'Cán bộ là bà L.T.H..'],
    ['a name after "tôi là"', 'Tôi là Trần Minh Tuấn, cư dân phường.', 'Tôi là T.M.T., cư dân phường.'],
    ['an address after its label', 'Địa chỉ: 12 Lê Lợi, phường 1, Trà Vinh. Xin cảm ơn', 'Địa chỉ: [địa chỉ đã được ẩn]. Xin cảm ơn'],
    ['a street address', 'Nhà tôi ở số 45 đường Trần Phú bị ngập', 'Nhà tôi ở [địa chỉ đã được ẩn] bị ngập'],
    ['a hamlet', 'Người dân ấp Phú Hòa phản ánh', 'Người dân [địa chỉ đã được ẩn] phản ánh'],
    ['the sender\u2019s known name anywhere', 'Phạm Thu Hà gửi phản ánh', 'P.T.H. gửi phản ánh', { names: ['Phạm Thu Hà'] }],
    ['the sender\u2019s known e-mail in capitals', 'Gửi về HA.PHAM@MAIL.VN', 'Gửi về h***@mail.vn', { emails: ['ha.pham@mail.vn'] }],
    ['text without personal data is unchanged', 'Thủ tục cấp phép mất 15 ngày làm việc, quá lâu.', 'Thủ tục cấp phép mất 15 ngày làm việc, quá lâu.'],
    ['a dossier code is not a phone', 'Hồ sơ G14.26-260101-0001 bị chậm', 'Hồ sơ G14.26-260101-0001 bị chậm'],
  ];
  for (const [name, input, expected, known] of cases) {
    it(name, () => assert.equal(maskPersonalData(input, known), expected));
  }
});

describe('feedback: state machine', () => {
  const cases: Array<[Parameters<typeof transition>[0], Parameters<typeof transition>[1], string | null]> = [
    ['received', 'assign', 'assigned'],
    ['assigned', 'assign', 'assigned'],
    ['received', 'classify', 'received'],
    ['assigned', 'answer', 'answered'],
    ['received', 'answer', 'answered'],
    ['answered', 'answer', 'answered'],
    ['answered', 'publish', 'published'],
    ['answered', 'close', 'closed'],
    ['published', 'close', 'closed'],
    ['received', 'publish', null],
    ['received', 'close', null],
    ['published', 'answer', null],
    ['closed', 'assign', null],
    ['closed', 'publish', null],
    ['answered', 'classify', null],
  ];
  for (const [from, action, to] of cases) it(`${from} --${action}--> ${to ?? 'refused'}`, () => assert.equal(transition(from, action), to));
});

describe('feedback: deadlines, lateness, reminders', () => {
  const due = new Date('2026-03-10T10:00:00Z');
  it('every category has a time limit in working days', () => {
    for (const days of Object.values(ANSWER_WORKING_DAYS)) assert.ok(Number.isInteger(days) && days > 0);
  });
  it('late: open past due, or answered after it', () => {
    assert.equal(isLate({ status: 'assigned', due_at: due, answered_at: null }, new Date('2026-03-10T10:00:01Z')), true);
    assert.equal(isLate({ status: 'assigned', due_at: due, answered_at: null }, new Date('2026-03-10T09:59:59Z')), false);
    assert.equal(isLate({ status: 'answered', due_at: due, answered_at: new Date('2026-03-09T00:00:00Z') }, new Date('2026-04-01T00:00:00Z')), false);
    assert.equal(isLate({ status: 'closed', due_at: due, answered_at: new Date('2026-03-11T00:00:00Z') }, new Date('2026-04-01T00:00:00Z')), true);
  });
  const soon = new Date('2026-03-09T10:00:00Z');
  const cases: Array<[string, Parameters<typeof reminderKind>[0], Date, string | null]> = [
    ['far from due: nothing', { status: 'received', due_at: new Date('2026-03-20T00:00:00Z'), reminded_at: null, escalated_at: null }, new Date('2026-03-08T00:00:00Z'), null],
    ['due soon: remind', { status: 'received', due_at: due, reminded_at: null, escalated_at: null }, new Date('2026-03-08T00:00:00Z'), 'remind'],
    ['due soon, already reminded: nothing', { status: 'assigned', due_at: due, reminded_at: new Date(), escalated_at: null }, new Date('2026-03-08T00:00:00Z'), null],
    ['late: escalate', { status: 'assigned', due_at: due, reminded_at: new Date(), escalated_at: null }, new Date('2026-03-11T00:00:00Z'), 'escalate'],
    ['late, already escalated: nothing', { status: 'assigned', due_at: due, reminded_at: null, escalated_at: new Date() }, new Date('2026-03-11T00:00:00Z'), null],
    ['answered: nothing', { status: 'answered', due_at: due, reminded_at: null, escalated_at: null }, new Date('2026-03-11T00:00:00Z'), null],
  ];
  for (const [name, row, now, kind] of cases) it(name, () => assert.equal(reminderKind(row, now, now > soon ? new Date(now.getTime() + 2 * 86_400_000) : new Date('2026-03-10T12:00:00Z')), kind));
});

describe('feedback: submission and contacts', () => {
  it('content is required (whitespace only counts as none); every problem at once', () => {
    const { errors } = checkSubmission({ category: 'x', title: ' ', content: '  \n ', phone: '12', email: 'a@' });
    assert.deepEqual(errors.map((e) => `${e.path} ${e.code}`).sort(), ['/category FEEDBACK_CATEGORY_INVALID', '/content FEEDBACK_CONTENT_REQUIRED', '/email FEEDBACK_EMAIL_INVALID', '/phone FEEDBACK_PHONE_INVALID', '/title FEEDBACK_TITLE_REQUIRED']);
  });
  it('a valid submission is trimmed', () => {
    const { value, errors } = checkSubmission({ category: 'procedure', title: '  Chậm   trả kết quả ', content: ' Nội dung ', agencyCode: 'g14' });
    assert.deepEqual(errors, []);
    assert.equal(value.title, 'Chậm trả kết quả');
    assert.equal(value.content, 'Nội dung');
    assert.equal(value.agencyCode, 'G14');
  });
  const phones: Array<[string, string | null]> = [['0912345678', '0912345678'], ['+84 912 345 678', '0912345678'], ['84912345678', '0912345678'], ['091234567', null], ['abc', null], ['(+84) 912-345.678', '0912345678'], ['+840912345678', null], ['0912\u0000345678', null], ['', null]];
  for (const [raw, expected] of phones) it(`phone ${raw}`, () => assert.equal(normalisePhone(raw), expected));
  it('a contact is an e-mail or a phone', () => {
    assert.deepEqual(parseContact('A@B.vn'), { channel: 'email', contact: 'a@b.vn' });
    assert.deepEqual(parseContact('0912 345 678'), { channel: 'phone', contact: '0912345678' });
    assert.equal(parseContact('hello'), null);
  });
  it('codes are six digits; usable until used, expired or tried five times', () => {
    assert.equal(codeFromBytes(new Uint8Array([0, 0, 0, 7])), '000007');
    assert.match(codeFromBytes(new Uint8Array([255, 255, 255, 255])), /^\d{6}$/);
    const now = new Date('2026-01-01T00:00:00Z');
    const later = new Date('2026-01-01T00:05:00Z');
    assert.equal(codeUsable({ used_at: null, expires_at: later, attempts: 4 }, now), true);
    assert.equal(codeUsable({ used_at: null, expires_at: later, attempts: 5 }, now), false);
    assert.equal(codeUsable({ used_at: now, expires_at: later, attempts: 0 }, now), false);
    assert.equal(codeUsable({ used_at: null, expires_at: now, attempts: 0 }, now), false);
  });
  it('search words are folded', () => assert.deepEqual(searchWords('  Đất  ĐAI '), ['dat', 'dai']));
});

describe('feedback: rating once, after the answer', () => {
  const answered = { status: 'answered' as const, answer: 'Trả lời', rated_at: null };
  it('needs an answer', () => assert.equal(checkRating({ status: 'assigned', answer: null, rated_at: null }, { rating: 'satisfied' }).error, 'FEEDBACK_NOT_ANSWERED'));
  it('once', () => assert.equal(checkRating({ ...answered, rated_at: new Date() }, { rating: 'satisfied' }).error, 'FEEDBACK_ALREADY_RATED'));
  it('satisfied or not', () => {
    assert.deepEqual(checkRating(answered, { rating: 'meh' }).errors.map((e) => e.code), ['FEEDBACK_RATING_REQUIRED']);
    assert.deepEqual(checkRating(answered, { rating: 'not_satisfied', comment: ' Chưa rõ ' }).value, { rating: 'not_satisfied', comment: 'Chưa rõ' });
  });
});
