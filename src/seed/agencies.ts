// Demo agency tree: Bộ VHTTDL with its bureaus, and Trà Vinh (now part of Vĩnh Long) with its Sở VHTTDL.
import type { AppContext } from '../container.ts';
import type { AgenciesTable } from '../db/schema.ts';

export interface DemoAgency {
  code: string;
  name: string;
  shortName?: string;
  level: AgenciesTable['level'];
  parent?: string;
  departments?: Array<{ code: string; name: string }>;
  /** The commune it serves (GSO code, agencies.admin_unit_code, migration 0042): liên thông by the dossier's address. */
  adminUnit?: string;
}

export const DEMO_AGENCIES: DemoAgency[] = [
  { code: '000.00.00.G14', name: 'Bộ Văn hóa, Thể thao và Du lịch', shortName: 'Bộ VHTTDL', level: 'ministry',
    departments: [{ code: 'VP', name: 'Văn phòng Bộ — Bộ phận Một cửa' }] },
  { code: '000.00.12.G14', name: 'Cục Bản quyền tác giả', level: 'department', parent: '000.00.00.G14',
    departments: [
      { code: 'MC', name: 'Bộ phận Một cửa' },
      { code: 'QTG', name: 'Phòng Quyền tác giả, quyền liên quan' },
    ] },
  { code: '000.00.13.G14', name: 'Cục Nghệ thuật biểu diễn', level: 'department', parent: '000.00.00.G14' },
  { code: '000.00.14.G14', name: 'Cục Điện ảnh', level: 'department', parent: '000.00.00.G14' },
  { code: '000.00.15.G14', name: 'Cục Di sản văn hóa', level: 'department', parent: '000.00.00.G14' },
  { code: '000.00.16.G14', name: 'Cục Mỹ thuật, Nhiếp ảnh và Triển lãm', level: 'department', parent: '000.00.00.G14' },
  { code: '000.00.17.G14', name: 'Cục Du lịch Quốc gia Việt Nam', level: 'department', parent: '000.00.00.G14' },
  { code: '000.00.18.G14', name: 'Cục Thể dục thể thao', level: 'department', parent: '000.00.00.G14' },
  { code: '000.00.19.G14', name: 'Vụ Gia đình', level: 'department', parent: '000.00.00.G14' },
  { code: '000.00.00.H59', name: 'Ủy ban nhân dân tỉnh Trà Vinh', level: 'province' },
  { code: '000.20.00.H59', name: 'Sở Văn hóa, Thể thao và Du lịch tỉnh Trà Vinh', shortName: 'Sở VHTTDL Trà Vinh', level: 'provincial_department', parent: '000.00.00.H59',
    departments: [
      { code: 'MC', name: 'Bộ phận Một cửa' },
      { code: 'QLVH', name: 'Phòng Quản lý Văn hóa và Gia đình' },
      { code: 'QLDL', name: 'Phòng Quản lý Du lịch' },
    ] },
  { code: 'H59.20.01', name: 'Ủy ban nhân dân huyện Càng Long (đến 30/6/2025)', level: 'district', parent: '000.00.00.H59' },
  // Xã An Trường of Tỉnh Vĩnh Long (29275) since 1 July 2025.
  { code: 'H59.20.01.01', name: 'Ủy ban nhân dân xã An Trường', level: 'commune', parent: '000.00.00.H59', adminUnit: '29275' },
  // Communes of the former Trà Vinh (Tỉnh Vĩnh Long since 1 July 2025) where the demo's businesses are: the liên thông
  // step of 1.000963 (the commune of the premises, catalog-data/travinh.ts) resolves to them.
  { code: 'H59.50.01.01', name: 'Ủy ban nhân dân phường Trà Vinh', level: 'commune', parent: '000.00.00.H59', adminUnit: '29242' },
  { code: 'H59.50.02.01', name: 'Ủy ban nhân dân phường Hòa Thuận', level: 'commune', parent: '000.00.00.H59', adminUnit: '29398' },
];

/** Inserts the demo agencies (and their departments) that are missing; returns code → id of all of them. */
export async function seedDemoAgencies(ctx: AppContext): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  await ctx.db.transaction().execute(async (tx) => {
    for (const agency of DEMO_AGENCIES) {
      const parentId = agency.parent ? ids.get(agency.parent) ?? null : null;
      const existing = await tx.selectFrom('agencies').select('id').where('code', '=', agency.code).executeTakeFirst();
      const id =
        existing?.id ??
        (
          await tx
            .insertInto('agencies')
            .values({ code: agency.code, name: agency.name, short_name: agency.shortName ?? null, level: agency.level, parent_id: parentId, active: agency.level !== 'district' })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      ids.set(agency.code, id);
      if (agency.adminUnit) await tx.updateTable('agencies').set({ admin_unit_code: agency.adminUnit }).where('id', '=', id).where('admin_unit_code', 'is', null).execute();
      for (const dept of agency.departments ?? []) {
        await tx
          .insertInto('departments')
          .values({ agency_id: id, code: dept.code, name: dept.name })
          .onConflict((oc) => oc.columns(['agency_id', 'code']).doNothing())
          .execute();
      }
    }
  });
  return ids;
}
