// Who may read /metrics: pure decision over the configured token, the Authorization header and the socket's address.
import { createHash, timingSafeEqual } from 'node:crypto';

export type MetricsAccess = 'allowed' | 'token_required' | 'hidden';

/**
 * The loopback addresses (127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6). Give it the TCP peer's address
 * (request.socket.remoteAddress), never request.ip: behind TRUST_PROXY that comes from X-Forwarded-For, which any
 * client can write.
 */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase();
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a) || /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

function sameSecret(given: string, expected: string): boolean {
  // Digests of equal length, so the comparison takes the same time whatever the given length.
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

/**
 * With METRICS_TOKEN configured: `Authorization: Bearer <token>` is required from everywhere (401 otherwise).
 * Without it: only requests from this machine (loopback) see the metrics; others get 404, as if there were none.
 */
export function metricsAccess(token: string | undefined, authorization: string | undefined, peerAddress: string | undefined): MetricsAccess {
  if (token) {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
    return match && sameSecret(match[1]!, token) ? 'allowed' : 'token_required';
  }
  return isLoopback(peerAddress) ? 'allowed' : 'hidden';
}
