// Outgoing official documents (văn bản đi; issue 19): drafting in the national layout, review along the agency's
// approval chain (per document type; each reviewer approves or returns with a comment), signing by the signer and
// the agency's seal signature (two PAdES signatures through the results module's port), numbering in the
// outgoing register at issue (one number per document, gap-free per agency and year), sending to the recipients
// (agencies on OpenDVC receive it as an incoming document; outside addressees through the document exchange), and a
// dossier's result issued as an outgoing document (the signed PDF recorded as the dossier's result, both linked).
// Every change: one transaction — load under the row lock → rules → persist → history row → audit → outbox.
import type { Actor } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.ts';
import { vietnamDate, vietnamYear } from '../../core/time.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { OutgoingChainStep, Role } from '../../db/schema.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { FileStorage, OpenedFile } from '../files/files.service.ts';
import { DOCUMENT_TYPES, isDocumentType, numberSymbol, type DocumentTypeCode } from '../kernel/official-document.ts';
import { OutboxService, type OutboxWriter } from '../outbox/outbox.service.ts';
import { renderOutgoing } from './outgoing.pdf.ts';
import { OutgoingRepository, type DocumentRow } from './outgoing.repository.ts';
import {
  CHAIN_EDIT_ROLES,
  CHAIN_ROLES,
  checkChain,
  checkDraft,
  checkRecipients,
  decide,
  defaultIssuerAbbreviation,
  DRAFT_ROLES,
  editable,
  isReviewer,
  READ_ROLES,
  type OutgoingAction,
  type OutgoingStatus,
  type RecipientInput,
} from './outgoing.rules.ts';
import './outgoing.errors.ts';

// ---------------------------------------------------------------------------------------------
// Ports (wired in src/container.ts)
// ---------------------------------------------------------------------------------------------

/** What the results module does for outgoing documents (ResultsService: signOfficial, dossierForDocument, recordIssuedDocument). */
export interface OutgoingResults {
  signOfficial(pdf: Buffer, input: { signer: { id: string; name: string }; agency: { id: string; name: string }; at: Date; reason: string; location: string }): Promise<{ bytes: Buffer; signerSubject: string; sealSubject: string }>;
  dossierForDocument(actor: Actor | null, dossierId: string, db?: Executor): Promise<{ id: string; code: string | null; status: number | null; issuable: boolean; agencyId: string; agencyName: string; procedureName: string; procedureCode: string; applicantName: string }>;
  recordIssuedDocument(tx: Executor, actor: Actor | null, dossierId: string, input: { bytes: Buffer; name: string; title: string; signerSubject: string; signedAt: Date }): Promise<{ code: string }>;
  /** The dossier's code, for the document page's link (the reader is authorised on the document). */
  dossierCode?(dossierId: string): Promise<string>;
}

/** An incoming document answered by an outgoing one (the incoming module). */
export interface AnsweredIncoming {
  id: string;
  agencyId: string;
  numberSymbol: string;
  excerpt: string;
  issuer: string;
}

/** A document received electronically by an agency on OpenDVC (the incoming module's registerReceived). */
export interface ReceivedDocument {
  agencyId: string;
  issuer: string;
  senderCode: string;
  numberSymbol: string;
  issuedOn: string;
  docType: DocumentTypeCode;
  excerpt: string;
  signer: string;
  urgency: string;
  confidentiality: string;
  packageId: string;
  /** The signed PDF, already stored. */
  fileId: string;
}

export interface IncomingPort {
  getForAnswer(actor: Actor | null, id: string): Promise<AnsweredIncoming>;
  markAnswered(tx: Executor, actor: Actor, incomingId: string, outgoing: { id: string; numberSymbol: string; issuedAt: Date }): Promise<void>;
  registerReceived(input: ReceivedDocument): Promise<void>;
}

/** Outside addressees through the national document exchange (the docexchange module's send). */
export interface DocExchangePort {
  send(input: { documentId: string; recipient: { name: string; address: string | null }; issuer: { code: string; name: string }; numberSymbol: string; docType: DocumentTypeCode; excerpt: string; signer: string; issuedAt: Date; file: { bytes: Buffer; name: string } }): Promise<{ reference: string }>;
}

export interface OutgoingPorts {
  results: OutgoingResults;
  incoming?: IncomingPort | null;
  docExchange?: DocExchangePort | null;
}

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

export interface DraftInput {
  agencyCode?: string | undefined;
  docType: string;
  excerpt: string;
  body: string;
  place: string;
  urgency?: string | undefined;
  confidentiality?: string | undefined;
  issuerAbbreviation?: string | undefined;
  unitAbbreviation?: string | undefined;
  signerId: string;
  signerTitle: string;
  recipients: RecipientInput[];
  answersIncomingId?: string | undefined;
  dossierId?: string | undefined;
}

