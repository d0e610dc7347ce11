// SIPAS survey, JSON API: questionnaires, rounds (create, draw, invitations, paper entry), the yearly report (staff
// of the organising body, agency-scoped), and the public answer by token (no sign-in: the token is the credential).
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './surveys.errors.ts';
import { surveysMessages } from './surveys.messages.ts';
import { AnswerBody, Answered, AnswerForm, DrawResult, IdParams, InvitationResult, PaperBody, Questionnaire, QuestionnaireList, ReportQuery, Round, RoundBody, RoundList, TokenParams, YearQuery, YearReport } from './surveys.schemas.ts';
import type { ResultView, RoundView, YearReportView } from './surveys.service.ts';

registerMessages(surveysMessages);

const tags = ['surveys'];
const read = [{ session: [] as string[] }];
const write = [{ session: [] as string[], csrf: [] as string[] }];
const ROUND_CODES = ['SURVEY_NAME_REQUIRED', 'SURVEY_NAME_TOO_LONG', 'SURVEY_YEAR_INVALID', 'SURVEY_DATE_INVALID', 'SURVEY_PERIOD_ORDER', 'SURVEY_SIZE_INVALID', 'SURVEY_MIN_INVALID', 'SURVEY_SEED_INVALID', 'SURVEY_AGENCY_REQUIRED'] as const;
const ANSWER_CODES = ['SURVEY_NOT_IN_SAMPLE', 'SURVEY_ALREADY_ANSWERED', 'SURVEY_ANSWER_REQUIRED', 'SURVEY_ANSWER_OUT_OF_RANGE', 'SURVEY_QUESTION_UNKNOWN'] as const;

export function roundJson(r: RoundView) {
  return { ...r, drawnAt: r.drawnAt ? r.drawnAt.toISOString() : null };
}

function resultJson(r: ResultView) {
  return r;
}

function reportJson(r: YearReportView) {
  return { year: r.year, rounds: r.rounds.map(roundJson), overall: r.overall ? resultJson(r.overall) : null, agencies: r.agencies.map(resultJson) };
}

