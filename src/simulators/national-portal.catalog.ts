// The national portal simulator's procedure catalog (the national database of administrative procedures), served
// to an agency's system as the portal does (domain guide §8: LayDanhSachTTHC lists, LayThuTuc gives one procedure;
// error_code "00" = success; dates yyyyMMddHHmmss Vietnam time). The simulator's request handler
// (national-portal.ts) calls `handleCatalogRequest` first.
//
//   POST /api/tthc/LayDanhSachTTHC  {madonvi?, trang?, sobanghi?} → {error_code, message, tongso, data: [summary]}
//   POST /api/tthc/LayThuTuc        {MaTTHC}                       → {error_code, message, data: procedure}
//   GET  /__test/catalog            every stored entry (JSON)
//   POST /__test/catalog            {procedure: {...}} adds or replaces one entry AS GIVEN (malformed ones too),
//                                   {remove: "1.001823"} removes one, {reset: true} back to the seeded catalog
//
// The store is module-level and seeded with the demo catalog's procedures (src/seed/catalog-data: the ministry's and
// the province's, the same national codes), except that one of the ministry's has a changed text here (1.001826: a
// new legal basis line and 10 working days instead of 15) and one is not in our catalog yet (1.001833).
//
// Session: the catalog services want the session of the simulator's other services (POST /api/auth with the
// agency's account, then `Authorization: Bearer {session}`), checked by national-portal.ts's `checkSession`.
import type http from 'node:http';
import { fields as demoFields } from '../seed/catalog-data/fields.ts';
import { travinh } from '../seed/catalog-data/travinh.ts';
import { vhttdl } from '../seed/catalog-data/vhttdl.ts';
import type { ProcedureExchange } from '../modules/catalog/catalog.exchange.ts';
import { AUDIENCE_CODES, LEVEL_CODES, ONLINE_CLASS_CODES, ORIGINAL_KIND_CODES, TIME_UNIT_CODES } from '../modules/catalog/catalog.sync.rules.ts';
import { errorStatus, readBody, sendJson } from './http.ts';
import { checkSession } from './national-portal.ts';

/** When the demo catalog was published on the portal (NgayCongBo), and last updated. */
const PUBLISHED = '20250701080000';
const UPDATED = '20250701080000';

export type PortalCatalogEntry = Record<string, unknown>;

const fieldNames = new Map(demoFields.map((f) => [f.code, f.name]));

/** One of our interchange records as the portal's catalog entry. */
export function toPortalEntry(p: ProcedureExchange, extra: Partial<PortalCatalogEntry> = {}): PortalCatalogEntry {
  return {
    MaTTHC: p.code,
    TenTTHC: p.name,
    MaCoQuan: p.agencyCode,
    MaLinhVuc: p.fieldCode,
    TenLinhVuc: fieldNames.get(p.fieldCode) ?? p.fieldCode,
    CapThucHien: LEVEL_CODES[p.authorityLevel],
    DoiTuongThucHien: p.audience.map((a) => AUDIENCE_CODES[a]),
    MucDo: p.onlineLevel,
    HinhThucTrucTuyen: ONLINE_CLASS_CODES[p.onlineClass],
    TrinhTuThucHien: p.steps.map((s) => ({ NoiDung: s })),
    ThanhPhanHoSo: p.documents.map((d) => ({ TenGiayTo: d.name, SoBan: d.copies ?? 1, LoaiBan: ORIGINAL_KIND_CODES[d.originalKind] })),
    ThoiHanGiaiQuyet: {
      SoLuong: p.timeLimit.value,
      DonVi: TIME_UNIT_CODES[p.timeLimit.unit],
      ...(p.timeLimit.sameDay ? { TrongNgay: true } : {}),
      ...(p.timeLimit.note ? { MoTa: p.timeLimit.note } : {}),
    },
    PhiLePhi: p.fees.map((f) => ({ MoTa: f.description, MucPhi: f.amountVnd })),
    CanCuPhapLy: p.legalBasis.map((l) => ({ TenVanBan: l })),
    KetQuaThucHien: p.resultType,
    DiaChiTiepNhan: p.submissionPlaces,
    NgayCongBo: PUBLISHED,
    NgayCapNhat: UPDATED,
    TrangThai: 1,
    ...extra,
  };
}

/** The seeded catalog: the demo ministry's procedures (one changed, one more) and the demo province's. */
export function seededCatalog(): PortalCatalogEntry[] {
  const entries = [...vhttdl, ...travinh].map((p) => {
    if (p.code !== '1.001826') return toPortalEntry(p);
    return toPortalEntry(
      { ...p, legalBasis: [...p.legalBasis, 'Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông'], timeLimit: { ...p.timeLimit, value: 10 } },
      { NgayCapNhat: '20251115090000' },
    );
  });
  const base = vhttdl.find((p) => p.code === '1.001829')!;
  entries.push(
    toPortalEntry(
      {
        ...base,
        code: '1.001833',
        name: 'Thông báo thành lập tổ chức đại diện tập thể quyền tác giả, quyền liên quan',
        audience: ['organisation'],
        onlineLevel: 3,
        onlineClass: 'partial',
        documents: [
          { name: 'Văn bản thông báo thành lập tổ chức đại diện tập thể quyền tác giả, quyền liên quan', copies: 1, originalKind: 'original' },
          { name: 'Bản sao quyết định thành lập và điều lệ của tổ chức', copies: 1, originalKind: 'certified_copy' },
        ],
        fees: [],
        resultType: 'Văn bản xác nhận việc thông báo thành lập tổ chức đại diện tập thể',
      },
      { NgayCongBo: '20251201080000', NgayCapNhat: '20251201080000' },
    ),
  );
  return entries;
}

