// SQL of the stored files' metadata, and of "is this file still referenced by any row?".
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { FilesTable } from '../../db/schema.ts';

export type FileRow = Selectable<FilesTable>;

/** A column that holds a file id (a foreign key to files.id). */
export interface FileReference {
  table: string;
  column: string;
}

export class FilesRepository {
  private references: Promise<FileReference[]> | null = null;

  insert(db: Executor, row: { storage_key: string; original_name: string; media_type: string; size_bytes: number; sha256: string; created_by: string | null }): Promise<FileRow> {
    return db.insertInto('files').values(row).returningAll().executeTakeFirstOrThrow();
  }

  findById(db: Executor, id: string): Promise<FileRow | undefined> {
    return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Every column referencing files.id, read from the catalog once: dossier_files, personal_documents, procedure
   * templates and whatever later modules add with a foreign key. A file no such column points at is unused.
   */
  fileReferences(db: Executor): Promise<FileReference[]> {
    this.references ??= sql<FileReference>`
      SELECT cl.relname AS "table", att.attname AS "column"
      FROM pg_constraint c
      JOIN pg_class cl ON cl.oid = c.conrelid
      JOIN pg_attribute att ON att.attrelid = c.conrelid AND att.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND c.confrelid = 'files'::regclass AND array_length(c.conkey, 1) = 1
      ORDER BY 1, 2`
      .execute(db)
      .then((r) => r.rows)
      .catch((error) => {
        this.references = null;
        throw error;
      });
    return this.references;
  }

  private async unusedCondition(db: Executor) {
    const refs = await this.fileReferences(db);
    if (!refs.length) return sql<boolean>`true`;
    return sql.join(
      refs.map((r) => sql<boolean>`NOT EXISTS (SELECT 1 FROM ${sql.table(r.table)} AS r WHERE r.${sql.ref(r.column)} = f.id)`),
      sql` AND `,
    );
  }

  /**
   * Deletes the rows of those files that nothing references any more (locked first; a file another transaction
   * holds is left alone) and returns their storage keys.
   */
  async deleteUnused(db: Executor, fileIds: string[]): Promise<Array<{ id: string; storage_key: string }>> {
    if (!fileIds.length) return [];
    const unused = await this.unusedCondition(db);
    const rows = await sql<{ id: string; storage_key: string }>`
      SELECT f.id, f.storage_key FROM files f
      WHERE f.id = ANY(${fileIds}::uuid[]) AND ${unused}
      FOR UPDATE OF f SKIP LOCKED`.execute(db);
    if (!rows.rows.length) return [];
    await db.deleteFrom('files').where('id', 'in', rows.rows.map((r) => r.id)).execute();
    return rows.rows;
  }

  /** Up to `limit` ids of files created before `before` that no row references. */
  async unusedBefore(db: Executor, before: Date, limit: number): Promise<string[]> {
    const unused = await this.unusedCondition(db);
    const rows = await sql<{ id: string }>`
      SELECT f.id FROM files f
      WHERE f.created_at < ${before} AND ${unused}
      ORDER BY f.created_at
      LIMIT ${limit}`.execute(db);
    return rows.rows.map((r) => r.id);
  }

  /** The keys among `keys` that have a files row. */
  async knownKeys(db: Executor, keys: string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const rows = await db.selectFrom('files').select('storage_key').where('storage_key', 'in', keys).execute();
    return new Set(rows.map((r) => r.storage_key));
  }
}
