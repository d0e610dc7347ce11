// Service accounts and API keys over JSON (an administrator's session; a key cannot manage keys). The bearer-key
// authentication itself is in src/http/app.ts's session hook, through ApiKeysService.authenticate.
import { registerMessages } from '../../core/i18n.ts';
import { DomainError } from '../../core/errors.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import './apikeys.errors.ts';
import { apiKeysMessages } from './apikeys.messages.ts';
import { ApiKeyView, CreateKeyBody, CreateServiceAccountBody, IdParams, IssuedKey, RotateKeyBody, ServiceAccountList, ServiceAccountView } from './apikeys.schemas.ts';

registerMessages(apiKeysMessages);

/** The 401 answers of a refused key say which scheme to use (RFC 6750). */
const KEY_REFUSALS = new Set(['API_KEY_INVALID', 'API_KEY_EXPIRED', 'API_KEY_REVOKED']);

export const apiKeysModule: AppModule = {
  name: 'apikeys',
  register(app: App, ctx: AppContext) {
    const apikeys = ctx.services.apikeys;

    app.addHook('onError', async (_request, reply, error) => {
      if (!(error instanceof DomainError)) return;
      if (KEY_REFUSALS.has(error.code)) reply.header('www-authenticate', 'Bearer error="invalid_token"');
      if (error.code === 'API_KEY_RATE_LIMITED' && typeof error.params?.retryAfter === 'number') reply.header('retry-after', String(error.params.retryAfter));
    });

    app.get(
      '/api/service-accounts',
      {
        schema: {
          operationId: 'listServiceAccounts',
          'x-problem-codes': ['API_KEY_NOT_ALLOWED'],
          tags: ['staff'],
          summary: 'List service accounts and their API keys',
          description: 'Tài khoản dịch vụ (hệ thống tích hợp) trong phạm vi quản trị, cùng vai trò và khóa API (không bao giờ có bí mật của khóa)',
          security: [{ session: [] }],
          response: { 200: ServiceAccountList },
        },
      },
      async (request) => apikeys.list(request.actor),
    );

    app.post(
      '/api/service-accounts',
      {
        schema: {
          operationId: 'createServiceAccount',
          'x-problem-codes': ['API_KEY_NOT_ALLOWED', 'API_KEY_ROLE_OUT_OF_SCOPE'],
          tags: ['staff'],
          summary: 'Create a service account',
          description: 'Tạo tài khoản dịch vụ cho một cơ quan với các vai trò (quản trị viên của cơ quan); tài khoản này không đăng nhập bằng mật khẩu',
          security: [{ session: [], csrf: [] }],
          body: CreateServiceAccountBody,
          response: { 201: ServiceAccountView },
        },
      },
      async (request, reply) => reply.status(201).send(await apikeys.createAccount(request.actor, request.body)),
    );

    app.get(
      '/api/service-accounts/:id',
      {
        schema: {
          operationId: 'getServiceAccount',
          'x-problem-codes': ['API_KEY_NOT_ALLOWED'],
          tags: ['staff'],
          summary: 'Get a service account',
          description: 'Một tài khoản dịch vụ, vai trò và khóa API của nó',
          security: [{ session: [] }],
          params: IdParams,
          response: { 200: ServiceAccountView },
        },
      },
      async (request) => apikeys.get(request.actor, request.params.id),
    );

    app.post(
      '/api/service-accounts/:id/keys',
      {
        schema: {
          operationId: 'createApiKey',
          'x-problem-codes': ['API_KEY_NOT_ALLOWED', 'API_KEY_ACCOUNT_DISABLED'],
          tags: ['staff'],
          summary: 'Issue an API key for a service account (the token is shown once)',
          description: 'Cấp khóa API: mã khóa đầy đủ chỉ hiển thị một lần trong câu trả lời này; hệ thống chỉ lưu giá trị băm',
          security: [{ session: [], csrf: [] }],
          params: IdParams,
          body: CreateKeyBody,
          response: { 201: IssuedKey },
        },
      },
      async (request, reply) => reply.status(201).send(await apikeys.createKey(request.actor, request.params.id, request.body)),
    );

    app.post(
      '/api/api-keys/:id/rotate',
      {
        // Every field is optional: a request without a body is the empty object.
        preValidation: async (request) => {
          if (request.body === undefined || request.body === null) request.body = {};
        },
        schema: {
          operationId: 'rotateApiKey',
          'x-problem-codes': ['API_KEY_NOT_ALLOWED', 'API_KEY_NOT_ACTIVE', 'API_KEY_ACCOUNT_DISABLED'],
          tags: ['staff'],
          summary: 'Rotate an API key: a new token, the old key revoked',
          description: 'Đổi khóa: cấp khóa mới (hiển thị một lần) và thu hồi khóa cũ, ngay hoặc sau thời gian chuyển tiếp',
          security: [{ session: [], csrf: [] }],
          params: IdParams,
          body: RotateKeyBody,
          response: { 201: IssuedKey },
        },
      },
      async (request, reply) => reply.status(201).send(await apikeys.rotateKey(request.actor, request.params.id, request.body)),
    );

    for (const [action, status, summary, description] of [
      ['disable', 'disabled', 'Disable a service account (its keys refused at once)', 'Khóa tài khoản dịch vụ: mọi khóa API của nó bị từ chối ngay (API_KEY_INVALID); các khóa vẫn giữ nguyên, mở khóa là dùng lại được'],
      ['enable', 'active', 'Enable a disabled service account again', 'Mở khóa tài khoản dịch vụ: các khóa còn hiệu lực dùng được trở lại'],
    ] as const) {
      app.post(
        `/api/service-accounts/:id/${action}`,
        {
          schema: {
            operationId: `${action}ServiceAccount`,
            'x-problem-codes': ['API_KEY_NOT_ALLOWED'],
            tags: ['staff'],
            summary,
            description,
            security: [{ session: [], csrf: [] }],
            params: IdParams,
            response: { 200: ServiceAccountView },
          },
        },
        async (request) => apikeys.setAccountStatus(request.actor, request.params.id, status),
      );
    }

    app.post(
      '/api/api-keys/:id/revoke',
      {
        schema: {
          operationId: 'revokeApiKey',
          'x-problem-codes': ['API_KEY_NOT_ALLOWED'],
          tags: ['staff'],
          summary: 'Revoke an API key at once',
          description: 'Thu hồi khóa API ngay lập tức',
          security: [{ session: [], csrf: [] }],
          params: IdParams,
          response: { 200: ApiKeyView },
        },
      },
      async (request) => apikeys.revokeKey(request.actor, request.params.id),
    );
  },
};
