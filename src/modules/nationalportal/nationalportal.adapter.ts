// The only code that speaks the National Public Service Portal's dossier protocol outward: a session from
// POST {url}/api/auth with the agency's account ({username, password} → {error_code "0", session}), then
// POST {url}/api/CapNhatTienDoHoSoMC (progress) or {url}/api/DongBoHoSoMC (status, isUpdating) with
// `Authorization: Bearer {session}` and `{service, madonvi, data: [item]}`; each item carries MessageId (our row id,
// applied once there) and SoThuTu (the dossier's sequence). error_code "0"/"00": accepted; any other: refused with
// its message; no answer (connection refused, timeout, 5xx): unreachable. A 401 gets a new session once.
// Also the fetch of a file the portal announced (bounded, from the portal's origin only).
import { postJson, Unreachable } from '../../core/http-client.ts';
import { serviceOf } from './nationalportal.rules.ts';

export type SendOutcome = { outcome: 'sent' } | { outcome: 'refused'; reason: string } | { outcome: 'unreachable'; error: string };

export interface OutboundMessage {
  id: string;
  kind: 'progress' | 'status';
  sequence: number;
  payload: Record<string, unknown>;
}

export interface NationalPortalGateway {
  send(message: OutboundMessage): Promise<SendOutcome>;
}

export interface GatewayOptions {
  url: string;
  username: string;
  password: string;
  unit: string | undefined;
  timeoutMs?: number;
}

function parse(text: string): { error_code?: unknown; message?: unknown; session?: unknown } {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const ok = (code: unknown) => code === '0' || code === '00' || code === 0;

export class HttpNationalPortalGateway implements NationalPortalGateway {
  private session: string | null = null;
  constructor(private readonly options: GatewayOptions) {}

  private async login(): Promise<SendOutcome | null> {
    const reply = await postJson(`${this.options.url}/api/auth`, { username: this.options.username, password: this.options.password }, { timeoutMs: this.options.timeoutMs ?? 10_000 });
    const body = parse(reply.text);
    if (reply.status >= 500) return { outcome: 'unreachable', error: `HTTP ${reply.status}` };
    if (!ok(body.error_code) || typeof body.session !== 'string') return { outcome: 'unreachable', error: `authentication refused: ${typeof body.message === 'string' ? body.message : `HTTP ${reply.status}`}` };
    this.session = body.session;
    return null;
  }

  async send(message: OutboundMessage): Promise<SendOutcome> {
    const service = serviceOf(message.kind);
    // A status message is an update, except the first push of one of our own dossiers (payload isUpdating false).
    const { isUpdating, ...item } = message.payload;
    const body = {
      service,
      ...(message.kind === 'status' ? { isUpdating: isUpdating !== false } : {}),
      madonvi: this.options.unit ?? '',
      data: [{ MessageId: message.id, SoThuTu: message.sequence, ...item }],
    };
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        if (!this.session) {
          const failed = await this.login();
          if (failed) return failed;
        }
        const reply = await postJson(`${this.options.url}/api/${service}`, body, { token: this.session!, idempotencyKey: message.id, timeoutMs: this.options.timeoutMs ?? 10_000 });
        if (reply.status === 401) {
          this.session = null;
          continue;
        }
        if (reply.status >= 500) return { outcome: 'unreachable', error: `HTTP ${reply.status}` };
        const answer = parse(reply.text);
        if (ok(answer.error_code)) return { outcome: 'sent' };
        const reason = typeof answer.message === 'string' && answer.message.trim() ? answer.message.trim().slice(0, 1000) : `HTTP ${reply.status}, error_code ${String(answer.error_code ?? '?')}`;
        return { outcome: 'refused', reason };
      }
      return { outcome: 'unreachable', error: 'session refused twice' };
    } catch (error) {
      if (error instanceof Unreachable) return { outcome: 'unreachable', error: error.message };
      throw error;
    }
  }
}

/** Fetches a file the portal announced, at most `maxBytes` (a larger one: 'too_large'); no answer: 'unreachable'. */
export async function fetchPortalFile(url: string, maxBytes: number, timeoutMs = 30_000): Promise<{ bytes: Buffer } | { error: 'too_large' | 'unreachable' | 'not_found' }> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    return { error: 'unreachable' };
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    return { error: response.status === 404 ? 'not_found' : 'unreachable' };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > maxBytes) {
        await response.body.cancel().catch(() => undefined);
        return { error: 'too_large' };
      }
      chunks.push(Buffer.from(chunk));
    }
  } catch {
    return { error: 'unreachable' };
  }
  return { bytes: Buffer.concat(chunks) };
}
