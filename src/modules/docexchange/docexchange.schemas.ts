// TypeBox schemas of the document exchange's pages (params and querystrings; form bodies are FormBody).
import { Type } from 'typebox';

export const PartnerParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const DossierParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const OkQuery = Type.Object({ ok: Type.Optional(Type.String({ maxLength: 10 })) });
export const ResultFileParams = Type.Object({ id: Type.String({ maxLength: 64 }), fileId: Type.String({ maxLength: 64 }) });
