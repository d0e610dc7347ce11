// Feedback and complaints (phản ánh, kiến nghị — PAKN; issue 18): submitted on the portal (signed in, or with a phone
// or e-mail verified by a one-time code), at the counter by an officer, or about a dossier; routed to an agency with
// a due instant on its working-day calendar; classified, re-routed, assigned, answered, published with personal data
// masked, closed; rated once by the sender; reminders and escalation (job feedback.remind); reports by agency and
// period; the Decision 766 count of dossiers with complaints (`complaintCounts`, the scorecards' port).
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Actor } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.ts';
import { DEFAULT_LOCALE, registerMessages, translate, type Locale } from '../../core/i18n.ts';
import { countReminders, runReminders } from '../../core/reminders.ts';
import { formatDateTime } from '../../core/text.ts';
import { vietnamYear } from '../../core/time.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { FeedbackCategory, FeedbackStatus, Role } from '../../db/schema.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import { receiveUpload } from '../dossiers/dossiers.uploads.ts';
import type { FileStorage } from '../files/files.service.ts';
import type { MailService } from '../mail/mail.service.ts';
import { paragraphsMail } from '../mail/mail.rules.ts';
import { FeedbackRepository, type FeedbackRow, type ListRow, type PublishedRow, type ReportRow } from './feedback.repository.ts';
import {
  ANSWER_WORKING_DAYS,
  answeredOnTime,
  buildSearchText,
  checkRating,
  checkSubmission,
  CODE_MAX_ATTEMPTS,
  CODE_TTL_MS,
  codeFromBytes,
  isCategory,
  isAction,
  isLate,
  LIMIT_WINDOW_MS,
  maskPersonalData,
  MAX_ANSWER,
  MAX_ATTACHMENTS,
  MAX_PER_MINUTE,
  parseContact,
  REMIND_WORKING_DAYS,
  reminderKind,
  searchWords,
  transition,
  type FeedbackAction,
  type SubmissionInput,
} from './feedback.rules.ts';
import './feedback.errors.ts';
import { feedbackMessages } from './feedback.messages.ts';

registerMessages(feedbackMessages);

/** Who handles feedback of an agency: the back-office roles on it (or an ancestor). */
export const FEEDBACK_ROLES: readonly Role[] = ['receptionist', 'specialist', 'department_head', 'agency_leader'];
/** Who is told when feedback is late (the agency's head). */
export const ESCALATION_ROLES: readonly Role[] = ['agency_leader'];

export interface FeedbackPorts {
  /** The published procedure's name, or null when there is none with this code (the catalog). */
  procedureName(code: string): Promise<string | null>;
  /** Queues an SMS in `tx`; null when no gateway is configured (NotificationsService.queueSms). */
  queueSms(tx: Executor, to: string, body: string): Promise<string | null>;
}

export interface FeedbackOptions {
  baseUrl: string;
  maxFileBytes: number;
}

export interface SubmitInput extends SubmissionInput {
  verificationId?: string | undefined;
  code?: string | undefined;
}

export interface Submitted {
  id: string;
  code: string;
  status: FeedbackStatus;
  dueAt: Date;
  /** For a visitor without an account: the secret of the link to follow the feedback (shown once). */
  accessToken: string | null;
}

export interface FeedbackEventView {
  at: Date;
  kind: string;
  actor: string | null;
  params: Record<string, string | number | null>;
}

export interface FeedbackDetail {
  id: string;
  code: string;
  category: FeedbackCategory;
  isComplaint: boolean;
  status: FeedbackStatus;
  channel: 'portal' | 'counter';
  agency: { id: string; code: string; name: string };
  procedureCode: string | null;
  dossier: { id: string; code: string | null } | null;
  title: string;
  content: string;
  contactName: string;
  phone: string | null;
  email: string | null;
  receivedAt: Date;
  dueAt: Date;
  late: boolean;
  assignee: { id: string; name: string } | null;
  answer: string | null;
  answeredAt: Date | null;
  answeredOnTime: boolean | null;
  published: { title: string; content: string; answer: string; at: Date } | null;
  rating: { rating: 'satisfied' | 'not_satisfied'; comment: string | null; at: Date } | null;
  files: Array<{ id: string; name: string; sizeBytes: number; mediaType: string; kind: 'attachment' | 'answer' }>;
  events: FeedbackEventView[];
  version: number;
}

