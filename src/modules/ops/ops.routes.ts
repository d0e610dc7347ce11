// Liveness, readiness, Prometheus metrics and the x-request-id response header.
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { DomainError } from '../../core/errors.ts';
import './ops.errors.ts';
import { createMetrics } from './ops.metrics.ts';
import { metricsAccess } from './ops.rules.ts';
import { HealthResponse, ReadyResponse } from './ops.schemas.ts';
import { OpsService } from './ops.service.ts';

export const opsModule: AppModule = {
  name: 'ops',
  register(app: App, ctx: AppContext) {
    const ops = new OpsService(ctx.db);
    const metrics = createMetrics(() => ops.liveSessions());

    // Every response names its request (the id is echoed when the client sent a valid one).
    app.addHook('onSend', async (request, reply) => {
      reply.header('x-request-id', String(request.id));
    });

    app.addHook('onResponse', async (request, reply) => {
      // The route pattern (e.g. /api/agencies/:code), never the raw URL: label values stay few.
      const route = request.routeOptions?.url ?? 'unmatched';
      const labels = { method: request.method, route, status: String(reply.statusCode) };
      metrics.requests.inc(labels);
      metrics.duration.observe(labels, reply.elapsedTime / 1000);
    });

    app.get(
      '/api/health',
      { schema: { operationId: 'getHealth', tags: ['ops'], summary: 'Liveness probe', description: 'Liveness: the process answers (no database access)', response: { 200: HealthResponse } } },
      async () => ({ status: 'ok' as const }),
    );

    app.get(
      '/api/ready',
      {
        schema: {
          operationId: 'getReadiness',
          'x-problem-codes': ['SERVICE_UNAVAILABLE'],
          tags: ['ops'],
          summary: 'Readiness probe',
          description: 'Readiness: the database answers and no migration is pending (503 otherwise)',
          response: { 200: ReadyResponse },
        },
      },
      async () => {
        await ops.ready();
        return { status: 'ready' as const };
      },
    );

    // Browsers ask for /favicon.ico on their own (pages link /static/favicon.svg): one permanent redirect, no 404.
    app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) => reply.header('cache-control', 'public, max-age=604800').redirect('/static/favicon.svg', 301));

    app.get(
      '/metrics',
      {
        schema: {
          operationId: 'getMetrics',
          'x-problem-codes': ['METRICS_TOKEN_REQUIRED', 'NOT_FOUND'],
          tags: ['ops'],
          summary: 'Prometheus metrics',
          description: 'Prometheus metrics (text exposition format): bearer METRICS_TOKEN, or without one from loopback only',
          produces: ['text/plain'],
          security: [{ metricsToken: [] }],
        },
      },
      async (request, reply) => {
        // The TCP peer, not request.ip: X-Forwarded-For (trusted under TRUST_PROXY) must not make a visitor local.
        const access = metricsAccess(ctx.config.metricsToken, request.headers.authorization, request.socket.remoteAddress);
        if (access === 'hidden') throw new DomainError('NOT_FOUND');
        if (access === 'token_required') {
          reply.header('www-authenticate', 'Bearer realm="metrics"');
          throw new DomainError('METRICS_TOKEN_REQUIRED');
        }
        const text = await metrics.registry.metrics();
        return reply.type(metrics.registry.contentType).header('cache-control', 'no-store').send(text);
      },
    );
  },
};
