// A constructed data set for the 766 scorecard, the disclosure pages and their tests: a ministry R with three
// bureaus A, B, C; procedures and dossiers inserted directly with the life-cycle columns the indices read.
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../src/core/actor.ts';
import type { AppContext } from '../../src/container.ts';
import { actorOf } from '../../src/modules/identity/identity.service.ts';

type Ctx = AppContext;

/** "Now" of the data set: 20/05/2026 10:00 in Vietnam. */
export const NOW = new Date('2026-05-20T10:00:00+07:00');

const vn = (s: string) => new Date(`${s}+07:00`);
const suffix = () => randomBytes(3).toString('hex').toUpperCase();

export interface DataSet {
  prefix: string;
  ids: Record<'R' | 'A' | 'B' | 'C', string>;
  codes: Record<'R' | 'A' | 'B' | 'C', string>;
  admin: Actor;
  applicantId: string;
}

export async function insertAgency(ctx: Ctx, code: string, name: string, level: 'ministry' | 'department', parentId: string | null): Promise<string> {
  const row = await ctx.db.insertInto('agencies').values({ code, name, level, parent_id: parentId }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

async function insertProcedures(ctx: Ctx, agencyId: string, fieldId: string, online: number, offline: number): Promise<string> {
  let first = '';
  for (let i = 0; i < online + offline; i++) {
    const code = `9.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    const proc = await ctx.db.insertInto('procedures').values({ code }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
    if (!proc) {
      i--;
      continue;
    }
    const isOnline = i < online;
    const v = await ctx.db
      .insertInto('procedure_versions')
      .values({
        procedure_id: proc.id,
        version: 1,
        status: 'published',
        name: `Thủ tục thử nghiệm ${code}`,
        agency_id: agencyId,
        field_id: fieldId,
        authority_level: 'central',
        audience: '{citizen,organisation}' as never,
        online_level: isOnline ? 4 : 2,
        online_class: isOnline ? 'full' : 'none',
        time_limit_value: 10,
        time_limit_unit: 'working_days',
        result_type: 'Giấy chứng nhận',
        submission_places: 'Bộ phận Một cửa',
        search_text: 'thu tuc thu nghiem',
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    first ||= v.id;
  }
  return first;
}

export interface DossierSpec {
  agencyId: string;
  versionId: string;
  channel?: 1 | 2 | 3 | 4;
  status: number;
  received: string;
  due: string;
  finished?: string;
  timeliness?: 'early' | 'on_time' | 'late';
  fee?: number;
  paidOnline?: boolean;
  digitised?: boolean;
  electronicResult?: boolean;
  applicantName?: string;
  applicantKind?: 'citizen' | 'organisation';
}

let sequence = 0;
export async function insertDossier(ctx: Ctx, applicantId: string, s: DossierSpec): Promise<string> {
  sequence += 1;
  const code = `T${suffix()}-260501-${String(sequence).padStart(4, '0')}`;
  await ctx.db
    .insertInto('dossiers')
    .values({
      code,
      agency_id: s.agencyId,
      procedure_version_id: s.versionId,
      applicant_id: applicantId,
      status: s.status,
      channel: s.channel ?? 1,
      applicant_name: s.applicantName ?? 'Nguyễn Văn An',
      applicant_kind: s.applicantKind ?? 'citizen',
      lookup_secret_hash: 'x'.repeat(64),
      submitted_at: vn(s.received),
      received_at: vn(s.received),
      due_at: vn(s.due),
      appointment_at: vn(s.due),
      finished_at: s.finished ? vn(s.finished) : null,
      timeliness: s.timeliness ?? null,
      fee_vnd: s.fee ?? null,
      paid_online: s.paidOnline ?? false,
      digitised: s.digitised ?? false,
      electronic_result: s.electronicResult ?? false,
    } as never)
    .execute();
  return code;
}

/**
 * R (ministry) → A, B, C (bureaus). May 2026 (now = 20/05):
 *  A: 10 procedures (4 online); 10 dossiers received in May, 5 online; 4 with fees, 1 paid online;
 *     8 resolved in May (3 early, 3 on time, 2 late), all digitised with e-results; 2 in progress within the deadline.
 *     April: 1 dossier received and resolved late.
 *  B, C (identical): 1 offline procedure; 2 counter dossiers received and resolved on time in May.
 *  R itself: a dossier received 25/04, due 12/05, finished early 05/05 (in progress within the deadline at the end of April).
 */
export async function buildDataSet(ctx: Ctx): Promise<DataSet> {
  const p = suffix();
  const codes = { R: `R${p}.G99`, A: `A${p}.G99`, B: `B${p}.G99`, C: `C${p}.G99` };
  const R = await insertAgency(ctx, codes.R, `Bộ Thử nghiệm ${p}`, 'ministry', null);
  const A = await insertAgency(ctx, codes.A, `Cục An ${p}`, 'department', R);
  const B = await insertAgency(ctx, codes.B, `Cục Bình ${p}`, 'department', R);
  const C = await insertAgency(ctx, codes.C, `Cục Chi ${p}`, 'department', R);
  const field = await ctx.db.insertInto('fields').values({ code: `f-${p.toLowerCase()}`, name: 'Lĩnh vực thử nghiệm' }).returning('id').executeTakeFirstOrThrow();
  const vA = await insertProcedures(ctx, A, field.id, 4, 6);
  const vB = await insertProcedures(ctx, B, field.id, 0, 1);
  const vC = await insertProcedures(ctx, C, field.id, 0, 1);
  const vR = await insertProcedures(ctx, R, field.id, 0, 1);

  const account = await ctx.db
    .insertInto('accounts')
    .values({ username: `admin.${p.toLowerCase()}`, kind: 'staff', password_hash: 'x', full_name: 'Quản Trị Thử', agency_id: R })
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.db.insertInto('account_roles').values({ account_id: account.id, role: 'admin', agency_id: R }).execute();
  const admin = actorOf(account, [{ role: 'admin', agencyId: R }]);
  const applicant = await ctx.db
    .insertInto('accounts')
    .values({ username: `cd.${p.toLowerCase()}`, kind: 'citizen', password_hash: 'x', full_name: 'Nguyễn Văn An' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ins = (s: DossierSpec) => insertDossier(ctx, applicant.id, s);

  // A, May: 8 resolved.
  const kinds: Array<'early' | 'on_time' | 'late'> = ['early', 'early', 'early', 'on_time', 'on_time', 'on_time', 'late', 'late'];
  for (const [i, timeliness] of kinds.entries()) {
    await ins({
      agencyId: A, versionId: vA, status: 10, channel: i < 4 ? 2 : 1,
      received: `2026-05-0${i + 1}T09:00:00`, due: '2026-05-15T17:00:00', finished: '2026-05-14T10:00:00', timeliness,
      fee: i < 4 ? 50000 : undefined, paidOnline: i === 0, digitised: true, electronicResult: true,
      applicantName: i === 0 ? 'Trần Thị Bích Ngọc' : 'Nguyễn Văn An',
    });
  }
  // A, May: 2 in progress within the deadline (one online).
  await ins({ agencyId: A, versionId: vA, status: 4, channel: 2, received: '2026-05-18T09:00:00', due: '2026-06-01T17:00:00', applicantName: 'Lê Hoàng Minh' });
  await ins({ agencyId: A, versionId: vA, status: 2, channel: 1, received: '2026-05-19T09:00:00', due: '2026-06-02T17:00:00', applicantKind: 'organisation', applicantName: 'Công ty TNHH Sách Việt' });
  // A, April: received and resolved late.
  await ins({ agencyId: A, versionId: vA, status: 10, received: '2026-04-01T09:00:00', due: '2026-04-10T17:00:00', finished: '2026-04-20T10:00:00', timeliness: 'late' });
  // B and C: 2 counter dossiers resolved on time each.
  for (const [agencyId, versionId] of [[B, vB], [C, vC]] as const) {
    for (let i = 0; i < 2; i++) {
      await ins({ agencyId, versionId, status: 9, received: `2026-05-0${i + 4}T09:00:00`, due: '2026-05-12T17:00:00', finished: '2026-05-12T11:00:00', timeliness: 'on_time' });
    }
  }
  // R: across the end of April.
  await ins({ agencyId: R, versionId: vR, status: 9, received: '2026-04-25T09:00:00', due: '2026-05-12T17:00:00', finished: '2026-05-05T10:00:00', timeliness: 'early' });
  return { prefix: p, ids: { R, A, B, C }, codes, admin, applicantId: applicant.id };
}
