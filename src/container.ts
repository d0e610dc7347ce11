// Composition root: builds every service once, from the config and the database.
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { AgenciesService } from './modules/agencies/agencies.service.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { IdentityService } from './modules/identity/identity.service.ts';
import { argon2Hasher, type PasswordHasher } from './modules/identity/passwords.ts';

export interface Services {
  agencies: AgenciesService;
  audit: AuditService;
  identity: IdentityService;
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
  const agencies = new AgenciesService(db);
  const identity = new IdentityService(db, config, hasher, audit);
  return { agencies, audit, identity };
}

export function createContext(config: Config, db: Db, options: { demo?: boolean; hasher?: PasswordHasher } = {}): AppContext {
  return { config, db, demo: options.demo ?? false, services: createServices(config, db, options) };
}
