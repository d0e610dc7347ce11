// Notices as data (notifications.rules.ts): one stored message, rendered in the reader's language.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusLabel } from '../../src/modules/dossiers/dossiers.rules.ts';
import { paragraphsMail } from '../../src/modules/mail/mail.rules.ts';
import {
  agencyMessage,
  apologyMessage,
  noticeMail,
  reminderMessage,
  renderNotice,
  resultMessage,
  statusMessage,
  submittedMessage,
} from '../../src/modules/notifications/notifications.rules.ts';

describe('notices rendered in the reader’s language', () => {
  it('renders a status change in Vietnamese and in English from the same message', () => {
    const message = statusMessage({ code: 'X-1', procedureName: 'Thủ tục A', agencyName: 'Cục B', status: 2, content: '  Đủ hồ sơ ', appointment: '01/12/2026' });
    assert.deepEqual(message.params, { code: 'X-1', procedure: 'Thủ tục A', agency: 'Cục B', status: 2, content: 'Đủ hồ sơ', appointment: '01/12/2026' });
    const vi = renderNotice(message, 'vi')!;
    assert.equal(vi.title, `Hồ sơ X-1: ${statusLabel(2, 'vi')}`);
    assert.equal(vi.body, [
      `Hồ sơ X-1 (Thủ tục A) tại Cục B chuyển sang trạng thái “${statusLabel(2, 'vi')}”.`,
      'Nội dung: Đủ hồ sơ',
      'Ngày hẹn trả kết quả: 01/12/2026.',
      'Hồ sơ đã được tiếp nhận và đang chờ giải quyết.',
    ].join('\n'));
    assert.equal(vi.sms, `OpenDVC: Hồ sơ X-1 – ${statusLabel(2, 'vi')}.`);
    const en = renderNotice(message, 'en')!;
    assert.equal(en.title, `Dossier X-1: ${statusLabel(2, 'en')}`);
    assert.equal(en.body, [
      `Dossier X-1 (Thủ tục A) at Cục B is now “${statusLabel(2, 'en')}”.`,
      'Details: Đủ hồ sơ',
      'Result expected on: 01/12/2026.',
      'The dossier was received and awaits handling.',
    ].join('\n'));
    assert.equal(en.sms, `OpenDVC: Dossier X-1 – ${statusLabel(2, 'en')}.`);
  });

  it('renders apologies, submissions and agency messages in both languages', () => {
    const apology = apologyMessage({ code: 'X-2', procedureName: 'A', agencyName: 'B', reason: null, appointment: null });
    assert.equal(renderNotice(apology, 'vi')!.sms, 'OpenDVC: Hồ sơ X-2 – hẹn lại ngày trả kết quả.');
    assert.equal(renderNotice(apology, 'en')!.body, 'B apologises for not returning the result of dossier X-2 (A) on time.');
    const dated = apologyMessage({ code: 'X-2', procedureName: 'A', agencyName: 'B', reason: 'Cần xác minh', appointment: '16/12/2026' });
    assert.equal(renderNotice(dated, 'en')!.sms, 'OpenDVC: Dossier X-2 – new date for the result 16/12/2026.');
    assert.match(renderNotice(dated, 'vi')!.body, /\nLý do: Cần xác minh\nNgày hẹn trả kết quả mới: 16\/12\/2026\.$/);

    const submitted = submittedMessage({ code: 'X-3', procedureName: 'A', agencyName: 'B' });
    assert.equal(renderNotice(submitted, 'en')!.title, `Dossier X-3: ${statusLabel(1, 'en')}`);
    assert.equal(renderNotice(submitted, 'vi')!.body, 'Hồ sơ X-3 (A) đã được gửi đến B. Giấy xác nhận đã được gửi qua thư điện tử.');

    const long = agencyMessage({ code: 'X-4', agencyName: 'B', excerpt: `${'a'.repeat(400)}\n\n  b` });
    assert.equal(renderNotice(long, 'en')!.title, 'Dossier X-4: new message from the agency');
    assert.equal(renderNotice(long, 'vi')!.body, `B: ${'a'.repeat(297)}…`);
  });

  it('renders an officer’s reminder for the handler and for the department head', () => {
    const reminder = { kind: 'overdue' as const, code: 'X-5', step: 'Thẩm định', procedure: 'A', due: '01/12/2026 17:00' };
    assert.equal(renderNotice(reminderMessage(reminder, null), 'vi')!.body, 'Bước "Thẩm định" của hồ sơ X-5 (A) đã quá hạn xử lý từ 01/12/2026 17:00.');
    assert.equal(renderNotice(reminderMessage(reminder, ''), 'vi')!.body, 'Bước "Thẩm định" của hồ sơ X-5 (A) đã quá hạn xử lý từ 01/12/2026 17:00. Cán bộ đang xử lý: chưa phân công. Thông báo gửi lãnh đạo phòng để đôn đốc.');
    const head = renderNotice(reminderMessage({ ...reminder, kind: 'due_soon' }, 'Lê Văn C'), 'en')!;
    assert.equal(head.title, 'Dossier X-5 is due soon');
    assert.equal(head.body, 'Step "Thẩm định" of dossier X-5 (A) is due at 01/12/2026 17:00. Handled by: Lê Văn C. Sent to the head of department to follow up.');
  });

  it('renders "your electronic result is ready" in Vietnamese and in English', () => {
    const message = resultMessage({ code: 'G14-261205-0001', procedureName: 'Cấp Giấy chứng nhận đăng ký quyền tác giả', agencyName: 'Cục Bản quyền tác giả' });
    const vi = renderNotice(message, 'vi')!;
    const en = renderNotice(message, 'en')!;
    assert.equal(vi.title, 'Hồ sơ G14-261205-0001: kết quả điện tử đã sẵn sàng');
    assert.equal(en.title, 'Dossier G14-261205-0001: your electronic result is ready');
    assert.match(vi.body, /Cục Bản quyền tác giả đã cấp kết quả điện tử có chữ ký số/);
    assert.match(en.body, /issued a digitally signed electronic result for dossier G14-261205-0001/);
    assert.equal(en.body.split('\n').length, 2);
  });

  it('leaves an unknown stored message to the stored text', () => {
    assert.equal(renderNotice(null, 'en'), null);
    assert.equal(renderNotice({ key: 'later.kind', params: {} }, 'en'), null);
  });

  it('composes a notice e-mail in the recipient’s language, the link made a link and the text escaped', () => {
    const url = 'https://dvc.example.vn/ho-so/1';
    const lines = noticeMail('en', { name: 'An <b>', paragraphs: ['Line 1\nLine 2'], url });
    assert.deepEqual(lines, ['Dear An <b>,', 'Line 1\nLine 2', `Open the dossier: ${url}`, 'This message was sent automatically by the Public Service Portal; please do not reply.']);
    assert.equal(noticeMail('vi', { name: 'An', paragraphs: [], url, office: true }).at(-1), 'Thư này được gửi tự động từ hệ thống Một cửa điện tử; vui lòng không trả lời.');
    const mail = paragraphsMail(lines, url);
    assert.equal(mail.text, lines.join('\n\n'));
    assert.equal(mail.html, `<p>Dear An &lt;b&gt;,</p>\n<p>Line 1<br>Line 2</p>\n<p>Open the dossier: <a href="${url}">${url}</a></p>\n<p>This message was sent automatically by the Public Service Portal; please do not reply.</p>`);
  });
});
