// Incoming documents (văn bản đến; issue 19, Decree 30/2020): registered by the clerk from paper (the scan goes
// through the files module's staging and content inspection) or received electronically (`registerReceived`, the
// document exchange's port), numbered in the agency's incoming register per year (a sequence row taken in the
// registration's transaction: no gaps), refused when already registered (same issuer, number-and-symbol and date:
// INCOMING_DUPLICATE naming the existing number); routed to a leader, assigned with a deadline on the working-day
// calendar to a lead (and department), co-ordinating people and people for information, handled with opinions,
// closed, or answered by an outgoing document (`markAnswered`, the outgoing module's port). Search by any field and
// the attached PDFs' text, accent-free. Authorisation here: the agency's scope; a confidential document is opened
// only by its clerk, its leader and its assignees — for everyone else it does not exist (404).
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { rolesRoots, type Actor } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import { DEFAULT_LOCALE, registerMessages, translate, type Locale } from '../../core/i18n.ts';
import { isUuid } from '../../core/ids.ts';
import { countReminders, runReminders } from '../../core/reminders.ts';
import { formatDate, formatDateTime } from '../../core/text.ts';
import { vietnamDate, vietnamDayEnd, vietnamYear } from '../../core/time.ts';
import type { Db, Executor } from '../../db/database.ts';
import { ConcurrentInsert } from '../../db/errors.ts';
import type { IncomingStatus } from '../../db/schema.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import { receiveUpload } from '../dossiers/dossiers.uploads.ts';
import type { FileStorage } from '../files/files.service.ts';
import type { MailService } from '../mail/mail.service.ts';
import type { OutboxWriter } from '../outbox/outbox.service.ts';
import { paragraphsMail } from '../mail/mail.rules.ts';
import { IncomingRepository, type IncomingRow, type ListRow } from './incoming.repository.ts';
import {
  ACTIONS,
  ASSIGNEE_ROLES,
  assignees as parseAssignees,
  buildSearchText,
  checkDeadline,
  checkMetadata,
  CLERK_ROLES,
  eventOf,
  handledOnTime,
  INCOMING_ROLES,
  isAction,
  isOverdue,
  LEADER_ROLES,
  MAX_FILES,
  MAX_OPINION,
  mayAct,
  mayOpen,
  REMIND_WORKING_DAYS,
  reminderKind,
  REPORT_ROLES,
  searchWords,
  STATUS_TOPIC,
  STATUSES,
  transition,
  type AnnouncedEvent,
  type IncomingAction,
  type Metadata,
  type MetadataInput,
  type Participants,
  type StatusAnnouncement,
} from './incoming.rules.ts';
import type { ReceivedDocumentInput } from './incoming.schemas.ts';
import { PdfTextExtractor } from './incoming.pdftext.ts';
import './incoming.errors.ts';
import { incomingMessages } from './incoming.messages.ts';

registerMessages(incomingMessages);

export interface IncomingOptions {
  baseUrl: string;
  maxFileBytes: number;
}

export interface RegisterInput extends MetadataInput {
  agencyId?: string | undefined;
}

export interface Upload {
  source: Readable | AsyncIterable<Buffer>;
  filename: string | undefined;
  onLimit?: () => void;
}

export interface Registration {
  id: string;
  number: number;
  year: number;
  /** Files of an electronic receipt that the content inspection refused (the document is registered without them). */
  refusedFiles: string[];
}

export interface IncomingDetail {
  id: string;
  agency: { id: string; code: string; name: string };
  number: number;
  year: number;
  channel: 'paper' | 'electronic';
  receivedAt: Date;
  issuer: string;
  numberSymbol: string;
  issuedOn: string;
  docType: string;
  excerpt: string;
  signer: string | null;
  urgency: string;
  confidentiality: string;
  pageCount: number | null;
  senderCode: string | null;
  packageId: string | null;
  status: IncomingStatus;
  registeredBy: { id: string; name: string } | null;
  leader: { id: string; name: string } | null;
  leadDepartment: { id: string; name: string } | null;
  assignees: Array<{ id: string; name: string; role: string }>;
  deadlineAt: Date | null;
  overdue: boolean;
  closedAt: Date | null;
  onTime: boolean | null;
  outgoingId: string | null;
  files: Array<{ id: string; name: string; mediaType: string; sizeBytes: number; textChars: number }>;
  events: Array<{ at: Date; kind: string; actor: string | null; params: Record<string, string | number | null> }>;
  /** The actions the reader may take now. */
  actions: IncomingAction[];
  version: number;
}

/** What an answer needs from the incoming document (the outgoing module prefills its draft). */
export interface AnswerSource {
  id: string;
  agencyId: string;
  number: number;
  year: number;
  issuer: string;
  numberSymbol: string;
  issuedOn: string;
  docType: string;
  excerpt: string;
  urgency: string;
  confidentiality: string;
  senderCode: string | null;
  status: IncomingStatus;
}

