import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { after } from 'node:test';
import { buildApp } from '../../src/http/app.ts';
import { modules } from '../../src/modules/index.ts';
import { HttpSmsSender } from '../../src/modules/notifications/sms.ts';
import { startSmsSimulator } from '../../src/simulators/sms.ts';
import { anonymousForm, createTestApp, login } from '../helpers/app.ts';
import { createTestContext } from '../helpers/db.ts';

describe('local mailbox', async () => {
  const { app, ctx } = await createTestApp({ demo: true, config: { BASE_URL: 'http://dvc.test' } });
  const html = { accept: 'text/html' };

  it('lists kept messages newest first with dd/mm/yyyy hh:mm, and shows one with safe links', async () => {
    const first = await ctx.db.transaction().execute((tx) => ctx.services.mail.queue(tx, { to: 'a@example.vn', subject: 'Thư thứ nhất', text: 'Một' }));
    const second = await ctx.db.transaction().execute((tx) =>
      ctx.services.mail.queue(tx, {
        to: 'b@example.vn',
        subject: 'Thư <thứ hai>',
        text: 'Xin chào <script>alert(1)</script>,\n\nMở liên kết: http://dvc.test/xac-thuc-email?token=abc_DEF-123.\nKhông mở: https://evil.example/phish',
      }),
    );
    await ctx.services.mail.deliverPending();
    // An administrator sees every message.
    const admin = await login(app, 'demo.quantri');
    const list = await app.inject({ method: 'GET', url: '/hop-thu', headers: { ...html, cookie: admin.cookie } });
    assert.equal(list.statusCode, 200);
    const body = list.body;
    assert.ok(body.indexOf(`/hop-thu/${second}`) < body.indexOf(`/hop-thu/${first}`), 'newest first');
    assert.match(body, /<td>\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}<\/td>/);
    assert.match(body, /Thư &lt;thứ hai&gt;/);

    const one = await app.inject({ method: 'GET', url: `/hop-thu/${second}`, headers: { ...html, cookie: admin.cookie } });
    assert.equal(one.statusCode, 200);
    assert.match(one.body, /<a href="http:\/\/dvc.test\/xac-thuc-email\?token=abc_DEF-123">/);
    assert.ok(!one.body.includes('href="https://evil.example'), 'foreign links stay text');
    assert.ok(one.body.includes('https://evil.example/phish'));
    assert.ok(!one.body.includes('<script>alert(1)</script>'));
    assert.ok(one.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  });

  it('shows a signed-in visitor only the mail to their account, an anonymous one nothing', async () => {
    const mine = await ctx.db.transaction().execute((tx) => ctx.services.mail.queue(tx, { to: 'CongDan@example.vn', subject: 'Thư của công dân', text: 'x' }));
    const theirs = await ctx.db.transaction().execute((tx) => ctx.services.mail.queue(tx, { to: 'doanhnghiep@example.vn', subject: 'Đặt lại mật khẩu DN', text: 'y' }));
    const citizen = await login(app, 'demo.congdan');
    const list = await app.inject({ method: 'GET', url: '/hop-thu', headers: { ...html, cookie: citizen.cookie } });
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(`/hop-thu/${mine}`));
    assert.ok(!list.body.includes(`/hop-thu/${theirs}`) && !list.body.includes('Đặt lại mật khẩu DN'), 'not another account’s mail');
    assert.equal((await app.inject({ method: 'GET', url: `/hop-thu/${mine}`, headers: { ...html, cookie: citizen.cookie } })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: `/hop-thu/${theirs}`, headers: { ...html, cookie: citizen.cookie } })).statusCode, 404);
    const anonymous = await app.inject({ method: 'GET', url: '/hop-thu', headers: html });
    assert.equal(anonymous.statusCode, 200);
    assert.ok(!anonymous.body.includes('/hop-thu/'.concat(mine)) && !anonymous.body.includes('/hop-thu/'.concat(theirs)));
    assert.equal((await app.inject({ method: 'GET', url: `/hop-thu/${mine}`, headers: html })).statusCode, 404);
  });

  it('shows an anonymous visitor the mail of the account they registered in this browser, and only that', async () => {
    const visitor = await anonymousForm(app, '/dang-ky/cong-dan');
    const password = 'Matkhau@2026x';
    const registered = await app.inject({
      method: 'POST',
      url: '/dang-ky/cong-dan',
      headers: { ...html, cookie: visitor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: visitor.csrfToken, fullName: 'Phạm Thị Thu', personalId: '001190077777', dateOfBirth: '1991-03-04', phone: '0911222333', email: 'Thu.Pham@example.vn', address: 'Số 2 Hàng Bài, Hà Nội', password, passwordConfirm: password }).toString(),
    });
    assert.equal(registered.statusCode, 303, registered.body);
    const cookie = (registered.cookies as Array<{ name: string; value: string; path?: string }>).find((c) => c.name === 'opendvc_mailbox');
    assert.ok(cookie, 'the mailbox cookie is set');
    assert.equal(cookie.path, '/hop-thu');
    const verification = await ctx.db.selectFrom('mail_messages').select('id').where('to_address', '=', 'thu.pham@example.vn').executeTakeFirstOrThrow();
    const other = await ctx.db.transaction().execute((tx) => ctx.services.mail.queue(tx, { to: 'someone.else@example.vn', subject: 'Không phải của bạn', text: 'z' }));
    const list = await app.inject({ method: 'GET', url: '/hop-thu', headers: { ...html, cookie: `opendvc_mailbox=${cookie.value}` } });
    assert.ok(list.body.includes(`/hop-thu/${verification.id}`), 'the verification mail');
    assert.ok(!list.body.includes(`/hop-thu/${other}`));
    assert.equal((await app.inject({ method: 'GET', url: `/hop-thu/${verification.id}`, headers: { ...html, cookie: `opendvc_mailbox=${cookie.value}` } })).statusCode, 200);
    // A cookie written by the visitor (another account, with the signature of their own) shows nothing.
    const otherAccount = await ctx.db.selectFrom('accounts').select('id').where('username', '=', 'demo.congdan').executeTakeFirstOrThrow();
    const forged = `${Buffer.from(JSON.stringify([otherAccount.id])).toString('base64url')}.${cookie.value.split('.')[1]}`;
    const forgedList = await app.inject({ method: 'GET', url: '/hop-thu', headers: { ...html, cookie: `opendvc_mailbox=${forged}` } });
    assert.ok(!forgedList.body.includes(`/hop-thu/${other}`));
    assert.equal((await app.inject({ method: 'GET', url: `/hop-thu/${other}`, headers: { ...html, cookie: `opendvc_mailbox=${forged}` } })).statusCode, 404);
  });

  it('answers 404 for an unknown message', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/hop-thu/00000000-0000-0000-0000-000000000000', headers: html })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: '/hop-thu/abc', headers: html })).statusCode, 404);
  });
});

