// Messages between the applicant and the agency: JSON API, and the form of the citizen's dossier page.
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import { FormBody, formPage, formText } from '../../http/form-page.ts';
import type { App, AppModule } from '../../http/app.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './messages.errors.ts';
import { messagesMessages } from './messages.messages.ts';
import { Message, MessageBody, MessageList, MessageParams } from './messages.schemas.ts';
import type { MessageView, Thread } from './messages.service.ts';

registerMessages(messagesMessages);

const tags = ['messages'];

function presentMessage(m: MessageView) {
  return { ...m, createdAt: m.createdAt.toISOString(), readAt: m.readAt ? m.readAt.toISOString() : null };
}

function presentThread(thread: Thread) {
  return { ...thread, items: thread.items.map(presentMessage) };
}

export const messagesModule: AppModule = {
  name: 'messages',
  register(app: App, ctx: AppContext) {
    const messages = ctx.services.messages;

    app.get(
      '/api/dossiers/:id/messages',
      { schema: { operationId: 'listDossierMessages', tags, security: [{ session: [] as string[] }], summary: "List a dossier's messages", description: 'Tin nhắn trao đổi giữa người nộp và cơ quan giải quyết về một hồ sơ (cũ nhất trước)', params: MessageParams, response: { 200: MessageList } } },
      async (request, reply) => {
        const thread = await messages.thread(requireActor(request), request.params.id);
        return reply.header('cache-control', 'no-store').send(presentThread(thread));
      },
    );

    app.post(
      '/api/dossiers/:id/messages',
      {
        schema: {
          operationId: 'sendDossierMessage',
          tags,
          security: [{ session: [], csrf: [] }],
          summary: 'Send a message about a dossier',
          description: 'Gửi tin nhắn về một hồ sơ (người nộp hoặc cán bộ của cơ quan giải quyết; tin của cơ quan được thông báo cho người nộp)',
          params: MessageParams,
          body: MessageBody,
          response: { 201: Message },
        },
      },
      async (request, reply) => {
        const message = await messages.post(requireActor(request), request.params.id, request.body);
        return reply.status(201).send(presentMessage(message));
      },
    );

    // Pages: the thread on its own page (also where a failed form is shown again). The applicant's side only:
    // officers write through /can-bo/ho-so/:id/tin-nhan.
    app.get('/ho-so/:id/tin-nhan', { schema: { hide: true, params: MessageParams } }, async (request, reply) => {
      const thread = await messages.thread(requireActor(request), request.params.id, new Date(), 'applicant');
      return reply.page('dossier-messages.njk', { dossierMessages: thread, messageValues: {} });
    });

    app.post('/ho-so/:id/tin-nhan', { schema: { hide: true, params: MessageParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      const body = formText(request.body, 'body');
      // Only a form that does not validate is shown again (with 422); anything else is the error page.
      return formPage(request, reply, {
        act: async () => {
          await messages.post(actor, request.params.id, { body }, 'applicant');
          return `/ho-so/${request.params.id}#tin-nhan`;
        },
        pageError: (error) => error.code !== 'VALIDATION_FAILED',
        rerender: async (errors) => {
          const thread = await messages.thread(actor, request.params.id, new Date(), 'applicant');
          return reply.page('dossier-messages.njk', { dossierMessages: thread, messageErrors: errors, messageValues: { body } });
        },
      });
    });
  },
};
