// Incoming documents: TypeBox schemas of the JSON API and of the electronic receipt's input (the document exchange
// module calls `IncomingService.registerReceived(input: ReceivedDocumentInput)`).
import { Type, type Static } from 'typebox';
import { CONFIDENTIALITY_CODES, DOCUMENT_TYPE_CODES, URGENCY_CODES } from '../kernel/official-document.ts';

const Id = Type.String({ format: 'uuid' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });

/** The metadata of an incoming document (Decree 30/2020 Appendix IV). Checked again by the rules (field errors). */
export const MetadataBody = Type.Object({
  issuer: Type.String({ maxLength: 300, description: 'Issuing body (cơ quan ban hành)' }),
  numberSymbol: Type.String({ maxLength: 60, description: 'Number and symbol as printed, e.g. 12/UBND-VP' }),
  issuedOn: Type.String({ maxLength: 10, description: 'Date of issue, yyyy-mm-dd' }),
  docType: Type.String({ maxLength: 40, description: `Document type: ${DOCUMENT_TYPE_CODES.join(', ')}` }),
  excerpt: Type.String({ maxLength: 2000, description: 'Excerpt (trích yếu)' }),
  urgency: Type.Optional(Type.String({ maxLength: 20, description: `Urgency: ${URGENCY_CODES.join(', ')} (default normal)` })),
  confidentiality: Type.Optional(Type.String({ maxLength: 20, description: `Confidentiality: ${CONFIDENTIALITY_CODES.join(', ')} (default none)` })),
  pageCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  signer: Type.Optional(Type.String({ maxLength: 200 })),
});

export const RegisterBody = Type.Object({ ...MetadataBody.properties, agencyId: Type.Optional(Id) }, { title: 'IncomingRegisterBody' });
export type RegisterBodyT = Static<typeof RegisterBody>;

/**
 * An electronically received document (the national document exchange): its metadata, the receiving agency, the
 * sender agency's identifier and the exchange package's id, and its files — already stored (`fileIds`) or as bytes
 * (`attachments`, content inspected like an upload).
 */
export const ReceivedDocumentInput = Type.Object({
    ...MetadataBody.properties,
    agencyId: Id,
    senderCode: Type.String({ minLength: 1, maxLength: 100, description: 'The sender agency’s identifier (mã định danh)' }),
    packageId: Type.String({ minLength: 1, maxLength: 200, description: 'The exchange package’s id' }),
    receivedAt: Type.Optional(Type.String({ format: 'date-time' })),
    fileIds: Type.Optional(Type.Array(Id, { maxItems: 10 })),
    attachments: Type.Optional(Type.Array(Type.Object({ name: Type.String({ maxLength: 255 }), content: Type.Unsafe<Uint8Array>({ description: 'The file’s bytes' }) }), { maxItems: 10 })),
});
export type ReceivedDocumentInput = Static<typeof ReceivedDocumentInput>;

export const Registered = Type.Object({ id: Id, number: Type.Integer(), year: Type.Integer(), refusedFiles: Type.Array(Type.String()) }, { title: 'IncomingRegistered' });

export const AttachedFile = Type.Object({ id: Id, name: Type.String() }, { title: 'IncomingAttachedFile' });

export const IncomingParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const ActionParams = Type.Object({ id: Type.String({ maxLength: 64 }), action: Type.String({ maxLength: 20 }) });
export const FileParams = Type.Object({ id: Type.String({ maxLength: 64 }), fileId: Type.String({ maxLength: 64 }) });

