// E-mail, SMS and in-app notifications in the recipient's language (accounts.locale, migration 0022): set at
// registration from the request's language, changed on the account page, shown by /api/auth/me.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { AppContext } from '../../src/container.ts';
import type { DossierStatus } from '../../src/db/schema.ts';
import { statusLabel } from '../../src/modules/dossiers/dossiers.rules.ts';
import { OutboxRepository } from '../../src/modules/outbox/outbox.repository.ts';
import { startSmsSimulator } from '../../src/simulators/sms.ts';
import { anonymousForm, createTestApp, login } from '../helpers/app.ts';
import { actorByUsername, newCitizen, submittedDossier } from '../helpers/dossiers.ts';

const PASSWORD = 'Sen-Vang#2026';

/** What the back office writes on a status change (topic dossier.status). */
async function statusChange(ctx: AppContext, dossierId: string, status: number, content: string | null = null): Promise<void> {
  const d = await ctx.db.selectFrom('dossiers').selectAll().where('id', '=', dossierId).executeTakeFirstOrThrow();
  await ctx.db.updateTable('dossiers').set({ status: status as DossierStatus }).where('id', '=', dossierId).execute();
  await new OutboxRepository().insert(ctx.db, 'dossier.status', {
    dossierId, code: d.code, agencyId: d.agency_id, applicantId: d.applicant_id, status, previousStatus: d.status, action: 'test', at: new Date().toISOString(), content,
  });
}

