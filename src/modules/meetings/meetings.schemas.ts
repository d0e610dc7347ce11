import { Type, type Static } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
export const TokenAttachmentParams = Type.Object({ token: Type.String({ maxLength: 200 }), attachmentId: Type.String({ maxLength: 64 }) });
export const AttachmentParams = Type.Object({ id: Type.String({ maxLength: 64 }), attachmentId: Type.String({ maxLength: 64 }) });

export const WeekQuery = Type.Object({
  agencyId: Type.Optional(Type.String({ maxLength: 64, description: 'the agency whose calendar (default: the reader’s own)' })),
  leaderId: Type.Optional(Type.String({ maxLength: 64, description: 'a leader of the agency: only their calendar' })),
  week: Type.Optional(Type.String({ maxLength: 20, description: 'any day of the week, yyyy-mm-dd (default: this week, Vietnam time)' })),
});
export type WeekQueryT = Static<typeof WeekQuery>;
export const PublicWeekQuery = Type.Object({
  agency: Type.Optional(Type.String({ maxLength: 40, description: 'the agency’s code' })),
  week: Type.Optional(Type.String({ maxLength: 20, description: 'any day of the week, yyyy-mm-dd' })),
});

export const EventBody = Type.Object({
  agencyId: Type.Optional(Type.String({ maxLength: 64 })),
  leaderId: Type.Optional(Type.String({ maxLength: 64, description: 'a leader of the agency (the leader’s calendar); absent: the agency’s' })),
  title: Type.String({ maxLength: 2000 }),
  date: Type.String({ maxLength: 20, description: 'yyyy-mm-dd (Vietnam time)' }),
  startTime: Type.Optional(Type.String({ maxLength: 10, description: 'hh:mm; absent for an all-day entry' })),
  endTime: Type.Optional(Type.String({ maxLength: 10, description: 'hh:mm; before the start time: the next day' })),
  endDate: Type.Optional(Type.String({ maxLength: 20, description: 'yyyy-mm-dd, for an entry over several days' })),
  allDay: Type.Optional(Type.Boolean()),
  location: Type.Optional(Type.String({ maxLength: 2000 })),
  chairId: Type.Optional(Type.String({ maxLength: 64 })),
  chairName: Type.Optional(Type.String({ maxLength: 1000 })),
  participantIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 })),
  outsideParticipants: Type.Optional(Type.String({ maxLength: 4000 })),
  departmentIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 })),
  content: Type.Optional(Type.String({ maxLength: 8000 })),
  isPublic: Type.Optional(Type.Boolean()),
  isMeeting: Type.Optional(Type.Boolean()),
  version: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'the version edited (updates): another change since → 409 MEETING_CHANGED' })),
});
export type EventBodyT = Static<typeof EventBody>;

const Person = Type.Object({ id: Uuid, name: Type.String() });

export const Entry = Type.Object(
  {
    id: Uuid,
    agencyId: Uuid,
    leaderId: Nullable(Uuid),
    leaderName: Nullable(Type.String()),
    title: Type.String(),
    startsAt: DateTime,
    endsAt: DateTime,
    allDay: Type.Boolean(),
    location: Type.String(),
    chairId: Nullable(Uuid),
    chair: Type.String(),
    outsideParticipants: Type.String(),
    content: Type.String(),
    isPublic: Type.Boolean(),
    isMeeting: Type.Boolean(),
    status: Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('cancelled')]),
    version: Type.Integer(),
    changed: Type.Boolean({ description: 'changed after it was published' }),
    participants: Type.Array(Person),
    departments: Type.Array(Person),
    invitationSymbol: Nullable(Type.String()),
    time: Type.String(),
    part: Type.Union([Type.Literal('morning'), Type.Literal('afternoon'), Type.Literal('evening')]),
  },
  { title: 'CalendarEntry' },
);

export const Week = Type.Object(
  {
    agency: Type.Object({ id: Uuid, code: Type.String(), name: Type.String() }),
    leaderId: Nullable(Uuid),
    monday: Type.String(),
    sunday: Type.String(),
    previous: Type.String(),
    next: Type.String(),
    weekNumber: Type.Integer(),
    meetings: Type.Integer({ description: 'published meetings this week' }),
    days: Type.Array(Type.Object({ day: Type.String(), weekday: Type.Integer(), entries: Type.Array(Entry) })),
  },
  { title: 'CalendarWeek' },
);

