// A local simulator of the national document exchange (trục liên thông văn bản quốc gia) for tests and the demo.
// It speaks the protocol of src/modules/docexchange/docexchange.adapter.ts:
//   POST /edocs            Authorization: Bearer {token}; headers x-edxml-type (eDoc | Status) and x-edxml-to
//                          (comma-separated OrganIds); body: the edXML envelope → {ErrorCode: 0, Id}. The exchange
//                          routes by the headers and never reads the body (as the real one: the envelope is the
//                          parties' business); the sender is the token's organisation.
//   GET  /edocs?type=eDoc  the caller's mailbox: {ErrorCode: 0, data: [{Id, From, Type, Size, Created}]}
//   GET  /edocs/{id}       one message of the caller's mailbox (application/xml)
//   POST /edocs/{id}/done  taken: removed from the caller's mailbox
// Besides the platforms with accounts (OpenDVC), it plays agencies that are not on OpenDVC ("external agencies",
// each with its own Ed25519 key): a package sent to one is answered with status messages — received (01), assigned
// (04), completed (06, with a result PDF) — on request (`respond`, POST /control/respond) or by itself after
// `autoRespondMs` (the demo). `send` makes one of them send a package to a platform; `inject` puts any bytes in a
// mailbox (the tests' broken envelopes). GET / lists the mailboxes; GET /control/agencies the agencies' keys.
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { generateSigningKey, signerOf } from '../modules/docexchange/docexchange.crypto.ts';
import { buildEnvelope, parseEnvelope, type Attachment, type PackageMessage, type StatusCode, type StatusMessage } from '../modules/docexchange/docexchange.rules.ts';
import { errorStatus, listen, readBody, sendJson } from './http.ts';

export interface ExchangeAccount {
  organId: string;
  organName: string;
  token: string;
}

export interface ExternalAgency {
  organId: string;
  organName: string;
  publicKey: string;
}

interface Stored {
  id: string;
  from: string;
  to: string;
  type: 'eDoc' | 'Status';
  body: string;
  created: string;
}

export interface DocExchangeSimulator {
  url: string;
  accounts: ExchangeAccount[];
  agencies: ExternalAgency[];
  /** Messages waiting in an organisation's mailbox. */
  mailbox(organId: string): Array<Omit<Stored, 'body'> & { body: string }>;
  /**
   * An external agency answers about a package in its mailbox (by exchange id or edXML DocumentId) with these
   * statuses; the 06 carries a one-page result PDF unless `result` gives its attachments (none: []).
   */
  respond(organId: string, packageId: string, codes?: StatusCode[], options?: { description?: string; result?: Attachment[] }): number;
  /** An external agency sends a package to `to`; `tamper` breaks its signature after signing. Returns the DocumentId. */
  send(organId: string, to: { organId: string; organName: string }, options?: { subject?: string; tamper?: 'signature'; signedClaim?: boolean; pdf?: Buffer }): string;
  /** Puts raw bytes in a mailbox as if `from` had sent them. */
  inject(from: string, to: string, type: 'eDoc' | 'Status', body: string): string;
  close(): Promise<void>;
}

