// The cost of DATABASE_PREPARED_STATEMENTS=off (issue 17): the public lookup through the service, in this process,
// on two pools of the bench database — one preparing the marked statements (the default), one sending them unnamed
// (what PgBouncer in transaction pooling needs). Informational: a ratio, no target.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Config } from '../src/config.ts';
import { createContext } from '../src/container.ts';
import { createDb } from '../src/db/database.ts';

export interface PreparedCost {
  on: number;
  off: number;
  detail: string;
}

/** Sequential lookups (one statement each, no coalescing), in alternating rounds so drift hits both settings alike. */
export async function benchPreparedStatements(input: { url: string; config: Config; count: number; rounds?: number }): Promise<PreparedCost> {
  const admin = new pg.Client({ connectionString: input.url });
  await admin.connect();
  const keys = (
    await admin.query<{ code: string; secret: string }>(
      "SELECT code, applicant_id_number AS secret FROM dossiers WHERE status IS NOT NULL AND applicant_id_number ~ '^[0-9]{9,14}$' ORDER BY submitted_at DESC LIMIT 50",
    )
  ).rows;
  await admin.end();
  if (!keys.length) throw new Error('no submitted dossier to look up');
  const sides = (['on', 'off'] as const).map((setting) => {
    const db = createDb(input.url, { max: 2, prepared: setting === 'on' });
    const ctx = createContext(input.config, db, { demo: true });
    return { setting, db, lookup: (i: number) => ctx.services.dossiers.lookup(keys[i % keys.length]!.code, keys[i % keys.length]!.secret, '127.0.0.1'), ms: 0, n: 0 };
  });
  try {
    for (const side of sides) for (let i = 0; i < 200; i++) await side.lookup(i); // warm-up: JIT, connections, plans
    const rounds = input.rounds ?? 4;
    const per = Math.max(1, Math.floor(input.count / rounds));
    for (let r = 0; r < rounds; r++) {
      for (const side of r % 2 ? [...sides].reverse() : sides) {
        const start = performance.now();
        for (let i = 0; i < per; i++) await side.lookup(i);
        side.ms += performance.now() - start;
        side.n += per;
      }
    }
  } finally {
    await Promise.all(sides.map((s) => s.db.destroy()));
  }
  const [on, off] = sides.map((s) => (s.n / s.ms) * 1000) as [number, number];
  return {
    on,
    off,
    detail: `${on.toFixed(0)}/s on vs ${off.toFixed(0)}/s off = ×${(on / off).toFixed(2)} (${sides[0]!.n} sequential lookups each through the service, alternating rounds)`,
  };
}
