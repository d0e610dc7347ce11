// SQL of the stored files' metadata.
import type { Executor } from '../../db/database.ts';
import type { FilesTable } from '../../db/schema.ts';
import type { Selectable } from 'kysely';

export type FileRow = Selectable<FilesTable>;

export class FilesRepository {
  insert(db: Executor, row: { storage_key: string; original_name: string; media_type: string; size_bytes: number; sha256: string; created_by: string | null }): Promise<FileRow> {
    return db.insertInto('files').values(row).returningAll().executeTakeFirstOrThrow();
  }

  findById(db: Executor, id: string): Promise<FileRow | undefined> {
    return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
