// Outgoing documents: the only SQL of the module (Kysely). Methods take an Executor (the db or a transaction).
import { sql, type Selectable } from 'kysely';
import { DomainError } from '../../core/errors.ts';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { OutgoingChainStep, OutgoingDocumentsTable, Role } from '../../db/schema.ts';

export type DocumentRow = Selectable<OutgoingDocumentsTable> & { agency_name: string; agency_code: string; agency_parent_name: string | null; signer_name: string };

export interface NewDocument {
  agency_id: string;
  doc_type: string;
  issuer_abbreviation: string;
  unit_abbreviation: string | null;
  excerpt: string;
  body: string;
  place: string;
  urgency: string;
  confidentiality: string;
  signer_id: string;
  signer_title: string;
  answers_incoming_id: string | null;
  dossier_id: string | null;
  created_by: string;
}

export class OutgoingRepository {
  // --- documents ------------------------------------------------------------------------------------

  async insert(db: Executor, row: NewDocument): Promise<string> {
    const inserted = await db.insertInto('outgoing_documents').values(row).returning('id').executeTakeFirstOrThrow();
    return inserted.id;
  }

  async document(db: Executor, id: string, lock = false): Promise<DocumentRow | undefined> {
    let query = db
      .selectFrom('outgoing_documents as o')
      .innerJoin('agencies as a', 'a.id', 'o.agency_id')
      .leftJoin('agencies as pa', 'pa.id', 'a.parent_id')
      .innerJoin('accounts as s', 's.id', 'o.signer_id')
      .selectAll('o')
      .select(['a.name as agency_name', 'a.code as agency_code', 'pa.name as agency_parent_name', 's.full_name as signer_name'])
      .where('o.id', '=', id);
    if (lock) query = query.forUpdate('o');
    return query.executeTakeFirst();
  }

