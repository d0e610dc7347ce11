// Local simulator of the public postal service, speaking the protocol of src/modules/postal/postal.adapter.ts from
// the other side: it creates shipments (postage, S10 tracking number) and sends signed tracking webhooks to each
// shipment's callback URL when it is pushed to its next state — from its control page (for the demo and the browser
// journey) or its API (for the tests).
//
//   npx tsx src/simulators/postal.ts [port] [webhook secret] [token]
//     then POSTAL_URL=http://127.0.0.1:{port} POSTAL_WEBHOOK_SECRET={secret} POSTAL_TOKEN={token}
//
//   POST /shipments                        create (bearer token when one is set; Idempotency-Key honoured)
//   GET  /shipments                        every shipment with its events (JSON)
//   GET  /shipments/{tracking}             one shipment
//   POST /shipments/{tracking}/advance     {"outcome": "delivered"|"failed", "reason"?}: next state + webhook
//   POST /shipments/{tracking}/resend      sends the last event's webhook again (a replay)
//   GET  /                                 the control page (HTML): every shipment, a button per next state
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { errorStatus, listen, readBody, sendJson } from './http.ts';

export type SimulatedStatus = 'created' | 'accepted' | 'in_transit' | 'delivered' | 'failed';

export interface SimulatedEvent {
  eventId: string;
  trackingNumber: string;
  status: Exclude<SimulatedStatus, 'created'>;
  reason?: string;
  occurredAt: string;
}

export interface SimulatedParty {
  name: string;
  provinceCode: string;
  phone?: string;
  street?: string;
  communeCode?: string;
}

/** The applicant's end of a shipment (the full address the post goes to or picks up from). */
function fullAddress(p: Partial<SimulatedParty> | undefined): boolean {
  return typeof p?.name === 'string' && typeof p.phone === 'string' && typeof p.street === 'string' && /^[0-9]{2}$/.test(String(p.provinceCode)) && /^[0-9]{5}$/.test(String(p.communeCode));
}

/** The agency's end: a name and a province. */
function agencyEnd(p: Partial<SimulatedParty> | undefined): boolean {
  return typeof p?.name === 'string' && /^[0-9]{2}$/.test(String(p.provinceCode));
}

export interface SimulatedShipment {
  trackingNumber: string;
  kind: 'dossier' | 'result';
  reference: string;
  callbackUrl: string;
  weightGrams: number;
  postageVnd: number;
  /** A result: the agency {name, provinceCode}; a dossier picked up: the applicant's full address. */
  sender: SimulatedParty;
  /** A result: the applicant's full address; a dossier: the agency {name, provinceCode}. */
  recipient: SimulatedParty;
  status: SimulatedStatus;
  events: SimulatedEvent[];
  /** HTTP status of each webhook delivery (0: not reached). */
  deliveries: number[];
}

/** Sends one webhook; the default POSTs it over HTTP. Tests may route it elsewhere (app.inject). */
export type WebhookSender = (url: string, body: string, headers: Record<string, string>) => Promise<number>;

export interface PostalSimulator {
  url: string;
  token: string | undefined;
  secret: string;
  shipments(): SimulatedShipment[];
  /** Pushes a shipment to its next state and sends the webhook; answers the event and the webhook's HTTP status. */
  advance(trackingNumber: string, outcome?: 'delivered' | 'failed', reason?: string): Promise<{ event: SimulatedEvent; delivered: number } | null>;
  resend(trackingNumber: string): Promise<number | null>;
  close(): Promise<void>;
}

const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7];

function s10(serial: number): string {
  const digits = String(serial).padStart(8, '0');
  const sum = [...digits].reduce((total, d, i) => total + Number(d) * WEIGHTS[i]!, 0);
  const check = 11 - (sum % 11);
  return `RR${digits}${check === 10 ? 0 : check === 11 ? 5 : check}VN`;
}

