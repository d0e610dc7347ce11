// Pure rules of fees and payments: the fee definition of a procedure version (lines: fixed, per item, or a formula
// over e-form number fields; kinds phí / lệ phí; exemptions), computing what a dossier owes, the formula parser (no
// eval), what a platform notice does to an order, matching the reconciliation file, and the VietQR (EMVCo) payload
// with its CRC-16/CCITT-FALSE. No I/O, no clock.
import type { FieldError } from '../../core/errors.ts';
import type { PaymentLine, PaymentStatus } from '../../db/schema.ts';

export type FeeKind = 'phi' | 'le_phi';
export const FEE_KINDS: readonly FeeKind[] = ['phi', 'le_phi'];
export type FeeBasis = 'fixed' | 'per_item' | 'formula';
export const FEE_BASES: readonly FeeBasis[] = ['fixed', 'per_item', 'formula'];
/** When the fee is charged: before submission (the payment submits the dossier; migration 0033) or when the officer asks (status 6). */
export type ChargeTime = 'before_submission' | 'on_request';
export const CHARGE_TIMES: readonly ChargeTime[] = ['before_submission', 'on_request'];

export const MAX_AMOUNT_VND = 10_000_000_000;
export const MAX_FEE_LINES = 10;

export interface FeeLineDef {
  label: string;
  kind: FeeKind;
  basis: FeeBasis;
  /** fixed: the amount; per_item: the amount of one item. */
  amountVnd?: number | undefined;
  /** per_item: the e-form number field holding the count. */
  countField?: string | undefined;
  /** formula: an expression over e-form number fields (+ − × ÷, parentheses, numbers). */
  formula?: string | undefined;
  /** Exempt when the e-form field equals one of the values (e.g. applicantCategory = "nguoi_co_cong"). */
  exemptions?: Array<{ field: string; equals: string }> | undefined;
}

export interface FeeDefinition {
  charge: ChargeTime;
  lines: FeeLineDef[];
}

export interface ComputedLine extends PaymentLine {
  exempt: boolean;
}

export interface ComputedFees {
  lines: ComputedLine[];
  /** The sum of the lines not exempt. */
  totalVnd: number;
}

// ---------------------------------------------------------------------------------------------
// Formulas: a tiny recursive-descent parser over numbers, field names, + - * / and parentheses
// ---------------------------------------------------------------------------------------------

export type Expr =
  | { type: 'num'; value: number }
  | { type: 'field'; name: string }
  | { type: 'neg'; arg: Expr }
  | { type: 'bin'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr };

const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const MAX_FORMULA_LENGTH = 200;

type Token = { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'op'; v: string };

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i))!;
      tokens.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else if ('+-*/()'.includes(c)) {
      tokens.push({ t: 'op', v: c });
      i++;
    } else if (c === '×' || c === '÷') {
      tokens.push({ t: 'op', v: c === '×' ? '*' : '/' });
      i++;
    } else {
      return `ký tự “${c}” không được dùng`;
    }
  }
  return tokens;
}

/** Parses a formula; a string is the problem (in Vietnamese, shown in the error's detail). */
export function parseFormula(text: string): Expr | string {
  if (typeof text !== 'string' || !text.trim()) return 'công thức trống';
  if (text.length > MAX_FORMULA_LENGTH) return `dài quá ${MAX_FORMULA_LENGTH} ký tự`;
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return tokens;
  let pos = 0;
  let depth = 0;
  const peek = () => tokens[pos];
  const expr = (): Expr | string => {
    let left = term();
    if (typeof left === 'string') return left;
    while (peek()?.t === 'op' && (peek()!.v === '+' || peek()!.v === '-')) {
      const op = tokens[pos++]!.v as '+' | '-';
      const right = term();
      if (typeof right === 'string') return right;
      left = { type: 'bin', op, left, right };
    }
    return left;
  };
  const term = (): Expr | string => {
    let left = factor();
    if (typeof left === 'string') return left;
    while (peek()?.t === 'op' && (peek()!.v === '*' || peek()!.v === '/')) {
      const op = tokens[pos++]!.v as '*' | '/';
      const right = factor();
      if (typeof right === 'string') return right;
      left = { type: 'bin', op, left, right };
    }
    return left;
  };
  const factor = (): Expr | string => {
    const token = tokens[pos++];
    if (!token) return 'công thức kết thúc giữa chừng';
    if (token.t === 'num') return { type: 'num', value: token.v };
    if (token.t === 'id') return FIELD.test(token.v) ? { type: 'field', name: token.v } : `tên trường “${token.v}” không hợp lệ`;
    if (token.v === '-') {
      const arg = factor();
      return typeof arg === 'string' ? arg : { type: 'neg', arg };
    }
    if (token.v === '(') {
      if (++depth > 20) return 'lồng ngoặc quá sâu';
      const inner = expr();
      if (typeof inner === 'string') return inner;
      if (tokens[pos]?.v !== ')') return 'thiếu dấu “)”';
      pos++;
      depth--;
      return inner;
    }
    return `không mong đợi “${token.v}”`;
  };
  const result = expr();
  if (typeof result === 'string') return result;
  if (pos < tokens.length) return `không mong đợi “${tokens[pos]!.v}”`;
  return result;
}

