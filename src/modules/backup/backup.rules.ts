// Pure rules of backups (`opendvc backup` / `opendvc restore`): what a backup folder holds (its manifest), how a
// manifest is checked, and whether a database may receive a restore. No I/O.
//
// A backup is a folder:
//   manifest.json            this file's BackupManifest (format "opendvc-backup", version 1)
//   db/NNN-<table>.copy.gz   each table of the `public` schema, PostgreSQL COPY text format, gzip, one snapshot
//   files/<storage key>      the content of every file row of that snapshot, checked against its SHA-256
import { DomainError } from '../../core/errors.ts';
import './backup.errors.ts';

export const BACKUP_FORMAT = 'opendvc-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** The migrations bookkeeping table: the restore's own migrations write it, it is compared, never copied. */
export const MIGRATIONS_TABLE = 'schema_migrations';

export interface BackupTable {
  name: string;
  /** Path inside the backup folder. */
  file: string;
  rows: number;
  /** SHA-256 of the file as written (gzip bytes). */
  sha256: string;
}

export interface BackupSequence {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: typeof BACKUP_FORMAT_VERSION;
  createdAt: string;
  /** The server's version (`server_version`), for the record. */
  postgres: string;
  /** The migrations the database had: a restore needs exactly these. */
  migrations: string[];
  tables: BackupTable[];
  sequences: BackupSequence[];
  files: {
    count: number;
    bytes: number;
    /** Storage keys of file rows whose content was already gone (deleted after the snapshot). */
    missing: string[];
  };
}

/** The file name of the n-th table inside the folder (order kept for humans; any order restores). */
export function tableFile(index: number, table: string): string {
  return `db/${String(index + 1).padStart(3, '0')}-${table}.copy.gz`;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const MIGRATION = /^\d{4}_[a-z0-9_]+\.sql$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The manifest of a backup folder, checked: every problem is a reason in BACKUP_MANIFEST_INVALID. Table and sequence
 * names must be plain identifiers (they become SQL), file paths must stay inside the folder.
 */
export function parseManifest(json: unknown): BackupManifest {
  const problems: string[] = [];
  if (!isObject(json)) throw new DomainError('BACKUP_MANIFEST_INVALID', { reason: 'not a JSON object' });
  if (json.format !== BACKUP_FORMAT) problems.push(`format is not "${BACKUP_FORMAT}"`);
  if (json.formatVersion !== BACKUP_FORMAT_VERSION) problems.push(`formatVersion ${String(json.formatVersion)} is not ${BACKUP_FORMAT_VERSION}`);
  const migrations = Array.isArray(json.migrations) ? json.migrations : [];
  if (!Array.isArray(json.migrations) || migrations.some((m) => typeof m !== 'string' || !MIGRATION.test(m))) problems.push('migrations must be a list of migration file names');
  const tables = Array.isArray(json.tables) ? json.tables : [];
  if (!Array.isArray(json.tables)) problems.push('tables must be a list');
  tables.forEach((t, i) => {
    if (!isObject(t) || typeof t.name !== 'string' || !IDENTIFIER.test(t.name) || t.name === MIGRATIONS_TABLE) problems.push(`tables[${i}].name is not a table name`);
    else if (t.file !== tableFile(i, t.name)) problems.push(`tables[${i}].file is not ${tableFile(i, t.name)}`);
    if (!isObject(t) || !Number.isSafeInteger(t.rows) || (t.rows as number) < 0) problems.push(`tables[${i}].rows is not a count`);
    if (!isObject(t) || typeof t.sha256 !== 'string' || !SHA256.test(t.sha256)) problems.push(`tables[${i}].sha256 is not a SHA-256`);
  });
  const sequences = Array.isArray(json.sequences) ? json.sequences : [];
  if (!Array.isArray(json.sequences)) problems.push('sequences must be a list');
  sequences.forEach((s, i) => {
    if (!isObject(s) || typeof s.name !== 'string' || !IDENTIFIER.test(s.name)) problems.push(`sequences[${i}].name is not a sequence name`);
    if (!isObject(s) || typeof s.lastValue !== 'string' || !/^-?\d{1,19}$/.test(s.lastValue) || typeof s.isCalled !== 'boolean') problems.push(`sequences[${i}] has no value`);
  });
  const files = isObject(json.files) ? json.files : null;
  if (!files || !Number.isSafeInteger(files.count) || !Number.isSafeInteger(files.bytes) || !Array.isArray(files.missing) || files.missing.some((k) => typeof k !== 'string')) {
    problems.push('files must give count, bytes and missing');
  }
  if (problems.length) throw new DomainError('BACKUP_MANIFEST_INVALID', { reason: problems.join('; ') });
  return json as unknown as BackupManifest;
}

/**
 * Whether a database may receive the backup: it must hold no accounts (a fresh installation, migrated) and have
 * applied exactly the backup's migrations (the same version of OpenDVC made it); else a DomainError saying why.
 */
export function checkRestoreTarget(manifest: BackupManifest, target: { migrations: readonly string[]; accounts: number }): void {
  if (target.accounts > 0) throw new DomainError('BACKUP_TARGET_NOT_EMPTY', { accounts: target.accounts });
  const backup = new Set(manifest.migrations);
  const here = new Set(target.migrations);
  const onlyInBackup = manifest.migrations.filter((m) => !here.has(m));
  const onlyHere = target.migrations.filter((m) => !backup.has(m));
  if (onlyInBackup.length || onlyHere.length) {
    throw new DomainError('BACKUP_VERSION_MISMATCH', {
      newer: onlyInBackup.join(', ') || '—',
      older: onlyHere.join(', ') || '—',
    });
  }
}
