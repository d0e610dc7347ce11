// Fees and payments: what a dossier owes (payments.rules.ts over the version's fee definition and the e-form data,
// or the amount the officer asked for), payment orders through the national payment platform (the adapter in
// payments.platform.ts) and VietQR transfers confirmed by the agency's accountant, the platform's callbacks
// (verified, idempotent, one effect under concurrency: the order row is locked), electronic receipts numbered per
// agency and year, the expiry of orders that never complete, reconciliation with the platform's daily file, refunds,
// and the fee definition editor. A paid dossier waiting for fees (status 6) resumes through PaymentResumePort
// (HandlingService), after the payment committed; a draft awaiting fees charged before submission is submitted by
// its payment, in the same transaction, through PaidSubmissionPort (DossiersService).
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { rolesRoots } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.ts';
import { addDays, isIsoDate, vietnamDate, vietnamDayStart, vietnamYear } from '../../core/time.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { PaymentLine, Role } from '../../db/schema.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { defaultFormSchema } from '../kernel/dossier.ts';
import type { OutboxWriter } from '../outbox/outbox.service.ts';
import type { PaymentPlatform, PlatformNotice } from './payments.platform.ts';
import { renderReceipt } from './payments.receipt.ts';
import { PaymentsRepository, type OrderRow, type PaymentDossier } from './payments.repository.ts';
import {
  asFeeDefinition,
  checkFeeDefinition,
  computeFees,
  noticeOutcome,
  orderLines,
  reconcile,
  transferMemo,
  vietQrPayload,
  type ComputedFees,
  type FeeDefinition,
} from './payments.rules.ts';
import './payments.errors.ts';

/** The narrow port to the back office: a dossier waiting for fees (status 6) resumes once paid. */
export interface PaymentResumePort {
  /** Resumes the dossier when it waits for payment (status 6); false when there was nothing to resume. */
  resumeAfterPayment(dossierId: string, now?: Date): Promise<boolean>;
}

/**
 * The narrow port to online submission (DossiersService, wired in src/container.ts): a draft frozen for the payment
 * of fees charged before submission is submitted in the payment's transaction, or given back when it went unpaid.
 */
export interface PaidSubmissionPort {
  /** Submits the draft awaiting payment at `paidAt` in `tx`; its code, or null when it is not a draft awaiting payment. */
  submitPaid(tx: Executor, dossierId: string, paidAt: Date, orderNo: string): Promise<string | null>;
  /** Gives the draft awaiting payment back to its applicant (editable again) in `tx`. */
  releaseUnpaid(tx: Executor, dossierId: string, at: Date): Promise<boolean>;
}

/** Refused (unauthenticated) callbacks are kept this long (payments.purge). */
export const REFUSAL_RETENTION_DAYS = 90;

export interface PaymentsOptions {
  baseUrl: string;
  orderTtlMinutes: number;
  vietqr: { bankBin: string; account: string; accountName: string } | null;
  /** VietQR orders wait this long for the accountant's confirmation. */
  vietqrTtlHours?: number;
}

/**
 * Statuses in which an applicant may pay: waiting for fees (6); new, received, in progress for fees charged before
 * submission (dossiers submitted before such fees held their submission, migration 0033). A draft frozen for payment
 * (no status) pays too: the payment submits it.
 */
const PAYABLE_STATUSES: readonly number[] = [1, 2, 4, 6];
const OFFICER_ROLES: readonly Role[] = ['receptionist', 'specialist', 'department_head', 'agency_leader', 'accountant', 'admin', 'inspector'];
const ACCOUNTANT: readonly Role[] = ['accountant'];

export interface OrderView {
  id: string;
  orderNo: string;
  provider: 'platform' | 'vietqr';
  status: string;
  amountVnd: number;
  lines: PaymentLine[];
  transactionId: string | null;
  paidAt: Date | null;
  expiresAt: Date;
  createdAt: Date;
  receipt: string | null;
  refundReason: string | null;
}

export interface PaymentState {
  dossierId: string;
  dossierCode: string | null;
  status: number | null;
  procedureName: string;
  /** The fee definition's lines computed on the dossier's data (null: no definition). */
  computed: ComputedFees | null;
  charge: FeeDefinition['charge'] | null;
  /** What the applicant owes now (0: nothing). */
  dueVnd: number;
  lines: PaymentLine[];
  paid: boolean;
  /** The applicant may start a payment now. */
  canPay: boolean;
  /** A draft frozen for the payment of fees charged before submission: the payment submits it. */
  awaitingSubmission: boolean;
  /** The side viewing: the applicant (may pay) or a reader. */
  asApplicant: boolean;
  onlineAvailable: boolean;
  vietqrAvailable: boolean;
  orders: OrderView[];
  /** The open VietQR order's payload (to draw as a QR code) and its transfer details. */
  vietqr: { orderId: string; payload: string; bankBin: string; account: string; accountName: string; amountVnd: number; memo: string } | null;
}

