// The official-document kernel: number-and-symbol per Decree 30/2020 and the checks of typed values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DOCUMENT_TYPE_CODES,
  isAbbreviation,
  isDocumentType,
  normaliseNumberSymbol,
  numberSymbol,
} from '../../src/modules/kernel/official-document.ts';

test('numberSymbol: typed documents, official letters, leading zero below 10', () => {
  const cases: Array<[Parameters<typeof numberSymbol>[0], string]> = [
    [{ number: 12, type: 'decision', issuer: 'UBND' }, '12/QĐ-UBND'],
    [{ number: 5, type: 'decision', issuer: 'UBND' }, '05/QĐ-UBND'],
    [{ number: 123, type: 'invitation', issuer: 'SVHTTDL' }, '123/GM-SVHTTDL'],
    [{ number: 7, type: 'official_letter', issuer: 'UBND', unit: 'VP' }, '07/UBND-VP'],
    [{ number: 70, type: 'official_letter', issuer: 'UBND' }, '70/UBND'],
    [{ number: 1, type: 'submission', issuer: 'STP' }, '01/TTr-STP'],
  ];
  for (const [input, expected] of cases) assert.equal(numberSymbol(input), expected);
});

test('normaliseNumberSymbol: spaces and case folded, malformed refused', () => {
  const cases: Array<[string, string | null]> = [
    ['12/QĐ-UBND', '12/QĐ-UBND'],
    [' 12 / qđ-ubnd ', '12/QĐ-UBND'],
    ['123/UBND-VP', '123/UBND-VP'],
    ['30/2020/NĐ-CP', '30/2020/NĐ-CP'],
    ['03/2026/cv-sv', '03/2026/CV-SV'],
    ['03/26/CV-SV', null],
    ['QĐ-UBND', null],
    ['12/', null],
    ['', null],
    ['12/QĐ--UBND', null],
    ['12/QĐ-UBND\u0000', null],
  ];
  for (const [input, expected] of cases) assert.equal(normaliseNumberSymbol(input), expected, input);
});

test('type codes and abbreviations', () => {
  assert.ok(DOCUMENT_TYPE_CODES.includes('official_letter'));
  assert.equal(isDocumentType('decision'), true);
  assert.equal(isDocumentType('toString'), false);
  assert.equal(isAbbreviation('UBND'), true);
  assert.equal(isAbbreviation('SVHTTDL-VP'), true);
  assert.equal(isAbbreviation('ubnd'), false);
  assert.equal(isAbbreviation(''), false);
});
