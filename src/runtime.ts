// Opens the database the configuration points at (external, or the embedded server) and migrates it.
import type { Config } from './config.ts';
import { createDb, type Db } from './db/database.ts';
import type { EmbeddedServer } from './db/embedded.ts';
import { migrate } from './db/migrate.ts';

export interface Database {
  url: string;
  db: Db;
  embedded: EmbeddedServer | null;
  close(): Promise<void>;
}

export async function openDatabase(config: Config, log: (msg: string) => void, options: { migrate?: boolean } = {}): Promise<Database> {
  let url = config.databaseUrl;
  let embedded: EmbeddedServer | null = null;
  if (!url) {
    // Loaded only when needed: with DATABASE_URL the embedded server's package is never touched.
    const { startEmbeddedPostgres } = await import('./db/embedded.ts');
    embedded = await startEmbeddedPostgres({ dir: config.dataDir, port: config.embeddedPgPort, log });
    await embedded.ensureDatabase('opendvc');
    url = embedded.urlFor('opendvc');
  }
  if (options.migrate !== false) await migrate(url, log);
  const db = createDb(url, { prepared: config.databasePreparedStatements });
  return {
    url,
    db,
    embedded,
    async close() {
      await db.destroy();
      if (embedded) await embedded.stop();
    },
  };
}