export const ActionBody = Type.Object(
  {
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    leaderId: Type.Optional(Type.String({ maxLength: 64 })),
    leadId: Type.Optional(Type.String({ maxLength: 64 })),
    leadDepartmentId: Type.Optional(Type.String({ maxLength: 64 })),
    coordinateIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
    informIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
    deadline: Type.Optional(Type.String({ maxLength: 10, description: 'yyyy-mm-dd, not before today' })),
    workingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
    text: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { title: 'IncomingActionBody' },
);

export const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  status: Type.Optional(Type.String({ maxLength: 20 })),
  mine: Type.Optional(Type.String({ maxLength: 2 })),
  docType: Type.Optional(Type.String({ maxLength: 40 })),
  urgency: Type.Optional(Type.String({ maxLength: 20 })),
  from: Type.Optional(Type.String({ maxLength: 10 })),
  to: Type.Optional(Type.String({ maxLength: 10 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
});

const Person = Type.Object({ id: Id, name: Type.String() });

export const ListItem = Type.Object({
  id: Id,
  number: Type.Integer(),
  year: Type.Integer(),
  channel: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
  issuer: Type.String(),
  numberSymbol: Type.String(),
  issuedOn: Type.String(),
  docType: Type.String(),
  excerpt: Type.String(),
  urgency: Type.String(),
  confidentiality: Type.String(),
  status: Type.String(),
  deadlineAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  overdue: Type.Boolean(),
  lead: Type.Union([Type.String(), Type.Null()]),
});
export const ListView = Type.Object({ items: Type.Array(ListItem), total: Type.Integer(), page: Type.Integer(), pageCount: Type.Integer() }, { title: 'IncomingList' });

export const DetailView = Type.Object(
  {
    id: Id,
    agency: Type.Object({ id: Id, code: Type.String(), name: Type.String() }),
    number: Type.Integer(),
    year: Type.Integer(),
    channel: Type.String(),
    receivedAt: Type.String(),
    issuer: Type.String(),
    numberSymbol: Type.String(),
    issuedOn: Type.String(),
    docType: Type.String(),
    excerpt: Type.String(),
    signer: Type.Union([Type.String(), Type.Null()]),
    urgency: Type.String(),
    confidentiality: Type.String(),
    pageCount: Type.Union([Type.Integer(), Type.Null()]),
    senderCode: Type.Union([Type.String(), Type.Null()]),
    packageId: Type.Union([Type.String(), Type.Null()]),
    status: Type.String(),
    registeredBy: Type.Union([Person, Type.Null()]),
    leader: Type.Union([Person, Type.Null()]),
    leadDepartment: Type.Union([Type.Object({ id: Id, name: Type.String() }), Type.Null()]),
    assignees: Type.Array(Type.Object({ id: Id, name: Type.String(), role: Type.String() })),
    deadlineAt: Type.Union([Type.String(), Type.Null()]),
    overdue: Type.Boolean(),
    closedAt: Type.Union([Type.String(), Type.Null()]),
    onTime: Type.Union([Type.Boolean(), Type.Null()]),
    outgoingId: Type.Union([Type.String(), Type.Null()]),
    files: Type.Array(Type.Object({ id: Id, name: Type.String(), mediaType: Type.String(), sizeBytes: Type.Integer(), textChars: Type.Integer() })),
    events: Type.Array(Type.Object({ at: Type.String(), kind: Type.String(), actor: Type.Union([Type.String(), Type.Null()]), params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()])) })),
    actions: Type.Array(Type.String()),
    version: Type.Integer(),
  },
  { title: 'IncomingDetail' },
);

export const ReportQuery = Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day) });
export const ReportView = Type.Object(
  {
    from: Type.String(),
    to: Type.String(),
    received: Type.Array(Type.Object({ docType: Type.String(), urgency: Type.String(), channel: Type.String(), count: Type.Integer() })),
    departments: Type.Array(Type.Object({ department: Type.Union([Type.String(), Type.Null()]), onTime: Type.Integer(), late: Type.Integer(), open: Type.Integer(), overdue: Type.Integer() })),
    overdue: Type.Array(Type.Object({ id: Id, number: Type.Integer(), year: Type.Integer(), issuer: Type.String(), numberSymbol: Type.String(), excerpt: Type.String(), deadlineAt: Type.String(), lead: Type.Union([Type.String(), Type.Null()]) })),
  },
  { title: 'IncomingReport' },
);
