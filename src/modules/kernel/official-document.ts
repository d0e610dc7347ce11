// The official-document kernel (issue 19): the pure vocabulary the e-office modules share — incoming documents,
// outgoing documents, the national document exchange (edXML) and invitations — per Decree 30/2020/ND-CP on
// clerical work (công tác văn thư): the document types and their abbreviations (Appendix III), urgency, the
// confidentiality marks of the Law on the protection of state secrets (2018), the number-and-symbol and its
// check. Like dossier.ts it imports no other module, so incoming, outgoing, docexchange and meetings can all depend
// on it without an import cycle.
import { registerMessages } from '../../core/i18n.ts';

// ---------------------------------------------------------------------------------------------
// Document types (Decree 30/2020, Article 7 and Appendix III)
// ---------------------------------------------------------------------------------------------

export interface DocumentType {
  vi: string;
  en: string;
  /** The abbreviation in the number-and-symbol ("QĐ" in 12/QĐ-UBND); null: an official letter (công văn), whose
   *  symbol is the issuer's and the drafting unit's abbreviations (12/UBND-VP). */
  abbreviation: string | null;
}

export const DOCUMENT_TYPES = {
  resolution: { vi: 'Nghị quyết', en: 'Resolution', abbreviation: 'NQ' },
  decision: { vi: 'Quyết định', en: 'Decision', abbreviation: 'QĐ' },
  directive: { vi: 'Chỉ thị', en: 'Directive', abbreviation: 'CT' },
  regulation: { vi: 'Quy chế', en: 'Regulation', abbreviation: 'QC' },
  rule: { vi: 'Quy định', en: 'Rule', abbreviation: 'QyĐ' },
  communique: { vi: 'Thông cáo', en: 'Communiqué', abbreviation: 'TC' },
  notice: { vi: 'Thông báo', en: 'Notice', abbreviation: 'TB' },
  guidance: { vi: 'Hướng dẫn', en: 'Guidance', abbreviation: 'HD' },
  programme: { vi: 'Chương trình', en: 'Programme', abbreviation: 'CTr' },
  plan: { vi: 'Kế hoạch', en: 'Plan', abbreviation: 'KH' },
  scheme: { vi: 'Phương án', en: 'Scheme', abbreviation: 'PA' },
  proposal: { vi: 'Đề án', en: 'Proposal', abbreviation: 'ĐA' },
  project: { vi: 'Dự án', en: 'Project', abbreviation: 'DA' },
  report: { vi: 'Báo cáo', en: 'Report', abbreviation: 'BC' },
  minutes: { vi: 'Biên bản', en: 'Minutes', abbreviation: 'BB' },
  submission: { vi: 'Tờ trình', en: 'Submission', abbreviation: 'TTr' },
  contract: { vi: 'Hợp đồng', en: 'Contract', abbreviation: 'HĐ' },
  official_letter: { vi: 'Công văn', en: 'Official letter', abbreviation: null },
  dispatch: { vi: 'Công điện', en: 'Official dispatch', abbreviation: 'CĐ' },
  memorandum: { vi: 'Bản ghi nhớ', en: 'Memorandum of understanding', abbreviation: 'BGN' },
  agreement: { vi: 'Bản thỏa thuận', en: 'Agreement', abbreviation: 'BTT' },
  power_of_attorney: { vi: 'Giấy ủy quyền', en: 'Power of attorney', abbreviation: 'GUQ' },
  invitation: { vi: 'Giấy mời', en: 'Invitation', abbreviation: 'GM' },
  introduction: { vi: 'Giấy giới thiệu', en: 'Letter of introduction', abbreviation: 'GGT' },
  leave: { vi: 'Giấy nghỉ phép', en: 'Leave permit', abbreviation: 'GNP' },
  dispatch_slip: { vi: 'Phiếu gửi', en: 'Dispatch slip', abbreviation: 'PG' },
  transfer_slip: { vi: 'Phiếu chuyển', en: 'Transfer slip', abbreviation: 'PC' },
  notice_slip: { vi: 'Phiếu báo', en: 'Notice slip', abbreviation: 'PB' },
} as const satisfies Record<string, DocumentType>;

export type DocumentTypeCode = keyof typeof DOCUMENT_TYPES;
export const DOCUMENT_TYPE_CODES = Object.keys(DOCUMENT_TYPES) as DocumentTypeCode[];

export function isDocumentType(value: string): value is DocumentTypeCode {
  return Object.prototype.hasOwnProperty.call(DOCUMENT_TYPES, value);
}

