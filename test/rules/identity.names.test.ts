import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCitizenRegistration, checkNewMember, PERSON_NAME_PATTERN } from '../../src/modules/identity/identity.rules.ts';

describe('PERSON_NAME_PATTERN: a name that prints on an official receipt', () => {
  const cases: Array<[string, boolean]> = [
    ['Nguyễn Văn An', true],
    ['Lê Thị Ánh Tuyết', true],
    ['H\u0300a\u0300', true], // decomposed diacritics (combining marks)
    ['Y-Ngông Niê Kdăm', true],
    ["O'Brien", true],
    ['Lê Văn "Tí"', true], // quotes and HTML metacharacters print fine (and are escaped on pages)
    ['K’Lang <An>', true],
    ['Nguyễn Văn An 😀', false],
    ['An ❤', false],
    ['An ☎', false],
    ['An\u200b', false], // zero-width space
    ['An\u202e', false], // right-to-left override
    ['An\ue000', false], // private use
    ['12345', false], // no letter at all
    ['', false],
  ];
  for (const [name, ok] of cases) it(`${JSON.stringify(name)} → ${ok}`, () => assert.equal(PERSON_NAME_PATTERN.test(name), ok));
});

describe('registration forms name the name problem', () => {
  it('refuses an emoji in a citizen name with NAME_INVALID under /fullName', () => {
    const { problems } = checkCitizenRegistration(
      { fullName: 'Nguyễn Văn An 😀', personalId: '001090001234', dateOfBirth: '05/09/1990', phone: '0912345678', email: 'an@example.vn', address: 'Hà Nội', password: 'Mật-khẩu-1', passwordConfirm: 'Mật-khẩu-1' },
      '2026-12-05',
    );
    assert.deepEqual(problems, [{ path: '/fullName', code: 'NAME_INVALID' }]);
  });
  it('accepts a plain Vietnamese name, collapsing its spaces', () => {
    const { problems, values } = checkNewMember({ fullName: '  Phạm   Thị  Hoa ', email: 'hoa@example.vn' });
    assert.deepEqual(problems, []);
    assert.equal(values.fullName, 'Phạm Thị Hoa');
  });
});
