// The dossier history as data: every writer of dossier_events stores what happened as a message key and its
// parameters (`dossier_events.message`, migration 0023) — dates as ISO strings, amounts as numbers, notes, reasons
// and step names as written — and `renderEvent` turns it into text in the reader's language when the history is
// shown (texts in timeline.messages.ts). Rows written before 0023 have only `content` (Vietnamese): shown as is.
// New rows still write `content` = the Vietnamese rendering (`eventContent`) for the readers of the text.
// Pure: no I/O, no clock. Imports no module (kernel).
import { translate, type Locale, type Params } from '../../core/i18n.ts';
import { formatTimestamp, formatVnd } from '../../core/text.ts';
import './timeline.messages.ts';

/** How the result is handed over (dossiers.return_method). */
export type TimelineReturnMethod = 'counter' | 'post' | 'online';

/** The parameters of every history message, by key. */
export type EventParams = {
  'timeline.submit': Record<string, never>;
  /** Submitted online when the fees charged before submission were paid (payments; the order's number). */
  'timeline.submitPaid': { orderNo: string };
  'timeline.intakeCounter': Record<string, never>;
  'timeline.intakePost': Record<string, never>;
  /** Delivered by the National Public Service Portal (channel 4): the portal's dossier code (MaHoSo). */
  'timeline.intakeNationalPortal': { nationalCode: string };
  'timeline.digitise': { document: string; file: string };
  'timeline.supplementFile': { document: string; file: string };
  /** appointment: ISO instant. */
  'timeline.accept': { appointment: string; note: string | null };
  /** Accepted, the procedure having no statutory time limit (migration 0038): no appointment. */
  'timeline.acceptNoTimeLimit': { note: string | null };
  'timeline.requestSupplement': { items: string[]; note: string | null };
  'timeline.refuse': { reasons: string[] };
  'timeline.forward': { step: string; department: string | null; note: string | null };
  'timeline.sendBack': { step: string; reason: string };
  'timeline.requestPayment': { amountVnd: number | null; note: string | null };
  'timeline.resume': { note: string | null };
  'timeline.respondSupplement': { note: string | null };
  /** appointment: ISO instant. */
  'timeline.apologise': { appointment: string; reason: string };
  'timeline.stop': { reason: string };
  'timeline.recordResult': { note: string | null };
  'timeline.returnResult': { method: TimelineReturnMethod; note: string | null };
  'timeline.withdraw': { reason: string | null };
  /** Postal (src/modules/postal): the applicant asked the post to carry the paper dossier (the tracking number). */
  'timeline.postalPickup': { trackingNumber: string };
  /** Postal: the paper dossier the post picked up reached the agency. */
  'timeline.postalArrived': { trackingNumber: string };
  /** Postal: the post failed to deliver the result; the return by post is undone (10 → 9), back to the counter. */
  'timeline.postalFailed': { trackingNumber: string; reason: string | null };
  /** A task of a workflow step (issue 15, handling.tasks.ts): done, sent back to the one before, taken by an officer. */
  'timeline.taskComplete': { step: string; task: string };
  'timeline.taskReturn': { step: string; task: string };
  'timeline.taskTake': { step: string; task: string };
  /** The current task (or a step without tasks: task null) given to another officer; neither holder is named. */
  'timeline.taskReassign': { step: string; task: string | null };
  /** Document exchange, edXML (src/modules/docexchange): the step sent to an agency outside OpenDVC ('sent'), then its
   *  status messages by edXML status code ('01' received … '06' completed, '02' refused); note: its description.
   *  A 06 with the partner's result files (migration 0067): `files` the names kept with the dossier (`fileIds` their
   *  stored files, which the officer's page links), `refused` the names not kept and `refusedReasons` why (parallel;
   *  docexchange.rules.ts RESULT_FILE_REFUSALS). */
  'timeline.docExchange': { code: string; agency: string; note: string | null; files?: string[]; fileIds?: string[]; refused?: string[]; refusedReasons?: string[] };
};

/** Why a file of a partner's 06 was not kept (`refusedReasons`; its text is timeline.docExchange.refusal.*). */
export const EXCHANGE_FILE_REFUSALS = ['too_many', 'too_large', 'type', 'broken', 'signature', 'unchecked'] as const;

