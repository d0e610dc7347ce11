// Counts portal page views on every response (see visits.rules.ts) and flushes them when the server closes.
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { registerMessages } from '../../core/i18n.ts';
import { visitsMessages } from './visits.messages.ts';

registerMessages(visitsMessages);

export const visitsModule: AppModule = {
  name: 'visits',
  register(app: App, ctx: AppContext) {
    const visits = ctx.services.visits;
    app.addHook('onResponse', async (request, reply) => {
      const type = reply.getHeader('content-type');
      visits.record({
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        contentType: typeof type === 'string' ? type : undefined,
        userAgent: request.headers['user-agent'],
      });
    });
    app.addHook('onClose', async () => {
      try {
        await visits.stop();
      } catch (error) {
        app.log.error({ err: error }, 'visit counts could not be saved');
      }
    });
  },
};
