// The procedure review over HTTP: the JSON API (the pages: review.pages.ts). Thin: schema, one service call, presenter.
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import './review.errors.ts';
import { reviewMessages } from './review.messages.ts';
import { presentDetail, presentItem } from './review.present.ts';
import { HISTOGRAM_BUCKETS, hourlyWage } from './review.rules.ts';
import {
  AddItemBody,
  CreateReviewBody,
  DraftView,
  EvidenceView,
  ItemParams,
  ItemView,
  NoteBody,
  ProposalBody,
  ReviewList,
  ReviewParams,
  ReviewView,
  SheetBody,
  WageBody,
  WageParams,
  WageView,
} from './review.schemas.ts';

registerMessages(reviewMessages);

const tags = ['procedure-review'];
const session = { security: [{ session: [] }] };
const write = { security: [{ session: [], csrf: [] }] };

export const reviewModule: AppModule = {
  name: 'review',
  async register(app: App, ctx: AppContext) {
    const review = ctx.services.review;
    const base = '/api/procedure-reviews';
    const detail = async (actor: Parameters<typeof review.detail>[0], id: string) => presentDetail(await review.detail(actor, id));

    app.get(base, { schema: { operationId: 'listProcedureReviews', tags, ...session, summary: 'List the procedure reviews', description: 'Các đợt rà soát TTHC mà cán bộ được xem', response: { 200: ReviewList } } }, async (request) => {
      const { items } = await review.list(request.actor);
      return { items: items.map((r) => ({ id: r.id, agency: { code: r.agency_code, name: r.agency_name }, year: r.year, status: r.status, items: r.items })) };
    });

    app.post(
      base,
      { schema: { operationId: 'createProcedureReview', 'x-problem-codes': ['REVIEW_EXISTS', 'REVIEW_AGENCY_UNKNOWN'], tags, ...write, summary: 'Start the yearly review of an agency', description: 'Lập đợt rà soát TTHC của cơ quan cho một năm', body: CreateReviewBody, response: { 201: ReviewView } } },
      async (request, reply) => {
        const r = await review.create(request.actor, request.body);
        return reply.status(201).send(await detail(request.actor, r.id));
      },
    );

    app.put(
      `${base}/wages/:year`,
      { schema: { operationId: 'setReviewWage', 'x-problem-codes': ['REVIEW_WAGE_INVALID'], tags, ...write, summary: 'Set the monthly base wage of a year', description: 'Mức lương cơ sở/tháng dùng để tính thu nhập bình quân/giờ (÷ 22 ÷ 8) của năm; quản trị viên', params: WageParams, body: WageBody, response: { 200: WageView } } },
      async (request) => {
        await review.setWage(request.actor, { year: request.params.year, monthlyWageVnd: request.body.monthlyWageVnd });
        const w = await review.wageOf(request.params.year);
        return { year: request.params.year, monthlyWageVnd: w.monthly, hourlyWageVnd: Number(hourlyWage(w.monthly)) };
      },
    );

    app.get(`${base}/:id`, { schema: { operationId: 'getProcedureReview', tags, ...session, summary: 'Get a review with its procedures, costs and history', description: 'Đợt rà soát: thủ tục, chi phí tuân thủ trước/sau, tiết kiệm, tỷ lệ cắt giảm, lịch sử', params: ReviewParams, response: { 200: ReviewView } } }, async (request) =>
      detail(request.actor, request.params.id),
    );

    app.post(
      `${base}/:id/items`,
      { schema: { operationId: 'addProcedureReviewItem', 'x-problem-codes': ['REVIEW_PROCEDURE_RETIRED', 'REVIEW_PROCEDURE_LISTED', 'REVIEW_STATE'], tags, ...write, summary: 'Add a procedure to the review', description: 'Thêm thủ tục: bảng tính điền sẵn từ phiên bản hiện hành, số hồ sơ/năm từ 12 tháng qua; thủ tục đã bãi bỏ bị từ chối', params: ReviewParams, body: AddItemBody, response: { 201: ItemView } } },
      async (request, reply) => {
        const item = await review.addProcedure(request.actor, request.params.id, request.body.code);
        const { item: view } = await review.item(request.actor, request.params.id, item.id);
        return reply.status(201).send(presentItem(view));
      },
    );

    app.delete(`${base}/:id/items/:itemId`, { schema: { operationId: 'removeProcedureReviewItem', tags, ...write, summary: 'Remove a procedure from the review', description: 'Bỏ thủ tục khỏi đợt rà soát', params: ItemParams } }, async (request, reply) => {
      await review.removeProcedure(request.actor, request.params.id, request.params.itemId);
      return reply.status(204).send();
    });

    app.put(
      `${base}/:id/items/:itemId/sheet`,
      { schema: { operationId: 'saveProcedureReviewSheet', 'x-problem-codes': ['REVIEW_SHEET_INVALID'], tags, ...write, summary: 'Save the compliance-cost sheet and the yearly frequency', description: 'Bảng tính chi phí tuân thủ hiện hành; giá trị thiếu hoặc âm bị từ chối, nêu rõ dòng và trường', params: ItemParams, body: SheetBody, response: { 200: ItemView } } },
      async (request) => {
        const item = await review.saveSheet(request.actor, request.params.id, request.params.itemId, { frequency: request.body.frequency, rows: request.body.rows });
        return presentItem(item);
      },
    );

    app.put(
      `${base}/:id/items/:itemId/proposal`,
      { schema: { operationId: 'saveProcedureReviewProposal', 'x-problem-codes': ['REVIEW_SHEET_INVALID'], tags, ...write, summary: 'Save the simplification proposal and its sheet after', description: 'Phương án đơn giản hóa và bảng tính sau; phương án làm tăng chi phí vẫn được lưu, có cảnh báo REVIEW_COST_RAISED', params: ItemParams, body: ProposalBody, response: { 200: ItemView } } },
      async (request) => {
        const item = await review.saveProposal(request.actor, request.params.id, request.params.itemId, { proposal: request.body.proposal, after: request.body.after ?? null });
        return presentItem(item);
      },
    );

    for (const [path, op, summary, description, act] of [
      ['submit', 'submitProcedureReview', 'Submit the review for approval', 'Trình lãnh đạo phê duyệt', (a: Parameters<typeof review.submit>[0], id: string, note: string | null) => review.submit(a, id, note)],
      ['approve', 'approveProcedureReview', 'Approve the review (agency leader)', 'Lãnh đạo cơ quan phê duyệt', (a: Parameters<typeof review.submit>[0], id: string, note: string | null) => review.approve(a, id, note)],
      ['return', 'returnProcedureReview', 'Return the review for rework (agency leader; a note is required)', 'Lãnh đạo cơ quan trả lại để hoàn thiện (bắt buộc ý kiến)', (a: Parameters<typeof review.submit>[0], id: string, note: string | null) => review.returnForRework(a, id, note)],
    ] as const) {
      app.post(
        `${base}/:id/${path}`,
        { schema: { operationId: op, 'x-problem-codes': ['REVIEW_STATE', 'REVIEW_EMPTY'], tags, ...write, summary, description, params: ReviewParams, body: NoteBody, response: { 200: ReviewView } } },
        async (request) => {
          await act(request.actor, request.params.id, request.body?.note ?? null);
          return detail(request.actor, request.params.id);
        },
      );
    }

    app.post(
      `${base}/:id/items/:itemId/draft-version`,
      { schema: { operationId: 'draftVersionFromProposal', 'x-problem-codes': ['REVIEW_NOT_APPROVED', 'REVIEW_NO_PROPOSAL', 'REVIEW_ALREADY_DRAFTED'], tags, ...write, summary: 'Draft a new procedure version from an approved proposal', description: 'Dự thảo phiên bản mới trong danh mục TTHC từ phương án đã phê duyệt (cán bộ quản lý danh mục)', params: ItemParams, response: { 201: DraftView } } },
      async (request, reply) => reply.status(201).send(await review.draftVersion(request.actor, request.params.id, request.params.itemId)),
    );

    app.get(
      `${base}/:id/items/:itemId/evidence`,
      { schema: { operationId: 'getProcedureReviewEvidence', tags, ...session, summary: 'Get the real figures of a procedure over the last 12 months', description: 'Thời gian giải quyết (ngày làm việc), tỷ lệ quá hạn, yêu cầu bổ sung, tỷ lệ trực tuyến, đánh giá', params: ItemParams, response: { 200: EvidenceView } } },
      async (request) => {
        const e = await review.evidence(request.actor, request.params.id, request.params.itemId);
        return {
          procedureCode: e.item.procedure_code,
          from: e.from.toISOString(),
          to: e.to.toISOString(),
          received: e.received,
          online: e.online,
          onlineBp: e.onlineBp,
          resolved: e.resolved,
          late: e.late,
          lateBp: e.lateBp,
          histogram: HISTOGRAM_BUCKETS.map((b, i) => ({ from: b.from, to: b.to, count: e.histogram[i] ?? 0 })),
          medianDays: e.medianDays,
          supplementRequests: e.supplementRequests,
          supplementDossiers: e.supplementDossiers,
          askedAgain: e.askedAgain,
          ratings: e.ratings,
          ratingPct: e.ratingPct,
        };
      },
    );
  },
};
