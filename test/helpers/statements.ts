// A Kysely database on its own pool whose clients record every statement they send (BEGIN and COMMIT included):
// the statement-count tests wrap the work they measure in `statementsOf`. `countingApp`: the whole application
// over such a database (the HTTP statement-count tests).
import { after } from 'node:test';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createContext } from '../../src/container.ts';
import type { DB } from '../../src/db/schema.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import { modules } from '../../src/modules/index.ts';
import { argon2Hasher } from '../../src/modules/identity/passwords.ts';
import { testConfig } from './db.ts';

export interface CountingDb {
  db: Kysely<DB>;
  /** The statements `work` sent (and its result). */
  statementsOf<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
}

export function countingDb(url: string): CountingDb {
  const sent: string[] = [];
  let recording = false;
  class CountingClient extends pg.Client {
    override query(...args: unknown[]): never {
      const [first] = args;
      if (recording) sent.push(typeof first === 'string' ? first : String((first as { text?: string })?.text ?? first));
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  }
  const pool = new pg.Pool({ connectionString: url, max: 5, Client: CountingClient });
  pool.on('error', () => {
    /* the test database is dropped (its connections terminated) when the file ends */
  });
  return {
    db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }),
    async statementsOf<T>(work: () => Promise<T>) {
      sent.length = 0;
      recording = true;
      try {
        const result = await work();
        return { result, statements: [...sent] };
      } finally {
        recording = false;
      }
    },
  };
}

export interface CountingApp extends CountingDb {
  app: App;
}

/**
 * The application (demo mode, test passwords) built over a counting database on `url` (the test file's database,
 * its demo data loaded); closed, and its pool ended, when the file ends.
 */
export async function countingApp(url: string): Promise<CountingApp> {
  const counting = countingDb(url);
  const app = await buildApp(createContext(testConfig({ DEMO: 'true' }), counting.db, { hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }) }), modules, { logger: false });
  after(async () => {
    await app.close();
    await counting.db.destroy();
  });
  return { ...counting, app };
}
