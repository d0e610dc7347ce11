// The plumbing shared by the local simulators (SMS gateway, payment platform, postal service): a bounded request-body
// reader, a JSON reply, and listening/closing a node:http server on the loopback interface.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Thrown by readBody when the body exceeds its limit; the simulators answer 413. */
export class BodyTooLarge extends Error {
  readonly status = 413;
  constructor(limit: number) {
    super(`body larger than ${limit} bytes`);
  }
}

/** The request body as UTF-8 text, refused (BodyTooLarge, connection dropped) beyond `limit` bytes. */
export function readBody(request: http.IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      // Read and dropped (not kept), so that the client gets the 413 rather than a reset connection.
      request.resume();
      reject(new BodyTooLarge(limit));
      return;
    }
    let size = 0;
    let done = false;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        reject(new BodyTooLarge(limit));
        request.resume();
      } else chunks.push(chunk);
    });
    request.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', (error) => {
      if (!done) reject(error);
    });
  });
}

/** Replies with a JSON body (nothing written if the headers already went out). */
export function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(status === 204 ? undefined : JSON.stringify(body));
}

/** The status for an error thrown while handling a request: 413 for an oversized body, else `fallback`. */
export function errorStatus(error: unknown, fallback: number): number {
  return error instanceof BodyTooLarge ? 413 : fallback;
}

export interface Listening {
  /** http://host:port */
  url: string;
  close(): Promise<void>;
}

/** Listens on host:port (0: any free port) and gives the base URL and a close that drops open connections. */
export async function listen(server: http.Server, port = 0, host = '127.0.0.1'): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