/** Postage (VND): 16.500 ₫ up to 100 g within a province, 22.000 ₫ between provinces, +4.500 ₫ per further 100 g (a demo tariff). */
export function postage(weightGrams: number, sameProvince: boolean): number {
  const base = sameProvince ? 16_500 : 22_000;
  return base + Math.max(0, Math.ceil(weightGrams / 100) - 1) * 4_500;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const LABELS: Record<SimulatedStatus, string> = {
  created: 'Đã tạo',
  accepted: 'Bưu cục đã nhận',
  in_transit: 'Đang vận chuyển',
  delivered: 'Đã phát thành công',
  failed: 'Phát không thành công',
};

const httpSender: WebhookSender = async (url, body, headers) => {
  try {
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
};

export async function startPostalSimulator(options: { port?: number; host?: string; token?: string; secret: string; send?: WebhookSender }): Promise<PostalSimulator> {
  const shipments = new Map<string, SimulatedShipment>();
  const byKey = new Map<string, string>();
  let serial = 10_000_000 + Math.floor(Math.random() * 80_000_000);
  const send = options.send ?? httpSender;

  const deliver = async (shipment: SimulatedShipment, event: SimulatedEvent): Promise<number> => {
    const body = JSON.stringify(event);
    const signature = `sha256=${createHmac('sha256', options.secret).update(body).digest('hex')}`;
    const status = await send(shipment.callbackUrl, body, { 'content-type': 'application/json', 'x-postal-signature': signature });
    shipment.deliveries.push(status);
    return status;
  };

  const advance: PostalSimulator['advance'] = async (trackingNumber, outcome = 'delivered', reason) => {
    const shipment = shipments.get(trackingNumber);
    if (!shipment) return null;
    const next = shipment.status === 'created' ? 'accepted' : shipment.status === 'accepted' ? 'in_transit' : shipment.status === 'in_transit' ? outcome : null;
    if (!next) return null;
    shipment.status = next;
    const event: SimulatedEvent = {
      eventId: randomUUID(),
      trackingNumber,
      status: next,
      ...(next === 'failed' ? { reason: reason || 'Không liên lạc được với người nhận' } : {}),
      occurredAt: new Date().toISOString(),
    };
    shipment.events.push(event);
    return { event, delivered: await deliver(shipment, event) };
  };

  const resend = async (trackingNumber: string): Promise<number | null> => {
    const shipment = shipments.get(trackingNumber);
    const last = shipment?.events.at(-1);
    return shipment && last ? await deliver(shipment, last) : null;
  };

  const json = sendJson;

  const page = () => {
    const rows = [...shipments.values()]
      .reverse()
      .map((s) => {
        const buttons =
          s.status === 'created'
            ? [['delivered', 'Nhận bưu gửi (accepted)']]
            : s.status === 'accepted'
              ? [['delivered', 'Vận chuyển (in transit)']]
              : s.status === 'in_transit'
                ? [
                    ['delivered', 'Phát thành công (delivered)'],
                    ['failed', 'Phát không thành công (failed)'],
                  ]
                : [];
        const forms = buttons
          .map(([outcome, label]) => `<form method="post" action="/control/${s.trackingNumber}"><input type="hidden" name="outcome" value="${outcome}"><button type="submit">${escapeHtml(label!)}</button></form>`)
          .join(' ');
        return `<tr><td><code>${s.trackingNumber}</code></td><td>${escapeHtml(s.reference)}</td><td>${s.kind}</td><td>${escapeHtml(s.recipient.name)}</td><td>${s.postageVnd.toLocaleString('vi-VN')} ₫</td><td data-status="${s.status}">${escapeHtml(LABELS[s.status])}</td><td>${forms}</td></tr>`;
      })
      .join('\n');
    return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Mô phỏng bưu chính công ích</title></head><body>
<h1>Mô phỏng dịch vụ bưu chính công ích</h1>
<p>Đẩy bưu gửi sang trạng thái tiếp theo; mỗi bước gửi một thông báo có chữ ký đến hệ thống.</p>
<table border="1" cellpadding="4"><thead><tr><th>Mã bưu gửi</th><th>Mã hồ sơ</th><th>Loại</th><th>Người nhận</th><th>Cước</th><th>Trạng thái</th><th></th></tr></thead>
<tbody>${rows || '<tr><td colspan="7">Chưa có bưu gửi.</td></tr>'}</tbody></table></body></html>`;
  };

  const server = http.createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname === '/' && request.method === 'GET') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return response.end(page());
      }
      const control = /^\/control\/([A-Z0-9]{13})$/.exec(url.pathname);
      if (control && request.method === 'POST') {
        const form = new URLSearchParams(await readBody(request));
        await advance(control[1]!, form.get('outcome') === 'failed' ? 'failed' : 'delivered', form.get('reason') ?? undefined);
        response.writeHead(303, { location: '/' });
        return response.end();
      }
      if (options.token && request.headers.authorization !== `Bearer ${options.token}`) return json(response, 401, { error: 'unauthorized' });
      if (url.pathname === '/shipments' && request.method === 'GET') return json(response, 200, { items: [...shipments.values()] });
      if (url.pathname === '/shipments' && request.method === 'POST') {
        const text = await readBody(request);
        let body: Partial<SimulatedShipment>;
        try {
          body = JSON.parse(text) as Partial<SimulatedShipment>;
        } catch {
          return json(response, 400, { error: 'invalid JSON' });
        }
        const r = body.recipient;
        // A result goes from the agency to the applicant's address; a dossier is picked up at the applicant's.
        const ends = body.kind === 'dossier' ? fullAddress(body.sender) && agencyEnd(r) : agencyEnd(body.sender) && fullAddress(r);
        const valid =
          (body.kind === 'dossier' || body.kind === 'result') &&
          typeof body.reference === 'string' &&
          typeof body.callbackUrl === 'string' &&
          /^https?:\/\//.test(body.callbackUrl) &&
          Number.isInteger(body.weightGrams) &&
          body.weightGrams! > 0 &&
          body.weightGrams! <= 30_000 &&
          ends;
        if (!valid) return json(response, 422, { error: 'expected {kind, reference, callbackUrl, weightGrams, sender, recipient}' });
        const key = typeof request.headers['idempotency-key'] === 'string' ? request.headers['idempotency-key'] : null;
        const known = key ? shipments.get(byKey.get(key) ?? '') : undefined;
        if (known) return json(response, 201, { trackingNumber: known.trackingNumber, postageVnd: known.postageVnd, status: known.status });
        serial += 1;
        const shipment: SimulatedShipment = {
          trackingNumber: s10(serial),
          kind: body.kind!,
          reference: body.reference!,
          callbackUrl: body.callbackUrl!,
          weightGrams: body.weightGrams!,
          postageVnd: postage(body.weightGrams!, body.sender!.provinceCode === r!.provinceCode),
          sender: body.sender!,
          recipient: r!,
          status: 'created',
          events: [],
          deliveries: [],
        };
        shipments.set(shipment.trackingNumber, shipment);
        if (key) byKey.set(key, shipment.trackingNumber);
        return json(response, 201, { trackingNumber: shipment.trackingNumber, postageVnd: shipment.postageVnd, status: shipment.status });
      }
      const one = /^\/shipments\/([A-Z0-9]{13})(\/advance|\/resend)?$/.exec(url.pathname);
      if (one && !one[2] && request.method === 'GET') {
        const shipment = shipments.get(one[1]!);
        return shipment ? json(response, 200, shipment) : json(response, 404, { error: 'not found' });
      }
      if (one && one[2] === '/advance' && request.method === 'POST') {
        const body = JSON.parse((await readBody(request)) || '{}') as { outcome?: string; reason?: string };
        const done = await advance(one[1]!, body.outcome === 'failed' ? 'failed' : 'delivered', body.reason);
        return done ? json(response, 200, done) : json(response, 409, { error: 'no next state' });
      }
      if (one && one[2] === '/resend' && request.method === 'POST') {
        const status = await resend(one[1]!);
        return status === null ? json(response, 409, { error: 'nothing to resend' }) : json(response, 200, { delivered: status });
      }
      return json(response, 404, { error: 'not found' });
    } catch (error) {
      return json(response, errorStatus(error, 400), { error: error instanceof Error ? error.message : 'error' });
    }
  });
  const listening = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url: listening.url,
    token: options.token,
    secret: options.secret,
    shipments: () => [...shipments.values()].map((s) => structuredClone(s)),
    advance,
    resend,
    close: listening.close,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.argv[2] ?? 3026);
  const secret = process.argv[3] ?? 'postal-simulator-secret';
  const token = process.argv[4];
  const simulator = await startPostalSimulator({ port, secret, ...(token ? { token } : {}) });
  console.log(`Postal service simulator listening on ${simulator.url} (control page: ${simulator.url}/, webhook secret "${secret}")`);
}
