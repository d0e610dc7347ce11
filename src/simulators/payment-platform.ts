// Local simulator of the national payment platform, speaking the protocol of
// src/modules/payments/payments.platform.ts (signed requests, the payment page, the signed server-to-server
// callback and browser return, the status query, the daily reconciliation file, refunds). A separate HTTP server.
//
//   npx tsx src/simulators/payment-platform.ts [port] [merchantCode] [secret]
//   then PAYMENT_PLATFORM_URL=http://127.0.0.1:{port} PAYMENT_MERCHANT_CODE=… PAYMENT_MERCHANT_SECRET=…
//
//   POST /api/orders                 create an order (signed) → { orderId, token, payUrl }
//   GET  /pay/{token}                the payment page: a bank or e-wallet, Pay or Cancel (plain HTML, no JavaScript)
//   POST /pay/{token}                pays or cancels: the callback to callbackUrl, then 303 to returnUrl (signed)
//   POST /api/orders/query           the order's status (signed)
//   GET  /api/reconciliation         ?merchantCode&date&timestamp&signature → CSV of that day's transactions
//   POST /api/refunds                refunds a paid order
import { randomBytes, randomInt } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { errorStatus, listen, readBody, sendJson } from './http.ts';
import { hmacHex, signFields, validSignature, type WireFields } from '../modules/payments/payments.platform.ts';
import { vietnamDate } from '../core/time.ts';

export interface SimulatedOrder {
  orderId: string;
  token: string;
  dossierCode: string;
  amount: number;
  lines: Array<{ label: string; kind: string; amountVnd: number }>;
  description: string;
  returnUrl: string;
  callbackUrl: string;
  expiresAt: string;
  status: 'pending' | 'paid' | 'cancelled' | 'refunded';
  transactionId: string | null;
  paidAt: string | null;
  bankCode: string | null;
  refundId: string | null;
  /** Callbacks attempted and their HTTP status (0: not delivered). */
  callbacks: number[];
}

export interface ReconciliationEntry {
  transactionId: string;
  orderId: string;
  amount: number;
  status: string;
  paidAt: string;
  bankCode: string;
}

/** Sends a callback (default: an HTTP POST of JSON); answers the HTTP status. Tests may deliver in-process. */
export type CallbackSender = (url: string, body: WireFields) => Promise<number>;

export interface PaymentPlatformSimulator {
  url: string;
  merchantCode: string;
  secret: string;
  orders(): SimulatedOrder[];
  order(orderId: string): SimulatedOrder | undefined;
  /** Pays an order as the page would (bank code), sending the callback unless `callback: false`; answers the signed callback fields. */
  pay(orderId: string, options?: { bankCode?: string; callback?: boolean }): Promise<WireFields>;
  /** The signed callback fields of the order's current state (to replay, or tamper with, in tests). */
  callbackFields(orderId: string): WireFields;
  /** A line added to a day's reconciliation file (e.g. a transaction we never heard of). */
  addReconciliationLine(day: string, entry: ReconciliationEntry): void;
  /** Callbacks are not sent (the "callback never came" case) until set back to true. */
  setCallbacks(enabled: boolean): void;
  setSender(sender: CallbackSender): void;
  close(): Promise<void>;
}

export const BANKS: ReadonlyArray<{ code: string; name: string; kind: 'bank' | 'wallet' }> = [
  { code: 'VCB', name: 'Vietcombank', kind: 'bank' },
  { code: 'BIDV', name: 'BIDV', kind: 'bank' },
  { code: 'CTG', name: 'VietinBank', kind: 'bank' },
  { code: 'AGRIBANK', name: 'Agribank', kind: 'bank' },
  { code: 'MOMO', name: 'Ví MoMo', kind: 'wallet' },
  { code: 'ZALOPAY', name: 'ZaloPay', kind: 'wallet' },
  { code: 'VNPTPAY', name: 'VNPT Money', kind: 'wallet' },
];

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const vnd = (n: number) => `${n.toLocaleString('vi-VN')} ₫`;

