// Public disclosure pages (công khai, no login): /cong-khai and /cong-khai/co-quan/:code.
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { agencyRedirectNote, redirectOldAgencyCode } from '../agencies/agencies.redirects.ts';
import { formatters } from '../scorecards/scorecards.format.ts';
import { monthLabel } from '../scorecards/scorecards.rules.ts';
import { disclosureMessages } from './disclosure.messages.ts';
import { pageCount } from './disclosure.rules.ts';
import { AgencyPageParams, AgencyPageQuery, OverviewQuery } from './disclosure.schemas.ts';

registerMessages(disclosureMessages);

export const disclosureModule: AppModule = {
  name: 'disclosure',
  register(app: App, ctx: AppContext) {
    const disclosure = ctx.services.disclosure;

    app.get('/cong-khai', { schema: { hide: true, querystring: OverviewQuery } }, async (request, reply) => {
      const data = await disclosure.overview(new Date(), request.query.page ?? 1);
      return reply.page('disclosure-home.njk', { ...data, monthLabel: monthLabel(data.month), pageCount: pageCount(data.total), ...formatters(request.locale) });
    });

    app.get('/cong-khai/co-quan/:code', { schema: { hide: true, params: AgencyPageParams, querystring: AgencyPageQuery } }, async (request, reply) => {
      // A merged agency's code (or a former code): 303 to the successor's page, which shows the note.
      const moved = await redirectOldAgencyCode(ctx.services.agencies, request, reply, request.params.code, {
        path: (code) => `/cong-khai/co-quan/${encodeURIComponent(code)}`,
      });
      if (moved) return moved;
      const now = new Date();
      const data = await disclosure.agency(request.params.code, now, request.query.dang ?? 1, request.query.xong ?? 1, request.locale);
      const card = await ctx.services.scorecards.scorecard(data.agency.code, data.month, now, request.locale);
      const base = `/cong-khai/co-quan/${encodeURIComponent(data.agency.code)}`;
      return reply.page('disclosure-agency.njk', {
        ...data,
        card,
        redirectNote: await agencyRedirectNote(ctx.services.agencies, request, data.agency.code),
        monthLabel: monthLabel(data.month),
        progressPages: pageCount(data.inProgress.total),
        resolvedPages: pageCount(data.resolved.total),
        progressBase: `${base}?xong=${data.resolved.page}&`,
        resolvedBase: `${base}?dang=${data.inProgress.page}&`,
        ...formatters(request.locale),
      });
    });
  },
};