// ---------------------------------------------------------------------------------------------
// Urgency (mức độ khẩn, Decree 30 Appendix I) and confidentiality (độ mật, Law 29/2018/QH14)
// ---------------------------------------------------------------------------------------------

export const URGENCIES = {
  normal: { vi: 'Thường', en: 'Normal' },
  urgent: { vi: 'Khẩn', en: 'Urgent' },
  very_urgent: { vi: 'Thượng khẩn', en: 'Very urgent' },
  flash: { vi: 'Hỏa tốc', en: 'Flash' },
} as const;
export type Urgency = keyof typeof URGENCIES;
export const URGENCY_CODES = Object.keys(URGENCIES) as Urgency[];

/** Confidentiality: a document marked other than `none` is opened only by the people it is assigned to (and the
 *  clerk who registered it and the leader it is routed to). */
export const CONFIDENTIALITIES = {
  none: { vi: 'Thường', en: 'Not classified' },
  confidential: { vi: 'Mật', en: 'Confidential' },
  secret: { vi: 'Tối mật', en: 'Secret' },
  top_secret: { vi: 'Tuyệt mật', en: 'Top secret' },
} as const;
export type Confidentiality = keyof typeof CONFIDENTIALITIES;
export const CONFIDENTIALITY_CODES = Object.keys(CONFIDENTIALITIES) as Confidentiality[];

export function isUrgency(value: string): value is Urgency {
  return Object.prototype.hasOwnProperty.call(URGENCIES, value);
}
export function isConfidentiality(value: string): value is Confidentiality {
  return Object.prototype.hasOwnProperty.call(CONFIDENTIALITIES, value);
}

// Labels as messages (`document.type.x`, `document.urgency.x`, `document.confidentiality.x`).
function labels(prefix: string, table: Record<string, { vi: string; en: string }>, locale: 'vi' | 'en') {
  return Object.fromEntries(Object.entries(table).map(([code, label]) => [`${prefix}.${code}`, label[locale]]));
}
registerMessages({
  vi: {
    ...labels('document.type', DOCUMENT_TYPES, 'vi'),
    ...labels('document.urgency', URGENCIES, 'vi'),
    ...labels('document.confidentiality', CONFIDENTIALITIES, 'vi'),
  },
  en: {
    ...labels('document.type', DOCUMENT_TYPES, 'en'),
    ...labels('document.urgency', URGENCIES, 'en'),
    ...labels('document.confidentiality', CONFIDENTIALITIES, 'en'),
  },
});

// ---------------------------------------------------------------------------------------------
// Number and symbol (số, ký hiệu — Decree 30 Appendix I §II.3)
// ---------------------------------------------------------------------------------------------

/** Abbreviations are letters (Vietnamese capitals included) and digits, with inner hyphens: UBND, SVHTTDL, VP, P.TCHC is not. */
const ABBREVIATION = /^[0-9A-ZĐÀ-Ỹ]{1,12}(?:-[0-9A-ZĐÀ-Ỹ]{1,12}){0,2}$/u;

export function isAbbreviation(value: string): boolean {
  return ABBREVIATION.test(value.normalize('NFC'));
}

/**
 * The number-and-symbol of a document issued by us: "12/QĐ-UBND" for a typed document, "12/UBND-VP" for an
 * official letter (the drafting unit's abbreviation; without one, "12/UBND"). Numbers below 10 are written with a
 * leading zero ("05/QĐ-UBND"), as Decree 30 asks.
 */
export function numberSymbol(input: {
  number: number;
  type: DocumentTypeCode;
  issuer: string;
  unit?: string | null | undefined;
}): string {
  const number = input.number < 10 ? `0${input.number}` : String(input.number);
  const abbreviation = DOCUMENT_TYPES[input.type].abbreviation;
  if (abbreviation) return `${number}/${abbreviation}-${input.issuer}`;
  return input.unit ? `${number}/${input.issuer}-${input.unit}` : `${number}/${input.issuer}`;
}

/**
 * A received document's number-and-symbol as typed by the clerk, normalised for comparison (duplicate registration:
 * same issuer, number-and-symbol and date): NFC, spaces removed, upper case. Null when it is not of the form
 * "number/symbol", or "number/year/symbol" as legal documents (30/2020/NĐ-CP) and many companies write it.
 */
export function normaliseNumberSymbol(value: string): string | null {
  const compact = value.normalize('NFC').replace(/\s+/gu, '').toUpperCase();
  return /^[0-9]{1,7}(?:\/[0-9]{4})?\/[0-9A-ZĐÀ-Ỹ.&]{1,20}(?:-[0-9A-ZĐÀ-Ỹ.&]{1,20}){0,4}$/u.test(compact) ? compact : null;
}
