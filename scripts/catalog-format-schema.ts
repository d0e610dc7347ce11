// Writes docs/catalog-format.schema.json: the JSON Schema of the catalog interchange format, from the TypeBox
// schema the import validates with (src/modules/catalog/catalog.exchange.ts). test/rules/catalog-format.test.ts
// fails when the two differ. Run: npx tsx scripts/catalog-format-schema.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { catalogFormatSchema } from '../src/modules/catalog/catalog.exchange.ts';

export const SCHEMA_FILE = path.resolve(import.meta.dirname, '../docs/catalog-format.schema.json');

export function schemaText(): string {
  return `${JSON.stringify(catalogFormatSchema(), null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  writeFileSync(SCHEMA_FILE, schemaText());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