/** The field names a formula reads. */
export function formulaFields(expr: Expr, into: Set<string> = new Set()): Set<string> {
  if (expr.type === 'field') into.add(expr.name);
  else if (expr.type === 'neg') formulaFields(expr.arg, into);
  else if (expr.type === 'bin') {
    formulaFields(expr.left, into);
    formulaFields(expr.right, into);
  }
  return into;
}

/** A number field's value from the e-form data (a number, or a numeric string); anything else counts as 0. */
export function numberOf(data: Record<string, unknown>, name: string): number {
  const raw = data[name];
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : 0;
  return Number.isFinite(value) ? value : 0;
}

/** Evaluates a formula over the e-form data; division by zero gives 0. */
export function evaluate(expr: Expr, data: Record<string, unknown>): number {
  switch (expr.type) {
    case 'num':
      return expr.value;
    case 'field':
      return numberOf(data, expr.name);
    case 'neg':
      return -evaluate(expr.arg, data);
    case 'bin': {
      const a = evaluate(expr.left, data);
      const b = evaluate(expr.right, data);
      if (expr.op === '+') return a + b;
      if (expr.op === '-') return a - b;
      if (expr.op === '*') return a * b;
      return b === 0 ? 0 : a / b;
    }
  }
}

/** An amount in whole đồng, within 0..MAX_AMOUNT_VND. */
export function clampAmount(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  return Math.min(MAX_AMOUNT_VND, Math.round(value));
}

// ---------------------------------------------------------------------------------------------
// The definition: checked on save, computed on a dossier's data
// ---------------------------------------------------------------------------------------------

function validAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_AMOUNT_VND;
}

/**
 * Checks a fee definition against the e-form's number fields (`numberFields`) and its other fields
 * (`allFields`, for exemptions). Every problem at once, each with the path of the line's form field.
 */