export type EventKey = keyof EventParams;

/** A history message: its key and that key's parameters (stored as `dossier_events.message`). */
export type EventMessage = { [K in EventKey]: { key: K; params: EventParams[K] } }[EventKey];

/** Every key, for the tests and for checking stored messages. */
export const EVENT_KEYS: readonly EventKey[] = [
  'timeline.submit',
  'timeline.submitPaid',
  'timeline.intakeCounter',
  'timeline.intakePost',
  'timeline.intakeNationalPortal',
  'timeline.digitise',
  'timeline.supplementFile',
  'timeline.accept',
  'timeline.acceptNoTimeLimit',
  'timeline.requestSupplement',
  'timeline.refuse',
  'timeline.forward',
  'timeline.sendBack',
  'timeline.requestPayment',
  'timeline.resume',
  'timeline.respondSupplement',
  'timeline.apologise',
  'timeline.stop',
  'timeline.recordResult',
  'timeline.returnResult',
  'timeline.withdraw',
  'timeline.postalPickup',
  'timeline.postalArrived',
  'timeline.postalFailed',
  'timeline.taskComplete',
  'timeline.taskReturn',
  'timeline.taskTake',
  'timeline.taskReassign',
  'timeline.docExchange',
];

const KNOWN = new Set<string>(EVENT_KEYS);

/** A history row as stored: the message (null before 0023, or unknown to this version) and the old text. */
export interface StoredEvent {
  message?: unknown;
  content: string | null;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const optional = (value: unknown): string | null => {
  const text = str(value).trim();
  return text ? text : null;
};
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(str).map((v) => v.trim()).filter(Boolean) : []);

/** The stored message when it is one this version renders (a known key and an object of parameters), else null. */
export function eventMessageOf(value: unknown): { key: EventKey; params: Record<string, unknown> } | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const { key, params } = value as { key?: unknown; params?: unknown };
  if (typeof key !== 'string' || !KNOWN.has(key)) return null;
  const p = params && typeof params === 'object' && !Array.isArray(params) ? (params as Record<string, unknown>) : {};
  return { key: key as EventKey, params: p };
}

