// The only code that speaks the document exchange's protocol (src/simulators/doc-exchange.ts is its local twin):
// POST {url}/edocs with the envelope (headers x-edxml-type eDoc | Status, x-edxml-to the recipients' OrganIds),
// GET {url}/edocs?type=… (our mailbox), GET {url}/edocs/{id} (one message, bounded), POST {url}/edocs/{id}/done.
// Bearer token DOC_EXCHANGE_TOKEN. No answer (connection refused, timeout, 5xx): unreachable; 4xx: refused.

export type SendOutcome = { outcome: 'sent'; id: string } | { outcome: 'refused'; reason: string } | { outcome: 'unreachable'; error: string };

export interface PendingMessage {
  id: string;
  from: string;
  type: 'eDoc' | 'Status';
  size: number;
}

export interface DocExchangeGateway {
  send(type: 'eDoc' | 'Status', to: string[], envelope: string): Promise<SendOutcome>;
  /** Our mailbox; throws Unreachable when the exchange does not answer. */
  pending(type: 'eDoc' | 'Status'): Promise<PendingMessage[]>;
  /** One message's text, at most maxBytes (a larger one: 'too_large'). */
  fetch(id: string, maxBytes: number): Promise<{ text: string } | { error: 'too_large' | 'not_found' }>;
  done(id: string): Promise<void>;
}

export class ExchangeUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExchangeUnreachable';
  }
}

export class HttpDocExchangeGateway implements DocExchangeGateway {
  constructor(private readonly options: { url: string; token: string; timeoutMs?: number }) {}

  private async call(path: string, init: RequestInit = {}): Promise<Response> {
    try {
      const response = await fetch(`${this.options.url}${path}`, {
        ...init,
        redirect: 'error',
        headers: { authorization: `Bearer ${this.options.token}`, ...(init.headers as Record<string, string> | undefined) },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
      if (response.status >= 500) {
        await response.body?.cancel().catch(() => undefined);
        throw new ExchangeUnreachable(`HTTP ${response.status}`);
      }
      return response;
    } catch (error) {
      if (error instanceof ExchangeUnreachable) throw error;
      throw new ExchangeUnreachable((error as Error).message);
    }
  }

  private static async json(response: Response): Promise<Record<string, unknown>> {
    const text = await response.text().catch(() => '');
    try {
      const value = JSON.parse(text) as unknown;
      return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }

  async send(type: 'eDoc' | 'Status', to: string[], envelope: string): Promise<SendOutcome> {
    let response: Response;
    try {
      response = await this.call('/edocs', { method: 'POST', body: envelope, headers: { 'content-type': 'application/xml; charset=utf-8', 'x-edxml-type': type, 'x-edxml-to': to.join(',') } });
    } catch (error) {
      return { outcome: 'unreachable', error: (error as Error).message };
    }
    const body = await HttpDocExchangeGateway.json(response);
    if (response.ok && body.ErrorCode === 0 && typeof body.Id === 'string') return { outcome: 'sent', id: body.Id };
    const reason = typeof body.ErrorDesc === 'string' && body.ErrorDesc.trim() ? body.ErrorDesc.trim().slice(0, 1000) : `HTTP ${response.status}`;
    return { outcome: 'refused', reason };
  }

  async pending(type: 'eDoc' | 'Status'): Promise<PendingMessage[]> {
    const response = await this.call(`/edocs?type=${type}`);
    const body = await HttpDocExchangeGateway.json(response);
    if (!response.ok || !Array.isArray(body.data)) throw new ExchangeUnreachable(`mailbox: HTTP ${response.status}`);
    return (body.data as Array<Record<string, unknown>>)
      .filter((m) => typeof m.Id === 'string' && typeof m.From === 'string' && (m.Type === 'eDoc' || m.Type === 'Status'))
      .slice(0, 500)
      .map((m) => ({ id: String(m.Id), from: String(m.From).slice(0, 64), type: m.Type as 'eDoc' | 'Status', size: Number(m.Size) || 0 }));
  }

  async fetch(id: string, maxBytes: number): Promise<{ text: string } | { error: 'too_large' | 'not_found' }> {
    const response = await this.call(`/edocs/${encodeURIComponent(id)}`);
    if (response.status === 404 || !response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      return { error: 'not_found' };
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
    } catch (error) {
      throw new ExchangeUnreachable((error as Error).message);
    }
    return { text: Buffer.concat(chunks).toString('utf8') };
  }

  async done(id: string): Promise<void> {
    const response = await this.call(`/edocs/${encodeURIComponent(id)}/done`, { method: 'POST' });
    await response.body?.cancel().catch(() => undefined);
  }
}
