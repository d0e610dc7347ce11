// SQL of the procedure catalog. The search text of a version is computed here on every insert/update.
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type {
  Audience,
  AuthorityLevel,
  Fee,
  FieldsTable,
  OnlineClass,
  OriginalKind,
  ProcedureVersion,
  SharedSource,
  TimeLimitUnit,
  VersionStatus,
} from '../../db/schema.ts';
import { DomainError } from '../../core/errors.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { isNationalCode } from '../kernel/time-limit.ts';
import { buildSearchText, escapeLike, escapeRegex, typoVariants, type NormalisedQuery } from './catalog.rules.ts';

export type FieldRow = Selectable<FieldsTable>;

export interface DocumentRow {
  id: string;
  position: number;
  name: string;
  copies: number;
  original_kind: OriginalKind;
  template_file_id: string | null;
  template_name: string | null;
  /** Obtained by data sharing (migration 0031): the source the agency looks it up in. */
  shared_source: SharedSource | null;
  /** Required only in some cases (migration 0039): the condition shown to the applicant; not required online. */
  condition?: string | null;
}

export interface VersionRecord extends ProcedureVersion {
  code: string;
  agency_code: string;
  agency_name: string;
  field_code: string;
  field_name: string;
  documents: DocumentRow[];
}

/** Content of a version as stored (everything but identity, status and dates). */
export interface VersionContent {
  name: string;
  agency_id: string;
  field_id: string;
  authority_level: AuthorityLevel;
  audience: Audience[];
  online_level: number;
  online_class: OnlineClass;
  full_online_eligible: boolean;
  steps: string[];
  time_limit_value: number;
  time_limit_unit: TimeLimitUnit;
  same_day: boolean;
  /** No statutory time limit (migration 0038). */
  no_time_limit: boolean;
  time_limit_note: string | null;
  fees: Fee[];
  legal_basis: string[];
  result_type: string;
  submission_places: string;
}

export interface NewDocument {
  name: string;
  copies: number;
  original_kind: OriginalKind;
  template_file_id: string | null;
  template_name: string | null;
  shared_source: SharedSource | null;
  condition?: string | null;
}

export interface SearchFilters {
  query: NormalisedQuery;
  agencyIds?: string[] | undefined;
  fieldId?: string | undefined;
  authorityLevel?: AuthorityLevel | undefined;
  audience?: Audience | undefined;
  onlineLevel?: number | undefined;
  onlineClass?: OnlineClass | undefined;
}

export interface SearchRow {
  code: string;
  version: number;
  name: string;
  agency_code: string;
  agency_name: string;
  field_code: string;
  field_name: string;
  authority_level: AuthorityLevel;
  audience: Audience[];
  online_level: number;
  online_class: OnlineClass;
  full_online_eligible: boolean;
  time_limit_value: string;
  time_limit_unit: TimeLimitUnit;
  same_day: boolean;
  no_time_limit: boolean;
  local_code: string | null;
  effective_from: string | null;
}

export interface AdminRow {
  code: string;
  local_code: string | null;
  version: number;
  status: VersionStatus;
  name: string;
  agency_code: string;
  agency_name: string;
  effective_from: string | null;
  effective_to: string | null;
  updated_at: Date;
}

/** Typo tolerance: word_similarity threshold for the `<%` operator (pg_trgm default 0.6 misses transpositions). */
const WORD_SIMILARITY_THRESHOLD = 0.4;
/** Fewer exact answers than this: words with a typo are searched too. */
const TYPO_PASS_BELOW = 5;

function contentValues(content: VersionContent) {
  return {
    name: content.name,
    agency_id: content.agency_id,
    field_id: content.field_id,
    authority_level: content.authority_level,
    audience: content.audience,
    online_level: content.online_level,
    online_class: content.online_class,
    full_online_eligible: content.full_online_eligible,
    steps: JSON.stringify(content.steps),
    time_limit_value: content.time_limit_value,
    time_limit_unit: content.time_limit_unit,
    same_day: content.same_day,
    no_time_limit: content.no_time_limit,
    time_limit_note: content.time_limit_note,
    fees: JSON.stringify(content.fees),
    legal_basis: JSON.stringify(content.legal_basis),
    result_type: content.result_type,
    submission_places: content.submission_places,
  };
}

