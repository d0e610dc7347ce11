// TypeBox schemas of the personal document store API.
import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const StoreDocument = Type.Object({
  id: Type.String({ description: 'id of the store entry (personalDocumentId)' }),
  title: Type.String(),
  kind: Type.Union([Type.Literal('upload'), Type.Literal('result')]),
  fileId: Type.String(),
  name: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  sourceDossierId: Nullable(Type.String()),
  sourceDossierCode: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  shared: Type.Boolean({ description: 'shared with the members of the organisation' }),
});

export const StoreDocumentList = Type.Object({ items: Type.Array(StoreDocument) });

export const StoreDocumentParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const DossierParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const FromStoreBody = Type.Object(
  {
    documentId: Type.String({ maxLength: 100, description: 'the required document (thành phần hồ sơ) of the dossier' }),
    personalDocumentId: Type.String({ maxLength: 100, description: 'the entry of the person\'s document store' }),
  },
  { additionalProperties: false },
);

export const DossierFileParams = Type.Object({ id: Type.String({ maxLength: 100 }), fileId: Type.String({ maxLength: 100 }) });

export const AttachedResponse = Type.Object({
  id: Type.String(),
  documentId: Type.String(),
  fileId: Type.String(),
  name: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Type.String({ format: 'date-time' }),
});
