// TypeBox schemas of the one-stop floor's JSON API.
import { Type, type Static } from 'typebox';

const text = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) });
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

export const AgencyCodeParams = Type.Object({ code: Type.String({ maxLength: 40, description: 'The agency (e-ID code)' }) });
export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const TicketActionParams = Type.Object({ id: Type.String({ maxLength: 64 }), action: Type.String({ maxLength: 20, description: 'recall | skip | start | finish | transfer | cancel' }) });

const Priority = text(20, 'none | elderly | disability | pregnant');

export const GroupSummary = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    code: Type.String({ description: 'The letter(s) printed before the number' }),
    nameVi: Type.String(),
    nameEn: Type.String(),
    active: Type.Boolean(),
    open: Type.Boolean({ description: 'A counter serving the group is open now (a ticket may be issued)' }),
    waiting: Type.Integer({ description: "Today's tickets waiting in its queue" }),
  },
  { title: 'FloorGroupSummary' },
);
export const GroupList = Type.Object({ items: Type.Array(GroupSummary) });

export const KioskTicketBody = Type.Object({
  groupId: text(64, 'The group (GET …/groups)'),
  priority: Type.Optional(Priority),
  phone: Type.Optional(text(40, 'Send the ticket by SMS (0912345678)')),
});

export const IssuedTicket = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    code: Type.String({ description: 'As printed: A012' }),
    number: Type.Integer(),
    day: Type.String({ description: 'yyyy-mm-dd (Vietnam time)' }),
    group: Type.Object({ id: Type.String(), code: Type.String(), nameVi: Type.String(), nameEn: Type.String() }),
    priority: Type.String(),
    source: Type.String(),
    issuedAt: Type.String({ format: 'date-time' }),
    ahead: Type.Integer({ description: 'Tickets ahead of it in its queue when issued' }),
    smsQueued: Type.Boolean(),
    statusUrl: Type.String({ description: "The ticket's public status page (the printed QR)" }),
  },
  { title: 'FloorIssuedTicket' },
);

export const TicketStatusView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    code: Type.String(),
    status: Type.String({ description: 'waiting | called | serving | done | skipped | cancelled' }),
    agencyCode: Type.String(),
    group: Type.Object({ code: Type.String(), nameVi: Type.String(), nameEn: Type.String() }),
    queueGroupCode: Type.String({ description: 'The queue it waits in (after a transfer: another group)' }),
    priority: Type.String(),
    source: Type.String(),
    day: Type.String(),
    issuedAt: Type.String({ format: 'date-time' }),
    calledAt: Nullable(Type.String({ format: 'date-time' })),
    counterNumber: Nullable(Type.Integer()),
    ahead: Type.Integer(),
    waitSeconds: Nullable(Type.Integer()),
    serviceSeconds: Nullable(Type.Integer()),
    calls: Type.Integer(),
    version: Type.Integer(),
  },
  { title: 'FloorTicketStatus' },
);

/** A ticket as the counter sees it. */
export const TicketView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    code: Type.String(),
    status: Type.String(),
    groupId: Type.String(),
    queueGroupId: Type.String(),
    priority: Type.String(),
    source: Type.String(),
    counterId: Nullable(Type.String()),
    forCounterId: Nullable(Type.String()),
    dossierId: Nullable(Type.String()),
    calls: Type.Integer(),
    issuedAt: Type.String({ format: 'date-time' }),
    calledAt: Nullable(Type.String({ format: 'date-time' })),
    servedAt: Nullable(Type.String({ format: 'date-time' })),
    finishedAt: Nullable(Type.String({ format: 'date-time' })),
    waitSeconds: Nullable(Type.Integer()),
    serviceSeconds: Nullable(Type.Integer()),
    version: Type.Integer(),
  },
  { title: 'FloorTicket' },
);

export const TicketActionBody = Type.Object({
  groupId: Type.Optional(text(64, 'transfer: the group whose queue it joins')),
  counterId: Type.Optional(text(64, 'transfer: the counter it waits for')),
  dossierCode: Type.Optional(text(60, 'finish: the dossier received or returned')),
  version: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })),
});

export const CounterView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    number: Type.Integer(),
    label: Type.String(),
    active: Type.Boolean(),
    officerId: Nullable(Type.String()),
    openedAt: Nullable(Type.String({ format: 'date-time' })),
    groupIds: Type.Array(Type.String()),
    officerName: Type.Optional(Nullable(Type.String())),
  },
  { title: 'FloorCounter' },
);

export const ConsoleView = Type.Object(
  {
    counter: Type.Union([CounterView, Type.Null()]),
    ticket: Type.Union([TicketView, Type.Null()]),
    waiting: Type.Integer(),
    counters: Type.Array(Type.Object({ id: Type.String(), number: Type.Integer(), label: Type.String(), agencyCode: Type.String(), officerName: Nullable(Type.String()) })),
  },
  { title: 'FloorConsole' },
);

export const GroupBody = Type.Object({
  code: Type.Optional(text(10, 'One or two capital letters (fixed once created)')),
  nameVi: text(400),
  nameEn: text(400),
  active: Type.Optional(Type.Boolean()),
  procedureCodes: Type.Optional(Type.Array(text(80), { maxItems: 500, description: "The catalog's procedure keys" })),
});
export type GroupBodyT = Static<typeof GroupBody>;

export const GroupView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    code: Type.String(),
    nameVi: Type.String(),
    nameEn: Type.String(),
    active: Type.Boolean(),
    procedureCodes: Type.Optional(Type.Array(Type.String())),
  },
  { title: 'FloorGroup' },
);

export const CounterBody = Type.Object({
  number: Type.Integer({ minimum: -2147483648, maximum: 2147483647 }),
  label: Type.Optional(text(400)),
  active: Type.Optional(Type.Boolean()),
  groupIds: Type.Array(text(64), { maxItems: 100 }),
});

export const ConfigView = Type.Object(
  {
    agency: Type.Object({ code: Type.String(), name: Type.String() }),
    groups: Type.Array(GroupView),
    counters: Type.Array(CounterView),
  },
  { title: 'FloorConfig' },
);

export const RatingBody = Type.Object({
  grade: text(20, 'satisfied | normal | not_satisfied'),
  reasons: Type.Optional(Type.Array(text(40), { maxItems: 10, description: 'slow | unclear_guidance | attitude | asked_extra_papers | other' })),
  comment: Type.Optional(text(2000)),
});

export const RatingView = Type.Object({ id: Type.String({ format: 'uuid' }), ticketId: Type.String(), grade: Type.String(), reasons: Type.Array(Type.String()), createdAt: Type.String({ format: 'date-time' }) }, { title: 'FloorRating' });

export const TabletView = Type.Object({ counter: CounterView, ticket: Type.Union([TicketView, Type.Null()]) }, { title: 'FloorTablet' });
