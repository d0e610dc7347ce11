// The one-stop floor's JSON API (thin: schema, one service call, presenter). Pages: floor.pages.ts.
import type { FastifyReply } from 'fastify';
import { DomainError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { floorMessages } from './floor.messages.ts';
import type { CounterRow, GroupRow, TicketRow } from './floor.repository.ts';
import {
  AgencyCodeParams,
  ConfigView,
  ConsoleView,
  CounterBody,
  CounterView,
  GroupBody,
  GroupList,
  GroupView,
  IdParams,
  IssuedTicket,
  KioskTicketBody,
  RatingBody,
  RatingView,
  TabletView,
  TicketActionBody,
  TicketActionParams,
  TicketStatusView,
  TicketView,
} from './floor.schemas.ts';
import type { IssuedTicket as Issued, TicketStatus } from './floor.service.ts';
import './floor.errors.ts';

registerMessages(floorMessages);

const tags = ['floor'];
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentTicket(t: TicketRow) {
  return {
    id: t.id,
    code: t.code,
    status: t.status,
    groupId: t.group_id,
    queueGroupId: t.queue_group_id,
    priority: t.priority,
    source: t.source,
    counterId: t.counter_id,
    forCounterId: t.for_counter_id,
    dossierId: t.dossier_id,
    calls: t.calls,
    issuedAt: t.issued_at.toISOString(),
    calledAt: iso(t.called_at),
    servedAt: iso(t.served_at),
    finishedAt: iso(t.finished_at),
    waitSeconds: t.wait_seconds,
    serviceSeconds: t.service_seconds,
    version: t.version,
  };
}

export function presentCounter(c: CounterRow & { group_ids?: string[]; groupIds?: string[]; officer_name?: string | null }) {
  return { id: c.id, number: c.number, label: c.label, active: c.active, officerId: c.officer_id, openedAt: iso(c.opened_at), groupIds: c.group_ids ?? c.groupIds ?? [], ...(c.officer_name !== undefined ? { officerName: c.officer_name } : {}) };
}

export function presentGroup(g: GroupRow & { procedure_codes?: string[] }) {
  return { id: g.id, code: g.code, nameVi: g.name_vi, nameEn: g.name_en, active: g.active, ...(g.procedure_codes ? { procedureCodes: g.procedure_codes } : {}) };
}

export function presentIssued(t: Issued) {
  return { ...t, issuedAt: t.issuedAt.toISOString() };
}

export function presentStatus(t: TicketStatus) {
  return { ...t, issuedAt: t.issuedAt.toISOString(), calledAt: iso(t.calledAt) };
}

export function rateLimited(reply: FastifyReply, error: unknown): void {
  if (error instanceof DomainError && error.code === 'FLOOR_RATE_LIMITED' && typeof error.params?.retryAfter === 'number') reply.header('retry-after', String(error.params.retryAfter));
}

export const floorModule: AppModule = {
  name: 'floor',
  async register(app: App, ctx: AppContext) {
    const floor = ctx.services.floor;
    const session = [{ session: [] }];
    const write = [{ session: [], csrf: [] }];

    // --- public: the kiosk and the ticket's status ---
    app.get('/api/floor/agencies/:code/groups', { schema: { operationId: 'listFloorGroups', tags, summary: "List an agency's counter groups", description: 'Nhóm quầy của cơ quan (máy lấy số): đang có quầy mở hay không, số người đang chờ', params: AgencyCodeParams, response: { 200: GroupList } } }, async (request) => {
      const agency = await floor.kioskAgency(request.params.code);
      return { items: await floor.listGroups(agency.id) };
    });

    app.post(
      '/api/floor/agencies/:code/tickets',
      { schema: { operationId: 'takeFloorTicket', 'x-problem-codes': ['FLOOR_NO_OPEN_COUNTER', 'FLOOR_RATE_LIMITED'], tags, summary: 'Take a queue ticket (kiosk)', description: 'Lấy số thứ tự cho một nhóm quầy (công khai; tối đa 30 số/phút mỗi địa chỉ); nhận số qua SMS nếu có số điện thoại', params: AgencyCodeParams, body: KioskTicketBody, response: { 201: IssuedTicket } } },
      async (request, reply) => {
        try {
          return reply.status(201).send(presentIssued(await floor.kioskTicket(request.params.code, request.body, { ip: request.ip })));
        } catch (error) {
          rateLimited(reply, error);
          throw error;
        }
      },
    );

    app.get('/api/floor/tickets/:id', { schema: { operationId: 'getFloorTicket', tags, summary: "A ticket's status", description: 'Trạng thái số thứ tự (mã QR trên phiếu): số người chờ trước, quầy gọi', params: IdParams, response: { 200: TicketStatusView } } }, async (request) =>
      presentStatus(await floor.ticketStatus(request.params.id)),
    );

    // --- the counter's console ---
    app.get('/api/floor/console', { schema: { operationId: 'getFloorConsole', tags, security: session, summary: 'My counter', description: 'Quầy cán bộ đang mở, số đang phục vụ, số người chờ; hoặc các quầy có thể mở', response: { 200: ConsoleView } } }, async (request) => {
      const c = await floor.console(request.actor);
      return {
        counter: c.counter ? presentCounter(c.counter) : null,
        ticket: c.ticket ? presentTicket(c.ticket) : null,
        waiting: c.waiting,
        counters: c.counters.map((x) => ({ id: x.id, number: x.number, label: x.label, agencyCode: x.agency_code, officerName: x.officer_name })),
      };
    });

    app.post('/api/floor/counters/:id/open', { schema: { operationId: 'openFloorCounter', 'x-problem-codes': ['FLOOR_COUNTER_TAKEN', 'FLOOR_OFFICER_HAS_COUNTER', 'FLOOR_COUNTER_INACTIVE'], tags, security: write, summary: 'Open a counter', description: 'Cán bộ mở quầy (một cán bộ một quầy, một quầy một cán bộ)', params: IdParams, response: { 200: CounterView } } }, async (request) =>
      presentCounter(await floor.openCounter(request.actor, request.params.id)),
    );

    app.post('/api/floor/counters/:id/close', { schema: { operationId: 'closeFloorCounter', 'x-problem-codes': ['FLOOR_COUNTER_CLOSED', 'FLOOR_COUNTER_BUSY'], tags, security: write, summary: 'Close my counter', description: 'Đóng quầy (không còn số đang gọi hoặc đang phục vụ)', params: IdParams, response: { 200: CounterView } } }, async (request) =>
      presentCounter(await floor.closeCounter(request.actor, request.params.id)),
    );

    app.post('/api/floor/counters/:id/call-next', { schema: { operationId: 'callNextFloorTicket', 'x-problem-codes': ['FLOOR_QUEUE_EMPTY', 'FLOOR_COUNTER_CLOSED', 'FLOOR_COUNTER_BUSY'], tags, security: write, summary: 'Call the next ticket', description: 'Gọi số tiếp theo: ưu tiên theo luật, rồi lịch hẹn, rồi thứ tự lấy số; hai quầy gọi cùng lúc không bao giờ nhận cùng một số', params: IdParams, response: { 200: TicketView } } }, async (request) =>
      presentTicket(await floor.callNext(request.actor, request.params.id)),
    );

    app.post(
      '/api/floor/tickets/:id/rating',
      { schema: { operationId: 'rateFloorService', 'x-problem-codes': ['FLOOR_RATING_EXISTS', 'FLOOR_NOTHING_TO_RATE', 'FLOOR_NOT_YOUR_TICKET'], tags, security: write, summary: 'Rate the officer (rating tablet)', description: 'Người dân đánh giá cán bộ trên màn hình đặt tại quầy: hài lòng / bình thường / không hài lòng, lý do; một lần cho mỗi số', params: IdParams, body: RatingBody, response: { 201: RatingView } } },
      async (request, reply) => {
        const r = await floor.rate(request.actor, request.params.id, request.body);
        return reply.status(201).send({ ...r, createdAt: r.createdAt.toISOString() });
      },
    );

    app.post(
      '/api/floor/tickets/:id/:action',
      { schema: { operationId: 'actOnFloorTicket', 'x-problem-codes': ['FLOOR_TICKET_STATE', 'FLOOR_NOT_YOUR_TICKET', 'FLOOR_TRANSFER_TARGET', 'FLOOR_DOSSIER_UNKNOWN'], tags, security: write, summary: 'Recall, skip, start, finish, transfer or cancel a ticket', description: 'Thao tác tại quầy: recall (gọi lại), skip (bỏ qua), start (bắt đầu phục vụ), finish (kết thúc, mã hồ sơ nếu có), transfer (chuyển nhóm hoặc quầy), cancel (hủy số đang chờ)', params: TicketActionParams, body: TicketActionBody, response: { 200: TicketView } } },
      async (request) => presentTicket(await floor.act(request.actor, request.params.id, request.params.action, request.body)),
    );

    app.get('/api/floor/tablet', { schema: { operationId: 'getFloorTablet', 'x-problem-codes': ['FLOOR_COUNTER_CLOSED'], tags, security: session, summary: 'The rating tablet of my counter', description: 'Màn hình đánh giá của quầy: lượt phục vụ vừa kết thúc chưa được đánh giá', response: { 200: TabletView } } }, async (request) => {
      const t = await floor.tablet(request.actor);
      return { counter: presentCounter(t.counter), ticket: t.ticket ? presentTicket(t.ticket) : null };
    });

    // --- configuration (the agency's leader, an administrator) ---
    app.get('/api/floor/agencies/:code/config', { schema: { operationId: 'getFloorConfig', tags, security: session, summary: "An agency's groups and counters", description: 'Cấu hình nhóm quầy và quầy của cơ quan', params: AgencyCodeParams, response: { 200: ConfigView } } }, async (request) => {
      const c = await floor.config(request.actor, request.params.code);
      return { agency: { code: c.agency.code, name: c.agency.name }, groups: c.groups.map(presentGroup), counters: c.counters.map(presentCounter) };
    });

    app.post('/api/floor/agencies/:code/groups', { schema: { operationId: 'createFloorGroup', 'x-problem-codes': ['FLOOR_GROUP_CODE_TAKEN', 'FLOOR_PROCEDURE_IN_OTHER_GROUP'], tags, security: write, summary: 'Create a counter group', description: 'Thêm nhóm quầy: ký hiệu, tên, các thủ tục', params: AgencyCodeParams, body: GroupBody, response: { 201: GroupView } } }, async (request, reply) =>
      reply.status(201).send(presentGroup(await floor.createGroup(request.actor, request.params.code, request.body))),
    );

    app.put('/api/floor/groups/:id', { schema: { operationId: 'updateFloorGroup', 'x-problem-codes': ['FLOOR_GROUP_CODE_FIXED', 'FLOOR_PROCEDURE_IN_OTHER_GROUP'], tags, security: write, summary: 'Update a counter group', description: 'Sửa nhóm quầy (tên, đang sử dụng, các thủ tục; ký hiệu không đổi)', params: IdParams, body: GroupBody, response: { 200: GroupView } } }, async (request) =>
      presentGroup(await floor.updateGroup(request.actor, request.params.id, request.body)),
    );

    app.post('/api/floor/agencies/:code/counters', { schema: { operationId: 'createFloorCounter', 'x-problem-codes': ['FLOOR_COUNTER_NUMBER_TAKEN'], tags, security: write, summary: 'Create a counter', description: 'Thêm quầy: số, tên, các nhóm quầy phục vụ', params: AgencyCodeParams, body: CounterBody, response: { 201: CounterView } } }, async (request, reply) => {
      const c = await floor.createCounter(request.actor, request.params.code, request.body);
      return reply.status(201).send(presentCounter({ ...c, group_ids: request.body.groupIds }));
    });

    app.put('/api/floor/counters/:id', { schema: { operationId: 'updateFloorCounter', 'x-problem-codes': ['FLOOR_COUNTER_NUMBER_TAKEN'], tags, security: write, summary: 'Update a counter', description: 'Sửa quầy: số, tên, đang sử dụng, các nhóm quầy phục vụ', params: IdParams, body: CounterBody, response: { 200: CounterView } } }, async (request) => {
      const c = await floor.updateCounter(request.actor, request.params.id, request.body);
      return presentCounter({ ...c, group_ids: request.body.groupIds });
    });
  },
};
