// Local simulator of the National Public Service Portal (Cổng Dịch vụ công quốc gia), the dossier exchange side
// (issue 13): a citizen picks a procedure on its small Vietnamese UI, fills a few fields, attaches a file and
// submits; the portal delivers the dossier to the agency's system (our POST /api/national-portal/dossiers) with the
// agency's token, the national dossier code (MaHoSo), the form data and the files with their SHA-256 (fetched by the
// agency from DuongDanTaiTepTin). The agency then reports every step back: it obtains a session from
// /api/auth with its account, and pushes progress (CapNhatTienDoHoSoMC) and status (DongBoHoSoMC, isUpdating)
// messages, each with a message id applied once; the tracking page of a dossier lists every message received,
// marking duplicates and out-of-order ones. The catalog endpoints live in national-portal.catalog.ts.
//
//   npx tsx src/simulators/national-portal.ts [port] [agency inbound URL] [inbound token] [username] [password]
//
//   GET  /                              the citizen's form (HTML)           POST /nop-ho-so   submit (multipart)
//   GET  /ho-so/{MaHoSo}                the tracking page (HTML)
//   GET  /files/{id}                    a submitted file (the id is the capability)
//   POST /api/auth                      {username, password} → {error_code: "0", session}
//   POST /api/CapNhatTienDoHoSoMC       progress (Authorization: Bearer {session})
//   POST /api/DongBoHoSoMC              status updates {isUpdating: true, data: [...]}
//   POST /api/TraCuuHoSo                {MaHoSo} → the dossier as the portal knows it
//   GET  /__test/messages               every message received (JSON); POST /__test/refuse-next {reason}; /__test/down; /__test/up
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { VIETNAM_OFFSET_MS } from '../core/time.ts';
import { handleCatalogRequest } from './national-portal.catalog.ts';
import { BodyTooLarge, errorStatus, listen, readBody, sendJson } from './http.ts';

export interface PortalProcedure {
  code: string;
  name: string;
}

export interface PortalFile {
  id: string;
  name: string;
  mediaType: string;
  sha256: string;
  bytes: Buffer;
}

/** One message the agency sent back (progress or status), as received. */
export interface ReceivedMessage {
  messageId: string;
  service: 'CapNhatTienDoHoSoMC' | 'DongBoHoSoMC';
  nationalCode: string;
  sequence: number | null;
  body: Record<string, unknown>;
  receivedAt: string;
  /** Applied to the dossier (first time this id was seen and the dossier is known). */
  applied: boolean;
  duplicate: boolean;
  /** Its sequence is not above the highest applied one of the dossier. */
  outOfOrder: boolean;
  /** The portal refused it (refuse-next), with this reason. */
  refused: string | null;
}

export interface PortalDossier {
  nationalCode: string;
  procedureCode: string;
  procedureName: string;
  applicant: { fullName: string; personalId: string; phone: string; email: string; address: string };
  content: string;
  files: PortalFile[];
  submittedAt: string;
  /** Submitted here ('portal'), or a dossier of the agency's own portal that it pushed here ('agency'). */
  origin: 'portal' | 'agency';
  /** The national status code last reported by the agency (1 until then). */
  status: number;
  /** The agency's answer to the delivery: error_code and message (null: not reached). */
  delivery: { errorCode: string; message: string } | null;
  deliveries: number;
  messages: ReceivedMessage[];
}

export interface SubmitInput {
  procedureCode: string;
  fullName: string;
  personalId: string;
  phone?: string;
  email?: string;
  address?: string;
  content?: string;
  file?: { name: string; mediaType?: string; bytes: Buffer };
  /** Announce this hash instead of the file's (a test of the agency's check). */
  announcedSha256?: string;
  /** Reuse an earlier national code (the same dossier delivered again). */
  nationalCode?: string;
}

