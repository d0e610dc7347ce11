// Query and path of the local mailbox pages.
import { Type } from 'typebox';

export const MailboxQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })) });

export const MailParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
