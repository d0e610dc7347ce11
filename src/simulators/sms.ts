// Local SMS gateway simulator speaking the protocol of src/modules/notifications/sms.ts. It records the
// messages it accepts (deduplicated by Idempotency-Key), lets tests read them, and can be told to fail.
//
//   npx tsx src/simulators/sms.ts [port] [token]      then SMS_URL=http://127.0.0.1:{port} SMS_TOKEN={token}
//
//   POST /messages            the gateway endpoint (bearer token when one is set)
//   GET  /messages            the accepted messages, oldest first (JSON)
//   DELETE /messages          forgets them
//   POST /control/fail        {"count": n, "status": 503}: the next n sends fail with that status
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { errorStatus, listen, readBody, sendJson as send } from './http.ts';

export interface SimulatedSms {
  id: string;
  key: string | null;
  to: string;
  text: string;
  at: string;
}

export interface SmsSimulator {
  url: string;
  /** The bearer token it requires (undefined: none). */
  token: string | undefined;
  messages(): SimulatedSms[];
  /** The next `count` sends fail with `status` (default 503). */
  failNext(count: number, status?: number): void;
  /** Number of POST /messages requests received (accepted or not). */
  readonly attempts: number;
  reset(): void;
  close(): Promise<void>;
}

export async function startSmsSimulator(options: { port?: number; host?: string; token?: string } = {}): Promise<SmsSimulator> {
  const messages: SimulatedSms[] = [];
  const byKey = new Map<string, SimulatedSms>();
  let failures: { count: number; status: number } = { count: 0, status: 503 };
  let attempts = 0;

  const server = http.createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (options.token && request.headers.authorization !== `Bearer ${options.token}`) return send(response, 401, { error: 'unauthorized' });
      if (url.pathname === '/messages' && request.method === 'GET') return send(response, 200, { items: messages });
      if (url.pathname === '/messages' && request.method === 'DELETE') {
        messages.length = 0;
        byKey.clear();
        return send(response, 204, {});
      }
      if (url.pathname === '/control/fail' && request.method === 'POST') {
        const body = JSON.parse((await readBody(request)) || '{}') as { count?: number; status?: number };
        failures = { count: Math.max(0, Number(body.count ?? 1)), status: Number(body.status ?? 503) };
        return send(response, 200, failures);
      }
      if (url.pathname === '/messages' && request.method === 'POST') {
        attempts += 1;
        let body: { to?: unknown; text?: unknown };
        const text = await readBody(request);
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          return send(response, 400, { error: 'invalid JSON' });
        }
        if (typeof body.to !== 'string' || !/^\+?[0-9]{8,15}$/.test(body.to) || typeof body.text !== 'string' || !body.text || body.text.length > 1000) {
          return send(response, 400, { error: 'expected {to, text}' });
        }
        if (failures.count > 0) {
          failures.count -= 1;
          return send(response, failures.status, { error: 'simulated failure' });
        }
        const key = typeof request.headers['idempotency-key'] === 'string' ? request.headers['idempotency-key'] : null;
        const seen = key ? byKey.get(key) : undefined;
        if (seen) return send(response, 200, { id: seen.id });
        const message: SimulatedSms = { id: randomUUID(), key, to: body.to, text: body.text, at: new Date().toISOString() };
        messages.push(message);
        if (key) byKey.set(key, message);
        return send(response, 202, { id: message.id });
      }
      return send(response, 404, { error: 'not found' });
    } catch (error) {
      return send(response, errorStatus(error, 400), { error: error instanceof Error ? error.message : 'error' });
    }
  });
  const listening = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url: listening.url,
    token: options.token,
    messages: () => messages.map((m) => ({ ...m })),
    failNext(count, status = 503) {
      failures = { count, status };
    },
    get attempts() {
      return attempts;
    },
    reset() {
      messages.length = 0;
      byKey.clear();
      failures = { count: 0, status: 503 };
      attempts = 0;
    },
    close: listening.close,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.argv[2] ?? 3025);
  const token = process.argv[3];
  const simulator = await startSmsSimulator({ port, ...(token ? { token } : {}) });
  console.log(`SMS simulator listening on ${simulator.url} (POST /messages${token ? ', bearer token required' : ''})`);
}