export interface ReportLine extends Omit<ReportRow, 'agency_id'> {
  agency: { id: string; code: string; name: string };
}

type Who = { actor: Actor | null; token?: string | undefined };

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function sameHash(a: Buffer | null, b: Buffer): boolean {
  return !!a && a.length === b.length && timingSafeEqual(a, b);
}

function invalid(errors: FieldError[]): never {
  throw new DomainError('VALIDATION_FAILED', undefined, errors);
}

export class FeedbackService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
    private readonly files: FileStorage,
    private readonly mail: MailService,
    private readonly ports: FeedbackPorts,
    private readonly options: FeedbackOptions,
    private readonly repo = new FeedbackRepository(),
  ) {}

  // --- limits and codes ---------------------------------------------------------------------------------

  /** One more submission or code request of `key` this minute; past MAX_PER_MINUTE → 429 with the seconds to wait. */
  async limit(kind: string, key: string): Promise<void> {
    const counter = await this.repo.hit(this.db, kind, key, LIMIT_WINDOW_MS);
    if (counter.attempts > MAX_PER_MINUTE) {
      const retryAfter = Math.max(1, Math.ceil((counter.expiresAt.getTime() - counter.now.getTime()) / 1000));
      throw new DomainError('FEEDBACK_RATE_LIMITED', { seconds: retryAfter, retryAfter });
    }
  }

  /** Sends a one-time code to a phone (SMS) or an e-mail address; returns the verification's id. */
  async requestCode(input: { contact?: unknown }, context: { ip?: string | undefined; locale?: Locale; messageKey?: string; subjectKey?: string } = {}): Promise<{ verificationId: string; channel: 'phone' | 'email' }> {
    if (context.ip) await this.limit('code:ip', context.ip);
    const parsed = parseContact(input.contact);
    if (!parsed) invalid([{ path: '/contact', code: 'FEEDBACK_CONTACT_REQUIRED' }]);
    await this.limit('code:contact', parsed.contact);
    const id = randomUUID();
    const code = codeFromBytes(randomBytes(4));
    const locale = context.locale ?? DEFAULT_LOCALE;
    // Another capability may reuse the codes (appointments): its own message keys, same {code} and {minutes}.
    const text = translate(locale, context.messageKey ?? 'feedback.code.message', { code, minutes: CODE_TTL_MS / 60_000 });
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('feedback_verifications')
        .values({ id, contact: parsed.contact, channel: parsed.channel, code_hash: sha256(`${id}:${code}`), expires_at: new Date(Date.now() + CODE_TTL_MS) })
        .execute();
      if (parsed.channel === 'phone') {
        if (!(await this.ports.queueSms(tx, parsed.contact, text))) throw new DomainError('FEEDBACK_SMS_UNAVAILABLE', undefined, [{ path: '/contact', code: 'FEEDBACK_SMS_UNAVAILABLE' }]);
      } else {
        const url = `${this.options.baseUrl}/phan-anh-kien-nghi`;
        await this.mail.queue(tx, { to: parsed.contact, subject: translate(locale, context.subjectKey ?? 'feedback.code.subject'), ...paragraphsMail([text], url) });
      }
    });
    return { verificationId: id, channel: parsed.channel };
  }

  /** `verify` for another capability's anonymous form (appointments): the code used once in the caller's `tx`. */
  verifyContact(tx: Executor, verificationId: string | undefined, code: string | undefined): Promise<{ channel: 'phone' | 'email'; contact: string }> {
    return this.verify(tx, verificationId, code);
  }

  /**
   * Checks a code: every try is counted first (its own statement, so a refusal's rollback keeps the count); a right
   * code is then used once, in the submission's transaction `tx`. Otherwise FEEDBACK_CODE_INVALID.
   */
  private async verify(tx: Executor, verificationId: string | undefined, code: string | undefined): Promise<{ channel: 'phone' | 'email'; contact: string }> {
    const wrong = () => new DomainError('FEEDBACK_CODE_INVALID', undefined, [{ path: '/code', code: 'FEEDBACK_CODE_INVALID' }]);
    if (!verificationId || !isUuid(verificationId) || !code || !/^\d{6}$/.test(code.trim())) throw wrong();
    const v = await this.repo.tryVerification(this.db, verificationId, CODE_MAX_ATTEMPTS);
    if (!v || !sameHash(v.code_hash, sha256(`${verificationId}:${code.trim()}`))) throw wrong();
    if (!(await this.repo.useVerification(tx, verificationId))) throw wrong();
    return { channel: v.channel, contact: v.contact };
  }

  // --- submission ----------------------------------------------------------------------------------------

  private async dueAt(tx: Executor, from: Date, category: FeedbackCategory, agencyId: string): Promise<Date> {
    return this.calendar.dueAt({ from, workingDays: ANSWER_WORKING_DAYS[category], agencyId, db: tx });
  }

  /**
   * A feedback from the portal: signed in (the account is the contact), or anonymous with a verified phone or e-mail
   * (verificationId + code). Each address may send MAX_PER_MINUTE a minute.
   */
  async submit(actor: Actor | null, input: SubmitInput, context: { ip?: string | undefined } = {}): Promise<Submitted> {
    if (context.ip) await this.limit('submit:ip', context.ip);
    return this.create(actor, input, actor ? 'account' : 'anonymous');
  }

  /** A feedback taken at the counter by an officer of the agency (or about a dossier of their agency). */
  async intake(actor: Actor | null, input: SubmitInput): Promise<Submitted> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!(await this.agencies.scopeOf(actor, FEEDBACK_ROLES)).length) throw new DomainError('FORBIDDEN');
    return this.create(actor, input, 'counter');
  }

  private async create(actor: Actor | null, input: SubmitInput, mode: 'account' | 'anonymous' | 'counter'): Promise<Submitted> {
    const { value, errors } = checkSubmission(input);
    if (mode !== 'account' && !value.contactName) errors.push({ path: '/contactName', code: 'FEEDBACK_NAME_REQUIRED' });
    if (mode === 'anonymous' && value.dossierCode) errors.push({ path: '/dossierCode', code: 'FEEDBACK_DOSSIER_SIGN_IN' });
    if (value.procedureCode && !(await this.ports.procedureName(value.procedureCode))) errors.push({ path: '/procedureCode', code: 'FEEDBACK_PROCEDURE_UNKNOWN' });
    let agencyId: string | null = null;
    let dossierId: string | null = null;
    if (value.dossierCode && mode !== 'anonymous') {
      const dossier = await this.repo.dossierByCode(this.db, value.dossierCode);
      const member = actor?.kind === 'organisation' && actor.organisationId !== null && dossier?.organisation_id === actor.organisationId;
      let allowed = !!dossier && (mode === 'account' ? dossier.applicant_id === actor!.id || member : true);
      if (dossier && mode === 'counter') allowed = (await this.agencies.scopeOf(actor, FEEDBACK_ROLES)).includes(dossier.agency_id);
      if (!dossier || !allowed) errors.push({ path: '/dossierCode', code: 'FEEDBACK_DOSSIER_UNKNOWN' });
      else {
        dossierId = dossier.id;
        agencyId = dossier.agency_id;
      }
    }
    if (!agencyId) {
      const agency = value.agencyCode && /^[A-Za-z0-9.]{2,40}$/.test(value.agencyCode) ? await this.agencies.byCode(value.agencyCode) : undefined;
      if (!agency || !agency.active) errors.push({ path: '/agencyCode', code: 'FEEDBACK_AGENCY_UNKNOWN' });
      else agencyId = agency.id;
    }
    if (mode === 'counter' && agencyId && !dossierId && !(await this.agencies.scopeOf(actor, FEEDBACK_ROLES)).includes(agencyId)) {
      errors.push({ path: '/agencyCode', code: 'FEEDBACK_AGENCY_UNKNOWN' });
    }
    if (errors.length) invalid(errors);
    const account = mode === 'account' ? await this.repo.account(this.db, actor!.id) : undefined;
    const accessToken = mode === 'anonymous' ? randomBytes(24).toString('base64url') : null;
    const now = new Date();
    const row = await this.db.transaction().execute(async (tx) => {
      let phone = value.phone ?? account?.phone ?? null;
      let email = value.email ?? account?.email ?? null;
      if (mode === 'anonymous') {
        const verified = await this.verify(tx, input.verificationId, input.code);
        if (verified.channel === 'phone') phone = verified.contact;
        else email = verified.contact;
      }
      const verifiedBy = mode === 'account' ? 'account' : mode === 'counter' ? 'counter' : phone && !value.email ? 'phone' : 'email';
      const code = await this.repo.nextCode(tx, vietnamYear(now));
      const inserted = await this.repo.insert(tx, {
        code,
        category: value.category,
        agency_id: agencyId!,
        procedure_code: value.procedureCode,
        dossier_id: dossierId,
        title: value.title,
        content: value.content,
        search_text: buildSearchText(code, value.title, value.content),
        channel: mode === 'counter' ? 'counter' : 'portal',
        submitter_id: mode === 'account' ? actor!.id : null,
        contact_name: value.contactName || actor?.fullName || '',
        contact_phone: phone,
        contact_email: email,
        verified_by: verifiedBy,
        access_hash: accessToken ? sha256(accessToken) : null,
        received_at: now,
        due_at: await this.dueAt(tx, now, value.category, agencyId!),
      });
      await this.repo.event(tx, inserted.id, 'received', actor?.id ?? null, { channel: inserted.channel }, now);
      if (mode === 'counter') {
        await this.audit.record(tx, actor, { action: 'feedback.intake', targetType: 'feedback', targetId: inserted.id, agencyId: agencyId!, summary: { code } });
      }
      return inserted;
    });
    return { id: row.id, code: row.code, status: row.status, dueAt: row.due_at, accessToken };
  }

  // --- the sender's side -------------------------------------------------------------------------------

  /** The feedback as its sender may read it: the account that sent it, or the secret link's token. */
  private async ownRow(who: Who, idOrCode: string): Promise<FeedbackRow> {
    const row = isUuid(idOrCode) ? await this.repo.byId(this.db, idOrCode) : /^PAKN-\d{4}-\d{6,}$/.test(idOrCode) ? await this.repo.byCode(this.db, idOrCode) : undefined;
    if (!row) throw new DomainError('NOT_FOUND');
    if (who.token && sameHash(row.access_hash, sha256(who.token))) return row;
    if (who.actor && row.submitter_id === who.actor.id) return row;
    if (!who.actor && !who.token) throw new DomainError('UNAUTHENTICATED');
    throw new DomainError('NOT_FOUND');
  }

  async own(who: Who, idOrCode: string): Promise<FeedbackDetail> {
    const row = await this.ownRow(who, idOrCode);
    return this.detailOf(row, false);
  }

  async mine(actor: Actor | null): Promise<ListRow[]> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    return this.repo.mine(this.db, actor.id);
  }

  /** Attaches a file (content inspected like a dossier's attachment) to an open feedback: its sender, or an officer of its agency. */
  async attach(who: Who, id: string, upload: { source: Readable | AsyncIterable<Buffer>; filename: string | undefined; onLimit?: () => void }): Promise<{ id: string; name: string }> {
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    let row: FeedbackRow;
    let kind: 'attachment' | 'answer' = 'attachment';
    try {
      row = await this.ownRow(who, id);
    } catch (error) {
      row = await this.asOfficer(who, id, error);
      kind = row.submitter_id === null && row.channel === 'counter' && row.status === 'received' ? 'attachment' : 'answer';
    }
    if (kind === 'attachment' && !['received', 'assigned'].includes(row.status)) throw new DomainError('FEEDBACK_STATE');
    const existing = await this.repo.files(this.db, row.id);
    if (existing.filter((f) => f.kind === kind).length >= MAX_ATTACHMENTS) invalid([{ path: '/file', code: 'FEEDBACK_TOO_MANY_FILES', params: { max: MAX_ATTACHMENTS } }]);
    const used = existing.reduce((sum, f) => sum + Number(f.size_bytes), 0);
    return receiveUpload(this.files, upload, { maxFileBytes: this.options.maxFileBytes, maxTotalBytes: this.options.maxFileBytes * MAX_ATTACHMENTS, usedBytes: used }, async (staged, _mediaType, commit) =>
      this.db.transaction().execute(async (tx) => {
        const file = await commit(tx, who.actor?.id ?? (null as unknown as string));
        await this.repo.addFile(tx, row.id, file.id, kind);
        await this.repo.event(tx, row.id, 'file', who.actor?.id ?? null, { name: staged.originalName });
        return { id: file.id, name: staged.originalName };
      }),
    );
  }

  /** Rates the answer once (the sender). */
  async rate(who: Who, idOrCode: string, input: { rating?: unknown; comment?: unknown }): Promise<FeedbackDetail> {
    const found = await this.ownRow(who, idOrCode);
    await this.db.transaction().execute(async (tx) => {
      const row = (await this.repo.lock(tx, found.id))!;
      const checked = checkRating(row, input);
      if (checked.error) throw new DomainError(checked.error);
      if (checked.errors.length) invalid(checked.errors);
      const now = new Date();
      await this.repo.setRating(tx, row.id, { rating: checked.value!.rating, rating_comment: checked.value!.comment, rated_at: now });
      await this.repo.event(tx, row.id, 'rated', who.actor?.id ?? null, { rating: checked.value!.rating }, now);
    });
    return this.own(who, found.id);
  }

  // --- the officers' side ------------------------------------------------------------------------------

  /** After the sender's check failed with `error`: the row for an officer of its agency, else that error again. */
  private async asOfficer(who: Who, id: string, error: unknown): Promise<FeedbackRow> {
    if (!(error instanceof DomainError) || !who.actor) throw error;
    try {
      return await this.officerRow(who.actor, id);
    } catch (second) {
      throw second instanceof DomainError && second.code === 'FORBIDDEN' ? error : second;
    }
  }

  /** The row, if the officer handles feedback of its agency: no role anywhere → 403, another agency → 404. */
  private async officerRow(actor: Actor | null, id: string, db: Executor = this.db, lock = false): Promise<FeedbackRow> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const scope = await this.agencies.scopeOf(actor, FEEDBACK_ROLES, db);
    if (!scope.length) throw new DomainError('FORBIDDEN');
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    const row = lock ? await this.repo.lock(db, id) : await this.repo.byId(db, id);
    if (!row || !scope.includes(row.agency_id)) throw new DomainError('NOT_FOUND');
    return row;
  }

  async inbox(actor: Actor | null, options: { status?: string | undefined; page?: number | undefined; pageSize?: number } = {}, now = new Date()): Promise<{ rows: Array<ListRow & { late: boolean }>; total: number; page: number; pageCount: number }> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const scope = await this.agencies.scopeOf(actor, FEEDBACK_ROLES);
    if (!scope.length) throw new DomainError('FORBIDDEN');
    const status = ['received', 'assigned', 'answered', 'published', 'closed', 'open', 'late'].includes(options.status ?? '') ? (options.status as FeedbackStatus | 'open' | 'late') : undefined;
    const pageSize = options.pageSize ?? 20;
    const page = Math.max(1, Math.min(10_000, Math.floor(options.page ?? 1)));
    const { rows, total } = await this.repo.inbox(this.db, scope, { status, limit: pageSize, offset: (page - 1) * pageSize, now });
    return { rows: rows.map((r) => ({ ...r, late: isLate({ status: r.status, due_at: r.due_at, answered_at: r.answered_at }, now) })), total, page, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
  }

  async detail(actor: Actor | null, id: string): Promise<FeedbackDetail> {
    return this.detailOf(await this.officerRow(actor, id), true);
  }

  /** The officers who may be given this feedback (FEEDBACK_ROLES on its agency or an ancestor). */
  async assignees(actor: Actor | null, id: string): Promise<Array<{ id: string; name: string }>> {
    const row = await this.officerRow(actor, id);
    const staff = await this.repo.staffWithRoles(this.db, await this.ancestry(row.agency_id), FEEDBACK_ROLES);
    return [...new Map(staff.map((s) => [s.id, { id: s.id, name: s.full_name }])).values()];
  }

  private async ancestry(agencyId: string): Promise<string[]> {
    const ids: string[] = [];
    let current: string | null = agencyId;
    while (current && !ids.includes(current) && ids.length < 20) {
      ids.push(current);
      current = (await this.repo.agencyName(this.db, current))?.parent_id ?? null;
    }
    return ids;
  }

  /** One officer action on a feedback, under its row lock, at `version`; audited; a timeline row. */
  async act(actor: Actor | null, id: string, action: FeedbackAction | string, input: Record<string, unknown> & { version?: unknown }): Promise<FeedbackDetail> {
    const now = new Date();
    await this.db.transaction().execute(async (tx) => {
      const row = await this.officerRow(actor, id, tx, true);
      if (!isAction(action)) throw new DomainError('NOT_FOUND');
      if (typeof input.version === 'number' && input.version !== row.version) throw new DomainError('FEEDBACK_STALE');
      const next = transition(row.status, action);
      if (!next) throw new DomainError('FEEDBACK_STATE');
      const patch: Parameters<FeedbackRepository['update']>[3] = { status: next };
      const params: Record<string, string | number | null> = {};
      let agencyId = row.agency_id;
      if (action === 'classify') {
        const errors: FieldError[] = [];
        if (input.category !== undefined) {
          if (!isCategory(input.category)) errors.push({ path: '/category', code: 'FEEDBACK_CATEGORY_INVALID' });
          else patch.category = input.category;
        }
        if (typeof input.isComplaint === 'boolean') patch.is_complaint = input.isComplaint;
        if (typeof input.agencyCode === 'string' && input.agencyCode.trim() && input.agencyCode.trim().toUpperCase() !== (await this.repo.agencyName(tx, row.agency_id))?.code) {
          const agency = /^[A-Za-z0-9.]{2,40}$/.test(input.agencyCode.trim()) ? await this.agencies.byCode(input.agencyCode.trim().toUpperCase(), tx) : undefined;
          if (!agency || !agency.active) errors.push({ path: '/agencyCode', code: 'FEEDBACK_AGENCY_UNKNOWN' });
          else {
            // Re-routed: the new agency handles it from now on, with a new due instant on its calendar; unassigned.
            patch.agency_id = agency.id;
            patch.assignee_id = null;
            patch.status = 'received';
            patch.due_at = await this.dueAt(tx, now, (patch.category ?? row.category) as FeedbackCategory, agency.id);
            patch.reminded_at = null;
            patch.escalated_at = null;
            agencyId = agency.id;
            params.agency = agency.name;
          }
        }
        if (errors.length) invalid(errors);
        params.category = (patch.category ?? row.category) as string;
        params.complaint = (patch.is_complaint ?? row.is_complaint) ? 1 : 0;
      } else if (action === 'assign') {
        const assigneeId = typeof input.assigneeId === 'string' ? input.assigneeId : '';
        const staff = isUuid(assigneeId) ? await this.repo.staffWithRoles(tx, await this.ancestry(row.agency_id), FEEDBACK_ROLES) : [];
        const assignee = staff.find((s) => s.id === assigneeId);
        if (!assignee) invalid([{ path: '/assigneeId', code: 'FEEDBACK_ASSIGNEE_INVALID' }]);
        patch.assignee_id = assignee.id;
        params.assignee = assignee.full_name;
      } else if (action === 'answer') {
        const answer = typeof input.answer === 'string' ? input.answer.replace(/\r\n/g, '\n').trim() : '';
        if (!answer) invalid([{ path: '/answer', code: 'FEEDBACK_ANSWER_REQUIRED' }]);
        if (answer.length > MAX_ANSWER) invalid([{ path: '/answer', code: 'FEEDBACK_TOO_LONG', params: { max: MAX_ANSWER } }]);
        patch.answer = answer;
        patch.answered_at = row.answered_at ?? now;
        patch.answered_by = actor!.id;
        params.onTime = answeredOnTime(row.answered_at ?? now, row.due_at) ? 1 : 0;
      } else if (action === 'publish') {
        const known = { names: [row.contact_name], phones: [row.contact_phone], emails: [row.contact_email] };
        patch.published_title = maskPersonalData(row.title, known);
        patch.published_content = maskPersonalData(row.content, known);
        patch.published_answer = maskPersonalData(row.answer ?? '', known);
        patch.published_search = buildSearchText(row.code, patch.published_title, patch.published_content, patch.published_answer);
        patch.published_at = now;
      } else if (action === 'close') {
        patch.closed_at = now;
      }
      if (!(await this.repo.update(tx, row.id, row.version, patch))) throw new DomainError('FEEDBACK_STALE');
      await this.repo.event(tx, row.id, action === 'classify' && params.agency ? 'routed' : action === 'classify' ? 'classified' : action === 'answer' ? 'answered' : action === 'publish' ? 'published' : action === 'close' ? 'closed' : 'assigned', actor!.id, params, now);
      await this.audit.record(tx, actor, { action: `feedback.${action}`, targetType: 'feedback', targetId: row.id, agencyId, summary: { code: row.code, ...params } });
      if (action === 'answer' && row.contact_email) {
        // The sender is told by e-mail (in their account's language when they have one).
        const locale = row.submitter_id ? await this.mail.localeOf(tx, row.submitter_id) : DEFAULT_LOCALE;
        const url = `${this.options.baseUrl}/phan-anh/${row.code}`;
        await this.mail.queue(tx, { to: row.contact_email, subject: translate(locale, 'feedback.mail.answered.subject', { code: row.code }), ...paragraphsMail([translate(locale, 'feedback.mail.answered.body', { code: row.code, title: row.title }), url], url) });
      }
    });
    // Read again without the scope check: a re-routed feedback may now be out of the officer's agencies.
    return this.detailOf((await this.repo.byId(this.db, id))!, true);
  }

  private async detailOf(row: FeedbackRow, officer: boolean): Promise<FeedbackDetail> {
    const [agency, files, events, assignee, dossier] = await Promise.all([
      this.repo.agencyName(this.db, row.agency_id),
      this.repo.files(this.db, row.id),
      this.repo.events(this.db, row.id),
      row.assignee_id ? this.repo.account(this.db, row.assignee_id) : Promise.resolve(undefined),
      row.dossier_id ? this.repo.dossierById(this.db, row.dossier_id) : Promise.resolve(undefined),
    ]);
    return {
      id: row.id,
      code: row.code,
      category: row.category,
      isComplaint: row.is_complaint,
      status: row.status,
      channel: row.channel,
      agency: { id: row.agency_id, code: agency?.code ?? '', name: agency?.name ?? '' },
      procedureCode: row.procedure_code,
      dossier: dossier ? { id: dossier.id, code: dossier.code } : null,
      title: row.title,
      content: row.content,
      contactName: row.contact_name,
      phone: row.contact_phone,
      email: row.contact_email,
      receivedAt: row.received_at,
      dueAt: row.due_at,
      late: isLate(row, new Date()),
      assignee: assignee ? { id: assignee.id, name: assignee.full_name } : null,
      answer: row.answer,
      answeredAt: row.answered_at,
      answeredOnTime: answeredOnTime(row.answered_at, row.due_at),
      published: row.published_at ? { title: row.published_title!, content: row.published_content!, answer: row.published_answer!, at: row.published_at } : null,
      rating: row.rating && row.rated_at ? { rating: row.rating, comment: row.rating_comment, at: row.rated_at } : null,
      files: files.map((f) => ({ id: f.id, name: f.original_name, sizeBytes: Number(f.size_bytes), mediaType: f.media_type, kind: f.kind })),
      events: events
        .filter((e) => officer || !['reminded', 'escalated', 'assigned'].includes(e.kind))
        .map((e) => ({ at: e.at, kind: e.kind, actor: officer ? e.actor_name : null, params: (e.params ?? {}) as Record<string, string | number | null> })),
      version: row.version,
    };
  }

  /** A file of a feedback, for its readers (sender or officers of its agency). */
  async openFile(who: Who, id: string, fileId: string) {
    let row: FeedbackRow;
    try {
      row = await this.ownRow(who, id);
    } catch (error) {
      row = await this.asOfficer(who, id, error);
    }
    if (!isUuid(fileId) || !(await this.repo.fileOf(this.db, row.id, fileId))) throw new DomainError('NOT_FOUND');
    const opened = await this.files.open(fileId);
    if (!opened) throw new DomainError('NOT_FOUND');
    return opened;
  }

  // --- public answers ------------------------------------------------------------------------------------

  async published(query: { q?: string | undefined; page?: number | undefined }, pageSize = 10): Promise<{ rows: PublishedRow[]; total: number; page: number; pageCount: number; q: string }> {
    const page = Math.max(1, Math.min(10_000, Math.floor(query.page ?? 1)));
    const { rows, total } = await this.repo.published(this.db, searchWords(query.q), { limit: pageSize, offset: (page - 1) * pageSize });
    return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / pageSize)), q: query.q ?? '' };
  }

  async publishedOne(code: string): Promise<PublishedRow> {
    const row = /^PAKN-\d{4}-\d{6,}$/.test(code) ? await this.repo.publishedOne(this.db, code) : undefined;
    if (!row) throw new DomainError('NOT_FOUND');
    return row;
  }

  // --- reports and Decision 766 ------------------------------------------------------------------------

  /** Counts by agency of the officer's scope for feedback received in [from, to] (days, Vietnam time). */
  async report(actor: Actor | null, from: Date, to: Date, now = new Date()): Promise<ReportLine[]> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const scope = await this.agencies.scopeOf(actor, [...FEEDBACK_ROLES, 'admin', 'inspector']);
    if (!scope.length) throw new DomainError('FORBIDDEN');
    if (!(from < to) || to.getTime() - from.getTime() > 367 * 86_400_000) invalid([{ path: '/from', code: 'FEEDBACK_PERIOD_INVALID' }]);
    const rows = await this.repo.report(this.db, scope, from, to, now);
    const out: ReportLine[] = [];
    for (const r of rows) {
      const agency = await this.repo.agencyName(this.db, r.agency_id);
      const { agency_id: _omit, ...counts } = r;
      out.push({ agency: { id: r.agency_id, code: agency?.code ?? '', name: agency?.name ?? '' }, ...counts });
    }
    return out.sort((a, b) => a.agency.code.localeCompare(b.agency.code));
  }

  dossiersWithComplaints(from: Date, to: Date): Promise<Map<string, number>> {
    return this.repo.dossiersWithComplaints(this.db, from, to);
  }

  /** Deletes the submission and code-request counters whose window has ended (job limits.purge): they count for nothing. */
  purgeExpiredLimits(now = new Date()): Promise<number> {
    return this.repo.purgeExpiredLimits(this.db, now);
  }

  // --- reminders and escalation (job feedback.remind) ------------------------------------------------------

  /**
   * Reminds the handler (the assignee, else the agency's officers) when an open feedback is due within
   * REMIND_WORKING_DAYS working days, and escalates to the agency's head once it is late; each once (reminded_at,
   * escalated_at), with a timeline row, by e-mail in each officer's language.
   */
  async remind(now = new Date(), batch = 200): Promise<{ reminded: number; escalated: number }> {
    const bound = new Date(now.getTime() + 40 * 86_400_000);
    const outcomes = await runReminders(this.db, {
      items: await this.repo.dueOpen(this.db, bound, batch),
      agencyOf: (item) => item.agency_id,
      limitOf: (agencyId) => this.calendar.dueAt({ from: now, workingDays: REMIND_WORKING_DAYS, agencyId }),
      lock: (tx, item) => this.repo.lock(tx, item.id),
      kindOf: (entry, soon) => reminderKind(entry, now, soon),
      send: async (tx, row, kind) => {
        const ancestry = await this.ancestry(row.agency_id);
        const roles: readonly Role[] = kind === 'escalate' ? ESCALATION_ROLES : row.assignee_id ? [] : ['receptionist', 'department_head'];
        const staff = await this.repo.staffWithRoles(tx, ancestry, roles);
        const recipients = new Map(staff.map((s) => [s.id, s]));
        if (row.assignee_id) {
          const assignee = await this.repo.account(tx, row.assignee_id);
          if (assignee) recipients.set(assignee.id, { ...assignee, role: 'specialist', agency_id: row.agency_id });
        }
        for (const r of recipients.values()) {
          if (!r.email) continue;
          const locale = (r.locale ?? DEFAULT_LOCALE) as Locale;
          const url = `${this.options.baseUrl}/can-bo/phan-anh/${row.id}`;
          const params = { code: row.code, title: row.title, due: formatDateTime(row.due_at) };
          await this.mail.queue(tx, { to: r.email, subject: translate(locale, `feedback.mail.${kind}.subject`, params), ...paragraphsMail([translate(locale, `feedback.mail.${kind}.body`, params), url], url) });
        }
        await this.repo.setRating(tx, row.id, kind === 'escalate' ? { escalated_at: now, reminded_at: row.reminded_at ?? now } : { reminded_at: now });
        await this.repo.event(tx, row.id, kind === 'escalate' ? 'escalated' : 'reminded', null, { recipients: recipients.size }, now);
      },
    });
    return { reminded: countReminders(outcomes, 'remind'), escalated: countReminders(outcomes, 'escalate') };
  }
}
