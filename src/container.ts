// Composition root: builds every service once, from the config and the database.
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { AgenciesService } from './modules/agencies/agencies.service.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { IdentityService } from './modules/identity/identity.service.ts';
import { argon2Hasher, type PasswordHasher } from './modules/identity/passwords.ts';
import { StaffService } from './modules/staff/staff.service.ts';
import { MailService } from './modules/mail/mail.service.ts';
import { CatalogService } from './modules/catalog/catalog.service.ts';
import { LocalFileStorage, type FileStorage } from './modules/files/files.service.ts';
import { CalendarService } from './modules/calendar/calendar.service.ts';
import { DossiersService } from './modules/dossiers/dossiers.service.ts';
import { calendarDueDate } from './modules/dossiers/dossiers.due.ts';
import { ReceiptService } from './modules/dossiers/dossiers.receipt.service.ts';

export interface Services {
  agencies: AgenciesService;
  audit: AuditService;
  identity: IdentityService;
  staff: StaffService;
  mail: MailService;
  files: FileStorage;
  catalog: CatalogService;
  calendar: CalendarService;
  dossiers: DossiersService;
  receipts: ReceiptService;
}

export interface AppContext {
  config: Config;
  db: Db;
  /** Demo mode: the demo accounts are listed on the login page. */
  demo: boolean;
  services: Services;
}

export function createServices(config: Config, db: Db, options: { hasher?: PasswordHasher } = {}): Services {
  const hasher = options.hasher ?? argon2Hasher();
  const audit = new AuditService(db);
  const agencies = new AgenciesService(db, undefined, audit);
  const mail = new MailService(db, config);
  const identity = new IdentityService(db, config, hasher, audit, mail);
  const staff = new StaffService(db, agencies, identity, audit);
  const files = new LocalFileStorage(db, config.filesDir);
  const catalog = new CatalogService(db, agencies, audit, files, { maxTemplateBytes: config.maxTemplateBytes });
  const calendar = new CalendarService(db, agencies, audit);
  const dossiers = new DossiersService(db, audit, catalog, files, {
    maxFileBytes: config.dossierMaxFileBytes,
    maxTotalBytes: config.dossierMaxTotalBytes,
    filesDir: config.filesDir,
    dueDate: calendarDueDate(calendar),
  });
  const receipts = new ReceiptService(db, mail, { baseUrl: config.baseUrl });
  return { agencies, audit, identity, staff, mail, files, catalog, calendar, dossiers, receipts };
}

export function createContext(config: Config, db: Db, options: { demo?: boolean; hasher?: PasswordHasher } = {}): AppContext {
  return { config, db, demo: options.demo ?? false, services: createServices(config, db, options) };
}
