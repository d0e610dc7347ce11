// `npx opendvc <command>`: every operation an administrator runs from a shell.
import { Command, Option } from 'commander';
import { loadConfig, ConfigError, type Config } from '../config.ts';
import type { AppContext } from '../container.ts';
import { ROLES } from '../core/actor.ts';
import { DomainError, errorMessage } from '../core/errors.ts';
import { registerCatalogCommands } from '../modules/catalog/catalog.cli.ts';
import { registerImportCommands } from '../modules/imports/imports.cli.ts';
import { registerBackupCommands } from '../modules/backup/backup.cli.ts';
import { localiseFieldErrors } from '../http/problem.ts';
import '../modules/identity/identity.errors.ts';
import '../modules/backup/backup.errors.ts';
import '../core/messages.ts';

// The product (server, container, seeds) is imported by the command that needs it, not at start: `--help` and a
// wrong option answer at once instead of after loading every module.

const log = (msg: string) => process.stderr.write(`${msg}\n`);

/** Opens the configured database (embedded or external), runs `fn`, closes everything. */
export async function withContext<T>(config: Config, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const [{ openDatabase }, { createContext }] = await Promise.all([import('../runtime.ts'), import('../container.ts')]);
  const database = await openDatabase(config, log);
  try {
    return await fn(createContext(config, database.db));
  } finally {
    await database.close();
  }
}

function describeError(error: unknown): string {
  if (error instanceof DomainError) {
    const details = localiseFieldErrors(error.fieldErrors, 'vi').map((e) => `  ${e.path}: ${e.message}`);
    return [errorMessage(error.code, 'vi', error.params), ...details].join('\n');
  }
  return (error as Error).message;
}

export function buildProgram(config: () => Config): Command {
  const program = new Command('opendvc')
    .description('OpenDVC — Cổng dịch vụ công trực tuyến và Hệ thống một cửa điện tử')
    .showHelpAfterError();

  program
    .command('serve')
    .description('Start the web server (embedded PostgreSQL unless DATABASE_URL is set; demo data on first start)')
    .action(async () => {
      const { serve } = await import('../server.ts');
      await serve(config());
    });

  program
    .command('migrate')
    .description('Apply pending database migrations')
    .action(async () => {
      const cfg = config();
      const [{ openDatabase }, { migrate }] = await Promise.all([import('../runtime.ts'), import('../db/migrate.ts')]);
      const database = await openDatabase(cfg, log, { migrate: false });
      try {
        const applied = await migrate(database.url, log);
        log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date');
      } finally {
        await database.close();
      }
    });

  program
    .command('seed')
    .description('Load data: the demo agencies, accounts and catalog (--demo); generated procedures for benchmarks (--procedures N); a realistic year of dossiers (--dossiers N)')
    .option('--demo', 'load the demo data (agencies, the nine demo.* accounts, the demo catalog)')
    .option('--procedures <count>', 'also import N generated procedures (needs the demo agencies)', (value: string) => {
      if (!/^\d+$/.test(value)) throw new Error('--procedures expects a number');
      return Number(value);
    })
    .option('--dossiers <count>', 'also generate a realistic year of N dossiers over the published catalog (needs --demo data)', (value: string) => {
      if (!/^\d+$/.test(value)) throw new Error('--dossiers expects a number');
      return Number(value);
    })
    .option('--history', "also load the demo's history, as the first `serve` does: the Trà Vinh 2017 year and a recent year handled through the workflows (needs --demo data; once)")
    .action(async (options: { demo?: boolean; procedures?: number; dossiers?: number; history?: boolean }) => {
      if (!options.demo && options.procedures === undefined && options.dossiers === undefined && !options.history) {
        log('nothing to do: pass --demo, --history, --procedures N and/or --dossiers N');
        return;
      }
      const [{ seedDemo, seedDemoHistory }, { seedGeneratedProcedures }, { seedGeneratedDossiers }] = await Promise.all([
        import('../seed/demo.ts'),
        import('../seed/catalog.ts'),
        import('../seed/dossiers.ts'),
      ]);
      await withContext(config(), async (ctx) => {
        if (options.demo) await seedDemo(ctx, log);
        if (options.history) await seedDemoHistory(ctx, log);
        if (options.procedures !== undefined) {
          const result = await seedGeneratedProcedures(ctx, options.procedures);
          log(`generated procedures: ${result.created} new, ${result.newVersions} new version(s), ${result.skipped} unchanged`);
        }
        if (options.dossiers !== undefined) {
          const result = await seedGeneratedDossiers(ctx, options.dossiers, { onProgress: (done) => log(`  ${done} dossier(s)…`) });
          log(`generated dossiers: ${result.inserted} in ${(result.ms / 1000).toFixed(1)} s`);
        }
      });
    });

  registerCatalogCommands(program, config, withContext);
  registerImportCommands(program, config, withContext);
  registerBackupCommands(program, config);

  const user = program.command('user').description('Manage accounts');
  user
    .command('create')
    .description('Create an active account (staff accounts need --agency and usually --role)')
    .requiredOption('--username <username>', 'login name')
    .requiredOption('--password <password>', 'password (argon2id-hashed)')
    .requiredOption('--full-name <name>', 'full name')
    .addOption(new Option('--kind <kind>', 'account kind').choices(['citizen', 'staff']).default('staff'))
    .option('--email <email>', 'e-mail address')
    .option('--agency <code>', 'agency e-ID code (staff)')
    .addOption(new Option('--role <role...>', 'roles on the agency subtree').choices([...ROLES]))
    .action(async (options: { username: string; password: string; fullName: string; kind: 'citizen' | 'staff'; email?: string; agency?: string; role?: string[] }) => {
      await withContext(config(), async (ctx) => {
        let agencyId: string | null = null;
        if (options.agency) {
          const agency = await ctx.db.selectFrom('agencies').select('id').where('code', '=', options.agency).executeTakeFirst();
          if (!agency) throw new Error(`Unknown agency code: ${options.agency}`);
          agencyId = agency.id;
        }
        const account = await ctx.services.identity.createAccount(null, {
          username: options.username,
          password: options.password,
          kind: options.kind,
          fullName: options.fullName,
          email: options.email ?? null,
          agencyId,
          roles: (options.role ?? []).map((role) => ({ role: role as (typeof ROLES)[number], agencyId: agencyId! })),
        });
        process.stdout.write(`created account ${account.username} (${account.id})\n`);
      });
    });

  const audit = program.command('audit').description('Audit log');
  audit
    .command('verify')
    .description('Check the hash chain of the audit log; reports the first broken link')
    .action(async () => {
      await withContext(config(), async (ctx) => {
        const verdict = await ctx.services.audit.verify();
        if (verdict.ok) {
          process.stdout.write(`audit log intact: ${verdict.checked} entries verified\n`);
        } else {
          process.stdout.write(`audit log BROKEN at entry ${verdict.brokenId} (${verdict.reason}); ${verdict.checked} entries before it are intact\n`);
          process.exitCode = 1;
        }
      });
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  let config: Config | undefined;
  const getConfig = () => (config ??= loadConfig());
  try {
    await buildProgram(getConfig).parseAsync(argv);
    // Some libraries hook the process's natural end; make a command's exit code stick.
    if (process.exitCode) process.exit(process.exitCode);
  } catch (error) {
    if (error instanceof ConfigError) {
      log(error.message);
      process.exit(2);
    }
    log(describeError(error));
    process.exit(1);
  }
}
