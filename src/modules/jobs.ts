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
];
