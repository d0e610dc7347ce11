import { Type, type Static } from 'typebox';

const text = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });
export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const KioskParams = Type.Object({ agencyCode: Type.String({ maxLength: 40 }) });
export const GroupParams = Type.Object({ groupId: Type.String({ maxLength: 64 }) });
export const TokenQuery = Type.Object({ k: Type.Optional(text(100, 'The secret of the confirmation link')), new: Type.Optional(text(2)) });

export const ChoicesQuery = Type.Object({
  agencyCode: Type.Optional(text(40, 'The agency (e-ID code)')),
  groupId: Type.Optional(text(64, 'A counter group of the agency')),
  day: Type.Optional(text(10, 'yyyy-mm-dd')),
});

const Procedure = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() });
const Settings = Type.Object({ enabled: Type.Boolean(), slotMinutes: Type.Integer(), capacity: Type.Integer(), daysAhead: Type.Integer(), cutoffMinutes: Type.Integer() });

export const Choices = Type.Object({
  agency: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
  groups: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), procedures: Type.Array(Procedure) })),
  days: Type.Array(Type.Object({ day: Type.String({ format: 'date' }), free: Type.Integer() })),
  slots: Type.Array(Type.Object({ startsAt: Type.String({ format: 'date-time' }), endsAt: Type.String({ format: 'date-time' }), time: Type.String(), left: Type.Integer() })),
});

export const CodeRequestBody = Type.Object({ phone: text(40, 'The phone number (0912345678) to receive a one-time code by SMS') });
export const CodeRequested = Type.Object({ verificationId: Type.String({ format: 'uuid' }) });

export const BookBody = Type.Object({
  agencyCode: text(40),
  groupId: text(64),
  procedureId: Type.Optional(text(64)),
  startsAt: text(40, 'The start of a free slot (ISO 8601), as GET /api/appointments/slots lists them'),
  name: Type.Optional(text(400, 'Required without an account and on the phone')),
  phone: Type.Optional(text(40, 'An officer booking on the phone: the caller’s number')),
  email: Type.Optional(text(400)),
  verificationId: Type.Optional(text(64, 'Without an account: the id of the code sent by POST /api/appointments/codes')),
  code: Type.Optional(text(20, 'Without an account: the one-time code received by SMS')),
});
export type BookBodyT = Static<typeof BookBody>;

export const Booked = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String({ description: 'The booking code (also the content of the QR)' }),
  startsAt: Type.String({ format: 'date-time' }),
  accessToken: Type.String({ description: 'The secret of the confirmation link (header x-appointment-token or ?k=)' }),
});

export const AppointmentView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  displayCode: Type.String(),
  status: Type.String({ description: 'booked | checked_in | cancelled | no_show' }),
  channel: Type.String({ description: 'online | phone' }),
  agency: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  group: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  procedure: Type.Union([Procedure, Type.Null()]),
  day: Type.String({ format: 'date' }),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  time: Type.String(),
  name: Type.String(),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  cancelledAt: Nullable(Type.String({ format: 'date-time' })),
  checkedInAt: Nullable(Type.String({ format: 'date-time' })),
  cancellable: Type.Boolean(),
  version: Type.Integer(),
});
export const AppointmentList = Type.Object({ items: Type.Array(AppointmentView) });

export const CheckInBody = Type.Object({ code: text(300, 'The booking code as typed or scanned (ABCD-EFGH)') });
export const CheckedIn = Type.Object({ ticket: Type.Object({ id: Type.String(), label: Type.String() }), appointment: AppointmentView });

export const DayQuery = Type.Object({ agencyCode: Type.Optional(text(40)), groupId: Type.Optional(text(64)), day: Type.Optional(text(10, 'yyyy-mm-dd (default today)')) });
export const DayList = Type.Object({ agency: Type.Object({ code: Type.String(), name: Type.String() }), groupId: Nullable(Type.String()), day: Type.String(), items: Type.Array(AppointmentView) });

export const SettingsQuery = Type.Object({ agencyCode: text(40) });
export const SettingsBody = Type.Object({
  enabled: Type.Boolean(),
  slotMinutes: Type.Integer({ minimum: 0, maximum: 100000 }),
  capacity: Type.Integer({ minimum: 0, maximum: 100000 }),
  daysAhead: Type.Integer({ minimum: 0, maximum: 100000 }),
  cutoffMinutes: Type.Integer({ minimum: 0, maximum: 100000 }),
});
export const SettingsView = Settings;

export const ReportQuery = Type.Object({ agencyCode: Type.Optional(text(40)), from: text(10, 'yyyy-mm-dd'), to: text(10, 'yyyy-mm-dd') });
export const ReportView = Type.Object({
  agency: Type.Object({ code: Type.String(), name: Type.String() }),
  from: Type.String(),
  to: Type.String(),
  rows: Type.Array(Type.Object({ day: Type.String(), group: Type.Object({ code: Type.String(), name: Type.String() }), bookings: Type.Integer(), checkIns: Type.Integer(), cancellations: Type.Integer(), noShows: Type.Integer() })),
});
