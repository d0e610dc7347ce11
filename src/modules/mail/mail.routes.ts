// The local mailbox pages (only when no SMTP server is configured).
import { Type } from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import { formatDate } from '../../core/text.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { mailMessages } from './mail.messages.ts';
import { linkify } from './mail.rules.ts';

registerMessages(mailMessages);

/** dd/mm/yyyy hh:mm in Vietnam time. */
function mailTime(value: Date): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hour12: false }).format(value);
  return `${formatDate(value)} ${time}`;
}

export const mailModule: AppModule = {
  name: 'mail',
  register(app: App, ctx: AppContext) {
    const mail = ctx.services.mail;

    app.get(
      '/hop-thu',
      { schema: { hide: true, querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })) }) } },
      async (request, reply) => {
        const result = await mail.mailbox({ actor: request.actor, demo: ctx.demo }, request.query.page ?? 1);
        return reply.page('mailbox.njk', {
          ...result,
          smsInbox: !!ctx.smsSimulator,
          items: result.items.map((m) => ({ ...m, time: mailTime(m.created_at) })),
        });
      },
    );

    // The SMS the demo sent to the gateway simulator (only when the simulator runs: no SMS_URL in demo mode).
    app.get('/hop-thu/sms', { schema: { hide: true } }, async (request, reply) => {
      mail.assertTestInboxReader({ actor: request.actor, demo: ctx.demo });
      if (!ctx.smsSimulator) throw new DomainError('NOT_FOUND');
      const items = ctx.smsSimulator
        .messages()
        .reverse()
        .map((m) => ({ to: m.to, text: m.text, time: mailTime(new Date(m.at)) }));
      return reply.page('sms-inbox.njk', { items, mailbox: !ctx.config.smtpUrl });
    });

    app.get('/hop-thu/:id', { schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } }, async (request, reply) => {
      const message = await mail.message({ actor: request.actor, demo: ctx.demo }, request.params.id);
      const paragraphs = message.body_text.split(/\n{2,}/).map((p) => linkify(p, ctx.config.baseUrl));
      return reply.page('mailbox-message.njk', { message, time: mailTime(message.created_at), paragraphs });
    });
  },
};
