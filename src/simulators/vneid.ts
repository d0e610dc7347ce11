// Local simulator of VNeID sign-in through the national public service portal: an OpenID Connect provider
// (`oidc-provider`) on its own HTTP server, with a small sign-in page of its own where the tester picks or types a
// demo person (12-digit personal ID, full name, date of birth, level of assurance) and may sign in as the
// representative of a business (tax code, company name). Authorization code with PKCE only (S256), one confidential
// client (client_secret_basic); RP-initiated logout (end_session) and back-channel logout. Keys are generated at
// every start. For the tests it can misbehave on purpose: `misbehave('audience' | 'issuer' | 'nonce' | 'expired')`
// makes the token endpoint return an ID token signed with the real key but with that claim wrong.
//
//   npx tsx src/simulators/vneid.ts [port] [client id] [client secret] [our base URL]
//     then VNEID_ISSUER_URL=http://127.0.0.1:{port} VNEID_CLIENT_ID={client id} VNEID_CLIENT_SECRET={secret}
//
// Claims (ID token and userinfo; scopes openid profile vneid): `sub` (opaque, stable per person — and per person
// representing a tax code, which VNeID treats as the business's own identity), `name`, `birthdate` (yyyy-mm-dd),
// `acr` (`vneid:loa:1` | `vneid:loa:2`), `personal_id` (the 12-digit personal ID: OpenID Connect has no standard
// claim for a national identity number, and the name is our column's), and for a representative `tax_code` and
// `organisation_name`.
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, type JsonWebKey } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { listen, readBody } from './http.ts';

export const VNEID_ACR = { 1: 'vneid:loa:1', 2: 'vneid:loa:2' } as const;

export interface VneidPerson {
  personalId: string;
  fullName: string;
  /** yyyy-mm-dd */
  birthdate: string;
  loa: 1 | 2;
  /** Set when the person signs in as the representative of a business. */
  business?: { taxCode: string; name: string };
}

/** The demo people offered on the sign-in page (the first is demo.congdan's personal ID in the demo data). */
export const DEMO_PEOPLE: VneidPerson[] = [
  { personalId: '079090001234', fullName: 'Nguyễn Văn An', birthdate: '1990-05-12', loa: 2 },
  { personalId: '001085004321', fullName: 'Phạm Thị Lan', birthdate: '1985-11-03', loa: 2 },
  { personalId: '084195007777', fullName: 'Thạch Minh Tâm', birthdate: '1995-02-20', loa: 1 },
  { personalId: '001080009999', fullName: 'Lê Quang Huy', birthdate: '1980-07-30', loa: 2, business: { taxCode: '0109876543', name: 'Công ty TNHH Sáng Tạo Việt' } },
];

export type VneidMisbehaviour = 'audience' | 'issuer' | 'nonce' | 'expired';

/** Sends one back-channel logout (form body); the default POSTs it over HTTP. Tests may route it to app.inject. */
export type LogoutSender = (url: string, body: string, headers: Record<string, string>) => Promise<number>;

export interface VneidClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri?: string;
}