const store = new Map<string, PortalCatalogEntry>();
let unnamed = 0;

const keyOf = (entry: PortalCatalogEntry) => (typeof entry.MaTTHC === 'string' && entry.MaTTHC ? entry.MaTTHC : `khong-ma-${++unnamed}`);

/** Back to the seeded catalog. */
export function resetCatalog(): void {
  store.clear();
  for (const entry of seededCatalog()) store.set(keyOf(entry), entry);
}
resetCatalog();

/** Adds or replaces one entry as given (tests store malformed entries on purpose). */
export function putCatalogEntry(entry: PortalCatalogEntry): void {
  store.set(keyOf(entry), entry);
}

export function removeCatalogEntry(code: string): boolean {
  return store.delete(code);
}

export function catalogEntries(): PortalCatalogEntry[] {
  return [...store.values()];
}

/** The catalog services take the session of the simulator's other services (POST /api/auth, then Bearer). */
export function checkCatalogSession(req: http.IncomingMessage): boolean {
  return checkSession(req);
}

/**
 * madonvi of a ministry or province (000.00.00.G14, 000.00.00.H59) covers its units (000.00.12.G14, 000.20.00.H59,
 * H59.20.01.01); any other unit only itself.
 */
function inUnit(agencyCode: unknown, unit: string): boolean {
  if (typeof agencyCode !== 'string') return true; // a malformed entry is listed: the agency's system judges it
  if (agencyCode === unit) return true;
  const top = /^000\.00\.00\.([A-Z0-9]+)$/.exec(unit);
  return top !== null && (agencyCode.endsWith(`.${top[1]}`) || agencyCode.startsWith(`${top[1]}.`));
}

function summaryOf(entry: PortalCatalogEntry) {
  return { MaTTHC: entry.MaTTHC, TenTTHC: entry.TenTTHC, MaCoQuan: entry.MaCoQuan, NgayCapNhat: entry.NgayCapNhat, TrangThai: entry.TrangThai };
}

async function jsonBody(req: http.IncomingMessage): Promise<Record<string, unknown> | null> {
  const raw = await readBody(req);
  try {
    const value: unknown = raw ? JSON.parse(raw) : {};
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Answers a catalog request of the national portal simulator; true when it answered. */
export async function handleCatalogRequest(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean> {
  const path = url.pathname;
  if (path === '/__test/catalog') {
    try {
      if (req.method === 'GET') sendJson(res, 200, { data: catalogEntries() });
      else if (req.method === 'POST') {
        const body = await jsonBody(req);
        if (!body) sendJson(res, 400, { error_code: '-1', message: 'JSON không hợp lệ' });
        else if (body.reset === true) {
          resetCatalog();
          sendJson(res, 200, { error_code: '00', count: store.size });
        } else if (typeof body.remove === 'string') sendJson(res, 200, { error_code: '00', removed: removeCatalogEntry(body.remove) });
        else if (body.procedure !== null && typeof body.procedure === 'object') {
          putCatalogEntry(body.procedure as PortalCatalogEntry);
          sendJson(res, 200, { error_code: '00', count: store.size });
        } else sendJson(res, 400, { error_code: '-1', message: 'Cần procedure, remove hoặc reset' });
      } else sendJson(res, 405, { error_code: '-1', message: 'Phương thức không được hỗ trợ' });
    } catch (error) {
      sendJson(res, errorStatus(error, 400), { error_code: '-1', message: 'Yêu cầu không đọc được' });
    }
    return true;
  }
  if (path !== '/api/tthc/LayDanhSachTTHC' && path !== '/api/tthc/LayThuTuc') return false;
  if (req.method !== 'POST') {
    sendJson(res, 405, { error_code: '-1', message: 'Phương thức không được hỗ trợ' });
    return true;
  }
  if (!checkCatalogSession(req)) {
    req.resume();
    sendJson(res, 401, { error_code: '-1', message: 'Phiên làm việc không hợp lệ hoặc đã hết hạn' });
    return true;
  }
  let body: Record<string, unknown> | null;
  try {
    body = await jsonBody(req);
  } catch (error) {
    sendJson(res, errorStatus(error, 400), { error_code: '-1', message: 'Yêu cầu không đọc được' });
    return true;
  }
  if (!body) {
    sendJson(res, 400, { error_code: '-1', message: 'JSON không hợp lệ' });
    return true;
  }
  if (path === '/api/tthc/LayThuTuc') {
    const entry = typeof body.MaTTHC === 'string' ? store.get(body.MaTTHC) : undefined;
    if (!entry) sendJson(res, 200, { error_code: '-1', message: 'Không tìm thấy thủ tục hành chính' });
    else sendJson(res, 200, { error_code: '00', message: 'Thành công', data: entry });
    return true;
  }
  const unit = typeof body.madonvi === 'string' && body.madonvi ? body.madonvi : null;
  const page = typeof body.trang === 'number' && Number.isInteger(body.trang) && body.trang >= 1 ? body.trang : 1;
  const size = typeof body.sobanghi === 'number' && Number.isInteger(body.sobanghi) && body.sobanghi >= 1 ? Math.min(body.sobanghi, 200) : 50;
  const all = catalogEntries().filter((e) => !unit || inUnit(e.MaCoQuan, unit));
  sendJson(res, 200, { error_code: '00', message: 'Thành công', tongso: all.length, data: all.slice((page - 1) * size, page * size).map(summaryOf) });
  return true;
}
