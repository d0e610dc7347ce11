import { Type } from 'typebox';

export const NotificationParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const NotificationQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })) });

export const NotificationItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  dossierId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  kind: Type.String({ description: 'dossier.submitted, dossier.status or dossier.message' }),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()], { description: 'Path of the related page on this site' }),
  createdAt: Type.String({ format: 'date-time' }),
  read: Type.Boolean(),
});

export const NotificationList = Type.Object({
  items: Type.Array(NotificationItem),
  total: Type.Integer(),
  unread: Type.Integer(),
  page: Type.Integer(),
  pageCount: Type.Integer(),
});

export const MarkedResponse = Type.Object({ marked: Type.Integer(), unread: Type.Integer() });
