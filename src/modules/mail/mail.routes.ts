// The local mailbox pages (only when no SMTP server is configured) and the demo's SMS inbox: administrators see
// everything; in demo mode a visitor sees only what is addressed to them (MailService.inboxScope).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import { formatTimestamp } from '../../core/text.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { mailMessages } from './mail.messages.ts';
import { linkify } from './mail.rules.ts';
import { MailboxQuery, MailParams } from './mail.schemas.ts';
import { samePhone } from './mail.service.ts';

registerMessages(mailMessages);

/** The demo mailbox cookie: the accounts registered in this browser (signed; sent to /hop-thu only). */
export const MAILBOX_COOKIE = 'opendvc_mailbox';

/**
 * After an anonymous visitor registered an account (`accountId`; null when none was created, e.g. the address was
 * taken) in demo mode with the local mailbox, remember it in their browser so that /hop-thu shows them the mail
 * to its address while it awaits its e-mail check — and nobody else's mail.
 */
export function rememberMailboxAccount(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, accountId: string | null | undefined): void {
  if (!accountId || !ctx.demo || !ctx.services.mail.localMailbox || request.actor) return;
  const value = ctx.services.mail.rememberAccount(request.cookies[MAILBOX_COOKIE], accountId);
  reply.setCookie(MAILBOX_COOKIE, value, { path: '/hop-thu', httpOnly: true, sameSite: 'lax', secure: ctx.config.secureCookies, maxAge: 7 * 86400 });
}

function viewer(ctx: AppContext, request: FastifyRequest) {
  return { actor: request.actor, demo: ctx.demo, registered: ctx.services.mail.rememberedAccounts(request.cookies[MAILBOX_COOKIE]) };
}

export const mailModule: AppModule = {
  name: 'mail',
  register(app: App, ctx: AppContext) {
    const mail = ctx.services.mail;

    app.get(
      '/hop-thu',
      { schema: { hide: true, querystring: MailboxQuery } },
      async (request, reply) => {
        const result = await mail.mailbox(viewer(ctx, request), request.query.page ?? 1);
        return reply.page('mailbox.njk', {
          ...result,
          signedIn: !!request.actor,
          smsInbox: !!ctx.smsSimulator,
          items: result.items.map((m) => ({ ...m, time: formatTimestamp(m.created_at) })),
        });
      },
    );

    // The SMS the demo sent to the gateway simulator (only when the simulator runs: no SMS_URL in demo mode).
    app.get('/hop-thu/sms', { schema: { hide: true } }, async (request, reply) => {
      const scope = await mail.inboxScope(viewer(ctx, request));
      if (!ctx.smsSimulator) throw new DomainError('NOT_FOUND');
      const items = ctx.smsSimulator
        .messages()
        .filter((m) => scope.all || scope.phones.some((phone) => samePhone(phone, m.to)))
        .reverse()
        .map((m) => ({ to: m.to, text: m.text, time: formatTimestamp(new Date(m.at)) }));
      return reply.page('sms-inbox.njk', { items, all: scope.all, signedIn: !!request.actor, mailbox: !ctx.config.smtpUrl });
    });

    app.get('/hop-thu/:id', { schema: { hide: true, params: MailParams } }, async (request, reply) => {
      const message = await mail.message(viewer(ctx, request), request.params.id);
      const paragraphs = message.body_text.split(/\n{2,}/).map((p) => linkify(p, ctx.config.baseUrl));
      return reply.page('mailbox-message.njk', { message, time: formatTimestamp(message.created_at), paragraphs });
    });
  },
};
