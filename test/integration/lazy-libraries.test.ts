// The heavy libraries (PDF, Excel, S3, zip) stay out of a server until something needs them: a process that builds
// the whole application loads none of them; rendering a PDF or a workbook loads exactly what it uses.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ROOT } from '../helpers/cli.ts';

const HEAVY = ['exceljs', 'pdfkit', 'qrcode', 'bwip-js', '@aws-sdk/client-s3', 'jszip'];

/**
 * Runs `script` (ESM, in the repository) in a fresh Node process and answers the heavy packages it loaded: those the
 * CommonJS loader cached, and those the ES module loader resolved (recorded by a resolve hook into a file).
 */
async function loadedBy(script: string): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'opendvc-lazy-'));
  const log = path.join(dir, 'resolved.txt');
  const hook = `import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
      return resolved;
    }`;
  const program = `
    import { createRequire, register } from 'node:module';
    import { readFileSync } from 'node:fs';
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
    ${script}
    const files = [...Object.keys(createRequire(import.meta.url).cache), ...readFileSync(${JSON.stringify(log)}, 'utf8').split('\\n')];
    const heavy = ${JSON.stringify(HEAVY)};
    process.stdout.write(JSON.stringify(heavy.filter((name) => files.some((file) => file.includes('/node_modules/' + name + '/')))));
    process.exit(0);
  `;
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program], { cwd: ROOT });
    return JSON.parse(stdout) as string[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const BUILD_APP = `
  const { loadConfig } = await import('./src/config.ts');
  const { createContext } = await import('./src/container.ts');
  const { createDb } = await import('./src/db/database.ts');
  const { buildApp } = await import('./src/http/app.ts');
  const { modules } = await import('./src/modules/index.ts');
  await import('./src/server.ts');
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '.tmp/test-data', S3_BUCKET: 'opendvc-test', S3_ENDPOINT: 'http://127.0.0.1:9', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 's' });
  const app = await buildApp(createContext(config, createDb('postgres://nobody@127.0.0.1:9/none')), modules, { logger: false });
  await app.ready();
`;

describe('heavy libraries load on first use', () => {
  it('a built application (with S3 configured) has loaded none of them', async () => {
    assert.deepEqual(await loadedBy(BUILD_APP), []);
  });

  it('rendering a PDF loads the PDF libraries, and a workbook exceljs (and its zip library), nothing more', async () => {
    const pdf = await loadedBy(`
      const { openPdf, drawQr, drawCode128 } = await import('./src/core/pdf.ts');
      const { doc, done } = await openPdf({ size: 'A4' });
      drawQr(doc, 'X-261123-0001', 10, 10, 50);
      drawCode128(doc, 'X-261123-0001', 10, 70, 200, 20);
      doc.end();
      if (!(await done).subarray(0, 5).equals(Buffer.from('%PDF-'))) throw new Error('not a PDF');
    `);
    assert.deepEqual(pdf.sort(), ['bwip-js', 'pdfkit', 'qrcode']);
    const excel = await loadedBy(`
      const { loadExcel } = await import('./src/core/lazy.ts');
      const workbook = new (await loadExcel()).Workbook();
      workbook.addWorksheet('a').addRow(['x']);
      await workbook.xlsx.writeBuffer();
    `);
    assert.deepEqual(excel.sort(), ['exceljs', 'jszip'], 'exceljs and the zip library it reads and writes with');
  });
});
