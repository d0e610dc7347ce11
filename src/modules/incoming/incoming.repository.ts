// SQL of incoming documents (văn bản đến): the register's numbers, the documents, their assignees, files and
// processing history, the register list with search and filters, the reports and the reminder job's candidates.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { ConcurrentInsert, uniqueViolation } from '../../db/errors.ts';
import type { IncomingAssigneeRole, IncomingDocumentsTable, IncomingStatus, Role } from '../../db/schema.ts';

export type IncomingRow = Selectable<IncomingDocumentsTable>;
export type NewIncoming = Insertable<IncomingDocumentsTable>;
export type IncomingPatch = Updateable<IncomingDocumentsTable>;

export interface ListFilter {
  scope: readonly string[];
  actorId: string;
  words: string[];
  status?: IncomingStatus | 'open' | 'overdue' | undefined;
  mine?: boolean | undefined;
  docType?: string | undefined;
  urgency?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  now: Date;
  limit: number;
  offset: number;
}

export type ListRow = Pick<
  IncomingRow,
  'id' | 'agency_id' | 'year' | 'number' | 'channel' | 'received_at' | 'issuer' | 'number_symbol' | 'issued_on' | 'doc_type' | 'excerpt' | 'urgency' | 'confidentiality' | 'status' | 'deadline_at' | 'closed_at'
> & { lead_name: string | null };

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const n = (v: unknown) => Number(v ?? 0);

export class IncomingRepository {
  /** The next number of the agency's register for `year`: the row stays locked until the caller's transaction ends. */
  async nextNumber(tx: Executor, agencyId: string, year: number): Promise<number> {
    const { rows } = await sql<{ last: number }>`
      INSERT INTO incoming_sequences (agency_id, year, last) VALUES (${agencyId}, ${year}, 1)
      ON CONFLICT (agency_id, year) DO UPDATE SET last = incoming_sequences.last + 1
      RETURNING last`.execute(tx);
    return rows[0]!.last;
  }

  /** The registration already holding this document (same agency, issuer, number-and-symbol and date). */
  duplicateOf(db: Executor, key: { agencyId: string; issuerFolded: string; numberSymbolNorm: string; issuedOn: string }) {
    return db
      .selectFrom('incoming_documents')
      .select(['id', 'number', 'year'])
      .where('agency_id', '=', key.agencyId)
      .where('issuer_folded', '=', key.issuerFolded)
      .where('number_symbol_norm', '=', key.numberSymbolNorm)
      .where('issued_on', '=', key.issuedOn)
      .executeTakeFirst();
  }

  byPackage(db: Executor, agencyId: string, packageId: string) {
    return db.selectFrom('incoming_documents').select(['id', 'number', 'year']).where('agency_id', '=', agencyId).where('package_id', '=', packageId).executeTakeFirst();
  }