describe('mailbox with SMTP configured', async () => {
  const { app, ctx } = await createTestApp({ config: { SMTP_URL: 'smtp://127.0.0.1:2525' } });

  it('does not exist', async () => {
    const id = await ctx.db.transaction().execute((tx) => ctx.services.mail.queue(tx, { to: 'a@example.vn', subject: 'x', text: 'y' }));
    assert.equal((await app.inject({ method: 'GET', url: '/hop-thu', headers: { accept: 'text/html' } })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: `/hop-thu/${id}`, headers: { accept: 'text/html' } })).statusCode, 404);
  });
});

describe('SMS test inbox (the gateway simulator the demo sends to)', async () => {
  const simulator = await startSmsSimulator({ token: 'demo-token' });
  after(() => simulator.close());
  const html = { accept: 'text/html' };
  const appWith = async (demo: boolean, sms: typeof simulator | null) => {
    // The demo data either way (the accounts); `demo` is the mode the server runs in.
    const ctx = await createTestContext({ demo: true, config: { SMS_URL: simulator.url, SMS_TOKEN: 'demo-token' } });
    const app = await buildApp({ ...ctx, demo, smsSimulator: sms }, modules, { logger: false });
    after(() => app.close());
    return app;
  };

  it('lists what the simulator accepted through the real adapter, newest first, escaped', async () => {
    const app = await appWith(true, simulator);
    const sender = new HttpSmsSender(simulator.url, 'demo-token');
    await sender.send({ to: '0912345678', text: 'Hồ sơ 000.00.12.G14-261123-0001 đã được tiếp nhận.', id: 'k1' });
    await sender.send({ to: '0987654321', text: 'Bổ sung <giấy tờ> trước 30/11/2026.', id: 'k2' });
    const admin = await login(app, 'demo.quantri');
    const page = await app.inject({ method: 'GET', url: '/hop-thu/sms', headers: { ...html, cookie: admin.cookie } });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.indexOf('0987654321') < page.body.indexOf('0912345678'), 'newest first');
    assert.match(page.body, /Bổ sung &lt;giấy tờ&gt; trước 30\/11\/2026\./);
    assert.match(page.body, /<td>\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}<\/td>/);
    assert.match(page.body, /href="\/hop-thu"/, 'links the mailbox (no SMTP here)');
    const mailbox = await app.inject({ method: 'GET', url: '/hop-thu', headers: html });
    assert.match(mailbox.body, /href="\/hop-thu\/sms"/);
    const english = await app.inject({ method: 'GET', url: '/hop-thu/sms?lang=en', headers: html });
    assert.match(english.body, /Test SMS messages/);
    // In demo mode a visitor sees only the messages to their account's phone (demo.congdan: 0912345678); anonymous: none.
    const citizen = await login(app, 'demo.congdan');
    const own = await app.inject({ method: 'GET', url: '/hop-thu/sms', headers: { ...html, cookie: citizen.cookie } });
    assert.equal(own.statusCode, 200);
    assert.ok(own.body.includes('0912345678') && !own.body.includes('0987654321'));
    const anonymous = await app.inject({ method: 'GET', url: '/hop-thu/sms', headers: html });
    assert.equal(anonymous.statusCode, 200);
    assert.ok(!anonymous.body.includes('0912345678') && !anonymous.body.includes('0987654321'));
  });

  it('shows them outside demo mode only to an administrator, and does not exist without the simulator', async () => {
    const app = await appWith(false, simulator);
    const anonymous = await app.inject({ method: 'GET', url: '/hop-thu/sms', headers: html });
    assert.equal(anonymous.statusCode, 303);
    const citizen = await login(app, 'demo.congdan');
    assert.equal((await app.inject({ method: 'GET', url: '/hop-thu/sms', headers: { ...html, cookie: citizen.cookie } })).statusCode, 404);
    const admin = await login(app, 'demo.quantri');
    assert.equal((await app.inject({ method: 'GET', url: '/hop-thu/sms', headers: { ...html, cookie: admin.cookie } })).statusCode, 200);
    const without = await appWith(true, null);
    assert.equal((await without.inject({ method: 'GET', url: '/hop-thu/sms', headers: html })).statusCode, 404);
  });
});
