// The SQL of backups: a read-only REPEATABLE READ snapshot streamed table by table with COPY, and the restore into
// a migrated, empty database in one transaction with triggers off (session_replication_role = replica: the rows
// are restored as they were, the report tables included, and the append-only audit log accepts them).
// Runs on one plain pg client (COPY needs the connection itself), not on the Kysely pool.
import type { Readable, Writable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { MIGRATIONS_TABLE, type BackupSequence } from './backup.rules.ts';

/** A table or sequence name as SQL (names come from the catalog or a checked manifest: plain identifiers). */
function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `public."${name}"`;
}

export interface FileContentRow {
  storage_key: string;
  sha256: string;
  size_bytes: string;
  media_type: string;
}

export class BackupRepository {
  constructor(readonly client: pg.Client) {}

  static async connect(url: string): Promise<BackupRepository> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new BackupRepository(client);
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  /** One consistent, read-only view of the whole database for everything read until `end`. */
  async beginSnapshot(): Promise<void> {
    await this.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  async begin(): Promise<void> {
    await this.client.query('BEGIN');
    // Triggers off for this transaction (needs a superuser or, from PostgreSQL 15, GRANT SET ON PARAMETER).
    await this.client.query('SET LOCAL session_replication_role = replica');
  }

  async commit(): Promise<void> {
    await this.client.query('COMMIT');
  }

  async rollback(): Promise<void> {
    await this.client.query('ROLLBACK').catch(() => {});
  }

  async serverVersion(): Promise<string> {
    return (await this.client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v.replace(/^(\S+).*$/, '$1');
  }

  async migrations(): Promise<string[]> {
    const { rows } = await this.client.query<{ name: string }>(`SELECT name FROM ${ident(MIGRATIONS_TABLE)} ORDER BY name`);
    return rows.map((r) => r.name);
  }

  /** The tables of the product (schema `public`) but the migrations bookkeeping, by name. */
  async tables(): Promise<string[]> {
    const { rows } = await this.client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> $1 ORDER BY tablename`,
      [MIGRATIONS_TABLE],
    );
    return rows.map((r) => r.name);
  }

  async sequences(): Promise<BackupSequence[]> {
    const { rows } = await this.client.query<{ name: string }>(`SELECT sequencename AS name FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`);
    const result: BackupSequence[] = [];
    for (const { name } of rows) {
      const { rows: values } = await this.client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${ident(name)}`);
      result.push({ name, lastValue: values[0]!.last_value, isCalled: values[0]!.is_called });
    }
    return result;
  }

  /** The rows of `table` as COPY text; `rowCount` is known once the stream ended. */
  copyOut(table: string): Readable & { rowCount: number } {
    return this.client.query(copyTo(`COPY ${ident(table)} TO STDOUT`));
  }

  copyIn(table: string): Writable & { rowCount: number } {
    return this.client.query(copyFrom(`COPY ${ident(table)} FROM STDIN`));
  }

  async fileRows(): Promise<FileContentRow[]> {
    const { rows } = await this.client.query<FileContentRow>('SELECT storage_key, sha256, size_bytes::text, media_type FROM public.files ORDER BY storage_key');
    return rows;
  }

  /** The columns of `table` as COPY writes them (table order, generated columns left out). */
  async columns(table: string): Promise<string[]> {
    const { rows } = await this.client.query<{ name: string }>(
      `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
      [ident(table)],
    );
    return rows.map((r) => r.name);
  }

  async accountCount(): Promise<number> {
    return Number((await this.client.query<{ n: string }>('SELECT count(*) AS n FROM public.accounts')).rows[0]!.n);
  }

  /** Empties the tables that hold rows (the migrations' own seed rows) before the backup's rows go in. */
  async emptyTables(tables: readonly string[]): Promise<void> {
    const filled: string[] = [];
    for (const table of tables) {
      const { rows } = await this.client.query(`SELECT 1 FROM ${ident(table)} LIMIT 1`);
      if (rows.length) filled.push(table);
    }
    if (filled.length) await this.client.query(`TRUNCATE ${filled.map(ident).join(', ')} CASCADE`);
  }

  async setSequence(sequence: BackupSequence): Promise<void> {
    await this.client.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [ident(sequence.name), sequence.lastValue, sequence.isCalled]);
  }
}
