// The national document exchange's envelope (edXML, QCVN 102:2016/BTTTT as used by the national document exchange
// platform, Decision 28/2018/QĐ-TTg): a pure builder and a strict parser of the two messages — a document package
// and a status message — and the status codes. Pure: no I/O, no clock (callers pass the instants); the signature is
// computed by the caller over `signedBytes` (docexchange.crypto.ts) and carried in the header's Signature element.
//
// The shape written and read (namespace EDXML_NS, prefix edXML; ARCHITECTURE.md "Document exchange (edXML)"):
//   edXMLEnvelope
//     edXMLHeader
//       MessageHeader (package) | Status (status message)
//       TraceHeaderList/TraceHeader (OrganId, Timestamp)
//       Signature (SignatureMethod Ed25519, KeyInfo/KeyName = the sender's OrganId, SignatureValue base64)
//     edXMLBody
//       Attachment* (ContentId, ContentType, AttachmentName, Description, Signed, ContentTransferEncoded base64)
// The signature covers the canonical text (docexchange.xml.ts `canonical`) of the envelope without its Signature
// element — a detached, XML-DSig-like signature over header + body.
import { isUuid } from '../../core/ids.ts';
import { formatDate } from '../../core/text.ts';
import { vietnamDate } from '../../core/time.ts';
import { isDocumentType, DOCUMENT_TYPES, type DocumentTypeCode, type Urgency } from '../kernel/official-document.ts';
import { EXCHANGE_FILE_REFUSALS } from '../kernel/timeline.ts';
import { canonical, childrenNamed, el, parseXml, XmlRefusal, type XmlElement } from './docexchange.xml.ts';

export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const EDXML_PREFIX = 'edXML';
export const SIGNATURE_METHOD = 'Ed25519';

// ---------------------------------------------------------------------------------------------
// Status codes (edXML status, "trạng thái xử lý văn bản")
// ---------------------------------------------------------------------------------------------

/**
 * The status codes of a status message: 01 arrived (received by the recipient's system), 02 refused (not taken in,
 * with the reason in Description), 03 accepted (registered by the clerk), 04 assigned, 05 in progress, 06 completed
 * (handled; may carry the result file as attachment).
 */
export const STATUS_CODES = {
  '01': 'received',
  '02': 'refused',
  '03': 'accepted',
  '04': 'assigned',
  '05': 'in_progress',
  '06': 'completed',
} as const;
export type StatusCode = keyof typeof STATUS_CODES;
export type PackageState = (typeof STATUS_CODES)[StatusCode];

export function isStatusCode(value: string): value is StatusCode {
  return Object.prototype.hasOwnProperty.call(STATUS_CODES, value);
}

/** The order of states: a status message never moves a package back (a late "received" after "assigned"). */
const STATE_RANK: Record<PackageState | 'sent', number> = { sent: 0, received: 1, accepted: 2, assigned: 3, in_progress: 4, completed: 5, refused: 5 };

/** The package's state after a status message: the later of the two (completed and refused are final). */
export function nextState(current: PackageState | 'sent', code: StatusCode): PackageState | 'sent' {
  if (current === 'completed' || current === 'refused') return current;
  const incoming = STATUS_CODES[code];
  return STATE_RANK[incoming] >= STATE_RANK[current] ? incoming : current;
}

// ---------------------------------------------------------------------------------------------
// Our statuses about a package we received (03 accepted … 06 completed)
// ---------------------------------------------------------------------------------------------

/** The outbox topic the incoming module announces its documents' events on (consumer 'docexchange'). */
export const INCOMING_STATUS_TOPIC = 'incoming.status';

/**
 * What happened to the incoming document a package became (the incoming module's event kinds) → the status code
 * its sender is told: registered in the register → 03 accepted; assigned or reassigned → 04; an opinion (handling
 * under way) → 05; closed or answered by an outgoing document → 06. Routed to a leader, and anything else: nothing.
 */
