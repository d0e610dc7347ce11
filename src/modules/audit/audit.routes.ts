// Audit log pages (read-only): /quan-tri/nhat-ky and GET /api/audit, for administrators and inspectors.
import { formatTimestamp } from '../../core/text.ts';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { auditMessages } from './audit.messages.ts';
import { AuditPage, AuditQuery } from './audit.schemas.ts';
import { summaryText } from './audit.view.ts';

registerMessages(auditMessages);

export const auditModule: AppModule = {
  name: 'audit',
  register(app: App, ctx: AppContext) {
    const audit = ctx.services.audit;
    const scopes = ctx.services.agencies;

    app.get(
      '/api/audit',
      {
        schema: {
          operationId: 'listAuditEntries',
          tags: ['audit'],
          summary: 'List audit log entries',
          description: 'Nhật ký hệ thống, mới nhất trước (quản trị, thanh tra; theo phạm vi cơ quan)',
          security: [{ session: [] }],
          querystring: AuditQuery,
          response: { 200: AuditPage },
        },
      },
      async (request) => {
        const result = await audit.browse(request.actor, request.query, scopes);
        return {
          items: result.items.map((e) => ({ ...e, at: e.at.toISOString() })),
          total: result.total,
          page: result.page,
          pageSize: result.pageSize,
          pageCount: result.pageCount,
        };
      },
    );

    app.get('/quan-tri/nhat-ky', { schema: { hide: true, querystring: AuditQuery } }, async (request, reply) => {
      const query = request.query;
      const filters = { action: query.action ?? '', targetType: query.targetType ?? '', targetId: query.targetId ?? '' };
      const result = await audit.browse(request.actor, { ...filters, page: query.page ?? 1 }, scopes);
      const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
      return reply.page('audit-log.njk', {
        ...result,
        filters,
        filtered: !!params,
        baseUrl: params ? `/quan-tri/nhat-ky?${params}&` : '/quan-tri/nhat-ky?',
        rows: result.items.map((e) => ({ ...e, time: formatTimestamp(e.at), iso: e.at.toISOString(), summaryText: summaryText(e.summary) })),
      });
    });
  },
};
