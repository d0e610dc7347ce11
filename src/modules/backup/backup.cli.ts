// `opendvc backup <folder>` and `opendvc restore <folder>` (backup.service.ts): the configured database (embedded or
// DATABASE_URL) and file storage (FILES_DIR or S3).
import type { Command } from 'commander';
import type { Config } from '../../config.ts';

const log = (message: string) => process.stderr.write(`${message}\n`);

async function withBackupService<T>(config: Config, options: { migrate: boolean }, fn: (service: import('./backup.service.ts').BackupService) => Promise<T>): Promise<T> {
  const [{ openDatabase }, { createFileStorage }, { BackupService }] = await Promise.all([
    import('../../runtime.ts'),
    import('../files/files.service.ts'),
    import('./backup.service.ts'),
  ]);
  const database = await openDatabase(config, log, { migrate: options.migrate });
  const storage = createFileStorage(config, database.db);
  try {
    return await fn(new BackupService(database.url, storage, log));
  } finally {
    await storage.close();
    await database.close();
  }
}

export function registerBackupCommands(program: Command, getConfig: () => Config): void {
  program
    .command('backup')
    .description('Back up the database and the stored files, consistent with each other, into a new folder (docs/operations.md)')
    .argument('<folder>', 'a new or empty folder')
    .action(async (folder: string) => {
      await withBackupService(getConfig(), { migrate: false }, async (service) => {
        const manifest = await service.backup(folder);
        process.stdout.write(`backup written to ${folder}: ${manifest.tables.length} tables, ${manifest.files.count} files\n`);
      });
    });

  program
    .command('restore')
    .description('Restore a backup folder into a new installation (an empty database, migrated by this command, of the same OpenDVC version)')
    .argument('<folder>', 'a folder written by `opendvc backup`')
    .action(async (folder: string) => {
      await withBackupService(getConfig(), { migrate: true }, async (service) => {
        const result = await service.restore(folder);
        process.stdout.write(`restored ${folder}: ${result.tables} tables, ${result.rows} rows, ${result.files} files\n`);
      });
    });
}
