// Each test file gets its own database, cloned from a template that `npm test` migrated once.
import { after } from 'node:test';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.ts';
import { createContext, type AppContext } from '../../src/container.ts';
import { createDb, type Db } from '../../src/db/database.ts';
import { argon2Hasher } from '../../src/modules/identity/passwords.ts';

export interface TestDatabase {
  url: string;
  db: Db;
}

function adminUrl(): string {
  const url = process.env.OPENDVC_TEST_PG_URL;
  if (!url) throw new Error('Run the tests with `npm test` (it starts PostgreSQL and sets OPENDVC_TEST_PG_URL).');
  return url;
}

/** A fresh database cloned from the migrated template (`demo: true` also has the demo data); dropped after the file. */
export async function createTestDatabase(options: { demo?: boolean } = {}): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const template = options.demo ? 'opendvc_template_demo' : 'opendvc_template';
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const url = adminUrl().replace(/\/[^/]*$/, `/${name}`);
  const db = createDb(url, { max: 5 });
  after(async () => {
    await db.destroy();
    const client = new pg.Client({ connectionString: adminUrl() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });
  return { url, db };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  // DEMO off unless asked: tests run without DATABASE_URL, where demo mode would otherwise default to on.
  return loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: process.env.OPENDVC_TEST_DATA_DIR ?? '.tmp/test-data', DEMO: 'false', ...overrides });
}

/** Services on a fresh test database. Passwords are argon2id with small parameters to keep tests quick. */
export async function createTestContext(options: { demo?: boolean; config?: Record<string, string> } = {}): Promise<AppContext & { url: string }> {
  const { url, db } = await createTestDatabase(options);
  // Demo mode is the DEMO setting: on with the demo data (`demo: true`), off otherwise, unless options.config says.
  const config = testConfig({ DEMO: options.demo ? 'true' : 'false', ...options.config });
  const ctx = createContext(config, db, { hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }) });
  return { ...ctx, url };
}
