// The acknowledgement of an online submission: the PDF for the applicant (and their organisation), and the
// e-mail sent once per submission by the outbox dispatcher (job outbox.dispatch).
import { isUuid } from '../../core/ids.ts';
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import { translator } from '../../core/i18n.ts';
import { formatDate } from '../../core/text.ts';
import type { Db, Executor } from '../../db/database.ts';
import { formSchemaOf, type VersionSource } from './dossiers.eform.ts';
import { eformLines, eformRows } from '../kernel/eform-rows.ts';
import type { MailService } from '../mail/mail.service.ts';
import { consumeOutbox, type OutboxConsumer } from '../outbox/outbox.service.ts';
import { DossiersRepository, type DossierRow } from './dossiers.repository.ts';
import { receiptFileName, renderReceipt, type ReceiptData } from './dossiers.receipt.ts';
import { CHANNELS } from './dossiers.rules.ts';
import './dossiers.errors.ts';


/** Outbox topics this service handles (others stay for their own consumers). */
export const RECEIPT_TOPICS = ['dossier.submitted'] as const;

/** Name of this consumer in outbox_deliveries. */
export const RECEIPTS_CONSUMER = 'receipts';

export interface OutboxRow {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
}

export interface ReceiptPdf {
  code: string;
  fileName: string;
  pdf: Buffer;
}

export interface DispatchReport {
  processed: number;
  mailed: number;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

export class ReceiptService {
  constructor(
    private readonly db: Db,
    private readonly mail: MailService,
    private readonly options: { baseUrl: string },
    /** Procedure versions (the catalog's port, CatalogService.versionRecord). */
    private readonly catalog: VersionSource,
    private readonly repo = new DossiersRepository(),
  ) {}

  /** The public lookup page. */
  get lookupUrl(): string {
    return `${this.options.baseUrl}/tra-cuu`;
  }

  /** Where the applicant downloads the acknowledgement (sign-in required). */
  downloadUrl(dossierId: string): string {
    return `${this.options.baseUrl}/ho-so/${dossierId}/giay-xac-nhan.pdf`;
  }

  /** Everything the acknowledgement shows, and where to e-mail it. */
  private async receiptData(db: Executor, dossier: DossierRow): Promise<{ data: ReceiptData; email: string | null }> {
    const [summary, version, files, profile] = await Promise.all([
      this.repo.summary(db, dossier.id),
      this.catalog.versionRecord(db, dossier.procedure_version_id),
      this.repo.filesOf(db, dossier.id),
      this.repo.profile(db, dossier.applicant_id),
    ]);
    if (!summary || !version) throw new Error(`dossier incomplete: ${dossier.id}`);
    const form = (dossier.form_data ?? {}) as Record<string, unknown>; // stored JSON (jsonb), not request data
    const organisation = dossier.organisation_id !== null || profile?.kind === 'organisation';
    const stored = dossier.idempotent_response as { lookupSecret?: unknown } | null;
    const documents = version.documents
      .map((d) => ({ position: d.position, name: d.name, copies: d.copies, files: files.filter((f) => f.document_id === d.id).map((f) => f.name) }))
      .filter((d) => d.files.length > 0);
    const data: ReceiptData = {
      code: dossier.code!,
      agencyName: summary.agency_name,
      applicantName: dossier.applicant_name ?? text(form.fullName) ?? profile?.fullName ?? '',
      idNumber: organisation ? (text(form.taxCode) ?? profile?.taxCode ?? null) : (text(form.personalId) ?? profile?.personalId ?? null),
      idKind: organisation ? 'taxCode' : 'personalId',
      phone: text(form.phone) ?? profile?.phone ?? null,
      procedureName: summary.procedure_name,
      procedureCode: summary.procedure_code,
      documents,
      receivedAt: dossier.submitted_at!,
      timeLimit: { value: Number(version.time_limit_value), unit: version.time_limit_unit, sameDay: version.same_day, none: version.no_time_limit },
      expectedDate: dossier.expected_date,
      lookupUrl: this.lookupUrl,
      // Only while the idempotent answer of the submission is kept (24 hours); it is stored hashed otherwise.
      lookupSecret: typeof stored?.lookupSecret === 'string' ? stored.lookupSecret : null,
      // The applicant's answers, labelled, in schema order (officer-only fields are staff's, not printed here).
      answers: eformLines(eformRows(formSchemaOf(version), form).filter((r) => !r.officer)),
    };
    return { data, email: text(form.email) ?? profile?.email ?? null };
  }

