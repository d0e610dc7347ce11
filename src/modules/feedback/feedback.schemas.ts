import { Type, type Static } from 'typebox';

const text = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const FeedbackParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const FeedbackCodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });
export const FeedbackFileParams = Type.Object({ id: Type.String({ maxLength: 64 }), fileId: Type.String({ maxLength: 64 }) });
export const TokenQuery = Type.Object({ k: Type.Optional(text(100, 'The secret of the link given to a sender without an account')) });

export const CodeRequestBody = Type.Object({ contact: text(200, 'A phone number (0912345678) or an e-mail address') });
export const CodeRequested = Type.Object({ verificationId: Type.String({ format: 'uuid' }), channel: Type.Union([Type.Literal('phone'), Type.Literal('email')]) });

export const SubmitBody = Type.Object({
  category: text(20, 'procedure | regulation | conduct | other'),
  agencyCode: Type.Optional(text(40, 'The agency (e-ID code); from the dossier when a dossier code is given')),
  procedureCode: Type.Optional(text(80)),
  dossierCode: Type.Optional(text(60, 'A dossier of the signed-in sender (or of the officer’s agency at the counter)')),
  title: text(1000),
  content: text(20000),
  contactName: Type.Optional(text(400)),
  phone: Type.Optional(text(40)),
  email: Type.Optional(text(400)),
  verificationId: Type.Optional(text(64, 'Without an account: the id of the code sent by POST /api/feedback/codes')),
  code: Type.Optional(text(20, 'Without an account: the one-time code received')),
});
export type SubmitBodyT = Static<typeof SubmitBody>;

export const Submitted = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  status: Type.String(),
  dueAt: Type.String({ format: 'date-time' }),
  accessToken: Nullable(Type.String({ description: 'Without an account: the secret to read and rate the answer (header x-feedback-token or ?k=)' })),
});

export const ActionBody = Type.Object({
  version: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })),
  category: Type.Optional(text(20)),
  isComplaint: Type.Optional(Type.Boolean()),
  agencyCode: Type.Optional(text(40)),
  assigneeId: Type.Optional(text(64)),
  answer: Type.Optional(text(40000)),
});
export const ActionParams = Type.Object({ id: Type.String({ maxLength: 64 }), action: Type.String({ maxLength: 20, description: 'classify | assign | answer | publish | close' }) });

export const RatingBody = Type.Object({ rating: text(20, 'satisfied | not_satisfied'), comment: Type.Optional(text(8000)), token: Type.Optional(text(100)) });

export const InboxQuery = Type.Object({ status: Type.Optional(text(20)), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })) });
export const PublishedQuery = Type.Object({ q: Type.Optional(text(200)), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })) });
export const ReportQuery = Type.Object({ from: text(10, 'yyyy-mm-dd'), to: text(10, 'yyyy-mm-dd') });

const PublishedItem = Type.Object({
  code: Type.String(),
  category: Type.String(),
  agency: Type.String(),
  title: Type.String(),
  content: Type.String(),
  answer: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
  publishedAt: Type.String({ format: 'date-time' }),
});
export const PublishedList = Type.Object({ items: Type.Array(PublishedItem), total: Type.Integer(), page: Type.Integer(), pageCount: Type.Integer() });
export const PublishedOne = PublishedItem;

export const ReportView = Type.Object({
  from: Type.String(),
  to: Type.String(),
  rows: Type.Array(
    Type.Object({
      agency: Type.Object({ code: Type.String(), name: Type.String() }),
      received: Type.Integer(),
      answeredOnTime: Type.Integer(),
      answeredLate: Type.Integer(),
      pending: Type.Integer(),
      pendingLate: Type.Integer(),
      published: Type.Integer(),
      satisfied: Type.Integer(),
      notSatisfied: Type.Integer(),
    }),
  ),
});

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const NullableText = Type.Union([Type.String(), Type.Null()]);

export const FeedbackDetailView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  category: Type.String(),
  isComplaint: Type.Boolean({ description: 'Classified as a complaint about the handling of the dossier (Decision 766)' }),
  status: Type.String({ description: 'received | assigned | answered | published | closed' }),
  channel: Type.String(),
  agency: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  procedureCode: NullableText,
  dossier: Type.Union([Type.Object({ id: Type.String(), code: NullableText }), Type.Null()]),
  title: Type.String(),
  content: Type.String(),
  contactName: Type.String(),
  phone: NullableText,
  email: NullableText,
  receivedAt: DateTime,
  dueAt: DateTime,
  late: Type.Boolean(),
  assignee: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  answer: NullableText,
  answeredAt: NullableDateTime,
  answeredOnTime: Type.Union([Type.Boolean(), Type.Null()]),
  published: Type.Union([Type.Object({ title: Type.String(), content: Type.String(), answer: Type.String(), at: DateTime }), Type.Null()]),
  rating: Type.Union([Type.Object({ rating: Type.String(), comment: NullableText, at: DateTime }), Type.Null()]),
  files: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), sizeBytes: Type.Integer(), mediaType: Type.String(), kind: Type.String() })),
  events: Type.Array(Type.Object({ at: DateTime, kind: Type.String(), actor: NullableText, params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()])) })),
  version: Type.Integer(),
});

export const AttachedFile = Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() });

const ListItem = Type.Object({ id: Type.String({ format: 'uuid' }), code: Type.String(), category: Type.String(), status: Type.String(), title: Type.String(), agency: Type.String(), receivedAt: DateTime, dueAt: DateTime });
export const MyFeedbackList = Type.Object({ items: Type.Array(ListItem) });
export const InboxList = Type.Object({
  items: Type.Array(Type.Object({ ...ListItem.properties, assignee: NullableText, complaint: Type.Boolean(), late: Type.Boolean() })),
  total: Type.Integer(),
  page: Type.Integer(),
  pageCount: Type.Integer(),
});
