// Outgoing documents: TypeBox schemas of the JSON API (request validation, OpenAPI, types).
import { Type, type Static } from 'typebox';
import { CONFIDENTIALITY_CODES, DOCUMENT_TYPE_CODES, URGENCY_CODES } from '../kernel/official-document.ts';

const text = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.String({ format: 'uuid' });

export const OutgoingParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const OutgoingActionParams = Type.Object({ id: Type.String({ maxLength: 64 }), action: Type.String({ maxLength: 20, description: 'submit | approve | return | issue' }) });

const Recipient = Type.Object({
  agencyCode: Type.Optional(text(40, 'An agency on OpenDVC (its code): it receives the document as an incoming document')),
  name: Type.Optional(text(300, 'An outside recipient’s name (not needed with agencyCode)')),
  address: Type.Optional(text(500)),
});

export const DraftBody = Type.Object(
  {
    agencyCode: Type.Optional(text(40, 'The issuing agency (default: the officer’s own)')),
    docType: text(40, `Document type: ${DOCUMENT_TYPE_CODES.join(', ')}`),
    excerpt: text(1000, 'Excerpt (trích yếu)'),
    body: text(20000),
    place: text(100, 'Place name of the date line (địa danh)'),
    urgency: Type.Optional(text(20, URGENCY_CODES.join(' | '))),
    confidentiality: Type.Optional(text(20, CONFIDENTIALITY_CODES.join(' | '))),
    issuerAbbreviation: Type.Optional(text(40, 'The issuer’s abbreviation in the symbol (default: from the agency)')),
    unitAbbreviation: Type.Optional(text(40, 'Official letters: the drafting unit’s abbreviation')),
    signerId: text(64, 'A leader of the issuing agency'),
    signerTitle: text(200),
    recipients: Type.Array(Recipient, { maxItems: 50 }),
    answersIncomingId: Type.Optional(text(64, 'The incoming document this answers')),
    dossierId: Type.Optional(text(64, 'The dossier whose result this document is (issued: recorded as its signed result)')),
    version: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647, description: 'Update: the version read' })),
  },
  { title: 'OutgoingDraftBody' },
);
export type DraftBodyT = Static<typeof DraftBody>;

export const ActionBody = Type.Object({ comment: Type.Optional(text(2000)), version: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })) }, { title: 'OutgoingActionBody' });

const Stamp = Type.String({ format: 'date-time' });

export const DocumentView = Type.Object(
  {
    id: Id,
    agency: Type.Object({ id: Id, code: Type.String(), name: Type.String() }),
    docType: Type.String(),
    excerpt: Type.String(),
    body: Type.String(),
    place: Type.String(),
    urgency: Type.String(),
    confidentiality: Type.String(),
    issuerAbbreviation: Type.String(),
    unitAbbreviation: Nullable(Type.String()),
    signer: Type.Object({ id: Id, name: Type.String(), title: Type.String() }),
    status: Type.String({ description: 'draft | in_review | returned | approved | issued' }),
    chain: Type.Array(Type.Object({ position: Type.Integer(), label: Type.String(), role: Nullable(Type.String()), accountId: Nullable(Type.String()), current: Type.Boolean(), done: Type.Boolean() })),
    step: Type.Union([Type.Integer(), Type.Null()]),
    numberSymbol: Nullable(Type.String()),
    issuedAt: Nullable(Stamp),
    answersIncomingId: Nullable(Type.String()),
    dossier: Type.Union([Type.Object({ id: Id, code: Nullable(Type.String()) }), Type.Null()]),
    resultCode: Nullable(Type.String()),
    signerSubject: Nullable(Type.String()),
    sealSubject: Nullable(Type.String()),
    sha256: Nullable(Type.String()),
    recipients: Type.Array(Type.Object({ position: Type.Integer(), agencyCode: Nullable(Type.String()), name: Type.String(), address: Nullable(Type.String()), sendStatus: Type.String(), sentAt: Nullable(Stamp), note: Nullable(Type.String()) })),
    events: Type.Array(Type.Object({ kind: Type.String(), params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()])), at: Stamp, actor: Nullable(Type.String()) })),
    version: Type.Integer(),
    may: Type.Object({ edit: Type.Boolean(), review: Type.Boolean(), issue: Type.Boolean() }),
  },
  { title: 'OutgoingDocument' },
);

export const ListQuery = Type.Object({ status: Type.Optional(text(20)), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })) });
export const ListView = Type.Object(
  {
    items: Type.Array(
      Type.Object({ id: Id, docType: Type.String(), excerpt: Type.String(), status: Type.String(), numberSymbol: Nullable(Type.String()), issuedAt: Nullable(Stamp), updatedAt: Stamp, agencyName: Type.String(), signerName: Type.String(), dossierId: Nullable(Type.String()), awaitsMe: Type.Boolean() }),
    ),
    page: Type.Integer(),
    more: Type.Boolean(),
  },
  { title: 'OutgoingList' },
);

const ChainStep = Type.Object({ role: Type.Optional(text(30, 'specialist | department_head | agency_leader')), accountId: Type.Optional(text(64, 'A named person of the agency')) });
export const ChainsQuery = Type.Object({ agency: Type.Optional(text(40)) });
export const ChainBody = Type.Object({ agencyCode: Type.Optional(text(40)), docType: text(40, "A document type, or '*' for every type without its own chain"), steps: Type.Array(ChainStep, { maxItems: 20 }) }, { title: 'OutgoingChainBody' });
export const ChainsView = Type.Object(
  {
    agency: Type.Object({ id: Id, code: Type.String(), name: Type.String() }),
    chains: Type.Array(Type.Object({ docType: Type.String(), steps: Type.Array(Type.Union([Type.Object({ role: Type.String() }), Type.Object({ accountId: Type.String(), name: Type.String() })])) })),
    people: Type.Array(Type.Object({ id: Id, name: Type.String() })),
  },
  { title: 'OutgoingChains' },
);

export const ReportQuery = Type.Object({ from: text(10, 'yyyy-mm-dd'), to: text(10, 'yyyy-mm-dd') });
export const ReportView = Type.Object(
  { from: Type.String(), to: Type.String(), rows: Type.Array(Type.Object({ agency: Type.Object({ code: Type.String(), name: Type.String() }), docType: Type.String(), issued: Type.Integer(), sent: Type.Integer(), results: Type.Integer() })) },
  { title: 'OutgoingReport' },
);

export const RegisterQuery = Type.Object({ agency: Type.Optional(text(40)), year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2200 })) });
export const RegisterView = Type.Object(
  {
    agency: Type.Object({ code: Type.String(), name: Type.String() }),
    year: Type.Integer(),
    rows: Type.Array(Type.Object({ number: Type.Integer(), numberSymbol: Type.String(), docType: Type.String(), issuedAt: Stamp, documentId: Id, excerpt: Type.String() })),
  },
  { title: 'OutgoingRegister' },
);