  /** Updates the document at its version (optimistic concurrency): false when it changed meanwhile. */
  async update(db: Executor, id: string, version: number, patch: Partial<Omit<Selectable<OutgoingDocumentsTable>, 'id' | 'chain' | 'version'>> & { chain?: OutgoingChainStep[] }): Promise<boolean> {
    const { chain, ...rest } = patch;
    const result = await db
      .updateTable('outgoing_documents')
      .set({ ...rest, ...(chain ? { chain: JSON.stringify(chain) } : {}), updated_at: new Date(), version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  list(db: Executor, filter: { agencyIds: readonly string[]; status?: string | undefined; mine?: { accountId: string; roles: Array<{ agencyId: string; roles: string[] }> } | undefined; limit: number; offset: number }) {
    if (!filter.agencyIds.length) return Promise.resolve([]);
    let query = db
      .selectFrom('outgoing_documents as o')
      .innerJoin('agencies as a', 'a.id', 'o.agency_id')
      .innerJoin('accounts as s', 's.id', 'o.signer_id')
      .select(['o.id', 'o.agency_id', 'o.doc_type', 'o.excerpt', 'o.status', 'o.number_symbol', 'o.issued_at', 'o.updated_at', 'o.step', 'o.chain', 'o.signer_id', 'o.dossier_id', 'a.name as agency_name', 's.full_name as signer_name'])
      .where('o.agency_id', 'in', [...filter.agencyIds]);
    if (filter.status) query = query.where('o.status', '=', filter.status as Selectable<OutgoingDocumentsTable>['status']);
    return query.orderBy('o.updated_at', 'desc').orderBy('o.id').limit(filter.limit).offset(filter.offset).execute();
  }

  byDossier(db: Executor, dossierId: string) {
    return db.selectFrom('outgoing_documents').select(['id', 'status', 'number_symbol', 'issued_at', 'doc_type', 'excerpt']).where('dossier_id', '=', dossierId).orderBy('created_at').execute();
  }

  // --- recipients -----------------------------------------------------------------------------------

  async replaceRecipients(db: Executor, documentId: string, rows: Array<{ agency_id: string | null; name: string; address: string | null }>): Promise<void> {
    await db.deleteFrom('outgoing_recipients').where('document_id', '=', documentId).execute();
    if (rows.length) await db.insertInto('outgoing_recipients').values(rows.map((r, i) => ({ document_id: documentId, position: i + 1, ...r }))).execute();
  }

  recipients(db: Executor, documentId: string) {
    return db
      .selectFrom('outgoing_recipients as r')
      .leftJoin('agencies as a', 'a.id', 'r.agency_id')
      .select(['r.position', 'r.agency_id', 'a.code as agency_code', 'r.name', 'r.address', 'r.sent_at', 'r.send_status', 'r.send_note'])
      .where('r.document_id', '=', documentId)
      .orderBy('r.position')
      .execute();
  }

  async markRecipient(db: Executor, documentId: string, position: number, patch: { send_status: 'sent' | 'failed' | 'not_sent'; sent_at: Date | null; send_note: string | null }): Promise<void> {
    await db.updateTable('outgoing_recipients').set(patch).where('document_id', '=', documentId).where('position', '=', position).execute();
  }

  // --- history --------------------------------------------------------------------------------------

  async event(db: Executor, documentId: string, kind: string, actorId: string | null, params: Record<string, string | number | null> = {}, at?: Date): Promise<void> {
    await db.insertInto('outgoing_events').values({ document_id: documentId, kind, actor_id: actorId, params: JSON.stringify(params), ...(at ? { at } : {}) }).execute();
  }

  events(db: Executor, documentId: string) {
    return db
      .selectFrom('outgoing_events as e')
      .leftJoin('accounts as a', 'a.id', 'e.actor_id')
      .select(['e.id', 'e.kind', 'e.params', 'e.at', 'a.full_name as actor_name'])
      .where('e.document_id', '=', documentId)
      .orderBy('e.id')
      .execute();
  }

  // --- approval chains ------------------------------------------------------------------------------

  /** The chain for the agency and type, else the agency's chain for every type ('*'); [] when neither. */
  async chainFor(db: Executor, agencyId: string, docType: string): Promise<{ docType: string | null; steps: OutgoingChainStep[] }> {
    const rows = await db
      .selectFrom('outgoing_chains as c')
      .leftJoin('outgoing_chain_steps as s', 's.chain_id', 'c.id')
      .leftJoin('accounts as a', 'a.id', 's.account_id')
      .select(['c.doc_type', 's.position', 's.role', 's.account_id', 'a.full_name'])
      .where('c.agency_id', '=', agencyId)
      .where('c.doc_type', 'in', [docType, '*'])
      .orderBy('s.position')
      .execute();
    const own = rows.filter((r) => r.doc_type === docType);
    const chosen = own.length ? own : rows.filter((r) => r.doc_type === '*');
    if (!chosen.length) return { docType: null, steps: [] };
    return { docType: chosen[0]!.doc_type, steps: stepsOf(chosen) };
  }

  async chains(db: Executor, agencyId: string): Promise<Array<{ docType: string; steps: OutgoingChainStep[] }>> {
    const rows = await db
      .selectFrom('outgoing_chains as c')
      .leftJoin('outgoing_chain_steps as s', 's.chain_id', 'c.id')
      .leftJoin('accounts as a', 'a.id', 's.account_id')
      .select(['c.doc_type', 's.position', 's.role', 's.account_id', 'a.full_name'])
      .where('c.agency_id', '=', agencyId)
      .orderBy('c.doc_type')
      .orderBy('s.position')
      .execute();
    const byType = new Map<string, typeof rows>();
    for (const r of rows) byType.set(r.doc_type, [...(byType.get(r.doc_type) ?? []), r]);
    return [...byType].map(([docType, list]) => ({ docType, steps: stepsOf(list) }));
  }

  /** Replaces the chain of an agency and type (no steps: the chain is removed). */
  async saveChain(db: Executor, agencyId: string, docType: string, steps: Array<{ role: string } | { accountId: string }>, by: string): Promise<void> {
    await db.deleteFrom('outgoing_chains').where('agency_id', '=', agencyId).where('doc_type', '=', docType).execute();
    if (!steps.length) return;
    const chain = await db.insertInto('outgoing_chains').values({ agency_id: agencyId, doc_type: docType, updated_by: by }).returning('id').executeTakeFirstOrThrow();
    await db
      .insertInto('outgoing_chain_steps')
      .values(steps.map((s, i) => ({ chain_id: chain.id, position: i + 1, role: 'role' in s ? (s.role as 'specialist') : null, account_id: 'accountId' in s ? s.accountId : null })))
      .execute();
  }

  // --- people and agencies --------------------------------------------------------------------------

  /** Active staff holding one of the roles on exactly these agencies (grants), by name. */
  staffWithRoles(db: Executor, agencyIds: readonly string[], roles: readonly Role[]) {
    if (!agencyIds.length || !roles.length) return Promise.resolve([]);
    return db
      .selectFrom('account_roles as r')
      .innerJoin('accounts as a', 'a.id', 'r.account_id')
      .select(['a.id', 'a.full_name', 'r.role', 'r.agency_id'])
      .where('r.agency_id', 'in', [...agencyIds])
      .where('r.role', 'in', [...roles])
      .where('a.status', '=', 'active')
      .orderBy('a.full_name')
      .execute();
  }

  account(db: Executor, id: string) {
    return db.selectFrom('accounts').select(['id', 'full_name', 'status', 'kind']).where('id', '=', id).executeTakeFirst();
  }

  agency(db: Executor, id: string) {
    return db.selectFrom('agencies').select(['id', 'code', 'name', 'short_name', 'parent_id', 'active']).where('id', '=', id).executeTakeFirst();
  }

  agenciesByCode(db: Executor, codes: readonly string[]) {
    if (!codes.length) return Promise.resolve([]);
    return db.selectFrom('agencies').select(['id', 'code', 'name', 'active']).where('code', 'in', [...codes]).execute();
  }

  // --- numbering and the register -------------------------------------------------------------------

  /** The next number of the agency's year: the sequence row stays locked until COMMIT (gap-free, no duplicate). */
  async nextNumber(db: Executor, agencyId: string, year: number): Promise<number> {
    const row = await sql<{ last: number }>`
      INSERT INTO outgoing_sequences (agency_id, year, last) VALUES (${agencyId}, ${year}, 1)
      ON CONFLICT (agency_id, year) DO UPDATE SET last = outgoing_sequences.last + 1
      RETURNING last`.execute(db);
    return row.rows[0]!.last;
  }

  /** The register's row; a second row for the same document is OUTGOING_ALREADY_ISSUED. */
  async register(db: Executor, row: { agency_id: string; year: number; number: number; document_id: string; number_symbol: string; doc_type: string; issued_at: Date }): Promise<void> {
    try {
      await db.insertInto('outgoing_register').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error, 'outgoing_register_document_key')) throw new DomainError('OUTGOING_ALREADY_ISSUED');
      throw error;
    }
  }

  registerRows(db: Executor, agencyId: string, year: number) {
    return db
      .selectFrom('outgoing_register as r')
      .innerJoin('outgoing_documents as o', 'o.id', 'r.document_id')
      .select(['r.number', 'r.number_symbol', 'r.doc_type', 'r.issued_at', 'r.document_id', 'o.excerpt'])
      .where('r.agency_id', '=', agencyId)
      .where('r.year', '=', year)
      .orderBy('r.number')
      .execute();
  }

  /** Issued documents per agency and type in [from, to), and how many recipients they were sent to. */
  report(db: Executor, agencyIds: readonly string[], from: Date, to: Date) {
    if (!agencyIds.length) return Promise.resolve([]);
    return db
      .selectFrom('outgoing_documents as o')
      .innerJoin('agencies as a', 'a.id', 'o.agency_id')
      .select([
        'a.code as agency_code',
        'a.name as agency_name',
        'o.doc_type',
        sql<number>`count(*)::int`.as('issued'),
        sql<number>`coalesce(sum((SELECT count(*) FROM outgoing_recipients r WHERE r.document_id = o.id AND r.send_status = 'sent')), 0)::int`.as('sent'),
        sql<number>`count(o.dossier_id)::int`.as('results'),
      ])
      .where('o.agency_id', 'in', [...agencyIds])
      .where('o.status', '=', 'issued')
      .where('o.issued_at', '>=', from)
      .where('o.issued_at', '<', to)
      .groupBy(['a.code', 'a.name', 'o.doc_type'])
      .orderBy('a.code')
      .orderBy('o.doc_type')
      .execute();
  }
}

function stepsOf(rows: Array<{ position: number | null; role: string | null; account_id: string | null; full_name: string | null }>): OutgoingChainStep[] {
  return rows
    .filter((r) => r.position !== null)
    .map((r) => (r.account_id ? { accountId: r.account_id, name: r.full_name ?? '' } : { role: r.role as 'specialist' }));
}
