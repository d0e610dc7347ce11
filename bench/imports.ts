// Bench of the historical import (issue 5): rows per second for a generated legacy file in the import format
// (docs/import-format.md), through the same service the command line and the administrator page use.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AppContext } from '../src/container.ts';

const AGENCY = '000.20.00.H59'; // Sở VHTTDL Trà Vinh
const PROCEDURES = ['1.004664', '1.004662'];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `rows` dossiers of a legacy system over one year, in the documented CSV format. */
export function legacyCsv(rows: number, tag: string): string {
  const lines = ['ma_ho_so,ma_thu_tuc,ma_co_quan,kenh,loai_nguoi_nop,ngay_tiep_nhan,ngay_hen_tra,ngay_xu_ly_xong,ngay_tra_ket_qua,trang_thai,phi,thanh_toan_truc_tuyen,ket_qua_dien_tu,so_hoa,ho_ten,so_giay_to'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2019, 0, 2) + (i % 360) * 86_400_000);
    const due = new Date(day.getTime() + 10 * 86_400_000);
    const done = new Date(day.getTime() + (3 + (i % 9)) * 86_400_000);
    const d = (x: Date) => `${pad(x.getUTCDate())}/${pad(x.getUTCMonth() + 1)}/${x.getUTCFullYear()}`;
    lines.push(
      [`${tag}-${pad(i, 7)}`, PROCEDURES[i % 2], AGENCY, 1 + (i % 3), i % 4 ? 'citizen' : 'organisation', `${d(day)} 09:${pad(i % 60)}`, d(due), `${d(done)} 15:00`, d(done), 10, 500000, i % 5 === 0 ? 1 : 0, i % 3 === 0 ? 1 : 0, i % 2, `Nguyễn Văn ${i}`, `0790${pad(i, 8)}`].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function benchImport(ctx: AppContext, rows: number): Promise<{ rows: number; seconds: number; perSecond: number; imported: number }> {
  const file = path.join(os.tmpdir(), `opendvc-bench-import-${process.pid}.csv`);
  await writeFile(file, legacyCsv(rows, `BENCH${process.pid}`));
  const started = performance.now();
  const view = await ctx.services.imports.importPath(null, file);
  const seconds = (performance.now() - started) / 1000;
  const imported = view.insertedRows;
  if (view.badRows) throw new Error(`bench import: ${view.badRows} bad rows (${view.errorCode ?? ''})`);
  return { rows, seconds, perSecond: rows / seconds, imported };
}