/** A one-page PDF saying `line` (the external agency's result file; unsigned: the envelope is what is signed). */
export function simplePdf(line: string): Buffer {
  const text = line.replace(/[^\x20-\x7e]/g, '?').replace(/[()\\]/g, '');
  const stream = `BT /F1 14 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const esc = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const DEFAULT_AGENCIES = [
  { organId: '000.00.00.H29.STNMT', organName: 'Sở Tài nguyên và Môi trường (hệ thống ngoài OpenDVC)' },
  { organId: '000.00.00.H29.CT', organName: 'Cục Thuế tỉnh (hệ thống ngoài OpenDVC)' },
];

export async function startDocExchangeSimulator(
  options: {
    accounts?: Array<{ organId: string; organName: string; token?: string }>;
    agencies?: Array<{ organId: string; organName: string }>;
    /** The external agencies answer by themselves after this many milliseconds (the demo); absent: only on request. */
    autoRespondMs?: number;
    port?: number;
    maxBytes?: number;
  } = {},
): Promise<DocExchangeSimulator> {
  const maxBytes = options.maxBytes ?? 40 * 1024 * 1024;
  const accounts: ExchangeAccount[] = (options.accounts ?? [{ organId: '000.00.00.OPENDVC', organName: 'OpenDVC' }]).map((a) => ({ ...a, token: a.token ?? randomBytes(18).toString('base64url') }));
  const keys = new Map<string, { organName: string; sign: (bytes: Buffer) => string; publicKey: string }>();
  for (const a of options.agencies ?? DEFAULT_AGENCIES) {
    const pair = generateSigningKey();
    keys.set(a.organId, { organName: a.organName, sign: signerOf(pair.privateKey), publicKey: pair.publicKey });
  }
  const agencies: ExternalAgency[] = [...keys].map(([organId, k]) => ({ organId, organName: k.organName, publicKey: k.publicKey }));
  const boxes = new Map<string, Stored[]>();
  const timers = new Set<NodeJS.Timeout>();
  const deliver = (from: string, to: string, type: 'eDoc' | 'Status', body: string): string => {
    const id = randomUUID();
    const box = boxes.get(to) ?? [];
    box.push({ id, from, to, type, body, created: new Date().toISOString() });
    boxes.set(to, box);
    // A package to an external agency: it answers by itself in the demo.
    if (type === 'eDoc' && keys.has(to) && options.autoRespondMs !== undefined) {
      const codes: StatusCode[] = ['01', '04', '06'];
      codes.forEach((code, i) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          try {
            respond(to, id, [code]);
          } catch {
            // A broken package: the agency says nothing (the real ones would refuse it).
          }
        }, options.autoRespondMs! * (i + 1));
        timer.unref();
        timers.add(timer);
      });
    }
    return id;
  };

  const respond = (organId: string, packageId: string, codes: StatusCode[] = ['01', '04', '06'], extra: { description?: string; result?: Attachment[] } = {}): number => {
    const agency = keys.get(organId);
    if (!agency) throw new Error(`no external agency ${organId}`);
    const stored = (boxes.get(organId) ?? []).find((m) => m.id === packageId) ?? (boxes.get(organId) ?? []).find((m) => m.body.includes(packageId));
    if (!stored) throw new Error(`no package ${packageId} in ${organId}'s mailbox`);
    const parsed = parseEnvelope(stored.body).message;
    if (parsed.kind !== 'package') throw new Error('not a package');
    let sent = 0;
    for (const code of codes) {
      const attachments: Attachment[] =
        code === '06'
          ? extra.result ?? [{ contentId: 'ketqua', contentType: 'application/pdf', name: `ket-qua-${parsed.codeNumber}.pdf`, description: 'Kết quả giải quyết', signed: false, bytes: simplePdf(`Ket qua giai quyet ${parsed.dossier?.dossierCode ?? parsed.codeNotation}`) }]
          : [];
      const status: StatusMessage = {
        kind: 'status',
        responseFor: { organId: parsed.from.organId, documentId: parsed.documentId, code: parsed.codeNotation, promulgationDate: parsed.promulgationDate },
        from: { organId, organName: agency.organName },
        statusCode: code,
        description: extra.description ?? { '01': 'Đã nhận văn bản', '02': 'Từ chối tiếp nhận', '03': 'Đã vào sổ', '04': 'Đã phân công xử lý', '05': 'Đang xử lý', '06': 'Đã giải quyết xong' }[code],
        staffName: 'Chuyên viên xử lý',
        department: 'Phòng chuyên môn',
        timestamp: new Date().toISOString(),
        attachments,
      };
      deliver(organId, parsed.from.organId, 'Status', buildEnvelope(status, agency.sign));
      sent++;
    }
    return sent;
  };

  // The agencies' document numbers: consecutive from a random start, so that two packages of one simulator are never
  // the same document (same issuer, number and date: the incoming register's duplicate) by chance.
  let sequence = Math.floor(Math.random() * 800);
  const send: DocExchangeSimulator['send'] = (organId, to, extra = {}) => {
    const agency = keys.get(organId);
    if (!agency) throw new Error(`no external agency ${organId}`);
    const documentId = randomUUID();
    const now = new Date();
    const message: PackageMessage = {
      kind: 'package',
      documentId,
      from: { organId, organName: agency.organName },
      to: [to],
      codeNumber: String(100 + (sequence++ % 800)),
      codeNotation: 'STNMT-VP',
      place: 'Hà Nội',
      promulgationDate: now.toISOString().slice(0, 10),
      documentType: 'official_letter',
      typeName: 'Công văn',
      subject: extra.subject ?? 'Về việc phối hợp giải quyết hồ sơ liên thông',
      content: '',
      signerName: 'Nguyễn Văn Giám Đốc',
      priority: 'normal',
      dueDate: null,
      steeringType: 0,
      toPlaces: [to.organName],
      pageAmount: 1,
      dossier: null,
      sentAt: now.toISOString(),
      attachments: [{ contentId: 'vanban', contentType: 'application/pdf', name: 'cong-van.pdf', description: 'Văn bản', signed: extra.signedClaim ?? false, bytes: extra.pdf ?? simplePdf('Cong van') }],
    };
    let body = buildEnvelope(message, agency.sign);
    if (extra.tamper === 'signature') body = body.replace(/<edXML:Subject>[^<]*</, '<edXML:Subject>Nội dung đã bị sửa<');
    deliver(organId, to.organId, 'eDoc', body);
    return documentId;
  };

  const accountOf = (request: http.IncomingMessage) => {
    const header = request.headers.authorization ?? '';
    return accounts.find((a) => header === `Bearer ${a.token}`) ?? null;
  };

  const server = http.createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (request.method === 'GET' && url.pathname === '/') {
        const rows = [...boxes].flatMap(([box, list]) => list.map((m) => `<tr><td>${esc(box)}</td><td>${esc(m.from)}</td><td>${m.type}</td><td>${m.created}</td><td>${m.id}</td></tr>`));
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(
          `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Trục liên thông văn bản (mô phỏng)</title></head><body><h1>Trục liên thông văn bản quốc gia — mô phỏng</h1>` +
            `<h2>Cơ quan ngoài OpenDVC</h2><ul>${agencies.map((a) => `<li>${esc(a.organId)} — ${esc(a.organName)} <form method="post" action="/control/send" style="display:inline"><input type="hidden" name="organId" value="${esc(a.organId)}"><button type="submit">Gửi một công văn thử đến ${esc(accounts[0]?.organName ?? '')}</button></form></li>`).join('')}</ul>` +
            `<h2>Hộp thư</h2><table><tr><th>Hộp thư</th><th>Gửi từ</th><th>Loại</th><th>Lúc</th><th>Mã</th></tr>${rows.join('')}</table></body></html>`,
        );
        return;
      }
      if (request.method === 'GET' && url.pathname === '/control/agencies') return sendJson(response, 200, { agencies });
      if (request.method === 'POST' && url.pathname === '/control/send') {
        // The demo page's button (a form) or a test (JSON): one package from an external agency to the first platform.
        const raw = await readBody(request);
        const organId = (request.headers['content-type'] ?? '').includes('json') ? String((JSON.parse(raw) as { organId?: unknown }).organId) : (new URLSearchParams(raw).get('organId') ?? '');
        const target = accounts[0]!;
        const documentId = send(organId, { organId: target.organId, organName: target.organName });
        if ((request.headers['content-type'] ?? '').includes('json')) return sendJson(response, 200, { documentId });
        response.writeHead(303, { location: '/' });
        response.end();
        return;
      }
      if (request.method === 'POST' && url.pathname === '/control/respond') {
        const body = JSON.parse(await readBody(request)) as { organId?: string; id?: string; codes?: StatusCode[] };
        return sendJson(response, 200, { sent: respond(String(body.organId), String(body.id), body.codes) });
      }
      const account = accountOf(request);
      if (!account) return sendJson(response, 401, { ErrorCode: 401, ErrorDesc: 'Unauthorized' });
      if (request.method === 'POST' && url.pathname === '/edocs') {
        const type = request.headers['x-edxml-type'];
        const to = String(request.headers['x-edxml-to'] ?? '').split(',').map((t) => t.trim()).filter(Boolean);
        if (type !== 'eDoc' && type !== 'Status') return sendJson(response, 400, { ErrorCode: 400, ErrorDesc: 'x-edxml-type must be eDoc or Status' });
        const known = new Set([...accounts.map((a) => a.organId), ...keys.keys()]);
        const unknown = to.filter((t) => !known.has(t));
        if (!to.length || unknown.length) return sendJson(response, 422, { ErrorCode: 422, ErrorDesc: `unknown recipient ${unknown.join(', ') || '(none)'}` });
        const body = await readBody(request, maxBytes);
        const ids = to.map((t) => deliver(account.organId, t, type, body));
        return sendJson(response, 200, { ErrorCode: 0, Id: ids[0], Ids: ids });
      }
      if (request.method === 'GET' && url.pathname === '/edocs') {
        const type = url.searchParams.get('type');
        const list = (boxes.get(account.organId) ?? []).filter((m) => !type || m.type === type);
        return sendJson(response, 200, { ErrorCode: 0, data: list.map((m) => ({ Id: m.id, From: m.from, Type: m.type, Size: Buffer.byteLength(m.body), Created: m.created })) });
      }
      const match = /^\/edocs\/([0-9a-f-]{36})(\/done)?$/.exec(url.pathname);
      if (match) {
        const box = boxes.get(account.organId) ?? [];
        const index = box.findIndex((m) => m.id === match[1]);
        if (index < 0) return sendJson(response, 404, { ErrorCode: 404, ErrorDesc: 'not found' });
        if (request.method === 'GET' && !match[2]) {
          response.writeHead(200, { 'content-type': 'application/xml; charset=utf-8', 'x-edxml-from': box[index]!.from, 'x-edxml-type': box[index]!.type });
          response.end(box[index]!.body);
          return;
        }
        if (request.method === 'POST' && match[2]) {
          box.splice(index, 1);
          return sendJson(response, 200, { ErrorCode: 0 });
        }
      }
      sendJson(response, 404, { ErrorCode: 404, ErrorDesc: 'not found' });
    } catch (error) {
      sendJson(response, errorStatus(error, 400), { ErrorCode: 400, ErrorDesc: (error as Error).message });
    }
  });
  const listening = await listen(server, options.port ?? 0);
  return {
    url: listening.url,
    accounts,
    agencies,
    mailbox: (organId) => [...(boxes.get(organId) ?? [])],
    respond,
    send,
    inject: (from, to, type, body) => deliver(from, to, type, body),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      await listening.close();
    },
  };
}
