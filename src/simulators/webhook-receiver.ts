// A webhook receiver simulator (tests, demo): the other system a subscription points at. POST /hooks is checked as
// a careful receiver would (src/core/webhook-signature.ts verifyWebhook): the three Standard Webhooks headers, the
// timestamp within 5 minutes (an old message is refused), the signature with one of its secrets, and replays — a
// webhook-id already accepted with the same timestamp is refused (409); the same webhook-id with a newer timestamp
// and a valid signature is OpenDVC sending again ("Gửi lại", a retry after a lost answer): answered 200 as a
// duplicate, not processed twice. What it accepted and refused is kept (GET / answers it as JSON). It can be told
// (`failNext`, or POST /control {mode, count, delayMs}) to answer 500, to answer slowly or never (time out) for
// the next N requests.
import http from 'node:http';
import { verifyWebhook } from '../core/webhook-signature.ts';
import { errorStatus, listen, readBody, sendJson, type Listening } from './http.ts';

export interface ReceivedWebhook {
  id: string;
  timestamp: number;
  /** The webhook-signature header as received. */
  signature: string;
  body: string;
  event: unknown;
  duplicate: boolean;
  at: Date;
}

export interface RefusedWebhook {
  id: string | null;
  reason: 'missing_headers' | 'bad_timestamp' | 'too_old' | 'too_new' | 'bad_signature' | 'replay' | 'malformed';
  status: number;
  at: Date;
}

export type FaultMode = 'error' | 'slow' | 'hang';

export interface WebhookReceiver extends Listening {
  /** The endpoint subscriptions point at: {url}/hooks. */
  endpoint: string;
  /** Accepted deliveries (first receipt and duplicates), oldest first. */
  received: ReceivedWebhook[];
  refused: RefusedWebhook[];
  /** Requests answered with a fault (500, slow, never). */
  faults: number;
  addSecret(secret: string): void;
  /** The next `count` requests: 500 ('error'), 200 after `delayMs` ('slow'), no answer at all ('hang'). */
  failNext(count: number, mode: FaultMode, delayMs?: number): void;
}

export interface WebhookReceiverOptions {
  secrets?: string[];
  port?: number;
  /** Seconds since the epoch (tests fix it). */
  now?: () => number;
  toleranceSeconds?: number;
}

function header(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export async function startWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const secrets = [...(options.secrets ?? [])];
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const tolerance = options.toleranceSeconds ?? 300;
  const received: ReceivedWebhook[] = [];
  const refused: RefusedWebhook[] = [];
  /** webhook-id → the timestamps accepted (a replay repeats one). */
  const seen = new Map<string, Set<number>>();
  const faults: Array<{ mode: FaultMode; delayMs: number }> = [];
  const hanging = new Set<http.ServerResponse>();
  const state = { faults: 0 };

  const refuse = (response: http.ServerResponse, id: string | null, reason: RefusedWebhook['reason'], status: number) => {
    refused.push({ id, reason, status, at: new Date() });
    if (refused.length > 1000) refused.shift();
    sendJson(response, status, { error: reason });
  };

  const accept = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    const body = await readBody(request, 256 * 1024);
    const id = header(request, 'webhook-id');
    const timestamp = header(request, 'webhook-timestamp');
    const signature = header(request, 'webhook-signature');
    const nowSeconds = now();
    let check: ReturnType<typeof verifyWebhook> = { ok: false, reason: 'bad_signature' };
    for (const secret of secrets) {
      check = verifyWebhook(secret, { id, timestamp, signature }, body, nowSeconds, tolerance);
      if (check.ok || check.reason !== 'bad_signature') break;
    }
    if (!check.ok) return refuse(response, id ?? null, check.reason, check.reason === 'bad_signature' ? 401 : 400);
    const ts = Number(timestamp);
    const stamps = seen.get(id!) ?? new Set<number>();
    if (stamps.has(ts)) return refuse(response, id!, 'replay', 409);
    let event: unknown;
    try {
      event = JSON.parse(body);
    } catch {
      return refuse(response, id!, 'malformed', 400);
    }
    const duplicate = stamps.size > 0;
    stamps.add(ts);
    seen.set(id!, stamps);
    received.push({ id: id!, timestamp: ts, signature: signature!, body, event, duplicate, at: new Date() });
    if (received.length > 1000) received.shift();
    sendJson(response, 200, { received: true, duplicate });
  };

  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/') {
      sendJson(response, 200, { endpoint: '/hooks', received: received.slice(-100).map((r) => ({ id: r.id, timestamp: r.timestamp, duplicate: r.duplicate, at: r.at, event: r.event })), refused: refused.slice(-100) });
      return;
    }
    if (request.method === 'POST' && path === '/control') {
      readBody(request)
        .then((text) => {
          const body = JSON.parse(text || '{}') as { mode?: FaultMode; count?: number; delayMs?: number };
          if (!body.mode || !['error', 'slow', 'hang'].includes(body.mode)) return sendJson(response, 400, { error: 'mode: error | slow | hang' });
          receiver.failNext(Math.min(Math.max(Number(body.count) || 1, 1), 100), body.mode, Math.min(Number(body.delayMs) || 15_000, 120_000));
          sendJson(response, 204, null);
        })
        .catch((error: unknown) => sendJson(response, errorStatus(error, 400), { error: 'bad request' }));
      return;
    }
    if (request.method !== 'POST' || path !== '/hooks') {
      sendJson(response, 404, { error: 'not found' });
      return;
    }
    const fault = faults.shift();
    if (fault) {
      state.faults += 1;
      request.resume();
      if (fault.mode === 'error') return sendJson(response, 500, { error: 'simulated failure' });
      if (fault.mode === 'hang') {
        hanging.add(response);
        response.on('close', () => hanging.delete(response));
        return;
      }
      const timer = setTimeout(() => sendJson(response, 200, { received: false, slow: true }), fault.delayMs);
      response.on('close', () => clearTimeout(timer));
      return;
    }
    accept(request, response).catch((error: unknown) => sendJson(response, errorStatus(error, 400), { error: 'bad request' }));
  });

  const listening = await listen(server, options.port ?? 0);
  const receiver: WebhookReceiver = {
    url: listening.url,
    endpoint: `${listening.url}/hooks`,
    received,
    refused,
    get faults() {
      return state.faults;
    },
    addSecret(secret: string) {
      if (!secrets.includes(secret)) secrets.push(secret);
    },
    failNext(count: number, mode: FaultMode, delayMs = 15_000) {
      for (let i = 0; i < count; i++) faults.push({ mode, delayMs });
    },
    close: async () => {
      for (const response of hanging) response.destroy();
      await listening.close();
    },
  };
  return receiver;
}