export function statusBackFor(event: string): StatusCode | null {
  switch (event) {
    case 'registered':
      return '03';
    case 'assigned':
    case 'reassigned':
      return '04';
    case 'opinion':
      return '05';
    case 'closed':
    case 'answered':
      return '06';
    default:
      return null;
  }
}

/**
 * Whether status `code` may go back about a package whose sender was already sent (or will be sent) `recorded`:
 * each code once, never one lower than the last (a reassignment after handling began says nothing), nothing after
 * a refusal (02) or completion (06).
 */
export function mayAnswer(recorded: readonly string[], code: StatusCode): boolean {
  if (recorded.includes('02')) return false;
  return recorded.every((c) => Number(c) < Number(code));
}

/** The Description of our status (Vietnamese: it is read in the sending agency's system). */
export function statusBackDescription(event: string, facts: { number?: number | null; year?: number | null; deadline?: Date | null } = {}): string {
  const code = statusBackFor(event);
  switch (code) {
    case '03':
      return facts.number && facts.year ? `Đã tiếp nhận, vào sổ văn bản đến số ${facts.number}/${facts.year}` : 'Đã tiếp nhận, vào sổ văn bản đến';
    case '04':
      return facts.deadline && !Number.isNaN(facts.deadline.getTime()) ? `Đã phân công xử lý, hạn xử lý ${formatDate(vietnamDate(facts.deadline))}` : 'Đã phân công xử lý';
    case '05':
      return 'Đang xử lý';
    case '06':
      return event === 'answered' ? 'Đã xử lý xong, có văn bản trả lời' : 'Đã xử lý xong';
    default:
      return '';
  }
}

// ---------------------------------------------------------------------------------------------
// The result files of a 06 about a dossier's liên thông step
// ---------------------------------------------------------------------------------------------

/** At most this many attachments of one 06 are kept (the rest are refused, "too_many"). */
export const RESULT_FILES_MAX = 10;

/**
 * Why an attachment of a 06 was not kept (each has its text in the history, vi/en: timeline.docExchange.refusal.*):
 * beyond the count, too large, not a type dossier files may be (PDF, JPEG, PNG, DOCX, XLSX, or a name claiming
 * another), broken or hostile content, a signature claimed that does not verify, or content that could not be checked.
 */
export const RESULT_FILE_REFUSALS = EXCHANGE_FILE_REFUSALS;
export type ResultFileRefusal = (typeof RESULT_FILE_REFUSALS)[number];

/** The refusal reason of the files module's error code for an attachment (files.errors.ts). */
export function resultFileRefusal(code: string): ResultFileRefusal {
  switch (code) {
    case 'FILE_TOO_LARGE':
      return 'too_large';
    case 'FILE_TYPE_NOT_ALLOWED':
    case 'FILE_EXTENSION_MISMATCH':
    case 'FILE_MACROS':
    case 'FILE_ENCRYPTED':
    case 'FILE_ARCHIVE_UNSUPPORTED':
    case 'FILE_NESTED_ARCHIVE':
      return 'type';
    case 'FILE_CHECK_BUSY':
    case 'FILE_CHECK_FAILED':
      return 'unchecked';
    default:
      return 'broken';
  }
}

/** A PAdES verdict that lets a file claimed as signed be kept (as for a received package's files). */
export function signatureAccepted(state: string): state is 'genuine' | 'untrusted' {
  return state === 'genuine' || state === 'untrusted';
}

