// The applicant's notices about shipments (outbox dossier.postal → notifications), rendered from data in the reader's
// language: each kind × outcome, in Vietnamese and English, with the reason and what to do next.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { postalMessage, renderNotice } from '../../src/modules/notifications/notifications.rules.ts';

describe('postal notices', () => {
  const cases: Array<['dossier' | 'result', 'delivered' | 'failed', boolean, 'vi' | 'en', string, RegExp]> = [
    ['result', 'delivered', false, 'vi', 'Hồ sơ H-1: kết quả đã được phát qua bưu chính', /phát thành công kết quả của hồ sơ H-1 do Cục A gửi \(mã bưu gửi RR1\)/],
    ['result', 'delivered', false, 'en', 'Dossier H-1: your result was delivered by post', /delivered the result of dossier H-1 sent by Cục A \(tracking number RR1\)/],
    ['result', 'failed', true, 'vi', 'Hồ sơ H-1: bưu chính không phát được kết quả', /Lý do: vắng nhà\nKết quả đã được chuyển về Bộ phận Một cửa/],
    ['result', 'failed', true, 'en', 'Dossier H-1: the post could not deliver your result', /Reason: vắng nhà\nThe result is back at the one-stop counter/],
    ['result', 'failed', false, 'en', 'Dossier H-1: the post could not deliver your result', /Please contact the one-stop counter/],
    ['dossier', 'delivered', false, 'vi', 'Hồ sơ H-1: hồ sơ giấy đã đến cơ quan', /chuyển hồ sơ giấy của hồ sơ H-1 đến Cục A/],
    ['dossier', 'delivered', false, 'en', 'Dossier H-1: your paper dossier reached the agency', /delivered the paper dossier of dossier H-1 to Cục A/],
    ['dossier', 'failed', false, 'vi', 'Hồ sơ H-1: bưu chính không nhận được hồ sơ giấy', /yêu cầu bưu chính đến nhận lại/],
    ['dossier', 'failed', false, 'en', 'Dossier H-1: the post could not collect your paper dossier', /ask the post to collect it again/],
  ];
  for (const [kind, event, backToCounter, locale, title, body] of cases) {
    it(`${kind} ${event}${backToCounter ? ' (back to the counter)' : ''} in ${locale}`, () => {
      const message = postalMessage({ code: 'H-1', agency: 'Cục A', kind, event, tracking: 'RR1', reason: event === 'failed' ? ' vắng nhà ' : null, backToCounter });
      const notice = renderNotice(message, locale)!;
      assert.equal(notice.title, title);
      assert.match(notice.body, body);
      assert.ok(notice.sms.startsWith('OpenDVC: '));
      assert.ok(notice.sms.length <= 160, notice.sms);
      assert.doesNotMatch(`${notice.title}${notice.body}${notice.sms}`, /notice\.postal/);
    });
  }

  it('a stored message with unknown values still renders (delivered result), without a reason line', () => {
    const notice = renderNotice({ key: 'postal', params: { code: 'H-2', kind: 'x', event: 'y', tracking: 7 } }, 'vi')!;
    assert.equal(notice.title, 'Hồ sơ H-2: kết quả đã được phát qua bưu chính');
    assert.doesNotMatch(notice.body, /Lý do/);
  });
});
