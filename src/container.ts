// Composition root: builds every service once, from the config and the database.
import path from 'node:path';
import type { SmsSimulator } from './simulators/sms.ts';
import type { Config } from './config.ts';
import { createDb, type Db } from './db/database.ts';
import { primaryReadDb, ReplicaReadDb, type ReadDb } from './db/replica.ts';
import { AgenciesService } from './modules/agencies/agencies.service.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { IdentityService } from './modules/identity/identity.service.ts';
import { SsoService } from './modules/identity/identity.sso.service.ts';
import { VneidRelyingParty } from './modules/identity/identity.oidc.ts';
import { argon2Hasher, type PasswordHasher } from './modules/identity/passwords.ts';
import { StaffService } from './modules/staff/staff.service.ts';
import { ApiKeysService } from './modules/apikeys/apikeys.service.ts';
import { MailService } from './modules/mail/mail.service.ts';
import { CatalogService } from './modules/catalog/catalog.service.ts';
import { CatalogSyncService } from './modules/catalog/catalog.sync.ts';
import { createFileStorage, type FileStorage } from './modules/files/files.service.ts';
import { DocumentsService } from './modules/documents/documents.service.ts';
import { CalendarService } from './modules/calendar/calendar.service.ts';
import { DossiersService } from './modules/dossiers/dossiers.service.ts';
import { calendarDueDate } from './modules/dossiers/dossiers.due.ts';
import { ReceiptService } from './modules/dossiers/dossiers.receipt.service.ts';
import { DossierFormContent } from './modules/dossiers/dossiers.form-content.ts';
import { IntakeService } from './modules/intake/intake.service.ts';
import { ReportsService } from './modules/reports/reports.service.ts';
import { ImportsService } from './modules/imports/imports.service.ts';
import { NotificationsService } from './modules/notifications/notifications.service.ts';
import { HttpSmsSender } from './modules/notifications/sms.ts';
import { MessagesService } from './modules/messages/messages.service.ts';
import { RatingsService } from './modules/ratings/ratings.service.ts';
import { ScorecardsService } from './modules/scorecards/scorecards.service.ts';
import { VisitsService } from './modules/visits/visits.service.ts';
import { DisclosureService } from './modules/disclosure/disclosure.service.ts';
import { HandlingService } from './modules/handling/handling.service.ts';
import { OfficerRemindersService } from './modules/handling/handling.reminders.ts';
import { WorkflowExchange } from './modules/handling/handling.exchange.ts';
import { PaymentsService } from './modules/payments/payments.service.ts';
import { HttpPaymentPlatform } from './modules/payments/payments.platform.ts';
import { OutboxRetention, OutboxService } from './modules/outbox/outbox.service.ts';
import { ResultsService } from './modules/results/results.service.ts';
import { ResultsPki } from './modules/results/results.pki.ts';
import { HANDLING_ROLES } from './modules/handling/handling.rules.ts';
import { HttpPostalGateway, type PostalGateway } from './modules/postal/postal.adapter.ts';
import { PostalService } from './modules/postal/postal.service.ts';
import { HttpNationalPortalGateway } from './modules/nationalportal/nationalportal.adapter.ts';
import { NationalPortalService } from './modules/nationalportal/nationalportal.service.ts';
import { HttpDataSharingClient } from './modules/datasharing/datasharing.adapter.ts';
import { DataSharingService } from './modules/datasharing/datasharing.service.ts';
import { HttpDocExchangeGateway } from './modules/docexchange/docexchange.adapter.ts';
import { DocExchangeService } from './modules/docexchange/docexchange.service.ts';
import { WebhooksService } from './modules/webhooks/webhooks.service.ts';
import { FeedbackService } from './modules/feedback/feedback.service.ts';
import { IncomingService } from './modules/incoming/incoming.service.ts';
import { OutgoingService } from './modules/outgoing/outgoing.service.ts';
import { SurveysService } from './modules/surveys/surveys.service.ts';
import { MeetingsService } from './modules/meetings/meetings.service.ts';
import { ParIndexService } from './modules/parindex/parindex.service.ts';
import { ParPlanService } from './modules/parplan/parplan.service.ts';
import { ReviewService } from './modules/review/review.service.ts';
import { evaluate as evaluate766 } from './modules/scorecards/scorecards.rules.ts';
import { vietnamDate, vietnamDayStart } from './core/time.ts';
import { FloorBoardService } from './modules/floor/floor.board.ts';
import { FloorService } from './modules/floor/floor.service.ts';
import { AppointmentsService } from './modules/appointments/appointments.service.ts';
import { FloorScanService } from './modules/floor/floor.scan.ts';
import { FloorReportsService } from './modules/floor/floor.reports.ts';

