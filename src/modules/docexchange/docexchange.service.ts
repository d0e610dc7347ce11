// The national document exchange (edXML) use cases: the partners table an administrator keeps, sending a package
// (the outgoing module's documents; a dossier's inter-agency step to an agency not on OpenDVC), and the poll of our
// mailbox — packages received become incoming documents (the incoming module), status messages move our packages on
// (and, for a dossier's step, its timeline and, on "completed", the step itself through the handling service).
// Every envelope that is malformed, from an unknown sender or with a broken signature is refused: a 02 status goes
// back to the sender the exchange named, one row in docexchange_refusals, nothing registered.
// Our statuses about a package we received (01 received and 03 accepted on registration; then, as the incoming
// document moves on, 04 assigned, 05 in progress, 06 completed — the outbox consumer 'docexchange' of the incoming
// module's topic `incoming.status`) are recorded first, each code once and never backwards (`mayAnswer`), then sent
// in order; the ones the exchange could not take wait ('pending') for the next poll.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Actor } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.ts';
import { vietnamDate } from '../../core/time.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { DocExchangePackageState, Role } from '../../db/schema.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { accepts, inspectUpload, storedName } from '../files/files.inspect.ts';
import { attachmentMediaType } from '../files/files.inspect.rules.ts';
import type { FileStorage, OpenedFile, StagedFile } from '../files/files.service.ts';
import { eventColumns } from '../kernel/timeline.ts';
import { consumeOutbox, type ConsumeReport, type OutboxConsumer, type OutboxMessage } from '../outbox/outbox.service.ts';
import type { DocumentTypeCode, Urgency } from '../kernel/official-document.ts';
import { DOCUMENT_TYPES } from '../kernel/official-document.ts';
import { ExchangeUnreachable, type DocExchangeGateway, type PendingMessage, type SendOutcome } from './docexchange.adapter.ts';
import { generateSigningKey, isEd25519PublicKey, signerOf, verifySignature } from './docexchange.crypto.ts';
import './docexchange.errors.ts';
import { DocExchangeRepository, type PackageRow, type PartnerRow, type StatusRow } from './docexchange.repository.ts';
import {
  buildEnvelope,
  CONTENT_TYPES,
  EnvelopeRefusal,
  INCOMING_STATUS_TOPIC,
  isOrganId,
  mayAnswer,
  nextState,
  parseEnvelope,
  RESULT_FILES_MAX,
  resultFileRefusal,
  signatureAccepted,
  SIGNATURE_METHOD,
  statusBackDescription,
  statusBackFor,
  type Attachment,
  type DossierInfo,
  type Organ,
  type PackageMessage,
  type RefusalReason,
  type ResultFileRefusal,
  type StatusCode,
  type StatusMessage,
} from './docexchange.rules.ts';

const ADMIN: readonly Role[] = ['admin'];
const HANDLING: readonly Role[] = ['receptionist', 'specialist', 'department_head', 'agency_leader'];
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** The outbox consumer of the incoming module's events (outbox_deliveries.consumer). */
export const DOCEXCHANGE_CONSUMER = 'docexchange';
export const DOCEXCHANGE_TOPICS = [INCOMING_STATUS_TOPIC] as const;

/** A received package as the incoming module registers it (IncomingService.registerReceived's input, mapped in src/container.ts). */
export interface ReceivedPackage {
  /** The receiving agency: the one whose code a To OrganId names, else the top-level agency. */
  agencyId: string;
  /** edXML DocumentId and the exchange's sender code: the incoming module's duplicate key. */
  exchangeId: string;
  senderOrganId: string;
  senderName: string;
  /** "12/UBND-VP" */
  numberSymbol: string;
  /** yyyy-mm-dd */
  issuedOn: string;
  documentType: DocumentTypeCode | null;
  typeName: string;
  subject: string;
  signerName: string;
  urgency: Urgency;
  /** yyyy-mm-dd or null */
  dueDate: string | null;
  pageCount: number;
  /** The files (the first is the document itself); `signature` the results module's verdict when the sender claimed one. */
  files: Array<{ name: string; mediaType: string; bytes: Buffer; signature: string | null }>;
  receivedAt: Date;
}

/** What the document exchange uses of other modules (narrow ports wired in src/container.ts). */
export interface DocExchangePorts {
  /** Registers a received document (the incoming module); null: not available (packages wait in the mailbox). */
  incoming: { registerReceived(input: ReceivedPackage): Promise<{ id: string; number?: number; year?: number }> } | null;
  /** A PDF's signature verdict (ResultsService.verifyBytes): 'genuine' | 'untrusted' | 'altered' | 'unsigned' | 'malformed'. */
  verifyPdf(bytes: Buffer): Promise<{ state: string }>;
  /** The officer's view of a dossier (HandlingService.detail; NOT_FOUND outside their scope). */
  dossier(actor: Actor, id: string): Promise<DossierView>;
  /** A stored file's metadata and content (FileStorage.open). */
  openFile(fileId: string): Promise<OpenedFile | null>;
  /** The files module's storage: a 06's result files are staged, inspected and committed in the status's transaction. */
  files: Pick<FileStorage, 'stage' | 'commit' | 'discard' | 'inspector'>;
  /** A dossier history row (DossiersService.records.insertEvent). */
  history(tx: Executor, row: { dossier_id: string; at: Date; actor_id: string | null; status: number; action: string; content: string | null; message: ReturnType<typeof eventColumns>['message']; handler_name: string | null }): Promise<void>;
  /** A dossier's current status (DossiersService.records.summary), for its history rows. */
  dossierStatus(tx: Executor, dossierId: string): Promise<number | null>;
  /** Hands an external step on (HandlingService.completeExternalStep). */
  completeStep(dossierId: string, input: { position: number; by: Actor; note: string }): Promise<'completed' | 'waiting' | 'gone'>;
}

/** The part of the officer's dossier view the exchange reads. */
export interface DossierView {
  id: string;
  code: string;
  status: number;
  procedure: { code: string; name: string };
  agency: { code: string; name: string };
  applicant: { name: string | null };
  files: Array<{ fileId: string; name: string; mediaType: string; sizeBytes: number }>;
  controlSheet: Array<{ position: number; name: string; agency: { code: string; name: string }; finishedAt: string | null }>;
  currentStep: number | null;
}

export interface PartnerView {
  id: string;
  organId: string;
  name: string;
  publicKey: string;
  external: boolean;
  agencyCode: string | null;
  agencyName: string | null;
  active: boolean;
}

export interface PartnerForm {
  organId?: string | undefined;
  name?: string | undefined;
  publicKey?: string | undefined;
  external?: boolean | undefined;
  agencyCode?: string | undefined;
  active?: boolean | undefined;
}