/** The text of a known message in `locale`. */
function render(key: EventKey, p: Record<string, unknown>, locale: Locale): string {
  const t = (k: string, params?: Params) => translate(locale, k, params);
  const withNote = (text: string, form: 'note' | 'colonNote' = 'note') => {
    const note = optional(p.note);
    return note ? t(`timeline.with.${form}`, { text, note }) : text;
  };
  switch (key) {
    case 'timeline.submit':
    case 'timeline.intakeCounter':
    case 'timeline.intakePost':
      return t(key);
    case 'timeline.submitPaid':
      return t(key, { orderNo: str(p.orderNo) });
    case 'timeline.intakeNationalPortal':
      return t(key, { nationalCode: str(p.nationalCode) });
    case 'timeline.digitise':
    case 'timeline.supplementFile':
      return t(key, { document: str(p.document), file: str(p.file) });
    case 'timeline.accept':
      return withNote(t(key, { appointment: formatTimestamp(str(p.appointment)) }));
    case 'timeline.acceptNoTimeLimit':
      return withNote(t(key));
    case 'timeline.requestSupplement':
      return withNote(t(key, { items: list(p.items).map((item, i) => `${i + 1}. ${item}`).join('; ') }));
    case 'timeline.refuse':
      return t(key, { reasons: list(p.reasons).join('; ') });
    case 'timeline.forward': {
      const department = optional(p.department);
      return withNote(department ? t('timeline.forward.department', { step: str(p.step), department }) : t(key, { step: str(p.step) }));
    }
    case 'timeline.sendBack':
    case 'timeline.stop':
      return t(key, { step: str(p.step), reason: str(p.reason) });
    case 'timeline.requestPayment': {
      const amount = typeof p.amountVnd === 'number' && Number.isFinite(p.amountVnd) ? p.amountVnd : null;
      return withNote(amount === null ? t(key) : t('timeline.requestPayment.amount', { amount: formatVnd(amount) }));
    }
    case 'timeline.resume':
    case 'timeline.respondSupplement':
    case 'timeline.recordResult':
      return withNote(t(key), 'colonNote');
    case 'timeline.apologise':
      return t(key, { appointment: formatTimestamp(str(p.appointment)), reason: str(p.reason) });
    case 'timeline.returnResult': {
      const method = ['counter', 'post', 'online'].includes(str(p.method)) ? t(`timeline.method.${str(p.method)}`) : '';
      return withNote(t(key, { method }).trim());
    }
    case 'timeline.withdraw': {
      const reason = optional(p.reason);
      return reason ? t('timeline.with.reason', { text: t(key), reason }) : t(key);
    }
    case 'timeline.postalPickup':
    case 'timeline.postalArrived':
      return t(key, { trackingNumber: str(p.trackingNumber) });
    case 'timeline.postalFailed': {
      const reason = optional(p.reason);
      return reason ? t('timeline.postalFailed.reason', { trackingNumber: str(p.trackingNumber), reason }) : t(key, { trackingNumber: str(p.trackingNumber) });
    }
    case 'timeline.taskComplete':
    case 'timeline.taskReturn':
    case 'timeline.taskTake':
      return t(key, { step: str(p.step), task: str(p.task) });
    case 'timeline.taskReassign': {
      const task = optional(p.task);
      return task ? t('timeline.taskReassign.task', { step: str(p.step), task }) : t(key, { step: str(p.step) });
    }
    case 'timeline.docExchange': {
      const code = ['sent', '01', '02', '03', '04', '05', '06'].includes(str(p.code)) ? str(p.code) : 'other';
      const text = withNote(t(`timeline.docExchange.${code}`, { agency: str(p.agency), code: str(p.code) }), 'colonNote');
      const kept = list(p.files);
      const refused = list(p.refused);
      const reasons = Array.isArray(p.refusedReasons) ? p.refusedReasons.map(str) : [];
      const parts = [
        ...(kept.length ? [t('timeline.docExchange.files', { files: kept.join(', ') })] : []),
        ...refused.map((name, i) => {
          const reason = (EXCHANGE_FILE_REFUSALS as readonly string[]).includes(reasons[i] ?? '') ? reasons[i]! : 'broken';
          return t('timeline.docExchange.refusedFile', { name, reason: t(`timeline.docExchange.refusal.${reason}`) });
        }),
      ];
      return parts.length ? [text, ...parts].join('. ') : text;
    }
  }
}

/**
 * The history entry's text in `locale`: its message rendered from the catalog, else (rows written before
 * migration 0023, or a message this version does not know) the stored text.
 */
export function renderEvent(event: StoredEvent, locale: Locale): string {
  const message = eventMessageOf(event.message);
  if (!message) return event.content ?? '';
  return render(message.key, message.params, locale);
}

/** What a writer stores: the message and its Vietnamese text (`content`, for the readers of the text). */
export function eventColumns(message: EventMessage): { message: EventMessage; content: string } {
  return { message, content: render(message.key, message.params as Record<string, unknown>, 'vi') };
}

/** What a presented history entry carries: the raw key and parameters (null before 0023) and its text in `locale`. */
export interface EventFields {
  key: string | null;
  params: Record<string, unknown> | null;
  text: string;
}

/** The presented fields of a stored entry in `locale` (the services answer Vietnamese; presenters call it again). */
export function eventFields(row: StoredEvent, locale: Locale = 'vi'): EventFields {
  const raw = row.message && typeof row.message === 'object' && !Array.isArray(row.message) ? (row.message as { key?: unknown; params?: unknown }) : null;
  const key = raw && typeof raw.key === 'string' ? raw.key : null;
  const params = key !== null && raw?.params && typeof raw.params === 'object' && !Array.isArray(raw.params) ? (raw.params as Record<string, unknown>) : null;
  return { key, params: key === null ? null : (params ?? {}), text: renderEvent(row, locale) };
}

/** A presented entry's text in `locale` (from its key and parameters, else its stored text). */
export function eventText(e: { key: string | null; params: Record<string, unknown> | null; content: string | null }, locale: Locale): string {
  return renderEvent({ message: e.key === null ? null : { key: e.key, params: e.params }, content: e.content }, locale);
}
