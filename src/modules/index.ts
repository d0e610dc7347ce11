// Every capability's HTTP module, in registration order.
import '../core/messages.ts';
import type { AppModule } from '../http/app.ts';
import { opsModule } from './ops/ops.routes.ts';
import { agenciesModule } from './agencies/agencies.routes.ts';
import { auditModule } from './audit/audit.routes.ts';
import { staffModule } from './staff/staff.routes.ts';
import { identityModule } from './identity/identity.routes.ts';
import { mailModule } from './mail/mail.routes.ts';
import { catalogModule } from './catalog/catalog.routes.ts';
import { catalogPagesModule } from './catalog/catalog.pages.ts';
import { catalogManagePagesModule } from './catalog/catalog.manage.pages.ts';
import { catalogEformPagesModule } from './catalog/catalog.eform.pages.ts';
import { catalogSyncPagesModule } from './catalog/catalog.sync.pages.ts';
import { calendarModule } from './calendar/calendar.routes.ts';
import { calendarPagesModule } from './calendar/calendar.pages.ts';
import { dossiersModule } from './dossiers/dossiers.routes.ts';
import { dossierPagesModule } from './dossiers/dossiers.pages.ts';
import { documentsModule } from './documents/documents.routes.ts';
import { receiptsModule } from './dossiers/dossiers.receipt.routes.ts';
import { reportsModule } from './reports/reports.routes.ts';
import { reportsPagesModule } from './reports/reports.pages.ts';
import { intakeModule } from './intake/intake.routes.ts';
import { visitsModule } from './visits/visits.routes.ts';
import { scorecardsModule } from './scorecards/scorecards.routes.ts';
import { scorecardsPagesModule } from './scorecards/scorecards.pages.ts';
import { importsModule } from './imports/imports.routes.ts';
import { disclosureModule } from './disclosure/disclosure.routes.ts';
import { notificationsModule } from './notifications/notifications.routes.ts';
import { messagesModule } from './messages/messages.routes.ts';
import { ratingsModule } from './ratings/ratings.routes.ts';
import { handlingModule } from './handling/handling.routes.ts';
import { officerPagesModule } from './handling/handling.pages.ts';
import { workflowPagesModule } from './handling/handling.workflow.pages.ts';
import { intakePagesModule } from './intake/intake.pages.ts';
import { resultsModule } from './results/results.routes.ts';
import { resultsPagesModule } from './results/results.pages.ts';
import { paymentsModule } from './payments/payments.routes.ts';
import { paymentPagesModule } from './payments/payments.pages.ts';
import { postalModule } from './postal/postal.routes.ts';
import { postalPagesModule } from './postal/postal.pages.ts';
import { nationalPortalModule } from './nationalportal/nationalportal.routes.ts';
import { nationalPortalPagesModule } from './nationalportal/nationalportal.pages.ts';

// ops first: its hooks (x-request-id, metrics) then apply to every route.
// notifications early too: its preHandler gives every page the unread count for the header.
export const modules: AppModule[] = [opsModule, notificationsModule, visitsModule, identityModule, mailModule, agenciesModule, staffModule, auditModule, catalogModule, catalogPagesModule, catalogManagePagesModule, catalogEformPagesModule, catalogSyncPagesModule, calendarModule, calendarPagesModule, dossiersModule, dossierPagesModule, documentsModule, receiptsModule, reportsModule, reportsPagesModule, intakeModule, scorecardsModule, scorecardsPagesModule, disclosureModule, messagesModule, ratingsModule, importsModule, handlingModule, officerPagesModule, workflowPagesModule, intakePagesModule, resultsModule, resultsPagesModule, paymentsModule, paymentPagesModule, postalModule, postalPagesModule, nationalPortalModule, nationalPortalPagesModule];
