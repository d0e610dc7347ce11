// The nine demo accounts, all with the password Demo@2026.
import type { AppContext } from '../container.ts';
import type { Role } from '../db/schema.ts';
import type { RoleGrant } from '../core/actor.ts';
import { DEMO_PASSWORD } from '../modules/identity/identity.routes.ts';

const COPYRIGHT_OFFICE = '000.00.12.G14';
const MINISTRY = '000.00.00.G14';

export async function seedDemoAccounts(ctx: AppContext, agencies: Map<string, string>): Promise<number> {
  const agency = (code: string) => {
    const id = agencies.get(code);
    if (!id) throw new Error(`demo agency missing: ${code}`);
    return id;
  };
  const department = async (agencyCode: string, code: string) =>
    (await ctx.db.selectFrom('departments').select('id').where('agency_id', '=', agency(agencyCode)).where('code', '=', code).executeTakeFirst())?.id ?? null;

  let organisation = await ctx.db.selectFrom('organisations').select('id').where('tax_code', '=', '0312345678').executeTakeFirst();
  organisation ??= await ctx.db
    .insertInto('organisations')
    .values({ tax_code: '0312345678', name: 'Công ty TNHH Truyền thông Sen Vàng', legal_representative: 'Trần Thị Hoa', address: '12 Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh' })
    .returning('id')
    .executeTakeFirstOrThrow();

  const staff = (username: string, fullName: string, roles: Role[], agencyCode = COPYRIGHT_OFFICE, dept: string | null = null) => ({
    username, fullName, kind: 'staff' as const, agencyCode, dept, roles,
  });
  const people = [
    { username: 'demo.congdan', fullName: 'Nguyễn Văn An', kind: 'citizen' as const, email: 'congdan@example.vn', personalId: '079090001234', dateOfBirth: '1990-05-12', phone: '0912345678', address: 'Số 5 Nguyễn Du, phường Hai Bà Trưng, Hà Nội' },
    { username: 'demo.doanhnghiep', fullName: 'Trần Thị Hoa', kind: 'organisation' as const, email: 'doanhnghiep@example.vn', phone: '0283822111', organisationId: organisation.id },
    staff('demo.motcua', 'Lê Thị Mai', ['receptionist'], COPYRIGHT_OFFICE, 'MC'),
    staff('demo.chuyenvien', 'Phạm Quốc Huy', ['specialist'], COPYRIGHT_OFFICE, 'QTG'),
    staff('demo.truongphong', 'Đỗ Minh Tuấn', ['department_head'], COPYRIGHT_OFFICE, 'QTG'),
    staff('demo.lanhdao', 'Hoàng Văn Nam', ['agency_leader'], COPYRIGHT_OFFICE),
    staff('demo.ketoan', 'Ngô Thị Thu', ['accountant'], COPYRIGHT_OFFICE),
    staff('demo.quantri', 'Vũ Thị Lan', ['admin'], MINISTRY, 'VP'),
    staff('demo.danhmuc', 'Bùi Đức Thắng', ['catalog_manager'], MINISTRY, 'VP'),
  ];
  let created = 0;
  for (const person of people) {
    const exists = await ctx.db.selectFrom('accounts').select('id').where('username', '=', person.username).executeTakeFirst();
    if (exists) continue;
    if ('agencyCode' in person) {
      const agencyId = agency(person.agencyCode);
      // The catalog manager and the administrator work for the whole ministry; Trà Vinh has its own catalog managers in real life.
      await ctx.services.identity.createAccount(null, {
        username: person.username,
        password: DEMO_PASSWORD,
        kind: 'staff',
        fullName: person.fullName,
        email: `${person.username.replace('demo.', '')}@vhttdl.example.vn`,
        agencyId,
        departmentId: person.dept ? await department(person.agencyCode, person.dept) : null,
        roles: person.roles.flatMap((role): RoleGrant[] =>
          role === 'catalog_manager' || role === 'admin'
            ? [{ role, agencyId }, { role, agencyId: agency('000.00.00.H59') }]
            : [{ role, agencyId }],
        ),
      });
    } else {
      await ctx.services.identity.createAccount(null, { ...person, password: DEMO_PASSWORD });
    }
    created += 1;
  }
  return created;
}
