import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentDisposition } from '../../src/modules/files/files.service.ts';

describe('Content-Disposition of downloads', () => {
  const cases: Array<[string, string]> = [
    ['mau-01.docx', `attachment; filename="mau-01.docx"; filename*=UTF-8''mau-01.docx`],
    ['Tờ khai mẫu.pdf', `attachment; filename="To khai mau.pdf"; filename*=UTF-8''T%E1%BB%9D%20khai%20m%E1%BA%ABu.pdf`],
    ['Đơn đề nghị.doc', `attachment; filename="Don de nghi.doc"; filename*=UTF-8''%C4%90%C6%A1n%20%C4%91%E1%BB%81%20ngh%E1%BB%8B.doc`],
    ['a"b\\c;d.pdf', `attachment; filename="c_d.pdf"; filename*=UTF-8''c%3Bd.pdf`],
    ['../../etc/passwd', `attachment; filename="passwd"; filename*=UTF-8''passwd`],
    ["it's (1).pdf", `attachment; filename="it's (1).pdf"; filename*=UTF-8''it%27s%20%281%29.pdf`],
    ['line\r\nbreak.pdf', `attachment; filename="linebreak.pdf"; filename*=UTF-8''linebreak.pdf`],
  ];
  for (const [name, expected] of cases) {
    it(`for ${JSON.stringify(name)}`, () => assert.equal(contentDisposition(name), expected));
  }

  it('never lets a header break out', () => {
    for (const [name] of cases) assert.doesNotMatch(contentDisposition(name), /[\r\n]/);
  });
});
