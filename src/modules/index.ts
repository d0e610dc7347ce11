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
import { calendarModule } from './calendar/calendar.routes.ts';
import { dossiersModule } from './dossiers/dossiers.routes.ts';
import { dossierPagesModule } from './dossiers/dossiers.pages.ts';
import { receiptsModule } from './dossiers/dossiers.receipt.routes.ts';

// ops first: its hooks (x-request-id, metrics) then apply to every route.
export const modules: AppModule[] = [opsModule, identityModule, mailModule, agenciesModule, staffModule, auditModule, catalogModule, calendarModule, dossiersModule, dossierPagesModule, receiptsModule];
