// TypeBox schemas of the audit log API (validation, OpenAPI and the service's types through Static<>).
import { Type } from 'typebox';

export const AuditQuery = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 100, description: 'Exact action, or a prefix: "agency" matches agency.create, agency.merge…' })),
  targetType: Type.Optional(Type.String({ maxLength: 100 })),
  targetId: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000000 })),
});

export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actorName: Type.Union([Type.String(), Type.Null()]),
  agencyCode: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.Union([Type.String(), Type.Null()]),
  summary: Type.Record(Type.String(), Type.Unknown(), { description: 'what the use case recorded (per action)' }),
  ip: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: "Only for administrators of the entry's agency" })),
});

export const AuditPage = Type.Object({
  items: Type.Array(AuditEntry),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pageCount: Type.Integer(),
});
