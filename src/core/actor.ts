// Who is acting. Services receive an Actor (or null for anonymous visitors) and check permissions themselves.
import type { AccountKind, Role } from '../db/schema.ts';

export interface RoleGrant {
  role: Role;
  /** Root of the agency subtree the role applies to. */
  agencyId: string;
}

export interface Actor {
  id: string;
  username: string;
  fullName: string;
  kind: AccountKind;
  agencyId: string | null;
  departmentId: string | null;
  organisationId: string | null;
  roles: RoleGrant[];
  /** Address the request came from; recorded in the audit log. */
  ip?: string | undefined;
  /** The API key the request authenticated with (a service account's call); recorded in the audit log. */
  apiKeyId?: string | undefined;
}

export const ROLES: readonly Role[] = [
  'receptionist',
  'specialist',
  'department_head',
  'agency_leader',
  'catalog_manager',
  'admin',
  'inspector',
  'accountant',
];

export function hasRole(actor: Actor | null, role: Role): boolean {
  return !!actor && actor.roles.some((grant) => grant.role === role);
}

/** Agency roots on which the actor holds one of the given roles. */
export function rolesRoots(actor: Actor | null, roles: readonly Role[]): string[] {
  if (!actor) return [];
  return [...new Set(actor.roles.filter((grant) => roles.includes(grant.role)).map((grant) => grant.agencyId))];
}
