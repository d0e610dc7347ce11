// One webhook delivery attempt over HTTP: POST the JSON body with the Standard Webhooks headers, bounded by a timeout
// (connection, headers and all), no redirect followed (a 3xx is an answer that is not 2xx), the answer's body not
// read (only its status counts). The target's name is resolved here and every address checked (no private,
// loopback or link-local address unless allowed) in the connection's own lookup, so a name that resolves
// elsewhere between the check and the connection (DNS rebinding) is still refused.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress, targetProblem, type AttemptResult } from './webhooks.rules.ts';

export interface WebhookPost {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
}

/** Sends one attempt (the seam the tests and the service share). */
export type WebhookTransport = (post: WebhookPost) => Promise<AttemptResult>;

function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return (callback as (e: Error | null, a: string, f?: number) => void)(error, '', 4);
      const list = addresses as dns.LookupAddress[];
      const refused = !allowPrivate && list.some((a) => isPrivateAddress(a.address));
      if (refused || list.length === 0) {
        const problem = Object.assign(new Error(`target ${hostname} resolves to a private address`), { code: 'WEBHOOK_TARGET_PRIVATE' });
        return (callback as (e: Error | null, a: string, f?: number) => void)(problem, '', 4);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      return (callback as (e: null, a: string, f: number) => void)(null, list[0]!.address, list[0]!.family);
    });
  };
}

export const httpTransport: WebhookTransport = (post) =>
  new Promise<AttemptResult>((resolve) => {
    const problem = targetProblem(post.url, post.allowPrivate);
    if (problem) return resolve({ error: problem });
    const url = new URL(post.url);
    const client = url.protocol === 'https:' ? https : http;
    let settled = false;
    const done = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(post.body)), 'user-agent': 'OpenDVC-Webhooks/1', ...post.headers },
        lookup: guardedLookup(post.allowPrivate),
        agent: false,
      },
      (response) => {
        done({ status: response.statusCode ?? 0 });
        // The answer's body is not needed: dropped, the connection closed.
        response.destroy();
        request.destroy();
      },
    );
    const timer = setTimeout(() => {
      request.destroy(new Error(`no answer within ${post.timeoutMs} ms`));
      done({ error: `timeout after ${post.timeoutMs} ms` });
    }, post.timeoutMs);
    request.on('error', (error: Error & { code?: string }) => done({ error: (error.code === 'WEBHOOK_TARGET_PRIVATE' ? 'WEBHOOK_URL_PRIVATE: ' : '') + error.message.slice(0, 300) }));
    request.end(post.body);
  });
