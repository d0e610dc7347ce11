// Administration pages of service accounts and API keys (/quan-tri/khoa-api): list, create an account, issue a key
// (the token shown once, on the answer to the POST), rotate and revoke with a confirmation. No JavaScript needed.
import type { FastifyRequest } from 'fastify';
import { ROLES } from '../../core/actor.ts';
import { formatDateTime } from '../../core/text.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage, formText } from '../../http/form-page.ts';
import { parseDateInput } from '../identity/identity.rules.ts';
import { MAX_GRACE_MINUTES } from './apikeys.rules.ts';
import { IdParams, NoticeQuery } from './apikeys.schemas.ts';
import './apikeys.errors.ts';

const BASE = '/quan-tri/khoa-api';
const GRACE_CHOICES = [0, 60, MAX_GRACE_MINUTES];

const many = (body: FormBody, name: string): string[] => {
  const value = body?.[name];
  return Array.isArray(value) ? value : value ? [value] : [];
};

/** A form's date (dd/mm/yyyy, or yyyy-mm-dd) as yyyy-mm-dd; what cannot be read is passed on to be refused. */
const dayOf = (raw: string): string => parseDateInput(raw) ?? raw.trim();

/** A whole number typed in a form, or NaN (refused by the service's check). */
const intOf = (raw: string): number | undefined => (raw.trim() === '' ? undefined : /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN);

export const apiKeysPagesModule: AppModule = {
  name: 'apikeys-pages',
  register(app: App, ctx: AppContext) {
    const apikeys = ctx.services.apikeys;

    app.get(BASE, { schema: { hide: true } }, async (request, reply) => {
      const { items } = await apikeys.list(request.actor);
      return reply.page('apikeys-list.njk', { items });
    });

    const createForm = async (request: FastifyRequest, values: Record<string, unknown>, errors?: unknown) =>
      ({ options: await apikeys.agencyOptions(request.actor), roles: ROLES, values, errors });

    app.get(`${BASE}/them`, { schema: { hide: true } }, async (request, reply) => {
      return reply.page('apikeys-account-form.njk', await createForm(request, { roles: [] }));
    });

    app.post(`${BASE}/them`, { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const body = request.body;
      const values = { name: formText(body, 'name'), agencyCode: formText(body, 'agencyCode'), roles: many(body, 'roles') };
      return formPage(request, reply, {
        act: async () => {
          const created = await apikeys.createAccount(request.actor, { name: values.name, agencyCode: values.agencyCode, roles: values.roles.map((role) => ({ role })) });
          return `${BASE}/${created.id}?ok=created`;
        },
        rerender: async (errors) => reply.page('apikeys-account-form.njk', await createForm(request, values, errors)),
      });
    });

    const detail = async (request: FastifyRequest, id: string, extra: Record<string, unknown> = {}) => {
      const account = await apikeys.get(request.actor, id);
      return { account, values: { rateLimitPerMinute: '60' }, ...extra };
    };

    app.get(`${BASE}/:id`, { schema: { hide: true, params: IdParams, querystring: NoticeQuery } }, async (request, reply) => {
      const ok = request.query.ok;
      const revoked = ok && /^revoked-[0-9a-f]{12}$/.test(ok) ? ok.slice(8) : null;
      return reply.page('apikeys-account.njk', await detail(request, request.params.id, { ok, revoked }));
    });

    // The token is the answer to the POST itself (never stored, never in a URL): reloading asks to resubmit.
    app.post(`${BASE}/:id/khoa`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const { id } = request.params;
      const body = request.body;
      const values = { keyName: formText(body, 'name'), expiresOn: formText(body, 'expiresOn'), rateLimitPerMinute: formText(body, 'rateLimitPerMinute') };
      return formPage(request, reply, {
        act: async () => {
          const issued = await apikeys.createKey(request.actor, id, { name: values.keyName, expiresOn: dayOf(values.expiresOn), rateLimitPerMinute: intOf(values.rateLimitPerMinute) as number });
          return reply.page('apikeys-token.njk', { issued, accountId: id });
        },
        rerender: async (errors) => reply.page('apikeys-account.njk', await detail(request, id, { errors, values: { ...values, name: values.keyName } })),
      });
    });

    // Disable / enable the account (one button each, no confirmation page: enabling again undoes it).
    for (const [path, status, notice] of [['khoa-tai-khoan', 'disabled', 'disabled'], ['mo-khoa-tai-khoan', 'active', 'enabled']] as const) {
      app.post(`${BASE}/:id/${path}`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
        const { id } = request.params;
        return formPage(request, reply, {
          act: async () => {
            await apikeys.setAccountStatus(request.actor, id, status);
            return `${BASE}/${id}?ok=${notice}`;
          },
          rerender: async (errors) => reply.page('apikeys-account.njk', await detail(request, id, { errors })),
        });
      });
    }

    app.get(`${BASE}/khoa/:id/thu-hoi`, { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const key = await apikeys.getKey(request.actor, request.params.id);
      return reply.page('apikeys-confirm.njk', { key, action: 'revoke' });
    });

    app.post(`${BASE}/khoa/:id/thu-hoi`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const { id } = request.params;
      return formPage(request, reply, {
        act: async () => {
          const key = await apikeys.getKey(request.actor, id);
          const revoked = await apikeys.revokeKey(request.actor, id);
          return `${BASE}/${key.accountId}?ok=revoked-${revoked.prefix}`;
        },
        rerender: async (errors) => reply.page('apikeys-confirm.njk', { key: await apikeys.getKey(request.actor, id), action: 'revoke', errors }),
      });
    });

    app.get(`${BASE}/khoa/:id/doi-khoa`, { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const key = await apikeys.getKey(request.actor, request.params.id);
      return reply.page('apikeys-confirm.njk', { key, action: 'rotate', graceChoices: GRACE_CHOICES, values: { graceMinutes: '0' } });
    });

    app.post(`${BASE}/khoa/:id/doi-khoa`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const { id } = request.params;
      const values = { graceMinutes: formText(request.body, 'graceMinutes'), expiresOn: formText(request.body, 'expiresOn') };
      return formPage(request, reply, {
        act: async () => {
          const key = await apikeys.getKey(request.actor, id);
          const issued = await apikeys.rotateKey(request.actor, id, {
            ...(values.expiresOn.trim() ? { expiresOn: dayOf(values.expiresOn) } : {}),
            ...(values.graceMinutes.trim() ? { graceMinutes: intOf(values.graceMinutes) as number } : {}),
          });
          const old = await apikeys.getKey(request.actor, id);
          return reply.page('apikeys-token.njk', { issued, accountId: key.accountId, rotated: { prefix: old.prefix, at: formatDateTime(old.revokedAt) } });
        },
        rerender: async (errors) =>
          reply.page('apikeys-confirm.njk', { key: await apikeys.getKey(request.actor, id), action: 'rotate', graceChoices: GRACE_CHOICES, values, errors }),
      });
    });
  },
};
