// `opendvc catalog import|export`: the catalog from a shell. Runs as the system (no actor; the audit
// entries say source "cli").
import { readFile, writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { Config } from '../../config.ts';
import type { AppContext } from '../../container.ts';
import './catalog.errors.ts';

type WithContext = <T>(config: Config, fn: (ctx: AppContext) => Promise<T>) => Promise<T>;

export function registerCatalogCommands(program: Command, getConfig: () => Config, withContext: WithContext): void {
  const catalog = program.command('catalog').description('Procedure catalog: import and export (JSON opendvc-catalog or Excel .xlsx)');

  catalog
    .command('import')
    .description('Import a catalog file (.json or .xlsx). Everything is checked first, then written in one transaction; unchanged procedures are skipped, changed ones get a new published version.')
    .argument('<file>', 'catalog file: JSON (format "opendvc-catalog") or Excel with the sheets "Lĩnh vực", "Thủ tục", "Thành phần hồ sơ"')
    .option('--draft', 'leave new versions as drafts instead of publishing them')
    .action(async (file: string, options: { draft?: boolean }) => {
      const bytes = await readFile(file);
      await withContext(getConfig(), async (ctx) => {
        const result = await ctx.services.catalog.importFile(null, bytes, { source: 'cli', system: true, draft: options.draft === true });
        process.stdout.write(
          `imported ${file}: ${result.created} new procedure(s), ${result.newVersions} new version(s), ${result.skipped} unchanged, ` +
            `${result.published} published, ${result.drafts} draft(s); fields: ${result.fieldsCreated} new, ${result.fieldsUpdated} updated\n`,
        );
      });
    });

  catalog
    .command('export')
    .description('Export the published catalog')
    .addOption(new Option('--format <format>', 'file format').choices(['json', 'xlsx']).default('json'))
    .option('--out <file>', 'write to this file (default: standard output; required for xlsx)')
    .action(async (options: { format: 'json' | 'xlsx'; out?: string }) => {
      if (options.format === 'xlsx' && !options.out) throw new Error('--out <file> is required for --format xlsx');
      await withContext(getConfig(), async (ctx) => {
        const bytes =
          options.format === 'xlsx' ? await ctx.services.catalog.exportXlsx() : Buffer.from(`${JSON.stringify(await ctx.services.catalog.exportCatalog(), null, 2)}\n`);
        if (options.out) {
          await writeFile(options.out, bytes);
          process.stderr.write(`wrote ${options.out} (${bytes.length} bytes)\n`);
        } else {
          process.stdout.write(bytes);
        }
      });
    });
}
