// Electronic results (issue 12): issue (generate from the procedure's template, sign as PAdES with the agency's
// certificate, store), upload (a result signed outside, e.g. with the leader's USB token: its signature verified
// first, the signer recorded), revoke, list and download, and the public verification by code. Every change is
// one transaction: the file, the result row (whose trigger sets the dossier's electronic_result), the applicant's
// personal document (the document store, through its port), the audit entry and the outbox message.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { X509Certificate } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { accepts, inspectUpload } from '../files/files.inspect.ts';
import type { FileStorage, OpenedFile, StagedFile } from '../files/files.service.ts';
import { lazyModule } from '../../core/lazy.ts';
import { OutboxService, type OutboxWriter } from '../outbox/outbox.service.ts';
import { ResultsPki } from './results.pki.ts';
import { renderResult, signPdf } from './results.pdf.ts';
import { DuplicateResultCode, ResultsRepository, type PublicResultRow, type ResultDossier, type ResultRow } from './results.repository.ts';
import { canIssue, fillResult, formatVerificationCode, normaliseVerificationCode, resultState, verificationCode, verificationUrl, type ResultState } from './results.rules.ts';
import type { Verdict } from './results.verify.ts';
import './results.errors.ts';

/** The verification (and node-forge's ASN.1 reader under it), on the first verification: not at boot (core/lazy.ts). */
const verifier = lazyModule(() => import('./results.verify.ts'));

/** Who issues, uploads and revokes: the officers who handle dossiers and sign (specialist, head, leader). */
export const ISSUE_ROLES: readonly Role[] = ['specialist', 'department_head', 'agency_leader'];
/** Who reads an agency's results besides the applicant: every handling role, inspectors, administrators. */
export const READ_ROLES: readonly Role[] = ['receptionist', 'specialist', 'department_head', 'agency_leader', 'inspector', 'admin'];

/** The applicant's personal document store (DocumentsService.addResult), where every result also goes. */
export interface ResultDocumentStore {
  addResult(tx: Executor, input: { accountId: string; organisationId: string | null; fileId: string; title: string; dossierId: string | null }): Promise<void>;
}

export interface ResultsOptions {
  baseUrl: string;
  /** Largest uploaded result (and largest file the verification page reads). */
  maxBytes: number;
  /** Place of the date line (địa danh). */
  place?: string;
  /** Failed look-ups of unknown codes per address within the window before 429. */
  lookupMaxFailures?: number;
  lookupWindowMinutes?: number;
}

export interface ResultView {
  code: string;
  displayCode: string;
  dossierId: string;
  fileId: string;
  sha256: string;
  signerSubject: string;
  signedAt: Date | null;
  source: 'generated' | 'uploaded';
  createdAt: Date;
  revokedAt: Date | null;
  revokeReason: string | null;
  verifyUrl: string;
  downloadUrl: string;
}

/** What the public verification page and GET /api/results/{code} say. */
export interface VerificationView {
  state: ResultState;
  code: string;
  displayCode: string;
  /** Present when the code is known. */
  result: {
    dossierCode: string | null;
    procedureName: string;
    agencyName: string;
    signerSubject: string;
    signedAt: Date | null;
    issuedAt: Date;
    sha256: string;
    source: 'generated' | 'uploaded';
    revokedAt: Date | null;
    revokeReason: string | null;
  } | null;
  /** When a file was given: its hash and what its own signature says. */
  file: { sha256: string; verdict: Verdict['state'] } | null;
}