export interface PackageView {
  id: string;
  direction: 'out' | 'in';
  documentId: string;
  sender: string;
  recipients: Array<{ organId: string; organName: string }>;
  codeNotation: string;
  subject: string;
  state: DocExchangePackageState;
  lastError: string | null;
  createdAt: Date;
  /** `delivery`: for ours (out), whether the exchange took it yet ('pending': retried by the poll job). */
  statuses: Array<{ direction: 'out' | 'in'; code: string; from: string; description: string; at: Date; delivery: 'pending' | 'sent' | 'refused' }>;
}

/** E2's call: send an outgoing document by the exchange. */
export interface SendInput {
  /** The outgoing document (outgoing module), kept on the package row. */
  documentId?: string | null;
  /** Recipients' OrganIds (active partners). */
  recipients: string[];
  metadata: {
    codeNumber: string;
    codeNotation: string;
    /** yyyy-mm-dd */
    promulgationDate: string;
    place: string;
    documentType: DocumentTypeCode;
    subject: string;
    signerName?: string;
    urgency?: Urgency;
    dueDate?: string | null;
    pageAmount?: number;
  };
  pdf: { name: string; bytes: Buffer; signed: boolean };
  attachments?: Array<{ name: string; mediaType: string; bytes: Buffer }>;
  by?: Actor | null;
}

export interface PollReport {
  received: number;
  statuses: number;
  refused: number;
  resent: number;
  /** Our status messages the exchange took in this round (01, 03–06). */
  answered: number;
  /** The outbox consumer's round (the incoming module's events). */
  consumed: ConsumeReport;
}

export interface DocExchangeOptions {
  organId: string;
  organName: string;
  maxBytes: number;
  /** The largest result file of a 06 kept (bytes; the dossiers' per-file limit, DOSSIER_MAX_FILE_BYTES). Default 10 MB. */
  maxFileBytes?: number;
}

/** A partner's result file kept with a dossier (a 06 about its liên thông step), as the dossier page lists it. */
export interface ResultFileView {
  fileId: string;
  name: string;
  mediaType: string;
  sizeBytes: number;
  from: string;
  /** The PAdES verdict when the partner claimed a signature: 'genuine' | 'untrusted'; null: none claimed. */
  signature: 'genuine' | 'untrusted' | null;
  receivedAt: Date;
  url: string;
}

/** One attachment of a 06 before the status's transaction: staged and accepted, or refused with the reason. */
type PreparedFile = { name: string; staged: StagedFile; mediaType: string; signature: 'genuine' | 'untrusted' | null } | { name: string; refused: ResultFileRefusal };

const optional = (value: string | undefined) => (value ?? '').trim();