export interface ListQuery {
  q?: string | undefined;
  status?: string | undefined;
  mine?: boolean | undefined;
  docType?: string | undefined;
  urgency?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

export interface IncomingReport {
  received: Array<{ docType: string; urgency: string; channel: string; count: number }>;
  departments: Array<{ department: string | null; onTime: number; late: number; open: number; overdue: number }>;
  overdue: Array<{ id: string; number: number; year: number; issuer: string; numberSymbol: string; excerpt: string; deadlineAt: Date; lead: string | null }>;
}

function invalid(errors: FieldError[]): never {
  throw new DomainError('VALIDATION_FAILED', undefined, errors);
}

async function* once(bytes: Uint8Array): AsyncGenerator<Buffer> {
  yield Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class IncomingService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
    private readonly files: FileStorage,
    private readonly mail: MailService,
    /** Announces each workflow event (topic `incoming.status`) in the action's transaction. */
    private readonly outbox: OutboxWriter,
    private readonly options: IncomingOptions,
    private readonly pdfText = new PdfTextExtractor(),
    private readonly repo = new IncomingRepository(),
  ) {}

  // --- registration ------------------------------------------------------------------------------------------

  /** The agencies whose register the actor keeps (clerk roles). */
  async clerkAgencies(actor: Actor | null): Promise<Array<{ id: string; code: string; name: string }>> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const scope = await this.agencies.scopeOf(actor, CLERK_ROLES);
    if (!scope.length) throw new DomainError('FORBIDDEN');
    const roots = rolesRoots(actor, CLERK_ROLES);
    const ids = [...new Set([...(actor.agencyId && scope.includes(actor.agencyId) ? [actor.agencyId] : []), ...roots.filter((r) => scope.includes(r)), ...scope])].slice(0, 500);
    const byId = new Map((await this.repo.agenciesOf(this.db, ids)).map((a) => [a.id, a]));
    return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  }

  /** Whether the actor keeps the register of some agency (the register page offers registration). */
  async isClerkAnywhere(actor: Actor | null): Promise<boolean> {
    return !!actor && (await this.agencies.scopeOf(actor, CLERK_ROLES)).length > 0;
  }

  /**
   * The clerk registers a document received on paper: metadata, and optionally its scan (content inspected; a PDF's
   * text is extracted for search). The number is the next of the agency's register for the year.
   */
  async register(actor: Actor | null, input: RegisterInput, upload?: Upload, now = new Date()): Promise<Registration> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const scope = await this.agencies.scopeOf(actor, CLERK_ROLES);
    if (!scope.length) throw new DomainError('FORBIDDEN');
    const errors: FieldError[] = [];
    let agencyId = input.agencyId && isUuid(input.agencyId) ? input.agencyId : '';
    if (!agencyId) agencyId = actor.agencyId && scope.includes(actor.agencyId) ? actor.agencyId : (rolesRoots(actor, CLERK_ROLES).find((r) => scope.includes(r)) ?? '');
    if (!agencyId || !scope.includes(agencyId)) errors.push({ path: '/agencyId', code: 'INCOMING_AGENCY_INVALID' });
    const { value, errors: metaErrors } = checkMetadata(input, vietnamDate(now));
    errors.push(...metaErrors);
    if (errors.length || !value) invalid(errors);
    await this.refuseDuplicate(this.db, agencyId, value);
    const create = (tx: Executor) => this.insert(tx, actor, agencyId, value, { channel: 'paper', receivedAt: now, senderCode: null, packageId: null });
    if (!upload || !upload.filename) return { ...(await this.guard(agencyId, value, () => this.db.transaction().execute(create))), refusedFiles: [] };
    return this.guard(agencyId, value, () =>
      receiveUpload(this.files, upload, { maxFileBytes: this.options.maxFileBytes, maxTotalBytes: this.options.maxFileBytes, usedBytes: 0 }, async (staged, mediaType, commit) => {
        const text = mediaType === 'application/pdf' ? await this.pdfText.extract(staged.tempPath) : '';
        return this.db.transaction().execute(async (tx) => {
          const registered = await create(tx);
          const file = await commit(tx, actor.id);
          await this.repo.addFile(tx, registered.id, file.id, text.length);
          await this.repo.event(tx, registered.id, 'file', actor.id, { name: staged.originalName }, now);
          if (text) await this.repo.setFlags(tx, registered.id, { search_text: buildSearchText(this.searchParts(registered.row), text) });
          return { id: registered.id, number: registered.number, year: registered.year, refusedFiles: [] };
        });
      }),
    );
  }

  /**
   * A document received electronically (the national document exchange calls this): the same metadata check and
   * duplicate rule as a registration on paper; the receiving agency, the sender's identifier and the package id;
   * files already stored (`fileIds`) or as bytes (`attachments`, inspected like an upload: a refused one is left
   * out and named in `refusedFiles`). A package received twice is a duplicate too.
   */
  async registerReceived(input: ReceivedDocumentInput): Promise<Registration> {
    const now = new Date();
    const errors: FieldError[] = [];
    const agency = isUuid(input.agencyId) ? await this.repo.agency(this.db, input.agencyId) : undefined;
    if (!agency) errors.push({ path: '/agencyId', code: 'INCOMING_AGENCY_INVALID' });
    const senderCode = (input.senderCode ?? '').trim();
    const packageId = (input.packageId ?? '').trim();
    if (!senderCode || senderCode.length > 100) errors.push({ path: '/senderCode', code: 'required' });
    if (!packageId || packageId.length > 200) errors.push({ path: '/packageId', code: 'required' });
    const receivedAt = input.receivedAt && !Number.isNaN(Date.parse(input.receivedAt)) ? new Date(input.receivedAt) : now;
    const { value, errors: metaErrors } = checkMetadata(input, vietnamDate(now));
    errors.push(...metaErrors);
    if (errors.length || !value || !agency) invalid(errors);
    const byPackage = await this.repo.byPackage(this.db, agency.id, packageId);
    if (byPackage) throw new DomainError('INCOMING_DUPLICATE', { number: byPackage.number, year: byPackage.year, id: byPackage.id });
    await this.refuseDuplicate(this.db, agency.id, value);
    const registered = await this.guard(agency.id, value, () =>
      this.db.transaction().execute((tx) => this.insert(tx, null, agency.id, value, { channel: 'electronic', receivedAt, senderCode, packageId })),
    );
    const refusedFiles: string[] = [];
    for (const fileId of (input.fileIds ?? []).slice(0, MAX_FILES)) {
      if (!isUuid(fileId) || !(await this.files.metadata(fileId))) {
        refusedFiles.push(fileId);
        continue;
      }
      await this.linkStored(registered.id, fileId);
    }
    for (const attachment of (input.attachments ?? []).slice(0, MAX_FILES)) {
      try {
        await this.attachUpload(null, registered.id, { source: once(attachment.content), filename: attachment.name });
      } catch (error) {
        if (!(error instanceof DomainError) || error.status >= 500) throw error;
        refusedFiles.push(attachment.name);
        await this.db.transaction().execute((tx) => this.repo.event(tx, registered.id, 'file_refused', null, { name: attachment.name, code: error.code }));
      }
    }
    return { id: registered.id, number: registered.number, year: registered.year, refusedFiles };
  }

  private async refuseDuplicate(db: Executor, agencyId: string, value: Metadata): Promise<void> {
    const existing = await this.repo.duplicateOf(db, { agencyId, issuerFolded: value.issuerFolded, numberSymbolNorm: value.numberSymbolNorm, issuedOn: value.issuedOn });
    if (existing) throw new DomainError('INCOMING_DUPLICATE', { number: existing.number, year: existing.year, id: existing.id });
  }

  /** Runs a registration; the unique index's refusal (a concurrent duplicate) becomes INCOMING_DUPLICATE. */
  private async guard<T>(agencyId: string, value: Metadata, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ConcurrentInsert)) throw error;
      await this.refuseDuplicate(this.db, agencyId, value);
      throw new DomainError('INCOMING_DUPLICATE', { number: '?', year: '?' });
    }
  }

  private searchParts(row: Pick<IncomingRow, 'number' | 'year' | 'issuer' | 'number_symbol' | 'issued_on' | 'doc_type' | 'excerpt' | 'signer' | 'sender_code' | 'urgency' | 'confidentiality'>) {
    return [`${row.number}/${row.year}`, row.issuer, row.number_symbol, row.number_symbol.replace(/[/-]/g, ' '), formatDate(row.issued_on), row.doc_type, row.excerpt, row.signer, row.sender_code];
  }

  private async insert(
    tx: Executor,
    actor: Actor | null,
    agencyId: string,
    value: Metadata,
    how: { channel: 'paper' | 'electronic'; receivedAt: Date; senderCode: string | null; packageId: string | null },
  ): Promise<{ id: string; number: number; year: number; row: IncomingRow }> {
    const year = vietnamYear(how.receivedAt);
    const number = await this.repo.nextNumber(tx, agencyId, year);
    const base = {
      number,
      year,
      issuer: value.issuer,
      number_symbol: value.numberSymbol,
      issued_on: value.issuedOn,
      doc_type: value.docType,
      excerpt: value.excerpt,
      signer: value.signer,
      sender_code: how.senderCode,
      urgency: value.urgency,
      confidentiality: value.confidentiality,
    };
    const row = await this.repo.insert(tx, {
      ...base,
      agency_id: agencyId,
      channel: how.channel,
      received_at: how.receivedAt,
      issuer_folded: value.issuerFolded,
      number_symbol_norm: value.numberSymbolNorm,
      page_count: value.pageCount,
      package_id: how.packageId,
      registered_by: actor?.id ?? null,
      search_text: buildSearchText(this.searchParts(base)),
    });
    await this.repo.event(tx, row.id, 'registered', actor?.id ?? null, { number: `${number}/${year}`, channel: how.channel }, how.receivedAt);
    await this.announce(tx, row, 'registered', how.receivedAt);
    await this.audit.record(tx, actor, { action: 'incoming.register', targetType: 'incoming_document', targetId: row.id, agencyId, summary: { number, year, numberSymbol: value.numberSymbol, issuer: value.issuer, channel: how.channel } });
    return { id: row.id, number, year, row };
  }

  // --- files ---------------------------------------------------------------------------------------------------

  /** Adds a file (a scan, an attachment) to a document: its clerk or its participants; content inspected; PDF text searched. */
  async attach(actor: Actor | null, id: string, upload: Upload): Promise<{ id: string; name: string }> {
    const { row } = await this.readable(actor, id);
    if (!(await this.isClerk(actor!, row.agency_id)) && !(await this.participants(this.db, row.id, row)).assignees.some((a) => a.accountId === actor!.id) && row.leader_id !== actor!.id) {
      throw new DomainError('INCOMING_NOT_ALLOWED');
    }
    return this.attachUpload(actor, row.id, upload);
  }

  private async attachUpload(actor: Actor | null, id: string, upload: Upload): Promise<{ id: string; name: string }> {
    const existing = await this.repo.files(this.db, id);
    if (existing.length >= MAX_FILES) invalid([{ path: '/file', code: 'INCOMING_TOO_MANY_FILES', params: { max: MAX_FILES } }]);
    return receiveUpload(this.files, upload, { maxFileBytes: this.options.maxFileBytes, maxTotalBytes: this.options.maxFileBytes, usedBytes: 0 }, async (staged, mediaType, commit) => {
      const text = mediaType === 'application/pdf' ? await this.pdfText.extract(staged.tempPath) : '';
      return this.db.transaction().execute(async (tx) => {
        const row = (await this.repo.byId(tx, id, true))!;
        const file = await commit(tx, actor?.id ?? (null as unknown as string));
        await this.repo.addFile(tx, id, file.id, text.length);
        await this.repo.event(tx, id, 'file', actor?.id ?? null, { name: staged.originalName });
        if (text) await this.repo.setFlags(tx, id, { search_text: `${row.search_text} ${buildSearchText([], text)}`.slice(0, 2 * 200_000) });
        return { id: file.id, name: staged.originalName };
      });
    });
  }

  /** Links a file already stored (an exchange package's) and searches its text when it is a PDF. */
  private async linkStored(id: string, fileId: string): Promise<void> {
    const meta = await this.files.metadata(fileId);
    let text = '';
    if (meta?.media_type === 'application/pdf') {
      const opened = await this.files.open(fileId);
      if (opened) {
        const path = join(tmpdir(), `opendvc-incoming-${randomUUID()}.pdf`);
        try {
          await pipeline(opened.stream, createWriteStream(path));
          text = await this.pdfText.extract(path);
        } catch {
          text = '';
        } finally {
          await rm(path, { force: true });
        }
      }
    }
    await this.db.transaction().execute(async (tx) => {
      const row = (await this.repo.byId(tx, id, true))!;
      await this.repo.addFile(tx, id, fileId, text.length);
      await this.repo.event(tx, id, 'file', null, { name: meta?.original_name ?? '' });
      if (text) await this.repo.setFlags(tx, id, { search_text: `${row.search_text} ${buildSearchText([], text)}`.slice(0, 2 * 200_000) });
    });
  }

  async openFile(actor: Actor | null, id: string, fileId: string) {
    const { row } = await this.readable(actor, id);
    if (!isUuid(fileId) || !(await this.repo.fileOf(this.db, row.id, fileId))) throw new DomainError('NOT_FOUND');
    const opened = await this.files.open(fileId);
    if (!opened) throw new DomainError('NOT_FOUND');
    return opened;
  }

  // --- reading -------------------------------------------------------------------------------------------------

  private async participants(db: Executor, id: string, row: Pick<IncomingRow, 'registered_by' | 'leader_id'>): Promise<Participants & { rows: Awaited<ReturnType<IncomingRepository['assignees']>> }> {
    const rows = await this.repo.assignees(db, id);
    return { registeredBy: row.registered_by, leaderId: row.leader_id, assignees: rows.map((r) => ({ accountId: r.account_id, role: r.role })), rows };
  }

  /**
   * The document, if the actor reads the register of its agency (no role anywhere → 403, another agency → 404)
   * and, when it is confidential, is one of its participants (else 404: its existence is not told).
   */
  private async readable(actor: Actor | null, id: string, db: Executor = this.db, lock = false): Promise<{ row: IncomingRow; participants: Participants & { rows: Awaited<ReturnType<IncomingRepository['assignees']>> } }> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const scope = await this.agencies.scopeOf(actor, INCOMING_ROLES, db);
    if (!scope.length) throw new DomainError('FORBIDDEN');
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    const row = await this.repo.byId(db, id, lock);
    if (!row || !scope.includes(row.agency_id)) throw new DomainError('NOT_FOUND');
    const participants = await this.participants(db, row.id, row);
    if (!mayOpen(row.confidentiality, actor.id, participants)) throw new DomainError('NOT_FOUND');
    return { row, participants };
  }

  private async isClerk(actor: Actor, agencyId: string, db: Executor = this.db): Promise<boolean> {
    return (await this.agencies.scopeOf(actor, CLERK_ROLES, db)).includes(agencyId);
  }

  private async isLeader(actor: Actor, agencyId: string, db: Executor = this.db): Promise<boolean> {
    return (await this.agencies.scopeOf(actor, LEADER_ROLES, db)).includes(agencyId);
  }

  async detail(actor: Actor | null, id: string, now = new Date()): Promise<IncomingDetail> {
    const { row, participants } = await this.readable(actor, id);
    const who = { accountId: actor!.id, clerk: await this.isClerk(actor!, row.agency_id), leader: await this.isLeader(actor!, row.agency_id) };
    const [agency, files, events, registeredBy, leader, department] = await Promise.all([
      this.repo.agency(this.db, row.agency_id),
      this.repo.files(this.db, row.id),
      this.repo.events(this.db, row.id),
      row.registered_by ? this.repo.account(this.db, row.registered_by) : Promise.resolve(undefined),
      row.leader_id ? this.repo.account(this.db, row.leader_id) : Promise.resolve(undefined),
      row.lead_department_id ? this.repo.department(this.db, row.lead_department_id) : Promise.resolve(undefined),
    ]);
    return {
      id: row.id,
      agency: { id: row.agency_id, code: agency?.code ?? '', name: agency?.name ?? '' },
      number: row.number,
      year: row.year,
      channel: row.channel,
      receivedAt: row.received_at,
      issuer: row.issuer,
      numberSymbol: row.number_symbol,
      issuedOn: row.issued_on,
      docType: row.doc_type,
      excerpt: row.excerpt,
      signer: row.signer,
      urgency: row.urgency,
      confidentiality: row.confidentiality,
      pageCount: row.page_count,
      senderCode: row.sender_code,
      packageId: row.package_id,
      status: row.status,
      registeredBy: registeredBy ? { id: registeredBy.id, name: registeredBy.full_name } : null,
      leader: leader ? { id: leader.id, name: leader.full_name } : null,
      leadDepartment: department ? { id: department.id, name: department.name } : null,
      assignees: participants.rows.map((r) => ({ id: r.account_id, name: r.full_name, role: r.role })),
      deadlineAt: row.deadline_at,
      overdue: isOverdue(row, now),
      closedAt: row.closed_at,
      onTime: handledOnTime(row.closed_at, row.deadline_at),
      outgoingId: row.outgoing_id,
      files: files.map((f) => ({ id: f.id, name: f.original_name, mediaType: f.media_type, sizeBytes: Number(f.size_bytes), textChars: f.text_chars })),
      events: events.map((e) => ({ at: e.at, kind: e.kind, actor: e.actor_name, params: (e.params ?? {}) as Record<string, string | number | null> })),
      actions: ACTIONS.filter((a) => a !== 'answer' && transition(row.status, a) !== null && mayAct(a, who, participants)),
      version: row.version,
    };
  }

  /** The people and departments the forms offer: leaders to route to, staff to assign, the agency's departments. */
  async candidates(actor: Actor | null, id: string): Promise<{ leaders: Array<{ id: string; name: string }>; staff: Array<{ id: string; name: string }>; departments: Array<{ id: string; name: string }> }> {
    const { row } = await this.readable(actor, id);
    const ancestry = await this.ancestry(row.agency_id);
    const unique = (rows: Array<{ id: string; full_name: string }>) => [...new Map(rows.map((r) => [r.id, { id: r.id, name: r.full_name }])).values()];
    return {
      leaders: unique(await this.repo.staffWithRoles(this.db, ancestry, LEADER_ROLES)),
      staff: unique(await this.repo.staffWithRoles(this.db, ancestry, ASSIGNEE_ROLES)),
      departments: (await this.repo.departments(this.db, row.agency_id)).map((d) => ({ id: d.id, name: d.name })),
    };
  }

  private async ancestry(agencyId: string, db: Executor = this.db): Promise<string[]> {
    const ids: string[] = [];
    let current: string | null = agencyId;
    while (current && !ids.includes(current) && ids.length < 20) {
      ids.push(current);
      current = (await this.repo.agency(db, current))?.parent_id ?? null;
    }
    return ids;
  }

  /** The register of the actor's agencies: search any field (accent-free, the PDFs' text too), filters, pages. */
  async list(actor: Actor | null, query: ListQuery = {}, now = new Date()): Promise<{ rows: Array<ListRow & { overdue: boolean }>; total: number; page: number; pageCount: number }> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const scope = await this.agencies.scopeOf(actor, INCOMING_ROLES);
    if (!scope.length) throw new DomainError('FORBIDDEN');
    const pageSize = Math.max(1, Math.min(100, query.pageSize ?? 20));
    const page = Math.max(1, Math.min(10_000, Math.floor(query.page ?? 1)));
    const status = query.status && ([...STATUSES, 'open', 'overdue'] as string[]).includes(query.status) ? (query.status as IncomingStatus | 'open' | 'overdue') : undefined;
    const { rows, total } = await this.repo.list(this.db, {
      scope,
      actorId: actor.id,
      words: searchWords(query.q),
      status,
      mine: query.mine,
      docType: query.docType && /^[a-z_]{1,40}$/.test(query.docType) ? query.docType : undefined,
      urgency: query.urgency && /^[a-z_]{1,20}$/.test(query.urgency) ? query.urgency : undefined,
      from: query.from,
      to: query.to,
      now,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { rows: rows.map((r) => ({ ...r, overdue: isOverdue(r, now) })), total, page, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
  }

  // --- the workflow --------------------------------------------------------------------------------------------

  /** One action on a document (route, assign, opinion, close), under its row lock, at `version`; audited; a history row. */
  async act(actor: Actor | null, id: string, action: string, input: Record<string, unknown> & { version?: unknown }, now = new Date()): Promise<IncomingDetail> {
    await this.db.transaction().execute(async (tx) => {
      const { row, participants } = await this.readable(actor, id, tx, true);
      if (!isAction(action) || action === 'answer') throw new DomainError('NOT_FOUND');
      const who = { accountId: actor!.id, clerk: await this.isClerk(actor!, row.agency_id, tx), leader: await this.isLeader(actor!, row.agency_id, tx) };
      if (!mayAct(action, who, participants)) throw new DomainError('INCOMING_NOT_ALLOWED');
      if (typeof input.version === 'number' && input.version !== row.version) throw new DomainError('INCOMING_STALE');
      const next = transition(row.status, action);
      if (!next) throw new DomainError('INCOMING_STATE');
      const patch: Parameters<IncomingRepository['update']>[3] = { status: next };
      const params: Record<string, string | number | null> = {};
      if (action === 'route') {
        const leaderId = typeof input.leaderId === 'string' ? input.leaderId.trim() : '';
        const leaders = isUuid(leaderId) ? await this.repo.staffWithRoles(tx, await this.ancestry(row.agency_id, tx), LEADER_ROLES) : [];
        const leader = leaders.find((l) => l.id === leaderId);
        if (!leader) invalid([{ path: '/leaderId', code: 'INCOMING_LEADER_INVALID' }]);
        patch.leader_id = leader.id;
        patch.routed_at = now;
        params.leader = leader.full_name;
        const note = typeof input.note === 'string' ? input.note.trim().slice(0, MAX_OPINION) : '';
        if (note) params.note = note;
      } else if (action === 'assign') {
        const errors: FieldError[] = [];
        const chosen = parseAssignees({ leadId: input.leadId, coordinateIds: input.coordinateIds, informIds: input.informIds });
        errors.push(...chosen.errors);
        const deadline = checkDeadline({ deadline: input.deadline, workingDays: input.workingDays }, row.urgency, vietnamDate(now));
        errors.push(...deadline.errors);
        const staff = await this.repo.staffWithRoles(tx, await this.ancestry(row.agency_id, tx), ASSIGNEE_ROLES);
        const names = new Map(staff.map((s) => [s.id, s]));
        for (const a of chosen.value) {
          if (!isUuid(a.accountId) || !names.has(a.accountId)) {
            errors.push({ path: a.role === 'lead' ? '/leadId' : a.role === 'coordinate' ? '/coordinateIds' : '/informIds', code: 'INCOMING_ASSIGNEE_INVALID' });
            break;
          }
        }
        const departmentId = typeof input.leadDepartmentId === 'string' ? input.leadDepartmentId.trim() : '';
        let departmentName: string | null = null;
        if (departmentId) {
          const department = isUuid(departmentId) ? await this.repo.department(tx, departmentId) : undefined;
          if (!department || department.agency_id !== row.agency_id) errors.push({ path: '/leadDepartmentId', code: 'INCOMING_DEPARTMENT_INVALID' });
          else departmentName = department.name;
        }
        if (errors.length) invalid(errors);
        const choice = deadline.value!;
        const deadlineAt =
          choice.kind === 'date'
            ? new Date(vietnamDayEnd(choice.day).getTime() - 1)
            : await this.calendar.dueAt({ from: now, workingDays: choice.days, agencyId: row.agency_id, db: tx });
        await this.repo.setAssignees(tx, row.id, chosen.value);
        patch.lead_department_id = departmentId || null;
        patch.deadline_at = deadlineAt;
        patch.assigned_at = now;
        patch.reminded_at = null;
        patch.overdue_notified_at = null;
        if (!row.leader_id) patch.leader_id = actor!.id;
        params.lead = names.get(chosen.value[0]!.accountId)!.full_name;
        params.coordinate = chosen.value.filter((a) => a.role === 'coordinate').map((a) => names.get(a.accountId)!.full_name).join(', ');
        params.inform = chosen.value.filter((a) => a.role === 'inform').map((a) => names.get(a.accountId)!.full_name).join(', ');
        params.department = departmentName;
        params.deadline = formatDateTime(deadlineAt);
        const note = typeof input.note === 'string' ? input.note.trim().slice(0, MAX_OPINION) : '';
        if (note) params.note = note;
      } else if (action === 'opinion') {
        const text = typeof input.text === 'string' ? input.text.replace(/\r\n/g, '\n').trim() : '';
        if (!text) invalid([{ path: '/text', code: 'INCOMING_OPINION_REQUIRED' }]);
        if (text.length > MAX_OPINION) invalid([{ path: '/text', code: 'INCOMING_TOO_LONG', params: { max: MAX_OPINION } }]);
        params.text = text;
      } else if (action === 'close') {
        patch.closed_at = now;
        const onTime = handledOnTime(now, row.deadline_at);
        params.onTime = onTime === null ? null : onTime ? 1 : 0;
        const note = typeof input.note === 'string' ? input.note.trim().slice(0, MAX_OPINION) : '';
        if (note) params.note = note;
      }
      if (!(await this.repo.update(tx, row.id, row.version, patch))) throw new DomainError('INCOMING_STALE');
      const event = eventOf(action, row.status);
      await this.repo.event(tx, row.id, event, actor!.id, params, now);
      await this.announce(tx, { ...row, deadline_at: patch.deadline_at instanceof Date ? patch.deadline_at : row.deadline_at }, event, now);
      await this.audit.record(tx, actor, { action: `incoming.${action}`, targetType: 'incoming_document', targetId: row.id, agencyId: row.agency_id, summary: { number: row.number, year: row.year, ...(action === 'opinion' ? {} : params) } });
    });
    return this.detail(actor, id, now);
  }

  /** The workflow event, on the outbox in the same transaction (topic `incoming.status`; StatusAnnouncement). */
  private async announce(tx: Executor, row: Pick<IncomingRow, 'id' | 'agency_id' | 'channel' | 'sender_code' | 'package_id' | 'number' | 'year' | 'deadline_at'>, event: AnnouncedEvent, at: Date): Promise<void> {
    const payload: StatusAnnouncement = {
      documentId: row.id,
      agencyId: row.agency_id,
      event,
      at: at.toISOString(),
      channel: row.channel,
      senderCode: row.sender_code,
      packageId: row.package_id,
      number: row.number,
      year: row.year,
      deadlineAt: row.deadline_at ? row.deadline_at.toISOString() : null,
    };
    await this.outbox.enqueue(tx, STATUS_TOPIC, { ...payload });
  }

  // --- ports of the outgoing module ------------------------------------------------------------------------------

  /** The metadata an answer prefills (the outgoing module), for a reader of the document. */
  async getForAnswer(id: string, actor: Actor | null): Promise<AnswerSource> {
    const { row } = await this.readable(actor, id);
    return {
      id: row.id,
      agencyId: row.agency_id,
      number: row.number,
      year: row.year,
      issuer: row.issuer,
      numberSymbol: row.number_symbol,
      issuedOn: row.issued_on,
      docType: row.doc_type,
      excerpt: row.excerpt,
      urgency: row.urgency,
      confidentiality: row.confidentiality,
      senderCode: row.sender_code,
      status: row.status,
    };
  }

  /**
   * An outgoing document answered the incoming one (the outgoing module, once it is issued): the document is
   * answered (closed), with the outgoing id and a history row. Already answered by the same outgoing document: no-op.
   * `tx`: the outgoing module's transaction, when it wants both in one.
   */
  async markAnswered(incomingId: string, outgoingId: string, actor: Actor | null, tx?: Executor): Promise<void> {
    const run = async (db: Executor) => {
      const { row } = await this.readable(actor, incomingId, db, true);
      if (row.status === 'answered' && row.outgoing_id === outgoingId) return;
      if (!isUuid(outgoingId)) invalid([{ path: '/outgoingId', code: 'format' }]);
      if (!transition(row.status, 'answer')) throw new DomainError('INCOMING_STATE');
      const now = new Date();
      if (!(await this.repo.update(db, row.id, row.version, { status: 'answered', closed_at: now, outgoing_id: outgoingId }))) throw new DomainError('INCOMING_STALE');
      const onTime = handledOnTime(now, row.deadline_at);
      await this.repo.event(db, row.id, 'answered', actor?.id ?? null, { outgoing: outgoingId, onTime: onTime === null ? null : onTime ? 1 : 0 }, now);
      await this.announce(db, row, 'answered', now);
      await this.audit.record(db, actor, { action: 'incoming.answer', targetType: 'incoming_document', targetId: row.id, agencyId: row.agency_id, summary: { number: row.number, year: row.year, outgoingId } });
    };
    if (tx) await run(tx);
    else await this.db.transaction().execute(run);
  }

  // --- reports -------------------------------------------------------------------------------------------------

  /** Received in [from, to) by type and urgency; on-time handling by department; the overdue list. */
  async report(actor: Actor | null, from: Date, to: Date, now = new Date()): Promise<IncomingReport> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const scope = await this.agencies.scopeOf(actor, REPORT_ROLES);
    if (!scope.length) throw new DomainError('FORBIDDEN');
    if (!(from < to) || to.getTime() - from.getTime() > 367 * 86_400_000) invalid([{ path: '/from', code: 'INCOMING_PERIOD_INVALID' }]);
    const [received, departments, overdue] = await Promise.all([
      this.repo.receivedBy(this.db, scope, from, to),
      this.repo.byDepartment(this.db, scope, from, to, now),
      this.repo.overdue(this.db, scope, actor.id, now),
    ]);
    return {
      received: received.map((r) => ({ docType: r.doc_type, urgency: r.urgency, channel: r.channel, count: Number(r.n) })).sort((a, b) => a.docType.localeCompare(b.docType) || a.urgency.localeCompare(b.urgency)),
      departments: departments.map(({ departmentId: _omit, ...rest }) => rest),
      overdue: overdue.map((r) => ({ id: r.id, number: r.number, year: r.year, issuer: r.issuer, numberSymbol: r.number_symbol, excerpt: r.excerpt, deadlineAt: r.deadline_at!, lead: r.lead_name })),
    };
  }

  // --- reminders (job incoming.remind) ---------------------------------------------------------------------------

  /**
   * Warns the assignees (and the leader) of an open assigned document once when its deadline is within
   * REMIND_WORKING_DAYS working days, and once when it is overdue: e-mail in each recipient's language, a history row.
   */
  async remind(now = new Date(), batch = 200): Promise<{ dueSoon: number; overdue: number }> {
    const bound = new Date(now.getTime() + 30 * 86_400_000);
    const outcomes = await runReminders(this.db, {
      items: await this.repo.dueOpen(this.db, bound, batch),
      agencyOf: (item) => item.agency_id,
      limitOf: (agencyId) => this.calendar.dueAt({ from: now, workingDays: REMIND_WORKING_DAYS, agencyId }),
      lock: (tx, item) => this.repo.byId(tx, item.id, true),
      kindOf: (entry, soon) => reminderKind(entry, now, soon),
      send: async (tx, row, kind) => {
        const people = new Set((await this.repo.assignees(tx, row.id)).filter((a) => a.role !== 'inform').map((a) => a.account_id));
        if (row.leader_id) people.add(row.leader_id);
        let told = 0;
        for (const personId of people) {
          const person = await this.repo.account(tx, personId);
          if (!person?.email) continue;
          const locale = (person.locale ?? DEFAULT_LOCALE) as Locale;
          const url = `${this.options.baseUrl}/can-bo/van-ban-den/${row.id}`;
          const params = { number: `${row.number}/${row.year}`, symbol: row.number_symbol, excerpt: row.excerpt.slice(0, 200), deadline: formatDateTime(row.deadline_at) };
          await this.mail.queue(tx, { to: person.email, subject: translate(locale, `incoming.mail.${kind}.subject`, params), ...paragraphsMail([translate(locale, `incoming.mail.${kind}.body`, params), url], url) });
          told++;
        }
        await this.repo.setFlags(tx, row.id, kind === 'overdue' ? { overdue_notified_at: now, reminded_at: row.reminded_at ?? now } : { reminded_at: now });
        await this.repo.event(tx, row.id, kind === 'overdue' ? 'overdue' : 'reminded', null, { recipients: told }, now);
      },
    });
    return { dueSoon: countReminders(outcomes, 'due_soon'), overdue: countReminders(outcomes, 'overdue') };
  }
}
