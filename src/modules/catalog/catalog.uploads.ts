// Multipart for the catalog's uploads (template files, the catalog import), in the scope of each route file that
// takes a file: the files module's staged uploads with the catalog's limits.
import type { AppContext } from '../../container.ts';
import type { App } from '../../http/app.ts';
import { registerStagedUploads } from '../files/files.staging.ts';

export { stagedFrom, stagedText } from '../files/files.staging.ts';

/** Largest catalog import file (JSON or Excel); a route that takes one says so with `config.uploadMaxBytes`. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

/** Template files up to MAX_TEMPLATE_BYTES; routes with `config.uploadMaxBytes` (the import) up to theirs. */
export async function registerCatalogUploads(scope: App, ctx: AppContext): Promise<void> {
  await registerStagedUploads(scope, ctx.services.files, {
    maxBytes: ctx.config.maxTemplateBytes,
    parserMaxBytes: Math.max(ctx.config.maxTemplateBytes, IMPORT_MAX_BYTES),
    fields: 50,
    parts: 60,
  });
}
