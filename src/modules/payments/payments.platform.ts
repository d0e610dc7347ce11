// The adapter for the national payment platform (Cổng thanh toán Quốc gia): the only code that speaks its protocol.
// src/simulators/payment-platform.ts is a local server speaking the other side; PAYMENT_PLATFORM_URL points the
// adapter at a real one.
//
// Every message both ways carries `signature`: HMAC-SHA256 (hex) with the merchant secret over the canonical
// string of the other fields — keys sorted, `encodeURIComponent(key)=encodeURIComponent(value)` joined by '&'
// (values as strings; the fee lines as canonical JSON). Compared in constant time.
//
//   POST {url}/api/orders              create: merchantCode, orderId, dossierCode, amount, lines, description,
//                                      returnUrl, callbackUrl, expiresAt, timestamp → { orderId, token, payUrl }
//   browser → payUrl                   the platform's page: choose a bank or e-wallet, pay or cancel
//   POST {callbackUrl} (IPN)           merchantCode, orderId, transactionId, amount, status paid|cancelled,
//                                      paidAt, bankCode → we answer 200 { result: 'ok' } once handled
//   browser → {returnUrl}?…            the same signed fields, as a query string
//   POST {url}/api/orders/query        merchantCode, orderId, timestamp → the order's fields (status pending|paid|
//                                      cancelled|refunded|not_found)
//   GET  {url}/api/reconciliation      ?merchantCode&date=yyyy-mm-dd&timestamp&signature → CSV (header
//                                      transaction_id,order_id,amount,status,paid_at,bank_code), its body signed
//                                      in the x-signature header
//   POST {url}/api/refunds             merchantCode, orderId, transactionId, amount, reason, timestamp → { refundId, status }
import { createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import { canonicalJson } from '../../core/canonical-json.ts';
import { DomainError } from '../../core/errors.ts';
import type { PaymentConfig } from '../../config.ts';
import type { PaymentLine } from '../../db/schema.ts';
import './payments.errors.ts';

export type WireFields = Record<string, string>;

/** The canonical string of the fields (without `signature`). */
export function canonicalString(fields: Record<string, unknown>): string {
  return Object.keys(fields)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(String(fields[k] ?? ''))}`)
    .join('&');
}

export function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

/** The fields with their signature added. */
export function signFields(secret: string, fields: WireFields): WireFields {
  return { ...fields, signature: hmacHex(secret, canonicalString(fields)) };
}

/** The signature is the HMAC of the other fields (constant time). */
export function validSignature(secret: string, fields: Record<string, unknown>): boolean {
  const given = fields.signature;
  if (typeof given !== 'string' || !/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = Buffer.from(hmacHex(secret, canonicalString(fields)), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/** What the platform told us about an order (callback, browser return or status query), after verification. */
export interface PlatformNotice {
  orderNo: string;
  transactionId: string | null;
  amountVnd: number;
  status: 'paid' | 'cancelled' | 'pending' | 'refunded' | 'not_found';
  paidAt: Date | null;
  bankCode: string | null;
}

export type Verified = { ok: true; notice: PlatformNotice } | { ok: false; reason: 'bad_signature' | 'malformed' };

export interface ReconciliationLine {
  transactionId: string;
  orderNo: string;
  amountVnd: number;
  status: string;
  paidAt: Date | null;
  bankCode: string | null;
}

export interface CreatePayment {
  orderNo: string;
  dossierCode: string;
  lines: PaymentLine[];
  amountVnd: number;
  description: string;
  returnUrl: string;
  callbackUrl: string;
  expiresAt: Date;
}

/** The port the payments service uses (a fake in some tests). */
export interface PaymentPlatform {
  readonly merchantCode: string;
  createPayment(request: CreatePayment): Promise<{ payUrl: string }>;
  /** Verifies a callback or browser-return message (fields as received). */
  verify(fields: Record<string, unknown>): Verified;
  query(orderNo: string): Promise<PlatformNotice>;
  reconciliation(day: string): Promise<ReconciliationLine[]>;
  refund(input: { orderNo: string; transactionId: string; amountVnd: number; reason: string }): Promise<{ refundId: string }>;
}

const STATUSES = ['paid', 'cancelled', 'pending', 'refunded', 'not_found'] as const;

/** A message's fields as a notice, or null when a field is missing or malformed. */
export function noticeOf(fields: Record<string, unknown>): PlatformNotice | null {
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : null);
  const orderNo = text('orderId');
  const amount = text('amount');
  const status = text('status');
  if (!orderNo || !/^[A-Z0-9]{6,40}$/.test(orderNo)) return null;
  if (!amount || !/^\d{1,15}$/.test(amount)) return null;
  if (!status || !(STATUSES as readonly string[]).includes(status)) return null;
  const transactionId = text('transactionId') || null;
  if (transactionId !== null && !/^[A-Za-z0-9_-]{1,64}$/.test(transactionId)) return null;
  const paidRaw = text('paidAt');
  const paidAt = paidRaw ? new Date(paidRaw) : null;
  if (paidAt && Number.isNaN(paidAt.getTime())) return null;
  if (status === 'paid' && (!transactionId || !paidAt)) return null;
  const bankCode = text('bankCode') || null;
  if (bankCode !== null && !/^[A-Za-z0-9_-]{1,32}$/.test(bankCode)) return null;
  return { orderNo, transactionId, amountVnd: Number(amount), status: status as PlatformNotice['status'], paidAt, bankCode };
}

/** Parses a reconciliation file (CSV); a line that does not parse is kept with what it has (it will not match). */
export function parseReconciliation(csv: string): ReconciliationLine[] {
  const rows = parseCsv(csv, { columns: true, skip_empty_lines: true, bom: true, trim: true }) as Array<Record<string, string>>;
  return rows.map((row) => {
    const paidAt = row.paid_at ? new Date(row.paid_at) : null;
    return {
      transactionId: String(row.transaction_id ?? ''),
      orderNo: String(row.order_id ?? ''),
      amountVnd: /^\d{1,15}$/.test(row.amount ?? '') ? Number(row.amount) : -1,
      status: String(row.status ?? ''),
      paidAt: paidAt && !Number.isNaN(paidAt.getTime()) ? paidAt : null,
      bankCode: row.bank_code || null,
    };
  });
}

/** The HTTP client of the platform. */
export class HttpPaymentPlatform implements PaymentPlatform {
  readonly merchantCode: string;

  constructor(
    private readonly config: PaymentConfig,
    private readonly timeoutMs = 10_000,
  ) {
    this.merchantCode = config.merchantCode;
  }

  private sign(fields: WireFields): WireFields {
    return signFields(this.config.secret, { merchantCode: this.config.merchantCode, ...fields });
  }

  private async post(path: string, fields: WireFields): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(`${this.config.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(this.sign(fields)),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw new DomainError('PAYMENT_PLATFORM_UNAVAILABLE');
    }
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (!response.ok || !body) throw new DomainError('PAYMENT_PLATFORM_UNAVAILABLE');
    if (!validSignature(this.config.secret, body)) throw new DomainError('PAYMENT_PLATFORM_UNAVAILABLE');
    return body;
  }

  async createPayment(request: CreatePayment): Promise<{ payUrl: string }> {
    const body = await this.post('/api/orders', {
      orderId: request.orderNo,
      dossierCode: request.dossierCode,
      amount: String(request.amountVnd),
      lines: canonicalJson(request.lines),
      description: request.description,
      returnUrl: request.returnUrl,
      callbackUrl: request.callbackUrl,
      expiresAt: request.expiresAt.toISOString(),
      timestamp: new Date().toISOString(),
    });
    if (body.orderId !== request.orderNo || typeof body.payUrl !== 'string' || !/^https?:\/\//.test(body.payUrl)) throw new DomainError('PAYMENT_PLATFORM_UNAVAILABLE');
    return { payUrl: body.payUrl };
  }

  verify(fields: Record<string, unknown>): Verified {
    if (fields.merchantCode !== this.config.merchantCode || !validSignature(this.config.secret, fields)) return { ok: false, reason: 'bad_signature' };
    const notice = noticeOf(fields);
    return notice ? { ok: true, notice } : { ok: false, reason: 'malformed' };
  }

  async query(orderNo: string): Promise<PlatformNotice> {
    const body = await this.post('/api/orders/query', { orderId: orderNo, timestamp: new Date().toISOString() });
    const notice = noticeOf(body);
    if (!notice || notice.orderNo !== orderNo) throw new DomainError('PAYMENT_PLATFORM_UNAVAILABLE');
    return notice;
  }

  async reconciliation(day: string): Promise<ReconciliationLine[]> {
    const query = new URLSearchParams(this.sign({ date: day, timestamp: new Date().toISOString() }));
    let response: Response;
    try {
      response = await fetch(`${this.config.url}/api/reconciliation?${query}`, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch {
      throw new DomainError('PAYMENT_PLATFORM_UNAVAILABLE');
    }
    const text = await response.text();
    const signature = response.headers.get('x-signature') ?? '';
    const expected = hmacHex(this.config.secret, text);
    if (!response.ok || signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) throw new DomainError('PAYMENT_PLATFORM_UNAVAILABLE');
    return parseReconciliation(text);
  }

  async refund(input: { orderNo: string; transactionId: string; amountVnd: number; reason: string }): Promise<{ refundId: string }> {
    const body = await this.post('/api/refunds', {
      orderId: input.orderNo,
      transactionId: input.transactionId,
      amount: String(input.amountVnd),
      reason: input.reason,
      timestamp: new Date().toISOString(),
    });
    if (body.status !== 'refunded' || typeof body.refundId !== 'string') throw new DomainError('PAYMENT_REFUND_REFUSED');
    return { refundId: body.refundId };
  }
}
