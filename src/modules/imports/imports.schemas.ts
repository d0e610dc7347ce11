// The historical import's JSON: the run in the path, its progress and result.
import { Type } from 'typebox';

export const IdParams = Type.Object({ id: Type.String({ maxLength: 36 }) });

export const ImportStatus = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  fileName: Type.String(),
  percent: Type.Integer(),
  processedRows: Type.Integer(),
  totalRows: Type.Union([Type.Integer(), Type.Null()]),
  insertedRows: Type.Integer(),
  existingRows: Type.Integer(),
  badRows: Type.Integer(),
  errorCode: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  badRowsUrl: Type.Union([Type.String(), Type.Null()]),
});
