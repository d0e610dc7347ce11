// PAR Index over HTTP: the JSON API (the pages: parindex.pages.ts). Thin: schema, one service call, presenter.
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { multipartBody } from '../../http/openapi-multipart.ts';
import { sendStoredFile } from '../files/files.download.ts';
import { ATTACHMENT_MEDIA_TYPES } from '../files/files.inspect.rules.ts';
import { registerStagedUploads, stagedFrom, stagedText } from '../files/files.staging.ts';
import './parindex.errors.ts';
import { parindexMessages } from './parindex.messages.ts';
import { presentAssessment, presentNodes, presentProblems, presentRanking, presentScore, presentSet, presentSummary } from './parindex.present.ts';
import { formatPercent } from './parindex.rules.ts';
import {
  AppraisalBody,
  AssessmentList,
  AssessmentParams,
  AssessmentView,
  CreateSetBody,
  EvidenceParams,
  EvidenceView,
  HistoryQuery,
  HistoryView,
  ListQuery,
  NodeBody,
  NodeParams,
  NodePatch,
  ProposalList,
  RankingQuery,
  RankingView,
  ScoreView,
  SelfBody,
  SetList,
  SetParams,
  SetSummary,
  SetView,
  StartBody,
  TreeBody,
} from './parindex.schemas.ts';
import type { ParIndexService } from './parindex.service.ts';

registerMessages(parindexMessages);

const tags = ['par-index'];
const session = { security: [{ session: [] }] };
const write = { security: [{ session: [], csrf: [] }] };

export async function setView(service: ParIndexService, id: string, locale: 'vi' | 'en') {
  const { set, nodes, problems, inUse } = await service.set(id);
  return { ...presentSet(set), valid: problems.length === 0, problems: presentProblems(problems, locale), inUse, nodes: presentNodes(nodes) };
}

