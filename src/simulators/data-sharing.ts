// Local simulator of a data-sharing platform (LGSP/NGSP) with two services behind one client credential, speaking
// the protocol of src/modules/datasharing/datasharing.adapter.ts from the other side:
//   - the national population database (Cơ sở dữ liệu quốc gia về dân cư), by 12-digit personal ID;
//   - the national business registry (Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp), by tax code.
// The platform is an API gateway: the client first obtains an access token with its client id and secret (OAuth 2.0
// client credentials, RFC 6749 §4.4, the way LGSP/NGSP gateways admit consumer systems), then calls the services with
// it. Test switches per service make it answer slowly, empty, malformed or with a 5xx.
//
//   npx tsx src/simulators/data-sharing.ts [port] [client id] [client secret]
//     then DATA_SHARING_URL=http://127.0.0.1:{port} DATA_SHARING_CLIENT_ID={id} DATA_SHARING_CLIENT_SECRET={secret}
//
//   POST /oauth2/token                       grant_type=client_credentials (form), client id/secret by Basic auth or form
//   POST /population/v1/lookup               {"personalId"} → {"status": "found", "person": {...}} | {"status": "not_found"}
//   POST /business/v1/lookup                 {"taxCode"}    → {"status": "found", "business": {...}} | {"status": "not_found"}
//   GET  /                                   control page (HTML): the seeded records and the switches
//   POST /control                            {"service": "population"|"business", "mode": "normal"|"slow"|"empty"|"malformed"|"error"}
//   GET  /calls                              every service call received (JSON)
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { errorStatus, listen, readBody, sendJson } from './http.ts';

export type SharingService = 'population' | 'business';
export type SharingMode = 'normal' | 'slow' | 'empty' | 'malformed' | 'error';
export const SHARING_MODES: readonly SharingMode[] = ['normal', 'slow', 'empty', 'malformed', 'error'];

export interface SimulatedAddress {
  province: string;
  commune: string;
  street: string;
}

export interface SimulatedPerson {
  personalId: string;
  fullName: string;
  /** yyyy-mm-dd */
  dateOfBirth: string;
  /** Nơi thường trú. */
  permanentAddress: SimulatedAddress;
}

export interface SimulatedBusiness {
  taxCode: string;
  name: string;
  address: SimulatedAddress;
  legalRepresentative: string;
}

/** The seeded records: they match the demo accounts of src/seed/accounts.ts (citizen 079090001234, company 0312345678). */
export const DEMO_PEOPLE: readonly SimulatedPerson[] = [
  { personalId: '079090001234', fullName: 'Nguyễn Văn An', dateOfBirth: '1990-05-12', permanentAddress: { province: 'Thành phố Hà Nội', commune: 'Phường Hai Bà Trưng', street: 'Số 5 Nguyễn Du' } },
  { personalId: '001185004321', fullName: 'Trần Thị Hoa', dateOfBirth: '1985-11-03', permanentAddress: { province: 'Thành phố Hồ Chí Minh', commune: 'Phường Bến Thành', street: '12 Lê Lợi' } },
  { personalId: '084095006789', fullName: 'Lê Minh Tâm', dateOfBirth: '1995-02-28', permanentAddress: { province: 'Tỉnh Vĩnh Long', commune: 'Phường Trà Vinh', street: '25 Phạm Thái Bường' } },
];

export const DEMO_BUSINESSES: readonly SimulatedBusiness[] = [
  { taxCode: '0312345678', name: 'Công ty TNHH Truyền thông Sen Vàng', address: { province: 'Thành phố Hồ Chí Minh', commune: 'Phường Bến Thành', street: '12 Lê Lợi' }, legalRepresentative: 'Trần Thị Hoa' },
  { taxCode: '2100123456', name: 'Công ty Cổ phần Du lịch Trà Vinh Xanh', address: { province: 'Tỉnh Vĩnh Long', commune: 'Phường Trà Vinh', street: '8 Điện Biên Phủ' }, legalRepresentative: 'Lê Minh Tâm' },
];

export interface SimulatedCall {
  service: SharingService;
  key: string;
  mode: SharingMode;
  at: string;
}