/** Sends the dossier to the agency; the default POSTs over HTTP. Tests may route it through app.inject. */
export type DossierSender = (url: string, body: string, headers: Record<string, string>) => Promise<{ status: number; text: string }>;

export interface NationalPortalSimulator {
  url: string;
  username: string;
  password: string;
  inboundToken: string;
  dossiers(): PortalDossier[];
  dossier(nationalCode: string): PortalDossier | null;
  messages(): ReceivedMessage[];
  /** Submits as a citizen would and delivers to the agency. */
  submit(input: SubmitInput): Promise<PortalDossier>;
  /** Delivers a dossier to the agency again (a retry by the portal). */
  redeliver(nationalCode: string): Promise<PortalDossier | null>;
  /** The next progress/status message is refused with this reason. */
  refuseNext(reason: string): void;
  /** Down: every API connection is dropped without an answer. */
  setDown(down: boolean): void;
  /** Forgets every session this simulator gave (an expiry): the next call answers 401. */
  forgetSessions(): void;
  /** The agency's inbound endpoint (set after start when the app listens later). */
  setAgency(url: string, token?: string): void;
  close(): Promise<void>;
}

/** Sessions of every simulator in this process (the catalog endpoints check them too). */
const sessions = new Set<string>();

/** Whether the request carries a session obtained from /api/auth (Authorization: Bearer, or a `session` header). */
export function checkSession(req: http.IncomingMessage): boolean {
  const auth = req.headers.authorization;
  const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : typeof req.headers.session === 'string' ? req.headers.session : '';
  return token.length > 0 && sessions.has(token);
}

/** yyyyMMddHHmmss in Vietnam time (the portal's date format). */
export function portalTime(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STATUS_LABELS: Record<number, string> = {
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung giấy tờ',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  7: 'Công dân yêu cầu rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã xử lý xong',
  10: 'Đã trả kết quả',
};

const MAX_UPLOAD = 5 * 1024 * 1024;

function readBytes(request: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    let done = false;
    request.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        reject(new BodyTooLarge(limit));
        request.resume();
      } else chunks.push(chunk);
    });
    request.on('end', () => !done && resolve(Buffer.concat(chunks)));
    request.on('error', (e) => !done && reject(e));
  });
}

/** A minimal multipart/form-data reader (the citizen's form: text fields and one file). */
export function parseMultipart(body: Buffer, contentType: string): { fields: Record<string, string>; files: Array<{ field: string; name: string; mediaType: string; bytes: Buffer }> } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const fields: Record<string, string> = {};
  const files: Array<{ field: string; name: string; mediaType: string; bytes: Buffer }> = [];
  if (!boundary) return { fields, files };
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const head = part.subarray(0, split).toString('utf8');
      const content = part.subarray(split + 4);
      const name = /name="([^"]*)"/i.exec(head)?.[1] ?? '';
      const filename = /filename="([^"]*)"/i.exec(head)?.[1];
      const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? 'application/octet-stream';
      if (filename !== undefined) {
        if (filename && content.length) files.push({ field: name, name: filename, mediaType: type.trim(), bytes: Buffer.from(content) });
      } else fields[name] = content.toString('utf8');
    }
    start = next;
  }
  return { fields, files };
}

const httpSender: DossierSender = async (url, body, headers) => {
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) });
  return { status: response.status, text: await response.text() };
};

