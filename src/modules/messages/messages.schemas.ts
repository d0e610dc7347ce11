import { Type } from 'typebox';

export const MessageParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const MessageBody = Type.Object({ body: Type.String({ maxLength: 20000, description: 'The message (1–4000 characters after trimming)' }) });

export const Message = Type.Object({
  id: Type.String({ format: 'uuid' }),
  fromApplicant: Type.Boolean({ description: 'Written by the applicant (or their organisation), otherwise by an officer of the agency' }),
  authorName: Type.String(),
  body: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the other side first read it' }),
});

export const MessageList = Type.Object({
  dossierId: Type.String({ format: 'uuid' }),
  code: Type.Union([Type.String(), Type.Null()]),
  asApplicant: Type.Boolean({ description: 'The caller writes as the applicant (true) or as the agency (false)' }),
  items: Type.Array(Message),
});
