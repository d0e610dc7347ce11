// Hash chain of the audit log (pure).
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/canonical-json.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditFields {
  at: Date;
  actorId: string | null;
  actorName: string | null;
  agencyId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  summary: unknown;
  ip: string | null;
}

export function auditHash(prevHash: string, entry: AuditFields): string {
  const material = canonicalJson([
    prevHash,
    entry.at.toISOString(),
    entry.actorId,
    entry.actorName,
    entry.agencyId,
    entry.action,
    entry.targetType,
    entry.targetId,
    entry.summary,
    entry.ip,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

export interface ChainRow extends AuditFields {
  id: string;
  prevHash: string;
  hash: string;
}

export type ChainVerdict = { ok: true; checked: number } | { ok: false; checked: number; brokenId: string; reason: 'prev_hash' | 'hash' };

/** Checks one row against the previous hash; null when it links correctly. */
export function checkLink(prevHash: string, row: ChainRow): 'prev_hash' | 'hash' | null {
  if (row.prevHash !== prevHash) return 'prev_hash';
  if (auditHash(prevHash, row) !== row.hash) return 'hash';
  return null;
}

/** Walks rows in id order; reports the first row whose link or own hash does not match. */
export async function verifyChain(rows: Iterable<ChainRow> | AsyncIterable<ChainRow>, startHash = GENESIS_HASH): Promise<ChainVerdict> {
  let prev = startHash;
  let checked = 0;
  for await (const row of rows) {
    const reason = checkLink(prev, row);
    if (reason) return { ok: false, checked, brokenId: row.id, reason };
    prev = row.hash;
    checked += 1;
  }
  return { ok: true, checked };
}
