// SIPAS survey pages, without JavaScript: the rounds (/quan-tri/khao-sat: list, new round, a round with its draw,
// invitations, sample and results, paper entry), the questionnaires' edit form (/quan-tri/phieu-khao-sat), the
// yearly report with chart and Excel (/bao-cao/khao-sat-hai-long), and the public answer page by token
// (/khao-sat/:token: no sign-in, one column, works at 360 px).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { registerMessages } from '../../core/i18n.ts';
import { vietnamYear } from '../../core/time.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage, formText, type FormErrors } from '../../http/form-page.ts';
import { pickerOptions } from '../agencies/agencies.picker.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './surveys.errors.ts';
import { factorChart, marginText, meanText, percentText, yearReportXlsx } from './surveys.export.ts';
import { surveysMessages } from './surveys.messages.ts';
import { IdParams, TokenParams } from './surveys.schemas.ts';
import { ANSWER_PATH, type QuestionnaireView, type RoundForm } from './surveys.service.ts';
import type { QuestionnaireInput } from './surveys.rules.ts';

registerMessages(surveysMessages);

export const SURVEYS_PAGE = '/quan-tri/khao-sat';
export const QUESTIONNAIRES_PAGE = '/quan-tri/phieu-khao-sat';
export const REPORT_PAGE = '/bao-cao/khao-sat-hai-long';

const OkQuery = Type.Object({ ok: Type.Optional(Type.String({ maxLength: 20 })) });
const ReportPageQuery = Type.Object({ year: Type.Optional(Type.String({ maxLength: 10 })) });

/** The answers of a form: answers.<question id> → the chosen level (text; the rules check it). */
function readAnswers(body: FormBody): { answers: Record<string, string>; values: Record<string, string> } {
  const answers: Record<string, string> = {};
  const values: Record<string, string> = {};
  for (const key of Object.keys(body ?? {})) {
    const match = /^answers\.([0-9a-f-]{36})$/i.exec(key);
    if (!match) continue;
    const value = formText(body, key);
    answers[match[1]!] = value;
    values[key] = value;
  }
  return { answers, values };
}

function readRound(body: FormBody): RoundForm {
  return {
    name: formText(body, 'name'),
    agencyId: formText(body, 'agencyId'),
    year: formText(body, 'year'),
    periodFrom: formText(body, 'periodFrom'),
    periodTo: formText(body, 'periodTo'),
    targetSize: formText(body, 'targetSize'),
    minPerStratum: formText(body, 'minPerStratum'),
    seed: formText(body, 'seed'),
  };
}

function readQuestionnaire(body: FormBody, current: QuestionnaireView): { input: QuestionnaireInput; values: Record<string, string> } {
  const values: Record<string, string> = {};
  const get = (name: string) => (values[name] = formText(body, name));
  const int = (name: string) => {
    const text = get(name).trim();
    return /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  };
  return {
    input: {
      titleVi: get('titleVi'),
      titleEn: get('titleEn'),
      scaleMax: int('scaleMax'),
      satisfiedFrom: int('satisfiedFrom'),
      factors: current.factors.map((f) => ({ id: f.id, nameVi: get(`factors.${f.id}.nameVi`), nameEn: get(`factors.${f.id}.nameEn`) })),
      questions: current.questions.map((q) => ({ id: q.id, textVi: get(`questions.${q.id}.textVi`), textEn: get(`questions.${q.id}.textEn`) })),
    },
    values,
  };
}

function questionnaireValues(q: QuestionnaireView): Record<string, string> {
  const values: Record<string, string> = { titleVi: q.titleVi, titleEn: q.titleEn, scaleMax: String(q.scaleMax), satisfiedFrom: String(q.satisfiedFrom) };
  for (const f of q.factors) Object.assign(values, { [`factors.${f.id}.nameVi`]: f.nameVi, [`factors.${f.id}.nameEn`]: f.nameEn });
  for (const x of q.questions) Object.assign(values, { [`questions.${x.id}.textVi`]: x.textVi, [`questions.${x.id}.textEn`]: x.textEn });
  return values;
}

/** The questionnaire grouped for a form: each factor with its questions in order. */
function grouped(q: QuestionnaireView) {
  return q.factors.map((f) => ({ ...f, questions: q.questions.filter((x) => x.factorId === f.id) }));
}

