// The heavy libraries (PDF, Excel, S3, zip) stay out of a server until something needs them: a process that builds
// the whole application loads none of them; rendering a PDF or a workbook loads exactly what it uses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildAppScript, loadedBy as loaded } from '../helpers/loaded-packages.ts';

const HEAVY = ['exceljs', 'pdfkit', 'qrcode', 'bwip-js', '@aws-sdk/client-s3', 'jszip'];
const loadedBy = (script: string) => loaded(script, HEAVY);
const BUILD_APP = buildAppScript({ S3_BUCKET: 'opendvc-test', S3_ENDPOINT: 'http://127.0.0.1:9', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 's' });

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
