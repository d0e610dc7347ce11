// The `opendvc` command line, run as a real process (bin/opendvc.mjs) against the test database.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestContext } from '../helpers/db.ts';
import { opendvc } from '../helpers/cli.ts';

describe('opendvc CLI', async () => {
  const ctx = await createTestContext({ demo: true });
  const dbEnv = { DATABASE_URL: ctx.url };

  it('prints help for every command', async () => {
    const top = await opendvc(['--help']);
    assert.equal(top.code, 0, top.stderr);
    for (const name of ['serve', 'migrate', 'seed', 'user', 'audit']) assert.match(top.stdout, new RegExp(`^\\s+${name}\\b`, 'm'), name);
    const expectations: Array<[string[], RegExp[]]> = [
      [['serve', '--help'], [/Usage: opendvc serve/, /Start the web server/]],
      [['migrate', '--help'], [/Usage: opendvc migrate/, /Apply pending database migrations/]],
      [['seed', '--help'], [/Usage: opendvc seed/, /--demo/]],
      [['user', 'create', '--help'], [/Usage: opendvc user create/, /--username <username>/, /--password <password>/, /--full-name <name>/, /--agency <code>/, /--role <role\.\.\.>/, /admin/]],
      [['audit', 'verify', '--help'], [/Usage: opendvc audit verify/, /hash chain/]],
    ];
    // catalog import / export, when the CLI has them.
    if (/^\s+catalog\b/m.test(top.stdout)) {
      expectations.push([['catalog', 'import', '--help'], [/Usage: opendvc catalog import/]]);
      expectations.push([['catalog', 'export', '--help'], [/Usage: opendvc catalog export/]]);
    }
    const runs = await Promise.all(expectations.map(([args]) => opendvc(args)));
    expectations.forEach(([args, patterns], i) => {
      const run = runs[i]!;
      assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
      for (const pattern of patterns) assert.match(run.stdout, pattern, `${args.join(' ')} shows ${pattern}`);
    });
  });

  it('creates a staff account with roles, audited', async () => {
    const run = await opendvc(
      ['user', 'create', '--username', 'cli.quantri', '--password', 'Cl1@QuanTri', '--full-name', 'Quản trị CLI', '--email', 'cli@example.vn', '--agency', '000.00.00.H59', '--role', 'admin', 'inspector'],
      dbEnv,
    );
    assert.equal(run.code, 0, run.stderr);
    const match = /^created account cli\.quantri \(([0-9a-f-]{36})\)$/m.exec(run.stdout);
    assert.ok(match, run.stdout);
    const account = await ctx.db.selectFrom('accounts').selectAll().where('username', '=', 'cli.quantri').executeTakeFirstOrThrow();
    assert.equal(account.id, match[1]);
    assert.equal(account.kind, 'staff');
    assert.equal(account.full_name, 'Quản trị CLI');
    const roles = await ctx.db.selectFrom('account_roles').select('role').where('account_id', '=', account.id).orderBy('role').execute();
    assert.deepEqual(roles.map((r) => r.role), ['admin', 'inspector']);
    const entry = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'account.create').where('target_id', '=', account.id).executeTakeFirstOrThrow();
    assert.equal(entry.actor_id, null);
  });

  it("loads the demo's history on an external database (seed --history), once", async () => {
    const count = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM dossiers WHERE status IS NOT NULL`.execute(ctx.db)).rows[0]!.n);
    const before = await count();
    const run = await opendvc(['seed', '--history'], dbEnv);
    assert.equal(run.code, 0, run.stderr);
    const output = run.stdout + run.stderr;
    assert.match(output, /Trà Vinh 2017 \(historical import\): \d+ dossiers/);
    assert.match(output, /a year of history: \d+ dossiers/);
    const after = await count();
    assert.ok(after > before + 2000, `${before} → ${after}`);
    const again = await opendvc(['seed', '--history'], dbEnv);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(await count(), after, 'a second run adds nothing');
  });

  it('reports bad input with exit code 1 and the reasons', async () => {
    // Three independent commands, run at once.
    const [weak, unknown, badRole] = await Promise.all([
      opendvc(['user', 'create', '--username', 'cli.weak', '--password', 'abc', '--full-name', 'Yếu', '--agency', '000.00.00.H59'], dbEnv),
      opendvc(['user', 'create', '--username', 'cli.x', '--password', 'Cl1@QuanTri', '--full-name', 'X', '--agency', 'NO.SUCH'], dbEnv),
      opendvc(['user', 'create', '--username', 'cli.y', '--password', 'Cl1@QuanTri', '--full-name', 'Y', '--role', 'wizard'], dbEnv),
    ]);
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /\/password: Mật khẩu phải có ít nhất 8 ký tự/);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Unknown agency code: NO\.SUCH/);
    assert.notEqual(badRole.code, 0);
    assert.match(badRole.stderr, /wizard/);
    assert.equal(await ctx.db.selectFrom('accounts').select('id').where('username', 'in', ['cli.weak', 'cli.x', 'cli.y']).executeTakeFirst(), undefined);
  });

  it('verifies the audit chain, then names the first tampered entry with exit code 1', async () => {
    const count = (await ctx.db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
    assert.ok(count > 0);
    const intact = await opendvc(['audit', 'verify'], dbEnv);
    assert.equal(intact.code, 0, intact.stderr);
    assert.equal(intact.stdout.trim(), `audit log intact: ${count} entries verified`);

    const target = await ctx.db.selectFrom('audit_log').select('id').orderBy('id').offset(Math.floor(count / 2)).limit(1).executeTakeFirstOrThrow();
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(ctx.db);
    await sql`UPDATE audit_log SET actor_name = 'someone-else' WHERE id = ${target.id}`.execute(ctx.db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(ctx.db);

    const broken = await opendvc(['audit', 'verify'], dbEnv);
    assert.match(broken.stdout, new RegExp(`audit log BROKEN at entry ${target.id} \\(hash\\); ${Math.floor(count / 2)} entries before it are intact`));
    // The exit code must say "broken" to a cron job or a monitoring script, not only the text.
    assert.equal(broken.code, 1, `exit code of a broken chain; output: ${broken.stdout}${broken.stderr}`);
  });

  it('exits with code 2 naming the variable when the configuration is wrong', async () => {
    const [run, logLevel] = await Promise.all([opendvc(['migrate'], { ...dbEnv, PORT: 'abc' }), opendvc(['audit', 'verify'], { ...dbEnv, LOG_LEVEL: 'loud' })]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /PORT/);
    assert.match(run.stderr, /abc/);
    assert.equal(logLevel.code, 2);
    assert.match(logLevel.stderr, /LOG_LEVEL/);
  });
});