export interface FeeEditorState {
  code: string;
  version: number;
  versionStatus: string;
  name: string;
  definition: FeeDefinition | null;
  numberFields: Array<{ name: string; title: string }>;
  allFields: Array<{ name: string; title: string }>;
  displayedFees: Array<{ description: string; amountVnd: number }>;
}

function present(o: OrderRow): OrderView {
  return {
    id: o.id,
    orderNo: o.order_no,
    provider: o.provider,
    status: o.status,
    amountVnd: Number(o.amount_vnd),
    lines: o.lines,
    transactionId: o.transaction_id,
    paidAt: o.paid_at,
    expiresAt: o.expires_at,
    createdAt: o.created_at,
    receipt: o.receipt_no !== null ? `${o.receipt_year}/${String(o.receipt_no).padStart(6, '0')}` : null,
    refundReason: o.refund_reason,
  };
}

/** The e-form's top-level fields: all, and the number ones (formulas and per-item counts read those). */
export function eformFields(schema: Record<string, unknown> | null): { all: Array<{ name: string; title: string }>; numbers: Array<{ name: string; title: string }> } {
  const properties = (schema?.properties ?? {}) as Record<string, Record<string, unknown>>;
  const all = Object.entries(properties).map(([name, p]) => ({ name, title: typeof p?.title === 'string' ? p.title : name, type: p?.type }));
  return { all: all.map(({ name, title }) => ({ name, title })), numbers: all.filter((f) => f.type === 'number' || f.type === 'integer').map(({ name, title }) => ({ name, title })) };
}