export const surveysModule: AppModule = {
  name: 'surveys',
  register(app: App, ctx: AppContext) {
    const surveys = ctx.services.surveys;

    app.get(
      '/api/surveys/questionnaires',
      { schema: { operationId: 'listSurveyQuestionnaires', tags, security: read, summary: 'List the survey questionnaires', description: 'Các phiếu khảo sát sự hài lòng (SIPAS)', response: { 200: QuestionnaireList } } },
      async (request) => ({ items: await surveys.questionnaires(requireActor(request), request.locale) }),
    );

    app.get(
      '/api/surveys/questionnaires/:id',
      { schema: { operationId: 'getSurveyQuestionnaire', tags, security: read, summary: 'Get a survey questionnaire', description: 'Một phiếu khảo sát: các yếu tố và câu hỏi (nhận thức, hài lòng, mong đợi)', params: IdParams, response: { 200: Questionnaire } } },
      async (request) => surveys.questionnaire(requireActor(request), request.params.id, request.locale),
    );

    app.get(
      '/api/surveys/rounds',
      { schema: { operationId: 'listSurveyRounds', tags, security: read, summary: 'List survey rounds', description: 'Các đợt khảo sát trong phạm vi cơ quan của người dùng', querystring: YearQuery, response: { 200: RoundList } } },
      async (request) => ({ items: (await surveys.rounds(requireActor(request), request.query.year)).map(roundJson) }),
    );

    app.post(
      '/api/surveys/rounds',
      {
        schema: {
          operationId: 'createSurveyRound',
          tags,
          security: write,
          summary: 'Create a survey round',
          description: 'Tạo đợt khảo sát cho một năm và một phạm vi (cơ quan và các cơ quan trực thuộc)',
          body: RoundBody,
          'x-problem-codes': ROUND_CODES,
          response: { 201: Round },
        },
      },
      async (request, reply) => reply.status(201).send(roundJson(await surveys.createRound({ ...requireActor(request), ip: request.ip }, request.body))),
    );

    app.get(
      '/api/surveys/rounds/:id',
      { schema: { operationId: 'getSurveyRound', tags, security: read, summary: 'Get a survey round', description: 'Một đợt khảo sát', params: IdParams, response: { 200: Round } } },
      async (request) => roundJson((await surveys.round(requireActor(request), request.params.id, request.locale)).round),
    );

    app.post(
      '/api/surveys/rounds/:id/draw',
      {
        schema: {
          operationId: 'drawSurveySample',
          tags,
          security: write,
          summary: 'Draw the sample of a survey round',
          description: 'Chọn mẫu (một lần) từ các hồ sơ đã giải quyết, phân tầng theo cơ quan và thủ tục, có hạt giống',
          params: IdParams,
          'x-problem-codes': ['SURVEY_ALREADY_DRAWN', 'SURVEY_NO_DOSSIERS'],
          response: { 200: DrawResult },
        },
      },
      async (request) => {
        const actor = { ...requireActor(request), ip: request.ip };
        const strata = await surveys.draw(actor, request.params.id);
        const detail = await surveys.round(actor, request.params.id, request.locale);
        return { round: roundJson(detail.round), strata: strata.map((s) => ({ agencyId: s.agencyId, procedureCode: s.procedureCode, population: s.population, allocated: s.allocated })) };
      },
    );

    app.post(
      '/api/surveys/rounds/:id/invitations',
      {
        schema: {
          operationId: 'sendSurveyInvitations',
          tags,
          security: write,
          summary: 'Send the survey invitations',
          description: 'Gửi đường dẫn trả lời (SMS, thư điện tử) cho các hồ sơ trong mẫu chưa được mời',
          params: IdParams,
          'x-problem-codes': ['SURVEY_NOT_DRAWN'],
          response: { 200: InvitationResult },
        },
      },
      async (request) => {
        const sent = await surveys.invite({ ...requireActor(request), ip: request.ip }, request.params.id);
        return { invited: sent.invited, sms: sent.sms, email: sent.email };
      },
    );

    app.post(
      '/api/surveys/rounds/:id/paper',
      {
        schema: {
          operationId: 'enterSurveyPaperForm',
          tags,
          security: write,
          summary: 'Enter a paper survey form',
          description: 'Nhập phiếu khảo sát giấy của một hồ sơ trong mẫu (mỗi hồ sơ một lần)',
          params: IdParams,
          body: PaperBody,
          'x-problem-codes': [...ANSWER_CODES, 'SURVEY_DOSSIER_CODE_REQUIRED'],
          response: { 201: Answered },
        },
      },
      async (request, reply) => {
        const done = await surveys.enterPaper({ ...requireActor(request), ip: request.ip }, request.params.id, request.body.dossierCode, request.body.answers);
        return reply.status(201).send({ ...done, answeredAt: done.answeredAt.toISOString() });
      },
    );

    app.get(
      '/api/surveys/report',
      { schema: { operationId: 'getSurveyYearReport', tags, security: read, summary: 'Get the yearly satisfaction report', description: 'Chỉ số hài lòng theo yếu tố và chung, theo cơ quan: cỡ mẫu, tỷ lệ phản hồi, sai số', querystring: ReportQuery, response: { 200: YearReport } } },
      async (request) => reportJson(await surveys.yearReport(requireActor(request), request.query.year, request.locale)),
    );

    app.get(
      '/api/surveys/answer/:token',
      { schema: { operationId: 'getSurveyAnswerForm', tags, security: [], summary: 'Get the survey form of an answer link', description: 'Phiếu khảo sát của một đường dẫn trả lời (không cần đăng nhập)', params: TokenParams, 'x-problem-codes': ['SURVEY_NOT_IN_SAMPLE'], response: { 200: AnswerForm } } },
      async (request) => {
        const form = await surveys.answerForm(request.params.token, request.locale);
        return { dossierCode: form.dossierCode, agencyName: form.agencyName, questionnaire: form.questionnaire };
      },
    );

    app.post(
      '/api/surveys/answer/:token',
      {
        // The token in the path is the credential (not an ambient one a browser would add): no CSRF token.
        config: { csrfExempt: true },
        schema: {
          operationId: 'answerSurvey',
          tags,
          security: [],
          summary: 'Answer a survey through its link',
          description: 'Trả lời phiếu khảo sát qua đường dẫn (một lần; lần thứ hai: 409)',
          params: TokenParams,
          body: AnswerBody,
          'x-problem-codes': ANSWER_CODES,
          response: { 201: Answered },
        },
      },
      async (request, reply) => {
        const done = await surveys.answer(request.params.token, request.body.answers);
        return reply.status(201).send({ ...done, answeredAt: done.answeredAt.toISOString() });
      },
    );
  },
};