export interface Services {
  agencies: AgenciesService;
  audit: AuditService;
  identity: IdentityService;
  staff: StaffService;
  apikeys: ApiKeysService;
  mail: MailService;
  files: FileStorage;
  catalog: CatalogService;
  catalogSync: CatalogSyncService;
  calendar: CalendarService;
  dossiers: DossiersService;
  /** E-form content of a dossier with labels, and staff's officer-only answers (issue 15). */
  formContent: DossierFormContent;
  documents: DocumentsService;
  receipts: ReceiptService;
  intake: IntakeService;
  reports: ReportsService;
  imports: ImportsService;
  notifications: NotificationsService;
  messages: MessagesService;
  ratings: RatingsService;
  scorecards: ScorecardsService;
  visits: VisitsService;
  disclosure: DisclosureService;
  handling: HandlingService;
  officerReminders: OfficerRemindersService;
  payments: PaymentsService;
  results: ResultsService;
  postal: PostalService;
  /** The National Public Service Portal's dossier exchange (src/modules/nationalportal/): inbound dossiers, outbound steps. */
  nationalPortal: NationalPortalService;
  /** The outbox's retention (src/modules/outbox/): job outbox.purge, over the one list of the outbox consumers. */
  outbox: OutboxRetention;
  /** Webhooks (src/modules/webhooks/): subscriptions of other systems to dossier events, signed deliveries. */
  webhooks: WebhooksService;
  /** The SIPAS satisfaction survey (src/modules/surveys/): questionnaires, rounds, samples, answers, the index; `yearIndex` for the PAR Index. */
  surveys: SurveysService;
  /** The work calendar and electronic invitations (src/modules/meetings/): weekly calendars, meetings, invitations by link. */
  meetings: MeetingsService;
  /** The PAR Index (src/modules/parindex/): criteria trees, self-assessment, appraisal, ranking; proposals through ParDataPorts. */
  parIndex: ParIndexService;
  /** The yearly PAR plan (src/modules/parplan/): tasks by PAR field, owner departments' progress with evidence; the PAR Index's PlanEvidencePort. */
  parPlan: ParPlanService;
  /** Procedure review with compliance costs (src/modules/review/): yearly reviews, proposals, approval, the report, evidence from dossiers. */
  review: ReviewService;
  /** Data sharing, LGSP/NGSP (src/modules/datasharing/): lookups in the population database and the business registry. */
  dataSharing: DataSharingService;
  /** Single sign-on with VNeID (identity.sso.service.ts); `enabled` false without VNEID_* settings. */
  sso: SsoService;
  /** Feedback and complaints, PAKN (src/modules/feedback/); also the scorecards' ComplaintCounts port. */
  feedback: FeedbackService;
  /** The national document exchange, edXML (src/modules/docexchange/): partners, packages sent and received, statuses. */
  docExchange: DocExchangeService;
  /** Incoming official documents, văn bản đến (src/modules/incoming/); ports registerReceived (docexchange), markAnswered / getForAnswer (outgoing). */
  incoming: IncomingService;
  /** Outgoing official documents, văn bản đi (src/modules/outgoing/): drafting, approval chain, signer + seal signatures, register, sending. */
  outgoing: OutgoingService;
  /** The one-stop floor (src/modules/floor/): counter groups, counters, queue tickets (kiosk, appointments), the rating tablet. */
  floor: FloorService;
  /** Appointments at the one-stop centre (src/modules/appointments/): slots, booking, confirmation, check-in at the kiosk (a floor ticket), no-shows. */
  appointments: AppointmentsService;
  /** The floor's live board (floor.board.ts): one snapshot per agency over SSE, LISTEN floor on one connection. */
  floorBoard: FloorBoardService;
  /** Scan to open and the pickup counter (floor.scan.ts), through the back office's search and return action. */
  floorScan: FloorScanService;
  /** The floor's reports (floor.reports.ts): visits, waiting and service times, ratings per officer. */
  floorReports: FloorReportsService;
}

