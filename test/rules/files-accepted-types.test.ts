// The accepted attachment types have one home (src/modules/files/files.inspect.rules.ts): what the content
// inspection accepts, the media type stored, the pages' `accept` attribute and the list they name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACCEPTED,
  ATTACHMENT_ACCEPT,
  ATTACHMENT_EXTENSIONS,
  ATTACHMENT_MEDIA_TYPES,
  ATTACHMENT_TYPES,
  attachmentMediaType,
} from '../../src/modules/files/files.inspect.rules.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('accepted attachment types', () => {
  const cases: Array<[string | null | undefined, string | null]> = [
    ['pdf', 'application/pdf'],
    ['jpg', 'image/jpeg'],
    ['png', 'image/png'],
    ['docx', DOCX],
    ['xlsx', XLSX],
    ['ole', null],
    ['odt', null],
    ['exe', null],
    ['', null],
    [null, null],
    [undefined, null],
  ];
  for (const [detected, mediaType] of cases) it(`${String(detected)} → ${String(mediaType)}`, () => assert.equal(attachmentMediaType(detected), mediaType));

  it('lists exactly what the inspection accepts for attachments', () => {
    assert.deepEqual(Object.keys(ATTACHMENT_TYPES), [...ACCEPTED.attachment]);
    assert.deepEqual(ATTACHMENT_MEDIA_TYPES, ['application/pdf', 'image/jpeg', 'image/png', DOCX, XLSX]);
  });

  it('gives the pages their accept attribute and the names they show', () => {
    assert.equal(ATTACHMENT_ACCEPT, `.pdf,.jpg,.jpeg,.png,.docx,.xlsx,application/pdf,image/jpeg,image/png,${DOCX},${XLSX}`);
    assert.equal(ATTACHMENT_EXTENSIONS, 'PDF, JPG, PNG, DOCX, XLSX');
  });
});