/** Refusal reasons we answer with a 02 status message (the Description starts with the reason's code). */
export const REFUSAL_REASONS = ['malformed', 'unknown_sender', 'bad_signature', 'attachment_signature', 'too_large', 'not_addressed'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** The typed refusal of the parser (and of the service's checks): the reason and a short detail in English. */
export class EnvelopeRefusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The messages
// ---------------------------------------------------------------------------------------------

export interface Organ {
  organId: string;
  organName: string;
}

export interface Attachment {
  contentId: string;
  contentType: string;
  name: string;
  description: string;
  /** The sender says the file carries its own signature (a PAdES-signed PDF): the receiver verifies it. */
  signed: boolean;
  bytes: Buffer;
}

/** What a liên thông package carries besides the document: the dossier it is a step of (our extension, Bussiness). */
export interface DossierInfo {
  dossierCode: string;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  stepName: string;
}

export interface PackageMessage {
  kind: 'package';
  documentId: string;
  from: Organ;
  to: Organ[];
  codeNumber: string;
  codeNotation: string;
  place: string;
  /** yyyy-mm-dd */
  promulgationDate: string;
  /** Our document type when the TypeName is one of Decree 30's, else null (typeName kept as written). */
  documentType: DocumentTypeCode | null;
  typeName: string;
  subject: string;
  content: string;
  signerName: string;
  priority: Urgency;
  /** yyyy-mm-dd or null */
  dueDate: string | null;
  steeringType: number;
  toPlaces: string[];
  pageAmount: number;
  dossier: DossierInfo | null;
  /** ISO instant the sender sent it (TraceHeader). */
  sentAt: string;
  attachments: Attachment[];
}

export interface StatusMessage {
  kind: 'status';
  /** The package this status is about: its sender, DocumentId, number-and-symbol and date. */
  responseFor: { organId: string; documentId: string; code: string; promulgationDate: string };
  from: Organ;
  statusCode: StatusCode;
  description: string;
  staffName: string;
  department: string;
  /** ISO instant */
  timestamp: string;
  attachments: Attachment[];
}

export type EdxmlMessage = PackageMessage | StatusMessage;

/** A parsed envelope: the message, the sender's key name, the signature and the bytes it covers. */
export interface ParsedEnvelope {
  message: EdxmlMessage;
  signature: { method: string; keyName: string; value: string };
  signedBytes: Buffer;
}

export const LIMITS = {
  maxEnvelopeChars: 40 * 1024 * 1024,
  maxAttachments: 20,
  maxRecipients: 50,
  text: 2000,
  name: 500,
} as const;

const PRIORITY: Record<Urgency, string> = { normal: '0', urgent: '1', very_urgent: '2', flash: '3' };
const PRIORITY_OF: Record<string, Urgency> = { '0': 'normal', '1': 'urgent', '2': 'very_urgent', '3': 'flash', '4': 'flash' };
export const CONTENT_TYPES = ['application/pdf', 'application/zip', 'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'image/jpeg', 'image/png', 'application/xml', 'text/plain', 'application/octet-stream'] as const;

const ORGAN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const DATE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const INSTANT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,3})?(Z|[+-][0-9]{2}:[0-9]{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const CONTENT_ID = /^[A-Za-z0-9._@-]{1,100}$/;

export function isOrganId(value: string): boolean {
  return ORGAN_ID.test(value);
}

function validDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

const e = (name: string, content: XmlElement[] | string | number = []) => el(EDXML_NS, name, content);
const organ = (name: string, o: Organ) => e(name, [e('OrganId', o.organId), e('OrganName', o.organName)]);

function attachmentsOf(list: Attachment[]): XmlElement[] {
  return list.map((a) =>
    e('Attachment', [
      e('ContentId', a.contentId),
      e('ContentType', a.contentType),
      e('AttachmentName', a.name),
      e('Description', a.description),
      e('Signed', a.signed ? '1' : '0'),
      e('ContentTransferEncoded', a.bytes.toString('base64')),
    ]),
  );
}

function headerOf(message: EdxmlMessage): XmlElement {
  if (message.kind === 'status') {
    const s = message;
    return e('Status', [
      e('ResponseFor', [e('OrganId', s.responseFor.organId), e('Code', s.responseFor.code), e('PromulgationDate', s.responseFor.promulgationDate), e('DocumentId', s.responseFor.documentId)]),
      organ('From', s.from),
      e('StatusCode', s.statusCode),
      e('Description', s.description),
      e('Timestamp', s.timestamp),
      e('StaffInfo', [e('Department', s.department), e('Staff', s.staffName)]),
    ]);
  }
  const p = message;
  return e('MessageHeader', [
    organ('From', p.from),
    ...p.to.map((t) => organ('To', t)),
    e('DocumentId', p.documentId),
    e('Code', [e('CodeNumber', p.codeNumber), e('CodeNotation', p.codeNotation)]),
    e('PromulgationInfo', [e('Place', p.place), e('PromulgationDate', p.promulgationDate)]),
    e('DocumentType', [e('Type', p.documentType === 'resolution' || p.documentType === 'decision' || p.documentType === 'directive' ? '1' : '2'), e('TypeName', p.typeName)]),
    e('Subject', p.subject),
    e('Content', p.content),
    e('SignerInfo', [e('FullName', p.signerName)]),
    e('DueDate', p.dueDate ?? ''),
    e('ToPlaces', p.toPlaces.map((place) => e('Place', place))),
    e('OtherInfo', [e('Priority', PRIORITY[p.priority]), e('PageAmount', p.pageAmount)]),
    e('SteeringType', p.steeringType),
    ...(p.dossier
      ? [
          e('Bussiness', [
            e('BussinessDocType', 'lienthong'),
            e('DossierCode', p.dossier.dossierCode),
            e('ProcedureCode', p.dossier.procedureCode),
            e('ProcedureName', p.dossier.procedureName),
            e('ApplicantName', p.dossier.applicantName),
            e('StepName', p.dossier.stepName),
          ]),
        ]
      : []),
  ]);
}

function unsignedTree(message: EdxmlMessage, sentAt: string): XmlElement {
  const sender = message.from.organId;
  return e('edXMLEnvelope', [
    e('edXMLHeader', [headerOf(message), e('TraceHeaderList', [e('TraceHeader', [e('OrganId', sender), e('Timestamp', sentAt)])])]),
    e('edXMLBody', attachmentsOf(message.attachments)),
  ]);
}

const text = (tree: XmlElement) => canonical(tree, EDXML_PREFIX, EDXML_NS);

/** The bytes a message's signature covers (its envelope without the Signature element). */
export function bytesToSign(message: EdxmlMessage): Buffer {
  return Buffer.from(text(unsignedTree(message, message.kind === 'package' ? message.sentAt : message.timestamp)), 'utf8');
}

/**
 * The envelope's text: the message, signed by `sign` (the sender platform's key over `bytesToSign`; the key name is
 * the sender's OrganId). Throws EnvelopeRefusal('malformed') when the message breaks the limits the parser checks,
 * so that what we write, we would read.
 */
export function buildEnvelope(message: EdxmlMessage, sign: (bytes: Buffer) => string): string {
  checkMessage(message);
  const tree = unsignedTree(message, message.kind === 'package' ? message.sentAt : message.timestamp);
  const value = sign(Buffer.from(text(tree), 'utf8'));
  const header = tree.children[0]!;
  header.children.push(e('Signature', [e('SignatureMethod', SIGNATURE_METHOD), e('KeyInfo', [e('KeyName', message.from.organId)]), e('SignatureValue', value)]));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${text(tree)}`;
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

const malformed = (detail: string): never => {
  throw new EnvelopeRefusal('malformed', detail);
};

/** Reads the children of `parent` exactly as `names` lists them (name, or name* for zero or more, name? for optional). */
function shape(parent: XmlElement, names: string[], where: string): Map<string, XmlElement[]> {
  const out = new Map<string, XmlElement[]>();
  let k = 0;
  for (const spec of names) {
    const many = spec.endsWith('*') || spec.endsWith('+');
    const optional = spec.endsWith('?') || spec.endsWith('*');
    const name = spec.replace(/[*+?]$/, '');
    const found: XmlElement[] = [];
    while (k < parent.children.length) {
      const child = parent.children[k]!;
      if (child.ns !== EDXML_NS || child.name !== name) break;
      found.push(child);
      k++;
      if (!many) break;
    }
    if (!found.length && !optional) malformed(`${where}/${name} missing`);
    out.set(name, found);
  }
  if (k !== parent.children.length) {
    const extra = parent.children[k]!;
    malformed(`${where}/${extra.name} unexpected`);
  }
  return out;
}

function leaf(element: XmlElement | undefined, where: string, options: { max?: number; required?: boolean; pattern?: RegExp } = {}): string {
  if (!element) {
    if (options.required === false) return '';
    return malformed(`${where} missing`);
  }
  if (element.children.length) malformed(`${where} is not text`);
  const value = element.text.trim();
  if (options.required !== false && !value) malformed(`${where} empty`);
  if (value.length > (options.max ?? LIMITS.text)) malformed(`${where} too long`);
  if (value && options.pattern && !options.pattern.test(value)) malformed(`${where} invalid`);
  return value;
}

const one = (m: Map<string, XmlElement[]>, name: string) => m.get(name)?.[0];

function readOrgan(element: XmlElement, where: string): Organ {
  const m = shape(element, ['OrganId', 'OrganName'], where);
  return { organId: leaf(one(m, 'OrganId'), `${where}/OrganId`, { max: 64, pattern: ORGAN_ID }), organName: leaf(one(m, 'OrganName'), `${where}/OrganName`, { max: LIMITS.name }) };
}

function readAttachments(body: XmlElement): Attachment[] {
  const m = shape(body, ['Attachment*'], 'edXMLBody');
  const list = m.get('Attachment') ?? [];
  if (list.length > LIMITS.maxAttachments) malformed('edXMLBody: too many attachments');
  const ids = new Set<string>();
  return list.map((a, index) => {
    const where = `Attachment[${index + 1}]`;
    const f = shape(a, ['ContentId', 'ContentType', 'AttachmentName', 'Description?', 'Signed?', 'ContentTransferEncoded'], where);
    const contentId = leaf(one(f, 'ContentId'), `${where}/ContentId`, { max: 100, pattern: CONTENT_ID });
    if (ids.has(contentId)) malformed(`${where}/ContentId repeated`);
    ids.add(contentId);
    const contentType = leaf(one(f, 'ContentType'), `${where}/ContentType`, { max: 100 });
    if (!(CONTENT_TYPES as readonly string[]).includes(contentType)) malformed(`${where}/ContentType not accepted`);
    const name = leaf(one(f, 'AttachmentName'), `${where}/AttachmentName`, { max: 255 });
    if (/[/\\]/.test(name) || name === '.' || name === '..') malformed(`${where}/AttachmentName invalid`);
    const signed = leaf(one(f, 'Signed'), `${where}/Signed`, { required: false, pattern: /^[01]$/ });
    const raw = one(f, 'ContentTransferEncoded');
    if (!raw || raw.children.length) return malformed(`${where}/ContentTransferEncoded missing`);
    const b64 = raw.text.replace(/[ \t\r\n]/g, '');
    if (!b64 || !BASE64.test(b64)) malformed(`${where}/ContentTransferEncoded not base64`);
    return { contentId, contentType, name, description: leaf(one(f, 'Description'), `${where}/Description`, { required: false }), signed: signed === '1', bytes: Buffer.from(b64, 'base64') };
  });
}

function readPackage(header: XmlElement, sentAt: string, attachments: Attachment[]): PackageMessage {
  const m = shape(
    header,
    ['From', 'To+', 'DocumentId', 'Code', 'PromulgationInfo', 'DocumentType', 'Subject', 'Content?', 'SignerInfo?', 'DueDate?', 'ToPlaces?', 'OtherInfo?', 'SteeringType?', 'Bussiness?'],
    'MessageHeader',
  );
  const to = (m.get('To') ?? []).map((t, i) => readOrgan(t, `MessageHeader/To[${i + 1}]`));
  if (to.length > LIMITS.maxRecipients) malformed('MessageHeader: too many recipients');
  const documentId = leaf(one(m, 'DocumentId'), 'MessageHeader/DocumentId', { max: 36 });
  if (!isUuid(documentId)) malformed('MessageHeader/DocumentId invalid');
  const code = shape(one(m, 'Code')!, ['CodeNumber', 'CodeNotation'], 'Code');
  const promulgation = shape(one(m, 'PromulgationInfo')!, ['Place', 'PromulgationDate'], 'PromulgationInfo');
  const promulgationDate = leaf(one(promulgation, 'PromulgationDate'), 'PromulgationInfo/PromulgationDate', { max: 10 });
  if (!validDate(promulgationDate)) malformed('PromulgationInfo/PromulgationDate invalid');
  const type = shape(one(m, 'DocumentType')!, ['Type', 'TypeName'], 'DocumentType');
  leaf(one(type, 'Type'), 'DocumentType/Type', { max: 2, pattern: /^[0-9]{1,2}$/ });
  const typeName = leaf(one(type, 'TypeName'), 'DocumentType/TypeName', { max: 100 });
  const documentType = (Object.keys(DOCUMENT_TYPES) as DocumentTypeCode[]).find((k) => DOCUMENT_TYPES[k].vi.toLowerCase() === typeName.normalize('NFC').toLowerCase()) ?? null;
  const signer = one(m, 'SignerInfo') ? shape(one(m, 'SignerInfo')!, ['FullName?'], 'SignerInfo') : new Map<string, XmlElement[]>();
  const dueDate = leaf(one(m, 'DueDate'), 'MessageHeader/DueDate', { required: false, max: 10 });
  if (dueDate && !validDate(dueDate)) malformed('MessageHeader/DueDate invalid');
  const places = one(m, 'ToPlaces') ? (shape(one(m, 'ToPlaces')!, ['Place*'], 'ToPlaces').get('Place') ?? []) : [];
  if (places.length > LIMITS.maxRecipients) malformed('ToPlaces: too many');
  const other = one(m, 'OtherInfo') ? shape(one(m, 'OtherInfo')!, ['Priority?', 'PageAmount?'], 'OtherInfo') : new Map<string, XmlElement[]>();
  const priority = leaf(one(other, 'Priority'), 'OtherInfo/Priority', { required: false, pattern: /^[0-4]$/ }) || '0';
  const pages = leaf(one(other, 'PageAmount'), 'OtherInfo/PageAmount', { required: false, pattern: /^[0-9]{1,5}$/ }) || '0';
  const steering = leaf(one(m, 'SteeringType'), 'MessageHeader/SteeringType', { required: false, pattern: /^[0-9]$/ }) || '0';
  let dossier: DossierInfo | null = null;
  const business = one(m, 'Bussiness');
  if (business) {
    const b = shape(business, ['BussinessDocType', 'DossierCode?', 'ProcedureCode?', 'ProcedureName?', 'ApplicantName?', 'StepName?'], 'Bussiness');
    const kind = leaf(one(b, 'BussinessDocType'), 'Bussiness/BussinessDocType', { max: 50 });
    if (kind === 'lienthong') {
      dossier = {
        dossierCode: leaf(one(b, 'DossierCode'), 'Bussiness/DossierCode', { max: 100 }),
        procedureCode: leaf(one(b, 'ProcedureCode'), 'Bussiness/ProcedureCode', { max: 100 }),
        procedureName: leaf(one(b, 'ProcedureName'), 'Bussiness/ProcedureName', { max: LIMITS.text }),
        applicantName: leaf(one(b, 'ApplicantName'), 'Bussiness/ApplicantName', { required: false, max: LIMITS.name }),
        stepName: leaf(one(b, 'StepName'), 'Bussiness/StepName', { required: false, max: LIMITS.name }),
      };
    }
  }
  return {
    kind: 'package',
    documentId: documentId.toLowerCase(),
    from: readOrgan(one(m, 'From')!, 'MessageHeader/From'),
    to,
    codeNumber: leaf(one(code, 'CodeNumber'), 'Code/CodeNumber', { max: 10, pattern: /^[0-9]{1,10}$/ }),
    codeNotation: leaf(one(code, 'CodeNotation'), 'Code/CodeNotation', { max: 60 }),
    place: leaf(one(promulgation, 'Place'), 'PromulgationInfo/Place', { max: LIMITS.name }),
    promulgationDate,
    documentType: documentType && isDocumentType(documentType) ? documentType : null,
    typeName,
    subject: leaf(one(m, 'Subject'), 'MessageHeader/Subject'),
    content: leaf(one(m, 'Content'), 'MessageHeader/Content', { required: false, max: 20_000 }),
    signerName: leaf(one(signer, 'FullName'), 'SignerInfo/FullName', { required: false, max: LIMITS.name }),
    priority: PRIORITY_OF[priority]!,
    dueDate: dueDate || null,
    steeringType: Number(steering),
    toPlaces: places.map((p, i) => leaf(p, `ToPlaces/Place[${i + 1}]`, { max: LIMITS.name })),
    pageAmount: Number(pages),
    dossier,
    sentAt,
    attachments,
  };
}

function readStatus(header: XmlElement, attachments: Attachment[]): StatusMessage {
  const m = shape(header, ['ResponseFor', 'From', 'StatusCode', 'Description?', 'Timestamp', 'StaffInfo?'], 'Status');
  const r = shape(one(m, 'ResponseFor')!, ['OrganId', 'Code?', 'PromulgationDate?', 'DocumentId'], 'ResponseFor');
  const documentId = leaf(one(r, 'DocumentId'), 'ResponseFor/DocumentId', { max: 36 });
  if (!isUuid(documentId)) malformed('ResponseFor/DocumentId invalid');
  const promulgationDate = leaf(one(r, 'PromulgationDate'), 'ResponseFor/PromulgationDate', { required: false, max: 10 });
  if (promulgationDate && !validDate(promulgationDate)) malformed('ResponseFor/PromulgationDate invalid');
  const statusCode = leaf(one(m, 'StatusCode'), 'Status/StatusCode', { max: 2 });
  if (!isStatusCode(statusCode)) return malformed('Status/StatusCode unknown');
  const timestamp = leaf(one(m, 'Timestamp'), 'Status/Timestamp', { max: 40, pattern: INSTANT });
  if (Number.isNaN(Date.parse(timestamp))) malformed('Status/Timestamp invalid');
  const staff = one(m, 'StaffInfo') ? shape(one(m, 'StaffInfo')!, ['Department?', 'Staff?'], 'StaffInfo') : new Map<string, XmlElement[]>();
  return {
    kind: 'status',
    responseFor: {
      organId: leaf(one(r, 'OrganId'), 'ResponseFor/OrganId', { max: 64, pattern: ORGAN_ID }),
      documentId: documentId.toLowerCase(),
      code: leaf(one(r, 'Code'), 'ResponseFor/Code', { required: false, max: 80 }),
      promulgationDate,
    },
    from: readOrgan(one(m, 'From')!, 'Status/From'),
    statusCode,
    description: leaf(one(m, 'Description'), 'Status/Description', { required: false }),
    staffName: leaf(one(staff, 'Staff'), 'StaffInfo/Staff', { required: false, max: LIMITS.name }),
    department: leaf(one(staff, 'Department'), 'StaffInfo/Department', { required: false, max: LIMITS.name }),
    timestamp,
    attachments,
  };
}

/**
 * Parses an envelope strictly. Throws only EnvelopeRefusal: 'too_large' beyond the limit, 'malformed' for anything
 * else that is not exactly the shape above (bad XML, a DTD or entity, an unknown or missing element, a bad value).
 * The signature is returned, not checked (the sender's key is the service's to find).
 */
export function parseEnvelope(input: string, maxChars: number = LIMITS.maxEnvelopeChars): ParsedEnvelope {
  if (input.length > maxChars) throw new EnvelopeRefusal('too_large', `envelope larger than ${maxChars} characters`);
  let root: XmlElement;
  try {
    root = parseXml(input, { maxChars, maxDepth: 12, maxElements: 2000 });
  } catch (error) {
    if (error instanceof XmlRefusal) throw new EnvelopeRefusal('malformed', `XML ${error.reason} at ${error.at}`);
    throw error;
  }
  if (root.ns !== EDXML_NS || root.name !== 'edXMLEnvelope') malformed('root is not edXML:edXMLEnvelope');
  const top = shape(root, ['edXMLHeader', 'edXMLBody'], 'edXMLEnvelope');
  const header = one(top, 'edXMLHeader')!;
  const first = header.children[0];
  const kind = first?.ns === EDXML_NS && first.name === 'Status' ? 'Status' : 'MessageHeader';
  const h = shape(header, [kind, 'TraceHeaderList', 'Signature'], 'edXMLHeader');
  const trace = shape(one(h, 'TraceHeaderList')!, ['TraceHeader+'], 'TraceHeaderList').get('TraceHeader') ?? [];
  if (trace.length > 20) malformed('TraceHeaderList: too many');
  const firstTrace = shape(trace[0]!, ['OrganId', 'Timestamp'], 'TraceHeader');
  const sentAt = leaf(one(firstTrace, 'Timestamp'), 'TraceHeader/Timestamp', { max: 40, pattern: INSTANT });
  if (Number.isNaN(Date.parse(sentAt))) malformed('TraceHeader/Timestamp invalid');
  const sig = shape(one(h, 'Signature')!, ['SignatureMethod', 'KeyInfo', 'SignatureValue'], 'Signature');
  const keyName = leaf(one(shape(one(sig, 'KeyInfo')!, ['KeyName'], 'KeyInfo'), 'KeyName'), 'KeyInfo/KeyName', { max: 64, pattern: ORGAN_ID });
  const method = leaf(one(sig, 'SignatureMethod'), 'Signature/SignatureMethod', { max: 40 });
  const value = leaf(one(sig, 'SignatureValue'), 'Signature/SignatureValue', { max: 2000 }).replace(/\s/g, '');
  if (!BASE64.test(value)) malformed('Signature/SignatureValue not base64');
  const attachments = readAttachments(one(top, 'edXMLBody')!);
  const message = kind === 'Status' ? readStatus(one(h, 'Status')!, attachments) : readPackage(one(h, 'MessageHeader')!, sentAt, attachments);
  const traceOrgan = leaf(one(firstTrace, 'OrganId'), 'TraceHeader/OrganId', { max: 64, pattern: ORGAN_ID });
  if (traceOrgan !== message.from.organId || keyName !== message.from.organId) malformed('the sender, the trace and the key name differ');
  // The signed bytes: the envelope re-written canonically without its Signature.
  header.children = header.children.filter((c) => !(c.ns === EDXML_NS && c.name === 'Signature'));
  return { message, signature: { method, keyName, value }, signedBytes: Buffer.from(text(root), 'utf8') };
}

/** Checks a message against the limits the parser applies (the builder's guard). */
function checkMessage(message: EdxmlMessage): void {
  const organs = message.kind === 'package' ? [message.from, ...message.to] : [message.from];
  for (const o of organs) {
    if (!ORGAN_ID.test(o.organId)) malformed(`OrganId ${o.organId} invalid`);
    if (!o.organName.trim() || o.organName.length > LIMITS.name) malformed('OrganName invalid');
  }
  if (message.attachments.length > LIMITS.maxAttachments) malformed('too many attachments');
  for (const a of message.attachments) {
    if (!CONTENT_ID.test(a.contentId) || !(CONTENT_TYPES as readonly string[]).includes(a.contentType) || !a.name.trim() || /[/\\]/.test(a.name) || a.bytes.length === 0) malformed(`attachment ${a.contentId} invalid`);
  }
  if (message.kind === 'package') {
    if (!message.to.length || message.to.length > LIMITS.maxRecipients) malformed('recipients');
    if (!isUuid(message.documentId)) malformed('DocumentId');
    if (!validDate(message.promulgationDate) || (message.dueDate && !validDate(message.dueDate))) malformed('dates');
    if (!/^[0-9]{1,10}$/.test(message.codeNumber) || !message.codeNotation.trim() || !message.subject.trim() || !message.place.trim() || !message.typeName.trim()) malformed('header fields');
  } else if (!isUuid(message.responseFor.documentId) || !INSTANT.test(message.timestamp)) malformed('status fields');
}