export interface AppContext {
  config: Config;
  db: Db;
  /** Demo mode (config DEMO, see Config.demo): the demo accounts are listed on the login page; the test inboxes are open. */
  demo: boolean;
  services: Services;
  /** The SMS gateway simulator the demo sends to when no SMS_URL is set (its messages: /hop-thu/sms). */
  smsSimulator?: Pick<SmsSimulator, 'messages'> | null;
  /** The postal service simulator's control page the demo started (no POSTAL_URL), linked from the officer's postal page. */
  postalSimulatorUrl?: string | null;
  /** The read-only report reads' database: the replica (DATABASE_REPLICA_URL) with the primary as fallback, else the primary. Closed on shutdown. */
  reportsDb: ReadDb;
}

export function createServices(config: Config, db: Db, options: { hasher?: PasswordHasher; postalGateway?: PostalGateway | null; reportsDb?: ReadDb; databaseUrl?: string | null } = {}): Services {
  const hasher = options.hasher ?? argon2Hasher();
  // The reports and the scorecard's live counts read here (a replica when configured, src/db/replica.ts); never writes.
  const reportsDb = options.reportsDb ?? primaryReadDb(db);
  const audit = new AuditService(db);
  const agencies = new AgenciesService(db, undefined, audit);
  const mail = new MailService(db, config);
  const identity = new IdentityService(db, config, hasher, audit, mail);
  const sso = new SsoService(
    db,
    config,
    audit,
    mail,
    () => identity.formTokenKey(),
    config.vneid
      ? new VneidRelyingParty({ ...config.vneid, redirectUri: `${config.baseUrl}/dang-nhap/vneid/callback`, postLogoutRedirectUri: `${config.baseUrl}/` })
      : null,
  );
  const staff = new StaffService(db, agencies, identity, audit);
  const apikeys = new ApiKeysService(db, agencies, audit);
  const files = createFileStorage(config, db);
  const catalog = new CatalogService(db, agencies, audit, files, { maxTemplateBytes: config.maxTemplateBytes });
  const documents = new DocumentsService(db, files, audit, { maxFileBytes: config.dossierMaxFileBytes, maxTotalBytes: config.dossierMaxTotalBytes, catalog });
  const calendar = new CalendarService(db, agencies, audit);
  const dataSharing = new DataSharingService(
    db,
    config.dataSharing ? new HttpDataSharingClient({ baseUrl: config.dataSharing.url, clientId: config.dataSharing.clientId, clientSecret: config.dataSharing.clientSecret, timeoutMs: config.dataSharingTimeoutMs }) : null,
  );
  const dossiers = new DossiersService(db, audit, catalog, files, {
    maxFileBytes: config.dossierMaxFileBytes,
    maxTotalBytes: config.dossierMaxTotalBytes,
    filesDir: config.filesDir,
    store: documents,
    draftRetentionDays: config.draftRetentionDays,
    draftReminderDays: config.draftReminderDays,
    dueDate: calendarDueDate(calendar),
    dataSharing,
    // Fees charged before submission (payments, built below; read only when a draft is submitted).
    feesBeforeSubmission: (feeRules, formData) => payments.feesBeforeSubmission(feeRules, formData),
  });
  const receipts = new ReceiptService(db, mail, { baseUrl: config.baseUrl }, catalog);
  // Staff may record officer-only answers on the dossiers they may read (HandlingService.detail's check).
  const formContent = new DossierFormContent(db, catalog, { audit, access: (actor, id) => handling.detail(actor, id) });
  const intake = new IntakeService(db, agencies, audit, catalog, files, {
    baseUrl: config.baseUrl,
    maxFileBytes: config.dossierMaxFileBytes,
    maxTotalBytes: config.dossierMaxTotalBytes,
    dueDate: calendarDueDate(calendar),
    dossiers: dossiers.records,
  });
  const reports = new ReportsService(reportsDb, agencies);
  const imports = new ImportsService(db, agencies, audit, files, {
    maxRows: config.importMaxRows,
    maxBytes: config.importMaxBytes,
    tmpDir: path.join(config.dataDir, 'tmp', 'imports'),
  });
  const notifications = new NotificationsService(db, mail, config.smsUrl ? new HttpSmsSender(config.smsUrl, config.smsToken) : null, {
    baseUrl: config.baseUrl,
    draftPolicy: { retentionDays: config.draftRetentionDays, reminderDays: config.draftReminderDays },
  });
  const messages = new MessagesService(db, agencies, audit, notifications);
  const ratings = new RatingsService(db, audit);
  const scorecards = new ScorecardsService(db, agencies, audit, reportsDb);
  // Catalog sync with the national portal (catalog.sync.ts): the same account and unit as the dossier exchange.
  const portal = config.nationalPortal;
  const catalogSync = new CatalogSyncService(
    db,
    agencies,
    audit,
    portal.url && portal.username && portal.password !== undefined ? { url: portal.url, username: portal.username, password: portal.password, unit: portal.unit ?? null } : null,
  );
  const visits = new VisitsService(db);
  const disclosure = new DisclosureService(db, scorecards);
  const handling = new HandlingService(db, agencies, audit, calendar, {
    history: dossiers.records,
    results: { files, documents },
    // The payments module's computed fee (read only when an action runs, after `payments` below exists).
    fees: { computedFeeVnd: (rules, data) => payments.computedFeeVnd(rules, data) },
  });
  // The catalog interchange format carries versions' workflows; a new version starts from the previous one's.
  catalog.setWorkflows(new WorkflowExchange());
  const officerReminders = new OfficerRemindersService(db, calendar, notifications);
  const payments = new PaymentsService(db, agencies, audit, new OutboxService(), config.payment ? new HttpPaymentPlatform(config.payment) : null, {
    baseUrl: config.baseUrl,
    orderTtlMinutes: config.paymentOrderTtlMinutes,
    vietqr: config.vietqr,
  });
  // The catalog interchange format carries versions' fee rules, checked by the payments module.
  catalog.setFees({ check: (rules, schema) => payments.checkFeeRules(rules, schema) });
  payments.setResumer({ resumeAfterPayment: (dossierId, now) => handling.resumeAfterPayment(dossierId, now) });
  // A draft frozen for fees charged before submission is submitted by its payment (or given back unpaid).
  payments.setSubmission({ submitPaid: (tx, id, paidAt, orderNo) => dossiers.submitPaid(tx, id, paidAt, orderNo), releaseUnpaid: (tx, id, at) => dossiers.releaseUnpaid(tx, id, at) });
  const results = new ResultsService(db, agencies, audit, files, documents, { baseUrl: config.baseUrl, maxBytes: config.dossierMaxFileBytes }, new ResultsPki(db, { p12Path: config.signingP12Path, p12Password: config.signingP12Password, caCertPaths: config.signingCaCerts }));
  const postal = new PostalService(
    db,
    audit,
    options.postalGateway !== undefined ? options.postalGateway : config.postalUrl ? new HttpPostalGateway(config.postalUrl, config.postalToken) : null,
    {
      officerDossier: (actor, id) => handling.detail(actor, id),
      returnByPost: async (actor, id, input) => {
        await handling.act(actor, id, 'return_result', { method: 'post', note: input.note, expectedVersion: input.expectedVersion });
      },
      handlingScope: (actor) => agencies.scopeOf(actor, HANDLING_ROLES),
      returnAtCounter: async (actor, id, input) => {
        await handling.act(actor, id, 'return_result', { method: 'counter', note: input.note });
      },
      history: (tx, row) => dossiers.records.insertEvent(tx, row),
      outbox: new OutboxService(),
    },
    { webhookSecret: config.postalWebhookSecret, callbackUrl: `${config.baseUrl}/api/postal/webhook`, senderProvince: config.postalSenderProvince },
  );
  const np = config.nationalPortal;
  const nationalPortal = new NationalPortalService(
    db,
    audit,
    intake,
    catalog,
    files,
    np.url && np.username && np.password ? new HttpNationalPortalGateway({ url: np.url, username: np.username, password: np.password, unit: np.unit }) : null,
    { inboundToken: np.inboundToken, portalUrl: np.url, alertMinutes: np.alertMinutes, maxFileBytes: config.dossierMaxFileBytes },
  );
  // Webhooks read a dossier through the dossiers' records (summary) and the agency tree (its receiving agency's id).
  const webhooks = new WebhooksService(
    db,
    agencies,
    audit,
    {
      facts: async (tx, id) => {
        const s = await dossiers.records.summary(tx, id);
        const agency = s ? await agencies.byCode(s.agency_code, tx) : undefined;
        if (!s || !agency) return null;
        return { id: s.id, code: s.code, status: s.status, channel: s.channel, procedureCode: s.procedure_code, agencyId: agency.id, agencyCode: agency.code };
      },
    },
    { allowPrivateTargets: config.webhooks.allowPrivateTargets, timeoutMs: config.webhooks.timeoutMs, serverSecret: config.sessionSecret },
  );
  // The survey's invitations go out through the SMS outbox (notifications) and the mail outbox, in its transaction.
  const surveys = new SurveysService(
    db,
    agencies,
    audit,
    { queueSms: (tx, to, body) => notifications.queueSms(tx, to, body), queueMail: (tx, message) => mail.queue(tx, message) },
    { baseUrl: config.baseUrl },
  );
  // Feedback and complaints (PAKN): procedures through the catalog, one-time codes by SMS through notifications.
  const feedback = new FeedbackService(
    db,
    agencies,
    audit,
    calendar,
    files,
    mail,
    {
      procedureName: async (code) => (await catalog.published(code).catch(() => null))?.name ?? null,
      queueSms: (tx, to, body) => notifications.queueSms(tx, to, body),
    },
    { baseUrl: config.baseUrl, maxFileBytes: config.dossierMaxFileBytes },
  );
  // The work calendar's invitations: mail and SMS outboxes and in-app notices, in the sending transaction.
  const meetings = new MeetingsService(
    db,
    agencies,
    audit,
    files,
    {
      queueSms: (tx, to, body) => notifications.queueSms(tx, to, body),
      queueMail: (tx, message) => mail.queue(tx, message),
      notify: (tx, notice) => notifications.notifyAccount(tx, { ...notice, kind: 'meeting.invitation' }),
    },
    { baseUrl: config.baseUrl, maxFileBytes: config.dossierMaxFileBytes },
  );
  // Decision 766: the complaints metric counts dossiers with feedback classified as a complaint.
  scorecards.setComplaints(feedback);
  // Incoming documents (văn bản đến): scans through the files module's inspection, deadlines on the calendar, reminders by mail.
  const incoming = new IncomingService(db, agencies, audit, calendar, files, mail, new OutboxService(), { baseUrl: config.baseUrl, maxFileBytes: config.dossierMaxFileBytes });
  // Outgoing documents (văn bản đi): signing and a dossier's result through the results module's narrow port; answers
  // and internal recipients through the incoming module's (getForAnswer, markAnswered, registerReceived).
  const outgoing = new OutgoingService(db, agencies, audit, files, {
    results: {
      signOfficial: (pdf, input) => results.signOfficial(pdf, input),
      dossierForDocument: (actor, id, tx) => results.dossierForDocument(actor, id, tx),
      recordIssuedDocument: (tx, actor, id, input) => results.recordIssuedDocument(tx, actor, id, input),
      dossierCode: (id) => results.dossierCode(id),
    },
    incoming: {
      getForAnswer: (actor, id) => incoming.getForAnswer(id, actor),
      markAnswered: (tx, actor, incomingId, doc) => incoming.markAnswered(incomingId, doc.id, actor, tx),
      registerReceived: async (input) => {
        await incoming.registerReceived({ agencyId: input.agencyId, issuer: input.issuer, senderCode: input.senderCode, numberSymbol: input.numberSymbol, issuedOn: input.issuedOn, docType: input.docType, excerpt: input.excerpt, signer: input.signer, urgency: input.urgency, confidentiality: input.confidentiality, packageId: input.packageId, fileIds: [input.fileId] });
      },
    },
  });
  // PAR Index: points proposed from the catalog and the 766 scorecard (a year's counts), the reports (on-time rate,
  // as the assessor may read them) and the SIPAS survey (SurveysService.yearIndex).
  const parIndex = new ParIndexService(db, agencies, audit, files, { maxFileBytes: config.dossierMaxFileBytes });
  const yearBounds = (year: number, now: Date) => {
    const to = vietnamDayStart(`${year + 1}-01-01`);
    return { from: vietnamDayStart(`${year}-01-01`), to, last: to > now ? vietnamDate(now) : `${year}-12-31` };
  };
  const yearCounts = async (agencyId: string, year: number, now: Date) => {
    const { from, to } = yearBounds(year, now);
    if (from > now) return null;
    const [config, rolled] = await Promise.all([scorecards.config(), scorecards.rolledCounts(from, to, now)]);
    const counts = rolled.counts.get(agencyId);
    return counts ? { config, counts } : null;
  };
  parIndex.setPorts({
    onlineServices: async (agency, year, now) => {
      const c = (await yearCounts(agency.id, year, now))?.counts;
      if (!c || c.proceduresInScope <= 0) return null;
      return { rate: c.proceduresOnline / c.proceduresInScope, numerator: c.proceduresOnline, denominator: c.proceduresInScope, source: `Danh mục TTHC: thủ tục cung cấp DVC trực tuyến toàn trình, một phần / thủ tục đã công bố (${agency.code})` };
    },
    onTimeRate: async (actor, agency, year, now) => {
      const { from, last } = yearBounds(year, now);
      if (from > now) return null;
      const r = (await reports.indicators(actor, { agency: agency.code, from: `${year}-01-01`, to: last }, now)).onTimeRate;
      if (r.denominator <= 0) return null;
      return { rate: r.numerator / r.denominator, numerator: r.numerator, denominator: r.denominator, source: `Báo cáo tình hình giải quyết TTHC 01/01/${year}–${last.split('-').reverse().join('/')}: (trước hạn + đúng hạn) / đã giải quyết` };
    },
    score766: async (agency, year, now) => {
      const y = await yearCounts(agency.id, year, now);
      const result = y ? evaluate766(y.config, y.counts, 'vi') : null;
      if (!result || result.index === null) return null;
      return { rate: result.index / 100, source: `Bộ chỉ số 766 năm ${year}: ${result.points} / ${result.maxPoints} điểm` };
    },
    sipas: async (agency, year) => {
      const s = await surveys.yearIndex(agency.id, year);
      return s ? { rate: s.index / 100, sampleSize: s.sampleSize, marginOfError: s.marginOfError, source: `SIPAS ${year}: ${s.sampleSize} phiếu, sai số ±${s.marginOfError} điểm %` } : null;
    },
  });
  // The yearly PAR plan: fields from the PAR Index's criteria sets, reminders to the owner departments by mail; its
  // evidence is offered on the PAR self-assessment (parindex.ports.ts PlanEvidencePort).
  const parPlan = new ParPlanService(db, agencies, parIndex, staff, calendar, mail, audit, files, { maxFileBytes: config.dossierMaxFileBytes, baseUrl: config.baseUrl });
  parIndex.setPlanEvidence({ evidenceFor: (agencyId, year) => parPlan.evidenceFor(agencyId, year) });
  // The one-stop floor: tickets by SMS through notifications, the group form's procedures from the catalog, the
  // dossier linked when a service finishes by its exact code in the officer's queue scope.
  const floor = new FloorService(
    db,
    agencies,
    audit,
    {
      queueSms: (tx, to, body) => notifications.queueSms(tx, to, body),
      agencyProcedures: async (agencyCode) => {
        const out: Array<{ code: string; name: string }> = [];
        for (let page = 1; page <= 5; page++) {
          const result = await catalog.search({ agency: agencyCode, page, pageSize: 100 });
          out.push(...result.rows.map((r) => ({ code: r.code, name: r.name })));
          if (out.length >= result.total || !result.rows.length) break;
        }
        return out;
      },
      dossierByCode: async (actor, code) => {
        const found = await handling.queue(actor, { scope: 'agency', q: code });
        const item = found.items.find((i) => i.code === code);
        return item ? { id: item.id } : null;
      },
    },
    { baseUrl: config.baseUrl },
  );
  // Appointments: the floor's groups and tickets (check-in in the appointment's transaction), SMS through
  // notifications, the one-time codes and rate limits of the feedback module.
  const appointments = new AppointmentsService(
    db,
    agencies,
    audit,
    calendar,
    mail,
    {
      groups: (agencyId) => floor.listGroups(agencyId),
      issueTicket: async (tx, input, now) => {
        const ticket = await floor.issueTicket({ agencyId: input.agencyId, groupId: input.groupId, source: 'appointment', appointmentId: input.appointmentId, phone: input.phone }, { tx, now });
        return { id: ticket.id, label: ticket.code };
      },
      queueSms: (tx, to, body) => notifications.queueSms(tx, to, body),
      requestCode: (input, context) => feedback.requestCode(input, context),
      verifyCode: (tx, verificationId, code) => feedback.verifyContact(tx, verificationId, code),
      limit: (kind, key) => feedback.limit(kind, key),
    },
    { baseUrl: config.baseUrl },
  );
  // The floor's live board: the agency by its code; LISTEN floor on its own connection when the URL is known.
  const floorBoard = new FloorBoardService(
    db,
    async (code) => {
      const a = await agencies.byCode(code);
      return a && a.active ? { id: a.id, code: a.code, name: a.name } : null;
    },
    { databaseUrl: options.databaseUrl ?? null },
  );
  // Scan to open: the back office's queue search by exact code (any status, the officer's scope), its officer view
  // and its return action (method counter) — the scan never writes a status itself.
  const floorReports = new FloorReportsService(db, agencies);
  // Decision 766: the counter ratings' metrics (counter_rated, counter_satisfied) for a satisfaction indicator.
  scorecards.setCounterRatings(floorReports);
  const floorScan = new FloorScanService({
    findByCode: async (actor, code) => {
      const found = await handling.queue(actor, { scope: 'agency', q: code });
      const item = found.items.find((i) => i.code === code);
      return item ? { id: item.id } : null;
    },
    dossier: (actor, id) => handling.detail(actor, id),
    returnAtCounter: async (actor, id, input) => {
      await handling.act(actor, id, 'return_result', { method: 'counter', note: input.note, expectedVersion: input.expectedVersion });
    },
  });
  // Procedure review (rà soát TTHC): versions and new drafts through the catalog service, working days from the calendar.
  const review = new ReviewService(db, agencies, audit, catalog, calendar);
  // The national document exchange (edXML): received packages become incoming documents; a dossier's step to an
  // agency not on OpenDVC travels by it and completes through the handling service.
  const dx = config.docExchange;
  const docExchange = new DocExchangeService(db, agencies, audit, dx.url && dx.token ? new HttpDocExchangeGateway({ url: dx.url, token: dx.token }) : null, { organId: dx.organId, organName: dx.organName, maxBytes: dx.maxBytes, maxFileBytes: config.dossierMaxFileBytes });
  docExchange.setPorts({
    incoming: {
      registerReceived: (p) =>
        incoming.registerReceived({
          agencyId: p.agencyId,
          issuer: p.senderName.slice(0, 300),
          senderCode: p.senderOrganId,
          numberSymbol: p.numberSymbol.slice(0, 60),
          issuedOn: p.issuedOn,
          docType: p.documentType ?? 'official_letter',
          excerpt: p.subject.slice(0, 2000),
          urgency: p.urgency,
          ...(p.pageCount > 0 ? { pageCount: p.pageCount } : {}),
          ...(p.signerName ? { signer: p.signerName.slice(0, 200) } : {}),
          packageId: p.exchangeId,
          receivedAt: p.receivedAt.toISOString(),
          attachments: p.files.slice(0, 10).map((f) => ({ name: f.name, content: f.bytes })),
        }),
    },
    verifyPdf: (bytes) => results.verifyBytes(bytes),
    dossier: (actor, id) => handling.detail(actor, id),
    openFile: (fileId) => files.open(fileId),
    files,
    history: (tx, row) => dossiers.records.insertEvent(tx, row),
    dossierStatus: async (tx, id) => (await dossiers.records.summary(tx, id))?.status ?? null,
    completeStep: (dossierId, input) => handling.completeExternalStep(dossierId, input),
  });
  // The outgoing module's outside addressees go through the document exchange.
  outgoing.setPorts({ docExchange: { send: (input) => docExchange.sendOutgoing(input) } });
  // Every outbox consumer of the platform (each module's own `consumer`: name and topics): retention keeps a row until
  // all of its topic's consumers have delivered it. A new consumer goes here (test/integration/outbox-retention.test.ts
  // checks every module calling consumeOutbox is listed).
  const outbox = new OutboxRetention(db, () => [receipts.consumer, notifications.consumer, nationalPortal.consumer, webhooks.consumer, docExchange.consumer], {
    retentionDays: config.outboxRetentionDays,
  });
  return { outbox, parPlan, appointments, docExchange, review, floor, outgoing, meetings, floorBoard, floorScan, floorReports, parIndex, feedback, incoming, surveys, webhooks, agencies, audit, identity, staff, apikeys, mail, files, catalog, catalogSync, calendar, dossiers, formContent, documents, receipts, intake, reports, imports, notifications, messages, ratings, scorecards, visits, disclosure, handling, officerReminders, payments, postal, results, sso, dataSharing, nationalPortal };
}