export const PublicWeek = Type.Object(
  {
    agency: Nullable(Type.Object({ id: Uuid, code: Type.String(), name: Type.String() })),
    monday: Type.String(),
    sunday: Type.String(),
    meetings: Type.Integer(),
    days: Type.Array(Type.Object({ day: Type.String(), weekday: Type.Integer(), entries: Type.Array(Entry) })),
  },
  { title: 'PublicCalendarWeek' },
);

export const Invitation = Type.Object(
  {
    id: Uuid,
    accountId: Nullable(Uuid),
    name: Type.String(),
    agencyName: Nullable(Type.String()),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    status: Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('declined'), Type.Literal('delegated')]),
    reason: Nullable(Type.String()),
    sentAt: Nullable(DateTime),
    respondedAt: Nullable(DateTime),
    delegatedFrom: Nullable(Uuid),
    delegatedTo: Nullable(Uuid),
  },
  { title: 'MeetingInvitation' },
);

export const Conflict = Type.Object(
  { personId: Uuid, personName: Type.String(), entries: Type.Array(Type.Object({ id: Uuid, title: Type.String(), startsAt: DateTime, endsAt: DateTime, allDay: Type.Boolean() })) },
  { title: 'CalendarConflict' },
);

export const EventDetail = Type.Object(
  {
    entry: Entry,
    canEdit: Type.Boolean(),
    canPublish: Type.Boolean(),
    invitations: Type.Array(Invitation),
    attachments: Type.Array(Type.Object({ id: Uuid, name: Type.String(), sizeBytes: Type.Integer(), mediaType: Type.String() })),
    conflicts: Type.Array(Conflict, { description: 'overlaps with the other published entries of the people in it: a warning' }),
  },
  { title: 'CalendarEntryDetail' },
);

export const Saved = Type.Object({ id: Uuid, version: Type.Integer() });

export const InviteBody = Type.Object({
  invitees: Type.Array(
    Type.Object({
      accountId: Type.Optional(Type.String({ maxLength: 64, description: 'a staff account (this agency or another on OpenDVC)' })),
      agencyId: Type.Optional(Type.String({ maxLength: 64, description: 'the agency the account was picked under (a person who moved since is refused)' })),
      name: Type.Optional(Type.String({ maxLength: 1000, description: 'an outside person' })),
      email: Type.Optional(Type.String({ maxLength: 300 })),
      phone: Type.Optional(Type.String({ maxLength: 40 })),
    }),
    { minItems: 1, maxItems: 200 },
  ),
});
export type InviteBodyT = Static<typeof InviteBody>;
export const Invited = Type.Object({ added: Type.Integer(), conflicts: Type.Array(Conflict) });
export const Sent = Type.Object({ sent: Type.Integer(), email: Type.Integer(), sms: Type.Integer(), numberSymbol: Type.String() });

export const ResponseBody = Type.Object({
  response: Type.Union([Type.Literal('accept'), Type.Literal('decline'), Type.Literal('delegate')]),
  reason: Type.Optional(Type.String({ maxLength: 2000, description: 'required to decline' })),
  deputyId: Type.Optional(Type.String({ maxLength: 64, description: 'a colleague of the same agency (delegate)' })),
});
export type ResponseBodyT = Static<typeof ResponseBody>;

export const TokenInvitation = Type.Object(
  {
    invitation: Invitation,
    entry: Entry,
    agencyName: Type.String(),
    symbol: Nullable(Type.String()),
    attachments: Type.Array(Type.Object({ id: Uuid, name: Type.String(), sizeBytes: Type.Integer() })),
    ended: Type.Boolean(),
  },
  { title: 'MeetingInvitationByLink' },
);

export const MyInvitations = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      status: Type.String(),
      reason: Nullable(Type.String()),
      eventId: Uuid,
      title: Type.String(),
      startsAt: DateTime,
      time: Type.String(),
      location: Type.String(),
      eventStatus: Type.String(),
      symbol: Nullable(Type.String()),
      agencyName: Type.String(),
    }),
  ),
});
