// The audit trail: every state-changing use case calls record() inside its own transaction.
import type { Actor } from '../../core/actor.ts';
import type { Db, Executor } from '../../db/database.ts';
import { AuditRepository } from './audit.repository.ts';
import { auditHash, verifyChain, type ChainRow, type ChainVerdict } from './audit.rules.ts';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  summary?: Record<string, unknown>;
  /** Agency the change concerns (defaults to the actor's agency). */
  agencyId?: string | null;
}

export class AuditService {
  constructor(private readonly db: Db, private readonly repo = new AuditRepository()) {}

  /** Appends one entry. `tx` must be the transaction of the change being recorded. */
  async record(tx: Executor, actor: Actor | null, entry: AuditEntry, ip?: string | null): Promise<void> {
    const prevHash = await this.repo.lockHead(tx);
    // Millisecond precision: what JavaScript and the hash can represent exactly.
    const at = new Date(Math.floor(Date.now()));
    const fields = {
      at,
      actorId: actor?.id ?? null,
      actorName: actor?.username ?? null,
      agencyId: entry.agencyId ?? actor?.agencyId ?? null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      summary: entry.summary ?? {},
      ip: ip ?? actor?.ip ?? null,
    };
    const row: Omit<ChainRow, 'id'> = { ...fields, prevHash, hash: auditHash(prevHash, fields) };
    await this.repo.append(tx, row);
  }

  async verify(): Promise<ChainVerdict> {
    return verifyChain(this.repo.chain(this.db));
  }

  list(options: { targetType?: string; targetId?: string; limit?: number; offset?: number } = {}) {
    return this.repo.list(this.db, { limit: options.limit ?? 50, offset: options.offset ?? 0, ...options });
  }
}