  /** The acknowledgement PDF of a submitted dossier: the applicant's, or their organisation's (others: 404). */
  async pdfFor(actor: Actor | null, dossierId: string): Promise<ReceiptPdf> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    const { data } = await this.db.transaction().execute(async (tx) => {
      const dossier = await this.repo.visible(tx, dossierId, { id: actor.id, organisationId: actor.kind === 'organisation' ? actor.organisationId : null });
      // Drafts have no acknowledgement.
      if (!dossier || dossier.status === null || !dossier.code || !dossier.submitted_at) throw new DomainError('NOT_FOUND');
      return this.receiptData(tx, dossier);
    });
    return { code: data.code, fileName: receiptFileName(data.code), pdf: await renderReceipt(data) };
  }

  /**
   * Handles one 'dossier.submitted' outbox row inside the dispatcher's transaction (which also records its
   * delivery): queues the acknowledgement e-mail to the applicant. Returns false when there is nobody to
   * write to (no address, or the dossier is gone).
   */
  async handleSubmitted(tx: Executor, row: OutboxRow): Promise<boolean> {
    const dossierId = text(row.payload.dossierId);
    if (!dossierId || !isUuid(dossierId)) return false;
    const summary = await this.repo.summary(tx, dossierId);
    if (!summary || summary.status === null) return false;
    const dossier = await this.repo.visible(tx, dossierId, { id: summary.applicant_id, organisationId: null });
    if (!dossier || !dossier.code || !dossier.submitted_at) return false;
    // Only online submissions are acknowledged by e-mail: at the counter or by post the applicant gets the
    // printed receipt (form 01) from the one-stop officer.
    if (dossier.channel !== CHANNELS.online) return false;
    const { data, email } = await this.receiptData(tx, dossier);
    if (!email) return false;
    // In the applicant's language (accounts.locale).
    const t = translator(await this.mail.localeOf(tx, summary.applicant_id));
    const name = data.applicantName || email;
    const download = this.downloadUrl(dossier.id);
    const lines: Array<{ text: string; url?: string }> = [
      { text: t('receipt.mail.greeting', { name }) },
      { text: t('receipt.mail.intro', { agency: data.agencyName, procedure: data.procedureName }) },
      { text: t('receipt.mail.code', { code: data.code }) },
      { text: t('receipt.mail.expected', { date: data.expectedDate ? formatDate(data.expectedDate) : t('receipt.expectedLater') }) },
      { text: data.lookupSecret ? t('receipt.mail.secret', { secret: data.lookupSecret }) : t('receipt.mail.secretShown') },
      { text: t('receipt.mail.lookup', { url: this.lookupUrl }), url: this.lookupUrl },
      { text: t('receipt.mail.download', { url: download }), url: download },
      { text: t('receipt.mail.next') },
      { text: t('receipt.mail.footer') },
    ];
    const html = lines
      .map((line) => {
        const escaped = escapeHtml(line.text);
        if (!line.url) return `<p>${escaped}</p>`;
        const url = escapeHtml(line.url);
        return `<p>${escaped.replace(url, `<a href="${url}">${url}</a>`)}</p>`;
      })
      .join('\n');
    await this.mail.queue(tx, { to: email, subject: t('receipt.mail.subject', { code: data.code }), text: lines.map((l) => l.text).join('\n\n'), html });
    return true;
  }

  /**
   * Processes the outbox rows of the receipt topics not yet delivered to this consumer ('receipts') in batches:
   * each batch is claimed with FOR UPDATE SKIP LOCKED (two workers never take the same row), handled and
   * recorded in outbox_deliveries in one transaction, so each submission gets its e-mail exactly once
   * (src/modules/outbox/outbox.service.ts).
   */
  async dispatchOutbox(batchSize = 50, maxBatches = 20): Promise<DispatchReport> {
    const report = await consumeOutbox(this.db, this.consumer, { batchSize, maxBatches });
    return { processed: report.processed, mailed: report.handled };
  }

  /** The acknowledgement mailer as an outbox consumer. */
  get consumer(): OutboxConsumer {
    return {
      name: RECEIPTS_CONSUMER,
      topics: RECEIPT_TOPICS,
      handle: (tx, row) => (row.topic === 'dossier.submitted' ? this.handleSubmitted(tx, row) : Promise.resolve(false)),
    };
  }
}
