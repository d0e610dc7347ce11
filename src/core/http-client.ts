// The outgoing JSON call shared by the adapters that speak to outside services over HTTP (SMS gateway, postal
// service, data sharing): POST with an optional bearer token and idempotency key, bounded by a timeout and, when
// asked, by the size of the answer.

export interface PostJsonOptions {
  /** Sent as `Authorization: Bearer …` when set. */
  token?: string | undefined;
  /** Sent as `Idempotency-Key`, so that a retried call is acted on once. */
  idempotencyKey?: string;
  timeoutMs: number;
  /** The answer's body is read up to this many bytes; beyond, AnswerTooLarge (unbounded when unset). */
  maxBytes?: number;
  /** Send `body` (string values) as application/x-www-form-urlencoded rather than JSON (an OAuth2 token request). */
  form?: boolean;
  /** Sent as `Authorization: Basic …` (client id and secret) when set; the bearer token wins. */
  basic?: { user: string; password: string };
}

export interface JsonReply {
  status: number;
  ok: boolean;
  /** The answer's body as text ('' when it could not be read). */
  text: string;
}

/** No answer at all (refused connection, DNS, timeout). */
export class Unreachable extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'Unreachable';
  }
}

/** The answer was longer than `maxBytes` (nothing more was read). */
export class AnswerTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`answer larger than ${limit} bytes`);
    this.name = 'AnswerTooLarge';
  }
}

/** The body as UTF-8 text, at most `limit` bytes (AnswerTooLarge beyond; Unreachable when the stream fails, e.g. the timeout). */
async function boundedText(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => {});
    throw new AnswerTooLarge(limit);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw new AnswerTooLarge(limit);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof AnswerTooLarge) throw error;
    throw new Unreachable(error);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * POSTs `body` as JSON (or as a form) and gives back the status and body text; throws Unreachable when there is no
 * answer (the timeout covers reading the body too when `maxBytes` is set) and AnswerTooLarge beyond `maxBytes`.
 */
export async function postJson(url: string, body: unknown, options: PostJsonOptions): Promise<JsonReply> {
  let response: Response;
  const authorization = options.token
    ? `Bearer ${options.token}`
    : options.basic
      ? `Basic ${Buffer.from(`${encodeURIComponent(options.basic.user)}:${encodeURIComponent(options.basic.password)}`).toString('base64')}`
      : null;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': options.form ? 'application/x-www-form-urlencoded' : 'application/json',
        ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
        ...(authorization ? { authorization } : {}),
      },
      body: options.form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new Unreachable(error);
  }
  if (options.maxBytes !== undefined) return { status: response.status, ok: response.ok, text: await boundedText(response, options.maxBytes) };
  const text = await response.text().catch(() => '');
  return { status: response.status, ok: response.ok, text };
}