export const parIndexModule: AppModule = {
  name: 'parindex',
  async register(app: App, ctx: AppContext) {
    const par = ctx.services.parIndex;

    // Criteria trees -----------------------------------------------------------------------------------

    app.get('/api/par-index/sets', { schema: { operationId: 'listParSets', tags, ...session, summary: 'List the PAR Index criteria sets', description: 'Các bộ tiêu chí Chỉ số CCHC theo năm (cán bộ)', response: { 200: SetList } } }, async (request) => {
      par.requireStaff(request.actor);
      return { items: (await par.sets()).map(presentSet) };
    });

    app.post(
      '/api/par-index/sets',
      { schema: { operationId: 'createParSet', 'x-problem-codes': ['PAR_SET_EXISTS', 'PAR_YEAR_INVALID'], tags, ...write, summary: 'Create the criteria set of a year', description: 'Tạo bộ tiêu chí của một năm (sao từ năm gần nhất trước đó); quản trị viên cơ quan cấp cao nhất', body: CreateSetBody, response: { 201: SetSummary } } },
      async (request, reply) => reply.status(201).send(presentSet(await par.createSet(request.actor, request.body))),
    );

    app.get(
      '/api/par-index/sets/:id',
      { schema: { operationId: 'getParSet', 'x-problem-codes': ['PAR_SET_UNKNOWN'], tags, ...session, summary: 'Get a criteria set with its tree and its problems', description: 'Cây tiêu chí (lĩnh vực → tiêu chí → tiêu chí thành phần), điểm tối đa, yêu cầu tài liệu kiểm chứng, kết quả kiểm tra cây', params: SetParams, response: { 200: SetView } } },
      async (request) => {
        par.requireStaff(request.actor);
        return setView(par, request.params.id, request.locale);
      },
    );

    app.put(
      '/api/par-index/sets/:id/tree',
      {
        schema: {
          operationId: 'replaceParTree',
          'x-problem-codes': ['PAR_SET_UNKNOWN', 'PAR_SET_IN_USE', 'PAR_TREE_SUM', 'PAR_TREE_TOTAL', 'PAR_NODE_NAME', 'PAR_MAX_INVALID', 'PAR_NODE_TOO_DEEP'],
          tags,
          ...write,
          summary: 'Replace the criteria tree of a set',
          description: 'Thay cả cây tiêu chí; cây có điểm tối đa các tiêu chí con không cộng đúng bằng cấp trên, hoặc tổng khác 100, bị từ chối (422, nêu tên tiêu chí)',
          params: SetParams,
          body: TreeBody,
          response: { 200: SetView },
        },
      },
      async (request) => {
        await par.replaceTree(request.actor, request.params.id, request.body.fields);
        return setView(par, request.params.id, request.locale);
      },
    );

    app.post(
      '/api/par-index/sets/:id/nodes',
      { schema: { operationId: 'addParNode', 'x-problem-codes': ['PAR_SET_UNKNOWN', 'PAR_NODE_UNKNOWN', 'PAR_SET_IN_USE', 'PAR_NODE_TOO_DEEP', 'PAR_NODE_NAME', 'PAR_MAX_INVALID'], tags, ...write, summary: 'Add a field, criterion or sub-criterion', description: 'Thêm lĩnh vực (không có parent), tiêu chí hoặc tiêu chí thành phần', params: SetParams, body: NodeBody, response: { 200: SetView } } },
      async (request) => {
        await par.addNode(request.actor, request.params.id, request.body.parent ?? null, request.body);
        return setView(par, request.params.id, request.locale);
      },
    );

    app.patch(
      '/api/par-index/sets/:id/nodes/:code',
      { schema: { operationId: 'updateParNode', 'x-problem-codes': ['PAR_SET_UNKNOWN', 'PAR_NODE_UNKNOWN', 'PAR_SET_IN_USE', 'PAR_NODE_NAME', 'PAR_MAX_INVALID'], tags, ...write, summary: 'Rename a node, set its maximum and flags', description: 'Đổi tên, điểm tối đa, yêu cầu tài liệu kiểm chứng, điểm điều tra xã hội học, nguồn số liệu', params: NodeParams, body: NodePatch, response: { 200: SetView } } },
      async (request) => {
        await par.updateNode(request.actor, request.params.id, request.params.code, request.body);
        return setView(par, request.params.id, request.locale);
      },
    );

    app.delete(
      '/api/par-index/sets/:id/nodes/:code',
      { schema: { operationId: 'removeParNode', 'x-problem-codes': ['PAR_SET_UNKNOWN', 'PAR_NODE_UNKNOWN', 'PAR_SET_IN_USE'], tags, ...write, summary: 'Remove a node and its children', description: 'Xóa tiêu chí (cùng các tiêu chí con)', params: NodeParams, response: { 200: SetView } } },
      async (request) => {
        await par.removeNode(request.actor, request.params.id, request.params.code);
        return setView(par, request.params.id, request.locale);
      },
    );

    // Assessments --------------------------------------------------------------------------------------

    app.get(
      '/api/par-index/assessments',
      { schema: { operationId: 'listParAssessments', tags, ...session, summary: 'List the assessments the caller may open', description: 'Cơ quan thẩm định: mọi bản đánh giá; cơ quan: bản của mình', querystring: ListQuery, response: { 200: AssessmentList } } },
      async (request) => ({ items: (await par.list(request.actor, request.query.year)).items.map(presentSummary) }),
    );

    app.post(
      '/api/par-index/assessments',
      { schema: { operationId: 'startParAssessment', 'x-problem-codes': ['PAR_AGENCY_UNKNOWN', 'PAR_SET_UNKNOWN', 'PAR_TREE_INVALID', 'PAR_ASSESSMENT_EXISTS', 'PAR_YEAR_INVALID'], tags, ...write, summary: "Start an agency's assessment of a year", description: 'Bắt đầu tự đánh giá của cơ quan cho một năm theo bộ tiêu chí của năm đó', body: StartBody, response: { 201: AssessmentView } } },
      async (request, reply) => {
        const a = await par.start(request.actor, request.body);
        return reply.status(201).send(presentAssessment(await par.detail(request.actor, a.id), request.locale));
      },
    );

    app.get(
      '/api/par-index/assessments/:id',
      { schema: { operationId: 'getParAssessment', 'x-problem-codes': ['PAR_ASSESSMENT_UNKNOWN'], tags, ...session, summary: 'Get an assessment with its points and index', description: 'Điểm tự đánh giá, điểm thẩm định, tài liệu kiểm chứng, chỉ số = tổng điểm / 100, chỉ số thành phần = điểm lĩnh vực / điểm tối đa', params: AssessmentParams, response: { 200: AssessmentView } } },
      async (request) => presentAssessment(await par.detail(request.actor, request.params.id), request.locale),
    );

    app.put(
      '/api/par-index/assessments/:id/self',
      {
        schema: {
          operationId: 'saveParSelfAssessment',
          'x-problem-codes': ['PAR_ASSESSMENT_UNKNOWN', 'PAR_ASSESSMENT_STATE', 'PAR_NODE_UNKNOWN', 'PAR_NOT_LEAF', 'PAR_SURVEY_LEAF', 'PAR_POINTS_INVALID', 'PAR_POINTS_ABOVE_MAX'],
          tags,
          ...write,
          summary: "Save the agency's own points",
          description: 'Điểm tự đánh giá của cơ quan (bản nháp); điểm vượt điểm tối đa của tiêu chí bị từ chối (422, nêu tên tiêu chí)',
          params: AssessmentParams,
          body: SelfBody,
          response: { 200: ScoreView },
        },
      },
      async (request) => presentScore(await par.saveSelf(request.actor, request.params.id, request.body.items), request.locale),
    );

    await app.register(async (scope: App) => {
      await registerStagedUploads(scope, ctx.services.files, { maxBytes: ctx.config.dossierMaxFileBytes, fields: 4, parts: 5 });
      scope.post(
        '/api/par-index/assessments/:id/evidence',
        {
          config: {
            multipart: multipartBody({
              parts: [
                { kind: 'field', name: 'code', required: true, description: 'The criterion (leaf) the evidence is for, e.g. 1.2' },
                { kind: 'file', name: 'file', required: true, description: 'The evidence file (PDF, JPEG, PNG, DOCX, XLSX); its content is inspected.', mediaTypes: [...ATTACHMENT_MEDIA_TYPES], maxBytes: ctx.config.dossierMaxFileBytes },
              ],
            }),
          },
          schema: {
            operationId: 'addParEvidence',
            'x-problem-codes': ['PAR_ASSESSMENT_UNKNOWN', 'PAR_ASSESSMENT_STATE', 'PAR_NODE_UNKNOWN', 'PAR_NOT_LEAF', 'PAR_FILE_TYPE', 'FILE_CHECK_FAILED', 'FILE_UNREADABLE', 'FILE_ARCHIVE_UNSUPPORTED', 'FILE_ENCRYPTED', 'FILE_NESTED_ARCHIVE', 'FILE_TOO_COMPLEX', 'FILE_POLYGLOT', 'FILE_MACROS', 'FILE_EXTENSION_MISMATCH'],
            tags,
            ...write,
            summary: 'Attach an evidence file to a criterion',
            description: 'Đính kèm tài liệu kiểm chứng cho tiêu chí (multipart: trường "code" rồi "file"); nội dung tệp được kiểm tra',
            consumes: ['multipart/form-data'],
            params: AssessmentParams,
            response: { 201: EvidenceView },
          },
        },
        async (request, reply) => {
          const code = stagedText(request.body, 'code').trim();
          const row = await par.addEvidence(request.actor, request.params.id, code, stagedFrom(request.body));
          return reply.status(201).send({ id: row.id, code, name: row.name });
        },
      );
    });

    app.get(
      '/api/par-index/assessments/:id/evidence/:evidenceId',
      { schema: { operationId: 'downloadParEvidence', 'x-problem-codes': ['PAR_ASSESSMENT_UNKNOWN', 'PAR_EVIDENCE_UNKNOWN'], tags, ...session, summary: 'Download an evidence file', description: 'Tải tài liệu kiểm chứng', params: EvidenceParams, response: { 200: { description: 'The evidence file, in the media type it was stored with (PDF, image, office document)', content: { '*/*': { schema: { type: 'string', format: 'binary' } } } } } } },
      async (request, reply) => sendStoredFile(reply, await par.evidenceFile(request.actor, request.params.id, request.params.evidenceId), 'private, no-store'),
    );

    app.delete(
      '/api/par-index/assessments/:id/evidence/:evidenceId',
      { schema: { operationId: 'removeParEvidence', 'x-problem-codes': ['PAR_ASSESSMENT_UNKNOWN', 'PAR_ASSESSMENT_STATE', 'PAR_EVIDENCE_UNKNOWN'], tags, ...write, summary: 'Remove an evidence file', description: 'Gỡ tài liệu kiểm chứng (bản nháp)', params: EvidenceParams } },
      async (request, reply) => {
        await par.removeEvidence(request.actor, request.params.id, request.params.evidenceId);
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/par-index/assessments/:id/submit',
      { schema: { operationId: 'submitParAssessment', 'x-problem-codes': ['PAR_ASSESSMENT_UNKNOWN', 'PAR_ASSESSMENT_STATE', 'PAR_TREE_INVALID', 'PAR_POINTS_MISSING', 'PAR_EVIDENCE_MISSING'], tags, ...write, summary: 'Submit the self-assessment for appraisal', description: 'Nộp bản tự đánh giá; tiêu chí bắt buộc có tài liệu kiểm chứng mà chưa đính kèm thì bị từ chối (422, nêu tên tiêu chí)', params: AssessmentParams, response: { 200: AssessmentView } } },
      async (request) => {
        await par.submit(request.actor, request.params.id);
        return presentAssessment(await par.detail(request.actor, request.params.id), request.locale);
      },
    );

    app.put(
      '/api/par-index/assessments/:id/appraisal',
      {
        schema: {
          operationId: 'saveParAppraisal',
          'x-problem-codes': ['PAR_ASSESSMENT_UNKNOWN', 'PAR_ASSESSMENT_STATE', 'PAR_NODE_UNKNOWN', 'PAR_NOT_LEAF', 'PAR_POINTS_INVALID', 'PAR_POINTS_ABOVE_MAX'],
          tags,
          ...write,
          summary: "The reviewing body's points and comments",
          description: 'Điểm thẩm định (điều chỉnh) và nhận xét từng tiêu chí, điểm điều tra xã hội học; điểm vượt điểm tối đa bị từ chối (422, nêu tên tiêu chí)',
          params: AssessmentParams,
          body: AppraisalBody,
          response: { 200: ScoreView },
        },
      },
      async (request) => presentScore(await par.appraise(request.actor, request.params.id, request.body.items), request.locale),
    );

    app.post(
      '/api/par-index/assessments/:id/finish',
      { schema: { operationId: 'finishParAppraisal', 'x-problem-codes': ['PAR_ASSESSMENT_UNKNOWN', 'PAR_ASSESSMENT_STATE'], tags, ...write, summary: 'Close the appraisal', description: 'Hoàn thành thẩm định: kết quả được xếp hạng', params: AssessmentParams, response: { 200: AssessmentView } } },
      async (request) => {
        await par.finish(request.actor, request.params.id);
        return presentAssessment(await par.detail(request.actor, request.params.id), request.locale);
      },
    );

    app.post(
      '/api/par-index/assessments/:id/reopen',
      { schema: { operationId: 'reopenParAssessment', 'x-problem-codes': ['PAR_ASSESSMENT_UNKNOWN', 'PAR_ASSESSMENT_STATE'], tags, ...write, summary: 'Step an assessment back', description: 'Cơ quan thẩm định mở lại: đã thẩm định → đang thẩm định; đã nộp → trả lại cơ quan', params: AssessmentParams, response: { 200: AssessmentView } } },
      async (request) => {
        await par.reopen(request.actor, request.params.id);
        return presentAssessment(await par.detail(request.actor, request.params.id), request.locale);
      },
    );

    app.get(
      '/api/par-index/assessments/:id/proposals',
      { schema: { operationId: 'getParProposals', 'x-problem-codes': ['PAR_ASSESSMENT_UNKNOWN'], tags, ...session, summary: 'Get the points proposed from the product data', description: 'Điểm đề xuất từ số liệu của hệ thống (DVC trực tuyến, tỷ lệ đúng hạn, Bộ chỉ số 766, SIPAS): giá trị, công thức, nguồn', params: AssessmentParams, response: { 200: ProposalList } } },
      async (request) => ({ items: await par.proposals(request.actor, request.params.id, request.locale) }),
    );

    // Ranking, history ---------------------------------------------------------------------------------

    app.get(
      '/api/par-index/ranking',
      { schema: { operationId: 'getParRanking', 'x-problem-codes': ['PAR_SET_UNKNOWN'], tags, ...session, summary: 'Rank the appraised agencies of a year', description: 'Xếp hạng Chỉ số CCHC (đã thẩm định), cao đến thấp, bằng điểm thì đồng hạng', querystring: RankingQuery, response: { 200: RankingView } } },
      async (request) => presentRanking(await par.ranking(request.actor, request.query.kind, request.query.year), request.locale),
    );

    app.get(
      '/api/par-index/history',
      { schema: { operationId: 'getParHistory', 'x-problem-codes': ['PAR_AGENCY_UNKNOWN'], tags, ...session, summary: "An agency's PAR Index year by year", description: 'Chỉ số CCHC của một cơ quan qua các năm', querystring: HistoryQuery, response: { 200: HistoryView } } },
      async (request) => {
        const h = await par.history(request.actor, request.query.agency);
        return {
          agency: { code: h.agency.code, name: h.agency.name },
          years: h.years.map((y) => ({ year: y.year, kind: y.kind, status: y.status, points: y.points, index: y.index, indexText: formatPercent(y.index, request.locale), rank: y.rank, of: y.of })),
        };
      },
    );
  },
};