export interface DocumentView {
  id: string;
  agency: { id: string; code: string; name: string };
  docType: DocumentTypeCode;
  excerpt: string;
  body: string;
  place: string;
  urgency: string;
  confidentiality: string;
  issuerAbbreviation: string;
  unitAbbreviation: string | null;
  signer: { id: string; name: string; title: string };
  status: OutgoingStatus;
  chain: Array<{ position: number; label: string; role: string | null; accountId: string | null; current: boolean; done: boolean }>;
  step: number | null;
  numberSymbol: string | null;
  issuedAt: Date | null;
  answersIncomingId: string | null;
  dossier: { id: string; code: string | null } | null;
  resultCode: string | null;
  signerSubject: string | null;
  sealSubject: string | null;
  sha256: string | null;
  recipients: Array<{ position: number; agencyCode: string | null; name: string; address: string | null; sendStatus: string; sentAt: Date | null; note: string | null }>;
  events: Array<{ kind: string; params: Record<string, string | number | null>; at: Date; actor: string | null }>;
  version: number;
  may: { edit: boolean; review: boolean; issue: boolean };
}

export interface ListItem {
  id: string;
  docType: string;
  excerpt: string;
  status: OutgoingStatus;
  numberSymbol: string | null;
  issuedAt: Date | null;
  updatedAt: Date;
  agencyName: string;
  signerName: string;
  dossierId: string | null;
  awaitsMe: boolean;
}

const ROLE_LABEL: Record<string, string> = { specialist: 'Chuyên viên', department_head: 'Trưởng phòng', agency_leader: 'Lãnh đạo cơ quan' };

function fileName(row: { number_symbol: string | null; id: string }): string {
  return `van-ban-${(row.number_symbol ?? row.id).replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'du-thao'}.pdf`;
}

