// Ratings: the criteria (public), rating a dossier (JSON API and the form of the citizen's dossier page).
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import { FormBody, formPage, formText } from '../../http/form-page.ts';
import type { App, AppModule } from '../../http/app.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './ratings.errors.ts';
import { ratingsMessages } from './ratings.messages.ts';
import { CriteriaList, Rating, RatingBody, RatingParams } from './ratings.schemas.ts';
import type { RatingView } from './ratings.service.ts';

registerMessages(ratingsMessages);

const tags = ['ratings'];

function presentRating(r: RatingView) {
  return { ...r, createdAt: r.createdAt.toISOString() };
}

/** The rating form's fields: answers.<criterion> and comment. */
function formInput(body: FormBody): { answers: Record<string, string>; comment: string; values: Record<string, string> } {
  const answers: Record<string, string> = {};
  const values: Record<string, string> = {};
  for (const key of Object.keys(body ?? {})) {
    const value = formText(body, key);
    const match = /^answers\.([a-z][a-z0-9_]{0,40})$/.exec(key);
    if (match) {
      answers[match[1]!] = value;
      values[key] = value;
    }
  }
  const comment = typeof body?.comment === 'string' ? body.comment : '';
  values.comment = comment;
  return { answers, comment, values };
}

export const ratingsModule: AppModule = {
  name: 'ratings',
  register(app: App, ctx: AppContext) {
    const ratings = ctx.services.ratings;

    app.get('/api/ratings/criteria', { schema: { operationId: 'listRatingCriteria', tags, summary: 'List the rating criteria', description: 'Tiêu chí đánh giá việc giải quyết hồ sơ (Nghị định 61/2018) và các lựa chọn', response: { 200: CriteriaList } } }, async (request) => ({
      items: await ratings.criteria(request.locale),
    }));

    app.post(
      '/api/dossiers/:id/rating',
      {
        schema: {
          operationId: 'rateDossier',
          'x-problem-codes': ['RATING_NOT_YET', 'RATING_EXISTS'],
          tags,
          security: [{ session: [], csrf: [] }],
          summary: 'Rate how a dossier was handled',
          description: 'Đánh giá việc giải quyết hồ sơ (một lần, sau khi có kết quả: trạng thái 9 hoặc 10)',
          params: RatingParams,
          body: RatingBody,
          response: { 201: Rating },
        },
      },
      async (request, reply) => {
        const rating = await ratings.rate(requireActor(request), request.params.id, request.body);
        return reply.status(201).send(presentRating(rating));
      },
    );

    app.get('/ho-so/:id/danh-gia', { schema: { hide: true, params: RatingParams } }, async (request, reply) => {
      const state = await ratings.state(requireActor(request), request.params.id, request.locale);
      return reply.page('dossier-rating.njk', { dossierRating: state, ratingValues: {} });
    });

    app.post('/ho-so/:id/danh-gia', { schema: { hide: true, params: RatingParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      const input = formInput(request.body);
      // Only a form that does not validate is shown again (with 422); anything else is the error page.
      return formPage(request, reply, {
        act: async () => {
          await ratings.rate(actor, request.params.id, { answers: input.answers, comment: input.comment });
          return `/ho-so/${request.params.id}#danh-gia`;
        },
        pageError: (error) => error.code !== 'VALIDATION_FAILED',
        rerender: async (errors) => {
          const state = await ratings.state(actor, request.params.id, request.locale);
          return reply.page('dossier-rating.njk', { dossierRating: state, ratingErrors: errors, ratingValues: input.values });
        },
      });
    });
  },
};
