// TypeBox schemas of the webhooks JSON API (/api/webhooks) and of the events' payload.
import { Type, type Static } from 'typebox';
import { EVENT_TYPES } from './webhooks.rules.ts';

const Uuid = Type.String({ maxLength: 64 });
export const EventType = Type.Union(
  [Type.Literal('dossier.submitted'), Type.Literal('dossier.status_changed'), Type.Literal('result.issued'), Type.Literal('result.revoked'), Type.Literal('payment.received')],
  { title: 'WebhookEventType', description: `one of ${EVENT_TYPES.join(', ')}` },
);

export const SubscriptionParams = Type.Object({ id: Uuid });
export const DeliveryParams = Type.Object({ id: Uuid, deliveryId: Uuid });
export const DeliveriesQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'Deliveries per page (default 100)' })),
  before: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,17}$', description: 'The `next` cursor of the previous page: the page starts after that delivery' })),
});

export const SubscriptionBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    url: Type.String({ minLength: 1, maxLength: 2000, description: 'https:// target (http and private addresses only when WEBHOOKS_ALLOW_PRIVATE_TARGETS is on)' }),
    agencyId: Type.String({ maxLength: 64, description: 'the root of the agency subtree whose dossiers’ events are sent' }),
    eventTypes: Type.Array(EventType, { minItems: 1, maxItems: 5, uniqueItems: true }),
    active: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false, title: 'WebhookSubscriptionInput' },
);
export type SubscriptionBody = Static<typeof SubscriptionBody>;

export const Subscription = Type.Object(
  {
    id: Type.String(),
    agencyId: Type.String(),
    agencyCode: Type.String(),
    agencyName: Type.String(),
    name: Type.String(),
    url: Type.String(),
    eventTypes: Type.Array(EventType),
    active: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    secretRotatedAt: Type.String({ format: 'date-time' }),
    counts: Type.Object({ pending: Type.Integer(), failed: Type.Integer(), delivered: Type.Integer() }),
    lastDeliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { title: 'WebhookSubscription' },
);

export const SubscriptionList = Type.Object({ subscriptions: Type.Array(Subscription) }, { title: 'WebhookSubscriptionList' });

export const SubscriptionWithSecret = Type.Object(
  { subscription: Subscription, secret: Type.String({ description: 'whsec_ + base64 of 32 bytes: shown this once' }) },
  { title: 'WebhookSubscriptionCreated' },
);

export const RotatedSecret = Type.Object({ secret: Type.String({ description: 'the new whsec_ secret: shown this once' }) }, { title: 'WebhookSecret' });

export const Delivery = Type.Object(
  {
    id: Type.String(),
    eventId: Type.String({ description: 'the webhook-id header and the payload’s id (the same for every attempt)' }),
    eventType: EventType,
    dossierId: Type.String(),
    dossierCode: Type.Union([Type.String(), Type.Null()]),
    status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
    attempts: Type.Integer(),
    lastAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
    lastError: Type.Union([Type.String(), Type.Null()]),
    lastDurationMs: Type.Union([Type.Integer(), Type.Null()]),
    nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { title: 'WebhookDelivery' },
);

export const DeliveryList = Type.Object(
  {
    deliveries: Type.Array(Delivery),
    next: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next (older) page, for `before`; null on the last page' }),
  },
  { title: 'WebhookDeliveryList' },
);

/** The body POSTed to a subscriber (documentation: the event as frozen when it happened). */
export const WebhookEventSchema = Type.Object(
  {
    id: Type.String(),
    type: EventType,
    occurredAt: Type.String({ format: 'date-time' }),
    agency: Type.Object({ id: Type.String(), code: Type.String() }),
    data: Type.Object(
      {
        dossierId: Type.String(),
        dossierCode: Type.Union([Type.String(), Type.Null()]),
        procedureCode: Type.String(),
        channel: Type.Integer(),
        status: Type.Union([Type.Integer({ minimum: 1, maximum: 10 }), Type.Null()]),
      },
      { additionalProperties: true },
    ),
  },
  { title: 'WebhookEvent' },
);