export class ResultsService {
  readonly pki: ResultsPki;
  private trust: { at: number; anchors: Promise<X509Certificate[]> } | null = null;

  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly files: FileStorage,
    private readonly store: ResultDocumentStore,
    private readonly options: ResultsOptions,
    pki?: ResultsPki,
    private readonly outbox: OutboxWriter = new OutboxService(),
    private readonly repo = new ResultsRepository(),
  ) {
    this.pki = pki ?? new ResultsPki(db);
  }

  /** The trust anchors, read once a minute at most. */
  trustStore(): Promise<X509Certificate[]> {
    const now = Date.now();
    if (!this.trust || now - this.trust.at > 60_000) {
      const anchors = this.pki.trustStore();
      anchors.catch(() => (this.trust = null));
      this.trust = { at: now, anchors };
    }
    return this.trust.anchors;
  }

  /** Verifies a PDF's signatures against the trust store (bounded by the upload limit; never throws). */
  async verifyBytes(bytes: Buffer, at = new Date()): Promise<Verdict> {
    const [{ verifyPdf }, trust] = await Promise.all([verifier(), this.trustStore()]);
    return verifyPdf(bytes, { trust, maxBytes: this.options.maxBytes, at });
  }

  private view(row: ResultRow): ResultView {
    return {
      code: row.code,
      displayCode: formatVerificationCode(row.code),
      dossierId: row.dossier_id,
      fileId: row.file_id,
      sha256: row.sha256,
      signerSubject: row.signer_subject,
      signedAt: row.signed_at,
      source: row.source,
      createdAt: row.created_at,
      revokedAt: row.revoked_at,
      revokeReason: row.revoke_reason,
      verifyUrl: verificationUrl(this.options.baseUrl, row.code),
      downloadUrl: `/api/results/${row.code}/file`,
    };
  }

  // --- authorisation -----------------------------------------------------------------------------

  /** The dossier for an officer who may issue on it (NOT_FOUND for anyone else, as for a dossier they cannot see). */
  private async forOfficer(db: Executor, actor: Actor | null, dossierId: string, lock = false): Promise<ResultDossier> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    const dossier = await this.repo.dossier(db, dossierId, lock);
    if (!dossier || actor.kind !== 'staff') throw new DomainError('NOT_FOUND');
    await this.authorised(db, actor, ISSUE_ROLES, dossier.agency_id);
    return dossier;
  }

  private async authorised(db: Executor, actor: Actor, roles: readonly Role[], agencyId: string): Promise<void> {
    try {
      await this.agencies.authorize(actor, roles, agencyId, db);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'FORBIDDEN') throw new DomainError('NOT_FOUND');
      throw error;
    }
  }

  /** Whether the actor may read the dossier's results: its applicant (or organisation), or the agency's staff. */
  private async mayRead(actor: Actor | null, dossier: ResultDossier): Promise<void> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind === 'staff') return this.authorised(this.db, actor, READ_ROLES, dossier.agency_id);
    const member = actor.kind === 'organisation' && actor.organisationId !== null && dossier.organisation_id === actor.organisationId;
    if (dossier.applicant_id !== actor.id && !member) throw new DomainError('NOT_FOUND');
  }

  // --- use cases ---------------------------------------------------------------------------------

  /** The dossier's results (newest first), for its applicant and the agency's staff. */
  async list(actor: Actor | null, dossierId: string): Promise<ResultView[]> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    const dossier = await this.repo.dossier(this.db, dossierId);
    if (!dossier) throw new DomainError('NOT_FOUND');
    await this.mayRead(actor, dossier);
    return (await this.repo.listFor(this.db, dossierId)).map((r) => this.view(r));
  }

  /** The dossier's code, for the pages' titles (after `list` has authorised the reader). */
  async dossierCode(dossierId: string): Promise<string> {
    if (!isUuid(dossierId)) return '';
    return (await this.repo.dossier(this.db, dossierId))?.code ?? '';
  }

  /** The dossier a verification code belongs to (null when unknown). */
  async dossierIdOf(codeInput: string): Promise<string | null> {
    const code = normaliseVerificationCode(codeInput);
    return code ? ((await this.repo.byCode(this.db, code))?.dossier_id ?? null) : null;
  }

  /** Whether the actor may issue, upload and revoke on the dossier (for the pages' buttons). */
  async mayIssue(actor: Actor | null, dossierId: string): Promise<boolean> {
    try {
      await this.forOfficer(this.db, actor, dossierId);
      return true;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  }

  /** The stored file of a result, for its applicant and the agency's staff. */
  async open(actor: Actor | null, codeInput: string): Promise<OpenedFile & { result: ResultView }> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const code = normaliseVerificationCode(codeInput);
    const row = code ? await this.repo.byCode(this.db, code) : undefined;
    if (!row) throw new DomainError('NOT_FOUND');
    const dossier = await this.repo.dossier(this.db, row.dossier_id);
    if (!dossier) throw new DomainError('NOT_FOUND');
    await this.mayRead(actor, dossier);
    const opened = await this.files.open(row.file_id);
    if (!opened) throw new DomainError('NOT_FOUND');
    return { ...opened, result: this.view(row) };
  }

  /**
   * Generates the result from the procedure's template with the dossier's e-form data, signs it (PAdES) with the
   * agency's certificate and stores it. Officers of the dossier's agency with ISSUE_ROLES; 409 RESULT_NOT_READY
   * outside ISSUABLE_STATUSES.
   */
  async issue(actor: Actor | null, dossierId: string, now = new Date()): Promise<ResultView> {
    const dossier = await this.forOfficer(this.db, actor, dossierId);
    if (!canIssue(dossier.status)) throw new DomainError('RESULT_NOT_READY');
    const identity = await this.pki.signer({ id: dossier.agency_id, name: dossier.agency_name });
    const filled = fillResult({
      dossierCode: dossier.code ?? '',
      procedureCode: dossier.procedure_code,
      procedureName: dossier.procedure_name,
      nationalCode: dossier.national_code,
      localCode: dossier.local_code,
      formSchema: dossier.form_schema,
      agencyName: dossier.agency_name,
      applicantName: dossier.applicant_name ?? '',
      formData: dossier.form_data,
      issuedAt: now,
    });
    for (let attempt = 0; ; attempt++) {
      const code = verificationCode(randomBytes(12));
      const pdf = await renderResult({
        agency: { parentName: dossier.agency_parent_name, name: dossier.agency_name, place: this.options.place ?? 'Hà Nội' },
        filled,
        code,
        verifyUrl: verificationUrl(this.options.baseUrl, code),
        issuedAt: now,
        signerName: dossier.agency_name,
      });
      const signed = await signPdf(pdf, identity, now, { reason: filled.title, location: this.options.place ?? 'Hà Nội', name: identity.subject.slice(0, 200) });
      try {
        return await this.record(actor!, dossier, { code, bytes: signed, name: `ket-qua-${dossier.code ?? dossier.id}.pdf`, signerSubject: identity.subject, signedAt: now, source: 'generated', title: `Kết quả giải quyết hồ sơ ${dossier.code ?? ''}: ${dossier.procedure_name}` });
      } catch (error) {
        if (error instanceof DuplicateResultCode && attempt < 2) continue;
        throw error;
      }
    }
  }

  /**
   * Stores a result signed outside (a PDF): inspected like every upload, its signature verified against the trust
   * store — broken, missing or untrusted → 422 naming the `file` field; the signer and signing time recorded.
   */
  async upload(actor: Actor | null, dossierId: string, staged: StagedFile | null | undefined, now = new Date()): Promise<ResultView> {
    const dossier = await this.forOfficer(this.db, actor, dossierId);
    if (!canIssue(dossier.status)) throw new DomainError('RESULT_NOT_READY');
    const field = (code: string, params?: Record<string, string | number>): never => {
      throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/file', code, ...(params ? { params } : {}) } satisfies FieldError]);
    };
    if (!staged || staged.sizeBytes === 0) return field('required');
    if (staged.truncated || staged.sizeBytes > this.options.maxBytes) return field('maxLength', { limit: this.options.maxBytes });
    const detected = await inspectUpload(this.files.inspector, staged.tempPath, 'result', staged.originalName, { field: '/file' });
    if (!accepts('result', detected) || detected !== 'pdf') return field('format', { format: 'PDF' });
    const bytes = await readFile(staged.tempPath);
    const verdict = await this.verifyBytes(bytes, now);
    if (verdict.state === 'untrusted') throw new DomainError('RESULT_SIGNER_UNTRUSTED', undefined, [{ path: '/file', code: 'RESULT_SIGNER_UNTRUSTED' }]);
    if (verdict.state !== 'genuine') throw new DomainError('RESULT_SIGNATURE_INVALID', undefined, [{ path: '/file', code: 'RESULT_SIGNATURE_INVALID', params: { reason: 'reason' in verdict ? verdict.reason : verdict.state } }]);
    for (let attempt = 0; ; attempt++) {
      const code = verificationCode(randomBytes(12));
      try {
        return await this.record(actor!, dossier, {
          code,
          bytes,
          name: staged.originalName,
          signerSubject: verdict.signer.subject.slice(0, 1000),
          signedAt: verdict.signer.signedAt,
          source: 'uploaded',
          title: `Kết quả giải quyết hồ sơ ${dossier.code ?? ''}: ${dossier.procedure_name}`,
        });
      } catch (error) {
        if (error instanceof DuplicateResultCode && attempt < 2) continue;
        throw error;
      }
    }
  }

  /** File, result row (and so electronic_result), personal document, audit, outbox: one transaction. */
  private async record(
    actor: Actor,
    dossier: ResultDossier,
    input: { code: string; bytes: Buffer; name: string; signerSubject: string; signedAt: Date | null; source: 'generated' | 'uploaded'; title: string },
  ): Promise<ResultView> {
    const row = await this.db.transaction().execute((tx) => this.recordIn(tx, actor, dossier, input));
    return this.view(row);
  }

  private async recordIn(
    tx: Executor,
    actor: Actor,
    dossier: ResultDossier,
    input: { code: string; bytes: Buffer; name: string; signerSubject: string; signedAt: Date | null; source: 'generated' | 'uploaded'; title: string },
  ): Promise<ResultRow> {
    {
      // Locked again inside: the status may have changed since it was read.
      const current = await this.repo.dossier(tx, dossier.id, true);
      if (!current || !canIssue(current.status)) throw new DomainError('RESULT_NOT_READY');
      const file = await this.files.put(tx, input.bytes, { name: input.name, mediaType: 'application/pdf', createdBy: actor.id });
      const inserted = await this.repo.insert(tx, {
        dossier_id: dossier.id,
        file_id: file.id,
        code: input.code,
        sha256: file.sha256,
        signer_subject: input.signerSubject || '—',
        signed_at: input.signedAt,
        source: input.source,
        created_by: actor.id,
      });
      await this.store.addResult(tx, { accountId: dossier.applicant_id, organisationId: dossier.organisation_id, fileId: file.id, title: input.title.slice(0, 500), dossierId: dossier.id });
      await this.audit.record(tx, actor, {
        action: input.source === 'generated' ? 'result.issue' : 'result.upload',
        targetType: 'dossier',
        targetId: dossier.id,
        agencyId: dossier.agency_id,
        summary: { code: dossier.code, verification: input.code, sha256: file.sha256, signer: inserted.signer_subject },
      });
      await this.outbox.enqueue(tx, 'dossier.result', { dossierId: dossier.id, code: dossier.code, verification: input.code, source: input.source, event: 'issued' });
      return inserted;
    }
  }

  // --- outgoing documents (issue 19): the narrow port `OutgoingResults` of src/modules/outgoing, wired in src/container.ts

  /**
   * Signs an outgoing document twice (two incremental PAdES signatures): the signer's own certificate, then the
   * agency's (the seal). Answers the signed bytes and both subjects.
   */
  async signOfficial(pdf: Buffer, input: { signer: { id: string; name: string }; agency: { id: string; name: string }; at: Date; reason: string; location: string }): Promise<{ bytes: Buffer; signerSubject: string; sealSubject: string }> {
    const person = await this.pki.personSigner({ id: input.signer.id, name: input.signer.name, organisation: input.agency.name });
    const seal = await this.pki.signer(input.agency);
    const meta = { reason: input.reason.slice(0, 200), location: input.location.slice(0, 100) };
    const once = await signPdf(pdf, person, input.at, { ...meta, name: person.subject.slice(0, 200) });
    const twice = await signPdf(once, seal, input.at, { ...meta, name: seal.subject.slice(0, 200) });
    return { bytes: twice, signerSubject: person.subject, sealSubject: seal.subject };
  }

  /** A dossier an outgoing document may carry the result of: for officers who may issue its results (else NOT_FOUND). */
  async dossierForDocument(actor: Actor | null, dossierId: string, db: Executor = this.db) {
    const d = await this.forOfficer(db, actor, dossierId);
    return {
      id: d.id,
      code: d.code,
      status: d.status,
      issuable: canIssue(d.status),
      agencyId: d.agency_id,
      agencyName: d.agency_name,
      procedureName: d.procedure_name,
      procedureCode: d.national_code ?? d.local_code ?? d.procedure_code,
      applicantName: d.applicant_name ?? '',
    };
  }

  /**
   * Records an issued outgoing document's signed PDF as the dossier's result, in the caller's transaction (the
   * document's issue): the result row (electronic_result), the applicant's personal document, audit and outbox,
   * as `upload` does. 409 RESULT_NOT_READY outside ISSUABLE_STATUSES.
   */
  async recordIssuedDocument(tx: Executor, actor: Actor | null, dossierId: string, input: { bytes: Buffer; name: string; title: string; signerSubject: string; signedAt: Date }): Promise<ResultView> {
    const dossier = await this.forOfficer(tx, actor, dossierId);
    const code = verificationCode(randomBytes(12));
    const row = await this.recordIn(tx, actor!, dossier, { code, bytes: input.bytes, name: input.name, signerSubject: input.signerSubject.slice(0, 1000), signedAt: input.signedAt, source: 'generated', title: input.title });
    return this.view(row);
  }

  /** Revokes a result with a reason (officers of the dossier's agency with ISSUE_ROLES); 409 RESULT_REVOKED twice. */
  async revoke(actor: Actor | null, codeInput: string, reasonInput: string, now = new Date()): Promise<ResultView> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const code = normaliseVerificationCode(codeInput);
    if (!code) throw new DomainError('NOT_FOUND');
    const reason = typeof reasonInput === 'string' ? reasonInput.trim() : '';
    if (!reason) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/reason', code: 'required' }]);
    if (reason.length > 1000) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/reason', code: 'maxLength', params: { limit: 1000 } }]);
    const row = await this.db.transaction().execute(async (tx) => {
      const found = await this.repo.byCode(tx, code, true);
      if (!found) throw new DomainError('NOT_FOUND');
      const dossier = await this.forOfficer(tx, actor, found.dossier_id);
      if (found.revoked_at) throw new DomainError('RESULT_REVOKED');
      const revoked = await this.repo.revoke(tx, found.id, { at: now, reason, by: actor.id });
      await this.audit.record(tx, actor, { action: 'result.revoke', targetType: 'dossier', targetId: dossier.id, agencyId: dossier.agency_id, summary: { code: dossier.code, verification: code, reason } });
      await this.outbox.enqueue(tx, 'dossier.result', { dossierId: dossier.id, code: dossier.code, verification: code, event: 'revoked' });
      return revoked;
    });
    return this.view(row);
  }

  /**
   * The public verification of a code (anonymous; no personal data beyond the dossier code, procedure and
   * agency): genuine / revoked / unknown from the stored row, and — when a file is given — altered unless its
   * SHA-256 is the stored one. Unknown codes count as failures of the address; after `lookupMaxFailures` within
   * the window, 429 RATE_LIMITED (even for known codes), like the public lookup of dossiers.
   */
  async verify(codeInput: string, ip: string, file?: Buffer | null, now = new Date()): Promise<VerificationView> {
    const max = this.options.lookupMaxFailures ?? 20;
    const windowMs = (this.options.lookupWindowMinutes ?? 15) * 60_000;
    const code = normaliseVerificationCode(codeInput) ?? '';
    const { failures, row } = await this.repo.publicLookup(this.db, code, ip.slice(0, 100), new Date(now.getTime() - windowMs));
    if (failures >= max) throw new DomainError('RATE_LIMITED');
    if (!row) await this.repo.recordLookupFailure(this.db, ip.slice(0, 100), now);
    let fileView: VerificationView['file'] = null;
    if (file) {
      const sha256 = createHash('sha256').update(file).digest('hex');
      const verdict = row && sha256 === row.sha256 ? 'genuine' : (await this.verifyBytes(file, now)).state;
      fileView = { sha256, verdict };
    }
    const state = resultState(row ? { sha256: row.sha256, revoked: row.revoked_at !== null } : null, fileView);
    return { state, code: code || String(codeInput ?? '').slice(0, 40), displayCode: formatVerificationCode(code), result: row ? publicResult(row) : null, file: fileView };
  }

  /** Forgets failed look-ups older than a day (the clean-up job may call it). */
  purgeLookups(now = new Date()): Promise<void> {
    return this.repo.purgeLookupFailures(this.db, new Date(now.getTime() - 86_400_000));
  }
}

function publicResult(row: PublicResultRow): NonNullable<VerificationView['result']> {
  return {
    dossierCode: row.dossier_code,
    procedureName: row.procedure_name,
    agencyName: row.agency_name,
    signerSubject: row.signer_subject,
    signedAt: row.signed_at,
    issuedAt: row.created_at,
    sha256: row.sha256,
    source: row.source,
    revokedAt: row.revoked_at,
    revokeReason: row.revoke_reason,
  };
}
