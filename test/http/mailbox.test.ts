import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestApp } from '../helpers/app.ts';

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
    const list = await app.inject({ method: 'GET', url: '/hop-thu', headers: html });
    assert.equal(list.statusCode, 200);
    const body = list.body;
    assert.ok(body.indexOf(`/hop-thu/${second}`) < body.indexOf(`/hop-thu/${first}`), 'newest first');
    assert.match(body, /<td>\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}<\/td>/);
    assert.match(body, /Thư &lt;thứ hai&gt;/);

    const one = await app.inject({ method: 'GET', url: `/hop-thu/${second}`, headers: html });
    assert.equal(one.statusCode, 200);
    assert.match(one.body, /<a href="http:\/\/dvc.test\/xac-thuc-email\?token=abc_DEF-123">/);
    assert.ok(!one.body.includes('href="https://evil.example'), 'foreign links stay text');
    assert.ok(one.body.includes('https://evil.example/phish'));
    assert.ok(!one.body.includes('<script>alert(1)</script>'));
    assert.ok(one.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
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
