import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { demoDocx } from '../../src/seed/catalog.ts';
import { DEFAULT_ZIP_LIMITS } from '../../src/modules/files/files.inspect.rules.ts';
import { inspectFile } from '../../src/modules/files/files.inspect.worker.ts';

describe('demo form templates', () => {
  it('are Word documents (by content) with the national heading and the escaped title', async () => {
    const bytes = await demoDocx('Tờ khai <mẫu> & "01"', ['Họ và tên: ....']);
    const dir = await mkdtemp(path.join(tmpdir(), 'seed-docx-'));
    try {
      await writeFile(path.join(dir, 'a.docx'), bytes);
      // What the upload inspection (files.inspect.worker.ts) decides for it.
      assert.deepEqual(await inspectFile(path.join(dir, 'a.docx'), DEFAULT_ZIP_LIMITS), { ok: true, type: 'docx' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    assert.match(xml, /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
    assert.match(xml, /TỜ KHAI &lt;MẪU&gt; &amp; &quot;01&quot;/);
    assert.match(xml, /Họ và tên: \.\.\.\./);
  });
});
