// The manifest of a backup folder and the restore's target check (backup.rules.ts), table-driven.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import { checkRestoreTarget, parseManifest, tableFile, type BackupManifest } from '../../src/modules/backup/backup.rules.ts';

const valid: BackupManifest = {
  format: 'opendvc-backup',
  formatVersion: 1,
  createdAt: '2026-12-05T10:00:00.000Z',
  postgres: '17.6',
  migrations: ['0001_core.sql', '0002_catalog.sql'],
  tables: [
    { name: 'accounts', file: tableFile(0, 'accounts'), rows: 9, sha256: 'a'.repeat(64) },
    { name: 'dossiers', file: tableFile(1, 'dossiers'), rows: 0, sha256: 'b'.repeat(64) },
  ],
  sequences: [{ name: 'audit_log_id_seq', lastValue: '92', isCalled: true }],
  files: { count: 3, bytes: 1200, missing: [] },
};

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error.code;
  }
}

describe('backup manifest', () => {
  it('names table files in order inside db/', () => {
    assert.equal(tableFile(0, 'accounts'), 'db/001-accounts.copy.gz');
    assert.equal(tableFile(41, 'dossiers'), 'db/042-dossiers.copy.gz');
  });

  it('accepts a whole manifest', () => {
    assert.deepEqual(parseManifest(structuredClone(valid)), valid);
  });

  const broken: Array<[string, (m: Record<string, any>) => void, RegExp]> = [
    ['another format', (m) => (m.format = 'pg_dump'), /format/],
    ['a newer format version', (m) => (m.formatVersion = 2), /formatVersion 2/],
    ['a migration that is not a file name', (m) => m.migrations.push('../../etc/passwd'), /migrations/],
    ['a table name that is SQL', (m) => (m.tables[0].name = 'accounts; DROP TABLE x'), /tables\[0\]\.name/],
    ['the migrations table itself', (m) => (m.tables[0] = { ...m.tables[0], name: 'schema_migrations', file: tableFile(0, 'schema_migrations') }), /tables\[0\]\.name/],
    ['a file path outside the folder', (m) => (m.tables[1].file = '../dossiers.copy.gz'), /tables\[1\]\.file/],
    ['a negative row count', (m) => (m.tables[1].rows = -1), /tables\[1\]\.rows/],
    ['a checksum that is not SHA-256', (m) => (m.tables[0].sha256 = 'abc'), /tables\[0\]\.sha256/],
    ['a sequence without a value', (m) => (m.sequences[0].lastValue = 'NaN'), /sequences\[0\]/],
    ['no file summary', (m) => delete m.files, /files/],
  ];
  for (const [name, spoil, reason] of broken) {
    it(`refuses ${name}, saying why`, () => {
      const manifest = structuredClone(valid) as unknown as Record<string, any>;
      spoil(manifest);
      try {
        parseManifest(manifest);
        assert.fail('accepted');
      } catch (error) {
        assert.ok(error instanceof DomainError);
        assert.equal(error.code, 'BACKUP_MANIFEST_INVALID');
        assert.match(String(error.params?.reason), reason);
      }
    });
  }

  it('refuses what is not an object', () => {
    for (const value of [null, [], 'manifest', 42]) assert.equal(codeOf(() => parseManifest(value)), 'BACKUP_MANIFEST_INVALID');
  });
});

describe('restore target', () => {
  const cases: Array<[string, { migrations: string[]; accounts: number }, string | null]> = [
    ['an empty installation of the same version', { migrations: ['0001_core.sql', '0002_catalog.sql'], accounts: 0 }, null],
    ['an installation with accounts', { migrations: ['0001_core.sql', '0002_catalog.sql'], accounts: 1 }, 'BACKUP_TARGET_NOT_EMPTY'],
    ['an older version (the backup has a migration it lacks)', { migrations: ['0001_core.sql'], accounts: 0 }, 'BACKUP_VERSION_MISMATCH'],
    ['a newer version (a migration the backup lacks)', { migrations: ['0001_core.sql', '0002_catalog.sql', '0003_more.sql'], accounts: 0 }, 'BACKUP_VERSION_MISMATCH'],
  ];
  for (const [name, target, expected] of cases) {
    it(`${expected ? 'refuses' : 'accepts'} ${name}`, () => {
      assert.equal(codeOf(() => checkRestoreTarget(valid, target)), expected);
    });
  }
});