async function readAll(stream: Readable, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      stream.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export class DocExchangeService {
  private signer: ((bytes: Buffer) => string) | null = null;
  private publicKeyPem: string | null = null;
  private ports: DocExchangePorts | null = null;

  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly gateway: DocExchangeGateway | null,
    readonly options: DocExchangeOptions,
    private readonly repo = new DocExchangeRepository(),
  ) {}

  /** Wires the other modules (src/container.ts, after they exist). */
  setPorts(ports: DocExchangePorts): void {
    this.ports = ports;
  }

  private get p(): DocExchangePorts {
    if (!this.ports) throw new Error('DocExchangeService used before setPorts');
    return this.ports;
  }

  get configured(): boolean {
    return this.gateway !== null;
  }

  get me(): Organ {
    return { organId: this.options.organId, organName: this.options.organName };
  }

  // --- our key ------------------------------------------------------------------------------------

  /** Our platform's signing key: the stored one, made on first use. */
  private async sign(): Promise<(bytes: Buffer) => string> {
    if (this.signer) return this.signer;
    const stored = (await this.repo.key(this.db)) ?? (await this.repo.saveKey(this.db, generateSigningKey()));
    this.signer = signerOf(stored.private_key);
    this.publicKeyPem = stored.public_key;
    return this.signer;
  }

  /** Our public key (SPKI PEM), for the partners to register. */
  async publicKey(): Promise<string> {
    await this.sign();
    return this.publicKeyPem!;
  }

  // --- partners (administrators) ---------------------------------------------------------------

  private async view(rows: PartnerRow[]): Promise<PartnerView[]> {
    const ids = [...new Set(rows.map((r) => r.agency_id).filter((id): id is string => !!id))];
    const agencies = new Map<string, { code: string; name: string }>();
    for (const id of ids) {
      const a = await this.agencies.byId(id);
      if (a) agencies.set(id, { code: a.code, name: a.name });
    }
    return rows.map((r) => ({
      id: r.id,
      organId: r.organ_id,
      name: r.name,
      publicKey: r.public_key,
      external: r.external,
      agencyCode: r.agency_id ? (agencies.get(r.agency_id)?.code ?? null) : null,
      agencyName: r.agency_id ? (agencies.get(r.agency_id)?.name ?? null) : null,
      active: r.active,
    }));
  }

  async partners(actor: Actor | null): Promise<PartnerView[]> {
    this.agencies.requireAnyAdmin(actor);
    return this.view(await this.repo.partners(this.db));
  }

  async partner(actor: Actor | null, id: string): Promise<PartnerView> {
    this.agencies.requireAnyAdmin(actor);
    const row = isUuid(id) ? await this.repo.partner(this.db, id) : undefined;
    if (!row) throw new DomainError('NOT_FOUND');
    return (await this.view([row]))[0]!;
  }

  /** Adds (id null) or changes a partner. Linking it to an agency needs the administrator's authority over that agency. */
  async savePartner(actor: Actor | null, id: string | null, form: PartnerForm): Promise<PartnerView> {
    const admin = this.agencies.requireAnyAdmin(actor);
    if (id !== null && (!isUuid(id) || !(await this.repo.partner(this.db, id)))) throw new DomainError('NOT_FOUND');
    const errors: FieldError[] = [];
    const organId = optional(form.organId);
    const name = optional(form.name);
    const publicKey = optional(form.publicKey).replace(/\r\n/g, '\n');
    if (!isOrganId(organId)) errors.push({ path: '/organId', code: 'DOCEXCHANGE_ORGAN_ID_INVALID' });
    if (!name) errors.push({ path: '/name', code: 'required' });
    else if (name.length > 500) errors.push({ path: '/name', code: 'maxLength', params: { limit: 500 } });
    if (publicKey.length > 4000 || !isEd25519PublicKey(publicKey)) errors.push({ path: '/publicKey', code: 'DOCEXCHANGE_PUBLIC_KEY_INVALID' });
    let agencyId: string | null = null;
    const agencyCode = optional(form.agencyCode);
    if (agencyCode) {
      const agency = await this.agencies.byCode(agencyCode).catch(() => undefined);
      if (!agency) errors.push({ path: '/agencyCode', code: 'WORKFLOW_AGENCY_UNKNOWN' });
      else {
        await this.agencies.authorize(admin, ADMIN, agency.id);
        agencyId = agency.id;
      }
    }
    if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
    const external = form.external ?? false;
    return this.db.transaction().execute(async (tx) => {
      const row = await this.repo.savePartner(tx, id, { organId, name, publicKey, external, agencyId, active: form.active ?? true });
      await this.audit.record(tx, admin, { action: id ? 'docexchange.partner.update' : 'docexchange.partner.create', targetType: 'docexchange_partner', targetId: row.id, agencyId, summary: { organId, name, external, active: row.active } }, admin.ip ?? null);
      return (await this.view([row]))[0]!;
    });
  }

  /**
   * The demo's partners: the exchange simulator's agencies (not on OpenDVC), their keys as this run made them; one
   * linked to an agency of ours with the same code when there is one (the target of a liên thông step). No actor:
   * called by `serve` in demo mode only.
   */
  async demoPartners(list: Array<{ organId: string; organName: string; publicKey: string }>): Promise<void> {
    for (const a of list) {
      const existing = await this.repo.partnerByOrgan(this.db, a.organId);
      const agency = await this.agencies.byCode(a.organId).catch(() => undefined);
      await this.repo.savePartner(this.db, existing?.id ?? null, {
        organId: a.organId,
        name: a.organName,
        publicKey: a.publicKey,
        external: true,
        agencyId: existing?.agency_id ?? agency?.id ?? null,
        active: existing?.active ?? true,
      });
    }
  }

  /** Packages and refusals for the administrators' page. */
  async overview(actor: Actor | null): Promise<{ packages: PackageView[]; refusals: Array<{ at: Date; sender: string; reason: string; detail: string; answered: boolean }> }> {
    this.agencies.requireAnyAdmin(actor);
    const rows = await this.repo.recentPackages(this.db, 50);
    const refusals = await this.repo.recentRefusals(this.db, 20);
    return { packages: await this.packageViews(rows), refusals: refusals.map((r) => ({ at: r.at, sender: r.sender_organ_id, reason: r.reason, detail: r.detail, answered: r.answered })) };
  }

  private async packageViews(rows: PackageRow[]): Promise<PackageView[]> {
    const statuses = await this.repo.statusesOf(this.db, rows.map((r) => r.id));
    const by = new Map<string, StatusRow[]>();
    for (const s of statuses) by.set(s.package_id, [...(by.get(s.package_id) ?? []), s]);
    return rows.map((r) => ({
      id: r.id,
      direction: r.direction,
      documentId: r.document_id,
      sender: r.sender_name,
      recipients: r.recipients,
      codeNotation: r.code_notation,
      subject: r.subject,
      state: r.state,
      lastError: r.last_error,
      createdAt: r.created_at,
      statuses: (by.get(r.id) ?? []).map((s) => ({ direction: s.direction, code: s.code, from: s.from_organ_id, description: s.description, at: s.at, delivery: s.delivery })),
    }));
  }

  // --- sending ----------------------------------------------------------------------------------

  private async recipients(organIds: string[]): Promise<PartnerRow[]> {
    if (!organIds.length) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/recipients', code: 'minItems' }]);
    const out: PartnerRow[] = [];
    for (const organId of [...new Set(organIds)]) {
      const row = isOrganId(organId) ? await this.repo.partnerByOrgan(this.db, organId) : undefined;
      if (!row || !row.active) throw new DomainError('DOCEXCHANGE_PARTNER_UNKNOWN', { organId: organId.slice(0, 64) });
      out.push(row);
    }
    return out;
  }

  /** Records the package, then hands it to the exchange (unreachable: kept and retried by the poll job). */
  private async dispatch(message: PackageMessage, extra: { dossierId?: string | null; stepPosition?: number | null; localDocumentId?: string | null; createdBy?: string | null }, history?: (tx: Executor) => Promise<void>): Promise<PackageView> {
    const envelope = buildEnvelope(message, await this.sign());
    const size = Buffer.byteLength(envelope);
    if (size > this.options.maxBytes) throw new DomainError('DOCEXCHANGE_TOO_LARGE', { maxMb: Math.floor(this.options.maxBytes / 1024 / 1024) });
    const row = await this.db.transaction().execute(async (tx) => {
      const inserted = await this.repo.insertPackage(tx, {
        direction: 'out',
        document_id: message.documentId,
        sender_organ_id: message.from.organId,
        sender_name: message.from.organName,
        recipients: message.to,
        code_notation: `${message.codeNumber}/${message.codeNotation}`,
        promulgation_date: message.promulgationDate,
        subject: message.subject.slice(0, 2000),
        state: 'sending',
        envelope,
        size_bytes: size,
        dossier_id: extra.dossierId ?? null,
        step_position: extra.stepPosition ?? null,
        local_document_id: extra.localDocumentId ?? null,
        created_by: extra.createdBy ?? null,
      });
      if (!inserted) throw new Error('package id collision');
      if (history) await history(tx);
      return inserted;
    });
    await this.deliver(row);
    return (await this.packageViews([(await this.repo.packageById(this.db, row.id))!]))[0]!;
  }

  private async deliver(row: PackageRow): Promise<void> {
    if (!this.gateway || !row.envelope) return;
    const outcome = await this.gateway.send('eDoc', row.recipients.map((r) => r.organId), row.envelope);
    if (outcome.outcome === 'sent') await this.repo.updatePackage(this.db, row.id, { state: 'sent', last_error: null, attempts: row.attempts + 1, envelope: null });
    else if (outcome.outcome === 'refused') await this.repo.updatePackage(this.db, row.id, { state: 'refused', last_error: outcome.reason, attempts: row.attempts + 1 });
    else await this.repo.updatePackage(this.db, row.id, { state: 'failed', last_error: outcome.error.slice(0, 1000), attempts: row.attempts + 1 });
  }

  /** The outgoing module's call: an issued document to other agencies by the exchange. */
  async send(input: SendInput, now = new Date()): Promise<PackageView> {
    const to = await this.recipients(input.recipients);
    const m = input.metadata;
    const attachments: Attachment[] = [
      { contentId: 'vanban', contentType: 'application/pdf', name: input.pdf.name, description: 'Văn bản', signed: input.pdf.signed, bytes: input.pdf.bytes },
      ...(input.attachments ?? []).map((a, i) => ({ contentId: `phuluc${i + 1}`, contentType: contentTypeOf(a.mediaType), name: a.name, description: 'Phụ lục', signed: false, bytes: a.bytes })),
    ];
    const message: PackageMessage = {
      kind: 'package',
      documentId: randomUUID(),
      from: this.me,
      to: to.map((r) => ({ organId: r.organ_id, organName: r.name })),
      codeNumber: m.codeNumber,
      codeNotation: m.codeNotation,
      place: m.place,
      promulgationDate: m.promulgationDate,
      documentType: m.documentType,
      typeName: DOCUMENT_TYPES[m.documentType].vi,
      subject: m.subject,
      content: '',
      signerName: m.signerName ?? '',
      priority: m.urgency ?? 'normal',
      dueDate: m.dueDate ?? null,
      steeringType: 0,
      toPlaces: to.map((r) => r.name),
      pageAmount: m.pageAmount ?? 0,
      dossier: null,
      sentAt: now.toISOString(),
      attachments,
    };
    try {
      return await this.dispatch(message, { localDocumentId: input.documentId ?? null, createdBy: input.by?.id ?? null });
    } catch (error) {
      if (error instanceof EnvelopeRefusal) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/metadata', code: 'format', params: { format: error.detail } }]);
      throw error;
    }
  }

  /**
   * The outgoing module's port (OutgoingService's DocExchangePort, wired in src/container.ts): an issued document to
   * an outside addressee. The addressee is the active partner whose code is the recipient's address, else whose name
   * is the recipient's name (DOCEXCHANGE_PARTNER_UNKNOWN otherwise); the PDF is the signed document. The answer's
   * reference is the package's DocumentId; refused by the exchange: DOCEXCHANGE_REFUSED.
   */
  async sendOutgoing(input: { documentId: string; recipient: { name: string; address: string | null }; issuer: { code: string; name: string }; numberSymbol: string; docType: DocumentTypeCode; excerpt: string; signer: string; issuedAt: Date; file: { bytes: Buffer; name: string } }): Promise<{ reference: string }> {
    const address = (input.recipient.address ?? '').trim();
    let partner = isOrganId(address) ? await this.repo.partnerByOrgan(this.db, address) : undefined;
    if (!partner?.active) {
      const name = input.recipient.name.trim().normalize('NFC').toLowerCase();
      partner = (await this.repo.partners(this.db)).find((p) => p.active && p.name.normalize('NFC').toLowerCase() === name);
    }
    if (!partner?.active) throw new DomainError('DOCEXCHANGE_PARTNER_UNKNOWN', { organId: (address || input.recipient.name).slice(0, 64) });
    const slash = input.numberSymbol.indexOf('/');
    const number = slash > 0 ? input.numberSymbol.slice(0, slash).replace(/[^0-9]/g, '') : '';
    const sent = await this.send({
      documentId: input.documentId,
      recipients: [partner.organ_id],
      metadata: {
        codeNumber: number || '0',
        codeNotation: (slash > 0 ? input.numberSymbol.slice(slash + 1) : input.numberSymbol).slice(0, 60) || input.issuer.code.slice(0, 60),
        promulgationDate: vietnamDate(input.issuedAt),
        place: input.issuer.name.slice(0, 500),
        documentType: input.docType,
        subject: input.excerpt.slice(0, 2000),
        signerName: input.signer.slice(0, 500),
      },
      pdf: { name: input.file.name.replace(/[/\\]/g, '_').slice(0, 255) || 'van-ban.pdf', bytes: input.file.bytes, signed: true },
    });
    if (sent.state === 'refused') throw new DomainError('DOCEXCHANGE_REFUSED', { reason: (sent.lastError ?? '').slice(0, 300) });
    return { reference: sent.documentId };
  }

  /** The external partner holding the dossier's open step, with that step; null when the step is not external. */
  private async externalStep(view: DossierView): Promise<{ partner: PartnerRow; step: DossierView['controlSheet'][number] } | null> {
    const step = view.controlSheet.find((s) => s.finishedAt === null && s.position === view.currentStep) ?? view.controlSheet.find((s) => s.finishedAt === null);
    if (!step || view.status !== 4) return null;
    const agency = await this.agencies.byCode(step.agency.code).catch(() => undefined);
    if (!agency) return null;
    const partner = await this.repo.partnerByAgency(this.db, agency.id);
    return partner && partner.external ? { partner, step } : null;
  }

  /** The dossier page's panel: the open step's external partner (may send now?) and the packages with their statuses. */
  async dossierPanel(actor: Actor | null, dossierId: string): Promise<{ partner: { organId: string; name: string } | null; step: string | null; maySend: boolean; packages: PackageView[] }> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const view = await this.p.dossier(actor, dossierId);
    const external = await this.externalStep(view);
    const rows = await this.repo.dossierPackages(this.db, view.id);
    const sent = external ? rows.some((r) => r.direction === 'out' && r.step_position === external.step.position && r.state !== 'refused') : false;
    return {
      partner: external ? { organId: external.partner.organ_id, name: external.partner.name } : null,
      step: external?.step.name ?? null,
      maySend: !!external && !sent && (await this.handles(actor, view)),
      packages: await this.packageViews(rows),
    };
  }

  private async handles(actor: Actor, view: DossierView): Promise<boolean> {
    const agency = await this.agencies.byCode(view.agency.code).catch(() => undefined);
    if (!agency) return false;
    try {
      await this.agencies.authorize(actor, HANDLING, agency.id);
      return true;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  }

  /**
   * Liên thông to an agency not on OpenDVC: the dossier's open step is held by an external partner; an officer of
   * the dossier's agency sends the step's package (dossier code, procedure, applicant's name, the dossier's files).
   */
  async sendDossierStep(actor: Actor | null, dossierId: string, now = new Date()): Promise<PackageView> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const view = await this.p.dossier(actor, dossierId);
    if (!(await this.handles(actor, view))) throw new DomainError('FORBIDDEN');
    const external = await this.externalStep(view);
    if (!external) throw new DomainError('DOCEXCHANGE_STEP_NOT_EXTERNAL');
    const { partner, step } = external;
    const rows = await this.repo.dossierPackages(this.db, view.id);
    if (rows.some((r) => r.direction === 'out' && r.step_position === step.position && r.state !== 'refused')) throw new DomainError('DOCEXCHANGE_ALREADY_SENT');
    if (!this.gateway) throw new DomainError('DOCEXCHANGE_NOT_CONFIGURED');
    const attachments: Attachment[] = [];
    let total = 0;
    for (const [i, f] of view.files.slice(0, 19).entries()) {
      const opened = await this.p.openFile(f.fileId);
      if (!opened) continue;
      const bytes = await readAll(opened.stream, this.options.maxBytes);
      if (!bytes) throw new DomainError('DOCEXCHANGE_TOO_LARGE', { maxMb: Math.floor(this.options.maxBytes / 1024 / 1024) });
      total += bytes.length;
      if ((total * 4) / 3 > this.options.maxBytes) throw new DomainError('DOCEXCHANGE_TOO_LARGE', { maxMb: Math.floor(this.options.maxBytes / 1024 / 1024) });
      attachments.push({ contentId: `tep${i + 1}`, contentType: contentTypeOf(f.mediaType), name: f.name.replace(/[/\\]/g, '_').slice(0, 255), description: 'Thành phần hồ sơ', signed: false, bytes });
    }
    const year = Number(vietnamDate(now).slice(0, 4));
    const number = await this.repo.nextCodeNumber(this.db, year);
    const dossier: DossierInfo = { dossierCode: view.code, procedureCode: view.procedure.code, procedureName: view.procedure.name, applicantName: view.applicant.name ?? '', stepName: step.name };
    const message: PackageMessage = {
      kind: 'package',
      documentId: randomUUID(),
      from: this.me,
      to: [{ organId: partner.organ_id, organName: partner.name }],
      codeNumber: String(number),
      codeNotation: 'PLT-MC',
      place: view.agency.name.slice(0, 500),
      promulgationDate: vietnamDate(now),
      documentType: 'transfer_slip',
      typeName: DOCUMENT_TYPES.transfer_slip.vi,
      subject: `Liên thông hồ sơ ${view.code}: ${view.procedure.name}`.slice(0, 2000),
      content: `Bước "${step.name}" của hồ sơ ${view.code} do ${partner.name} thực hiện.`,
      signerName: actor.fullName,
      priority: 'normal',
      dueDate: null,
      steeringType: 0,
      toPlaces: [partner.name],
      pageAmount: 0,
      dossier,
      sentAt: now.toISOString(),
      attachments,
    };
    const sent = await this.dispatch(message, { dossierId: view.id, stepPosition: step.position, createdBy: actor.id }, async (tx) => {
      await this.p.history(tx, { dossier_id: view.id, at: now, actor_id: actor.id, status: view.status, action: 'docexchange', ...eventColumns({ key: 'timeline.docExchange', params: { code: 'sent', agency: partner.name, note: null } }), handler_name: actor.fullName });
      await this.audit.record(tx, actor, { action: 'docexchange.send', targetType: 'dossier', targetId: view.id, summary: { to: partner.organ_id, documentId: message.documentId, step: step.position } }, actor.ip ?? null);
    });
    return sent;
  }

  // --- receiving (the poll job) -----------------------------------------------------------------

  /**
   * One round of the exchange: the incoming module's events first (our statuses recorded), undelivered packages and
   * our waiting statuses sent again, then our mailbox — packages (eDoc) and status messages — each processed and
   * taken off the exchange. Unreachable: stops the round quietly (the next one retries).
   */
  async poll(now = new Date()): Promise<PollReport> {
    const consumed = await consumeOutbox(this.db, this.consumer);
    const report: PollReport = { received: 0, statuses: 0, refused: 0, resent: 0, answered: 0, consumed };
    if (!this.gateway) return report;
    try {
      for (const row of await this.repo.undelivered(this.db)) {
        await this.deliver(row);
        report.resent++;
      }
      report.answered += await this.sendStatuses();
      for (const row of await this.repo.waitingSteps(this.db)) {
        const partner = row.recipients[0];
        const last = (await this.repo.statusesOf(this.db, [row.id])).filter((st) => st.code === '06').at(-1);
        await this.completeStep(row, partner?.organName ?? '', last?.description || 'Đã giải quyết xong');
      }
      for (const m of await this.gateway.pending('Status')) {
        const outcome = await this.receiveStatus(m, now);
        if (outcome === 'refused') report.refused++;
        else report.statuses++;
      }
      if (this.p.incoming) {
        for (const m of await this.gateway.pending('eDoc')) {
          const outcome = await this.receivePackage(m, now);
          if (outcome === 'refused') report.refused++;
          else if (outcome === 'received') report.received++;
        }
      }
    } catch (error) {
      if (!(error instanceof ExchangeUnreachable)) throw error;
    }
    return report;
  }

  private async fetch(m: PendingMessage): Promise<string | EnvelopeRefusal> {
    const fetched = await this.gateway!.fetch(m.id, this.options.maxBytes);
    if ('error' in fetched) return new EnvelopeRefusal(fetched.error === 'too_large' ? 'too_large' : 'malformed', fetched.error);
    return fetched.text;
  }

  /** Parses and authenticates an envelope: a known, active partner as sender (the one the exchange names), its signature. */
  private async authenticate(m: PendingMessage, text: string): Promise<{ message: PackageMessage | StatusMessage; partner: PartnerRow }> {
    const parsed = parseEnvelope(text, this.options.maxBytes);
    const sender = parsed.message.from.organId;
    const partner = await this.repo.partnerByOrgan(this.db, sender);
    if (!partner || !partner.active || sender !== m.from) throw new EnvelopeRefusal('unknown_sender', `${sender} is not a known exchange partner`);
    if (parsed.signature.method !== SIGNATURE_METHOD || !verifySignature(partner.public_key, parsed.signedBytes, parsed.signature.value)) throw new EnvelopeRefusal('bad_signature', 'the envelope signature does not verify');
    return { message: parsed.message, partner };
  }

  private async receivePackage(m: PendingMessage, now: Date): Promise<'received' | 'duplicate' | 'refused'> {
    const text = await this.fetch(m);
    let documentId: string | null = null;
    try {
      if (text instanceof EnvelopeRefusal) throw text;
      const { message, partner } = await this.authenticate(m, text);
      if (message.kind !== 'package') throw new EnvelopeRefusal('malformed', 'a status message sent as a package');
      documentId = message.documentId;
      const agencyId = await this.receivingAgency(message.to);
      if (!agencyId) throw new EnvelopeRefusal('not_addressed', 'not addressed to us');
      if (await this.repo.packageOf(this.db, 'in', partner.organ_id, message.documentId)) {
        await this.gateway!.done(m.id);
        return 'duplicate';
      }
      const files: ReceivedPackage['files'] = [];
      for (const a of message.attachments) {
        let signature: string | null = null;
        if (a.signed) {
          signature = (await this.p.verifyPdf(a.bytes)).state;
          if (signature !== 'genuine' && signature !== 'untrusted') throw new EnvelopeRefusal('attachment_signature', `${a.name}: signature ${signature}`);
        }
        files.push({ name: a.name, mediaType: a.contentType, bytes: a.bytes, signature });
      }
      const registered = await this.register({
        agencyId,
        exchangeId: message.documentId,
        senderOrganId: partner.organ_id,
        senderName: message.from.organName,
        numberSymbol: `${message.codeNumber}/${message.codeNotation}`,
        issuedOn: message.promulgationDate,
        documentType: message.documentType,
        typeName: message.typeName,
        subject: message.subject,
        signerName: message.signerName,
        urgency: message.priority,
        dueDate: message.dueDate,
        pageCount: message.pageAmount,
        files,
        receivedAt: now,
      });
      const row = await this.db.transaction().execute(async (tx) => {
        const inserted = await this.repo.insertPackage(tx, {
          direction: 'in',
          document_id: message.documentId,
          sender_organ_id: partner.organ_id,
          sender_name: message.from.organName,
          recipients: message.to,
          code_notation: `${message.codeNumber}/${message.codeNotation}`,
          promulgation_date: message.promulgationDate,
          subject: message.subject,
          state: 'received',
          envelope: null,
          size_bytes: Buffer.byteLength(text),
          local_document_id: registered.id,
        });
        if (inserted) {
          // 01: it arrived; 03: it is in the incoming register (registered at once, with its number). Sent in order
          // below; kept pending when the exchange cannot take them now.
          const base = { package_id: inserted.id, direction: 'out' as const, from_organ_id: this.options.organId, staff: '', at: now, attachment_names: [], delivery: 'pending' as const };
          await this.repo.insertStatus(tx, { ...base, code: '01', description: 'Đã nhận văn bản' });
          await this.repo.insertStatus(tx, { ...base, code: '03', description: statusBackDescription('registered', { number: registered.number ?? null, year: registered.year ?? null }) });
          await this.repo.updatePackage(tx, inserted.id, { state: 'accepted' });
        }
        return inserted;
      });
      if (row) await this.sendStatuses(row.id);
      await this.gateway!.done(m.id);
      return row ? 'received' : 'duplicate';
    } catch (error) {
      if (!(error instanceof EnvelopeRefusal)) throw error;
      await this.refuse(m, error, documentId, now, true);
      return 'refused';
    }
  }

  /** The incoming module's registration; its refusals (a field it does not accept) refuse the package. */
  private async register(input: ReceivedPackage): Promise<{ id: string; number?: number; year?: number }> {
    try {
      return await this.p.incoming!.registerReceived(input);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'INCOMING_DUPLICATE' && typeof error.params?.id === 'string') {
        const { number, year } = error.params;
        return { id: error.params.id, ...(typeof number === 'number' && typeof year === 'number' ? { number, year } : {}) };
      }
      if (error instanceof DomainError && error.status < 500) {
        const fields = error.fieldErrors.map((f) => `${f.path} ${f.code}`).join(', ');
        throw new EnvelopeRefusal('malformed', `${error.code}${fields ? `: ${fields}` : ''}`.slice(0, 500));
      }
      throw error;
    }
  }

  /** Our agency a package is for: one whose code a To OrganId is, else (addressed to our platform) the top-level agency. */
  private async receivingAgency(to: Organ[]): Promise<string | null> {
    const all = (await this.agencies.list()).filter((a) => a.active);
    for (const t of to) {
      const agency = all.find((a) => a.code === t.organId);
      if (agency) return agency.id;
    }
    if (!to.some((t) => t.organId === this.options.organId)) return null;
    const roots = all.filter((a) => a.parent_id === null).sort((a, b) => a.code.localeCompare(b.code));
    return roots[0]?.id ?? null;
  }

  private async receiveStatus(m: PendingMessage, now: Date): Promise<'applied' | 'refused'> {
    const text = await this.fetch(m);
    try {
      if (text instanceof EnvelopeRefusal) throw text;
      const { message, partner } = await this.authenticate(m, text);
      if (message.kind !== 'status') throw new EnvelopeRefusal('malformed', 'a package sent as a status message');
      if (message.responseFor.organId !== this.options.organId) throw new EnvelopeRefusal('not_addressed', 'a status about another sender\'s package');
      const row = await this.repo.packageOf(this.db, 'out', this.options.organId, message.responseFor.documentId);
      if (!row || !row.recipients.some((r) => r.organId === partner.organ_id)) throw new EnvelopeRefusal('not_addressed', 'a status about a package we did not send it');
      const at = new Date(message.timestamp);
      const key = { package_id: row.id, direction: 'in' as const, code: message.statusCode, from_organ_id: partner.organ_id, at };
      // The same status delivered again (the exchange handed it twice, or our "done" was lost): applied once.
      if (await this.repo.hasStatus(this.db, key)) {
        await this.gateway!.done(m.id);
        return 'applied';
      }
      // A 06 about a dossier's liên thông step: its attachments are the partner's result, kept with the dossier.
      const withFiles = message.statusCode === '06' && row.dossier_id !== null && message.attachments.length > 0;
      const prepared: PreparedFile[] = [];
      let completes: boolean;
      try {
        if (withFiles) await this.prepareResultFiles(message.attachments, prepared);
        completes = await this.db.transaction().execute(async (tx) => {
          const locked = (await this.repo.lockPackage(tx, row.id))!;
          if (await this.repo.hasStatus(tx, key)) return false;
          const state = nextState(locked.state === 'sending' || locked.state === 'failed' ? 'sent' : (locked.state as Parameters<typeof nextState>[0]), message.statusCode);
          await this.repo.insertStatus(tx, { ...key, description: message.description.slice(0, 2000), staff: message.staffName, attachment_names: message.attachments.map((a) => a.name) });
          await this.repo.updatePackage(tx, row.id, { state: state === 'sent' ? locked.state : state });
          if (row.dossier_id) {
            const kept = withFiles ? await this.keepResultFiles(tx, row, partner, prepared) : null;
            const note = kept ? message.description.slice(0, 1000) || null : [message.description, ...message.attachments.map((a) => a.name)].filter(Boolean).join('; ').slice(0, 1000) || null;
            const dossierStatus = await this.dossierStatus(tx, row.dossier_id);
            await this.p.history(tx, { dossier_id: row.dossier_id, at: now, actor_id: null, status: dossierStatus, action: 'docexchange', ...eventColumns({ key: 'timeline.docExchange', params: { code: message.statusCode, agency: partner.name, note, ...(kept ?? {}) } }), handler_name: partner.name });
          }
          return message.statusCode === '06' && locked.state !== 'completed';
        });
      } finally {
        // What was not committed (refused, already kept, or the transaction failed) leaves no staged file behind.
        for (const f of prepared) if ('staged' in f) await this.p.files.discard(f.staged);
      }
      if (completes && row.dossier_id && row.step_position !== null && row.created_by) await this.completeStep(row, partner.name, message.description || 'Đã giải quyết xong');
      await this.gateway!.done(m.id);
      return 'applied';
    } catch (error) {
      if (!(error instanceof EnvelopeRefusal)) throw error;
      // A status message is never answered with another (no loops): logged, taken off the exchange.
      await this.refuse(m, error, null, now, false);
      return 'refused';
    }
  }

  /**
   * Checks the attachments of a 06 before its transaction (appended to `out`, so that the caller discards what it
   * staged whatever happens): at most RESULT_FILES_MAX, each within the dossiers' per-file limit; a claimed signature
   * verified (PAdES: genuine or untrusted kept, as for a received package's files); the content staged and inspected
   * like an upload (files.inspect.ts: the attachment types, nothing broken or hostile, a name that matches).
   */
  private async prepareResultFiles(attachments: Attachment[], out: PreparedFile[]): Promise<void> {
    const files = this.p.files;
    const max = this.options.maxFileBytes ?? 10 * 1024 * 1024;
    for (const [i, a] of attachments.entries()) {
      const name = a.name.slice(0, 200);
      if (i >= RESULT_FILES_MAX) {
        out.push({ name, refused: 'too_many' });
        continue;
      }
      if (a.bytes.length > max) {
        out.push({ name, refused: 'too_large' });
        continue;
      }
      let signature: 'genuine' | 'untrusted' | null = null;
      if (a.signed) {
        const verdict = (await this.p.verifyPdf(a.bytes)).state;
        if (!signatureAccepted(verdict)) {
          out.push({ name, refused: 'signature' });
          continue;
        }
        signature = verdict;
      }
      const staged = await files.stage(Readable.from([a.bytes]), a.name, { maxBytes: max + 1 });
      let refused: ResultFileRefusal | null = staged.truncated ? 'too_large' : staged.sizeBytes === 0 ? 'broken' : null;
      let mediaType: string | null = null;
      if (!refused) {
        try {
          const detected = await inspectUpload(files.inspector, staged.tempPath, 'attachment', staged.originalName);
          mediaType = accepts('attachment', detected) ? attachmentMediaType(detected) : null;
          if (!mediaType || !detected) refused = 'type';
          else staged.originalName = storedName(staged.originalName, detected);
        } catch (error) {
          if (!(error instanceof DomainError)) {
            await files.discard(staged);
            throw error;
          }
          refused = resultFileRefusal(error.code);
        }
      }
      if (refused || !mediaType) {
        await files.discard(staged);
        out.push({ name: staged.originalName, refused: refused ?? 'type' });
      } else out.push({ name: staged.originalName, staged, mediaType, signature });
    }
  }

  /**
   * Keeps a 06's accepted result files with the dossier, in the status's transaction (under the package's lock): each
   * committed through the files module and recorded once per package and content (the same bytes again: the file
   * kept before). Returns what the history entry names: the files kept (names, file ids) and those refused, with why.
   */
  private async keepResultFiles(tx: Executor, row: PackageRow, partner: PartnerRow, prepared: PreparedFile[]): Promise<{ files: string[]; fileIds: string[]; refused: string[]; refusedReasons: string[] }> {
    const kept = { files: [] as string[], fileIds: [] as string[], refused: [] as string[], refusedReasons: [] as string[] };
    for (const f of prepared) {
      if ('refused' in f) {
        kept.refused.push(f.name);
        kept.refusedReasons.push(f.refused);
        continue;
      }
      const existing = await this.repo.resultFileByContent(tx, row.id, f.staged.sha256);
      if (existing) {
        if (!kept.fileIds.includes(existing.file_id)) {
          kept.files.push(existing.name);
          kept.fileIds.push(existing.file_id);
        }
        continue;
      }
      const file = await this.p.files.commit(tx, f.staged, { mediaType: f.mediaType, createdBy: null });
      await this.repo.insertResultFile(tx, { package_id: row.id, dossier_id: row.dossier_id!, file_id: file.id, sha256: file.sha256, from_organ_id: partner.organ_id, from_name: partner.name.slice(0, 500), signature: f.signature });
      kept.files.push(file.original_name);
      kept.fileIds.push(file.id);
    }
    return kept;
  }

  /**
   * A dossier's result files from partner agencies (the 06 of its liên thông steps), for the officer's dossier page.
   * Authorised as the dossier itself (HandlingService.detail: NOT_FOUND outside the officer's scope).
   */
  async resultFiles(actor: Actor | null, dossierId: string): Promise<ResultFileView[]> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    // Most dossiers have none: nothing to show, nothing to authorise (the page itself is).
    const rows = isUuid(dossierId) ? await this.repo.resultFiles(this.db, dossierId) : [];
    if (!rows.length) return [];
    const view = await this.p.dossier(actor, dossierId);
    return rows.map((r) => ({
      fileId: r.file_id,
      name: r.name,
      mediaType: r.media_type,
      sizeBytes: Number(r.size_bytes),
      from: r.from_name,
      signature: r.signature,
      receivedAt: r.created_at,
      url: resultFileUrl(view.id, r.file_id),
    }));
  }

  /** One result file of the dossier to download, after the same authorisation as the dossier (NOT_FOUND otherwise). */
  async openResultFile(actor: Actor | null, dossierId: string, fileId: string): Promise<OpenedFile> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const view = await this.p.dossier(actor, dossierId);
    const row = isUuid(fileId) ? (await this.repo.resultFiles(this.db, view.id, fileId))[0] : undefined;
    const opened = row ? await this.p.openFile(row.file_id) : null;
    if (!opened) throw new DomainError('NOT_FOUND');
    return opened;
  }

  /**
   * Hands the dossier's external step on (06 received): recorded under the account that sent the package, in the
   * external agency's name. A dossier paused at the step (or changed meanwhile) keeps the package 'waiting': the poll
   * job tries again.
   */
  private async completeStep(row: PackageRow, agencyName: string, note: string): Promise<void> {
    const by: Actor = { id: row.created_by!, username: '', fullName: agencyName.slice(0, 200), kind: 'staff', agencyId: null, departmentId: null, organisationId: null, roles: [] };
    const outcome = await this.p.completeStep(row.dossier_id!, { position: row.step_position!, by, note: note.slice(0, 1000) });
    await this.repo.updatePackage(this.db, row.id, { step_completion: outcome === 'completed' ? 'done' : outcome });
  }

  private async dossierStatus(tx: Executor, dossierId: string): Promise<number> {
    return (await this.p.dossierStatus(tx, dossierId)) ?? 0;
  }

  // --- our statuses about packages we received (03 accepted … 06 completed) ---------------------------

  /** The outbox consumer of the incoming module's events (run by the poll job; tests may run it on its own). */
  get consumer(): OutboxConsumer {
    return { name: DOCEXCHANGE_CONSUMER, topics: DOCEXCHANGE_TOPICS, handle: (tx, message) => this.handle(tx, message) };
  }

  /**
   * One event of an incoming document. Only a document a package of ours became matters (received electronically,
   * its sender and package id are a row of docexchange_packages pointing at it); the event's status is recorded
   * pending, under the package's lock, unless that code or a later one already was (at-least-once: twice is once).
   */
  async handle(tx: Executor, message: OutboxMessage): Promise<boolean> {
    if (message.topic !== INCOMING_STATUS_TOPIC) return false;
    const p = message.payload;
    const code = typeof p.event === 'string' ? statusBackFor(p.event) : null;
    if (!code || p.channel !== 'electronic') return false;
    const documentId = typeof p.documentId === 'string' ? p.documentId : '';
    const senderCode = typeof p.senderCode === 'string' ? p.senderCode : '';
    const packageId = typeof p.packageId === 'string' ? p.packageId.toLowerCase() : '';
    if (!isUuid(documentId) || !isOrganId(senderCode) || !isUuid(packageId)) return false;
    const found = await this.repo.packageOf(tx, 'in', senderCode, packageId);
    if (!found || found.local_document_id !== documentId) return false;
    const row = (await this.repo.lockPackage(tx, found.id))!;
    if (!mayAnswer(await this.repo.outCodes(tx, row.id), code)) return false;
    const at = typeof p.at === 'string' && !Number.isNaN(Date.parse(p.at)) ? new Date(p.at) : message.created_at;
    const deadline = typeof p.deadlineAt === 'string' && !Number.isNaN(Date.parse(p.deadlineAt)) ? new Date(p.deadlineAt) : null;
    const description = statusBackDescription(p.event as string, { number: typeof p.number === 'number' ? p.number : null, year: typeof p.year === 'number' ? p.year : null, deadline });
    await this.repo.insertStatus(tx, { package_id: row.id, direction: 'out', code, from_organ_id: this.options.organId, description, staff: '', at, attachment_names: [], delivery: 'pending' });
    const state = nextState(row.state === 'sending' || row.state === 'failed' ? 'sent' : row.state, code);
    if (state !== 'sent' && state !== row.state) await this.repo.updatePackage(tx, row.id, { state });
    return true;
  }

  /**
   * Sends our pending statuses — of one package, or of every package that has some — in the order they were
   * recorded, each package under its row lock (a package another worker is sending is skipped). The exchange
   * unreachable: the status stays pending and the round stops (the poll job tries again); refused (4xx): marked
   * refused with the reason, the next one goes. Returns how many the exchange took.
   */
  private async sendStatuses(packageId?: string): Promise<number> {
    if (!this.gateway) return 0;
    const ids = packageId ? [packageId] : await this.repo.packagesWithPendingStatuses(this.db);
    let sent = 0;
    for (const id of ids) {
      const outcome = await this.db.transaction().execute(async (tx) => {
        const row = await this.repo.lockPackageOrSkip(tx, id);
        if (!row) return 'busy' as const;
        for (const st of await this.repo.pendingStatuses(tx, id)) {
          const about = { organId: row.sender_organ_id, documentId: row.document_id, code: row.code_notation, promulgationDate: row.promulgation_date };
          const result = await this.sendStatus(row.sender_organ_id, about, st.code as StatusCode, st.description, st.at);
          if (result.outcome === 'sent') {
            await this.repo.markStatus(tx, st.id, { delivery: 'sent', attempts: st.attempts + 1, last_error: null });
            sent++;
          } else if (result.outcome === 'refused') {
            await this.repo.markStatus(tx, st.id, { delivery: 'refused', attempts: st.attempts + 1, last_error: result.reason.slice(0, 1000) });
          } else {
            await this.repo.markStatus(tx, st.id, { delivery: 'pending', attempts: st.attempts + 1, last_error: result.error.slice(0, 1000) });
            return 'unreachable' as const;
          }
        }
        return 'done' as const;
      });
      if (outcome === 'unreachable') break;
    }
    return sent;
  }

  /** One status message of ours about a package we received (its sender, DocumentId, number-and-symbol, date). */
  private async sendStatus(to: string, about: StatusMessage['responseFor'], code: StatusCode, description: string, at: Date): Promise<SendOutcome> {
    const status: StatusMessage = { kind: 'status', responseFor: about, from: this.me, statusCode: code, description: description.slice(0, 2000), staffName: '', department: '', timestamp: at.toISOString(), attachments: [] };
    let envelope: string;
    try {
      envelope = buildEnvelope(status, await this.sign());
    } catch (error) {
      // A message our own parser would refuse is never sent (kept as refused, with the reason).
      if (error instanceof EnvelopeRefusal) return { outcome: 'refused', reason: `${error.reason}: ${error.detail}` };
      throw error;
    }
    return this.gateway!.send('Status', [to], envelope);
  }

  /** A status message from us about a package we received. */
  private async answer(to: string, about: PackageMessage | null, code: StatusCode, description: string, now: Date, documentId: string | null = null): Promise<boolean> {
    const status: StatusMessage = {
      kind: 'status',
      responseFor: about
        ? { organId: about.from.organId, documentId: about.documentId, code: `${about.codeNumber}/${about.codeNotation}`, promulgationDate: about.promulgationDate }
        : { organId: to, documentId: documentId && isUuid(documentId) ? documentId : NIL_UUID, code: '', promulgationDate: '' },
      from: this.me,
      statusCode: code,
      description: description.slice(0, 2000),
      staffName: '',
      department: '',
      timestamp: now.toISOString(),
      attachments: [],
    };
    const outcome = await this.gateway!.send('Status', [to], buildEnvelope(status, await this.sign()));
    return outcome.outcome === 'sent';
  }

  /** Refuses an envelope: nothing registered, one refusal row, a 02 status to the sender (packages only), taken off the exchange. */
  private async refuse(m: PendingMessage, refusal: EnvelopeRefusal, documentId: string | null, now: Date, reply: boolean): Promise<void> {
    const reason: RefusalReason = refusal.reason;
    let answered = false;
    if (reply && isOrganId(m.from)) {
      const exchangeId = isUuid(m.id) ? m.id : null;
      answered = await this.answer(m.from, null, '02', `${reason}: ${refusal.detail}`, now, documentId ?? exchangeId).catch(() => false);
    }
    await this.repo.insertRefusal(this.db, { exchange_id: m.id.slice(0, 100), sender_organ_id: m.from.slice(0, 64), reason, detail: refusal.detail.slice(0, 1000), size_bytes: m.size, answered });
    await this.gateway!.done(m.id);
  }
}

/** Where an officer downloads a partner's result file of the dossier (docexchange.pages.ts). */
export function resultFileUrl(dossierId: string, fileId: string): string {
  return `/can-bo/ho-so/${dossierId}/truc-lien-thong/tep/${fileId}`;
}

function contentTypeOf(mediaType: string): string {
  const clean = mediaType.split(';')[0]!.trim().toLowerCase();
  return (CONTENT_TYPES as readonly string[]).includes(clean) ? clean : 'application/octet-stream';
}
