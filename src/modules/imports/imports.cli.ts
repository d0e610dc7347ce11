// `opendvc import dossiers <file>`: the historical import from a shell, inline, as the system (audit source "cli").
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { Config } from '../../config.ts';
import type { AppContext } from '../../container.ts';
import { errorMessage } from '../../core/errors.ts';
import type { ImportProgress } from './imports.service.ts';
import './imports.errors.ts';

type WithContext = <T>(config: Config, fn: (ctx: AppContext) => Promise<T>) => Promise<T>;

/** A progress bar on stderr when it is a terminal; nothing otherwise (logs stay clean). */
function progressBar(stream: NodeJS.WriteStream): { update(p: ImportProgress): void; end(): void } {
  if (!stream.isTTY) return { update() {}, end() {} };
  let drawn = false;
  return {
    update(p) {
      const ratio = p.sizeBytes > 0 ? Math.min(1, p.bytes / p.sizeBytes) : 0;
      const width = 30;
      const full = Math.round(ratio * width);
      stream.write(`\r[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${String(Math.floor(ratio * 100)).padStart(3)}%  ${p.rows} dòng`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write('\n');
    },
  };
}

export function registerImportCommands(program: Command, getConfig: () => Config, withContext: WithContext): void {
  const command = program.command('import').description('Historical import from a legacy one-stop system (format: docs/import-format.md)');
  command
    .command('dossiers')
    .description('Import dossiers from a CSV (UTF-8) or Excel (.xlsx) file. Bad rows are reported with line and reason; re-running a file imports nothing twice.')
    .argument('<file>', 'CSV (UTF-8, with or without BOM; comma or semicolon) or Excel .xlsx (first worksheet)')
    .option('--bad-rows <file>', 'where to write the bad rows (CSV); default: <file>.loi.csv next to the input when there are bad rows')
    .action(async (file: string, options: { badRows?: string }) => {
      await withContext(getConfig(), async (ctx) => {
        const bar = progressBar(process.stderr);
        const result = await ctx.services.imports.importPath(null, file, { onProgress: (p) => bar.update(p) });
        bar.end();
        if (result.status === 'failed') {
          process.stderr.write(`${errorMessage(result.errorCode!, 'vi', result.errorParams ?? undefined)}\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write(
          `imported ${file}: ${result.totalRows} row(s), ${result.insertedRows} new dossier(s), ${result.existingRows} already imported, ${result.badRows} bad row(s)\n`,
        );
        if (result.errorsFileId) {
          const target = options.badRows ?? `${file.replace(/\.(csv|xlsx)$/i, '')}.loi.csv`;
          const opened = await ctx.services.files.open(result.errorsFileId);
          if (opened) {
            await pipeline(opened.stream, createWriteStream(target));
            process.stdout.write(`bad rows (line and reason): ${target}\n`);
          }
        }
      });
    });
}
