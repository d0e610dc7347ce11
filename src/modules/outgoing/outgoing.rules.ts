// Outgoing official documents (văn bản đi; issue 19, Decree 30/2020/ND-CP): the pure rules. The life cycle
// (draft → in review along the approval chain → approved → issued; a reviewer may return it with a comment, the
// drafter edits and submits again), who may review a step, the draft's checks, the default issuer abbreviation
// and the date line of the national layout. No I/O, no clock.
import type { FieldError } from '../../core/errors.ts';
import { vietnamDate } from '../../core/time.ts';
import { isConfidentiality, isDocumentType, isUrgency, type Confidentiality, type DocumentTypeCode, type Urgency } from '../kernel/official-document.ts';

export const OUTGOING_STATUSES = ['draft', 'in_review', 'returned', 'approved', 'issued'] as const;
export type OutgoingStatus = (typeof OUTGOING_STATUSES)[number];

/** Who drafts (and edits, submits) an outgoing document. */
export const DRAFT_ROLES = ['specialist', 'department_head', 'agency_leader'] as const;
/** Who reads an agency's outgoing documents besides those: the clerks (receptionist) and inspectors. */
export const READ_ROLES = ['receptionist', 'specialist', 'department_head', 'agency_leader', 'inspector', 'admin'] as const;
/** Roles a chain step may name; the signer is picked among the agency's leaders. */
export const CHAIN_ROLES = ['specialist', 'department_head', 'agency_leader'] as const;
export type ChainRole = (typeof CHAIN_ROLES)[number];
/** Who edits an agency's approval chains. */
export const CHAIN_EDIT_ROLES = ['agency_leader', 'admin'] as const;
export const MAX_CHAIN_STEPS = 10;
export const MAX_RECIPIENTS = 50;

export type ChainStep = { role: ChainRole } | { accountId: string; name: string };

export type OutgoingAction = 'submit' | 'approve' | 'return' | 'issue';

export interface CycleState {
  status: OutgoingStatus;
  /** The step reviewing now (1-based) while in review. */
  step: number | null;
  /** The number of steps of the chain copied at submission (or the agency's chain at submit time). */
  chainLength: number;
}

export type Decision = { ok: true; status: OutgoingStatus; step: number | null } | { ok: false; code: 'OUTGOING_STATE' | 'OUTGOING_ALREADY_ISSUED' };

/**
 * The approval chain's state machine. submit: a draft or a returned document goes to the chain's first step (or
 * straight to approved when the chain is empty); approve: the next step, or approved after the last; return:
 * back to the drafter; issue: only an approved document, once (409 OUTGOING_ALREADY_ISSUED after).
 */
export function decide(state: CycleState, action: OutgoingAction): Decision {
  const refuse = (): Decision => ({ ok: false, code: state.status === 'issued' ? 'OUTGOING_ALREADY_ISSUED' : 'OUTGOING_STATE' });
  switch (action) {
    case 'submit':
      if (state.status !== 'draft' && state.status !== 'returned') return refuse();
      return state.chainLength > 0 ? { ok: true, status: 'in_review', step: 1 } : { ok: true, status: 'approved', step: null };
    case 'approve':
      if (state.status !== 'in_review' || state.step === null) return refuse();
      return state.step < state.chainLength ? { ok: true, status: 'in_review', step: state.step + 1 } : { ok: true, status: 'approved', step: null };
    case 'return':
      if (state.status !== 'in_review') return refuse();
      return { ok: true, status: 'returned', step: null };
    case 'issue':
      if (state.status !== 'approved') return refuse();
      return { ok: true, status: 'issued', step: null };
  }
}

/** Whether a document in this status may still be edited by its drafter. */
export function editable(status: OutgoingStatus): boolean {
  return status === 'draft' || status === 'returned';
}

