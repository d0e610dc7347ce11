// The e-form contract: "the schema for this applicant". One function turns a version's e-form schema into the
// exact schema the server validates an applicant's data with, and that every endpoint serving the e-form serves
// (GET /api/dossiers/{id}, POST /api/dossiers, the catalog's form endpoint per applicant kind): a client whose
// data satisfies it is accepted. Written into it:
// - the applicant-kind requirements (`required`): a citizen gives the personal ID, an organisation its name and
//   tax code, when the form has those fields (a form serving both audiences leaves them optional in the stored
//   schema);
// - what the server's normalisation of the data (trim, drop empty strings, objects and rows: dossiers.rules.ts
//   `normaliseFormData`) and the request boundary (src/http/boundary.ts: no control characters, lone surrogates
//   or non-characters) imply, as one `allOf` entry on every field: text has no leading or trailing white space
//   and no forbidden character, objects and arrays are not empty, no null. The server only ever validates
//   normalised data, which always satisfies that entry: it changes what a client is told, never what the server
//   accepts, nor its field errors.
// The one thing JSON Schema cannot say is declared as a keyword at the root: `x-unicode-normalisation: "NFC"`
// (text is compared, measured and stored in Unicode NFC).
// Pure; imports no module (everyone may import the kernel).

export type ApplicantKindName = 'citizen' | 'organisation';
export const APPLICANT_KINDS: readonly ApplicantKindName[] = ['citizen', 'organisation'];

/** The identification fields each kind of applicant must give, when the e-form has them. */
export const APPLICANT_FIELDS: Readonly<Record<ApplicantKindName, readonly string[]>> = {
  citizen: ['personalId'],
  organisation: ['organisationName', 'taxCode'],
};

/** The white space `String.prototype.trim` removes (ECMAScript WhiteSpace and LineTerminator), as a class body. */
export const TRIMMED_SPACE = '\\t\\n\\u000B\\u000C\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF';

/** What the request boundary refuses in body text (boundary.ts FORBIDDEN_TEXT), as a class body (u flag). */
export const FORBIDDEN_BODY_TEXT =
  '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFDD0-\\uFDEF\\uFFFE\\uFFFF\\uD800-\\uDFFF' +
  Array.from({ length: 16 }, (_, i) => `\\u{${(i + 1).toString(16).toUpperCase()}FFFE}\\u{${(i + 1).toString(16).toUpperCase()}FFFF}`).join('');

/**
 * Text as the server keeps it: no leading or trailing white space, not empty, no forbidden character (ECMA-262
 * syntax with the u flag, as JSON Schema's `pattern`). Linear in JavaScript's engine (one anchored start).
 */
export const CLEAN_TEXT_PATTERN = `^[^${TRIMMED_SPACE}${FORBIDDEN_BODY_TEXT}](?:[^${FORBIDDEN_BODY_TEXT}]*[^${TRIMMED_SPACE}${FORBIDDEN_BODY_TEXT}])?$`;

/** The `allOf` entry every field of the applicant's schema gets (each keyword applies to its own type only). */
export const NORMALISED_VALUE: Readonly<Record<string, unknown>> = Object.freeze({
  $comment: 'Before validation the server trims text, NFC-normalises it and drops empty strings, objects, rows and nulls: such values never reach it, so they are not valid here.',
  pattern: CLEAN_TEXT_PATTERN,
  minProperties: 1,
  minItems: 1,
  not: { type: 'null' },
});

/** The root keyword declaring what JSON Schema cannot state (see the file's head). */
export const UNICODE_NORMALISATION_KEYWORD = 'x-unicode-normalisation';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function normalisedField(node: unknown, depth: number): unknown {
  // `depth` is normaliseFormData's depth + 1: it normalises values down to its depth 3.
  if (!isObject(node) || depth > 4) return node;
  const out: Json = { ...node };
  if (isObject(node.properties)) out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, normalisedField(v, depth + 1)]));
  if (isObject(node.items)) out.items = normalisedField(node.items, depth + 1);
  const allOf = Array.isArray(node.allOf) ? node.allOf : [];
  out.allOf = allOf.includes(NORMALISED_VALUE) ? allOf : [...allOf, NORMALISED_VALUE];
  return out;
}

/**
 * The schema for this applicant: the version's e-form schema (hints folded in) with the kind's identification
 * fields required and the normalisation written into every field. The server validates with exactly this schema
 * and serves exactly this schema; field error paths and codes are those of the stored schema.
 */
export function applicantFormSchema(schema: Json, kind: ApplicantKindName): Json {
  // Officer-only fields (`x-officer`: the receipt number, the count of copies…) are not the applicant's: left out,
  // so an applicant sending one is refused (additionalProperties: false), as any unknown field.
  const properties = Object.fromEntries(Object.entries(isObject(schema.properties) ? schema.properties : {}).filter(([, v]) => !isOfficerField(v)));
  const required = Array.isArray(schema.required) ? (schema.required as string[]).filter((name) => name in properties) : [];
  for (const name of APPLICANT_FIELDS[kind]) if (name in properties && !required.includes(name)) required.push(name);
  return {
    ...schema,
    required,
    properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, normalisedField(v, 1)])),
    'x-applicantKind': kind,
    [UNICODE_NORMALISATION_KEYWORD]: 'NFC',
  };
}

/** A field only staff fill (catalog.eform.ts: `x-officer: true`). */
export const isOfficerField = (node: unknown): boolean => isObject(node) && node['x-officer'] === true;

/**
 * The schema of the officer-only fields of an e-form (none required), with the same normalisation: what the
 * counter's intake and the officer's dossier page validate staff's answers with (kept in dossiers.officer_data).
 */
export function officerFormSchema(schema: Json): Json {
  const properties = Object.fromEntries(Object.entries(isObject(schema.properties) ? schema.properties : {}).filter(([, v]) => isOfficerField(v)));
  return {
    $schema: schema.$schema ?? 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, normalisedField(v, 1)])),
    [UNICODE_NORMALISATION_KEYWORD]: 'NFC',
  };
}

/** The kinds of applicant a procedure's audience admits (an audience names 'citizen' and/or 'organisation'). */
export function applicantKindsOf(audience: readonly string[]): ApplicantKindName[] {
  return APPLICANT_KINDS.filter((kind) => audience.includes(kind));
}
