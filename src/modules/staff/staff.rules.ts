// Pure rules of staff account administration: which role grants an administrator may set.
import type { RoleGrant } from '../../core/actor.ts';
import { ROLES } from '../../core/actor.ts';
import type { Role } from '../../db/schema.ts';

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function sameGrant(a: RoleGrant, b: RoleGrant): boolean {
  return a.role === b.role && a.agencyId === b.agencyId;
}

/** Removes repeated grants, keeping the first of each. */
export function uniqueGrants(grants: readonly RoleGrant[]): RoleGrant[] {
  const out: RoleGrant[] = [];
  for (const grant of grants) if (!out.some((g) => sameGrant(g, grant))) out.push(grant);
  return out;
}

export interface GrantPlan {
  /** The account's grants after the change. */
  next: RoleGrant[];
  added: RoleGrant[];
  removed: RoleGrant[];
  /** Requested grants on agencies outside the administrator's scope (the change must be refused). */
  outOfScope: RoleGrant[];
}

/**
 * Replaces the grants an administrator controls. Grants on agencies outside `scope` (the administrator's
 * subtree) are kept untouched: an administrator can neither add nor remove them.
 */
export function planGrants(current: readonly RoleGrant[], requested: readonly RoleGrant[], scope: ReadonlySet<string>): GrantPlan {
  const wanted = uniqueGrants(requested);
  const outOfScope = wanted.filter((g) => !scope.has(g.agencyId));
  const kept = current.filter((g) => !scope.has(g.agencyId));
  const next = uniqueGrants([...kept, ...wanted.filter((g) => scope.has(g.agencyId))]);
  const added = next.filter((g) => !current.some((c) => sameGrant(c, g)));
  const removed = current.filter((c) => !next.some((g) => sameGrant(c, g)));
  return { next, added, removed, outOfScope };
}

/** True when the change would take away an administrator's own admin grants (locking themselves out). */
export function removesOwnAdmin(actorId: string, accountId: string, removed: readonly RoleGrant[]): boolean {
  return actorId === accountId && removed.some((g) => g.role === 'admin');
}

export type StaffStatus = 'pending' | 'active' | 'disabled';

/** Statuses an administrator may set: active and disabled (pending is for self-registered citizens). */
export function canSetStatus(from: StaffStatus, to: string): to is 'active' | 'disabled' {
  return (to === 'active' || to === 'disabled') && from !== to;
}
