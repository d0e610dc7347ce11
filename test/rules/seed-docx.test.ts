import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileTypeFromBuffer } from 'file-type';
import JSZip from 'jszip';
import { demoDocx } from '../../src/seed/catalog.ts';

describe('demo form templates', () => {
  it('are Word documents (by content) with the national heading and the escaped title', async () => {
    const bytes = await demoDocx('Tờ khai <mẫu> & "01"', ['Họ và tên: ....']);
    assert.equal((await fileTypeFromBuffer(bytes))?.ext, 'docx');
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    assert.match(xml, /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
    assert.match(xml, /TỜ KHAI &lt;MẪU&gt; &amp; &quot;01&quot;/);
    assert.match(xml, /Họ và tên: \.\.\.\./);
  });
});