export function createContext(
  config: Config,
  db: Db,
  options: {
    demo?: boolean;
    hasher?: PasswordHasher;
    smsSimulator?: Pick<SmsSimulator, 'messages'> | null;
    postalGateway?: PostalGateway | null;
    postalSimulatorUrl?: string | null;
    /** The database's URL, for the connections that cannot come from the pool (the live board's LISTEN). */
    databaseUrl?: string | null;
    /** Told when the replica could not be reached and the reports fell back to the primary (once per failure). */
    onReplicaFallback?: (error: unknown) => void;
  } = {},
): AppContext {
  const reportsDb = createReportsDb(config, db, options.onReplicaFallback);
  return { config, db, demo: options.demo ?? config.demo, services: createServices(config, db, { ...options, reportsDb }), smsSimulator: options.smsSimulator ?? null, postalSimulatorUrl: options.postalSimulatorUrl ?? null, reportsDb };
}

/**
 * DATABASE_REPLICA_URL: a small pool on the replica (opened on the first report read), prepared statements as the
 * primary's (DATABASE_PREPARED_STATEMENTS), the primary as fallback. Absent: the primary.
 */
export function createReportsDb(config: Config, db: Db, onFallback?: (error: unknown) => void): ReadDb {
  const url = config.databaseReplicaUrl;
  if (!url) return primaryReadDb(db);
  return new ReplicaReadDb(db, () => createDb(url, { max: 4, prepared: config.databasePreparedStatements }), { onFallback });
}