export class CatalogRepository {
  // --- fields -------------------------------------------------------------------------------

  fieldByCode(db: Executor, code: string): Promise<FieldRow | undefined> {
    return db.selectFrom('fields').selectAll().where('code', '=', code).executeTakeFirst();
  }

  fieldsByCodes(db: Executor, codes: string[]): Promise<FieldRow[]> {
    if (!codes.length) return Promise.resolve([]);
    return db.selectFrom('fields').selectAll().where('code', 'in', codes).execute();
  }

  listFields(db: Executor): Promise<FieldRow[]> {
    return db.selectFrom('fields').selectAll().orderBy('name').execute();
  }

  /** Fields with the number of published procedures in each. */
  async fieldsWithCounts(db: Executor): Promise<Array<FieldRow & { count: number }>> {
    const rows = await db
      .selectFrom('fields as f')
      .leftJoin('procedure_versions as pv', (join) => join.onRef('pv.field_id', '=', 'f.id').on('pv.status', '=', 'published'))
      .select(['f.id', 'f.code', 'f.name', 'f.name_en', sql<number>`count(pv.id)::int`.as('count')])
      .groupBy('f.id')
      .orderBy('f.name')
      .execute();
    return rows;
  }

  /** Creates or updates a field; returns 'created' | 'updated' | 'unchanged'. Refreshes the search text of its versions on rename. */
  async upsertField(db: Executor, field: { code: string; name: string; nameEn: string | null }): Promise<{ id: string; change: 'created' | 'updated' | 'unchanged' }> {
    const existing = await this.fieldByCode(db, field.code);
    if (!existing) {
      const row = await db.insertInto('fields').values({ code: field.code, name: field.name, name_en: field.nameEn }).returning('id').executeTakeFirstOrThrow();
      return { id: row.id, change: 'created' };
    }
    if (existing.name === field.name && (existing.name_en ?? null) === field.nameEn) return { id: existing.id, change: 'unchanged' };
    await db.updateTable('fields').set({ name: field.name, name_en: field.nameEn }).where('id', '=', existing.id).execute();
    if (existing.name !== field.name) {
      const versions = await db
        .selectFrom('procedure_versions as pv')
        .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
        .select(['pv.id', 'pv.name', 'p.code'])
        .where('pv.field_id', '=', existing.id)
        .execute();
      for (const v of versions) {
        await db.updateTable('procedure_versions').set({ search_text: buildSearchText(v.name, v.code, field.name) }).where('id', '=', v.id).execute();
      }
    }
    return { id: existing.id, change: 'updated' };
  }

  // --- procedures and versions ---------------------------------------------------------------

  findProcedure(db: Executor, code: string): Promise<{ id: string; code: string } | undefined> {
    return db.selectFrom('procedures').select(['id', 'code']).where('code', '=', code).executeTakeFirst();
  }

  /** Locks the procedure row until the end of the transaction (serialises life-cycle changes). */
  lockProcedure(db: Executor, code: string): Promise<{ id: string; code: string } | undefined> {
    return db.selectFrom('procedures').select(['id', 'code']).where('code', '=', code).forUpdate().executeTakeFirst();
  }

  insertProcedure(db: Executor, code: string): Promise<{ id: string; code: string }> {
    return db.insertInto('procedures').values({ code }).returning(['id', 'code']).executeTakeFirstOrThrow();
  }

  /** The codes a version written now records (migration 0038): the national code (the key, when national) and the local code. */
  private async codesOf(db: Executor, procedureId: string): Promise<{ national_code: string | null; local_code: string | null }> {
    const row = await db.selectFrom('procedures').select(['code', 'local_code']).where('id', '=', procedureId).executeTakeFirstOrThrow();
    return { national_code: isNationalCode(row.code) ? row.code : null, local_code: row.local_code };
  }

  /** The key of the procedure that holds this local code in this agency (case-insensitive), if any. */
  async localCodeOwner(db: Executor, agencyId: string, localCode: string): Promise<string | undefined> {
    const row = await db
      .selectFrom('procedures')
      .select('code')
      .where('local_agency_id', '=', agencyId)
      .where(sql<boolean>`upper(local_code) = upper(${localCode})`)
      .executeTakeFirst();
    return row?.code;
  }

