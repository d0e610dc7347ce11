// TypeBox schemas of the online submission API (validation, OpenAPI and types from one source).
import { Type, type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const CreateDossierBody = Type.Object(
  { procedureCode: Type.String({ pattern: '^(?:[0-9]\\.[0-9]{6}|[A-Za-z0-9][A-Za-z0-9.]{1,39}:[A-Za-z0-9][A-Za-z0-9.-]{0,29})$', description: 'procedure code (mã TTHC), e.g. 1.001823; a procedure with only a local code: "<agency code>:<local code>"' }) },
  { additionalProperties: false },
);
export type CreateDossierBody = Static<typeof CreateDossierBody>;

export const DossierParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const FormBody = Type.Record(Type.String(), Type.Unknown(), { description: 'the e-form data (validated against the dossier\'s e-form schema)' });

export const SubmitHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'retries with the same key answer exactly as the first submission' })),
});

const FormView = Type.Object({
  schema: Type.Record(Type.String(), Type.Unknown(), { description: "JSON Schema (draft-07) of the e-form for this dossier's applicant: exactly the schema the server validates the data with (the applicant kind's identification fields required, `x-applicantKind` naming the kind, the normalisation in each field's allOf; `x-unicode-normalisation: NFC` declares that text is compared in Unicode NFC). Data that satisfies it is accepted." }),
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const DocumentView = Type.Object({
  documentId: Type.String(),
  position: Type.Integer(),
  name: Type.String(),
  copies: Type.Integer(),
  originalKind: Type.String(),
  required: Type.Boolean({ description: 'at least one file needed to submit' }),
  condition: Type.Optional(Type.String({ description: 'required only in this case ("nếu có…"), shown to the applicant; such a document is not required online' })),
  obtainedBySharing: Type.Optional(Type.String({ description: 'population | business: the agency obtained it through data sharing for this dossier (no file needed)' })),
  templateFileId: Nullable(Type.String()),
  allowedTypes: Type.Array(Type.String()),
}, { title: 'DossierDocument' });

export const DraftResponse = Type.Object({ id: Type.String(), form: FormView, documents: Type.Array(DocumentView) }, { title: 'DossierDraft' });

export const FormResponse = Type.Object({ id: Type.String(), data: Type.Record(Type.String(), Type.Unknown()) });

const FileFields = {
  fileId: Type.String(),
  name: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Type.String({ format: 'date-time' }),
};

export const FileView = Type.Object({ id: Type.String(), ...FileFields }, { title: 'DossierFile' });
export const FileResponse = Type.Object({ id: Type.String(), documentId: Type.String(), ...FileFields });

export const SubmitResponse = Type.Object({
  id: Type.String(),
  code: Type.String(),
  lookupSecret: Nullable(Type.String({ description: 'shown once; null when a retry comes more than 24 hours later' })),
  status: Type.Integer(),
  expectedDate: Nullable(Type.String({ description: 'appointment date yyyy-mm-dd (null until the calendar computes it)' })),
  submittedAt: Type.String({ format: 'date-time' }),
  replayed: Type.Boolean(),
}, { title: 'SubmissionReceipt' });

const Summary = {
  id: Type.String(),
  code: Nullable(Type.String()),
  status: Nullable(Type.Integer({ description: 'national status code 1–10; null for a draft' })),
  statusLabel: Type.String(),
  draft: Type.Boolean(),
  awaitingPayment: Type.Optional(Type.Boolean({ description: 'a draft that waits for the payment of fees charged before submission (it is submitted when paid)' })),
  procedure: Type.Object({ code: Type.String(), name: Type.String(), version: Type.Integer() }),
  agency: Type.Object({ code: Type.String(), name: Type.String() }),
  submittedAt: Nullable(Type.String()),
  expectedDate: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};

export const DossierSummary = Type.Object(Summary, { title: 'DossierSummary' });
export const DossierList = Type.Object({ items: Type.Array(DossierSummary) }, { title: 'DossierList' });

/** A history entry's message parameters: dates as ISO strings, amounts as numbers, notes and reasons as written. */
export const EventParamsSchema = Type.Record(Type.String(), Type.Unknown(), { description: 'the message parameters (dates ISO 8601, amounts in VND as numbers, texts as written)' });

export const EventView = Type.Object({
  at: Type.String(),
  status: Type.Integer(),
  statusLabel: Type.String(),
  action: Type.String(),
  text: Type.String({ description: "what happened, in the request's language (rendered from key and params; the stored text for older entries)" }),
  key: Nullable(Type.String({ description: 'the message key (timeline.*); null for entries written before messages were stored' })),
  params: Nullable(EventParamsSchema),
  content: Nullable(Type.String({ description: 'the Vietnamese text as stored' })),
  handlerName: Nullable(Type.String()),
  department: Nullable(Type.String()),
  legalEnd: Nullable(Type.String()),
}, { title: 'DossierEvent' });

/** The open supplement request of a dossier (status 5). */
export const SupplementRequest = Type.Object(
  {
    requestedAt: Type.String(),
    items: Type.Array(Type.String(), { description: 'the consolidated list of missing items the agency asked for' }),
    content: Nullable(Type.String({ description: "the officer's whole request (items and note), in the request's language" })),
    files: Type.Array(Type.Object({ ...FileView.properties, documentId: Type.String(), documentName: Type.String() }), { description: 'files added since the request' }),
  },
  { description: 'the open supplement request (status 5), else null' },
);

export const DossierDetail = Type.Object({
  ...Summary,
  channel: Type.Integer(),
  editable: Type.Boolean(),
  form: FormView,
  documents: Type.Array(Type.Object({ ...DocumentView.properties, files: Type.Array(FileView) })),
  events: Type.Array(EventView),
  own: Type.Boolean({ description: 'the viewer is the applicant (organisation members see the dossier; only the applicant acts on it)' }),
  appointmentAt: Nullable(Type.String({ description: 'appointment date-time (fixed on reception, moved by an apology)' })),
  dueAt: Nullable(Type.String({ description: 'legal deadline (moved only by paused time)' })),
  pauses: Type.Array(
    Type.Object({ kind: Type.String({ description: 'supplement | payment' }), startedAt: Type.String(), endedAt: Nullable(Type.String({ description: 'null while it lasts' })), reason: Nullable(Type.String()) }),
    { description: 'periods when the clock was paused' },
  ),
  supplement: Nullable(SupplementRequest),
  sharing: Type.Optional(
    Type.Object(
      {
        obtained: Type.Array(Type.String(), { description: 'sources the lookups succeeded for: population | business' }),
        prefilled: Type.Record(Type.String(), Type.String(), { description: 'e-form fields still as the platform filled them → their source' }),
        failed: Type.Array(Type.Object({ source: Type.String(), outcome: Type.String({ description: 'not_found | empty | malformed | timeout | unreachable | refused | error' }) })),
      },
      { description: 'data sharing (LGSP/NGSP), when the version marks documents or fields "obtained by data sharing"' },
    ),
  ),
}, { title: 'Dossier', description: 'A dossier as its applicant (or a member of the applicant organisation) sees it' });

export const LookupParams = Type.Object({ code: Type.String({ maxLength: 100 }) });
export const LookupQuery = Type.Object({
  secret: Type.Optional(Type.String({ maxLength: 100, description: "the 8-character lookup secret given at submission, or the applicant's ID number (CCCD/CMND, or the organisation's tax code)" })),
});

export const LookupResponse = Type.Object({
  code: Type.String(),
  status: Type.Integer(),
  statusLabel: Type.String(),
  procedureName: Type.String(),
  agencyName: Type.String(),
  applicantName: Type.String({ description: 'masked for persons ("Nguyễn V** A*")' }),
  submittedAt: Nullable(Type.String()),
  expectedDate: Nullable(Type.String()),
  appointmentAt: Nullable(Type.String({ description: 'appointment: date-time fixed on reception or moved by an apology; else the expected date (yyyy-mm-dd)' })),
  timeline: Type.Array(Type.Object({ at: Type.String(), status: Type.Integer(), statusLabel: Type.String() })),
}, { title: 'DossierLookup' });
