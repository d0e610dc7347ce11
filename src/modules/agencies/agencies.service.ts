// The agency tree and authorisation scoped to agency subtrees.
import type { Actor } from '../../core/actor.ts';
import { rolesRoots } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { Agency, Role } from '../../db/schema.ts';
import { AgenciesRepository } from './agencies.repository.ts';

export class AgenciesService {
  constructor(private readonly db: Db, private readonly repo = new AgenciesRepository()) {}

  byCode(code: string, db: Executor = this.db): Promise<Agency | undefined> {
    return this.repo.findByCode(db, code);
  }

  byId(id: string, db: Executor = this.db): Promise<Agency | undefined> {
    return this.repo.findById(db, id);
  }

  list(): Promise<Agency[]> {
    return this.repo.listAll(this.db);
  }

  /**
   * Throws unless the actor holds one of `roles` on an agency whose subtree contains `agencyId`.
   * Anonymous → UNAUTHENTICATED; signed in without the right → FORBIDDEN.
   */
  async authorize(actor: Actor | null, roles: readonly Role[], agencyId: string, db: Executor = this.db): Promise<Actor> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const roots = rolesRoots(actor, roles);
    if (!(await this.repo.withinSubtree(db, roots, agencyId))) throw new DomainError('FORBIDDEN');
    return actor;
  }

  /** Agencies (ids) on which the actor may act with one of `roles` (empty when none). */
  scopeOf(actor: Actor | null, roles: readonly Role[], db: Executor = this.db): Promise<string[]> {
    return this.repo.subtreeIds(db, rolesRoots(actor, roles));
  }
}
