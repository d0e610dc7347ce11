// The National Public Service Portal's dossier exchange (issue 13).
//
// Inbound: the portal delivers a dossier submitted there (POST /api/national-portal/dossiers, its bearer token):
// checked (readInbound), mapped by national procedure code to the published version, every file fetched from the
// portal, its SHA-256 compared with the announced one and its content inspected like any upload, then one
// transaction registers the dossier through intake's narrow port (channel 4, the reception queue, the same
// statutory clock once accepted) and records the national code (unique: a second delivery is "duplicate").
//
// Outbound: outbox consumer 'nationalportal' (topic dossier.status, written by every back-office action) turns
// each step of such a dossier into numbered messages (progress; status when it changed) in
// national_portal_messages, in the delivery transaction. `sync` (job nationalportal.sync, every minute) sends each
// dossier's messages in order — never n+1 before n is accepted —, retries the unreachable ones with back-off,
// keeps a refusal as 'failed' with the portal's reason (the dossier's later messages wait) until an administrator
// retries it, and raises an alert when the portal has been unreachable longer than configured.
//
// Which dossiers are reported: those the portal delivered and our own online dossiers (channel 2), which the
// portal is first told about (DongBoHoSoMC, isUpdating false, MaHoSo = our code) when they are submitted — the
// domain guide (§3 step 6) publishes every state change to the national portal, and its DongBoHoSoMC pushes the
// dossiers of a one-stop system. Counter and postal dossiers (channels 1, 3) and imported ones are not reported.
import { timingSafeEqual, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { rolesRoots, type Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { ConcurrentInsert } from '../../db/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { VersionRecord } from '../catalog/catalog.service.ts';
import { attachmentMediaType } from '../files/files.inspect.rules.ts';
import { accepts, inspectUpload, storedName } from '../files/files.inspect.ts';
import type { FileStorage, StagedFile } from '../files/files.service.ts';
import type { NationalPortalIntake } from '../intake/intake.service.ts';
import { consumeOutbox, type ConsumeReport, type OutboxConsumer, type OutboxMessage } from '../outbox/outbox.service.ts';
import { fetchPortalFile, type NationalPortalGateway } from './nationalportal.adapter.ts';
import './nationalportal.errors.ts';
import { NationalCodeTaken, NationalPortalRepository, type HealthRow, type MessageRow, type ReconciliationRow } from './nationalportal.repository.ts';
import { CHANNELS } from '../kernel/dossier.ts';
import { alerting, ANSWER, backoffMs, documentFor, messagesOf, pushMessageOf, readInbound, type InboundDossier } from './nationalportal.rules.ts';

export const NATIONAL_PORTAL_CONSUMER = 'nationalportal';
export const NATIONAL_PORTAL_TOPICS = ['dossier.submitted', 'dossier.status'] as const;

/** Who may see the reconciliation page and retry (administrators of the agency tree). */
const ADMIN_ROLES: readonly Role[] = ['admin'];

/** What the module needs from intake (IntakeService.registerFromNationalPortal): the narrow port. */
export interface NationalPortalIntakePort {
  registerFromNationalPortal(tx: Executor, input: NationalPortalIntake, now?: Date): Promise<{ id: string; code: string; agencyId: string }>;
}

/** The published version of a national procedure code (CatalogService.published). */
export interface PublishedProcedures {
  published(code: string): Promise<VersionRecord>;
}

export interface NationalPortalOptions {
  inboundToken: string | undefined;
  /** The portal's base URL: files are fetched from its origin only. */
  portalUrl: string | undefined;
  alertMinutes: number;
  maxFileBytes: number;
  /** A log line (the alert); the server passes its logger. */
  log?: (level: 'warn' | 'info', message: string, data?: Record<string, unknown>) => void;
}

export interface InboundAnswer {
  error_code: string;
  message: string;
  data: { MaHoSo: string; MaHoSoCoQuan: string | null; dossierId: string };
}

export interface SyncReport {
  consumed: ConsumeReport;
  sent: number;
  refused: number;
  unreachable: number;
}

export interface Reconciliation {
  counts: { pending: number; sent: number; failed: number };
  rows: ReconciliationRow[];
  health: HealthRow | null;
  alert: boolean;
  alertMinutes: number;
  configured: boolean;
}

function sameSecret(sent: string, expected: string): boolean {
  const a = createHash('sha256').update(sent).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export class NationalPortalService {
  private gateway: NationalPortalGateway | null;
  private log: NationalPortalOptions['log'];

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly intake: NationalPortalIntakePort,
    private readonly catalog: PublishedProcedures,
    private readonly files: FileStorage,
    gateway: NationalPortalGateway | null,
    private readonly options: NationalPortalOptions,
    private readonly repo = new NationalPortalRepository(),
  ) {
    this.gateway = gateway;
    this.log = options.log;
  }

  /** Replaces the gateway (tests point it at a simulator started after the app). */
  setGateway(gateway: NationalPortalGateway | null): void {
    this.gateway = gateway;
  }

  // --- inbound ---------------------------------------------------------------------------------------

  /** Checks the portal's bearer token (constant time); none configured: every delivery is refused. */
  authenticate(authorization: string | undefined): void {
    const expected = this.options.inboundToken;
    const sent = typeof authorization === 'string' && authorization.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
    if (!expected || !sent || !sameSecret(sent, expected)) throw new DomainError('NATIONAL_PORTAL_TOKEN_INVALID');
  }

  /** One delivered dossier: registered (error_code 0), already known (1), or refused with a DomainError (-1). */
  async receive(item: Record<string, unknown>, now = new Date()): Promise<InboundAnswer> {
    const origin = this.options.portalUrl ? new URL(this.options.portalUrl).origin : null;
    const read = readInbound(item, origin);
    if ('problem' in read) throw new DomainError(read.problem.code, { field: read.problem.field }, [{ path: `/data/0/${read.problem.field}`, code: read.problem.code, params: { field: read.problem.field } }]);
    const inbound = read.dossier;
    const known = await this.repo.inbound(this.db, inbound.nationalCode);
    if (known) return this.duplicate(inbound.nationalCode, known);
    let version: VersionRecord;
    try {
      version = await this.catalog.published(inbound.procedureCode);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') throw new DomainError('NATIONAL_PORTAL_PROCEDURE_UNKNOWN', { procedureCode: inbound.procedureCode.slice(0, 40) });
      throw error;
    }
    const staged: Array<{ staged: StagedFile; mediaType: string; documentId: string; sha256: string; id: string }> = [];
    const committed = new Set<StagedFile>();
    try {
      for (const file of inbound.files) staged.push(await this.fetchFile(file, version));
      for (let attempt = 1; ; attempt++) {
        try {
          const dossier = await this.db.transaction().execute(async (tx) => {
            const created = await this.intake.registerFromNationalPortal(
              tx,
              {
                nationalCode: inbound.nationalCode,
                versionId: version.id,
                applicant: inbound.applicant,
                form: this.formOf(inbound),
                files: staged.map((s) => ({
                  documentId: s.documentId,
                  commit: async (t: Executor) => {
                    const row = await this.files.commit(t, s.staged, { mediaType: s.mediaType, createdBy: null });
                    committed.add(s.staged);
                    return row;
                  },
                })),
              },
              now,
            );
            await this.repo.insertInbound(tx, {
              national_code: inbound.nationalCode,
              dossier_id: created.id,
              procedure_code: inbound.procedureCode,
              files: staged.map((s) => ({ id: s.id, name: s.staged.originalName, sha256: s.sha256 })),
            });
            return created;
          });
          return { error_code: ANSWER.ok, message: 'Tiếp nhận hồ sơ thành công', data: { MaHoSo: inbound.nationalCode, MaHoSoCoQuan: dossier.code, dossierId: dossier.id } };
        } catch (error) {
          // A file committed by a rolled-back transaction is content without a row: the sweep removes it.
          for (const s of staged) committed.delete(s.staged);
          if (error instanceof NationalCodeTaken) {
            const again = await this.repo.inbound(this.db, inbound.nationalCode);
            if (again) return this.duplicate(inbound.nationalCode, again);
          }
          if (attempt >= 2 || !(error instanceof ConcurrentInsert || error instanceof NationalCodeTaken)) throw error;
        }
      }
    } finally {
      for (const s of staged) if (!committed.has(s.staged)) await this.files.discard(s.staged).catch(() => undefined);
    }
  }

  private duplicate(nationalCode: string, known: { dossier_id: string; code: string | null }): InboundAnswer {
    return { error_code: ANSWER.duplicate, message: 'Hồ sơ đã được tiếp nhận trước đó', data: { MaHoSo: nationalCode, MaHoSoCoQuan: known.code, dossierId: known.dossier_id } };
  }

  /** The form as the portal filled it; the summary of the request as the request content when absent. */
  private formOf(inbound: InboundDossier): Record<string, unknown> {
    const form: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(inbound.form)) {
      if (/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(key) && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) form[key] = typeof value === 'string' ? value.slice(0, 5000) : value;
    }
    if (inbound.content && form.requestContent === undefined) form.requestContent = inbound.content;
    return form;
  }

  private async fetchFile(file: InboundDossier['files'][number], version: VersionRecord) {
    const documentId = documentFor(version.documents, file.documentCode);
    if (!documentId) throw new DomainError('NATIONAL_PORTAL_NO_DOCUMENT', { procedureCode: version.code });
    const fetched = await fetchPortalFile(file.url, this.options.maxFileBytes);
    if ('error' in fetched) {
      if (fetched.error === 'too_large') throw new DomainError('NATIONAL_PORTAL_FILE_REFUSED', { name: file.name.slice(0, 200), reason: `FILE_TOO_LARGE (> ${this.options.maxFileBytes} bytes)` });
      throw new DomainError('NATIONAL_PORTAL_FILE_UNAVAILABLE', { name: file.name.slice(0, 200) });
    }
    const staged = await this.files.stage(Readable.from([fetched.bytes]), file.name, { maxBytes: this.options.maxFileBytes + 1 });
    try {
      if (staged.sha256 !== file.sha256) throw new DomainError('NATIONAL_PORTAL_FILE_HASH_MISMATCH', { name: file.name.slice(0, 200) });
      let detected;
      try {
        detected = await inspectUpload(this.files.inspector, staged.tempPath, 'attachment', staged.originalName);
      } catch (error) {
        throw new DomainError('NATIONAL_PORTAL_FILE_REFUSED', { name: file.name.slice(0, 200), reason: error instanceof DomainError ? error.code : 'inspection failed' });
      }
      const mediaType = accepts('attachment', detected) ? attachmentMediaType(detected) : null;
      if (!mediaType || !detected) throw new DomainError('NATIONAL_PORTAL_FILE_REFUSED', { name: file.name.slice(0, 200), reason: 'FILE_TYPE_NOT_ALLOWED' });
      staged.originalName = storedName(staged.originalName, detected);
      return { staged, mediaType, documentId, sha256: staged.sha256, id: file.id };
    } catch (error) {
      await this.files.discard(staged).catch(() => undefined);
      throw error;
    }
  }

  // --- outbox consumer -------------------------------------------------------------------------------

  get consumer(): OutboxConsumer {
    return { name: NATIONAL_PORTAL_CONSUMER, topics: NATIONAL_PORTAL_TOPICS, handle: (tx, message) => this.handle(tx, message) };
  }

  /**
   * One outbox message. `dossier.submitted` of one of our online dossiers (channel 2): the portal is told about it
   * (message 1, DongBoHoSoMC isUpdating false, its MaHoSo our code). `dossier.status` of a dossier the portal knows:
   * the messages of the step, numbered after the dossier's last one.
   */
  async handle(tx: Executor, message: OutboxMessage): Promise<boolean> {
    const p = message.payload;
    const dossierId = typeof p.dossierId === 'string' ? p.dossierId : '';
    if (!isUuid(dossierId)) return false;
    if (message.topic === 'dossier.submitted') return this.push(tx, dossierId, message.created_at);
    if (message.topic !== 'dossier.status') return false;
    const inbound = await this.repo.lockInbound(tx, dossierId);
    if (!inbound) return false;
    const status = Number(p.status);
    if (!Number.isInteger(status) || status < 1 || status > 10) return false;
    const at = typeof p.at === 'string' && !Number.isNaN(Date.parse(p.at)) ? new Date(p.at) : message.created_at;
    const facts = await this.repo.stepFacts(tx, dossierId, at);
    if (!facts) return false;
    const dueAt = typeof p.dueAt === 'string' && !Number.isNaN(Date.parse(p.dueAt)) ? new Date(p.dueAt) : facts.due_at;
    const appointmentAt = typeof p.appointmentAt === 'string' && !Number.isNaN(Date.parse(p.appointmentAt)) ? new Date(p.appointmentAt) : facts.appointment_at;
    const planned = messagesOf({
      nationalCode: inbound.national_code,
      status,
      previousStatus: Number.isInteger(Number(p.previousStatus)) ? Number(p.previousStatus) : null,
      action: typeof p.action === 'string' ? p.action : '',
      at,
      content: typeof p.content === 'string' ? p.content : '',
      handler: facts.handler,
      department: facts.department,
      legalEnd: facts.stepDue ?? dueAt,
      receivedAt: facts.received_at,
      appointmentAt,
      finishedAt: facts.finished_at,
      returnedAt: facts.returned_at,
    });
    const first = await this.repo.nextSequence(tx, dossierId);
    await this.repo.insertMessages(
      tx,
      planned.map((m, i) => ({ dossier_id: dossierId, procedure_id: facts.procedure_id, kind: m.kind, sequence: first + i, payload: m.payload, created_at: message.created_at })),
    );
    return planned.length > 0;
  }

  /** Our own online dossier, pushed to the portal once (the portal's own are registered by `receive`). */
  private async push(tx: Executor, dossierId: string, at: Date): Promise<boolean> {
    const d = await this.repo.ownDossier(tx, dossierId);
    if (!d || !d.code || d.channel !== CHANNELS.online || d.source !== 'portal' || d.status === null) return false;
    // The portal knows procedures by their national code (mã TTHC) only: a procedure with only a local code of its
    // agency (migration 0038) is not synced, and the audit log says why.
    if (!d.national_code) {
      await this.audit.record(tx, null, {
        action: 'nationalportal.not_pushed',
        targetType: 'dossier',
        targetId: dossierId,
        agencyId: d.agency_id,
        summary: { code: d.code, procedureCode: d.procedure_code, reason: 'PROCEDURE_WITHOUT_NATIONAL_CODE', note: 'Thủ tục chỉ có mã riêng của cơ quan, chưa có mã TTHC quốc gia: hồ sơ không được đồng bộ lên Cổng Dịch vụ công quốc gia.' },
      });
      return false;
    }
    if (!(await this.repo.insertPushed(tx, { national_code: d.code, dossier_id: dossierId, procedure_code: d.national_code }))) return false;
    const form: Record<string, unknown> = d.form_data ?? {};
    const message = pushMessageOf({
      code: d.code,
      procedureCode: d.national_code,
      procedureName: d.procedure_name,
      applicantName: d.applicant_name ?? '',
      applicantKind: d.applicant_kind === 'organisation' ? 'organisation' : 'citizen',
      idNumber: d.applicant_id_number,
      phone: typeof form.phone === 'string' ? form.phone : null,
      email: typeof form.email === 'string' ? form.email : null,
      status: d.status,
      submittedAt: d.submitted_at,
      receivedAt: d.received_at,
      appointmentAt: d.appointment_at,
    });
    await this.repo.insertMessages(tx, [{ dossier_id: dossierId, procedure_id: d.procedure_id, kind: message.kind, sequence: await this.repo.nextSequence(tx, dossierId), payload: message.payload, created_at: at }]);
    return true;
  }

  // --- sending ---------------------------------------------------------------------------------------

  /**
   * Job nationalportal.sync: the outbox first (new steps become messages), then each dossier's due messages in
   * order. An unreachable portal ends the run (the next one, after the back-off, tries again).
   */
  async sync(now = new Date(), options: { limit?: number; log?: NationalPortalOptions['log'] } = {}): Promise<SyncReport> {
    if (options.log) this.log = options.log;
    const consumed = await consumeOutbox(this.db, this.consumer);
    const report: SyncReport = { consumed, sent: 0, refused: 0, unreachable: 0 };
    if (!this.gateway) return report;
    const dossiers = await this.repo.dueDossiers(this.db, now, options.limit ?? 100);
    for (const dossierId of dossiers) {
      const outcome = await this.sendDossier(dossierId, now, report);
      if (outcome === 'unreachable') break;
    }
    await this.checkAlert(now);
    return report;
  }

  /** Sends one dossier's messages in order under its row lock (another worker's dossier is skipped). */
  private async sendDossier(dossierId: string, now: Date, report: SyncReport): Promise<'done' | 'blocked' | 'unreachable'> {
    const gateway = this.gateway!;
    return this.db.transaction().execute(async (tx) => {
      if (!(await this.repo.lockInbound(tx, dossierId, true))) return 'done';
      for (;;) {
        const head: MessageRow | undefined = await this.repo.head(tx, dossierId);
        if (!head) return 'done';
        if (head.state === 'failed' || head.next_attempt_at.getTime() > now.getTime()) return 'blocked';
        const result = await gateway.send({ id: head.id, kind: head.kind, sequence: head.sequence, payload: head.payload });
        if (result.outcome === 'sent') {
          await this.repo.markSent(tx, head.id, now);
          await this.repo.reachable(tx, now);
          report.sent += 1;
          continue;
        }
        if (result.outcome === 'refused') {
          await this.repo.markFailed(tx, head.id, result.reason);
          await this.repo.reachable(tx, now);
          report.refused += 1;
          this.log?.('warn', 'national portal refused a message', { messageId: head.id, dossierId, sequence: head.sequence, reason: result.reason });
          return 'blocked';
        }
        await this.repo.markUnreachable(tx, head.id, result.error, new Date(now.getTime() + backoffMs(head.attempts + 1)));
        await this.repo.unreachable(tx, now, result.error);
        report.unreachable += 1;
        return 'unreachable';
      }
    });
  }

  /** The alert: a log line once per outage when the portal has been unreachable longer than configured. */
  private async checkAlert(now: Date): Promise<void> {
    const health = await this.repo.health(this.db);
    if (!health || !alerting(health.unreachable_since, now, this.options.alertMinutes)) return;
    if (await this.repo.raiseAlert(this.db, now)) {
      this.log?.('warn', `national portal unreachable for more than ${this.options.alertMinutes} minutes`, { since: health.unreachable_since?.toISOString(), lastError: health.last_error });
    }
  }

  // --- reconciliation (administrators) ------------------------------------------------------------------

  private admin(actor: Actor | null): Actor {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'staff' || rolesRoots(actor, ADMIN_ROLES).length === 0) throw new DomainError('FORBIDDEN');
    return actor;
  }

  /** Whether the alert shows (any administrator page may ask). */
  async alert(now = new Date()): Promise<{ since: Date; minutes: number; error: string | null } | null> {
    const health = await this.repo.health(this.db);
    return health && alerting(health.unreachable_since, now, this.options.alertMinutes) ? { since: health.unreachable_since!, minutes: this.options.alertMinutes, error: health.last_error } : null;
  }

  async reconciliation(actor: Actor | null, now = new Date()): Promise<Reconciliation> {
    this.admin(actor);
    const [counts, rows, health] = await Promise.all([this.repo.counts(this.db), this.repo.open(this.db, 200), this.repo.health(this.db)]);
    return { counts, rows, health: health ?? null, alert: alerting(health?.unreachable_since ?? null, now, this.options.alertMinutes), alertMinutes: this.options.alertMinutes, configured: this.gateway !== null };
  }

  /** A failed message back to the queue (audited), then its dossier is sent at once. */
  async retry(actor: Actor | null, messageId: string, now = new Date()): Promise<void> {
    const admin = this.admin(actor);
    if (!isUuid(messageId)) throw new DomainError('NOT_FOUND');
    const row = await this.db.transaction().execute(async (tx) => {
      const retried = await this.repo.retry(tx, messageId, now);
      if (!retried) {
        throw new DomainError((await this.repo.messageExists(tx, messageId)) ? 'NATIONAL_PORTAL_MESSAGE_NOT_FAILED' : 'NOT_FOUND');
      }
      await this.audit.record(tx, admin, { action: 'nationalportal.retry', targetType: 'dossier', targetId: retried.dossier_id, summary: { messageId, code: retried.code, nationalCode: retried.national_code } });
      return retried;
    });
    if (this.gateway) await this.sendDossier(row.dossier_id, now, { consumed: { processed: 0, handled: 0 }, sent: 0, refused: 0, unreachable: 0 });
  }

  /** The messages of one dossier (tests, the officer's view). */
  messagesOf(dossierId: string): Promise<MessageRow[]> {
    return this.repo.messagesOf(this.db, dossierId);
  }
}