  /**
   * Sets (or clears, with null) the procedure's local code in its owning agency. The same code twice in an agency is
   * a field error on /localCode (the unique index decides between two writers at once).
   */
  async setLocalCode(db: Executor, procedureId: string, agencyId: string, localCode: string | null): Promise<void> {
    try {
      await db
        .updateTable('procedures')
        .set({ local_code: localCode, local_agency_id: localCode ? agencyId : null })
        .where('id', '=', procedureId)
        .execute();
    } catch (error) {
      if (isUniqueViolation(error, 'procedures_local_code_key')) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/localCode', code: 'LOCAL_CODE_TAKEN' }]);
      throw error;
    }
  }

  /** Versions of a procedure, newest first (without documents). */
  versions(db: Executor, procedureId: string): Promise<ProcedureVersion[]> {
    return db.selectFrom('procedure_versions').selectAll().where('procedure_id', '=', procedureId).orderBy('version', 'desc').execute();
  }

  private recordQuery(db: Executor) {
    return db
      .selectFrom('procedure_versions as pv')
      .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
      .innerJoin('agencies as a', 'a.id', 'pv.agency_id')
      .innerJoin('fields as f', 'f.id', 'pv.field_id')
      .selectAll('pv')
      .select(['p.code as code', 'a.code as agency_code', 'a.name as agency_name', 'f.code as field_code', 'f.name as field_name']);
  }

