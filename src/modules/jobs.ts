// Every background job of every capability.
import type { JobDefinition } from '../jobs.ts';

export const jobs: JobDefinition[] = [
  {
    name: 'sessions.purge',
    schedule: '17 * * * *',
    async handler(ctx) {
      await ctx.services.identity.deleteExpiredSessions();
    },
  },
  {
    name: 'mail.deliver',
    schedule: '* * * * *',
    async handler(ctx) {
      await ctx.services.mail.deliverPending(100);
    },
  },
  {
    // Abandoned drafts (and their files), staging leftovers, expired idempotent answers, old lookup attempts.
    name: 'uploads.cleanup',
    schedule: '43 2 * * *',
    async handler(ctx) {
      await ctx.services.dossiers.cleanup();
    },
  },
  {
    // Outbox messages (acknowledgement e-mail of each online submission), exactly once, FOR UPDATE SKIP LOCKED.
    name: 'outbox.dispatch',
    schedule: '* * * * *',
    async handler(ctx) {
      await ctx.services.receipts.dispatchOutbox();
    },
  },
];
