// Incoming documents (văn bản đến; issue 19): the pure rules — the metadata check (Decree 30/2020 Appendix IV),
// the workflow (registered → routed → assigned → in progress → closed | answered) as a table, the deadline check
// (a date not before today, or working days counted by the calendar), who may open a confidential document, the
// search text, the reminder kind and on-time handling. No I/O, no clock: the service passes `today` and `now`.
import type { FieldError } from '../../core/errors.ts';
import { foldVietnamese } from '../../core/text.ts';
import { isIsoDate } from '../../core/time.ts';
import type { IncomingAssigneeRole, IncomingStatus, Role } from '../../db/schema.ts';
import {
  isConfidentiality,
  isDocumentType,
  isUrgency,
  normaliseNumberSymbol,
  type Confidentiality,
  type DocumentTypeCode,
  type Urgency,
} from '../kernel/official-document.ts';

/** Who works with an agency's incoming documents (reads its register). */
export const INCOMING_ROLES: readonly Role[] = ['receptionist', 'specialist', 'department_head', 'agency_leader', 'admin'];
/**
 * The clerk (văn thư) who registers, routes and files documents: the one-stop receptionist (who also keeps the
 * agency's register of documents) or the administrator.
 */
export const CLERK_ROLES: readonly Role[] = ['receptionist', 'admin'];
/** Who a document is routed to and who assigns it: the agency's leader, or a department head. */
export const LEADER_ROLES: readonly Role[] = ['agency_leader', 'department_head'];
/** Who may be assigned: the back-office staff of the agency. */
export const ASSIGNEE_ROLES: readonly Role[] = ['specialist', 'department_head', 'agency_leader', 'receptionist'];
/** Reports: the readers of the register and the inspector. */
export const REPORT_ROLES: readonly Role[] = [...INCOMING_ROLES, 'inspector'];

export const STATUSES: readonly IncomingStatus[] = ['registered', 'routed', 'assigned', 'in_progress', 'closed', 'answered'];
export const OPEN_STATUSES: readonly IncomingStatus[] = ['registered', 'routed', 'assigned', 'in_progress'];

export const MAX_EXCERPT = 2000;
export const MAX_ISSUER = 300;
export const MAX_OPINION = 4000;
export const MAX_FILES = 10;
/** Characters of a document's extracted text kept for search (folded). */
export const MAX_FULL_TEXT = 200_000;
/** A reminder this many working days before the deadline. */
export const REMIND_WORKING_DAYS = 1;

export type IncomingAction = 'route' | 'assign' | 'opinion' | 'close' | 'answer';
export const ACTIONS: readonly IncomingAction[] = ['route', 'assign', 'opinion', 'close', 'answer'];

/** The workflow: from which statuses each action may be taken, and the status it leads to. */
export const TRANSITIONS: Record<IncomingAction, { from: readonly IncomingStatus[]; to: IncomingStatus | null }> = {
  route: { from: ['registered', 'routed'], to: 'routed' },
  assign: { from: ['registered', 'routed', 'assigned', 'in_progress'], to: 'assigned' },
  // An opinion moves an assigned document into progress; later opinions keep it there.
  opinion: { from: ['assigned', 'in_progress'], to: 'in_progress' },
  close: { from: ['registered', 'routed', 'assigned', 'in_progress'], to: 'closed' },
  answer: { from: ['registered', 'routed', 'assigned', 'in_progress'], to: 'answered' },
};

/**
 * The outbox topic the module announces its documents' workflow events on, in each action's transaction (payload
 * `StatusAnnouncement`): whoever cares subscribes (the document exchange tells a package's sender).
 */
export const STATUS_TOPIC = 'incoming.status';

/** The events announced: the history kinds of the workflow. */
export type AnnouncedEvent = 'registered' | 'routed' | 'assigned' | 'reassigned' | 'opinion' | 'closed' | 'answered';

