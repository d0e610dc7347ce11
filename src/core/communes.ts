// The communes (xã, phường, đặc khu) of the 34 provinces after 1 July 2025: src/core/communes-2025.csv (3,321 rows
// from Appendix I of Official Letter 1027/CTK-CSCL of the General Statistics Office; test/rules/postal-communes.test.ts
// checks it). The one source of the list: migration 0032 loads the same rows into address_communes (the postal
// module reads them there) and the e-forms' address widget reads this file (catalog-data/administrative-units.ts).
// Read once, on first use, and kept for the life of the process.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type CommuneKind = 'ward' | 'commune' | 'special_zone';

export interface CommuneRow {
  /** Five-digit code of the General Statistics Office. */
  code: string;
  /** Two-digit code of its province. */
  provinceCode: string;
  name: string;
  kind: CommuneKind;
}

const FILE = fileURLToPath(new URL('./communes-2025.csv', import.meta.url));
let cached: readonly CommuneRow[] | null = null;
let byProvince: ReadonlyMap<string, readonly CommuneRow[]> | null = null;

/** Parses the CSV (header `position,code,province_code,name,kind`; no field holds a comma). */
export function parseCommunes(text: string): CommuneRow[] {
  const lines = text.replace(/^\uFEFF/, '').trimEnd().split(/\r?\n/);
  if (lines[0] !== 'position,code,province_code,name,kind') throw new Error('communes-2025.csv: unexpected header');
  return lines.slice(1).map((line) => {
    const [, code, provinceCode, name, kind] = line.split(',');
    return { code: code!, provinceCode: provinceCode!, name: name!, kind: kind as CommuneKind };
  });
}

/** Every commune, in the order of the official list. */
export function allCommunes(): readonly CommuneRow[] {
  cached ??= Object.freeze(parseCommunes(readFileSync(FILE, 'utf8')));
  return cached;
}

/** The communes of a province by its two-digit code, in the order of the official list ([] when unknown). */
export function communesOfProvince(provinceCode: string): readonly CommuneRow[] {
  if (!byProvince) {
    const map = new Map<string, CommuneRow[]>();
    for (const row of allCommunes()) {
      const list = map.get(row.provinceCode) ?? [];
      list.push(row);
      map.set(row.provinceCode, list);
    }
    byProvince = map;
  }
  return byProvince.get(provinceCode) ?? [];
}
