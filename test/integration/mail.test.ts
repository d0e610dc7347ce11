import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createTestContext } from '../helpers/db.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on 127.0.0.1 (random port) that records what it receives; rejects recipients @bounce.test. */
async function startSmtp(): Promise<{ port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@bounce.test')) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, received };
}

describe('mail over SMTP', async () => {
  const smtp = await startSmtp();
  const ctx = await createTestContext({ config: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'OpenDVC <no-reply@opendvc.test>' } });
  const mail = ctx.services.mail;

  it('delivers a queued message to the SMTP server and marks it sent', async () => {
    const id = await ctx.db.transaction().execute((tx) => mail.queue(tx, { to: 'an@example.vn', subject: 'Kích hoạt tài khoản', text: 'Xin chào An,\nhttp://localhost/x' }));
    const report = await mail.deliverPending();
    assert.deepEqual(report, { sent: 1, failed: 0, retrying: 0, kept: 0 });
    assert.equal(smtp.received.length, 1);
    const message = smtp.received[0]!;
    assert.deepEqual(message.to, ['an@example.vn']);
    assert.equal(message.from, 'no-reply@opendvc.test');
    // The Vietnamese subject is MIME-encoded; decode it to compare.
    const subjectLine = /^Subject: (.+(?:\r\n[ \t].+)*)/m.exec(message.raw)?.[1] ?? '';
    const decoded = subjectLine
      .split(/\r\n[ \t]/)
      .map((word) => word.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_w, enc: string, data: string) =>
        enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')))
      .join('')
      .replace(/\?=\s*=\?/g, '');
    assert.equal(decoded, 'Kích hoạt tài khoản');
    const row = await ctx.db.selectFrom('mail_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'sent');
    assert.equal(row.attempts, 1);
    assert.ok(row.sent_at);
    // Nothing left to send.
    assert.deepEqual(await mail.deliverPending(), { sent: 0, failed: 0, retrying: 0, kept: 0 });
    assert.equal(smtp.received.length, 1);
  });

  it('sends nothing for a transaction that rolled back', async () => {
    await assert.rejects(
      ctx.db.transaction().execute(async (tx) => {
        await mail.queue(tx, { to: 'ghost@example.vn', subject: 'x', text: 'y' });
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    await mail.deliverPending();
    assert.ok(!smtp.received.some((m) => m.to.includes('ghost@example.vn')));
  });

  it('retries a refused message up to 5 times, then gives up and keeps the error', async () => {
    const id = await ctx.db.transaction().execute((tx) => mail.queue(tx, { to: 'nobody@bounce.test', subject: 'x', text: 'y' }));
    for (let attempt = 1; attempt <= 4; attempt++) {
      const report = await mail.deliverPending();
      assert.deepEqual(report, { sent: 0, failed: 0, retrying: 1, kept: 0 }, `attempt ${attempt}`);
      const row = await ctx.db.selectFrom('mail_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'pending');
      assert.equal(row.attempts, attempt);
      assert.match(row.last_error ?? '', /550|unavailable/);
    }
    assert.deepEqual(await mail.deliverPending(), { sent: 0, failed: 1, retrying: 0, kept: 0 });
    const row = await ctx.db.selectFrom('mail_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, 5);
    assert.deepEqual(await mail.deliverPending(), { sent: 0, failed: 0, retrying: 0, kept: 0 });
  });

  it('delivers the verification e-mail of a registration', async () => {
    await ctx.services.identity.registerCitizen({
      fullName: 'Đặng Hữu Tài', personalId: '001190066666', dateOfBirth: '1985-01-31', phone: '0987654321', email: 'tai@example.vn',
      address: 'Huế', password: 'Sen-Vang#2026', passwordConfirm: 'Sen-Vang#2026',
    });
    const report = await mail.deliverPending();
    assert.equal(report.sent, 1);
    const message = smtp.received.find((m) => m.to.includes('tai@example.vn'));
    assert.ok(message);
    // The link may be wrapped by quoted-printable soft breaks; undo them before looking.
    const body = message.raw.replace(/=\r\n/g, '').replace(/=3D/g, '=');
    assert.match(body, new RegExp(`${ctx.config.baseUrl.replace(/[.:/]/g, '\\$&')}/xac-thuc-email\\?token=[\\w-]{20,}`));
  });
});

describe('mail without SMTP', async () => {
  const ctx = await createTestContext();
  const mail = ctx.services.mail;

  it('keeps pending messages for the local mailbox', async () => {
    const ids = await ctx.db.transaction().execute(async (tx) => [
      await mail.queue(tx, { to: 'a@example.vn', subject: 'A', text: 'a' }),
      await mail.queue(tx, { to: 'b@example.vn', subject: 'B', text: 'b', html: '<p>b</p>' }),
    ]);
    assert.equal(mail.localMailbox, true);
    assert.deepEqual(await mail.deliverPending(), { sent: 0, failed: 0, retrying: 0, kept: 2 });
    const rows = await ctx.db.selectFrom('mail_messages').select(['id', 'status', 'attempts']).where('id', 'in', ids).execute();
    assert.deepEqual(rows.map((r) => r.status), ['kept', 'kept']);
    // An administrator sees every message; in demo mode an anonymous visitor sees none of them.
    const adminActor = { id: 'x', username: 'q', fullName: 'Q', kind: 'staff' as const, agencyId: null, departmentId: null, organisationId: null, roles: [{ role: 'admin' as const, agencyId: 'a' }] };
    const demo = { actor: adminActor, demo: true };
    const box = await mail.mailbox(demo);
    assert.equal(box.total, 2);
    assert.equal(box.items[0]!.to_address, 'b@example.vn');
    assert.equal((await mail.message(demo, ids[0]!)).subject, 'A');
    await assert.rejects(mail.message(demo, '00000000-0000-0000-0000-000000000000'), { code: 'NOT_FOUND' });
    await assert.rejects(mail.message(demo, 'not-a-uuid'), { code: 'NOT_FOUND' });
    assert.equal((await mail.mailbox({ actor: null, demo: true })).total, 0);
    await assert.rejects(mail.message({ actor: null, demo: true }, ids[0]!), { code: 'NOT_FOUND' });
    // Outside demo mode the mailbox (which holds reset links) is for administrators only.
    await assert.rejects(mail.mailbox({ actor: null, demo: false }), { code: 'UNAUTHENTICATED' });
    const citizen = { id: 'x', username: 'c', fullName: 'C', kind: 'citizen' as const, agencyId: null, departmentId: null, organisationId: null, roles: [] };
    await assert.rejects(mail.message({ actor: citizen, demo: false }, ids[0]!), { code: 'NOT_FOUND' });
    const admin = { ...citizen, kind: 'staff' as const, roles: [{ role: 'admin' as const, agencyId: 'a' }] };
    assert.equal((await mail.mailbox({ actor: admin, demo: false })).total, 2);
  });
});
