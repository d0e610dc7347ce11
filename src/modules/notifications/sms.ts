// SMS adapter. The gateway protocol (implemented by src/simulators/sms.ts for development and tests):
//
//   POST {SMS_URL}/messages
//   Authorization: Bearer {SMS_TOKEN}
//   Idempotency-Key: {message id}            (the gateway sends a message with the same key only once)
//   Content-Type: application/json
//   {"to": "+84987654321", "text": "…"}      (to: E.164; text: UTF-8, at most 1000 characters)
//
//   → 200/201/202 {"id": "…"}: accepted (a repeated key answers the first message's id, nothing is sent again)
//   → 400 bad request, 401 bad token: permanent errors; 429, 5xx or no answer: temporary (retried later).
//
// Without SMS_URL no SMS is queued at all.

import { postJson, type JsonReply } from '../../core/http-client.ts';

export interface SmsMessage {
  /** Our id of the message, sent as the idempotency key. */
  id: string;
  to: string;
  text: string;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
}

export class SmsError extends Error {
  constructor(message: string, public readonly status: number | null) {
    super(message);
    this.name = 'SmsError';
  }
}

export class HttpSmsSender implements SmsSender {
  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(message: SmsMessage): Promise<void> {
    let reply: JsonReply;
    try {
      reply = await postJson(`${this.url.replace(/\/$/, '')}/messages`, { to: message.to, text: message.text }, { token: this.token, idempotencyKey: message.id, timeoutMs: this.timeoutMs });
    } catch (error) {
      throw new SmsError(`SMS gateway unreachable: ${error instanceof Error ? error.message : String(error)}`, null);
    }
    if (!reply.ok) throw new SmsError(`SMS gateway answered ${reply.status}: ${reply.text.slice(0, 200)}`, reply.status);
  }
}