  private async withDocuments(db: Executor, rows: Array<Omit<VersionRecord, 'documents'>>): Promise<VersionRecord[]> {
    if (!rows.length) return [];
    const docs = await db
      .selectFrom('procedure_documents')
      .select(['id', 'version_id', 'position', 'name', 'copies', 'original_kind', 'template_file_id', 'template_name', 'shared_source', 'condition'])
      .where(
        'version_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('position')
      .execute();
    const byVersion = new Map<string, DocumentRow[]>();
    for (const { version_id, ...doc } of docs) {
      const list = byVersion.get(version_id) ?? [];
      list.push(doc);
      byVersion.set(version_id, list);
    }
    return rows.map((r) => ({ ...r, documents: byVersion.get(r.id) ?? [] }));
  }

  async versionRecord(db: Executor, versionId: string): Promise<VersionRecord | undefined> {
    const row = await this.recordQuery(db).where('pv.id', '=', versionId).executeTakeFirst();
    if (!row) return undefined;
    return (await this.withDocuments(db, [row]))[0];
  }

  async publishedRecord(db: Executor, code: string): Promise<VersionRecord | undefined> {
    const row = await this.recordQuery(db).where('p.code', '=', code).where('pv.status', '=', 'published').executeTakeFirst();
    if (!row) return undefined;
    return (await this.withDocuments(db, [row]))[0];
  }

  /** Current published versions, by code (for export). */
  async allPublishedRecords(db: Executor): Promise<VersionRecord[]> {
    const rows = await this.recordQuery(db).where('pv.status', '=', 'published').orderBy('p.code').execute();
    return this.withDocuments(db, rows);
  }

  async insertVersion(
    db: Executor,
    input: { procedureId: string; code: string; version: number; content: VersionContent; fieldName: string; createdBy: string | null; documents: NewDocument[] },
  ): Promise<string> {
    const codes = await this.codesOf(db, input.procedureId);
    const row = await db
      .insertInto('procedure_versions')
      .values({
        procedure_id: input.procedureId,
        version: input.version,
        status: 'draft',
        ...contentValues(input.content),
        ...codes,
        search_text: buildSearchText(input.content.name, input.code, input.fieldName, codes.local_code),
        created_by: input.createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.replaceDocuments(db, row.id, input.documents);
    return row.id;
  }

  async updateContent(db: Executor, input: { versionId: string; code: string; content: VersionContent; fieldName: string; documents: NewDocument[] }): Promise<void> {
    const owner = await db.selectFrom('procedure_versions').select('procedure_id').where('id', '=', input.versionId).executeTakeFirstOrThrow();
    const codes = await this.codesOf(db, owner.procedure_id);
    await db
      .updateTable('procedure_versions')
      .set({
        ...contentValues(input.content),
        ...codes,
        search_text: buildSearchText(input.content.name, input.code, input.fieldName, codes.local_code),
        updated_at: new Date(),
      })
      .where('id', '=', input.versionId)
      .execute();
    await this.replaceDocuments(db, input.versionId, input.documents);
  }

  async replaceDocuments(db: Executor, versionId: string, documents: NewDocument[]): Promise<void> {
    await db.deleteFrom('procedure_documents').where('version_id', '=', versionId).execute();
    if (!documents.length) return;
    await db
      .insertInto('procedure_documents')
      .values(documents.map((d, i) => ({ version_id: versionId, position: i + 1, ...d })))
      .execute();
  }

  /** The version's e-form (null: the generated default). */
  async setForm(db: Executor, versionId: string, form: { schema: Record<string, unknown>; ui?: Record<string, unknown> | undefined } | null): Promise<void> {
    await db
      .updateTable('procedure_versions')
      .set({ form_schema: form ? JSON.stringify(form.schema) : null, form_ui: form ? JSON.stringify(form.ui ?? {}) : null, updated_at: new Date() })
      .where('id', '=', versionId)
      .execute();
  }

  /** The version's fee rules as given by a catalog file or the API (checked by the payments module; null: none). */
  async setFeeRules(db: Executor, versionId: string, feeRules: object | null): Promise<void> {
    await db.updateTable('procedure_versions').set({ fee_rules: feeRules === null ? null : JSON.stringify(feeRules), updated_at: new Date() }).where('id', '=', versionId).execute();
  }

  /** A new version keeps its predecessor's fee rules (src/modules/payments edits them per version). */
  async copyFeeRules(db: Executor, fromVersionId: string, toVersionId: string): Promise<void> {
    await db
      .updateTable('procedure_versions')
      .set({ fee_rules: sql<string | null>`(SELECT src.fee_rules FROM procedure_versions src WHERE src.id = ${fromVersionId})` })
      .where('id', '=', toVersionId)
      .execute();
  }

  async setDocumentTemplate(db: Executor, documentId: string, fileId: string, name: string): Promise<void> {
    await db.updateTable('procedure_documents').set({ template_file_id: fileId, template_name: name }).where('id', '=', documentId).execute();
  }

  async setStatus(
    db: Executor,
    versionId: string,
    change: { status: VersionStatus; effective_from?: string | null; effective_to?: string | null; published_at?: Date },
  ): Promise<void> {
    await db
      .updateTable('procedure_versions')
      .set({ ...change, updated_at: new Date() })
      .where('id', '=', versionId)
      .execute();
  }

  /** True when the file is the template of some procedure document (template files are public). */
  async isTemplateFile(db: Executor, fileId: string): Promise<boolean> {
    const row = await db.selectFrom('procedure_documents').select('id').where('template_file_id', '=', fileId).limit(1).executeTakeFirst();
    return !!row;
  }

  // --- search ------------------------------------------------------------------------------------

  /**
   * Published versions matching the filters and the query, best first. Two passes keep it fast:
   * 1. every word present (LIKE on the accent-free text; the phrase and the code are special cases), ranked
   *    code > phrase > all words, then prefix, then shorter text;
   * 2. with fewer than 5 answers: the same allowing one transposition in each word ("dnag ky");
   * 3. only when nothing matched: trigram word similarity (`<%`, typos like "quyen tac gai"), best first.
   */
  async search(db: Executor, filters: SearchFilters, page: { limit: number; offset: number }): Promise<{ rows: SearchRow[]; total: number }> {
    const { query } = filters;
    const conditions = [sql`pv.status = 'published'`];
    if (filters.agencyIds) conditions.push(sql`pv.agency_id = ANY(${filters.agencyIds}::uuid[])`);
    if (filters.fieldId) conditions.push(sql`pv.field_id = ${filters.fieldId}`);
    if (filters.authorityLevel) conditions.push(sql`pv.authority_level = ${filters.authorityLevel}`);
    if (filters.audience) conditions.push(sql`pv.audience @> ARRAY[${filters.audience}]::text[]`);
    if (filters.onlineLevel) conditions.push(sql`pv.online_level = ${filters.onlineLevel}`);
    if (filters.onlineClass) conditions.push(sql`pv.online_class = ${filters.onlineClass}`);
    const filtersWhere = sql.join(conditions, sql` AND `);

    // Matching, counting and ordering on the versions alone; the page's rows are then joined to their names.
    const select = (match: RawBuilder<unknown>, keys: RawBuilder<unknown>, order: RawBuilder<unknown>) => sql<SearchRow & { total: number }>`
      SELECT p.code, pv.version, pv.name, a.code AS agency_code, a.name AS agency_name, f.code AS field_code, f.name AS field_name,
             pv.authority_level, pv.audience, pv.online_level, pv.online_class, pv.full_online_eligible,
             pv.time_limit_value, pv.time_limit_unit, pv.same_day, pv.no_time_limit, pv.local_code, pv.effective_from, hit.total
      FROM (
        SELECT pv.id AS k_id, ${keys}, count(*) OVER ()::int AS total
        FROM procedure_versions pv
        WHERE ${filtersWhere} AND ${match}
        ORDER BY ${order}
        LIMIT ${page.limit} OFFSET ${page.offset}
      ) hit
      JOIN procedure_versions pv ON pv.id = hit.k_id
      JOIN procedures p ON p.id = pv.procedure_id
      JOIN agencies a ON a.id = pv.agency_id
      JOIN fields f ON f.id = pv.field_id
      ORDER BY ${order}`;
    const countOf = async (tx: Executor, match: RawBuilder<unknown>) =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM procedure_versions pv WHERE ${filtersWhere} AND ${match}`.execute(tx)).rows[0]?.n ?? 0;
    const finish = async (tx: Executor, rows: Array<SearchRow & { total: number }>, match: RawBuilder<unknown>) => {
      const total = rows[0]?.total ?? (page.offset > 0 ? await countOf(tx, match) : 0);
      return { rows: rows.map(({ total: _t, ...row }) => row), total };
    };

    if (!query.folded) {
      // Listing without a query: alphabetical by accent-free name (the search text starts with it).
      const match = sql`true`;
      return finish(db, (await select(match, sql`pv.search_text AS k_text`, sql`k_text, k_id`).execute(db)).rows, match);
    }

    // search_text and the folded query are both lower case: LIKE gives the same answer as ILIKE, faster.
    const like = (text: string) => sql`pv.search_text LIKE ${text} ESCAPE '\\'`;
    const phrase = like(`%${escapeLike(query.folded)}%`);
    const allWords = sql.join(query.words.map((w) => like(`%${escapeLike(w)}%`)), sql` AND `);
    // Every word present, allowing one transposition in each ("dnag ky" finds "dang ky").
    const allWordsWithTypos = sql.join(
      query.words.map((w) => {
        const variants = typoVariants(w);
        // One regular expression per word (an alternation of its variants) costs less than a LIKE per variant.
        return variants.length === 1 ? like(`%${escapeLike(w)}%`) : sql`pv.search_text ~ ${`(${variants.map(escapeRegex).join('|')})`}`;
      }),
      sql` AND `,
    );
    const codeMatch =
      query.code ? sql`pv.procedure_id = (SELECT id FROM procedures WHERE code = ${query.code})`
      : query.localCode ? sql`upper(pv.local_code) = ${query.localCode}`
      : sql`false`;
    const tier = sql`CASE WHEN ${codeMatch} THEN 4 WHEN ${phrase} THEN 3 WHEN ${allWords} THEN 2 ELSE 1 END`;
    const keys = sql`${tier} AS k_tier, (pv.search_text LIKE ${`${escapeLike(query.folded)}%`} ESCAPE '\\') AS k_prefix, length(pv.search_text) AS k_length, pv.search_text AS k_text`;
    const order = sql`k_tier DESC, k_prefix DESC, k_length, k_text, k_id`;
    // Every word as typed (the phrase is a special case); with few answers, words with a transposition too.
    const exact = sql`(${allWords})`;
    const first = await finish(db, (await select(exact, keys, order).execute(db)).rows, exact);
    if (first.total >= TYPO_PASS_BELOW) return first;
    const near = sql`(${allWordsWithTypos})`;
    const second = await finish(db, (await select(near, keys, order).execute(db)).rows, near);
    if (second.total > 0) return second;

    // Nothing close: trigram similarity, with a threshold low enough for typos in short words.
    const fuzzy = sql`${query.folded} <% pv.search_text`;
    const run = async (tx: Executor) => {
      await sql`SET LOCAL pg_trgm.word_similarity_threshold = ${sql.lit(WORD_SIMILARITY_THRESHOLD)}`.execute(tx);
      const similarity = sql`word_similarity(${query.folded}, pv.search_text) AS k_similarity, pv.search_text AS k_text`;
      return finish(tx, (await select(fuzzy, similarity, sql`k_similarity DESC, k_text, k_id`).execute(tx)).rows, fuzzy);
    };
    return db.isTransaction ? run(db) : db.transaction().execute(run);
  }

  async stats(db: Executor): Promise<{ procedures: number; online: number; fullOnline: number; fields: number }> {
    const row = await sql<{ procedures: number; online: number; full_online: number; fields: number }>`
      SELECT count(*)::int AS procedures,
             count(*) FILTER (WHERE online_level >= 3 OR online_class IN ('full', 'partial'))::int AS online,
             count(*) FILTER (WHERE online_class = 'full')::int AS full_online,
             count(DISTINCT field_id)::int AS fields
      FROM procedure_versions WHERE status = 'published'`.execute(db);
    const r = row.rows[0]!;
    return { procedures: r.procedures, online: r.online, fullOnline: r.full_online, fields: r.fields };
  }

  /** Management list: the latest version of each procedure in the agencies given (every status). */
  async adminList(
    db: Executor,
    filters: { agencyIds: string[]; status?: VersionStatus | undefined; query: NormalisedQuery },
    page: { limit: number; offset: number },
  ): Promise<{ rows: AdminRow[]; total: number }> {
    if (!filters.agencyIds.length) return { rows: [], total: 0 };
    const conditions = [sql`pv.agency_id = ANY(${filters.agencyIds}::uuid[])`];
    if (filters.status) conditions.push(sql`pv.status = ${filters.status}`);
    if (filters.query.folded) {
      conditions.push(
        sql.join(
          filters.query.words.map((w) => sql`pv.search_text ILIKE ${`%${escapeLike(w)}%`} ESCAPE '\\'`),
          sql` AND `,
        ),
      );
    }
    const where = sql.join(conditions, sql` AND `);
    const result = await sql<AdminRow & { total: number }>`
      SELECT * FROM (
        SELECT DISTINCT ON (p.id) p.code, p.local_code, pv.version, pv.status, pv.name, a.code AS agency_code, a.name AS agency_name,
               pv.effective_from, pv.effective_to, pv.updated_at
        FROM procedure_versions pv
        JOIN procedures p ON p.id = pv.procedure_id
        JOIN agencies a ON a.id = pv.agency_id
        WHERE ${where}
        ORDER BY p.id, pv.version DESC
      ) latest
      ORDER BY code
      LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
    const counted = await sql<{ n: number }>`
      SELECT count(DISTINCT pv.procedure_id)::int AS n FROM procedure_versions pv WHERE ${where}`.execute(db);
    return { rows: result.rows, total: counted.rows[0]?.n ?? 0 };
  }

  /** The agency and everything below it. */
  async subtreeIds(db: Executor, rootId: string): Promise<string[]> {
    const result = await sql<{ id: string }>`
      WITH RECURSIVE down AS (
        SELECT id FROM agencies WHERE id = ${rootId}
        UNION
        SELECT a.id FROM agencies a JOIN down ON a.parent_id = down.id
      )
      SELECT id FROM down`.execute(db);
    return result.rows.map((r) => r.id);
  }

  /** Ids of the agencies whose codes are given (unknown codes are absent from the map). */
  async agencyIdsByCodes(db: Executor, codes: string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows = await db.selectFrom('agencies').select(['id', 'code']).where('code', 'in', codes).execute();
    return new Map(rows.map((r) => [r.code, r.id]));
  }
}