/** The history kind (and announced event) of an action taken from `status`: an assignment of an assigned document is a reassignment. */
export function eventOf(action: Exclude<IncomingAction, 'answer'>, status: IncomingStatus): AnnouncedEvent {
  if (action === 'route') return 'routed';
  if (action === 'assign') return status === 'assigned' || status === 'in_progress' ? 'reassigned' : 'assigned';
  if (action === 'close') return 'closed';
  return 'opinion';
}

export interface StatusAnnouncement {
  documentId: string;
  agencyId: string;
  event: AnnouncedEvent;
  /** ISO instant of the event. */
  at: string;
  channel: 'paper' | 'electronic';
  /** An electronic receipt's sender identifier and package id (null on paper). */
  senderCode: string | null;
  packageId: string | null;
  number: number;
  year: number;
  /** ISO instant of the handling deadline, when one is set. */
  deadlineAt: string | null;
}

export function isAction(value: string): value is IncomingAction {
  return (ACTIONS as readonly string[]).includes(value);
}

/** The status after `action` from `status`, or null when the workflow does not allow it. */
export function transition(status: IncomingStatus, action: IncomingAction): IncomingStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(status) ? t.to : null;
}

export interface Participants {
  registeredBy: string | null;
  leaderId: string | null;
  assignees: ReadonlyArray<{ accountId: string; role: IncomingAssigneeRole }>;
}

/** Whether `accountId` is one of the people a document concerns: its clerk, its leader, an assignee. */
export function isParticipant(accountId: string, p: Participants): boolean {
  return p.registeredBy === accountId || p.leaderId === accountId || p.assignees.some((a) => a.accountId === accountId);
}

/**
 * Whether a reader of the agency's register may open the document: every one for an unclassified document; for a
 * confidential one (any mark but `none`) only its participants — the others are told it does not exist.
 */
export function mayOpen(confidentiality: Confidentiality, accountId: string, p: Participants): boolean {
  return confidentiality === 'none' || isParticipant(accountId, p);
}

/**
 * Who may take `action` (the service checks the agency scope and the workflow before): route and close — the clerk
 * (or the leader); assign — the leader it was routed to, or any leader role of the agency; opinion — the leader and
 * the assignees; answer — anyone of the agency who may read it (the outgoing module checks its own rights).
 */
