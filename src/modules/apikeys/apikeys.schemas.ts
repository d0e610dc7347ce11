// TypeBox schemas of the service accounts' JSON API (request validation, OpenAPI, TypeScript types).
import { Type, type Static } from 'typebox';
import { ROLES } from '../../core/actor.ts';
import { MAX_GRACE_MINUTES, MAX_RATE_PER_MINUTE, MAX_VALIDITY_DAYS } from './apikeys.rules.ts';

const RoleEnum = Type.Enum([...ROLES]);
const Instant = Type.String({ format: 'date-time' });

export const ApiKeyView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String({ description: 'The public part of the token (odk_<prefix>_…), shown in lists' }),
    status: Type.Enum(['active', 'expired', 'revoked']),
    rateLimitPerMinute: Type.Integer(),
    createdAt: Instant,
    expiresAt: Instant,
    expiresOn: Type.String({ description: 'The last day of validity (yyyy-mm-dd, Vietnam time): the key ends when that day ends (expiresAt)' }),
    revokedAt: Type.Union([Instant, Type.Null()], { description: 'May lie ahead: a rotated key stays valid until then (grace period)' }),
    replacedBy: Type.Union([Type.String(), Type.Null()], { description: 'The key that replaced this one by rotation' }),
    lastUsedAt: Type.Union([Instant, Type.Null()], { description: 'Written at most once a minute' }),
    callsLastDay: Type.Integer({ description: 'Calls during the last 24 hours' }),
  },
  { title: 'ApiKey' },
);
export type ApiKeyView = Static<typeof ApiKeyView>;

export const ServiceAccountView = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    name: Type.String(),
    status: Type.Enum(['pending', 'active', 'disabled']),
    agencyCode: Type.Union([Type.String(), Type.Null()]),
    agencyName: Type.Union([Type.String(), Type.Null()]),
    createdAt: Instant,
    roles: Type.Array(Type.Object({ role: RoleEnum, agencyCode: Type.String(), agencyName: Type.String() })),
    keys: Type.Array(ApiKeyView),
  },
  { title: 'ServiceAccount' },
);
export type ServiceAccountView = Static<typeof ServiceAccountView>;

export const ServiceAccountList = Type.Object({ items: Type.Array(ServiceAccountView) }, { title: 'ServiceAccountList' });

export const CreateServiceAccountBody = Type.Object(
  {
    name: Type.String({ maxLength: 200, description: 'What the account is for, e.g. "Hệ thống quản lý văn bản"' }),
    agencyCode: Type.String({ maxLength: 100, description: 'The agency the account belongs to (within your subtree)' }),
    roles: Type.Array(
      Type.Object(
        {
          role: Type.String({ maxLength: 50, description: `One of: ${ROLES.join(', ')}` }),
          agencyCode: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: "Root of the subtree the role covers (default: the account's agency)" })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);
export type CreateServiceAccountBody = Static<typeof CreateServiceAccountBody>;

export const CreateKeyBody = Type.Object(
  {
    name: Type.String({ maxLength: 200, description: 'What the key is for (shown in lists)' }),
    expiresOn: Type.String({ maxLength: 10, description: `Last day of validity, yyyy-mm-dd (Vietnam time), at most ${MAX_VALIDITY_DAYS} days ahead` }),
    rateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_RATE_PER_MINUTE, description: 'Calls per minute (default 60)' })),
  },
  { additionalProperties: false },
);
export type CreateKeyBody = Static<typeof CreateKeyBody>;

export const RotateKeyBody = Type.Object(
  {
    expiresOn: Type.Optional(Type.String({ maxLength: 10, description: 'Last day of the new key (default: as long as the old one was valid for)' })),
    graceMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_GRACE_MINUTES, description: 'Minutes the old key stays valid (default 0: revoked at once)' })),
  },
  { additionalProperties: false },
);
export type RotateKeyBody = Static<typeof RotateKeyBody>;

export const IssuedKey = Type.Object(
  {
    key: ApiKeyView,
    token: Type.String({ description: 'The whole token, `odk_<prefix>_<secret>`: shown this once, never retrievable again' }),
  },
  { title: 'IssuedApiKey' },
);
export type IssuedKey = Static<typeof IssuedKey>;

export const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

// The pages' query strings, read as text.
export const NoticeQuery = Type.Object({ ok: Type.Optional(Type.String()) });
