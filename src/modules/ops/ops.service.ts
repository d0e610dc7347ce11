// Operations: readiness (database answers, schema up to date).
import { CompiledQuery } from 'kysely';
import { DomainError } from '../../core/errors.ts';
import type { Db } from '../../db/database.ts';
import { pendingMigrations } from '../../db/migrate.ts';

export class OpsService {
  constructor(private readonly db: Db, private readonly timeoutMs = 3000) {}

  /** Throws SERVICE_UNAVAILABLE unless the database answers and every migration on disk is applied. */
  async ready(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const check = async () => {
      const pending = await pendingMigrations(async (text) => {
        const result = await this.db.executeQuery<{ name: string }>(CompiledQuery.raw(text));
        return { rows: [...result.rows] };
      });
      return pending;
    };
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('database readiness check timed out')), this.timeoutMs);
    });
    let pending: string[];
    try {
      pending = await Promise.race([check(), timeout]);
    } catch {
      throw new DomainError('SERVICE_UNAVAILABLE');
    } finally {
      clearTimeout(timer);
    }
    if (pending.length > 0) throw new DomainError('SERVICE_UNAVAILABLE');
  }

  /** Sessions not yet expired (for the metrics gauge). */
  async liveSessions(): Promise<number> {
    const row = await this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('expires_at', '>', new Date())
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
