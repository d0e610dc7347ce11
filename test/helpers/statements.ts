// A Kysely database on its own pool whose clients record every statement they send (BEGIN and COMMIT included):
// the statement-count tests wrap the work they measure in `statementsOf`.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../../src/db/schema.ts';

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
