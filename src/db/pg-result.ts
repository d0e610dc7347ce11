// node-postgres' Result.addFields with the empty row kept per column list.
//
// For every statement's answer node-postgres builds an empty row object with the answer's column names
// (Object.create(null), then spread into a plain object), which each row of the answer is copied from. The spread
// of that null-prototype object was the most expensive step of reading an answer: measured with `node --cpu-prof`
// on the accept benchmark (issue 17), `addFields` was the largest self time after the socket writes, about 80 µs
// for the 52 columns of the officer's dossier statement on the benchmark machine, against about 13 µs with the
// empty row kept per column list (the key is the column names; nothing else of the answer goes into that object).
// The type parsers are still looked up for each answer as node-postgres does (a client may have its own types).
// Installed once, when src/db/database.ts is loaded; the row objects are exactly node-postgres' own.
import { createRequire } from 'node:module';

interface FieldDescription {
  name: string;
  dataTypeID: number;
  format?: string;
}

interface ResultInternals {
  fields: FieldDescription[];
  _parsers: Array<(value: string) => unknown>;
  _types?: { getTypeParser(oid: number, format: string): (value: string) => unknown };
  _prebuiltEmptyResultObject: Record<string, null> | null;
  addFields(fields: FieldDescription[]): void;
}

const resultPath = createRequire(import.meta.url).resolve('pg/lib/result.js');
const fromPg = createRequire(resultPath);
const Result = fromPg(resultPath) as { prototype: ResultInternals };
// The very type registry node-postgres' Result reads (resolved from it).
const types = fromPg('pg-types') as { getTypeParser(oid: number, format: string): (value: string) => unknown };

const MAX_SHAPES = 2_000;
const emptyRows = new Map<string, Record<string, null>>();

function addFields(this: ResultInternals, fieldDescriptions: FieldDescription[]): void {
  // As node-postgres does: a statement answering several row sets resets the fields each time.
  this.fields = fieldDescriptions;
  if (fieldDescriptions.length) this._parsers = new Array(fieldDescriptions.length);
  let key = '';
  for (let i = 0; i < fieldDescriptions.length; i++) {
    const desc = fieldDescriptions[i]!;
    key += `${desc.name}\u0000`;
    this._parsers[i] = (this._types ?? types).getTypeParser(desc.dataTypeID, desc.format || 'text');
  }
  let empty = emptyRows.get(key);
  if (!empty) {
    const row = Object.create(null) as Record<string, null>;
    for (const desc of fieldDescriptions) row[desc.name] = null;
    empty = { ...row };
    if (emptyRows.size >= MAX_SHAPES) emptyRows.clear();
    emptyRows.set(key, empty);
  }
  // Only ever spread into each new row (Result.parseRow), never changed.
  this._prebuiltEmptyResultObject = empty;
}

/** Whether the replacement is installed (for the test). */
export const cachedEmptyRows = (): boolean => Result.prototype.addFields === addFields;

// Only over the method this was written against: one that builds the empty row the same way.
if (typeof Result.prototype.addFields === 'function' && String(Result.prototype.addFields).includes('_prebuiltEmptyResultObject')) {
  Result.prototype.addFields = addFields;
}