export function checkFeeDefinition(input: unknown, numberFields: readonly string[], allFields: readonly string[]): { value: FeeDefinition; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const raw = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const charge: ChargeTime = (CHARGE_TIMES as readonly string[]).includes(raw.charge as string) ? (raw.charge as ChargeTime) : 'on_request';
  const rawLines = Array.isArray(raw.lines) ? raw.lines : [];
  if (rawLines.length > MAX_FEE_LINES) errors.push({ path: '/lines', code: 'FEE_RULES_INVALID', params: { detail: `tối đa ${MAX_FEE_LINES} khoản` } });
  const lines: FeeLineDef[] = [];
  rawLines.slice(0, MAX_FEE_LINES).forEach((entry, i) => {
    const l = (entry && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
    const at = (name: string) => `/lines/${i}/${name}`;
    const label = typeof l.label === 'string' ? l.label.normalize('NFC').trim().slice(0, 200) : '';
    if (!label) errors.push({ path: at('label'), code: 'FEE_LABEL_REQUIRED' });
    const kind: FeeKind = l.kind === 'phi' ? 'phi' : 'le_phi';
    const basis: FeeBasis = (FEE_BASES as readonly string[]).includes(l.basis as string) ? (l.basis as FeeBasis) : 'fixed';
    const line: FeeLineDef = { label, kind, basis };
    if (basis === 'fixed' || basis === 'per_item') {
      if (!validAmount(l.amountVnd)) errors.push({ path: at('amountVnd'), code: 'FEE_AMOUNT_INVALID' });
      else line.amountVnd = l.amountVnd;
    }
    if (basis === 'per_item') {
      const field = typeof l.countField === 'string' ? l.countField : '';
      if (!numberFields.includes(field)) errors.push({ path: at('countField'), code: 'FEE_FIELD_UNKNOWN', params: { field } });
      else line.countField = field;
    }
    if (basis === 'formula') {
      const formula = typeof l.formula === 'string' ? l.formula.trim() : '';
      const parsed = parseFormula(formula);
      if (typeof parsed === 'string') errors.push({ path: at('formula'), code: 'FEE_FORMULA_INVALID', params: { detail: parsed } });
      else {
        const unknown = [...formulaFields(parsed)].find((f) => !numberFields.includes(f));
        if (unknown) errors.push({ path: at('formula'), code: 'FEE_FIELD_UNKNOWN', params: { field: unknown } });
        else line.formula = formula;
      }
    }
    const exemptions = Array.isArray(l.exemptions) ? l.exemptions : [];
    const kept: Array<{ field: string; equals: string }> = [];
    exemptions.slice(0, 5).forEach((x, j) => {
      const e = (x && typeof x === 'object' ? x : {}) as Record<string, unknown>;
      const field = typeof e.field === 'string' ? e.field : '';
      const equals = typeof e.equals === 'string' ? e.equals.trim().slice(0, 200) : '';
      if (!field && !equals) return;
      if (!allFields.includes(field)) errors.push({ path: `/lines/${i}/exemptions/${j}/field`, code: 'FEE_FIELD_UNKNOWN', params: { field } });
      else if (!equals) errors.push({ path: `/lines/${i}/exemptions/${j}/equals`, code: 'FEE_RULES_INVALID', params: { detail: 'giá trị miễn trống' } });
      else kept.push({ field, equals });
    });
    if (kept.length) line.exemptions = kept;
    lines.push(line);
  });
  return { value: { charge, lines }, errors };
}

/** A stored definition read back (anything unexpected: no definition). */
export function asFeeDefinition(stored: unknown): FeeDefinition | null {
  if (!stored || typeof stored !== 'object' || !Array.isArray((stored as FeeDefinition).lines)) return null;
  return stored as FeeDefinition;
}

function exempt(line: FeeLineDef, data: Record<string, unknown>): boolean {
  return (line.exemptions ?? []).some((e) => {
    const value = data[e.field];
    return (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && String(value) === e.equals;
  });
}

/** What the dossier owes under the definition, line by line. */
export function computeFees(definition: FeeDefinition, data: Record<string, unknown>): ComputedFees {
  const lines = definition.lines.map((line): ComputedLine => {
    let amount = 0;
    if (line.basis === 'fixed') amount = line.amountVnd ?? 0;
    else if (line.basis === 'per_item') amount = (line.amountVnd ?? 0) * Math.max(0, Math.floor(numberOf(data, line.countField ?? '')));
    else if (line.basis === 'formula') {
      const parsed = parseFormula(line.formula ?? '');
      amount = typeof parsed === 'string' ? 0 : evaluate(parsed, data);
    }
    const isExempt = exempt(line, data);
    return { label: line.label, kind: line.kind, amountVnd: isExempt ? 0 : clampAmount(amount), exempt: isExempt };
  });
  return { lines, totalVnd: lines.reduce((sum, l) => sum + l.amountVnd, 0) };
}

/**
 * The lines an order charges: the definition's computed lines when they add up to the amount due, else one line
 * of the amount the officer asked for (request_payment with an amount).
 */
export function orderLines(computed: ComputedFees | null, dueVnd: number): PaymentLine[] {
  if (computed && computed.totalVnd === dueVnd) return computed.lines.filter((l) => l.amountVnd > 0).map(({ label, kind, amountVnd }) => ({ label, kind, amountVnd }));
  return [{ label: 'Phí, lệ phí giải quyết thủ tục hành chính', kind: 'le_phi', amountVnd: dueVnd }];
}

// ---------------------------------------------------------------------------------------------
// Orders: what a platform notice does
// ---------------------------------------------------------------------------------------------

export interface OrderState {
  status: PaymentStatus;
  amountVnd: number;
  transactionId: string | null;
}

export type NoticeOutcome =
  /** Mark the order paid (and the dossier, receipt, resume). */
  | { kind: 'pay' }
  /** Already applied: answer 200, change nothing. */
  | { kind: 'duplicate' }
  /** The amount differs: refuse and flag. */
  | { kind: 'amount_mismatch' }
  /** Cancelled on the platform: the order is cancelled (a new order may be made). */
  | { kind: 'cancel' }
  /** Paid after the order had expired or been cancelled here: money was taken, so accept it, and flag it. */
  | { kind: 'pay_late' }
  /** Nothing to do (still pending, or a cancel after payment). */
  | { kind: 'ignore' };

export function noticeOutcome(order: OrderState, notice: { status: string; amountVnd: number; transactionId: string | null }): NoticeOutcome {
  if (notice.status === 'paid') {
    if (notice.amountVnd !== order.amountVnd) return { kind: 'amount_mismatch' };
    if (order.status === 'paid' || order.status === 'refunded') return order.transactionId === notice.transactionId ? { kind: 'duplicate' } : { kind: 'pay_late' };
    if (order.status === 'created') return { kind: 'pay' };
    return { kind: 'pay_late' };
  }
  if (notice.status === 'cancelled') return order.status === 'created' ? { kind: 'cancel' } : order.status === 'cancelled' ? { kind: 'duplicate' } : { kind: 'ignore' };
  return { kind: 'ignore' };
}

// ---------------------------------------------------------------------------------------------
// Reconciliation: the platform's file against our orders
// ---------------------------------------------------------------------------------------------

export interface ReconLine {
  transactionId: string;
  orderNo: string;
  amountVnd: number;
  status: string;
}

export interface ReconOrder {
  id: string;
  orderNo: string;
  agencyId: string;
  amountVnd: number;
  status: PaymentStatus;
  transactionId: string | null;
}

export interface Mismatch {
  kind: 'no_order' | 'amount_differs' | 'missing_at_platform' | 'status_differs';
  orderNo: string | null;
  orderId: string | null;
  agencyId: string | null;
  transactionId: string | null;
  amountVnd: number | null;
  expectedVnd: number | null;
}

/**
 * Matches the file's lines (one day's transactions) with our orders: `known` are the orders the lines name (by
 * order id) and `paidHere` the platform orders we recorded paid that day. Every difference is a mismatch.
 */
export function reconcile(lines: readonly ReconLine[], known: readonly ReconOrder[], paidHere: readonly ReconOrder[]): { matched: number; mismatches: Mismatch[] } {
  const byNo = new Map(known.map((o) => [o.orderNo, o]));
  const seen = new Set<string>();
  const mismatches: Mismatch[] = [];
  let matched = 0;
  for (const line of lines) {
    const order = byNo.get(line.orderNo);
    if (!order) {
      mismatches.push({ kind: 'no_order', orderNo: line.orderNo || null, orderId: null, agencyId: null, transactionId: line.transactionId || null, amountVnd: line.amountVnd >= 0 ? line.amountVnd : null, expectedVnd: null });
      continue;
    }
    seen.add(order.orderNo);
    const base = { orderNo: order.orderNo, orderId: order.id, agencyId: order.agencyId, transactionId: line.transactionId || null };
    if (line.amountVnd !== order.amountVnd) {
      mismatches.push({ kind: 'amount_differs', ...base, amountVnd: line.amountVnd >= 0 ? line.amountVnd : null, expectedVnd: order.amountVnd });
    } else if ((line.status === 'paid' && order.status !== 'paid') || (line.status === 'refunded' && order.status !== 'refunded') || (order.transactionId !== null && line.transactionId !== order.transactionId)) {
      mismatches.push({ kind: 'status_differs', ...base, amountVnd: line.amountVnd, expectedVnd: order.amountVnd });
    } else matched++;
  }
  for (const order of paidHere) {
    if (!seen.has(order.orderNo)) mismatches.push({ kind: 'missing_at_platform', orderNo: order.orderNo, orderId: order.id, agencyId: order.agencyId, transactionId: order.transactionId, amountVnd: null, expectedVnd: order.amountVnd });
  }
  return { matched, mismatches };
}

// ---------------------------------------------------------------------------------------------
// VietQR: the EMVCo merchant-presented QR payload (NAPAS 247)
// ---------------------------------------------------------------------------------------------

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final XOR), as 4 upper-case hex digits. */
export function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

function tlv(id: string, value: string): string {
  const length = Buffer.byteLength(value, 'utf8');
  if (length > 99) throw new Error(`EMVCo field ${id} longer than 99 bytes`);
  return `${id}${String(length).padStart(2, '0')}${value}`;
}

/** The memo of a transfer: letters, digits and spaces only (banks drop the rest), at most 50 characters. */
export function transferMemo(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9 ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 50);
}

/**
 * The VietQR payload of a transfer to `account` at the bank `bankBin` of `amountVnd` with `memo` (the dossier
 * code): payload format 01, dynamic (12), merchant account information 38 (GUID A000000727, beneficiary
 * organisation = BIN + account, service QRIBFTTA: transfer to an account), currency 704, amount, country VN,
 * additional data 62 / purpose 08, CRC 63.
 */
export function vietQrPayload(input: { bankBin: string; account: string; amountVnd?: number | undefined; memo?: string | undefined }): string {
  const beneficiary = tlv('00', input.bankBin) + tlv('01', input.account);
  const merchant = tlv('00', 'A000000727') + tlv('01', beneficiary) + tlv('02', 'QRIBFTTA');
  let payload = tlv('00', '01') + tlv('01', input.amountVnd ? '12' : '11') + tlv('38', merchant) + tlv('53', '704');
  if (input.amountVnd) payload += tlv('54', String(input.amountVnd));
  payload += tlv('58', 'VN');
  const memo = input.memo ? transferMemo(input.memo) : '';
  if (memo) payload += tlv('62', tlv('08', memo));
  payload += '6304';
  return payload + crc16(payload);
}