/** Whether the actor is the reviewer of a chain step: the named person, or someone holding the role on the agency. */
export function isReviewer(step: ChainStep | undefined, actor: { id: string; roles: ReadonlySet<string> }): boolean {
  if (!step) return false;
  return 'role' in step ? actor.roles.has(step.role) : step.accountId === actor.id;
}

// ---------------------------------------------------------------------------------------------
// Drafting input
// ---------------------------------------------------------------------------------------------

export interface RecipientInput {
  /** An agency of OpenDVC (its code), or an outside addressee by name and address. */
  agencyCode?: string | undefined;
  name?: string | undefined;
  address?: string | undefined;
}

export interface DraftFields {
  docType: string;
  excerpt: string;
  body: string;
  place: string;
  urgency?: string | undefined;
  confidentiality?: string | undefined;
  issuerAbbreviation: string;
  unitAbbreviation?: string | undefined;
  signerId: string;
  signerTitle: string;
}

export interface CheckedDraft {
  docType: DocumentTypeCode;
  excerpt: string;
  body: string;
  place: string;
  urgency: Urgency;
  confidentiality: Confidentiality;
  issuerAbbreviation: string;
  unitAbbreviation: string | null;
  signerId: string;
  signerTitle: string;
}

const ABBREVIATION = /^[0-9A-ZĐÀ-Ỹ]{1,12}(?:[-.][0-9A-ZĐÀ-Ỹ]{1,12}){0,2}$/u;

/** The draft's fields checked: trimmed, lengths, known codes; every problem with its path. */
export function checkDraft(input: DraftFields): { value: CheckedDraft | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const text = (v: unknown) => (typeof v === 'string' ? v.normalize('NFC').trim() : '');
  const docType = text(input.docType);
  if (!isDocumentType(docType)) errors.push({ path: '/docType', code: 'OUTGOING_TYPE_INVALID' });
  const excerpt = text(input.excerpt);
  if (!excerpt) errors.push({ path: '/excerpt', code: 'required' });
  else if (excerpt.length > 1000) errors.push({ path: '/excerpt', code: 'maxLength', params: { limit: 1000 } });
  const body = text(input.body);
  if (body.length > 20000) errors.push({ path: '/body', code: 'maxLength', params: { limit: 20000 } });
  const place = text(input.place);
  if (!place) errors.push({ path: '/place', code: 'required' });
  else if (place.length > 100) errors.push({ path: '/place', code: 'maxLength', params: { limit: 100 } });
  const urgency = text(input.urgency) || 'normal';
  if (!isUrgency(urgency)) errors.push({ path: '/urgency', code: 'OUTGOING_VALUE_INVALID' });
  const confidentiality = text(input.confidentiality) || 'none';
  if (!isConfidentiality(confidentiality)) errors.push({ path: '/confidentiality', code: 'OUTGOING_VALUE_INVALID' });
  const issuer = text(input.issuerAbbreviation).toUpperCase();
  if (!ABBREVIATION.test(issuer)) errors.push({ path: '/issuerAbbreviation', code: 'OUTGOING_ABBREVIATION_INVALID' });
  const unit = text(input.unitAbbreviation).toUpperCase();
  if (unit && !ABBREVIATION.test(unit)) errors.push({ path: '/unitAbbreviation', code: 'OUTGOING_ABBREVIATION_INVALID' });
  const signerId = text(input.signerId);
  if (!signerId) errors.push({ path: '/signerId', code: 'required' });
  const signerTitle = text(input.signerTitle);
  if (!signerTitle) errors.push({ path: '/signerTitle', code: 'required' });
  else if (signerTitle.length > 200) errors.push({ path: '/signerTitle', code: 'maxLength', params: { limit: 200 } });
  if (errors.length) return { value: null, errors };
  return {
    value: {
      docType: docType as DocumentTypeCode,
      excerpt,
      body,
      place,
      urgency: urgency as Urgency,
      confidentiality: confidentiality as Confidentiality,
      issuerAbbreviation: issuer,
      unitAbbreviation: unit || null,
      signerId,
      signerTitle,
    },
    errors,
  };
}

