// The outgoing JSON call shared by the adapters that speak to outside services over HTTP (SMS gateway, postal
// service): POST with an optional bearer token and idempotency key, bounded by a timeout.

export interface PostJsonOptions {
  /** Sent as `Authorization: Bearer …` when set. */
  token?: string | undefined;
  /** Sent as `Idempotency-Key`, so that a retried call is acted on once. */
  idempotencyKey?: string;
  timeoutMs: number;
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

/** POSTs `body` as JSON and gives back the status and body text; throws Unreachable when there is no answer. */
export async function postJson(url: string, body: unknown, options: PostJsonOptions): Promise<JsonReply> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new Unreachable(error);
  }
  const text = await response.text().catch(() => '');
  return { status: response.status, ok: response.ok, text };
}
