// The communes of the 34 provinces after 1 July 2025 (src/core/communes-2025.csv, from Appendix I of
// Official Letter 1027/CTK-CSCL of the General Statistics Office): 3,321 units, the count of each province, codes
// unique and well formed, the kind from the name, and migration 0032 loading exactly these rows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '../..');
const csv = readFileSync(path.join(ROOT, 'src/core/communes-2025.csv'), 'utf8').trimEnd().split('\n');
const header = csv[0];
const rows = csv.slice(1).map((line) => {
  const [position, code, province, name, kind, ...rest] = line.split(',');
  assert.equal(rest.length, 0, line);
  return { position: Number(position), code: code!, province: province!, name: name!, kind: kind! };
});

/** Units per province (Resolution 202/2025/QH15 and the NA Standing Committee resolutions of 16 June 2025). */
const PER_PROVINCE: Record<string, number> = {
  '01': 126, '04': 56, '08': 124, '11': 45, '12': 38, '14': 75, '15': 99, '19': 92, '20': 65, '22': 54, '24': 99,
  '25': 148, '31': 114, '33': 104, '37': 129, '38': 166, '40': 130, '42': 69, '44': 78, '46': 40, '48': 94, '51': 96,
  '52': 135, '56': 65, '66': 102, '68': 124, '75': 95, '79': 168, '80': 96, '82': 102, '86': 124, '91': 102, '92': 103,
  '96': 64,
};

describe('the communes of every province (official list of 1 July 2025)', () => {
  it('has 3,321 units numbered as in the list', () => {
    assert.equal(header, 'position,code,province_code,name,kind');
    assert.equal(rows.length, 3321);
    assert.deepEqual(rows.map((r) => r.position), rows.map((_, i) => i + 1));
  });

  it('has the count of each of the 34 provinces', () => {
    const counts: Record<string, number> = {};
    for (const r of rows) counts[r.province] = (counts[r.province] ?? 0) + 1;
    assert.deepEqual(counts, PER_PROVINCE);
    assert.equal(Object.values(PER_PROVINCE).reduce((a, b) => a + b, 0), 3321);
  });

  it('has unique five-digit codes and unique names within a province', () => {
    assert.ok(rows.every((r) => /^[0-9]{5}$/.test(r.code) && /^[0-9]{2}$/.test(r.province)));
    assert.equal(new Set(rows.map((r) => r.code)).size, rows.length);
    assert.equal(new Set(rows.map((r) => `${r.province}|${r.name}`)).size, rows.length);
  });

  it('derives the kind from the name (Phường: ward, Xã: commune, Đặc khu: special zone), in NFC', () => {
    for (const r of rows) {
      const expected = r.name.startsWith('Phường ') ? 'ward' : r.name.startsWith('Xã ') ? 'commune' : r.name.startsWith('Đặc khu ') ? 'special_zone' : 'none';
      assert.equal(r.kind, expected, r.name);
      assert.equal(r.name, r.name.normalize('NFC'));
      assert.doesNotMatch(r.name, /\s{2}|<|>|^\s|\s$/);
    }
    assert.equal(rows.filter((r) => r.kind === 'special_zone').length, 13);
  });

  it('is what migration 0032 loads, row for row', () => {
    const sql = readFileSync(path.join(ROOT, 'migrations/0032_postal_pickup.sql'), 'utf8');
    const loaded = [...sql.matchAll(/^ {2}\('([0-9]{5})', '([0-9]{2})', '((?:[^']|'')+)', '(\w+)'\)[,;]?$/gm)].map((m) => `${m[1]},${m[2]},${m[3]!.replace(/''/g, "'")},${m[4]}`);
    assert.deepEqual(loaded, rows.map((r) => `${r.code},${r.province},${r.name},${r.kind}`));
  });
});
