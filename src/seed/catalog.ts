// Demo catalog: the procedures of src/seed/catalog-data, imported and published through the catalog's
// import service (idempotent: a second run finds every procedure unchanged). Form templates named in the
// data get a small generated DOCX so that the download links of the demo work.
import type { AppContext } from '../container.ts';
import type { ImportResult } from '../modules/catalog/catalog.service.ts';
import { DEMO_CATALOG } from './catalog-data/index.ts';
import { generateProcedures } from './catalog-data/generate.ts';

export async function seedDemoCatalog(ctx: AppContext, _agencies: Map<string, string>): Promise<number> {
  await ctx.services.catalog.importCatalog(null, DEMO_CATALOG, { source: 'seed', system: true });
  await attachDemoTemplates(ctx);
  return DEMO_CATALOG.procedures.length;
}

/** Imports `count` generated procedures (benchmarks): `opendvc seed --procedures N`. */
export function seedGeneratedProcedures(ctx: AppContext, count: number, seed = 1): Promise<ImportResult> {
  return ctx.services.catalog.importCatalog(null, generateProcedures(count, seed), { source: 'seed', system: true });
}

const xmlEscape = (text: string) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

/** A one-page Word document with a title and a few lines to fill in. */
export async function demoDocx(title: string, lines: string[]): Promise<Buffer> {
  // jszip only for the demo load (see core/lazy.ts): a server started on existing data never needs it.
  const { default: JSZip } = await import('jszip');
  const paragraph = (text: string, bold = false) =>
    `<w:p><w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${xmlEscape(text)}</w:t></w:r></w:p>`;
  const body = [
    paragraph('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', true),
    paragraph('Độc lập - Tự do - Hạnh phúc'),
    paragraph(title.toUpperCase(), true),
    ...lines.map((l) => paragraph(l)),
  ].join('');
  const docx = new JSZip();
  docx.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  docx.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  docx.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return docx.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Gives every named .docx template of the published demo procedures a generated file (once). */
async function attachDemoTemplates(ctx: AppContext): Promise<number> {
  const missing = await ctx.db
    .selectFrom('procedure_documents as d')
    .innerJoin('procedure_versions as v', 'v.id', 'd.version_id')
    .select(['d.id', 'd.name', 'd.template_name'])
    .where('d.template_file_id', 'is', null)
    .where('d.template_name', 'like', '%.docx')
    .where('v.status', '=', 'published')
    .execute();
  if (!missing.length) return 0;
  await ctx.db.transaction().execute(async (tx) => {
    const byName = new Map<string, string>();
    for (const doc of missing) {
      const name = doc.template_name!;
      let fileId = byName.get(name);
      if (!fileId) {
        const bytes = await demoDocx(doc.name, ['Kính gửi: ....................................', 'Họ và tên: ....................................', 'Địa chỉ: ....................................', 'Nội dung đề nghị: ....................................', '(Mẫu minh họa của bản dùng thử OpenDVC)']);
        const file = await ctx.services.files.put(tx, bytes, {
          name,
          mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          createdBy: null,
        });
        fileId = file.id;
        byName.set(name, fileId);
      }
      await tx.updateTable('procedure_documents').set({ template_file_id: fileId }).where('id', '=', doc.id).execute();
    }
    await ctx.services.audit.record(tx, null, { action: 'catalog.seed_templates', targetType: 'catalog', summary: { source: 'seed', documents: missing.length, files: byName.size } });
  });
  return missing.length;
}