export class PaymentsService {
  private resumer: PaymentResumePort | null = null;
  private submission: PaidSubmissionPort | null = null;

  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxWriter | null,
    private readonly platform: PaymentPlatform | null,
    private readonly options: PaymentsOptions,
    private readonly repo = new PaymentsRepository(),
  ) {}

  /** Wires the back office (src/container.ts). */
  setResumer(resumer: PaymentResumePort | null): void {
    this.resumer = resumer;
  }

  /** Wires online submission (src/container.ts). */
  setSubmission(submission: PaidSubmissionPort | null): void {
    this.submission = submission;
  }

  get onlineAvailable(): boolean {
    return this.platform !== null;
  }

  // --- what is owed -------------------------------------------------------------------------------

  /** What the dossier owes now, and whether it was paid. */
  private due(d: PaymentDossier, paid: boolean): { computed: ComputedFees | null; charge: FeeDefinition['charge'] | null; dueVnd: number; lines: PaymentLine[] } {
    const definition = asFeeDefinition(d.fee_rules);
    const computed = definition ? computeFees(definition, d.form_data ?? {}) : null;
    let dueVnd = 0;
    if (d.status === null) {
      // A draft frozen for payment owes the fees charged before submission (a late payment of an expired order
      // does not count: it is flagged for a refund, and the draft must be paid again to be submitted).
      if (d.payment_pending_at !== null && definition?.charge === 'before_submission') dueVnd = computed?.totalVnd ?? 0;
    } else if (!paid && PAYABLE_STATUSES.includes(d.status)) {
      const asked = Number(d.fee_vnd ?? 0);
      if (d.status === 6) dueVnd = asked > 0 ? asked : (computed?.totalVnd ?? 0);
      else if (definition?.charge === 'before_submission') dueVnd = computed?.totalVnd ?? 0;
    }
    return { computed, charge: definition?.charge ?? null, dueVnd, lines: dueVnd > 0 ? orderLines(computed, dueVnd) : [] };
  }

  /**
   * The fees a draft owes before submission under its version's definition (0: none, or charged on the officer's
   * request), from the fee rules the submission read with the draft (DossiersOptions.feesBeforeSubmission, wired in
   * src/container.ts).
   */
  feesBeforeSubmission(feeRules: unknown, formData: Record<string, unknown>): number {
    const definition = asFeeDefinition(feeRules);
    return definition && definition.charge === 'before_submission' ? computeFees(definition, formData).totalVnd : 0;
  }

  /**
   * The total a dossier owes under stored fee rules over its e-form data (pure; the back office's port,
   * HandlingPorts.fees, wired in src/container.ts); null: no (readable) definition.
   */
  computedFeeVnd(feeRules: unknown, formData: Record<string, unknown>): number | null {
    const definition = asFeeDefinition(feeRules);
    return definition ? computeFees(definition, formData).totalVnd : null;
  }

  /** The fees a draft would owe under its version's definition (check-answers and confirmation pages); null: none defined. */
  async preview(versionId: string, formData: Record<string, unknown>): Promise<(ComputedFees & { charge: FeeDefinition['charge'] }) | null> {
    if (!isUuid(versionId)) return null;
    const row = await this.repo.versionFeeRules(this.db, versionId);
    const definition = asFeeDefinition(row?.fee_rules);
    return definition ? { ...computeFees(definition, formData), charge: definition.charge } : null;
  }

  /**
   * The fees a dossier (a draft too) owes under its version's definition, for the dossiers pages that already
   * authorised the viewer (check-answers, confirmation); null: no definition, or nothing to pay.
   */
  async feePreview(dossierId: string): Promise<(ComputedFees & { charge: FeeDefinition['charge']; dossierId: string }) | null> {
    if (!isUuid(dossierId)) return null;
    const d = await this.repo.dossier(this.db, dossierId);
    const definition = asFeeDefinition(d?.fee_rules);
    if (!d || !definition) return null;
    const computed = computeFees(definition, d.form_data ?? {});
    return computed.lines.length ? { ...computed, charge: definition.charge, dossierId: d.id } : null;
  }

  private isApplicant(actor: Actor, d: PaymentDossier): boolean {
    return d.applicant_id === actor.id;
  }

  /** The applicant's side: the applicant, or (reading) a member of the applicant's organisation; anyone else NOT_FOUND. */
  private async applicantDossier(actor: Actor | null, dossierId: string, purpose: 'read' | 'act', db: Executor = this.db, lock = false): Promise<PaymentDossier> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    const d = await this.repo.dossier(db, dossierId, lock);
    const member = actor.kind === 'organisation' && actor.organisationId !== null && d?.organisation_id === actor.organisationId;
    // A draft only when frozen for payment (fees charged before submission); other drafts have nothing to pay.
    const payable = d !== undefined && (d.code !== null || (d.status === null && d.payment_pending_at !== null));
    if (!d || !payable || !(this.isApplicant(actor, d) || (purpose === 'read' && member))) throw new DomainError('NOT_FOUND');
    return d;
  }

  /** The officers' side: roles on the dossier's agency subtree; anyone else NOT_FOUND. */
  private async officerDossier(actor: Actor | null, dossierId: string): Promise<PaymentDossier> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    const d = await this.repo.dossier(this.db, dossierId);
    if (!d || d.code === null || actor.kind !== 'staff') throw new DomainError('NOT_FOUND');
    try {
      await this.agencies.authorize(actor, OFFICER_ROLES, d.agency_id);
    } catch (error) {
      if (error instanceof DomainError) throw new DomainError('NOT_FOUND');
      throw error;
    }
    return d;
  }

  /** What the platform and the transfer memo name: the dossier's code; a draft awaiting payment has none yet, its order number. */
  private reference(d: Pick<PaymentDossier, 'code'>, order: Pick<OrderRow, 'order_no'> | undefined): string {
    return d.code ?? order?.order_no ?? '';
  }

  private async stateOf(d: PaymentDossier, asApplicant: boolean): Promise<PaymentState> {
    const orders = await this.repo.ordersOf(this.db, d.id);
    // A draft is never "paid": the payment that counts submits it.
    const paid = d.status !== null && orders.some((o) => o.status === 'paid');
    const due = this.due(d, paid);
    const open = orders.find((o) => o.provider === 'vietqr' && o.status === 'created');
    const memo = transferMemo(this.reference(d, open));
    return {
      dossierId: d.id,
      dossierCode: d.code,
      status: d.status,
      procedureName: d.procedure_name,
      computed: due.computed,
      charge: due.charge,
      dueVnd: due.dueVnd,
      lines: due.lines,
      paid,
      canPay: asApplicant && due.dueVnd > 0,
      awaitingSubmission: d.status === null,
      asApplicant,
      onlineAvailable: this.platform !== null,
      vietqrAvailable: this.options.vietqr !== null,
      orders: orders.map(present),
      vietqr:
        open && this.options.vietqr
          ? { orderId: open.id, payload: vietQrPayload({ ...this.options.vietqr, amountVnd: Number(open.amount_vnd), memo }), ...this.options.vietqr, amountVnd: Number(open.amount_vnd), memo }
          : null,
    };
  }

  /** The payment section of the applicant's dossier. */
  async state(actor: Actor | null, dossierId: string): Promise<PaymentState> {
    const d = await this.applicantDossier(actor, dossierId, 'read');
    return this.stateOf(d, this.isApplicant(actor!, d));
  }

  /** The officers' view of a dossier's payments. */
  async officerState(actor: Actor | null, dossierId: string): Promise<PaymentState> {
    return this.stateOf(await this.officerDossier(actor, dossierId), false);
  }

  // --- orders ----------------------------------------------------------------------------------------

  private newOrderNo(): string {
    return `DVC${randomBytes(8).toString('hex').toUpperCase()}`;
  }

  /** Creates an order for what the dossier owes now (the applicant only), in the dossier's row lock. */
  private async createOrder(actor: Actor | null, dossierId: string, provider: 'platform' | 'vietqr', now: Date): Promise<{ order: OrderRow; dossier: PaymentDossier }> {
    return this.db.transaction().execute(async (tx) => {
      const d = await this.applicantDossier(actor, dossierId, 'act', tx, true);
      const orders = await this.repo.ordersOf(tx, d.id);
      if (d.status !== null && orders.some((o) => o.status === 'paid')) throw new DomainError('PAYMENT_ALREADY_PAID');
      const due = this.due(d, false);
      if (due.dueVnd <= 0) throw new DomainError('PAYMENT_NOT_DUE');
      const ttl = provider === 'platform' ? this.options.orderTtlMinutes * 60_000 : (this.options.vietqrTtlHours ?? 72) * 3_600_000;
      const order = await this.repo.insertOrder(tx, {
        order_no: this.newOrderNo(),
        dossier_id: d.id,
        agency_id: d.agency_id,
        provider,
        lines: due.lines,
        amount_vnd: due.dueVnd,
        expires_at: new Date(now.getTime() + ttl),
        created_by: actor!.id,
      });
      await this.audit.record(tx, actor, { action: 'payment.order', targetType: 'dossier', targetId: d.id, agencyId: d.agency_id, summary: { orderNo: order.order_no, provider, amountVnd: due.dueVnd } });
      return { order, dossier: d };
    });
  }

  /** Starts a payment on the platform: a new order (a retry is a new order; the old one expires) → the platform's page. */
  async startPayment(actor: Actor | null, dossierId: string, now = new Date()): Promise<{ orderId: string; payUrl: string }> {
    if (!this.platform) {
      await this.applicantDossier(actor, dossierId, 'act');
      throw new DomainError('PAYMENT_UNAVAILABLE');
    }
    const { order, dossier } = await this.createOrder(actor, dossierId, 'platform', now);
    try {
      const { payUrl } = await this.platform.createPayment({
        orderNo: order.order_no,
        dossierCode: this.reference(dossier, order),
        lines: order.lines,
        amountVnd: Number(order.amount_vnd),
        description: `Phí, lệ phí hồ sơ ${this.reference(dossier, order)}: ${dossier.procedure_name}`.slice(0, 200),
        returnUrl: `${this.options.baseUrl}/thanh-toan/ket-qua`,
        callbackUrl: `${this.options.baseUrl}/api/payments/callback`,
        expiresAt: order.expires_at,
      });
      await this.repo.setPayUrl(this.db, order.id, payUrl);
      return { orderId: order.id, payUrl };
    } catch (error) {
      // The platform never saw the order: close it at once (the applicant may try again).
      await this.repo.setStatus(this.db, order.id, 'cancelled');
      throw error;
    }
  }

  /** The page between our form and the platform's: the order awaiting payment and the link to the platform's page. */
  async pendingOrder(actor: Actor | null, dossierId: string, orderId: string): Promise<{ dossierId: string; dossierCode: string; order: OrderView; payUrl: string | null }> {
    const d = await this.applicantDossier(actor, dossierId, 'act');
    const order = isUuid(orderId) ? await this.repo.order(this.db, orderId) : undefined;
    if (!order || order.dossier_id !== d.id || order.provider !== 'platform') throw new DomainError('NOT_FOUND');
    return { dossierId: d.id, dossierCode: this.reference(d, order), order: present(order), payUrl: order.status === 'created' ? order.pay_url : null };
  }

  /** Opens a VietQR transfer order (or answers the one already open); the accountant confirms its receipt. */
  async startVietQr(actor: Actor | null, dossierId: string, now = new Date()): Promise<{ orderId: string }> {
    if (!this.options.vietqr) {
      await this.applicantDossier(actor, dossierId, 'act');
      throw new DomainError('VIETQR_UNAVAILABLE');
    }
    const d = await this.applicantDossier(actor, dossierId, 'act');
    const open = (await this.repo.ordersOf(this.db, d.id)).find((o) => o.provider === 'vietqr' && o.status === 'created');
    if (open) return { orderId: open.id };
    const { order } = await this.createOrder(actor, dossierId, 'vietqr', now);
    return { orderId: order.id };
  }

  // --- the platform's notices: callback (IPN), browser return, status query ----------------------------

  private requirePlatform(): PaymentPlatform {
    if (!this.platform) throw new DomainError('PAYMENT_UNAVAILABLE');
    return this.platform;
  }

  /**
   * The server-to-server callback. Refused (logged, nothing changed): a bad signature (401), a malformed message
   * (400), an unknown order (404), an amount other than the order's (409, flagged for the accountant). The same
   * callback again: 200, no second effect.
   */
  async callback(fields: Record<string, unknown>, now = new Date()): Promise<{ outcome: string; orderNo: string }> {
    // Without a configured platform there is no secret: no message can be authentic.
    const verified = this.platform ? this.platform.verify(fields) : ({ ok: false, reason: 'bad_signature' } as const);
    if (!verified.ok) {
      await this.repo.logRefusal(this.db, { source: 'callback', order_no: typeof fields.orderId === 'string' ? fields.orderId.slice(0, 64) : null, outcome: verified.reason, payload: fields });
      throw new DomainError(verified.reason === 'bad_signature' ? 'PAYMENT_SIGNATURE_INVALID' : 'PAYMENT_MALFORMED');
    }
    const outcome = await this.applyNotice(verified.notice, 'callback', fields, now);
    if (outcome === 'unknown_order') throw new DomainError('PAYMENT_UNKNOWN_ORDER');
    if (outcome === 'amount_mismatch') throw new DomainError('PAYMENT_AMOUNT_MISMATCH');
    return { outcome, orderNo: verified.notice.orderNo };
  }

  /** The browser's return from the platform: applied like a callback when its signature holds; what to show. */
  async returned(fields: Record<string, unknown>, actor: Actor | null, now = new Date()): Promise<{ valid: boolean; status: string; dossierId: string | null }> {
    if (!this.platform) return { valid: false, status: 'invalid', dossierId: null };
    const verified = this.platform.verify(fields);
    if (!verified.ok) {
      await this.repo.logRefusal(this.db, { source: 'return', order_no: null, outcome: verified.reason, payload: fields });
      return { valid: false, status: 'invalid', dossierId: null };
    }
    const outcome = await this.applyNotice(verified.notice, 'return', fields, now);
    const order = await this.repo.orderByNo(this.db, verified.notice.orderNo);
    if (!order || outcome === 'unknown_order') return { valid: false, status: 'invalid', dossierId: null };
    // The dossier's link only for its applicant (the return URL may be opened by anyone holding it).
    const own = actor ? (await this.repo.dossier(this.db, order.dossier_id))?.applicant_id === actor.id : false;
    return { valid: outcome !== 'amount_mismatch', status: outcome === 'amount_mismatch' ? 'mismatch' : order.status, dossierId: own ? order.dossier_id : null };
  }

  /** Applies a verified notice to its order in one transaction (the order row locked); answers the outcome logged. */
  private async applyNotice(notice: PlatformNotice, source: 'callback' | 'return' | 'query', payload: Record<string, unknown>, now: Date): Promise<'accepted' | 'duplicate' | 'amount_mismatch' | 'unknown_order' | 'not_paid'> {
    const result = await this.db.transaction().execute(async (tx) => {
      const order = await this.repo.orderByNo(tx, notice.orderNo, true);
      if (!order || order.provider !== 'platform') return { outcome: 'unknown_order' as const, order: null };
      const outcome = noticeOutcome({ status: order.status, amountVnd: Number(order.amount_vnd), transactionId: order.transaction_id }, notice);
      switch (outcome.kind) {
        case 'amount_mismatch':
          await this.repo.flag(tx, { kind: 'callback_amount', agency_id: order.agency_id, order_id: order.id, order_no: order.order_no, transaction_id: notice.transactionId, amount_vnd: notice.amountVnd, expected_vnd: Number(order.amount_vnd), detail: source });
          return { outcome: 'amount_mismatch' as const, order };
        case 'duplicate':
          return { outcome: 'duplicate' as const, order };
        case 'ignore':
          return { outcome: 'not_paid' as const, order };
        case 'cancel':
          await this.repo.setStatus(tx, order.id, 'cancelled');
          return { outcome: 'accepted' as const, order };
        case 'pay':
        case 'pay_late':
          await this.recordPaid(tx, order, { transactionId: notice.transactionId!, bankCode: notice.bankCode, paidAt: notice.paidAt ?? now, by: null }, outcome.kind === 'pay_late');
          return { outcome: 'accepted' as const, order, paid: true };
      }
    });
    await this.repo.logCallback(this.db, { source, order_no: notice.orderNo, transaction_id: notice.transactionId, outcome: result.outcome, payload });
    if ('paid' in result && result.paid && result.order) await this.resume(result.order.dossier_id, now);
    return result.outcome;
  }

  /** Marks the order paid: receipt number, the dossier paid online, audit, outbox; a second payment of the dossier is flagged. */
  private async recordPaid(tx: Executor, order: OrderRow, paid: { transactionId: string; bankCode: string | null; paidAt: Date; by: Actor | null }, late: boolean): Promise<void> {
    const already = await this.repo.paidOrderCount(tx, order.dossier_id);
    const year = vietnamYear(paid.paidAt);
    const receiptNo = await this.repo.nextReceiptNo(tx, order.agency_id, year);
    await this.repo.markPaid(tx, order.id, { transaction_id: paid.transactionId, bank_code: paid.bankCode, paid_at: paid.paidAt, receipt_year: year, receipt_no: receiptNo, confirmed_by: paid.by?.id ?? null });
    // Fees charged before submission: the draft frozen for this payment is submitted now, in this transaction, at the
    // payment's time (its code, day and expected date; the reception queue sees it from the commit on). A late
    // payment (the order had expired) submits nothing: it is flagged for a refund below.
    const submitted = late || !this.submission ? null : await this.submission.submitPaid(tx, order.dossier_id, paid.paidAt, order.order_no);
    // Both channels start from the portal's payment page: paid online (Decision 766's indicator).
    await this.repo.setDossierPaid(tx, order.dossier_id, true, Number(order.amount_vnd));
    // The earlier payments of a draft were late ones, flagged already: the one that submits it is no duplicate.
    if ((already > 0 && submitted === null) || late) {
      await this.repo.flag(tx, { kind: 'duplicate_payment', agency_id: order.agency_id, order_id: order.id, order_no: order.order_no, transaction_id: paid.transactionId, amount_vnd: Number(order.amount_vnd), expected_vnd: null, detail: late ? `paid after the order was ${order.status}` : 'the dossier was already paid' });
    }
    await this.audit.record(tx, paid.by, { action: 'payment.paid', targetType: 'dossier', targetId: order.dossier_id, agencyId: order.agency_id, summary: { orderNo: order.order_no, provider: order.provider, transactionId: paid.transactionId, amountVnd: Number(order.amount_vnd), receipt: `${year}/${receiptNo}` } });
    // The applicant is told (notifications: receipt number, amount, link), in their language.
    await this.outbox?.enqueue(tx, 'payment.paid', {
      dossierId: order.dossier_id,
      orderId: order.id,
      orderNo: order.order_no,
      amountVnd: Number(order.amount_vnd),
      provider: order.provider,
      receipt: `${year}/${String(receiptNo).padStart(6, '0')}`,
      paidAt: paid.paidAt.toISOString(),
      submitted: submitted !== null,
      late,
    });
  }

  /** A dossier waiting for fees resumes (the back office's port); a failure is retried by the payments.sweep job. */
  private async resume(dossierId: string, now: Date): Promise<void> {
    if (!this.resumer) return;
    try {
      await this.resumer.resumeAfterPayment(dossierId, now);
    } catch {
      // Retried by sweep(): the dossier stays paid and waiting until the back office accepts the resume.
    }
  }

  // --- the accountant: VietQR confirmations, refunds, mismatches -----------------------------------------

  private async accountantScope(actor: Actor | null): Promise<string[]> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!rolesRoots(actor, ACCOUNTANT).length) throw new DomainError('FORBIDDEN');
    return this.agencies.scopeOf(actor, ACCOUNTANT);
  }

  private async accountantOrder(actor: Actor | null, orderId: string, tx: Executor): Promise<OrderRow> {
    const scope = await this.accountantScope(actor);
    const order = isUuid(orderId) ? await this.repo.lockOrder(tx, orderId) : undefined;
    if (!order || !scope.includes(order.agency_id)) throw new DomainError('NOT_FOUND');
    return order;
  }

  /** The accountant's page: transfers awaiting confirmation, paid orders, open mismatches, the last reconciliations. */
  async accountantView(actor: Actor | null) {
    const scope = await this.accountantScope(actor);
    const [orders, discrepancies, runs] = await Promise.all([this.repo.accountantOrders(this.db, scope), this.repo.discrepancies(this.db, scope), this.repo.reconciliations(this.db)]);
    return {
      awaiting: orders.filter((o) => o.status === 'created').map((o) => ({ ...present(o), dossierCode: o.dossier_code, applicantName: o.applicant_name })),
      paid: orders.filter((o) => o.status !== 'created').map((o) => ({ ...present(o), dossierCode: o.dossier_code, applicantName: o.applicant_name, dossierId: o.dossier_id })),
      discrepancies: discrepancies.map((x) => ({ ...x, amountVnd: x.amount_vnd === null ? null : Number(x.amount_vnd), expectedVnd: x.expected_vnd === null ? null : Number(x.expected_vnd) })),
      reconciliations: runs,
      onlineAvailable: this.platform !== null,
    };
  }

  /** The accountant confirms a VietQR transfer was received (bank reference), once. */
  async confirmTransfer(actor: Actor | null, orderId: string, reference: string, now = new Date()): Promise<void> {
    const ref = reference.trim();
    const dossierId = await this.db.transaction().execute(async (tx) => {
      const order = await this.accountantOrder(actor, orderId, tx);
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(ref)) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/reference', code: 'PAYMENT_REFERENCE_INVALID' }]);
      if (order.provider !== 'vietqr' || (order.status !== 'created' && order.status !== 'expired')) throw new DomainError('PAYMENT_ORDER_CLOSED');
      await this.recordPaid(tx, order, { transactionId: ref, bankCode: this.options.vietqr?.bankBin ?? null, paidAt: now, by: actor }, order.status === 'expired');
      return order.dossier_id;
    });
    await this.resume(dossierId, now);
  }

  /** Refunds a paid order (through the platform for platform orders; a VietQR refund is a transfer the accountant makes). */
  async refund(actor: Actor | null, orderId: string, reason: string): Promise<void> {
    const text = reason.normalize('NFC').trim().slice(0, 500);
    const order = await this.db.transaction().execute((tx) => this.accountantOrder(actor, orderId, tx));
    if (!text) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/reason', code: 'PAYMENT_REASON_REQUIRED' }]);
    if (order.status !== 'paid') throw new DomainError('PAYMENT_NOT_REFUNDABLE');
    let refundId = `MANUAL-${order.order_no}`;
    if (order.provider === 'platform') refundId = (await this.requirePlatform().refund({ orderNo: order.order_no, transactionId: order.transaction_id!, amountVnd: Number(order.amount_vnd), reason: text })).refundId;
    await this.db.transaction().execute(async (tx) => {
      const locked = await this.repo.lockOrder(tx, order.id);
      if (locked?.status !== 'paid') throw new DomainError('PAYMENT_NOT_REFUNDABLE');
      await this.repo.setStatus(tx, order.id, 'refunded', { refund_id: refundId, refund_reason: text, refunded_at: new Date() });
      if ((await this.repo.paidOrderCount(tx, order.dossier_id)) === 0) await this.repo.setDossierPaid(tx, order.dossier_id, false);
      await this.audit.record(tx, actor, { action: 'payment.refund', targetType: 'dossier', targetId: order.dossier_id, agencyId: order.agency_id, summary: { orderNo: order.order_no, refundId, reason: text } });
    });
  }

  /** The accountant settles a flagged mismatch with a note. */
  async resolveDiscrepancy(actor: Actor | null, id: string, note: string): Promise<void> {
    const scope = await this.accountantScope(actor);
    const text = note.normalize('NFC').trim().slice(0, 500);
    const row = isUuid(id) ? await this.repo.discrepancy(this.db, id) : undefined;
    if (!row || (row.agency_id !== null && !scope.includes(row.agency_id))) throw new DomainError('NOT_FOUND');
    if (!text) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/note', code: 'PAYMENT_REASON_REQUIRED' }]);
    await this.db.transaction().execute(async (tx) => {
      await this.repo.resolveDiscrepancy(tx, id, actor!.id, text);
      await this.audit.record(tx, actor, { action: 'payment.resolve', targetType: 'payment_discrepancy', targetId: id, agencyId: row.agency_id, summary: { kind: row.kind, note: text } });
    });
  }

  // --- jobs: orders that never complete, reconciliation ----------------------------------------------------

  /**
   * Orders whose callback never came: asked of the platform (paid or cancelled there → applied); still open past
   * their expiry → expired (the dossier keeps waiting; the applicant may pay with a new order). Then dossiers paid
   * but still waiting (a resume that failed) are resumed, and drafts frozen for fees charged before submission
   * with no open order left are given back to their applicant.
   */
  async sweep(now = new Date()): Promise<{ queried: number; expired: number; released: number }> {
    let queried = 0;
    let expired = 0;
    let released = 0;
    for (const order of await this.repo.openOrders(this.db, new Date(now.getTime() - 60_000))) {
      let notice: PlatformNotice | null = null;
      if (order.provider === 'platform' && this.platform) {
        try {
          notice = await this.platform.query(order.order_no);
          queried++;
        } catch {
          notice = null;
        }
      }
      if (notice && (notice.status === 'paid' || notice.status === 'cancelled')) {
        await this.applyNotice(notice, 'query', { ...notice, paidAt: notice.paidAt?.toISOString() ?? null }, now);
        continue;
      }
      if (order.expires_at.getTime() <= now.getTime()) {
        await this.db.transaction().execute(async (tx) => {
          const locked = await this.repo.lockOrder(tx, order.id);
          if (locked?.status === 'created') {
            await this.repo.setStatus(tx, order.id, 'expired');
            expired++;
          }
        });
      }
    }
    for (const dossierId of await this.repo.waitingButPaid(this.db)) await this.resume(dossierId, now);
    // Drafts frozen for payment with no open order left (expired, cancelled, never started) past an order's time:
    // given back to the applicant, who may submit and pay again. The dossier's row lock orders this with a new order.
    for (const dossierId of await this.repo.stalePending(this.db, new Date(now.getTime() - this.options.orderTtlMinutes * 60_000))) {
      await this.db.transaction().execute(async (tx) => {
        await this.repo.dossier(tx, dossierId, true);
        if ((await this.repo.ordersOf(tx, dossierId)).some((o) => o.status === 'created')) return;
        if (await this.submission?.releaseUnpaid(tx, dossierId, now)) released++;
      });
    }
    return { queried, expired, released };
  }

  /** Deletes the refused (unauthenticated) callbacks and returns logged more than REFUSAL_RETENTION_DAYS ago (payments.purge). */
  purgeRefusals(now = new Date()): Promise<number> {
    return this.repo.purgeRefusals(this.db, new Date(now.getTime() - REFUSAL_RETENTION_DAYS * 86_400_000));
  }

  /** Matches the platform's file of `day` (Vietnam date) with our orders; every mismatch is flagged once. */
  async reconcileDay(day: string): Promise<{ lines: number; matched: number; mismatches: number }> {
    if (!isIsoDate(day)) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/day', code: 'format' }]);
    const lines = await this.requirePlatform().reconciliation(day);
    const known = await this.repo.ordersByNo(this.db, [...new Set(lines.map((l) => l.orderNo).filter((n) => /^[A-Z0-9]{6,40}$/.test(n)))]);
    const paidHere = await this.repo.paidBetween(this.db, vietnamDayStart(day), vietnamDayStart(addDays(day, 1)));
    const toRecon = (o: OrderRow) => ({ id: o.id, orderNo: o.order_no, agencyId: o.agency_id, amountVnd: Number(o.amount_vnd), status: o.status, transactionId: o.transaction_id });
    const result = reconcile(lines, known.filter((o) => o.provider === 'platform').map(toRecon), paidHere.map(toRecon));
    await this.db.transaction().execute(async (tx) => {
      for (const m of result.mismatches) {
        await this.repo.flag(tx, { kind: m.kind, day, agency_id: m.agencyId, order_id: m.orderId, order_no: m.orderNo, transaction_id: m.transactionId, amount_vnd: m.amountVnd, expected_vnd: m.expectedVnd, detail: null });
      }
      await this.repo.saveReconciliation(tx, { day, lines: lines.length, matched: result.matched, mismatches: result.mismatches.length });
    });
    return { lines: lines.length, matched: result.matched, mismatches: result.mismatches.length };
  }

  /** The daily job: yesterday (Vietnam time). */
  reconcileYesterday(now = new Date()): Promise<{ lines: number; matched: number; mismatches: number }> | null {
    if (!this.platform) return null;
    return this.reconcileDay(addDays(vietnamDate(now), -1));
  }

  /** The accountant runs the reconciliation of a day now. */
  async reconcileAs(actor: Actor | null, day: string) {
    await this.accountantScope(actor);
    return this.reconcileDay(day);
  }

  // --- receipts ---------------------------------------------------------------------------------------

  private async receiptPdf(d: PaymentDossier, orderId: string): Promise<{ pdf: Buffer; name: string }> {
    const order = isUuid(orderId) ? await this.repo.order(this.db, orderId) : undefined;
    if (!order || order.dossier_id !== d.id || order.receipt_no === null || !order.paid_at) throw new DomainError('NOT_FOUND');
    const pdf = await renderReceipt({
      agencyName: d.agency_name,
      receiptNo: order.receipt_no,
      receiptYear: order.receipt_year!,
      orderNo: order.order_no,
      dossierCode: this.reference(d, order),
      procedureName: d.procedure_name,
      payerName: d.applicant_name ?? '',
      lines: order.lines,
      amountVnd: Number(order.amount_vnd),
      paidAt: order.paid_at,
      provider: order.provider,
      transactionId: order.transaction_id ?? '',
      bankCode: order.bank_code,
      verifyUrl: `${this.options.baseUrl}/tra-cuu`,
    });
    return { pdf, name: `bien-lai-${order.receipt_year}-${String(order.receipt_no).padStart(6, '0')}.pdf` };
  }

  /** The receipt for the applicant (and members of their organisation). */
  async applicantReceipt(actor: Actor | null, dossierId: string, orderId: string) {
    return this.receiptPdf(await this.applicantDossier(actor, dossierId, 'read'), orderId);
  }

  /** The receipt for the officers of the dossier's agency and its accountant. */
  async officerReceipt(actor: Actor | null, dossierId: string, orderId: string) {
    return this.receiptPdf(await this.officerDossier(actor, dossierId), orderId);
  }

  // --- the fee definition of a procedure version (catalog managers) --------------------------------------

  private async editableVersion(actor: Actor | null, code: string, version: number) {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!rolesRoots(actor, ['catalog_manager']).length) throw new DomainError('FORBIDDEN');
    const row = await this.repo.version(this.db, code, version);
    if (!row) throw new DomainError('NOT_FOUND');
    await this.agencies.authorize(actor, ['catalog_manager'], row.agency_id);
    return row;
  }

  async feeEditor(actor: Actor | null, code: string, version: number): Promise<FeeEditorState> {
    const row = await this.editableVersion(actor, code, version);
    const fields = eformFields(row.form_schema ?? defaultFormSchema({ name: row.name, audience: row.audience }));
    return {
      code: row.code,
      version: row.version,
      versionStatus: row.status,
      name: row.name,
      definition: asFeeDefinition(row.fee_rules),
      numberFields: fields.numbers,
      allFields: fields.all,
      displayedFees: (row.fees ?? []).map((f) => ({ description: f.description, amountVnd: Number(f.amountVnd) })),
    };
  }

  /**
   * A fee definition checked against an e-form schema, without storing it: the catalog's port (catalog.fees.ts) for
   * the fee rules of an imported catalog file. Paths relative to the definition.
   */
  checkFeeRules(input: unknown, formSchema: Record<string, unknown>): { value: FeeDefinition; errors: FieldError[] } {
    const fields = eformFields(formSchema);
    return checkFeeDefinition(input, fields.numbers.map((f) => f.name), fields.all.map((f) => f.name));
  }

  /** Replaces the version's fee definition (a retired version is not edited); no lines: none. */
  async saveFees(actor: Actor | null, code: string, version: number, input: unknown): Promise<FeeDefinition | null> {
    const row = await this.editableVersion(actor, code, version);
    if (row.status === 'retired') throw new DomainError('FEE_VERSION_NOT_EDITABLE');
    const fields = eformFields(row.form_schema ?? defaultFormSchema({ name: row.name, audience: row.audience }));
    const { value, errors } = checkFeeDefinition(input, fields.numbers.map((f) => f.name), fields.all.map((f) => f.name));
    if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
    const stored = value.lines.length ? value : null;
    await this.db.transaction().execute(async (tx) => {
      await this.repo.saveFeeRules(tx, row.id, stored as unknown as Record<string, unknown> | null);
      await this.audit.record(tx, actor, { action: 'catalog.fees', targetType: 'procedure_version', targetId: row.id, agencyId: row.agency_id, summary: { code, version, fees: stored } });
    });
    return stored;
  }
}