export interface DataSharingSimulator {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Switches how a service answers (the test switches). */
  setMode(service: SharingService, mode: SharingMode): void;
  modes(): Record<SharingService, SharingMode>;
  calls(): SimulatedCall[];
  /** Tokens issued so far. */
  tokensIssued(): number;
  /** Forgets every token issued (as a gateway does when it revokes them): the next call with one is answered 401. */
  revokeTokens(): void;
  close(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const MODE_LABELS: Record<SharingMode, string> = {
  normal: 'Bình thường',
  slow: 'Trả lời chậm (quá thời gian chờ)',
  empty: 'Trả lời rỗng',
  malformed: 'Trả lời sai định dạng',
  error: 'Lỗi máy chủ (503)',
};

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Client id and secret of a token request: HTTP Basic (preferred by RFC 6749 §2.3.1) or the form's fields. */
function clientOf(request: http.IncomingMessage, form: URLSearchParams): { id: string; secret: string } | null {
  const header = request.headers.authorization ?? '';
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    try {
      return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
    } catch {
      return null;
    }
  }
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  return id && secret ? { id, secret } : null;
}

export async function startDataSharingSimulator(
  options: {
    port?: number;
    host?: string;
    clientId?: string;
    clientSecret?: string;
    people?: readonly SimulatedPerson[];
    businesses?: readonly SimulatedBusiness[];
    /** How long a "slow" answer waits (default 120 s, beyond any client's timeout); the wait ends when the simulator closes. */
    slowMs?: number;
    /** Lifetime of an access token in seconds (default 3600). */
    tokenSeconds?: number;
  } = {},
): Promise<DataSharingSimulator> {
  const clientId = options.clientId ?? 'opendvc';
  const clientSecret = options.clientSecret ?? randomBytes(18).toString('base64url');
  const people = new Map((options.people ?? DEMO_PEOPLE).map((p) => [p.personalId, p]));
  const businesses = new Map((options.businesses ?? DEMO_BUSINESSES).map((b) => [b.taxCode, b]));
  const tokens = new Map<string, number>();
  const modes: Record<SharingService, SharingMode> = { population: 'normal', business: 'normal' };
  const calls: SimulatedCall[] = [];
  const waiting = new Set<NodeJS.Timeout>();
  let issued = 0;

  const page = () => {
    const switches = (['population', 'business'] as const)
      .map((service) => {
        const buttons = SHARING_MODES.map(
          (mode) =>
            `<form method="post" action="/control"><input type="hidden" name="service" value="${service}"><input type="hidden" name="mode" value="${mode}"><button type="submit"${modes[service] === mode ? ' aria-pressed="true" disabled' : ''}>${escapeHtml(MODE_LABELS[mode])}</button></form>`,
        ).join(' ');
        return `<tr><th scope="row">${service === 'population' ? 'CSDL quốc gia về dân cư' : 'CSDL quốc gia về đăng ký doanh nghiệp'}</th><td data-mode="${modes[service]}">${escapeHtml(MODE_LABELS[modes[service]])}</td><td>${buttons}</td></tr>`;
      })
      .join('\n');
    const personRows = [...people.values()].map((p) => `<tr><td><code>${p.personalId}</code></td><td>${escapeHtml(p.fullName)}</td><td>${p.dateOfBirth}</td><td>${escapeHtml(`${p.permanentAddress.street}, ${p.permanentAddress.commune}, ${p.permanentAddress.province}`)}</td></tr>`).join('\n');
    const businessRows = [...businesses.values()].map((b) => `<tr><td><code>${b.taxCode}</code></td><td>${escapeHtml(b.name)}</td><td>${escapeHtml(`${b.address.street}, ${b.address.commune}, ${b.address.province}`)}</td><td>${escapeHtml(b.legalRepresentative)}</td></tr>`).join('\n');
    return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Mô phỏng nền tảng chia sẻ dữ liệu</title></head><body>
<h1>Mô phỏng nền tảng chia sẻ dữ liệu (LGSP/NGSP)</h1>
<h2>Cách trả lời</h2>
<table border="1" cellpadding="4"><thead><tr><th>Dịch vụ</th><th>Hiện tại</th><th>Chuyển sang</th></tr></thead><tbody>${switches}</tbody></table>
<h2>Công dân</h2>
<table border="1" cellpadding="4"><thead><tr><th>Số định danh</th><th>Họ và tên</th><th>Ngày sinh</th><th>Nơi thường trú</th></tr></thead><tbody>${personRows}</tbody></table>
<h2>Doanh nghiệp</h2>
<table border="1" cellpadding="4"><thead><tr><th>Mã số thuế</th><th>Tên</th><th>Địa chỉ trụ sở</th><th>Người đại diện theo pháp luật</th></tr></thead><tbody>${businessRows}</tbody></table>
<p>Đã nhận ${calls.length} lượt tra cứu.</p></body></html>`;
  };

  const authorised = (request: http.IncomingMessage): boolean => {
    const header = request.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) return false;
    const expires = tokens.get(header.slice(7));
    return expires !== undefined && expires > Date.now();
  };

  /** Answers a lookup the way the service's switch says. */
  const answer = async (response: http.ServerResponse, service: SharingService, key: string, found: () => unknown) => {
    const mode = modes[service];
    calls.push({ service, key, mode, at: new Date().toISOString() });
    if (mode === 'slow') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(timer);
          resolve();
        }, options.slowMs ?? 120_000);
        waiting.add(timer);
        response.on('close', () => {
          clearTimeout(timer);
          waiting.delete(timer);
          resolve();
        });
      });
      if (response.destroyed) return;
      return sendJson(response, 200, found());
    }
    if (mode === 'empty') {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return response.end();
    }
    if (mode === 'malformed') {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return response.end(service === 'population' ? '{"status":"found","person":{"personalId":"079090001234","fullName":42,' : '<html>Gateway</html>');
    }
    if (mode === 'error') return sendJson(response, 503, { error: 'service_unavailable' });
    return sendJson(response, 200, found());
  };

  const server = http.createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname === '/' && request.method === 'GET') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return response.end(page());
      }
      if (url.pathname === '/control' && request.method === 'POST') {
        const text = await readBody(request);
        const json = (request.headers['content-type'] ?? '').includes('json');
        let service: unknown;
        let mode: unknown;
        if (json) {
          try {
            ({ service, mode } = JSON.parse(text) as { service?: unknown; mode?: unknown });
          } catch {
            return sendJson(response, 400, { error: 'invalid JSON' });
          }
        } else {
          const form = new URLSearchParams(text);
          service = form.get('service');
          mode = form.get('mode');
        }
        if ((service !== 'population' && service !== 'business') || !SHARING_MODES.includes(mode as SharingMode)) return sendJson(response, 422, { error: 'expected {service, mode}' });
        modes[service] = mode as SharingMode;
        if (json) return sendJson(response, 200, { ...modes });
        response.writeHead(303, { location: '/' });
        return response.end();
      }
      if (url.pathname === '/calls' && request.method === 'GET') return sendJson(response, 200, { items: calls });
      if (url.pathname === '/oauth2/token' && request.method === 'POST') {
        const form = new URLSearchParams(await readBody(request));
        if (form.get('grant_type') !== 'client_credentials') return sendJson(response, 400, { error: 'unsupported_grant_type' });
        const client = clientOf(request, form);
        if (!client || !sameText(client.id, clientId) || !sameText(client.secret, clientSecret)) return sendJson(response, 401, { error: 'invalid_client' });
        const token = randomBytes(24).toString('base64url');
        const seconds = options.tokenSeconds ?? 3600;
        tokens.set(token, Date.now() + seconds * 1000);
        issued += 1;
        return sendJson(response, 200, { access_token: token, token_type: 'Bearer', expires_in: seconds });
      }
      const lookup = /^\/(population|business)\/v1\/lookup$/.exec(url.pathname);
      if (lookup && request.method === 'POST') {
        if (!authorised(request)) return sendJson(response, 401, { error: 'invalid_token' });
        const service = lookup[1] as SharingService;
        let body: Record<string, unknown>;
        try {
          const parsed: unknown = JSON.parse(await readBody(request, 4096));
          body = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
        } catch (error) {
          if (errorStatus(error, 400) === 413) throw error;
          return sendJson(response, 400, { error: 'invalid JSON' });
        }
        if (service === 'population') {
          const id = body.personalId;
          if (typeof id !== 'string' || !/^[0-9]{12}$/.test(id)) return sendJson(response, 422, { error: 'personalId: 12 digits expected' });
          return answer(response, service, id, () => {
            const person = people.get(id);
            return person ? { status: 'found', person } : { status: 'not_found' };
          });
        }
        const code = body.taxCode;
        if (typeof code !== 'string' || !/^[0-9]{10}(-[0-9]{3})?$/.test(code)) return sendJson(response, 422, { error: 'taxCode: 10 digits (or 10-3) expected' });
        return answer(response, service, code, () => {
          const business = businesses.get(code);
          return business ? { status: 'found', business } : { status: 'not_found' };
        });
      }
      return sendJson(response, 404, { error: 'not found' });
    } catch (error) {
      return sendJson(response, errorStatus(error, 400), { error: error instanceof Error ? error.message : 'error' });
    }
  });
  const listening = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url: listening.url,
    clientId,
    clientSecret,
    setMode: (service, mode) => {
      modes[service] = mode;
    },
    modes: () => ({ ...modes }),
    calls: () => calls.map((c) => ({ ...c })),
    tokensIssued: () => issued,
    revokeTokens: () => tokens.clear(),
    close: async () => {
      for (const timer of waiting) clearTimeout(timer);
      waiting.clear();
      await listening.close();
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.argv[2] ?? 3031);
  const simulator = await startDataSharingSimulator({ port, clientId: process.argv[3] ?? 'opendvc', clientSecret: process.argv[4] ?? 'data-sharing-simulator-secret' });
  console.log(`Data-sharing platform simulator listening on ${simulator.url} (control page: ${simulator.url}/, client "${simulator.clientId}" / "${simulator.clientSecret}")`);
}
