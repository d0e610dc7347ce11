// Scan to open (issue 20): what a scanner or a camera read off a receipt or a printed form → the dossier code, and
// the identity check before a result is handed over at the pickup counter. Pure: no I/O, no clock.
import { normaliseDossierCode } from '../kernel/dossier.ts';

/** The longest scan accepted (a code is ~30 characters; a URL of the portal with the code a little more). */
export const MAX_SCAN_LENGTH = 300;

/** A dossier code as the back office stores it: agency e-ID, day, sequence (letters, digits, dots, dashes). */
const CODE_PATTERN = /^[A-Z0-9][A-Z0-9.\-]{5,98}$/;

/**
 * The dossier code in a scan. Accepts what the receipt and the printed forms carry (the code itself in the QR code
 * and in the Code 128 barcode), with what scanners add around it: an AIM symbology identifier (`]C0`, `]Q1`, …),
 * control characters (the Enter or Tab a USB scanner types, a GS separator), spaces, lower case; and a link of the
 * portal that names the code (`…/tra-cuu?ma=CODE`, `?code=CODE`). Anything else: null.
 */
export function dossierCodeOfScan(input: string): string | null {
  if (typeof input !== 'string') return null;
  // Control characters (C0, DEL, C1) out, then the AIM identifier a scanner may prefix.
  let text = input.slice(0, MAX_SCAN_LENGTH * 2).replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  text = text.replace(/^\][A-Za-z][0-9A-Za-z]/, '').trim();
  if (!text || text.length > MAX_SCAN_LENGTH) return null;
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return null;
    }
    const named = url.searchParams.get('ma') ?? url.searchParams.get('code') ?? url.searchParams.get('maHoSo');
    if (named === null) return null;
    text = named;
  }
  const code = normaliseDossierCode(text);
  return CODE_PATTERN.test(code) ? code : null;
}

/** An identity document number as typed: digits and letters only, upper case (spaces, dots and dashes dropped). */
export function normaliseIdNumber(input: string): string {
  return input.normalize('NFKC').replace(/[^0-9A-Za-z]/g, '').toUpperCase();
}

/** The last four characters only, for the history (the applicant and other officers read it): "••••1234". */
export function maskIdNumber(idNumber: string): string {
  const n = normaliseIdNumber(idNumber);
  return n.length <= 4 ? '••••' : `••••${n.slice(-4)}`;
}

export interface IdentityCheckInput {
  /** The number on the document the person showed, typed by the officer. */
  idNumber: string;
  /** The officer's tick "identity checked" (needed when the dossier holds no ID number to compare with). */
  checked: boolean;
}

export type IdentityCheck =
  | { ok: true; how: 'compared' | 'recorded'; idNumber: string }
  | { ok: false; path: '/idNumber' | '/identityChecked'; code: 'required' | 'FLOOR_PICKUP_IDENTITY_MISMATCH' | 'FLOOR_PICKUP_IDENTITY_NOT_CHECKED' | 'FLOOR_PICKUP_ID_FORMAT' };

/**
 * The identity check before a result is handed over. The dossier's ID number known: the number typed must be the
 * same (someone picking up for the applicant brings the applicant's document, or the result is not given). Not
 * known (an organisation's dossier, an old import): the officer ticks that the document was checked and records
 * its number.
 */
export function checkIdentity(input: IdentityCheckInput, applicantIdNumber: string | null): IdentityCheck {
  const typed = normaliseIdNumber(input.idNumber ?? '');
  if (!typed) return { ok: false, path: '/idNumber', code: 'required' };
  if (typed.length < 6 || typed.length > 20) return { ok: false, path: '/idNumber', code: 'FLOOR_PICKUP_ID_FORMAT' };
  const expected = applicantIdNumber ? normaliseIdNumber(applicantIdNumber) : '';
  if (expected) return typed === expected ? { ok: true, how: 'compared', idNumber: typed } : { ok: false, path: '/idNumber', code: 'FLOOR_PICKUP_IDENTITY_MISMATCH' };
  if (!input.checked) return { ok: false, path: '/identityChecked', code: 'FLOOR_PICKUP_IDENTITY_NOT_CHECKED' };
  return { ok: true, how: 'recorded', idNumber: typed };
}