  /** Inserts a registration; a second registration of the same document (or package) → ConcurrentInsert. */
  async insert(tx: Executor, row: NewIncoming): Promise<IncomingRow> {
    try {
      return await tx.insertInto('incoming_documents').values(row).returningAll().executeTakeFirstOrThrow();
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === 'incoming_documents_duplicate_key' || constraint === 'incoming_documents_package') throw new ConcurrentInsert(constraint, error);
      throw error;
    }
  }

  byId(db: Executor, id: string, lock = false): Promise<IncomingRow | undefined> {
    let q = db.selectFrom('incoming_documents').selectAll().where('id', '=', id);
    if (lock) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  async update(tx: Executor, id: string, version: number, patch: IncomingPatch): Promise<boolean> {
    const result = await tx
      .updateTable('incoming_documents')
      .set({ ...patch, version: sql`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async setFlags(tx: Executor, id: string, patch: Pick<IncomingPatch, 'reminded_at' | 'overdue_notified_at' | 'search_text'>): Promise<void> {
    await tx.updateTable('incoming_documents').set(patch).where('id', '=', id).execute();
  }

  assignees(db: Executor, id: string) {
    return db
      .selectFrom('incoming_assignees as x')
      .innerJoin('accounts as a', 'a.id', 'x.account_id')
      .select(['x.account_id', 'x.role', 'a.full_name', 'a.department_id'])
      .where('x.incoming_id', '=', id)
      .orderBy('x.role')
      .orderBy('a.full_name')
      .execute();
  }

  async setAssignees(tx: Executor, id: string, list: ReadonlyArray<{ accountId: string; role: IncomingAssigneeRole }>): Promise<void> {
    await tx.deleteFrom('incoming_assignees').where('incoming_id', '=', id).execute();
    if (list.length) await tx.insertInto('incoming_assignees').values(list.map((a) => ({ incoming_id: id, account_id: a.accountId, role: a.role }))).execute();
  }

  async event(tx: Executor, id: string, kind: string, actorId: string | null, params: Record<string, string | number | null> = {}, at?: Date): Promise<void> {
    await tx
      .insertInto('incoming_events')
      .values({ incoming_id: id, kind, actor_id: actorId, params: JSON.stringify(params), ...(at ? { at } : {}) })
      .execute();
  }

  events(db: Executor, id: string) {
    return db
      .selectFrom('incoming_events as e')
      .leftJoin('accounts as a', 'a.id', 'e.actor_id')
      .select(['e.id', 'e.at', 'e.kind', 'e.params', 'a.full_name as actor_name'])
      .where('e.incoming_id', '=', id)
      .orderBy('e.id')
      .execute();
  }

  files(db: Executor, id: string) {
    return db
      .selectFrom('incoming_files as x')
      .innerJoin('files as f', 'f.id', 'x.file_id')
      .select(['f.id', 'f.original_name', 'f.media_type', 'f.size_bytes', 'x.text_chars'])
      .where('x.incoming_id', '=', id)
      .orderBy('x.created_at')
      .execute();
  }

  async addFile(tx: Executor, id: string, fileId: string, textChars: number): Promise<void> {
    await tx.insertInto('incoming_files').values({ incoming_id: id, file_id: fileId, text_chars: textChars }).execute();
  }

  fileOf(db: Executor, id: string, fileId: string) {
    return db.selectFrom('incoming_files').select('file_id').where('incoming_id', '=', id).where('file_id', '=', fileId).executeTakeFirst();
  }

  /** Staff holding one of `roles` on one of `agencyIds` (the document's agency and its ancestors). */
  staffWithRoles(db: Executor, agencyIds: readonly string[], roles: readonly Role[]) {
    if (!agencyIds.length || !roles.length) return Promise.resolve([]);
    return db
      .selectFrom('account_roles as r')
      .innerJoin('accounts as a', 'a.id', 'r.account_id')
      .select(['a.id', 'a.full_name', 'a.email', 'a.locale', 'a.department_id', 'r.role'])
      .where('r.agency_id', 'in', [...agencyIds])
      .where('r.role', 'in', [...roles])
      .where('a.status', '=', 'active')
      .where('a.kind', '=', 'staff')
      .orderBy('a.full_name')
      .execute();
  }

  account(db: Executor, id: string) {
    return db.selectFrom('accounts').select(['id', 'full_name', 'email', 'locale', 'department_id']).where('id', '=', id).executeTakeFirst();
  }

  departments(db: Executor, agencyId: string) {
    return db.selectFrom('departments').select(['id', 'code', 'name']).where('agency_id', '=', agencyId).orderBy('code').execute();
  }

  department(db: Executor, id: string) {
    return db.selectFrom('departments').select(['id', 'code', 'name', 'agency_id']).where('id', '=', id).executeTakeFirst();
  }

  agenciesOf(db: Executor, ids: readonly string[]) {
    if (!ids.length) return Promise.resolve([]);
    return db.selectFrom('agencies').select(['id', 'code', 'name']).where('id', 'in', [...ids]).where('active', '=', true).execute();
  }

  agency(db: Executor, id: string) {
    return db.selectFrom('agencies').select(['id', 'code', 'name', 'parent_id']).where('id', '=', id).executeTakeFirst();
  }

  /** The register of the agencies in scope: confidential documents only for their participants. */
  async list(db: Executor, f: ListFilter): Promise<{ rows: ListRow[]; total: number }> {
    if (!f.scope.length) return { rows: [], total: 0 };
    let q = db.selectFrom('incoming_documents as d').where('d.agency_id', 'in', [...f.scope]);
    const participant = sql<boolean>`(d.registered_by = ${f.actorId} OR d.leader_id = ${f.actorId} OR EXISTS (SELECT 1 FROM incoming_assignees x WHERE x.incoming_id = d.id AND x.account_id = ${f.actorId}))`;
    q = q.where((eb) => eb.or([eb('d.confidentiality', '=', 'none'), participant]));
    if (f.mine) q = q.where(sql<boolean>`(d.leader_id = ${f.actorId} OR EXISTS (SELECT 1 FROM incoming_assignees x WHERE x.incoming_id = d.id AND x.account_id = ${f.actorId}))`);
    for (const word of f.words) q = q.where('d.search_text', 'ilike', `%${escapeLike(word)}%`);
    if (f.status === 'open') q = q.where('d.status', 'in', ['registered', 'routed', 'assigned', 'in_progress']);
    else if (f.status === 'overdue') q = q.where('d.status', 'in', ['assigned', 'in_progress']).where('d.deadline_at', '<', f.now);
    else if (f.status) q = q.where('d.status', '=', f.status);
    if (f.docType) q = q.where('d.doc_type', '=', f.docType);
    if (f.urgency) q = q.where('d.urgency', '=', f.urgency as IncomingRow['urgency']);
    if (f.from) q = q.where('d.received_at', '>=', f.from);
    if (f.to) q = q.where('d.received_at', '<', f.to);
    const [rows, count] = await Promise.all([
      q
        .leftJoin('incoming_assignees as l', (j) => j.onRef('l.incoming_id', '=', 'd.id').on('l.role', '=', 'lead'))
        .leftJoin('accounts as la', 'la.id', 'l.account_id')
        .select(['d.id', 'd.agency_id', 'd.year', 'd.number', 'd.channel', 'd.received_at', 'd.issuer', 'd.number_symbol', 'd.issued_on', 'd.doc_type', 'd.excerpt', 'd.urgency', 'd.confidentiality', 'd.status', 'd.deadline_at', 'd.closed_at', 'la.full_name as lead_name'])
        .orderBy('d.received_at', 'desc')
        .orderBy('d.number', 'desc')
        .limit(f.limit)
        .offset(f.offset)
        .execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: n(count.n) };
  }

  /** Documents received in [from, to) by type and urgency. */
  receivedBy(db: Executor, scope: readonly string[], from: Date, to: Date) {
    return db
      .selectFrom('incoming_documents')
      .select(['doc_type', 'urgency', 'channel', (eb) => eb.fn.countAll<string>().as('n')])
      .where('agency_id', 'in', [...scope])
      .where('received_at', '>=', from)
      .where('received_at', '<', to)
      .groupBy(['doc_type', 'urgency', 'channel'])
      .execute();
  }

  /**
   * Assigned documents received in [from, to), by the department that leads them (the lead department, else the
   * lead person's department): handled on time, handled late, open within the deadline, open past it.
   */
  async byDepartment(db: Executor, scope: readonly string[], from: Date, to: Date, now: Date) {
    const { rows } = await sql<{ department_id: string | null; department_name: string | null; on_time: string; late: string; open: string; overdue: string }>`
      SELECT dep.id AS department_id, dep.name AS department_name,
             count(*) FILTER (WHERE d.closed_at IS NOT NULL AND d.closed_at <= d.deadline_at) AS on_time,
             count(*) FILTER (WHERE d.closed_at IS NOT NULL AND d.closed_at > d.deadline_at) AS late,
             count(*) FILTER (WHERE d.closed_at IS NULL AND d.deadline_at >= ${now}) AS open,
             count(*) FILTER (WHERE d.closed_at IS NULL AND d.deadline_at < ${now}) AS overdue
        FROM incoming_documents d
        LEFT JOIN incoming_assignees l ON l.incoming_id = d.id AND l.role = 'lead'
        LEFT JOIN accounts la ON la.id = l.account_id
        LEFT JOIN departments dep ON dep.id = coalesce(d.lead_department_id, la.department_id)
       WHERE d.agency_id = ANY(${[...scope]}::uuid[]) AND d.deadline_at IS NOT NULL
         AND d.received_at >= ${from} AND d.received_at < ${to}
       GROUP BY dep.id, dep.name
       ORDER BY dep.name NULLS LAST`.execute(db);
    return rows.map((r) => ({ departmentId: r.department_id, department: r.department_name, onTime: n(r.on_time), late: n(r.late), open: n(r.open), overdue: n(r.overdue) }));
  }

  /** Open documents past their deadline (the overdue list), oldest deadline first; confidential ones for participants only. */
  overdue(db: Executor, scope: readonly string[], actorId: string, now: Date, limit = 500) {
    return db
      .selectFrom('incoming_documents as d')
      .leftJoin('incoming_assignees as l', (j) => j.onRef('l.incoming_id', '=', 'd.id').on('l.role', '=', 'lead'))
      .leftJoin('accounts as la', 'la.id', 'l.account_id')
      .select(['d.id', 'd.year', 'd.number', 'd.issuer', 'd.number_symbol', 'd.excerpt', 'd.deadline_at', 'd.confidentiality', 'la.full_name as lead_name'])
      .where('d.agency_id', 'in', [...scope])
      .where('d.status', 'in', ['assigned', 'in_progress'])
      .where('d.deadline_at', '<', now)
      .where((eb) =>
        eb.or([
          eb('d.confidentiality', '=', 'none'),
          sql<boolean>`(d.registered_by = ${actorId} OR d.leader_id = ${actorId} OR EXISTS (SELECT 1 FROM incoming_assignees x WHERE x.incoming_id = d.id AND x.account_id = ${actorId}))`,
        ]),
      )
      .orderBy('d.deadline_at')
      .limit(limit)
      .execute();
  }

  /** Open assigned documents whose deadline is before `bound` (the reminder job's candidates). */
  dueOpen(db: Executor, bound: Date, limit: number) {
    return db
      .selectFrom('incoming_documents')
      .select(['id', 'agency_id', 'status', 'deadline_at', 'reminded_at', 'overdue_notified_at'])
      .where('status', 'in', ['assigned', 'in_progress'])
      .where('deadline_at', '<', bound)
      .where((eb) => eb.or([eb('reminded_at', 'is', null), eb('overdue_notified_at', 'is', null)]))
      .orderBy('deadline_at')
      .limit(limit)
      .execute();
  }
}
