// Writes the import fixtures that reproduce the source articles' figures (domain guide §5):
//   test/fixtures/travinh-2017.csv — the Trà Vinh one-stop from 2017: 2,002 dossiers received and resolved,
//   65 on time, 1,856 before the deadline, 81 late → on-time rate (65 + 1,856) / 2,002 = 95.95%.
// Deterministic (seeded): running it again writes the same bytes.  Usage: node --import tsx scripts/fixtures.ts
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { COLUMN_KEYS } from '../src/modules/imports/imports.rules.ts';
import { seededRandom } from '../src/core/random.ts';


const TRA_VINH_AGENCY = '000.20.00.H59';
const TRA_VINH_PROCEDURES = ['1.001029', '1.001030', '1.001031', '1.001032', '1.001033', '1.009022', '1.009023', '1.009024', '1.004662', '1.004663', '1.004664', '1.008898'];

const pad = (n: number) => String(n).padStart(2, '0');
const day = (d: Date) => `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
const dayTime = (d: Date, hour: number, minute: number) => `${day(d)} ${pad(hour)}:${pad(minute)}`;
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

export function travinhCsv(): string {
  const next = seededRandom(2017);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const outcomes: Array<'early' | 'on_time' | 'late'> = [...Array(1856).fill('early'), ...Array(65).fill('on_time'), ...Array(81).fill('late')];
  // Shuffle the outcomes over the year (Fisher–Yates).
  for (let i = outcomes.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [outcomes[i], outcomes[j]] = [outcomes[j]!, outcomes[i]!];
  }
  const lines = [COLUMN_KEYS.join(',')];
  const start = Date.UTC(2017, 0, 3);
  outcomes.forEach((outcome, i) => {
    // Received on a weekday of 2017, spread over the year up to late November, so that every dossier is also
    // resolved within 2017 (the year the article's figures describe, and the period the report is asked for).
    let received = new Date(start + Math.floor((i / outcomes.length) * 325) * 86_400_000);
    while (received.getUTCDay() === 0 || received.getUTCDay() === 6) received = addDays(received, 1);
    const appointment = addDays(received, 5 + Math.floor(next() * 11));
    const finished =
      outcome === 'early' ? addDays(appointment, -1 - Math.floor(next() * 4)) : outcome === 'on_time' ? appointment : addDays(appointment, 1 + Math.floor(next() * 10));
    const returned = addDays(finished, Math.floor(next() * 3));
    const r = next();
    const channel = r < 0.9 ? 1 : r < 0.98 ? 2 : 3;
    const organisation = next() < 0.35;
    const cells: Record<string, string> = {
      ma_ho_so: `H59.20-${received.getUTCFullYear() % 100}${pad(received.getUTCMonth() + 1)}${pad(received.getUTCDate())}-${String(i + 1).padStart(4, '0')}`,
      ma_thu_tuc: pick(TRA_VINH_PROCEDURES),
      ma_co_quan: TRA_VINH_AGENCY,
      kenh: String(channel),
      loai_nguoi_nop: organisation ? 'organisation' : 'citizen',
      ngay_tiep_nhan: dayTime(received, 7 + Math.floor(next() * 9), Math.floor(next() * 60)),
      ngay_hen_tra: day(appointment),
      ngay_xu_ly_xong: dayTime(finished, 8 + Math.floor(next() * 8), Math.floor(next() * 60)),
      ngay_tra_ket_qua: day(returned),
      trang_thai: '10',
      phi: String(pick([0, 0, 200_000, 500_000, 1_000_000])),
      thanh_toan_truc_tuyen: channel === 2 && next() < 0.3 ? '1' : '0',
      ket_qua_dien_tu: '0',
      so_hoa: next() < 0.2 ? '1' : '0',
      ho_ten: '',
      so_giay_to: '',
    };
    lines.push(COLUMN_KEYS.map((k) => cells[k] ?? '').join(','));
  });
  return `${lines.join('\r\n')}\r\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(import.meta.dirname, '../test/fixtures');
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, 'travinh-2017.csv');
  await writeFile(target, travinhCsv());
  process.stderr.write(`wrote ${target}\n`);
}