export function mayAct(
  action: IncomingAction,
  who: { accountId: string; clerk: boolean; leader: boolean },
  p: Participants,
): boolean {
  const assignee = p.assignees.some((a) => a.accountId === who.accountId);
  const lead = p.assignees.some((a) => a.accountId === who.accountId && a.role === 'lead');
  switch (action) {
    case 'route':
      return who.clerk;
    case 'assign':
      return p.leaderId === who.accountId || who.leader;
    case 'opinion':
      return assignee || p.leaderId === who.accountId || who.leader;
    case 'close':
      return who.clerk || lead || p.leaderId === who.accountId || who.leader;
    case 'answer':
      return true;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------------------------------------------

export interface MetadataInput {
  issuer?: unknown;
  numberSymbol?: unknown;
  issuedOn?: unknown;
  docType?: unknown;
  excerpt?: unknown;
  urgency?: unknown;
  confidentiality?: unknown;
  pageCount?: unknown;
  signer?: unknown;
}

export interface Metadata {
  issuer: string;
  issuerFolded: string;
  numberSymbol: string;
  numberSymbolNorm: string;
  issuedOn: string;
  docType: DocumentTypeCode;
  excerpt: string;
  urgency: Urgency;
  confidentiality: Confidentiality;
  pageCount: number | null;
  signer: string | null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim() : '';
}

/**
 * Checks the metadata the clerk typed (or an electronic package carried). `today` (yyyy-mm-dd, Vietnam) bounds
 * the document's date: a document is not received before it is issued.
 */
export function checkMetadata(input: MetadataInput, today: string): { value: Metadata | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const issuer = text(input.issuer).replace(/\s+/g, ' ');
  if (!issuer) errors.push({ path: '/issuer', code: 'INCOMING_ISSUER_REQUIRED' });
  else if (issuer.length > MAX_ISSUER) errors.push({ path: '/issuer', code: 'INCOMING_TOO_LONG', params: { max: MAX_ISSUER } });
  const numberSymbolText = text(input.numberSymbol);
  const norm = numberSymbolText.length <= 60 ? normaliseNumberSymbol(numberSymbolText) : null;
  if (!norm) errors.push({ path: '/numberSymbol', code: 'INCOMING_NUMBER_SYMBOL_INVALID' });
  const issuedOn = text(input.issuedOn);
  if (!isIsoDate(issuedOn)) errors.push({ path: '/issuedOn', code: 'INCOMING_DATE_INVALID' });
  else if (issuedOn > today) errors.push({ path: '/issuedOn', code: 'INCOMING_DATE_FUTURE' });
  const docType = text(input.docType);
  if (!isDocumentType(docType)) errors.push({ path: '/docType', code: 'INCOMING_TYPE_INVALID' });
  const excerpt = text(input.excerpt);
  if (!excerpt) errors.push({ path: '/excerpt', code: 'INCOMING_EXCERPT_REQUIRED' });
  else if (excerpt.length > MAX_EXCERPT) errors.push({ path: '/excerpt', code: 'INCOMING_TOO_LONG', params: { max: MAX_EXCERPT } });
  const urgency = text(input.urgency) || 'normal';
  if (!isUrgency(urgency)) errors.push({ path: '/urgency', code: 'INCOMING_URGENCY_INVALID' });
  const confidentiality = text(input.confidentiality) || 'none';
  if (!isConfidentiality(confidentiality)) errors.push({ path: '/confidentiality', code: 'INCOMING_CONFIDENTIALITY_INVALID' });
  let pageCount: number | null = null;
  const pages = typeof input.pageCount === 'number' ? String(input.pageCount) : text(input.pageCount);
  if (pages) {
    if (!/^\d{1,6}$/.test(pages) || Number(pages) < 1 || Number(pages) > 100_000) errors.push({ path: '/pageCount', code: 'INCOMING_PAGES_INVALID' });
    else pageCount = Number(pages);
  }
  const signer = text(input.signer).replace(/\s+/g, ' ');
  if (signer.length > 200) errors.push({ path: '/signer', code: 'INCOMING_TOO_LONG', params: { max: 200 } });
  if (errors.length) return { value: null, errors };
  return {
    value: {
      issuer,
      issuerFolded: foldVietnamese(issuer),
      numberSymbol: numberSymbolText.replace(/\s+/g, ''),
      numberSymbolNorm: norm!,
      issuedOn,
      docType: docType as DocumentTypeCode,
      excerpt,
      urgency: urgency as Urgency,
      confidentiality: confidentiality as Confidentiality,
      pageCount,
      signer: signer || null,
    },
    errors,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Deadline
// ---------------------------------------------------------------------------------------------------------------

/** Working days to handle a document when the leader names no deadline, by urgency. */
export const DEFAULT_WORKING_DAYS: Record<Urgency, number> = { flash: 1, very_urgent: 2, urgent: 3, normal: 10 };

export type DeadlineChoice = { kind: 'date'; day: string } | { kind: 'workingDays'; days: number };

/**
 * The deadline the leader gives: a date (yyyy-mm-dd) not before `today`, or a number of working days (1–365;
 * the calendar counts them), or neither (the urgency's default). A date already past is refused
 * (INCOMING_DEADLINE_PAST, naming the field): an assignment that is overdue from the start is a mistake.
 */
export function checkDeadline(input: { deadline?: unknown; workingDays?: unknown }, urgency: Urgency, today: string): { value: DeadlineChoice | null; errors: FieldError[] } {
  const day = text(input.deadline);
  const daysText = typeof input.workingDays === 'number' ? String(input.workingDays) : text(input.workingDays);
  if (day && daysText) return { value: null, errors: [{ path: '/workingDays', code: 'INCOMING_DEADLINE_ONE' }] };
  if (day) {
    if (!isIsoDate(day)) return { value: null, errors: [{ path: '/deadline', code: 'INCOMING_DATE_INVALID' }] };
    if (day < today) return { value: null, errors: [{ path: '/deadline', code: 'INCOMING_DEADLINE_PAST', params: { today: today.split('-').reverse().join('/') } }] };
    return { value: { kind: 'date', day }, errors: [] };
  }
  if (daysText) {
    if (!/^\d{1,3}$/.test(daysText) || Number(daysText) < 1 || Number(daysText) > 365) return { value: null, errors: [{ path: '/workingDays', code: 'INCOMING_WORKING_DAYS_INVALID' }] };
    return { value: { kind: 'workingDays', days: Number(daysText) }, errors: [] };
  }
  return { value: { kind: 'workingDays', days: DEFAULT_WORKING_DAYS[urgency] }, errors: [] };
}

/** Whether an open document is past its deadline at `now`. */
export function isOverdue(row: { status: IncomingStatus; deadline_at: Date | null }, now: Date): boolean {
  return (row.status === 'assigned' || row.status === 'in_progress') && row.deadline_at !== null && row.deadline_at.getTime() < now.getTime();
}

/** Whether a handled document was handled by its deadline (null: no deadline or not handled yet). */
export function handledOnTime(closedAt: Date | null, deadlineAt: Date | null): boolean | null {
  if (!closedAt || !deadlineAt) return null;
  return closedAt.getTime() <= deadlineAt.getTime();
}

/**
 * The reminder an open assigned document needs at `now`: 'overdue' once past its deadline (once), 'due_soon' when
 * the deadline falls before `soon` (REMIND_WORKING_DAYS working days ahead; once); else null.
 */
export function reminderKind(
  row: { status: IncomingStatus; deadline_at: Date | null; reminded_at: Date | null; overdue_notified_at: Date | null },
  now: Date,
  soon: Date,
): 'due_soon' | 'overdue' | null {
  if ((row.status !== 'assigned' && row.status !== 'in_progress') || !row.deadline_at) return null;
  if (row.deadline_at.getTime() < now.getTime()) return row.overdue_notified_at ? null : 'overdue';
  if (row.deadline_at.getTime() <= soon.getTime() && !row.reminded_at) return 'due_soon';
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Assignment input
// ---------------------------------------------------------------------------------------------------------------

/** Ids of a multi-valued field (a list or one value), unique, uuid-shaped only (others are dropped by the caller). */
export function idList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' && value ? [value] : [];
  return [...new Set(list.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean))].slice(0, 50);
}

/**
 * The assignees of an assignment: one lead; co-ordinating and for-information people, a person in one role only
 * (the lead wins, then co-ordination). Errors name the field.
 */
export function assignees(input: { leadId?: unknown; coordinateIds?: unknown; informIds?: unknown }): { value: Array<{ accountId: string; role: IncomingAssigneeRole }>; errors: FieldError[] } {
  const lead = typeof input.leadId === 'string' ? input.leadId.trim() : '';
  if (!lead) return { value: [], errors: [{ path: '/leadId', code: 'INCOMING_LEAD_REQUIRED' }] };
  const seen = new Set([lead]);
  const out: Array<{ accountId: string; role: IncomingAssigneeRole }> = [{ accountId: lead, role: 'lead' }];
  for (const [role, list] of [['coordinate', idList(input.coordinateIds)], ['inform', idList(input.informIds)]] as const) {
    for (const id of list) {
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ accountId: id, role });
    }
  }
  return { value: out, errors: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------------------------

/** The accent-free search text of a document: its number, every metadata field and the files' text (bounded). */
export function buildSearchText(parts: Array<string | number | null | undefined>, fullText = ''): string {
  const head = foldVietnamese(parts.filter((p) => p !== null && p !== undefined && p !== '').join(' '));
  const body = fullText ? foldVietnamese(fullText.slice(0, MAX_FULL_TEXT * 2)).slice(0, MAX_FULL_TEXT) : '';
  return body ? `${head} ${body}` : head;
}

/** The words of a search, folded (at most 8). */
export function searchWords(query: string | undefined): string[] {
  return foldVietnamese(query ?? '')
    .split(' ')
    .filter((w) => w.length > 0)
    .slice(0, 8);
}