describe('messages in the recipient’s language', async () => {
  const simulator = await startSmsSimulator({ token: 'secret-token' });
  after(() => simulator.close());
  const { app, ctx } = await createTestApp({ demo: true, config: { SMS_URL: simulator.url, SMS_TOKEN: 'secret-token', BASE_URL: 'https://dvc.example.vn' } });
  const html = { accept: 'text/html' };
  const lastMailTo = (to: string) =>
    ctx.db.selectFrom('mail_messages').selectAll().where('to_address', '=', to).orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();
  const localeOf = async (username: string) => (await ctx.db.selectFrom('accounts').select('locale').where('username', '=', username).executeTakeFirstOrThrow()).locale;
  const register = (email: string, personalId: string, language: string, remoteAddress: string) =>
    app.inject({
      method: 'POST', url: '/api/auth/register/citizen', remoteAddress, headers: { 'accept-language': language },
      payload: { fullName: 'Hoàng Thị Lan', personalId, dateOfBirth: '1991-03-08', phone: '0912000222', email, address: 'Huế', password: PASSWORD, passwordConfirm: PASSWORD },
    });

  it('keeps the registration request’s language as the account’s, and writes the activation mail in it', async () => {
    const english = await register('lan.en@example.vn', '001191000001', 'en-GB,en;q=0.9', '10.1.0.1');
    assert.equal(english.statusCode, 201, english.body);
    assert.equal(await localeOf('lan.en@example.vn'), 'en');
    const mailEn = await lastMailTo('lan.en@example.vn');
    assert.equal(mailEn.subject, 'Activate your Public Service Portal account');
    assert.match(mailEn.body_text, /^Hello Hoàng Thị Lan,/);

    const vietnamese = await register('lan.vi@example.vn', '001191000002', 'vi', '10.1.0.2');
    assert.equal(vietnamese.statusCode, 201, vietnamese.body);
    assert.equal(await localeOf('lan.vi@example.vn'), 'vi');
    assert.equal((await lastMailTo('lan.vi@example.vn')).subject, 'Kích hoạt tài khoản Cổng dịch vụ công');

    // "You already have an account" goes to an existing account: in that account's language, not the request's.
    const again = await register('lan.vi@example.vn', '001191000003', 'en', '10.1.0.3');
    assert.equal(again.statusCode, 201);
    assert.equal((await lastMailTo('lan.vi@example.vn')).subject, 'Bạn đã có tài khoản Cổng dịch vụ công');
    const fromVietnamese = await register('lan.en@example.vn', '001191000004', 'vi', '10.1.0.4');
    assert.equal(fromVietnamese.statusCode, 201);
    assert.equal((await lastMailTo('lan.en@example.vn')).subject, 'You already have a Public Service Portal account');
    // A taken ID number: the new address has no account, the requester gave it as theirs — the request's language.
    const taken = await register('lan.other@example.vn', '001191000001', 'en', '10.1.0.5');
    assert.equal(taken.statusCode, 201);
    assert.equal(await ctx.db.selectFrom('accounts').select('id').where('username', '=', 'lan.other@example.vn').executeTakeFirst(), undefined);
    assert.equal((await lastMailTo('lan.other@example.vn')).subject, 'Your Public Service Portal registration could not be completed');
  });

  it('changes the language on the account page, shows it on /api/auth/me, and refuses an unknown one', async () => {
    const session = await login(app, 'demo.congdan');
    const page = await app.inject({ method: 'GET', url: '/tai-khoan', headers: { ...html, cookie: session.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<input type="radio" id="locale-vi" name="locale" value="vi" checked>/);
    assert.match(page.body, /<input type="radio" id="locale-en" name="locale" value="en">/);
    const post = (locale: string) =>
      app.inject({
        method: 'POST', url: '/tai-khoan/ngon-ngu',
        headers: { ...html, cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: session.csrfToken, locale }).toString(),
      });
    const wrong = await post('fr');
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /<a href="#locale">/);
    assert.equal(await localeOf('demo.congdan'), 'vi');

    // Hostile values: refused without a 5xx, nothing changed.
    for (const hostile of ['vi\u0000', 'x'.repeat(5000), '\u200b', '\ud800']) {
      const response = await post(hostile);
      assert.ok([400, 422].includes(response.statusCode), `${JSON.stringify(hostile.slice(0, 8))}: ${response.statusCode}`);
    }
    const twice = await app.inject({
      method: 'POST', url: '/tai-khoan/ngon-ngu',
      headers: { ...html, cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(session.csrfToken)}&locale=vi&locale=en`,
    });
    assert.ok([400, 422].includes(twice.statusCode), String(twice.statusCode));
    assert.equal(await localeOf('demo.congdan'), 'vi');

    // The same request twice at once: both answered, one outcome.
    const [saved, again] = await Promise.all([post('en'), post('en')]);
    assert.equal(again.statusCode, 303);
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/tai-khoan?locale=1');
    assert.equal(await localeOf('demo.congdan'), 'en');
    const after = await app.inject({ method: 'GET', url: '/tai-khoan?locale=1', headers: { ...html, cookie: session.cookie } });
    assert.match(after.body, /<input type="radio" id="locale-en" name="locale" value="en" checked>/);
    assert.match(after.body, /Đã lưu ngôn ngữ/);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session.cookie } });
    assert.equal(me.json().user.locale, 'en');

    const anonymous = await anonymousForm(app, '/dang-nhap');
    const refused = await app.inject({
      method: 'POST', url: '/tai-khoan/ngon-ngu',
      headers: { ...html, cookie: anonymous.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: anonymous.csrfToken, locale: 'vi' }).toString(),
    });
    assert.ok([401, 303].includes(refused.statusCode), String(refused.statusCode));
    assert.equal(await localeOf('demo.congdan'), 'en');
  });

  it('writes the password reset e-mail in the account’s language, whatever the request’s', async () => {
    await ctx.db.updateTable('accounts').set({ locale: 'en' }).where('username', '=', 'demo.congdan').execute();
    const forgot = (email: string, language: string) =>
      app.inject({ method: 'POST', url: '/api/auth/password/forgot', remoteAddress: '10.2.0.1', headers: { 'accept-language': language }, payload: { email } });
    assert.equal((await forgot('congdan@example.vn', 'vi')).statusCode, 202);
    const english = await lastMailTo('congdan@example.vn');
    assert.equal(english.subject, 'Reset your Public Service Portal password');
    assert.match(english.body_text, /^Hello Nguyễn Văn An,/);

    const vietnamese = await newCitizen(ctx, 'Phạm Thị Hoa');
    const address = (await ctx.db.selectFrom('accounts').select('email').where('id', '=', vietnamese.id).executeTakeFirstOrThrow()).email!;
    assert.equal((await forgot(address, 'en')).statusCode, 202);
    const mail = await lastMailTo(address);
    assert.equal(mail.subject, 'Đặt lại mật khẩu Cổng dịch vụ công');
    assert.match(mail.body_text, /^Xin chào Phạm Thị Hoa,/);
  });

  it('tells of a status change in the app, by e-mail and by SMS in each recipient’s language; the list in the reader’s', async () => {
    await ctx.db.updateTable('accounts').set({ locale: 'en' }).where('username', '=', 'demo.congdan').execute();
    const english = await actorByUsername(ctx, 'demo.congdan');
    const vietnamese = await newCitizen(ctx, 'Phạm Thị Hoa');
    const ours = await submittedDossier(ctx, english);
    const theirs = await submittedDossier(ctx, vietnamese);
    await statusChange(ctx, ours.id, 5, 'Missing a copy of the ID card');
    await statusChange(ctx, theirs.id, 5, 'Thiếu bản sao CCCD');
    await ctx.services.notifications.dispatch();

    const rows = (id: string, dossierId: string) =>
      ctx.db.selectFrom('notifications').selectAll().where('account_id', '=', id).where('dossier_id', '=', dossierId).where('kind', '=', 'dossier.status').execute();
    const [en] = await rows(english.id, ours.id);
    const [vi] = await rows(vietnamese.id, theirs.id);
    assert.equal(en!.title, `Dossier ${ours.code}: ${statusLabel(5, 'en')}`);
    assert.match(en!.body, /Details: Missing a copy of the ID card/);
    assert.match(en!.body, /Please supply the documents requested on the dossier page\./);
    assert.equal(vi!.title, `Hồ sơ ${theirs.code}: Yêu cầu bổ sung giấy tờ`);
    assert.match(vi!.body, /Vui lòng bổ sung giấy tờ theo yêu cầu trên trang hồ sơ\./);

    const mailEn = await ctx.db.selectFrom('mail_messages').selectAll().where('subject', '=', en!.title).execute();
    assert.equal(mailEn.length, 1);
    assert.equal(mailEn[0]!.to_address, 'congdan@example.vn');
    assert.match(mailEn[0]!.body_text, /^Dear Nguyễn Văn An,/);
    assert.match(mailEn[0]!.body_text, new RegExp(`Open the dossier: https://dvc.example.vn/ho-so/${ours.id}`));
    assert.match(mailEn[0]!.body_text, /please do not reply\.$/);
    assert.match(mailEn[0]!.body_html!, new RegExp(`<a href="https://dvc.example.vn/ho-so/${ours.id}">`));
    const mailVi = await ctx.db.selectFrom('mail_messages').selectAll().where('subject', '=', vi!.title).execute();
    assert.equal(mailVi.length, 1);
    assert.match(mailVi[0]!.body_text, /^Kính gửi Phạm Thị Hoa,/);
    assert.match(mailVi[0]!.body_text, /Xem hồ sơ: https:\/\/dvc\.example\.vn/);

    const sms = (code: string) => ctx.db.selectFrom('sms_messages').select('body').where('body', 'like', `%${code}%`).execute();
    assert.deepEqual((await sms(ours.code)).map((s) => s.body), [`OpenDVC: Dossier ${ours.code} – ${statusLabel(5, 'en')}. https://dvc.example.vn/ho-so/${ours.id}`]);
    assert.deepEqual((await sms(theirs.code)).map((s) => s.body), [`OpenDVC: Hồ sơ ${theirs.code} – Yêu cầu bổ sung giấy tờ. https://dvc.example.vn/ho-so/${theirs.id}`]);

    // The acknowledgement of the online submission, too.
    await ctx.services.receipts.dispatchOutbox();
    assert.equal((await ctx.db.selectFrom('mail_messages').select('id').where('subject', '=', `Dossier ${ours.code} received`).execute()).length, 1);
    assert.equal((await ctx.db.selectFrom('mail_messages').select('id').where('subject', '=', `Xác nhận đã nhận hồ sơ ${theirs.code}`).execute()).length, 1);

    // In the app, the notice is rendered in the language of whoever reads it (stored as a message and parameters).
    const session = await login(app, 'demo.congdan');
    const list = async (lang: string) => {
      const response = await app.inject({ method: 'GET', url: `/api/notifications?lang=${lang}`, headers: { cookie: session.cookie } });
      assert.equal(response.statusCode, 200);
      return (response.json().items as Array<{ dossierId: string; kind: string; title: string; body: string }>).filter((i) => i.dossierId === ours.id);
    };
    const inEnglish = await list('en');
    assert.equal(inEnglish.find((i) => i.kind === 'dossier.status')!.title, en!.title);
    assert.equal(inEnglish.find((i) => i.kind === 'dossier.submitted')!.title, `Dossier ${ours.code}: ${statusLabel(1, 'en')}`);
    const inVietnamese = await list('vi');
    assert.equal(inVietnamese.find((i) => i.kind === 'dossier.status')!.title, `Hồ sơ ${ours.code}: Yêu cầu bổ sung giấy tờ`);
    assert.match(inVietnamese.find((i) => i.kind === 'dossier.status')!.body, /Nội dung: Missing a copy of the ID card/);
    const page = await app.inject({ method: 'GET', url: '/thong-bao?lang=en', headers: { ...html, cookie: session.cookie } });
    assert.ok(page.body.includes(`Dossier ${ours.code}: ${statusLabel(5, 'en')}`));
  });

  it('writes the agency’s message notice and the draft reminder in the recipient’s language', async () => {
    await ctx.db.updateTable('accounts').set({ locale: 'en' }).where('username', '=', 'demo.congdan').execute();
    const english = await actorByUsername(ctx, 'demo.congdan');
    const dossier = await submittedDossier(ctx, english);
    await ctx.db.transaction().execute((tx) => ctx.services.notifications.messageFromAgency(tx, { dossierId: dossier.id, body: 'Please bring the original.' }));
    const mail = await ctx.db.selectFrom('mail_messages').selectAll().where('subject', '=', `Dossier ${dossier.code}: new message from the agency`).executeTakeFirstOrThrow();
    assert.match(mail.body_text, /Please sign in to read and answer the message\./);

    // An officer's deadline reminder: the English-reading head is told in English, the handler in Vietnamese.
    await ctx.db.updateTable('accounts').set({ locale: 'en' }).where('username', '=', 'demo.truongphong').execute();
    const head = await actorByUsername(ctx, 'demo.truongphong');
    const handler = await actorByUsername(ctx, 'demo.chuyenvien');
    const told = await ctx.db.transaction().execute((tx) =>
      ctx.services.notifications.remindOfficers(tx, {
        dossierId: dossier.id, link: `/can-bo/ho-so/${dossier.id}`,
        reminder: { kind: 'overdue', code: dossier.code, step: 'Thẩm định', procedure: 'A', due: '01/12/2026 17:00' },
        handlers: [{ id: handler.id, fullName: handler.fullName, email: null }], heads: [{ id: head.id, fullName: head.fullName, email: 'head@example.vn' }],
      }));
    assert.equal(told, 2);
    const reminders = await ctx.db.selectFrom('notifications').select(['account_id', 'title', 'body']).where('dossier_id', '=', dossier.id).where('kind', '=', 'dossier.reminder').execute();
    assert.equal(reminders.find((r) => r.account_id === head.id)!.title, `Dossier ${dossier.code} is overdue`);
    assert.match(reminders.find((r) => r.account_id === head.id)!.body, new RegExp(`Handled by: ${handler.fullName}\\.`));
    assert.equal(reminders.find((r) => r.account_id === handler.id)!.title, `Hồ sơ ${dossier.code} đã quá hạn xử lý`);
    const headMail = await lastMailTo('head@example.vn');
    assert.equal(headMail.subject, `Dossier ${dossier.code} is overdue`);
    assert.match(headMail.body_text, /one-stop office system; please do not reply\.$/);

    const draft = await ctx.services.dossiers.createDraft(english, '1.001823');
    await ctx.db.updateTable('dossiers').set({ updated_at: new Date(Date.now() - 400 * 86_400_000), reminded_at: null }).where('id', '=', draft.id).execute();
    assert.ok((await ctx.services.notifications.remindDrafts()) >= 1);
    const reminder = await ctx.db.selectFrom('mail_messages').selectAll().where('subject', '=', 'Your draft dossier will soon be deleted').execute();
    assert.ok(reminder.some((m) => m.body_text.includes(`/ho-so/${draft.id}`)));
    for (const m of reminder) assert.match(m.body_text, /^Dear Nguyễn Văn An,\n\nThe draft dossier “.+” has not been changed since \d{2}\/\d{2}\/\d{4}/);
  });
});