export interface VneidSimulator {
  /** The issuer (http://host:port). */
  url: string;
  clientId: string;
  clientSecret: string;
  /** From now on every ID token has this claim wrong (null: behave). */
  misbehave(mode: VneidMisbehaviour | null): void;
  /** The subject the simulator gives a person (and a person representing a tax code). */
  subjectOf(personalId: string, taxCode?: string): string;
  /** HTTP statuses of the back-channel logouts sent (0: not reached). */
  logouts(): number[];
  close(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function vneidSubject(personalId: string, taxCode?: string): string {
  // Stable across restarts (a returning user keeps the subject), opaque (the personal ID is not readable in it).
  return createHash('sha256').update(`vneid-simulator|${personalId}|${taxCode ?? ''}`).digest('base64url').slice(0, 32);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function page(title: string, body: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:0 auto;padding:1rem;line-height:1.5}
header{background:#b3261e;color:#fff;padding:.5rem 1rem;margin:-1rem -1rem 1rem}label{display:block;margin-top:.75rem;font-weight:600}
input,select{font:inherit;width:100%;box-sizing:border-box;padding:.4rem}input[type=radio],input[type=checkbox]{width:auto}
button{font:inherit;margin-top:1rem;padding:.5rem 1rem}.error{color:#b3261e;font-weight:600}fieldset{margin-top:1rem}
.choice label{display:inline;font-weight:400}</style></head>
<body><header><strong>VNeID</strong> — mô phỏng đăng nhập qua Cổng Dịch vụ công quốc gia</header>${body}</body></html>`;
}

interface LoginForm {
  personalId: string;
  fullName: string;
  birthdate: string;
  loa: string;
  represents: boolean;
  taxCode: string;
  organisationName: string;
}

function loginPage(uid: string, clientName: string, values: LoginForm, errors: string[]): string {
  const presets = DEMO_PEOPLE.map(
    (p, i) =>
      `<form method="post" action="/interaction/${uid}/login" class="preset">
<input type="hidden" name="preset" value="${i}">
<button type="submit" name="pick" value="${i}">${escapeHtml(p.fullName)} — ${p.personalId} (mức ${p.loa}${p.business ? `, đại diện ${escapeHtml(p.business.name)}` : ''})</button></form>`,
  ).join('\n');
  const v = (s: string) => escapeHtml(s);
  return page(
    'Đăng nhập VNeID (mô phỏng)',
    `<h1>Đăng nhập bằng tài khoản định danh điện tử</h1>
<p>Ứng dụng <strong>${escapeHtml(clientName)}</strong> yêu cầu xác thực danh tính của bạn.</p>
${errors.length ? `<div role="alert" class="error"><p>Vui lòng sửa:</p><ul>${errors.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul></div>` : ''}
<h2>Chọn người dùng mẫu</h2>
${presets}
<h2>Hoặc nhập thông tin</h2>
<form method="post" action="/interaction/${uid}/login" novalidate>
<label for="personalId">Số định danh cá nhân (12 chữ số)</label>
<input id="personalId" name="personalId" inputmode="numeric" autocomplete="off" value="${v(values.personalId)}">
<label for="fullName">Họ và tên</label>
<input id="fullName" name="fullName" autocomplete="name" value="${v(values.fullName)}">
<label for="birthdate">Ngày sinh</label>
<input id="birthdate" name="birthdate" type="date" value="${v(values.birthdate)}">
<label for="loa">Mức độ tài khoản</label>
<select id="loa" name="loa"><option value="2"${values.loa !== '1' ? ' selected' : ''}>Mức 2</option><option value="1"${values.loa === '1' ? ' selected' : ''}>Mức 1</option></select>
<fieldset><legend>Tổ chức, doanh nghiệp</legend>
<div class="choice"><input type="checkbox" id="represents" name="represents" value="1"${values.represents ? ' checked' : ''}> <label for="represents">Đăng nhập với tư cách người đại diện doanh nghiệp</label></div>
<label for="taxCode">Mã số thuế</label>
<input id="taxCode" name="taxCode" inputmode="numeric" value="${v(values.taxCode)}">
<label for="organisationName">Tên doanh nghiệp</label>
<input id="organisationName" name="organisationName" value="${v(values.organisationName)}">
</fieldset>
<button type="submit" id="signin">Đăng nhập</button>
</form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Hủy</button></form>`,
  );
}

/** The typed person, or the problems (in Vietnamese, shown on the page). */
export function checkLoginForm(form: LoginForm): { person?: VneidPerson; errors: string[] } {
  const errors: string[] = [];
  const personalId = form.personalId.trim();
  const fullName = form.fullName.trim().replace(/\s+/g, ' ');
  const birthdate = form.birthdate.trim();
  if (!/^[0-9]{12}$/.test(personalId)) errors.push('Số định danh cá nhân phải gồm 12 chữ số.');
  if (!fullName || fullName.length > 100) errors.push('Nhập họ và tên (tối đa 100 ký tự).');
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthdate);
  const valid = date && new Date(`${birthdate}T00:00:00Z`).toISOString().startsWith(birthdate) && Number(date[1]) >= 1900 && birthdate <= new Date().toISOString().slice(0, 10);
  if (!valid) errors.push('Nhập ngày sinh hợp lệ (không sau hôm nay).');
  const loa = form.loa === '1' ? 1 : 2;
  let business: VneidPerson['business'];
  if (form.represents) {
    const taxCode = form.taxCode.trim();
    const name = form.organisationName.trim().replace(/\s+/g, ' ');
    if (!/^[0-9]{10}(-[0-9]{3})?$/.test(taxCode)) errors.push('Mã số thuế gồm 10 chữ số (chi nhánh: thêm -3 chữ số).');
    if (!name || name.length > 200) errors.push('Nhập tên doanh nghiệp (tối đa 200 ký tự).');
    business = { taxCode, name };
  }
  if (errors.length) return { errors };
  return { person: { personalId, fullName, birthdate, loa, ...(business ? { business } : {}) }, errors };
}

const httpSender: LogoutSender = async (url, body, headers) => {
  try {
    const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
};

export async function startVneidSimulator(options: {
  port?: number;
  host?: string;
  clientId?: string;
  clientSecret?: string;
  /** Our application's base URL: the redirect, post-logout and back-channel logout URIs are derived from it. */
  baseUrl: string;
  send?: LogoutSender;
}): Promise<VneidSimulator> {
  const clientId = options.clientId ?? 'opendvc';
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  const base = options.baseUrl.replace(/\/$/, '');
  const client: VneidClient = {
    clientId,
    clientSecret,
    redirectUris: [`${base}/dang-nhap/vneid/callback`],
    postLogoutRedirectUris: [`${base}/`],
    backchannelLogoutUri: `${base}/api/auth/vneid/backchannel-logout`,
  };
  const send = options.send ?? httpSender;
  const people = new Map<string, VneidPerson>();
  const logouts: number[] = [];
  let misbehaviour: VneidMisbehaviour | null = null;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  const jwk = { ...(privateKey.export({ format: 'jwk' }) as JsonWebKey), kid, alg: 'RS256', use: 'sig' };

  const server = http.createServer((request, response) => {
    void route(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Lỗi máy chủ mô phỏng');
    });
  });
  const listening = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const issuer = listening.url;

  /** An ID token with one claim made wrong, signed with the provider's own key (so only the claim check refuses it). */
  const spoil = (idToken: string, mode: VneidMisbehaviour): string => {
    const [header, payload] = idToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const now = Math.floor(Date.now() / 1000);
    if (mode === 'audience') claims.aud = 'another-client';
    if (mode === 'issuer') claims.iss = 'https://vneid.invalid';
    if (mode === 'nonce') claims.nonce = randomBytes(16).toString('base64url');
    if (mode === 'expired') {
      claims.iat = now - 7200;
      claims.exp = now - 3600;
    }
    const input = `${header}.${b64(claims)}`;
    const signature = sign('sha256', Buffer.from(input), createPrivateKey({ key: jwk, format: 'jwk' }));
    return `${input}.${signature.toString('base64url')}`;
  };

  const configuration: Configuration = {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        client_name: 'OpenDVC',
        redirect_uris: client.redirectUris,
        post_logout_redirect_uris: client.postLogoutRedirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        // So that every ID token carries `acr` (the level of assurance of the sign-in).
        default_acr_values: [VNEID_ACR[2], VNEID_ACR[1]],
        ...(client.backchannelLogoutUri ? { backchannel_logout_uri: client.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
      },
    ],
    jwks: { keys: [jwk as never] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    responseTypes: ['code'],
    scopes: ['openid', 'profile', 'vneid'],
    claims: { openid: ['sub'], profile: ['name', 'birthdate'], vneid: ['personal_id', 'tax_code', 'organisation_name'] },
    acrValues: [VNEID_ACR[1], VNEID_ACR[2]],
    // Every claim of the granted scopes goes into the ID token (the relying party needs no userinfo call).
    conformIdTokenClaims: false,
    ttl: { AuthorizationCode: 60, IdToken: 600, AccessToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = page(
            'Đăng xuất VNeID',
            `<h1>Đăng xuất khỏi VNeID</h1><p>Bạn đang đăng xuất khỏi tài khoản định danh điện tử trên thiết bị này.</p>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout" id="logout-yes">Đăng xuất</button>
<button type="submit" form="op.logoutForm">Giữ đăng nhập VNeID</button>
<script>document.getElementById('logout-yes').click()</script>`,
          );
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.body = page('Đã đăng xuất', '<h1>Bạn đã đăng xuất khỏi VNeID.</h1>');
        },
      },
    },
    interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const person = people.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          name: person.fullName,
          birthdate: person.birthdate,
          personal_id: person.personalId,
          ...(person.business ? { tax_code: person.business.taxCode, organisation_name: person.business.name } : {}),
        }),
      };
    },
    // A first-party client: the grant is given at sign-in (no consent page).
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid profile vneid');
      await grant.save();
      return grant;
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Lỗi', `<h1>Không thực hiện được yêu cầu</h1><p><code>${escapeHtml(String(out.error))}</code>: ${escapeHtml(String(out.error_description ?? ''))}</p>`);
    },
    // Loopback and private addresses are allowed (oidc-provider refuses them by default); back-channel logouts go
    // through `send` (tests route them to the application under test).
    fetch: async (url: string | URL, init: RequestInit) => {
      const target = String(url);
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, key) => (headers[key] = value));
      const status = await send(target, String(init.body ?? ''), headers);
      logouts.push(status);
      return new Response(null, { status: status === 0 ? 599 : status });
    },
  };

  const provider = new Provider(issuer, configuration);
  // The misbehaving switch: rewrite the ID token of the token endpoint's answer.
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: unknown } | undefined;
    if (misbehaviour && ctx.path === '/token' && ctx.status === 200 && body && typeof body.id_token === 'string') {
      ctx.body = { ...body, id_token: spoil(body.id_token, misbehaviour) };
    }
  });
  const callback = provider.callback();

  async function route(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', issuer);
    const interaction = /^\/interaction\/([\w-]{1,64})(\/login|\/abort)?$/.exec(url.pathname);
    if (url.pathname === '/' && request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        page(
          'VNeID (mô phỏng)',
          `<h1>VNeID — máy chủ mô phỏng</h1><p>Nhà cung cấp OpenID Connect: <code>${issuer}/.well-known/openid-configuration</code></p>
<p>Ứng dụng được đăng ký: <code>${escapeHtml(clientId)}</code>.</p><p><a href="/session/end">Đăng xuất khỏi VNeID</a></p>`,
        ),
      );
      return;
    }
    if (!interaction) return callback(request, response);
    const details = await provider.interactionDetails(request, response).catch(() => null);
    if (!details) {
      response.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page('Phiên đăng nhập hết hạn', '<h1>Phiên đăng nhập đã hết hạn</h1><p>Hãy quay lại ứng dụng và đăng nhập lại.</p>'));
      return;
    }
    const clientName = 'Cổng dịch vụ công OpenDVC';
    const empty: LoginForm = { personalId: '', fullName: '', birthdate: '', loa: '2', represents: false, taxCode: '', organisationName: '' };
    if (!interaction[2] && request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(loginPage(details.uid, clientName, empty, []));
      return;
    }
    if (interaction[2] === '/abort' && request.method === 'POST') {
      await readBody(request);
      await provider.interactionFinished(request, response, { error: 'access_denied', error_description: 'Người dùng đã hủy đăng nhập' }, { mergeWithLastSubmission: false });
      return;
    }
    if (interaction[2] === '/login' && request.method === 'POST') {
      const form = new URLSearchParams(await readBody(request));
      const preset = form.get('pick') ?? form.get('preset');
      let checked: { person?: VneidPerson; errors: string[] };
      let values = empty;
      if (preset !== null && DEMO_PEOPLE[Number(preset)]) checked = { person: DEMO_PEOPLE[Number(preset)]!, errors: [] };
      else {
        values = {
          personalId: form.get('personalId') ?? '',
          fullName: form.get('fullName') ?? '',
          birthdate: form.get('birthdate') ?? '',
          loa: form.get('loa') ?? '2',
          represents: form.get('represents') === '1',
          taxCode: form.get('taxCode') ?? '',
          organisationName: form.get('organisationName') ?? '',
        };
        checked = checkLoginForm(values);
      }
      if (!checked.person) {
        response.writeHead(400, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        response.end(loginPage(details.uid, clientName, values, checked.errors));
        return;
      }
      const person = checked.person;
      const accountId = vneidSubject(person.personalId, person.business?.taxCode);
      people.set(accountId, person);
      await provider.interactionFinished(request, response, { login: { accountId, acr: VNEID_ACR[person.loa], amr: ['pwd'] } }, { mergeWithLastSubmission: false });
      return;
    }
    response.writeHead(405, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('method not allowed');
  }

  return {
    url: issuer,
    clientId,
    clientSecret,
    misbehave: (mode) => {
      misbehaviour = mode;
    },
    subjectOf: vneidSubject,
    logouts: () => [...logouts],
    close: listening.close,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.argv[2] ?? 3028);
  const simulator = await startVneidSimulator({
    port,
    clientId: process.argv[3] ?? 'opendvc',
    clientSecret: process.argv[4] ?? 'vneid-simulator-secret',
    baseUrl: process.argv[5] ?? 'http://localhost:3000',
  });
  console.log(
    `VNeID simulator listening on ${simulator.url} — VNEID_ISSUER_URL=${simulator.url} VNEID_CLIENT_ID=${simulator.clientId} VNEID_CLIENT_SECRET=${simulator.clientSecret}`,
  );
}