const defaultSender: CallbackSender = async (url, body) => {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    return response.status;
  } catch {
    return 0;
  }
};

export async function startPaymentPlatformSimulator(options: { port?: number; host?: string; merchantCode?: string; secret?: string; sender?: CallbackSender } = {}): Promise<PaymentPlatformSimulator> {
  const merchantCode = options.merchantCode ?? `DVC${randomBytes(3).toString('hex').toUpperCase()}`;
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const host = options.host ?? '127.0.0.1';
  const orders = new Map<string, SimulatedOrder>();
  const byToken = new Map<string, SimulatedOrder>();
  const extraLines = new Map<string, ReconciliationEntry[]>();
  let callbacksEnabled = true;
  let sender = options.sender ?? defaultSender;
  let base = '';

  const json = sendJson;
  const signed = (fields: WireFields) => signFields(secret, { merchantCode, ...fields });

  const stateFields = (order: SimulatedOrder): WireFields => ({
    orderId: order.orderId,
    transactionId: order.transactionId ?? '',
    amount: String(order.amount),
    status: order.status,
    paidAt: order.paidAt ?? '',
    bankCode: order.bankCode ?? '',
  });

  const callback = async (order: SimulatedOrder) => {
    if (!callbacksEnabled) return;
    order.callbacks.push(await sender(order.callbackUrl, signed(stateFields(order))));
  };

  const settle = (order: SimulatedOrder, decision: 'pay' | 'cancel', bankCode: string | null) => {
    if (order.status !== 'pending') return;
    if (decision === 'pay') {
      order.status = 'paid';
      order.transactionId = `SIM${Date.now()}${randomInt(100000, 999999)}`;
      order.paidAt = new Date().toISOString();
      order.bankCode = bankCode;
    } else order.status = 'cancelled';
  };

  const page = (order: SimulatedOrder, error?: string) => {
    const lines = order.lines.map((l) => `<tr><td>${escapeHtml(l.label)}</td><td>${l.kind === 'phi' ? 'Phí' : 'Lệ phí'}</td><td class="num">${vnd(l.amountVnd)}</td></tr>`).join('');
    const choice = (kind: 'bank' | 'wallet') =>
      BANKS.filter((b) => b.kind === kind)
        .map((b) => `<div><input type="radio" name="bank" id="bank-${b.code}" value="${b.code}"><label for="bank-${b.code}">${escapeHtml(b.name)}</label></div>`)
        .join('');
    const closed = order.status !== 'pending';
    return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thanh toán (mô phỏng) — ${escapeHtml(order.dossierCode)}</title>
<style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.4rem;text-align:left}.num{text-align:right}.error{color:#b00;font-weight:bold}fieldset{margin:1rem 0}</style></head>
<body><p><strong>Cổng thanh toán (mô phỏng)</strong> · Payment platform simulator</p>
<h1>Thanh toán phí, lệ phí hồ sơ ${escapeHtml(order.dossierCode)}</h1>
<p>Mã đơn / Order: <strong id="order-id">${escapeHtml(order.orderId)}</strong> · ${escapeHtml(order.description)}</p>
<table><thead><tr><th>Khoản</th><th>Loại</th><th class="num">Số tiền</th></tr></thead><tbody>${lines}</tbody>
<tfoot><tr><th colspan="2">Tổng cộng / Total</th><th class="num" id="amount">${vnd(order.amount)}</th></tr></tfoot></table>
${closed ? `<p id="state">Đơn đã ${order.status === 'paid' ? 'được thanh toán' : 'đóng'} (${order.status}).</p>` : `
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/pay/${order.token}">
<fieldset><legend>Ngân hàng / Bank</legend>${choice('bank')}</fieldset>
<fieldset><legend>Ví điện tử / E-wallet</legend>${choice('wallet')}</fieldset>
<button type="submit" name="decision" value="pay">Thanh toán / Pay</button>
<button type="submit" name="decision" value="cancel">Hủy / Cancel</button>
</form>`}
</body></html>`;
  };

  const server = http.createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const path = url.pathname;
      if (path === '/' && request.method === 'GET') {
        const rows = [...orders.values()]
          .reverse()
          .map((o) => `<li><a href="/pay/${o.token}">${escapeHtml(o.orderId)}</a> — ${escapeHtml(o.dossierCode)} — ${vnd(o.amount)} — ${o.status}</li>`)
          .join('');
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return response.end(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thanh toán (mô phỏng)</title></head><body><h1>Cổng thanh toán (mô phỏng) · Payment platform simulator</h1><p>Merchant: ${escapeHtml(merchantCode)}</p><ul>${rows || '<li>—</li>'}</ul></body></html>`);
      }
      if (path === '/api/orders' && request.method === 'POST') {
        const text = await readBody(request);
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {
          return json(response, 400, { error: 'invalid JSON' });
        }
        if (body.merchantCode !== merchantCode || !validSignature(secret, body)) return json(response, 401, { error: 'bad signature' });
        const orderId = String(body.orderId ?? '');
        const amount = Number(body.amount);
        let lines: SimulatedOrder['lines'];
        try {
          lines = JSON.parse(String(body.lines ?? '[]')) as SimulatedOrder['lines'];
        } catch {
          return json(response, 400, { error: 'lines' });
        }
        if (!/^[A-Z0-9]{6,40}$/.test(orderId) || !Number.isInteger(amount) || amount <= 0 || lines.reduce((s, l) => s + Number(l.amountVnd), 0) !== amount) return json(response, 400, { error: 'invalid order' });
        const existing = orders.get(orderId);
        const order: SimulatedOrder = existing ?? {
          orderId,
          token: randomBytes(16).toString('base64url'),
          dossierCode: String(body.dossierCode ?? ''),
          amount,
          lines,
          description: String(body.description ?? ''),
          returnUrl: String(body.returnUrl ?? ''),
          callbackUrl: String(body.callbackUrl ?? ''),
          expiresAt: String(body.expiresAt ?? ''),
          status: 'pending',
          transactionId: null,
          paidAt: null,
          bankCode: null,
          refundId: null,
          callbacks: [],
        };
        orders.set(orderId, order);
        byToken.set(order.token, order);
        return json(response, 200, signed({ orderId, token: order.token, payUrl: `${base}/pay/${order.token}` }));
      }
      const payMatch = /^\/pay\/([A-Za-z0-9_-]{10,64})$/.exec(path);
      if (payMatch) {
        const order = byToken.get(payMatch[1]!);
        if (!order) {
          response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
          return response.end('<!doctype html><title>Không tìm thấy</title><p>Không tìm thấy đơn thanh toán.</p>');
        }
        if (request.method === 'GET') {
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          return response.end(page(order));
        }
        if (request.method === 'POST') {
          const form = new URLSearchParams(await readBody(request));
          const decision = form.get('decision') === 'cancel' ? 'cancel' : 'pay';
          const bank = form.get('bank') ?? '';
          if (order.status === 'pending' && decision === 'pay' && !BANKS.some((b) => b.code === bank)) {
            response.writeHead(422, { 'content-type': 'text/html; charset=utf-8' });
            return response.end(page(order, 'Vui lòng chọn ngân hàng hoặc ví điện tử. / Please choose a bank or e-wallet.'));
          }
          if (order.status === 'pending') {
            settle(order, decision, decision === 'pay' ? bank : null);
            await callback(order);
          }
          const back = new URL(order.returnUrl);
          for (const [k, v] of Object.entries(signed(stateFields(order)))) back.searchParams.set(k, v);
          response.writeHead(303, { location: back.toString() });
          return response.end();
        }
      }
      if (path === '/api/orders/query' && request.method === 'POST') {
        const body = JSON.parse((await readBody(request)) || '{}') as Record<string, unknown>;
        if (body.merchantCode !== merchantCode || !validSignature(secret, body)) return json(response, 401, { error: 'bad signature' });
        const order = orders.get(String(body.orderId ?? ''));
        if (!order) return json(response, 200, signed({ orderId: String(body.orderId ?? ''), transactionId: '', amount: '0', status: 'not_found', paidAt: '', bankCode: '' }));
        return json(response, 200, signed(stateFields(order)));
      }
      if (path === '/api/reconciliation' && request.method === 'GET') {
        const fields = Object.fromEntries(url.searchParams.entries());
        if (fields.merchantCode !== merchantCode || !validSignature(secret, fields)) return json(response, 401, { error: 'bad signature' });
        const day = fields.date ?? '';
        const rows: ReconciliationEntry[] = [];
        for (const o of orders.values()) {
          if ((o.status === 'paid' || o.status === 'refunded') && o.paidAt && vietnamDate(new Date(o.paidAt)) === day) {
            rows.push({ transactionId: o.transactionId!, orderId: o.orderId, amount: o.amount, status: o.status, paidAt: o.paidAt, bankCode: o.bankCode ?? '' });
          }
        }
        rows.push(...(extraLines.get(day) ?? []));
        const csv = ['transaction_id,order_id,amount,status,paid_at,bank_code', ...rows.map((r) => [r.transactionId, r.orderId, r.amount, r.status, r.paidAt, r.bankCode].join(','))].join('\n') + '\n';
        response.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'x-signature': hmacHex(secret, csv) });
        return response.end(csv);
      }
      if (path === '/api/refunds' && request.method === 'POST') {
        const body = JSON.parse((await readBody(request)) || '{}') as Record<string, unknown>;
        if (body.merchantCode !== merchantCode || !validSignature(secret, body)) return json(response, 401, { error: 'bad signature' });
        const order = orders.get(String(body.orderId ?? ''));
        if (!order || order.status !== 'paid' || order.transactionId !== body.transactionId || String(order.amount) !== body.amount) return json(response, 200, signed({ refundId: '', status: 'refused' }));
        order.status = 'refunded';
        order.refundId = `RF${randomInt(10_000_000, 99_999_999)}`;
        return json(response, 200, signed({ refundId: order.refundId, status: 'refunded' }));
      }
      return json(response, 404, { error: 'not found' });
    } catch (error) {
      return json(response, errorStatus(error, 400), { error: error instanceof Error ? error.message : 'error' });
    }
  });
  const listening = await listen(server, options.port ?? 0, host);
  base = listening.url;

  return {
    url: base,
    merchantCode,
    secret,
    orders: () => [...orders.values()].map((o) => ({ ...o, callbacks: [...o.callbacks] })),
    order: (orderId) => {
      const o = orders.get(orderId);
      return o ? { ...o, callbacks: [...o.callbacks] } : undefined;
    },
    async pay(orderId, opts = {}) {
      const order = orders.get(orderId);
      if (!order) throw new Error(`no simulated order ${orderId}`);
      settle(order, 'pay', opts.bankCode ?? 'VCB');
      if (opts.callback !== false) await callback(order);
      return signed(stateFields(order));
    },
    callbackFields(orderId) {
      const order = orders.get(orderId);
      if (!order) throw new Error(`no simulated order ${orderId}`);
      return signed(stateFields(order));
    },
    addReconciliationLine(day, entry) {
      extraLines.set(day, [...(extraLines.get(day) ?? []), entry]);
    },
    setCallbacks(enabled) {
      callbacksEnabled = enabled;
    },
    setSender(next) {
      sender = next;
    },
    close: listening.close,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.argv[2] ?? 3026);
  const simulator = await startPaymentPlatformSimulator({ port, ...(process.argv[3] ? { merchantCode: process.argv[3] } : {}), ...(process.argv[4] ? { secret: process.argv[4] } : {}) });
  console.log(`Payment platform simulator on ${simulator.url}\n  PAYMENT_PLATFORM_URL=${simulator.url} PAYMENT_MERCHANT_CODE=${simulator.merchantCode} PAYMENT_MERCHANT_SECRET=${simulator.secret}`);
}
