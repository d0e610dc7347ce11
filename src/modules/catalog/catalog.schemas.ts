// TypeBox schemas of the catalog API (validation, OpenAPI and types from one source).
import { Type, type Static } from 'typebox';
import { DateString, ProcedureCode } from './catalog.exchange.ts';

const AuthorityLevel = Type.Union([Type.Literal('central'), Type.Literal('province'), Type.Literal('district'), Type.Literal('commune')]);
const Audience = Type.Union([Type.Literal('citizen'), Type.Literal('organisation')]);
const OnlineClass = Type.Union([Type.Literal('full'), Type.Literal('partial'), Type.Literal('none')]);
const Status = Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('retired')]);

export const ProcedureQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'search text (accent- and case-insensitive, typo-tolerant, or a procedure code)' })),
    agency: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9.]{1,39}$', description: 'agency e-ID code; includes its subtree' })),
    field: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{2,60}$', description: 'field code' })),
    level: Type.Optional(AuthorityLevel),
    audience: Type.Optional(Audience),
    onlineLevel: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    onlineClass: Type.Optional(OnlineClass),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  // Other parameters (e.g. lang=en) are ignored.
);
export type ProcedureQuery = Static<typeof ProcedureQuery>;

const Ref = Type.Object({ code: Type.String(), name: Type.String() });
const TimeLimit = Type.Object({
  value: Type.Number(),
  unit: Type.Union([Type.Literal('working_days'), Type.Literal('half_days'), Type.Literal('hours')]),
  sameDay: Type.Boolean(),
  none: Type.Boolean({ description: 'no statutory time limit (không quy định thời hạn): dossiers have no due date' }),
  note: Type.Union([Type.String(), Type.Null()]),
  text: Type.String({ description: 'in words, e.g. "15 ngày làm việc"' }),
});

export const ProcedureSummary = Type.Object({
  code: Type.String({ description: 'the stable key (URLs): the national code, else "<agency code>:<local code>"' }),
  nationalCode: Type.Union([Type.String(), Type.Null()], { description: 'mã TTHC on the National Public Service Portal' }),
  localCode: Type.Union([Type.String(), Type.Null()], { description: "the agency's local code, e.g. TP01" }),
  name: Type.String(),
  agency: Ref,
  field: Ref,
  authorityLevel: AuthorityLevel,
  audience: Type.Array(Audience),
  onlineLevel: Type.Integer(),
  onlineClass: OnlineClass,
  fullOnlineEligible: Type.Boolean(),
  timeLimit: TimeLimit,
  version: Type.Integer(),
  effectiveFrom: Type.Union([Type.String(), Type.Null()]),
}, { title: 'ProcedureSummary' });

