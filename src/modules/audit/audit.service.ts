// The audit trail: every state-changing use case calls record() inside its own transaction.
import type { Actor } from '../../core/actor.ts';
import { rolesRoots } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { Static } from 'typebox';
import type { Role } from '../../db/schema.ts';
import type { Db, Executor } from '../../db/database.ts';
import { AuditRepository } from './audit.repository.ts';
import { auditHash, verifyChain, type AuditFields, type ChainVerdict } from './audit.rules.ts';
import type { AuditEntry as AuditEntrySchema, AuditQuery } from './audit.schemas.ts';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  summary?: Record<string, unknown>;
  /** Agency the change concerns (defaults to the actor's agency). */
  agencyId?: string | null;
}

/** What the audit pages need from the agency tree (AgenciesService). */
export interface AgencyScopes {
  scopeOf(actor: Actor | null, roles: readonly Role[]): Promise<string[]>;
  holdsOnRoot(actor: Actor | null, roles: readonly Role[]): Promise<boolean>;
}

/** The filters of the log (the API's AuditQuery: action or its prefix, target, page). */
export type AuditFilters = Static<typeof AuditQuery>;

/** A log entry (the API's AuditEntry, `at` as a Date); `ip` only for administrators of the entry's agency. */
export type AuditEntryView = Omit<Static<typeof AuditEntrySchema>, 'at'> & { at: Date };

const PAGE_SIZE = 50;

const READERS: readonly Role[] = ['admin', 'inspector'];

export class AuditService {
  constructor(private readonly db: Db, private readonly repo = new AuditRepository()) {}

  /**
   * Appends one entry. `tx` must be the transaction of the change being recorded: the entry exists exactly when
   * the change commits. It is chained (sealed) afterwards by `seal`, so appends never wait for each other.
   */
  async record(tx: Executor, actor: Actor | null, entry: AuditEntry, ip?: string | null): Promise<void> {
    await this.repo.append(tx, this.fields(actor, entry, ip));
  }

  /**
   * The row `record` appends, for a use case that writes its whole change in one statement (the submission):
   * the caller inserts it into audit_log in that statement, so it still exists exactly when the change commits.
   */
  fields(actor: Actor | null, entry: AuditEntry, ip?: string | null): AuditFields {
    return {
      // Millisecond precision: what JavaScript and the hash can represent exactly.
      at: new Date(Math.floor(Date.now())),
      actorId: actor?.id ?? null,
      actorName: actor?.username ?? null,
      agencyId: entry.agencyId ?? actor?.agencyId ?? null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      // A call authenticated by an API key names the key (hashed with the rest of the entry).
      summary: actor?.apiKeyId ? { ...(entry.summary ?? {}), apiKeyId: actor.apiKeyId } : entry.summary ?? {},
      ip: ip ?? actor?.ip ?? null,
    };
  }

  /**
   * Chains the committed entries not sealed yet, in id order, `batch` at a time, under the chain lock (one sealer
   * at a time, across processes). Entries whose transaction commits later are sealed by a later run, further on
   * in the chain. Returns how many were sealed.
   */
  async seal(batch = 1000): Promise<number> {
    let total = 0;
    for (;;) {
      const sealed = await this.db.transaction().execute(async (tx) => {
        const head = await this.repo.lockHead(tx);
        const rows = await this.repo.unsealed(tx, batch);
        let { seq, hash } = head;
        const links = rows.map((row) => {
          seq += 1n;
          const link = { id: row.id, seq, prevHash: hash, hash: auditHash(hash, row) };
          hash = link.hash;
          return link;
        });
        await this.repo.seal(tx, links);
        return links.length;
      });
      total += sealed;
      if (sealed < batch) return total;
    }
  }

  /** Seals what is pending, then walks the whole chain. */
  async verify(): Promise<ChainVerdict> {
    await this.seal();
    return verifyChain(this.repo.chain(this.db));
  }

  /**
   * The audit log pages (read-only), newest first. Roles admin and inspector. Scope: entries whose agency
   * lies in the subtree(s) where the actor holds one of those roles; entries without an agency (anonymous
   * actions, citizens, the CLI) only for actors holding the role on a top-level agency. The IP address is
   * shown only where the actor is an administrator, never to an inspector.
   */
  async browse(actor: Actor | null, filters: AuditFilters, scopes: AgencyScopes) {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (rolesRoots(actor, READERS).length === 0) throw new DomainError('FORBIDDEN');
    const [agencyIds, includeUnassigned, adminIds, adminRoot] = await Promise.all([
      scopes.scopeOf(actor, READERS),
      scopes.holdsOnRoot(actor, READERS),
      scopes.scopeOf(actor, ['admin']),
      scopes.holdsOnRoot(actor, ['admin']),
    ]);
    const adminScope = new Set(adminIds);
    const pageSize = PAGE_SIZE;
    const page = Math.max(1, Math.floor(filters.page ?? 1));
    const clean = (v?: string) => (v && v.trim() ? v.trim() : undefined);
    const { rows, total } = await this.repo.search(this.db, {
      agencyIds,
      includeUnassigned,
      action: clean(filters.action),
      targetType: clean(filters.targetType),
      targetId: clean(filters.targetId),
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    const items: AuditEntryView[] = rows.map((r) => {
      const view: AuditEntryView = {
        id: r.id,
        at: r.at,
        actorName: r.actor_name,
        agencyCode: r.agency_code,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        summary: r.summary,
      };
      if (r.agency_id ? adminScope.has(r.agency_id) : adminRoot) view.ip = r.ip;
      return view;
    });
    return { items, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)), showIp: adminScope.size > 0 };
  }
}