export interface CheckedRecipient {
  /** The row's index in the input (error paths). */
  index: number;
  agencyCode: string | null;
  name: string;
  address: string | null;
}

/** Recipients: internal ones by agency code (named later from the agency), external ones need a name. */
export function checkRecipients(input: readonly RecipientInput[]): { value: CheckedRecipient[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const value: CheckedRecipient[] = [];
  const text = (v: unknown) => (typeof v === 'string' ? v.normalize('NFC').trim() : '');
  // Blank rows (the form's empty lines) are skipped; paths keep the row's index in the input.
  const rows = input.map((r, i) => ({ r, i })).filter(({ r }) => text(r.agencyCode) || text(r.name) || text(r.address));
  if (rows.length > MAX_RECIPIENTS) errors.push({ path: '/recipients', code: 'maxItems', params: { limit: MAX_RECIPIENTS } });
  rows.slice(0, MAX_RECIPIENTS).forEach(({ r, i }) => {
    const agencyCode = text(r.agencyCode);
    const name = text(r.name);
    const address = text(r.address);
    if (!agencyCode && !name) errors.push({ path: `/recipients/${i}/name`, code: 'required' });
    if (name.length > 300) errors.push({ path: `/recipients/${i}/name`, code: 'maxLength', params: { limit: 300 } });
    if (address.length > 500) errors.push({ path: `/recipients/${i}/address`, code: 'maxLength', params: { limit: 500 } });
    value.push({ index: i, agencyCode: agencyCode || null, name, address: address || null });
  });
  return { value, errors };
}

/** The chain's steps checked: at most MAX_CHAIN_STEPS, each a known role or a person id. */
export function checkChain(steps: ReadonlyArray<{ role?: string | undefined; accountId?: string | undefined }>): { value: Array<{ role: ChainRole } | { accountId: string }>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const value: Array<{ role: ChainRole } | { accountId: string }> = [];
  const rows = steps.filter((s) => (s.role ?? '').trim() || (s.accountId ?? '').trim());
  if (rows.length > MAX_CHAIN_STEPS) errors.push({ path: '/steps', code: 'maxItems', params: { limit: MAX_CHAIN_STEPS } });
  rows.slice(0, MAX_CHAIN_STEPS).forEach((s, i) => {
    const role = (s.role ?? '').trim();
    const accountId = (s.accountId ?? '').trim();
    if (accountId) value.push({ accountId });
    else if ((CHAIN_ROLES as readonly string[]).includes(role)) value.push({ role: role as ChainRole });
    else errors.push({ path: `/steps/${i}`, code: 'OUTGOING_VALUE_INVALID' });
  });
  return { value, errors };
}

/** The default abbreviation of an issuer: its short name when it is one, else the initials of its name (Cục Bản quyền tác giả → CBQTG). */
export function defaultIssuerAbbreviation(name: string, shortName: string | null): string {
  const short = (shortName ?? '').normalize('NFC').trim().toUpperCase();
  if (ABBREVIATION.test(short)) return short;
  const initials = name
    .normalize('NFC')
    .split(/[\s,]+/u)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase())
    .join('')
    .replace(/[^0-9A-ZĐÀ-Ỹ]/gu, '')
    .slice(0, 12);
  return initials || 'CQ';
}

/** The date line of the national layout: "Hà Nội, ngày 05 tháng 12 năm 2026" (Vietnam time). */
export function dateLine(place: string, at: Date): string {
  const [year, month, day] = vietnamDate(at).split('-');
  return `${place}, ngày ${day} tháng ${month} năm ${year}`;
}

/** The number-and-symbol left blank before issue: "Số:      /QĐ-CBQTG". */
export function blankNumberSymbol(abbreviation: string | null, issuer: string, unit: string | null): string {
  if (abbreviation) return `      /${abbreviation}-${issuer}`;
  return unit ? `      /${issuer}-${unit}` : `      /${issuer}`;
}