export const ProcedureList = Type.Object({
  items: Type.Array(ProcedureSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
}, { title: 'ProcedureList' });

export const ProcedureDetail = Type.Object({
  code: Type.String({ description: 'the stable key (URLs): the national code, else "<agency code>:<local code>"' }),
  nationalCode: Type.Union([Type.String(), Type.Null()], { description: 'mã TTHC on the National Public Service Portal' }),
  localCode: Type.Union([Type.String(), Type.Null()], { description: "the agency's local code, e.g. TP01" }),
  version: Type.Integer(),
  status: Status,
  effectiveFrom: Type.Union([Type.String(), Type.Null()]),
  effectiveTo: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  agency: Ref,
  field: Ref,
  authorityLevel: AuthorityLevel,
  audience: Type.Array(Audience),
  onlineLevel: Type.Integer(),
  onlineClass: OnlineClass,
  fullOnlineEligible: Type.Boolean(),
  onlineSubmission: Type.Boolean({ description: 'online submission is offered (level 3–4 or class full/partial)' }),
  submitUrl: Type.Union([Type.String(), Type.Null()]),
  steps: Type.Array(Type.String()),
  documents: Type.Array(
    Type.Object({
      position: Type.Integer(),
      name: Type.String(),
      copies: Type.Integer(),
      originalKind: Type.String(),
      templateName: Type.Union([Type.String(), Type.Null()]),
      templateUrl: Type.Union([Type.String(), Type.Null()]),
      condition: Type.Union([Type.String(), Type.Null()], { description: 'required only in this case ("nếu có…"), shown to the applicant; not required online' }),
    }),
  ),
  timeLimit: TimeLimit,
  fees: Type.Array(Type.Object({ description: Type.String(), amountVnd: Type.Integer(), text: Type.String() })),
  legalBasis: Type.Array(Type.String()),
  resultType: Type.String(),
  submissionPlaces: Type.String(),
}, { title: 'Procedure', description: 'An administrative procedure (one version)' });
export type ProcedureDetail = Static<typeof ProcedureDetail>;

export const CodeParams = Type.Object({ code: Type.String({ maxLength: 200 }) });
export const TemplateFileParams = Type.Object({ fileId: Type.String({ maxLength: 64 }) });
export const ExportQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('xlsx')])) });
export const DocumentParams = Type.Object({ code: Type.String({ maxLength: 200 }), position: Type.Integer({ minimum: 1, maximum: 100 }) });
export const PublishBody = Type.Object({ effectiveFrom: Type.Optional(DateString) }, { additionalProperties: false });
export const TemplateResponse = Type.Object({ fileId: Type.String(), name: Type.String(), mediaType: Type.String(), sizeBytes: Type.Integer(), url: Type.String() });
export const VersionParams = Type.Object({ code: Type.String({ maxLength: 80 }), version: Type.Integer({ minimum: 1, maximum: 100000 }) });
export const FormDefinitionBody = Type.Object(
  {
    schema: Type.Union([Type.Null(), Type.Record(Type.String(), Type.Unknown())], { description: 'JSON Schema of the e-form (subset: see catalog.eform.ts); null: back to the generated form' }),
    ui: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'presentation hints by field id' })),
  },
  { additionalProperties: false },
);
export const FormDefinitionResponse = Type.Object({
  code: Type.String(),
  version: Type.Integer(),
  status: Type.Enum(['draft', 'published', 'retired']),
  name: Type.String(),
  editable: Type.Boolean(),
  custom: Type.Boolean({ description: 'false while the version uses the form generated from it' }),
  schema: Type.Record(Type.String(), Type.Unknown()),
  ui: Type.Record(Type.String(), Type.Unknown()),
  applicantSchemas: Type.Object(
    { citizen: Type.Optional(Type.Record(Type.String(), Type.Unknown())), organisation: Type.Optional(Type.Record(Type.String(), Type.Unknown())) },
    { description: "The schema for each kind of applicant in the procedure's audience (the form with the hints folded in, the kind's identification fields required, the normalisation in each field's allOf): exactly what the server validates an applicant's data with, online and at the counter, and what a draft of that applicant serves." },
  ),
});
export type FormDefinitionResponse = Static<typeof FormDefinitionResponse>;

// --- pages (HTML; hidden from the OpenAPI document) ---------------------------------------------------------

/** A query parameter as a browser may send it: once, or repeated. */
const PageText = Type.Union([Type.String(), Type.Array(Type.String())]);
/** /thu-tuc: the search form's fields; `searchQueryFromPage` validates them into a ProcedureQuery (errors on the page). */
export const SearchPageQuery = Type.Object({
  q: Type.Optional(PageText),
  agency: Type.Optional(PageText),
  field: Type.Optional(PageText),
  level: Type.Optional(PageText),
  audience: Type.Optional(PageText),
  onlineLevel: Type.Optional(PageText),
  onlineClass: Type.Optional(PageText),
  page: Type.Optional(PageText),
});
/** The management list: an unknown status shows all; the text is cut at 200 characters. */
export const AdminListQuery = Type.Object({
  status: Type.Optional(Type.String()),
  q: Type.Optional(Type.String()),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});
/** Pages reached after an action: which notice to show (`?thongbao=luu`). */
export const NoticeQuery = Type.Object({ thongbao: Type.Optional(Type.String()) });
export { ProcedureCode };
