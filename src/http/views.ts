// Server-rendered pages: Nunjucks templates (autoescaped) from src/views and every module's views folder.
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { formatDate, formatDateTime, formatNumber, formatVnd } from '../core/text.ts';

const SRC = fileURLToPath(new URL('../', import.meta.url));

export function createViews(options: { watch?: boolean } = {}): nunjucks.Environment {
  const modulesDir = path.join(SRC, 'modules');
  const searchPaths = [path.join(SRC, 'views')];
  for (const name of readdirSync(modulesDir)) {
    const dir = path.join(modulesDir, name, 'views');
    if (existsSync(dir)) searchPaths.push(dir);
  }
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(searchPaths, { watch: options.watch ?? false, noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  env.addFilter('date', (value: Date | string | null) => formatDate(value));
  env.addFilter('datetime', (value: Date | string | null) => formatDateTime(value));
  env.addFilter('vnd', (value: number) => formatVnd(Number(value)));
  env.addFilter('number', (value: number) => formatNumber(Number(value)));
  return env;
}