export const surveysPagesModule: AppModule = {
  name: 'surveys-pages',
  register(app: App, ctx: AppContext) {
    const surveys = ctx.services.surveys;
    const formats = (request: FastifyRequest) => ({
      pct: (v: number | null) => percentText(v, request.locale),
      moe: (v: number | null) => marginText(v, request.locale),
      mean: (v: number | null) => meanText(v, request.locale),
    });

    // --- rounds --------------------------------------------------------------------------------------------

    app.get(SURVEYS_PAGE, { schema: { hide: true } }, async (request, reply) => {
      const actor = requireActor(request);
      const rounds = await surveys.rounds(actor);
      return reply.page('surveys-list.njk', { rounds, canManage: await surveys.canManageAny(actor), ...formats(request) });
    });

    const renderNew = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, unknown>, errors: FormErrors | null) => {
      const options = pickerOptions(await surveys.agencyOptions(request.actor), { valueKey: 'id' });
      return reply.page('surveys-round-form.njk', { values, errors, options });
    };

    app.get(`${SURVEYS_PAGE}/dot-moi`, { schema: { hide: true } }, async (request, reply) => {
      requireActor(request);
      const year = vietnamYear(new Date());
      return renderNew(request, reply, { year: String(year), periodFrom: `${year}-01-01`, periodTo: `${year}-12-31`, targetSize: '400', minPerStratum: '2', seed: String(year) }, null);
    });

    app.post(`${SURVEYS_PAGE}/dot-moi`, { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const input = readRound(request.body);
      return formPage(request, reply, {
        act: async () => {
          const round = await surveys.createRound({ ...requireActor(request), ip: request.ip }, input);
          return `${SURVEYS_PAGE}/${round.id}?ok=created`;
        },
        rerender: (errors) => renderNew(request, reply, { ...input }, errors),
      });
    });

    const renderRound = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}) => {
      const detail = await surveys.round(requireActor(request), id, request.locale);
      return reply.page('surveys-round.njk', { detail, ...formats(request), ...extra });
    };

    app.get(`${SURVEYS_PAGE}/:id`, { schema: { hide: true, params: IdParams, querystring: OkQuery } }, async (request, reply) =>
      renderRound(request, reply, request.params.id, { ok: request.query.ok ?? null }),
    );

    app.post(`${SURVEYS_PAGE}/:id/chon-mau`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) =>
      formPage(request, reply, {
        act: async () => {
          await surveys.draw({ ...requireActor(request), ip: request.ip }, request.params.id);
          return `${SURVEYS_PAGE}/${request.params.id}?ok=drawn`;
        },
        rerender: (errors) => renderRound(request, reply, request.params.id, { errors }),
      }),
    );

    app.post(`${SURVEYS_PAGE}/:id/gui-loi-moi`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) =>
      formPage(request, reply, {
        act: async () => {
          const sent = await surveys.invite({ ...requireActor(request), ip: request.ip }, request.params.id);
          return renderRound(request, reply, request.params.id, { sent });
        },
        rerender: (errors) => renderRound(request, reply, request.params.id, { errors }),
      }),
    );

    const renderPaper = async (request: FastifyRequest, reply: FastifyReply, id: string, values: Record<string, string>, errors: FormErrors | null, saved = false) => {
      const detail = await surveys.round(requireActor(request), id, request.locale);
      return reply.page('surveys-paper.njk', { round: detail.round, questionnaire: detail.questionnaire, factors: grouped(detail.questionnaire), values, errors, saved });
    };

    app.get(`${SURVEYS_PAGE}/:id/phieu-giay`, { schema: { hide: true, params: IdParams, querystring: OkQuery } }, async (request, reply) =>
      renderPaper(request, reply, request.params.id, {}, null, request.query.ok === 'saved'),
    );

    app.post(`${SURVEYS_PAGE}/:id/phieu-giay`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const { answers, values } = readAnswers(request.body);
      const dossierCode = formText(request.body, 'dossierCode');
      return formPage(request, reply, {
        act: async () => {
          await surveys.enterPaper({ ...requireActor(request), ip: request.ip }, request.params.id, dossierCode, answers);
          return `${SURVEYS_PAGE}/${request.params.id}/phieu-giay?ok=saved`;
        },
        // A dossier outside the sample is a form error here (the officer typed the code), not a missing page.
        pageError: (error) => !['VALIDATION_FAILED', 'SURVEY_NOT_IN_SAMPLE', 'SURVEY_ALREADY_ANSWERED'].includes(error.code),
        rerender: (errors) => renderPaper(request, reply, request.params.id, { ...values, dossierCode }, errors),
      });
    });

    // --- questionnaires ------------------------------------------------------------------------------------

    app.get(QUESTIONNAIRES_PAGE, { schema: { hide: true } }, async (request, reply) => {
      const items = await surveys.questionnaires(requireActor(request), request.locale);
      return reply.page('surveys-questionnaires.njk', { items });
    });

    const renderQuestionnaire = (reply: FastifyReply, q: QuestionnaireView, values: Record<string, string>, errors: FormErrors | null, saved = false) =>
      reply.page('surveys-questionnaire.njk', { q, factors: grouped(q), values, errors, saved });

    app.get(`${QUESTIONNAIRES_PAGE}/:id`, { schema: { hide: true, params: IdParams, querystring: OkQuery } }, async (request, reply) => {
      const q = await surveys.questionnaire(requireActor(request), request.params.id, request.locale);
      return renderQuestionnaire(reply, q, questionnaireValues(q), null, request.query.ok === 'saved');
    });

    app.post(`${QUESTIONNAIRES_PAGE}/:id`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      const current = await surveys.questionnaire(actor, request.params.id, request.locale);
      const { input, values } = readQuestionnaire(request.body, current);
      return formPage(request, reply, {
        act: async () => {
          await surveys.updateQuestionnaire({ ...actor, ip: request.ip }, request.params.id, input);
          return `${QUESTIONNAIRES_PAGE}/${request.params.id}?ok=saved`;
        },
        rerender: (errors) => renderQuestionnaire(reply, current, values, errors),
      });
    });

    // --- yearly report -------------------------------------------------------------------------------------

    const reportYear = (text: string | undefined) => (text && /^\d{4}$/.test(text) && Number(text) >= 2000 && Number(text) <= 2100 ? Number(text) : vietnamYear(new Date()));

    app.get(REPORT_PAGE, { schema: { hide: true, querystring: ReportPageQuery } }, async (request, reply) => {
      const year = reportYear(request.query.year);
      const report = await surveys.yearReport(requireActor(request), year, request.locale);
      const chartOf = report.overall ?? (report.agencies.length === 1 ? report.agencies[0]! : null);
      const chart = chartOf ? factorChart(report, chartOf, request.t, request.locale) : null;
      return reply.page('surveys-report.njk', { report, chart, ...formats(request) });
    });

    app.get(`${REPORT_PAGE}.xlsx`, { schema: { hide: true, querystring: ReportPageQuery } }, async (request, reply) => {
      const year = reportYear(request.query.year);
      const report = await surveys.yearReport(requireActor(request), year, request.locale);
      const bytes = await yearReportXlsx(report, request.t);
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="sipas-${year}.xlsx"`);
      reply.header('cache-control', 'private, no-store');
      return reply.send(bytes);
    });

    // --- the public answer page ----------------------------------------------------------------------------

    const renderAnswer = async (request: FastifyRequest, reply: FastifyReply, token: string, values: Record<string, string>, errors: FormErrors | null, thanks = false) => {
      const form = await surveys.answerForm(token, request.locale);
      // The link's token stays out of other sites' logs (no Referer) and out of caches.
      reply.header('referrer-policy', 'no-referrer');
      return reply.page('surveys-answer.njk', { form, factors: grouped(form.questionnaire), token, values, errors, thanks: thanks && form.answered });
    };

    app.get(`${ANSWER_PATH}/:token`, { schema: { hide: true, params: TokenParams, querystring: OkQuery } }, async (request, reply) =>
      renderAnswer(request, reply, request.params.token, {}, null, request.query.ok === 'thanks'),
    );

    app.post(`${ANSWER_PATH}/:token`, { schema: { hide: true, params: TokenParams, body: FormBody } }, async (request, reply) => {
      const { answers, values } = readAnswers(request.body);
      return formPage(request, reply, {
        act: async () => {
          await surveys.answer(request.params.token, answers);
          return `${ANSWER_PATH}/${request.params.token}?ok=thanks`;
        },
        // Only a form that does not validate is shown again; a second answer (409) or a wrong link (404): the error page.
        pageError: (error) => error.code !== 'VALIDATION_FAILED',
        rerender: (errors) => renderAnswer(request, reply, request.params.token, values, errors),
      });
    });
  },
};
