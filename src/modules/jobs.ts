// Every background job of every capability.
import type { JobDefinition } from '../jobs.ts';
import { snapshotPreviousMonth } from './scorecards/scorecards.service.ts';

export const jobs: JobDefinition[] = [
  {
    // Payment orders whose callback never came: asked of the platform, expired past their time (the applicant
    // may pay with a new order); paid dossiers still waiting for fees are resumed; drafts awaiting fees charged before
    // submission with no open order left go back to their applicant.
    name: 'payments.sweep',
    schedule: '*/5 * * * *',
    async handler(ctx) {
      await ctx.services.payments.sweep();
    },
  },
  {
    // Refused (unauthenticated) payment callbacks and returns are kept 90 days (migration 0027's log), at 02:37 Vietnam time.
    name: 'payments.purge',
    schedule: '37 19 * * *',
    async handler(ctx) {
      await ctx.services.payments.purgeRefusals();
    },
  },
  {
    // Rate-limit counters of public endpoints whose window has ended (they count for nothing), at 02:47 Vietnam time.
    name: 'limits.purge',
    schedule: '47 19 * * *',
    async handler(ctx) {
      await ctx.services.floor.purgeExpiredLimits();
      await ctx.services.feedback.purgeExpiredLimits();
    },
  },
  {
    // Outbox rows older than OUTBOX_RETENTION_DAYS that every consumer of their topic has delivered (with their
    // delivery rows); a row some consumer has not delivered stays. At 02:57 Vietnam time.
    name: 'outbox.purge',
    schedule: '57 19 * * *',
    async handler(ctx) {
      await ctx.services.outbox.purge();
    },
  },
  {
    // The payment platform's reconciliation file of the previous day (Vietnam time), at 01:30 Vietnam time.
    name: 'payments.reconcile',
    schedule: '30 18 * * *',
    async handler(ctx) {
      await ctx.services.payments.reconcileYesterday();
    },
  },
  {
    name: 'sessions.purge',
    schedule: '17 * * * *',
    async handler(ctx) {
      await ctx.services.identity.deleteExpiredSessions();
    },
  },
  {
    // Chains the audit entries appended since the last run (appends take no lock; see migration 0017).
    name: 'audit.seal',
    schedule: '* * * * *',
    async handler(ctx) {
      await ctx.services.audit.seal();
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
    // Abandoned drafts (and their files), expired idempotent answers, old lookup attempts.
    name: 'uploads.cleanup',
    schedule: '43 2 * * *',
    async handler(ctx) {
      await ctx.services.dossiers.cleanup();
    },
  },
  {
    // The file storage's sweep (either backend): files no row references any more, content without a row and
    // staging leftovers, all older than FILES_ORPHAN_GRACE_HOURS. After uploads.cleanup, which releases files.
    name: 'files.sweep',
    schedule: '53 2 * * *',
    async handler(ctx) {
      await ctx.services.files.sweep(new Date(), ctx.config.filesOrphanGraceHours * 3_600_000);
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
  {
    // Outbox consumer 'notifications': in-app notifications, e-mail and SMS of every status change, exactly once.
    name: 'notifications.dispatch',
    schedule: '* * * * *',
    async handler(ctx) {
      await ctx.services.notifications.dispatch();
    },
  },
  {
    // Pending SMS through the gateway (failures stay pending and are retried on the next run).
    name: 'sms.deliver',
    schedule: '* * * * *',
    async handler(ctx) {
      await ctx.services.notifications.deliverSms(100);
    },
  },
  {
    // One reminder e-mail per draft about to be deleted (before uploads.cleanup at 02:43).
    name: 'drafts.remind',
    schedule: '13 2 * * *',
    async handler(ctx) {
      await ctx.services.notifications.remindDrafts();
    },
  },
  {
    // Decision 766 scorecard: at 00:20 Vietnam time every day, snapshot the previous month where missing
    // (so on the 1st the month that just ended is frozen; the current month is computed live on demand).
    name: 'scorecards.snapshot',
    schedule: '20 17 * * *',
    async handler(ctx) {
      await snapshotPreviousMonth(ctx.services.scorecards, new Date());
    },
  },
  {
    // Back office: warn the officer holding a step (and their department head) when it is due within a few
    // working hours and again when overdue, once per step and kind (officer_reminders).
    name: 'handling.remind',
    schedule: '*/10 * * * *',
    async handler(ctx) {
      await ctx.services.officerReminders.run();
    },
  },
  {
    // Catalog sync with the national portal, at 01:10 Vietnam time: procedures imported/updated by national code
    // (new ones and changes as drafts for the catalog manager), the publicity of ours recorded (catalog.sync.ts).
    name: 'catalog.sync',
    schedule: '10 18 * * *',
    async handler(ctx) {
      await ctx.services.catalogSync.runNow('schedule');
    },
  },
  {
    // National Public Service Portal: every step of its dossiers (outbox consumer 'nationalportal') becomes
    // numbered messages, sent in order per dossier; unreachable ones retried with back-off; the alert logged once
    // per outage when the portal has been unreachable longer than NATIONAL_PORTAL_ALERT_MINUTES.
    name: 'nationalportal.sync',
    schedule: '* * * * *',
    async handler(ctx) {
      await ctx.services.nationalPortal.sync(new Date(), {
        log: (level, message, data) => process.stdout.write(`[opendvc] ${level}: ${message} ${JSON.stringify(data ?? {})}\n`),
      });
    },
  },
  {
    // Webhooks: the outbox consumer 'webhooks' (one delivery per matching subscription), then the due deliveries sent,
    // signed, in order per dossier and subscription (FOR UPDATE SKIP LOCKED), failures retried with back-off. pg-boss
    // schedules by the minute: each run goes round every 5 seconds for about 50 seconds ("every few seconds"), and
    // ends at once when the server stops (WebhooksService.stop, called by serve's shutdown).
    name: 'webhooks.deliver',
    schedule: '* * * * *',
    async handler(ctx) {
      const webhooks = ctx.services.webhooks;
      const until = Date.now() + 50_000;
      while (!webhooks.stopped) {
        await webhooks.run();
        if (Date.now() + 5_000 > until) break;
        await webhooks.idle(5_000);
      }
    },
  },
  {
    // The PAR plan: e-mail the owner department once 5 working days before a task's deadline and once when it has passed.
    name: 'parplan.remind',
    schedule: '7 1 * * *',
    async handler(ctx) {
      await ctx.services.parPlan.remind();
    },
  },
  {
    // Feedback (PAKN): remind the handler when an open feedback is due within 2 working days, escalate to the
    // agency's head once it is late (each once, with a timeline row; e-mail in each officer's language).
    name: 'feedback.remind',
    schedule: '*/15 * * * *',
    async handler(ctx) {
      await ctx.services.feedback.remind();
    },
  },
  {
    // Incoming documents (văn bản đến): warn the assignees and the leader once when an assigned document is due
    // within a working day, and once when it is overdue (e-mail in each one's language, a history row).
    name: 'incoming.remind',
    schedule: '*/15 * * * *',
    async handler(ctx) {
      await ctx.services.incoming.remind();
    },
  },
  {
    // Appointments (issue 20): the day before, at 17:00 Vietnam time, one reminder per booked appointment of
    // tomorrow by SMS and e-mail in its language (reminded_at: once).
    name: 'appointments.remind',
    schedule: '0 10 * * *',
    async handler(ctx) {
      await ctx.services.appointments.remind();
    },
  },
  {
    // Appointments: after the day's end (00:15 Vietnam time) booked appointments of past days never checked in
    // become no-shows (counted in the appointments report).
    name: 'appointments.noshow',
    schedule: '15 17 * * *',
    async handler(ctx) {
      await ctx.services.appointments.markNoShows();
    },
  },
  {
    // Historical imports uploaded on /quan-tri/nhap-ho-so that are too large to run during the request
    // (dossier_imports rows in status 'queued', taken with FOR UPDATE SKIP LOCKED).
    name: 'imports.run',
    schedule: '* * * * *',
    async handler(ctx) {
      await ctx.services.imports.runQueued();
    },
  },
  {
    // The national document exchange (edXML): the incoming module's events turned into our statuses (outbox consumer
    // 'docexchange'), packages and our statuses not yet delivered sent again, then our mailbox polled —
    // packages registered as incoming documents (or refused with a 02 status), status messages applied (a dossier's
    // external step completes on 06). Unreachable: the next minute tries again.
    name: 'docexchange.poll',
    schedule: '* * * * *',
    async handler(ctx) {
      await ctx.services.docExchange.poll();
    },
  },
];