export class OutgoingService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly files: FileStorage,
    private ports: OutgoingPorts,
    private readonly outbox: OutboxWriter = new OutboxService(),
    private readonly repo = new OutgoingRepository(),
  ) {}

  /** Late wiring: the incoming and document-exchange modules (built after this one in the container). */
  setPorts(ports: Partial<OutgoingPorts>): void {
    this.ports = { ...this.ports, ...ports };
  }

  // --- authorisation -----------------------------------------------------------------------------------

  private async allowed(db: Executor, actor: Actor | null, roles: readonly Role[], agencyId: string): Promise<boolean> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN');
    try {
      await this.agencies.authorize(actor, roles, agencyId, db);
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'FORBIDDEN') return false;
      throw error;
    }
  }

  /** The document for someone who may read it (its agency's staff, its signer and its named reviewers); else NOT_FOUND. */
  private async readable(db: Executor, actor: Actor | null, id: string, lock = false): Promise<DocumentRow> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN');
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    const row = await this.repo.document(db, id, lock);
    if (!row) throw new DomainError('NOT_FOUND');
    const named = row.signer_id === actor.id || row.chain.some((s) => 'accountId' in s && s.accountId === actor.id);
    if (!named && !(await this.allowed(db, actor, READ_ROLES, row.agency_id))) throw new DomainError('NOT_FOUND');
    return row;
  }

  private requireStaff(actor: Actor | null): Actor {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN');
    return actor;
  }

  /** The agency the actor drafts for: the one named (within their scope), else their own. */
  private async draftingAgency(db: Executor, actor: Actor, code: string | undefined) {
    const scope = await this.agencies.scopeOf(actor, DRAFT_ROLES, db);
    if (!scope.length) throw new DomainError('FORBIDDEN');
    const agency = code ? await this.agencies.byCode(code, db) : actor.agencyId ? await this.agencies.byId(actor.agencyId, db) : await this.agencies.byId(scope[0]!, db);
    if (!agency || !scope.includes(agency.id)) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/agencyCode', code: 'OUTGOING_RECIPIENT_UNKNOWN' }]);
    return agency;
  }

  // --- reading ------------------------------------------------------------------------------------------

  /** What the drafting form offers: the actor's agencies, the chosen agency's leaders (signers), defaults. */
  async formOptions(actor: Actor | null, agencyCode?: string) {
    const a = this.requireStaff(actor);
    const agency = await this.draftingAgency(this.db, a, agencyCode);
    const leaders = await this.repo.staffWithRoles(this.db, [agency.id], ['agency_leader']);
    return {
      agency: { id: agency.id, code: agency.code, name: agency.name },
      signers: [...new Map(leaders.map((l) => [l.id, { id: l.id, name: l.full_name }])).values()],
      issuerAbbreviation: defaultIssuerAbbreviation(agency.name, agency.short_name),
      tree: await this.agencies.scopeTree(a, DRAFT_ROLES),
    };
  }

  /** A prefilled draft answering an incoming document, or carrying a dossier's result. */
  async prefill(actor: Actor | null, from: { incoming?: string | undefined; dossier?: string | undefined }): Promise<Partial<Record<string, string>>> {
    this.requireStaff(actor);
    if (from.dossier) {
      const d = await this.ports.results.dossierForDocument(actor, from.dossier);
      return {
        dossierId: d.id,
        dossierCode: d.code ?? '',
        docType: 'decision',
        excerpt: `Về việc giải quyết hồ sơ ${d.code ?? ''} – ${d.procedureName}`.slice(0, 1000),
        body: `Căn cứ hồ sơ số ${d.code ?? ''} của ${d.applicantName || 'tổ chức, cá nhân'} đề nghị giải quyết thủ tục hành chính "${d.procedureName}" (mã ${d.procedureCode});\n\nĐiều 1. Chấp thuận đề nghị của ${d.applicantName || 'tổ chức, cá nhân'} theo hồ sơ nêu trên.\n\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.`,
        recipientName: d.applicantName,
      };
    }
    if (from.incoming && this.ports.incoming) {
      const i = await this.ports.incoming.getForAnswer(actor, from.incoming);
      return { answersIncomingId: i.id, docType: 'official_letter', excerpt: `Trả lời văn bản số ${i.numberSymbol} của ${i.issuer}`.slice(0, 1000), answers: `${i.numberSymbol} – ${i.excerpt}`, recipientName: i.issuer };
    }
    return {};
  }

  async detail(actor: Actor | null, id: string): Promise<DocumentView> {
    const row = await this.readable(this.db, actor, id);
    const [recipients, events, roles] = await Promise.all([this.repo.recipients(this.db, id), this.repo.events(this.db, id), this.agencies.rolesOn(actor, [row.agency_id])]);
    const held = roles.get(row.agency_id) ?? new Set<Role>();
    const step = row.step !== null ? row.chain[row.step - 1] : undefined;
    return {
      id: row.id,
      agency: { id: row.agency_id, code: row.agency_code, name: row.agency_name },
      docType: row.doc_type as DocumentTypeCode,
      excerpt: row.excerpt,
      body: row.body,
      place: row.place,
      urgency: row.urgency,
      confidentiality: row.confidentiality,
      issuerAbbreviation: row.issuer_abbreviation,
      unitAbbreviation: row.unit_abbreviation,
      signer: { id: row.signer_id, name: row.signer_name, title: row.signer_title },
      status: row.status,
      chain: row.chain.map((s, i) => ({
        position: i + 1,
        label: 'role' in s ? (ROLE_LABEL[s.role] ?? s.role) : s.name,
        role: 'role' in s ? s.role : null,
        accountId: 'accountId' in s ? s.accountId : null,
        current: row.status === 'in_review' && row.step === i + 1,
        done: row.status === 'approved' || row.status === 'issued' || (row.status === 'in_review' && row.step !== null && i + 1 < row.step),
      })),
      step: row.step,
      numberSymbol: row.number_symbol,
      issuedAt: row.issued_at,
      answersIncomingId: row.answers_incoming_id,
      dossier: row.dossier_id ? { id: row.dossier_id, code: (await this.ports.results.dossierCode?.(row.dossier_id)) || null } : null,
      resultCode: row.result_code,
      signerSubject: row.signer_subject,
      sealSubject: row.seal_subject,
      sha256: row.sha256,
      recipients: recipients.map((r) => ({ position: r.position, agencyCode: r.agency_code, name: r.name, address: r.address, sendStatus: r.send_status, sentAt: r.sent_at, note: r.send_note })),
      events: events.map((e) => ({ kind: e.kind, params: e.params, at: e.at, actor: e.actor_name })),
      version: row.version,
      may: {
        edit: editable(row.status) && (held.has('specialist') || held.has('department_head') || held.has('agency_leader')),
        review: row.status === 'in_review' && isReviewer(step, { id: actor!.id, roles: held }),
        issue: row.status === 'approved' && row.signer_id === actor!.id,
      },
    };
  }

  async list(actor: Actor | null, filter: { status?: string | undefined; page?: number | undefined } = {}): Promise<{ items: ListItem[]; page: number; more: boolean }> {
    const a = this.requireStaff(actor);
    const scope = await this.agencies.scopeOf(a, READ_ROLES);
    if (!scope.length) throw new DomainError('FORBIDDEN');
    const page = Math.max(1, Math.min(filter.page ?? 1, 10_000));
    const size = 30;
    const status = filter.status && ['draft', 'in_review', 'returned', 'approved', 'issued'].includes(filter.status) ? filter.status : undefined;
    const rows = await this.repo.list(this.db, { agencyIds: scope, status, limit: size + 1, offset: (page - 1) * size });
    const roles = await this.agencies.rolesOn(a, [...new Set(rows.map((r) => r.agency_id))]);
    const items = rows.slice(0, size).map((r) => {
      const step = r.step !== null ? r.chain[r.step - 1] : undefined;
      const awaitsMe = (r.status === 'in_review' && isReviewer(step, { id: a.id, roles: roles.get(r.agency_id) ?? new Set() })) || (r.status === 'approved' && r.signer_id === a.id);
      return { id: r.id, docType: r.doc_type, excerpt: r.excerpt, status: r.status, numberSymbol: r.number_symbol, issuedAt: r.issued_at, updatedAt: r.updated_at, agencyName: r.agency_name, signerName: r.signer_name, dossierId: r.dossier_id, awaitsMe };
    });
    return { items, page, more: rows.length > size };
  }

  /** The PDF: the signed file once issued, else the draft rendered now (number left blank). */
  async pdf(actor: Actor | null, id: string): Promise<{ bytes?: Buffer; opened?: OpenedFile; name: string }> {
    const row = await this.readable(this.db, actor, id);
    if (row.file_id) {
      const opened = await this.files.open(row.file_id);
      if (!opened) throw new DomainError('NOT_FOUND');
      return { opened, name: fileName(row) };
    }
    const recipients = await this.repo.recipients(this.db, id);
    return { bytes: await this.render(row, recipients.map((r) => r.name), null, null), name: fileName(row) };
  }

  private render(row: DocumentRow, recipients: string[], symbol: string | null, issuedAt: Date | null): Promise<Buffer> {
    return renderOutgoing({
      agency: { name: row.agency_name, parentName: row.agency_parent_name },
      docType: row.doc_type as DocumentTypeCode,
      excerpt: row.excerpt,
      body: row.body,
      place: row.place,
      urgency: row.urgency as 'normal',
      confidentiality: row.confidentiality as 'none',
      issuerAbbreviation: row.issuer_abbreviation,
      unitAbbreviation: row.unit_abbreviation,
      numberSymbol: symbol,
      issuedAt,
      recipients,
      signerTitle: row.signer_title,
      signerName: row.signer_name,
      at: issuedAt ?? row.updated_at,
    });
  }

  /** The outgoing documents carrying a dossier's result (the officer's dossier page), for its agency's officers. */
  async forDossier(actor: Actor | null, dossierId: string): Promise<Array<{ id: string; status: OutgoingStatus; numberSymbol: string | null; issuedAt: Date | null }>> {
    if (!actor || actor.kind !== 'staff' || !isUuid(dossierId)) return [];
    const rows = await this.repo.byDossier(this.db, dossierId);
    if (!rows.length) return [];
    const first = await this.repo.document(this.db, rows[0]!.id);
    if (!first || !(await this.allowed(this.db, actor, READ_ROLES, first.agency_id))) return [];
    return rows.map((r) => ({ id: r.id, status: r.status, numberSymbol: r.number_symbol, issuedAt: r.issued_at }));
  }

  // --- drafting -----------------------------------------------------------------------------------------

  private async checked(db: Executor, actor: Actor, agencyId: string, input: DraftInput) {
    const draft = checkDraft({ ...input, issuerAbbreviation: input.issuerAbbreviation ?? '' });
    const recipients = checkRecipients(input.recipients ?? []);
    const errors: FieldError[] = [...draft.errors, ...recipients.errors];
    if (draft.value) {
      const leaders = await this.repo.staffWithRoles(db, [agencyId], ['agency_leader']);
      if (!isUuid(draft.value.signerId) || !leaders.some((l) => l.id === draft.value!.signerId)) errors.push({ path: '/signerId', code: 'OUTGOING_SIGNER_INVALID' });
    }
    const codes = recipients.value.map((r) => r.agencyCode).filter((c): c is string => !!c);
    const known = new Map((await this.repo.agenciesByCode(db, codes)).filter((a) => a.active).map((a) => [a.code, a]));
    recipients.value.forEach((r) => {
      if (r.agencyCode && !known.has(r.agencyCode)) errors.push({ path: `/recipients/${r.index}/agencyCode`, code: 'OUTGOING_RECIPIENT_UNKNOWN' });
    });
    if (errors.length || !draft.value) throw new DomainError('VALIDATION_FAILED', undefined, errors);
    const rows = recipients.value.map((r) => {
      const agency = r.agencyCode ? known.get(r.agencyCode)! : null;
      return { agency_id: agency?.id ?? null, name: agency ? agency.name : r.name, address: r.address };
    });
    void actor;
    return { draft: draft.value, recipients: rows };
  }

  async create(actor: Actor | null, input: DraftInput, now = new Date()): Promise<DocumentView> {
    const a = this.requireStaff(actor);
    const id = await this.db.transaction().execute(async (tx) => {
      const agency = await this.draftingAgency(tx, a, input.agencyCode);
      const withDefault = { ...input, issuerAbbreviation: input.issuerAbbreviation?.trim() || defaultIssuerAbbreviation(agency.name, agency.short_name) };
      const { draft, recipients } = await this.checked(tx, a, agency.id, withDefault);
      let answers: string | null = null;
      if (input.answersIncomingId) {
        if (!this.ports.incoming) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/answersIncomingId', code: 'OUTGOING_INCOMING_UNKNOWN' }]);
        const incoming = await this.ports.incoming.getForAnswer(a, input.answersIncomingId).catch((error: unknown) => {
          if (error instanceof DomainError && ['NOT_FOUND', 'FORBIDDEN'].includes(error.code)) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/answersIncomingId', code: 'OUTGOING_INCOMING_UNKNOWN' }]);
          throw error;
        });
        answers = incoming.id;
      }
      let dossierId: string | null = null;
      if (input.dossierId) {
        const d = await this.ports.results.dossierForDocument(a, input.dossierId, tx);
        if (d.agencyId !== agency.id) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/agencyCode', code: 'OUTGOING_VALUE_INVALID' }]);
        dossierId = d.id;
      }
      const id = await this.repo.insert(tx, {
        agency_id: agency.id,
        doc_type: draft.docType,
        issuer_abbreviation: draft.issuerAbbreviation,
        unit_abbreviation: draft.unitAbbreviation,
        excerpt: draft.excerpt,
        body: draft.body,
        place: draft.place,
        urgency: draft.urgency,
        confidentiality: draft.confidentiality,
        signer_id: draft.signerId,
        signer_title: draft.signerTitle,
        answers_incoming_id: answers,
        dossier_id: dossierId,
        created_by: a.id,
      });
      await this.repo.replaceRecipients(tx, id, recipients);
      await this.repo.event(tx, id, 'created', a.id, { docType: draft.docType, ...(dossierId ? { dossier: dossierId } : {}) }, now);
      await this.audit.record(tx, a, { action: 'outgoing.create', targetType: 'outgoing_document', targetId: id, agencyId: agency.id, summary: { docType: draft.docType, excerpt: draft.excerpt.slice(0, 200), dossierId, answers } });
      return id;
    });
    return this.detail(a, id);
  }

  async update(actor: Actor | null, id: string, input: DraftInput & { version?: number | undefined }, now = new Date()): Promise<DocumentView> {
    const a = this.requireStaff(actor);
    await this.db.transaction().execute(async (tx) => {
      const row = await this.readable(tx, a, id, true);
      if (!editable(row.status)) throw new DomainError('OUTGOING_STATE');
      if (!(await this.allowed(tx, a, DRAFT_ROLES, row.agency_id))) throw new DomainError('FORBIDDEN');
      if (input.version !== undefined && input.version !== row.version) throw new DomainError('OUTGOING_STALE');
      const { draft, recipients } = await this.checked(tx, a, row.agency_id, { ...input, issuerAbbreviation: input.issuerAbbreviation?.trim() || row.issuer_abbreviation });
      const ok = await this.repo.update(tx, id, row.version, {
        doc_type: draft.docType,
        issuer_abbreviation: draft.issuerAbbreviation,
        unit_abbreviation: draft.unitAbbreviation,
        excerpt: draft.excerpt,
        body: draft.body,
        place: draft.place,
        urgency: draft.urgency,
        confidentiality: draft.confidentiality,
        signer_id: draft.signerId,
        signer_title: draft.signerTitle,
      });
      if (!ok) throw new DomainError('OUTGOING_STALE');
      await this.repo.replaceRecipients(tx, id, recipients);
      await this.repo.event(tx, id, 'edited', a.id, {}, now);
      await this.audit.record(tx, a, { action: 'outgoing.update', targetType: 'outgoing_document', targetId: id, agencyId: row.agency_id, summary: { excerpt: draft.excerpt.slice(0, 200) } });
    });
    return this.detail(a, id);
  }

  // --- review -------------------------------------------------------------------------------------------

  /** submit (the drafters), approve / return (the current step's reviewer; return needs a comment). */
  async act(actor: Actor | null, id: string, action: string, input: { comment?: string | undefined; version?: number | undefined } = {}, now = new Date()): Promise<DocumentView> {
    const a = this.requireStaff(actor);
    if (!['submit', 'approve', 'return'].includes(action)) throw new DomainError('NOT_FOUND');
    await this.db.transaction().execute(async (tx) => {
      const row = await this.readable(tx, a, id, true);
      if (input.version !== undefined && input.version !== row.version) throw new DomainError('OUTGOING_STALE');
      const comment = (input.comment ?? '').normalize('NFC').trim();
      if (comment.length > 2000) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/comment', code: 'maxLength', params: { limit: 2000 } }]);
      let chain = row.chain;
      if (action === 'submit') {
        if (!(await this.allowed(tx, a, DRAFT_ROLES, row.agency_id))) throw new DomainError('FORBIDDEN');
        chain = (await this.repo.chainFor(tx, row.agency_id, row.doc_type)).steps;
      } else {
        const held = (await this.agencies.rolesOn(a, [row.agency_id], tx)).get(row.agency_id) ?? new Set<Role>();
        const decision = decide({ status: row.status, step: row.step, chainLength: row.chain.length }, action as OutgoingAction);
        if (!decision.ok) throw new DomainError(decision.code);
        if (!isReviewer(row.step !== null ? row.chain[row.step - 1] : undefined, { id: a.id, roles: held })) throw new DomainError('OUTGOING_NOT_REVIEWER');
        if (action === 'return' && !comment) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/comment', code: 'OUTGOING_COMMENT_REQUIRED' }]);
      }
      const decision = decide({ status: row.status, step: row.step, chainLength: chain.length }, action as OutgoingAction);
      if (!decision.ok) throw new DomainError(decision.code);
      const ok = await this.repo.update(tx, id, row.version, { status: decision.status, step: decision.step, ...(action === 'submit' ? { chain } : {}) });
      if (!ok) throw new DomainError('OUTGOING_STALE');
      const kind = action === 'submit' ? 'submitted' : action === 'approve' ? 'approved' : 'returned';
      await this.repo.event(tx, id, kind, a.id, { ...(row.step !== null && action !== 'submit' ? { step: row.step } : {}), ...(comment ? { comment } : {}), ...(decision.status === 'approved' ? { ready: 1 } : {}) }, now);
      await this.audit.record(tx, a, { action: `outgoing.${action}`, targetType: 'outgoing_document', targetId: id, agencyId: row.agency_id, summary: { status: decision.status, step: decision.step, comment: comment || undefined } });
      await this.outbox.enqueue(tx, 'outgoing.review', { documentId: id, status: decision.status, step: decision.step });
    });
    return this.detail(a, id);
  }

  // --- signing and issue ---------------------------------------------------------------------------------

  /**
   * The signer signs and issues: under the document's row lock (a concurrent second issue waits, then finds it
   * issued: 409 OUTGOING_ALREADY_ISSUED), the register's next number for the agency's year, the PDF rendered with
   * the number and date, signed by the signer then sealed by the agency, stored; the register row; for a
   * dossier's result the signed PDF recorded as its result (results port, same transaction); the incoming
   * document it answers marked answered. Then sent to its recipients (after the commit).
   */
  async issue(actor: Actor | null, id: string, input: { version?: number | undefined } = {}, now = new Date()): Promise<DocumentView> {
    const a = this.requireStaff(actor);
    await this.db.transaction().execute(async (tx) => {
      const row = await this.readable(tx, a, id, true);
      const decision = decide({ status: row.status, step: row.step, chainLength: row.chain.length }, 'issue');
      if (!decision.ok) throw new DomainError(decision.code);
      if (row.signer_id !== a.id) throw new DomainError('OUTGOING_NOT_SIGNER');
      if (input.version !== undefined && input.version !== row.version) throw new DomainError('OUTGOING_STALE');
      const type = row.doc_type as DocumentTypeCode;
      const year = vietnamYear(now);
      const number = await this.repo.nextNumber(tx, row.agency_id, year);
      const symbol = numberSymbol({ number, type, issuer: row.issuer_abbreviation, unit: row.unit_abbreviation });
      const recipients = await this.repo.recipients(tx, id);
      const pdf = await this.render(row, recipients.map((r) => r.name), symbol, now);
      const signed = await this.ports.results.signOfficial(pdf, { signer: { id: a.id, name: row.signer_name }, agency: { id: row.agency_id, name: row.agency_name }, at: now, reason: `${DOCUMENT_TYPES[type].vi} ${symbol}`, location: row.place });
      const name = fileName({ number_symbol: symbol, id });
      const file = await this.files.put(tx, signed.bytes, { name, mediaType: 'application/pdf', createdBy: a.id });
      await this.repo.register(tx, { agency_id: row.agency_id, year, number, document_id: id, number_symbol: symbol, doc_type: row.doc_type, issued_at: now });
      let resultCode: string | null = null;
      if (row.dossier_id) {
        const result = await this.ports.results.recordIssuedDocument(tx, a, row.dossier_id, { bytes: signed.bytes, name, title: `${DOCUMENT_TYPES[type].vi} số ${symbol}: ${row.excerpt}`.slice(0, 500), signerSubject: signed.signerSubject, signedAt: now });
        resultCode = result.code;
      }
      const ok = await this.repo.update(tx, id, row.version, {
        status: 'issued',
        step: null,
        number,
        number_symbol: symbol,
        issued_at: now,
        issued_by: a.id,
        file_id: file.id,
        sha256: file.sha256,
        signer_subject: signed.signerSubject.slice(0, 1000),
        seal_subject: signed.sealSubject.slice(0, 1000),
        result_code: resultCode,
      });
      if (!ok) throw new DomainError('OUTGOING_STALE');
      await this.repo.event(tx, id, 'issued', a.id, { numberSymbol: symbol, ...(resultCode ? { result: resultCode } : {}) }, now);
      if (row.answers_incoming_id && this.ports.incoming) await this.ports.incoming.markAnswered(tx, a, row.answers_incoming_id, { id, numberSymbol: symbol, issuedAt: now });
      await this.audit.record(tx, a, { action: 'outgoing.issue', targetType: 'outgoing_document', targetId: id, agencyId: row.agency_id, summary: { numberSymbol: symbol, sha256: file.sha256, signer: signed.signerSubject, seal: signed.sealSubject, dossierId: row.dossier_id, result: resultCode } });
      await this.outbox.enqueue(tx, 'outgoing.issued', { documentId: id, agencyId: row.agency_id, numberSymbol: symbol, dossierId: row.dossier_id });
    });
    await this.send(a, id, now);
    return this.detail(a, id);
  }

  /**
   * Sends an issued document to its recipients not yet sent: an agency on OpenDVC receives it as an incoming
   * document (incoming port), an outside addressee through the document exchange (docexchange port). A recipient
   * that cannot be reached stays `failed` (or `not_sent` without the port) with a note; the issue stands.
   */
  async send(actor: Actor, id: string, now = new Date()): Promise<void> {
    const row = await this.repo.document(this.db, id);
    if (!row || row.status !== 'issued' || !row.file_id || !row.number_symbol || !row.issued_at) return;
    const pending = (await this.repo.recipients(this.db, id)).filter((r) => r.send_status === 'pending' || r.send_status === 'failed');
    if (!pending.length) return;
    const fileId = row.file_id;
    let file: { bytes: Buffer; name: string } | null = null;
    const bytes = async () => {
      if (file) return file;
      const opened = await this.files.open(fileId);
      if (!opened) throw new DomainError('NOT_FOUND');
      const chunks: Buffer[] = [];
      for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
      return (file = { bytes: Buffer.concat(chunks), name: fileName(row) });
    };
    const type = row.doc_type as DocumentTypeCode;
    for (const r of pending) {
      let outcome: { send_status: 'sent' | 'failed' | 'not_sent'; sent_at: Date | null; send_note: string | null };
      try {
        if (r.agency_id) {
          if (!this.ports.incoming) outcome = { send_status: 'not_sent', sent_at: null, send_note: 'incoming module not wired' };
          else {
            await this.ports.incoming.registerReceived({ agencyId: r.agency_id, issuer: row.agency_name, senderCode: row.agency_code, numberSymbol: row.number_symbol, issuedOn: vietnamDate(row.issued_at), docType: type, excerpt: row.excerpt, signer: row.signer_name, urgency: row.urgency, confidentiality: row.confidentiality, packageId: `${row.id}:${r.position}`, fileId });
            outcome = { send_status: 'sent', sent_at: now, send_note: null };
          }
        } else if (!this.ports.docExchange) {
          outcome = { send_status: 'not_sent', sent_at: null, send_note: 'docexchange not wired' };
        } else {
          const sent = await this.ports.docExchange.send({ documentId: row.id, recipient: { name: r.name, address: r.address }, issuer: { code: row.agency_code, name: row.agency_name }, numberSymbol: row.number_symbol, docType: type, excerpt: row.excerpt, signer: row.signer_name, issuedAt: row.issued_at, file: await bytes() });
          outcome = { send_status: 'sent', sent_at: now, send_note: sent.reference.slice(0, 200) };
        }
      } catch (error) {
        outcome = { send_status: 'failed', sent_at: null, send_note: (error instanceof DomainError ? error.code : error instanceof Error ? error.message : String(error)).slice(0, 300) };
      }
      await this.db.transaction().execute(async (tx) => {
        await this.repo.markRecipient(tx, id, r.position, outcome);
        await this.repo.event(tx, id, outcome.send_status === 'sent' ? 'sent' : 'send_failed', actor.id, { recipient: r.name.slice(0, 300) }, now);
      });
    }
  }

  // --- approval chains ------------------------------------------------------------------------------------

  private async chainAgency(actor: Actor | null, agencyCode: string | undefined) {
    const a = this.requireStaff(actor);
    const agency = agencyCode ? await this.agencies.byCode(agencyCode) : a.agencyId ? await this.agencies.byId(a.agencyId) : undefined;
    if (!agency || !(await this.allowed(this.db, a, CHAIN_EDIT_ROLES, agency.id))) throw new DomainError(agency ? 'FORBIDDEN' : 'NOT_FOUND');
    return { a, agency };
  }

  /** An agency's chains and the people a step may name (its staff with a chain role). */
  async chains(actor: Actor | null, agencyCode?: string) {
    const { a, agency } = await this.chainAgency(actor, agencyCode);
    const [chains, people] = await Promise.all([this.repo.chains(this.db, agency.id), this.repo.staffWithRoles(this.db, [agency.id], CHAIN_ROLES)]);
    return {
      agency: { id: agency.id, code: agency.code, name: agency.name },
      chains,
      people: [...new Map(people.map((p) => [p.id, { id: p.id, name: p.full_name }])).values()],
      tree: await this.agencies.scopeTree(a, CHAIN_EDIT_ROLES),
    };
  }

  async saveChain(actor: Actor | null, agencyCode: string | undefined, docType: string, steps: Array<{ role?: string | undefined; accountId?: string | undefined }>): Promise<void> {
    const { a, agency } = await this.chainAgency(actor, agencyCode);
    const errors: FieldError[] = [];
    if (docType !== '*' && !isDocumentType(docType)) errors.push({ path: '/docType', code: 'OUTGOING_TYPE_INVALID' });
    const checked = checkChain(steps);
    errors.push(...checked.errors);
    const people = new Set((await this.repo.staffWithRoles(this.db, [agency.id], CHAIN_ROLES)).map((p) => p.id));
    checked.value.forEach((s, i) => {
      if ('accountId' in s && (!isUuid(s.accountId) || !people.has(s.accountId))) errors.push({ path: `/steps/${i}`, code: 'OUTGOING_PERSON_INVALID' });
    });
    if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
    await this.db.transaction().execute(async (tx) => {
      await this.repo.saveChain(tx, agency.id, docType, checked.value, a.id);
      await this.audit.record(tx, a, { action: 'outgoing.chain', targetType: 'agency', targetId: agency.id, agencyId: agency.id, summary: { docType, steps: checked.value } });
    });
  }

  // --- reports ----------------------------------------------------------------------------------------------

  /** Documents issued in [from, to) per agency and type, with the recipients reached. */
  async report(actor: Actor | null, from: Date, to: Date) {
    const a = this.requireStaff(actor);
    if (to.getTime() - from.getTime() > 367 * 86_400_000 || to <= from) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/from', code: 'OUTGOING_PERIOD_INVALID' }]);
    const scope = await this.agencies.scopeOf(a, READ_ROLES);
    if (!scope.length) throw new DomainError('FORBIDDEN');
    return (await this.repo.report(this.db, scope, from, to)).map((r) => ({ agency: { code: r.agency_code, name: r.agency_name }, docType: r.doc_type, issued: r.issued, sent: r.sent, results: r.results }));
  }

  /** The outgoing register (sổ văn bản đi) of an agency's year. */
  async registerBook(actor: Actor | null, agencyCode: string | undefined, year: number) {
    const a = this.requireStaff(actor);
    const agency = agencyCode ? await this.agencies.byCode(agencyCode) : a.agencyId ? await this.agencies.byId(a.agencyId) : undefined;
    if (!agency || !(await this.allowed(this.db, a, READ_ROLES, agency.id))) throw new DomainError(agencyCode ? 'NOT_FOUND' : 'FORBIDDEN');
    return { agency: { code: agency.code, name: agency.name }, year, rows: await this.repo.registerRows(this.db, agency.id, year) };
  }
}

export type { OutgoingChainStep };