export async function startNationalPortalSimulator(
  options: {
    port?: number;
    host?: string;
    /** Our inbound endpoint (…/api/national-portal/dossiers). */
    agencyUrl?: string;
    inboundToken?: string;
    username?: string;
    password?: string;
    procedures?: PortalProcedure[];
    send?: DossierSender;
  } = {},
): Promise<NationalPortalSimulator> {
  const username = options.username ?? 'motcua.demo';
  const password = options.password ?? randomBytes(12).toString('base64url');
  let inboundToken = options.inboundToken ?? randomBytes(18).toString('base64url');
  let agencyUrl = options.agencyUrl ?? '';
  const procedures = options.procedures ?? [];
  const send = options.send ?? httpSender;
  const dossiers = new Map<string, PortalDossier>();
  const files = new Map<string, PortalFile>();
  const received: ReceivedMessage[] = [];
  const seen = new Set<string>();
  const given = new Set<string>();
  let refusal: string | null = null;
  let down = false;
  let serial = 0;
  let baseUrl = '';

  const nextCode = (now: Date) => {
    serial += 1;
    return `G22-${portalTime(now).slice(2, 8)}-${String(serial).padStart(6, '0')}`;
  };

  const deliver = async (dossier: PortalDossier): Promise<void> => {
    dossier.deliveries += 1;
    if (!agencyUrl) {
      dossier.delivery = null;
      return;
    }
    const data = {
      MaHoSo: dossier.nationalCode,
      MaTTHC: dossier.procedureCode,
      TenTTHC: dossier.procedureName,
      KenhThucHien: 2,
      ChuHoSo: dossier.applicant.fullName,
      LoaiDoiTuong: 1,
      MaDoiTuong: dossier.applicant.personalId,
      SoDienThoai: dossier.applicant.phone,
      Email: dossier.applicant.email,
      DiaChi: dossier.applicant.address,
      TrichYeuHoSo: dossier.content,
      NgayNopHoSo: portalTime(new Date(dossier.submittedAt)),
      DuLieuBieuMau: {
        fullName: dossier.applicant.fullName,
        personalId: dossier.applicant.personalId,
        ...(dossier.applicant.phone ? { phone: dossier.applicant.phone } : {}),
        ...(dossier.applicant.email ? { email: dossier.applicant.email } : {}),
        ...(dossier.applicant.address ? { address: dossier.applicant.address } : {}),
        ...(dossier.content ? { requestContent: dossier.content } : {}),
      },
      TaiLieuNop: dossier.files.map((f) => ({ TepDinhKemId: f.id, TenTepDinhKem: f.name, DuongDanTaiTepTin: `${baseUrl}/files/${f.id}`, MaBamSHA256: f.sha256, IsDeleted: false })),
    };
    try {
      const answer = await send(agencyUrl, JSON.stringify({ service: 'DongBoHoSoMC', isUpdating: false, data: [data] }), {
        'content-type': 'application/json',
        authorization: `Bearer ${inboundToken}`,
      });
      let parsed: { error_code?: unknown; message?: unknown } = {};
      try {
        parsed = JSON.parse(answer.text) as typeof parsed;
      } catch {
        /* not JSON */
      }
      dossier.delivery = {
        errorCode: parsed.error_code !== undefined ? String(parsed.error_code) : `HTTP ${answer.status}`,
        message: typeof parsed.message === 'string' ? parsed.message : typeof (parsed as { title?: unknown }).title === 'string' ? String((parsed as { title: string }).title) : '',
      };
    } catch (error) {
      dossier.delivery = { errorCode: 'unreachable', message: error instanceof Error ? error.message : String(error) };
    }
  };

  const submit = async (input: SubmitInput): Promise<PortalDossier> => {
    const now = new Date();
    const procedure = procedures.find((p) => p.code === input.procedureCode);
    const portalFiles: PortalFile[] = [];
    if (input.file) {
      const file: PortalFile = {
        id: randomUUID(),
        name: input.file.name,
        mediaType: input.file.mediaType ?? 'application/octet-stream',
        sha256: input.announcedSha256 ?? createHash('sha256').update(input.file.bytes).digest('hex'),
        bytes: input.file.bytes,
      };
      files.set(file.id, file);
      portalFiles.push(file);
    }
    const dossier: PortalDossier = {
      nationalCode: input.nationalCode ?? nextCode(now),
      procedureCode: input.procedureCode,
      procedureName: procedure?.name ?? input.procedureCode,
      applicant: { fullName: input.fullName, personalId: input.personalId, phone: input.phone ?? '', email: input.email ?? '', address: input.address ?? '' },
      content: input.content ?? '',
      files: portalFiles,
      submittedAt: now.toISOString(),
      origin: 'portal',
      status: 1,
      delivery: null,
      deliveries: 0,
      messages: dossiers.get(input.nationalCode ?? '')?.messages ?? [],
    };
    dossiers.set(dossier.nationalCode, dossier);
    await deliver(dossier);
    return dossier;
  };

  /** Records one message of the agency; answers the portal's reply. */
  const receive = (service: ReceivedMessage['service'], item: Record<string, unknown>, creating = false): { error_code: string; message: string } => {
    const messageId = typeof item.MessageId === 'string' ? item.MessageId : '';
    const nationalCode = typeof item.MaHoSo === 'string' ? item.MaHoSo : '';
    const sequence = Number.isInteger(item.SoThuTu) ? (item.SoThuTu as number) : null;
    // DongBoHoSoMC with isUpdating false: a dossier of the agency's own portal, created here under the agency's code.
    if (creating && nationalCode && !dossiers.has(nationalCode) && refusal === null) {
      dossiers.set(nationalCode, {
        nationalCode,
        procedureCode: String(item.MaTTHC ?? ''),
        procedureName: String(item.TenTTHC ?? item.MaTTHC ?? ''),
        applicant: { fullName: String(item.ChuHoSo ?? ''), personalId: String(item.MaDoiTuong ?? ''), phone: String(item.SoDienThoai ?? ''), email: String(item.Email ?? ''), address: '' },
        content: '',
        files: [],
        submittedAt: new Date().toISOString(),
        origin: 'agency',
        status: 1,
        delivery: null,
        deliveries: 0,
        messages: [],
      });
    }
    const dossier = dossiers.get(nationalCode);
    const message: ReceivedMessage = { messageId, service, nationalCode, sequence, body: item, receivedAt: new Date().toISOString(), applied: false, duplicate: false, outOfOrder: false, refused: null };
    received.push(message);
    dossier?.messages.push(message);
    if (!messageId) return { error_code: '-1', message: 'Thiếu MessageId' };
    if (!dossier) {
      message.refused = 'Không tìm thấy hồ sơ';
      return { error_code: '-1', message: `Không tìm thấy hồ sơ ${nationalCode}` };
    }
    if (seen.has(messageId)) {
      message.duplicate = true;
      return { error_code: '0', message: 'Đã nhận trước đó' };
    }
    if (refusal !== null) {
      message.refused = refusal;
      const reason = refusal;
      refusal = null;
      return { error_code: '-1', message: reason };
    }
    seen.add(messageId);
    const highest = Math.max(0, ...dossier.messages.filter((m) => m.applied && m.sequence !== null).map((m) => m.sequence!));
    message.outOfOrder = sequence !== null && sequence <= highest;
    message.applied = true;
    const status = Number(service === 'DongBoHoSoMC' ? item.TrangThaiHoSo : item.TrangThai);
    if (!message.outOfOrder && Number.isInteger(status) && status >= 1 && status <= 10) dossier.status = status;
    return { error_code: '0', message: 'Thành công' };
  };

  const layout = (title: string, body: string) => `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:48rem;margin:0 auto;padding:1rem}label{display:block;margin-top:.75rem}input,select,textarea{width:100%;box-sizing:border-box;padding:.4rem}button{margin-top:1rem;padding:.5rem 1rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3rem;text-align:left;vertical-align:top}.warn{color:#8a1c1c}</style></head>
<body><header><p><a href="/">Cổng Dịch vụ công quốc gia (mô phỏng)</a></p></header><main>${body}</main></body></html>`;

  const formPage = (error: string | null) =>
    layout(
      'Nộp hồ sơ trực tuyến — Cổng Dịch vụ công quốc gia (mô phỏng)',
      `<h1>Nộp hồ sơ trực tuyến</h1>
${error ? `<p class="warn" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/nop-ho-so" enctype="multipart/form-data">
<label for="procedureCode">Thủ tục hành chính</label>
<select id="procedureCode" name="procedureCode">${procedures.map((p) => `<option value="${escapeHtml(p.code)}">${escapeHtml(p.code)} — ${escapeHtml(p.name)}</option>`).join('')}<option value="">Mã thủ tục khác (nhập bên dưới)</option></select>
<label for="otherCode">Mã thủ tục khác</label><input id="otherCode" name="otherCode" inputmode="decimal">
<label for="fullName">Họ và tên</label><input id="fullName" name="fullName" required autocomplete="name">
<label for="personalId">Số định danh cá nhân (12 chữ số)</label><input id="personalId" name="personalId" required inputmode="numeric" pattern="[0-9]{12}">
<label for="phone">Số điện thoại</label><input id="phone" name="phone" inputmode="tel" autocomplete="tel">
<label for="email">Thư điện tử</label><input id="email" name="email" type="email" autocomplete="email">
<label for="address">Địa chỉ liên hệ</label><input id="address" name="address" autocomplete="street-address">
<label for="content">Nội dung yêu cầu</label><textarea id="content" name="content" rows="3"></textarea>
<label for="file">Tệp đính kèm</label><input id="file" name="file" type="file">
<button type="submit">Nộp hồ sơ</button>
</form>
<h2>Hồ sơ đã nộp</h2><ul>${[...dossiers.values()]
        .reverse()
        .map((d) => `<li><a href="/ho-so/${encodeURIComponent(d.nationalCode)}">${escapeHtml(d.nationalCode)}</a> — ${escapeHtml(d.procedureName)}</li>`)
        .join('')}</ul>`,
    );

  const trackingPage = (d: PortalDossier) =>
    layout(
      `Hồ sơ ${d.nationalCode}`,
      `<h1>Theo dõi hồ sơ <span data-code>${escapeHtml(d.nationalCode)}</span></h1>
<p>Thủ tục: ${escapeHtml(d.procedureCode)} — ${escapeHtml(d.procedureName)}</p>
<p>Trạng thái: <strong data-status="${d.status}">${escapeHtml(STATUS_LABELS[d.status] ?? String(d.status))}</strong></p>
${
  d.origin === 'agency'
    ? '<p>Hồ sơ nộp tại cổng của cơ quan, được cơ quan đồng bộ lên Cổng Dịch vụ công quốc gia.</p>'
    : `<p>Chuyển đến cơ quan xử lý: <span data-delivery="${escapeHtml(d.delivery?.errorCode ?? 'none')}">${d.delivery ? (d.delivery.errorCode === '0' ? 'Cơ quan đã nhận hồ sơ' : `Lỗi ${escapeHtml(d.delivery.errorCode)}: ${escapeHtml(d.delivery.message)}`) : 'Chưa chuyển được'}</span></p>`
}
<h2>Quá trình xử lý</h2>
<table><thead><tr><th>STT</th><th>Loại</th><th>Người xử lý</th><th>Phòng ban</th><th>Nội dung</th><th>Trạng thái</th><th>Bắt đầu</th><th>Hạn theo quy định</th><th>Ghi chú</th></tr></thead><tbody>
${
  d.messages
    .map((m) => {
      const b = m.body;
      const status = Number(m.service === 'DongBoHoSoMC' ? b.TrangThaiHoSo : b.TrangThai);
      const notes = [m.duplicate ? 'trùng lặp (bỏ qua)' : '', m.outOfOrder ? 'không đúng thứ tự' : '', m.refused ? `từ chối: ${m.refused}` : ''].filter(Boolean).join('; ');
      return `<tr data-message="${escapeHtml(m.messageId)}" data-applied="${m.applied}"><td>${m.sequence ?? ''}</td><td>${m.service === 'DongBoHoSoMC' ? 'Trạng thái' : 'Tiến độ'}</td><td>${escapeHtml(String(b.NguoiXuLy ?? ''))}</td><td>${escapeHtml(String(b.PhongBanXuLy ?? ''))}</td><td>${escapeHtml(String(b.NoiDungXuLy ?? ''))}</td><td>${escapeHtml(STATUS_LABELS[status] ?? '')}</td><td>${escapeHtml(String(b.NgayBatDau ?? ''))}</td><td>${escapeHtml(String(b.NgayKetThucTheoQuyDinh ?? ''))}</td><td>${escapeHtml(notes)}</td></tr>`;
    })
    .join('\n') || '<tr><td colspan="9">Chưa có thông tin xử lý.</td></tr>'
}
</tbody></table>`,
    );

  const html = (response: http.ServerResponse, status: number, body: string) => {
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    response.end(body);
  };

  const server = http.createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (await handleCatalogRequest(request, response, url)) return;
      const path = url.pathname;
      // Test controls (always answered, even while down).
      if (path === '/__test/messages' && request.method === 'GET') return sendJson(response, 200, { items: received });
      if (path === '/__test/refuse-next' && request.method === 'POST') {
        const body = JSON.parse((await readBody(request)) || '{}') as { reason?: unknown };
        refusal = typeof body.reason === 'string' && body.reason ? body.reason : 'Từ chối (mô phỏng)';
        return sendJson(response, 200, { ok: true });
      }
      if ((path === '/__test/down' || path === '/__test/up') && request.method === 'POST') {
        down = path === '/__test/down';
        return sendJson(response, 200, { down });
      }
      if (path.startsWith('/api/') && down) {
        request.socket.destroy();
        return;
      }
      if (path === '/' && request.method === 'GET') return html(response, 200, formPage(null));
      if (path === '/nop-ho-so' && request.method === 'POST') {
        const { fields, files: uploads } = parseMultipart(await readBytes(request, MAX_UPLOAD), String(request.headers['content-type'] ?? ''));
        const procedureCode = (fields.procedureCode || fields.otherCode || '').trim();
        const fullName = (fields.fullName ?? '').trim();
        const personalId = (fields.personalId ?? '').trim();
        if (!procedureCode || !fullName || !/^[0-9]{12}$/.test(personalId)) return html(response, 422, formPage('Vui lòng chọn thủ tục, nhập họ tên và số định danh cá nhân 12 chữ số.'));
        const upload = uploads[0];
        const dossier = await submit({
          procedureCode,
          fullName,
          personalId,
          phone: (fields.phone ?? '').trim(),
          email: (fields.email ?? '').trim(),
          address: (fields.address ?? '').trim(),
          content: (fields.content ?? '').trim(),
          ...(upload ? { file: { name: upload.name, mediaType: upload.mediaType, bytes: upload.bytes } } : {}),
        });
        response.writeHead(303, { location: `/ho-so/${encodeURIComponent(dossier.nationalCode)}` });
        return response.end();
      }
      const tracking = /^\/ho-so\/([^/]+)$/.exec(path);
      if (tracking && request.method === 'GET') {
        const dossier = dossiers.get(decodeURIComponent(tracking[1]!));
        return dossier ? html(response, 200, trackingPage(dossier)) : html(response, 404, layout('Không tìm thấy', '<h1>Không tìm thấy hồ sơ</h1>'));
      }
      const file = /^\/files\/([0-9a-f-]{36})$/.exec(path);
      if (file && request.method === 'GET') {
        const stored = files.get(file[1]!);
        if (!stored) return sendJson(response, 404, { error_code: '-1', message: 'not found' });
        response.writeHead(200, { 'content-type': stored.mediaType, 'content-length': stored.bytes.length });
        return response.end(stored.bytes);
      }
      if (path === '/api/auth' && request.method === 'POST') {
        const body = JSON.parse((await readBody(request)) || '{}') as { username?: unknown; password?: unknown };
        if (body.username !== username || body.password !== password) return sendJson(response, 200, { error_code: '-1', message: 'Sai tài khoản hoặc mật khẩu' });
        const session = randomBytes(24).toString('base64url');
        sessions.add(session);
        given.add(session);
        return sendJson(response, 200, { error_code: '0', session });
      }
      if (path.startsWith('/api/') && !checkSession(request)) return sendJson(response, 401, { error_code: '-1', message: 'Phiên làm việc không hợp lệ' });
      if ((path === '/api/CapNhatTienDoHoSoMC' || path === '/api/DongBoHoSoMC') && request.method === 'POST') {
        const body = JSON.parse(await readBody(request)) as { data?: unknown; isUpdating?: unknown };
        if (!Array.isArray(body.data) || body.data.length === 0) return sendJson(response, 200, { error_code: '-1', message: 'Thiếu data' });
        const service = path === '/api/DongBoHoSoMC' ? 'DongBoHoSoMC' : 'CapNhatTienDoHoSoMC';
        const creating = service === 'DongBoHoSoMC' && body.isUpdating === false;
        const answers = (body.data as Array<Record<string, unknown>>).map((item) => receive(service, item && typeof item === 'object' ? item : {}, creating));
        const failed = answers.find((a) => a.error_code !== '0');
        return sendJson(response, 200, failed ?? { error_code: '0', message: 'Thành công' });
      }
      if (path === '/api/TraCuuHoSo' && request.method === 'POST') {
        const body = JSON.parse((await readBody(request)) || '{}') as { MaHoSo?: unknown };
        const dossier = dossiers.get(String(body.MaHoSo ?? ''));
        if (!dossier) return sendJson(response, 200, { error_code: '-1', message: 'Không tìm thấy hồ sơ' });
        return sendJson(response, 200, {
          error_code: '0',
          data: { MaHoSo: dossier.nationalCode, MaTTHC: dossier.procedureCode, TrangThaiHoSo: dossier.status, QuaTrinhXuLy: dossier.messages.filter((m) => m.applied).map((m) => m.body) },
        });
      }
      return sendJson(response, 404, { error_code: '-1', message: 'not found' });
    } catch (error) {
      return sendJson(response, errorStatus(error, 400), { error_code: '-1', message: error instanceof Error ? error.message : 'error' });
    }
  });
  const listening = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  baseUrl = listening.url;
  return {
    url: listening.url,
    username,
    password,
    get inboundToken() {
      return inboundToken;
    },
    dossiers: () => [...dossiers.values()],
    dossier: (code) => dossiers.get(code) ?? null,
    messages: () => [...received],
    submit,
    redeliver: async (code) => {
      const dossier = dossiers.get(code);
      if (!dossier) return null;
      await deliver(dossier);
      return dossier;
    },
    refuseNext: (reason) => {
      refusal = reason;
    },
    forgetSessions: () => {
      for (const session of given) sessions.delete(session);
      given.clear();
    },
    setDown: (value) => {
      down = value;
    },
    setAgency: (url, token) => {
      agencyUrl = url;
      if (token) inboundToken = token;
    },
    close: listening.close,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.argv[2] ?? 3029);
  const simulator = await startNationalPortalSimulator({
    port,
    ...(process.argv[3] ? { agencyUrl: process.argv[3] } : {}),
    ...(process.argv[4] ? { inboundToken: process.argv[4] } : {}),
    ...(process.argv[5] ? { username: process.argv[5] } : {}),
    ...(process.argv[6] ? { password: process.argv[6] } : {}),
  });
  console.log(`National Public Service Portal simulator on ${simulator.url}/ (agency account "${simulator.username}" / "${simulator.password}", inbound token "${simulator.inboundToken}")`);
}
