// Fixtures of the report tests: agencies, fields, procedures and dossiers inserted directly with the life-cycle
// columns the reports read (the state machine and the import are other modules).
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../src/core/actor.ts';
import type { AppContext } from '../../src/container.ts';
import type { Role } from '../../src/db/schema.ts';

type Ctx = AppContext;
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;

export async function makeAgency(ctx: Ctx, code: string, options: { parentId?: string | null; level?: 'ministry' | 'department' | 'province' | 'provincial_department' | 'district' | 'commune'; name?: string } = {}) {
  return ctx.db
    .insertInto('agencies')
    .values({ code, name: options.name ?? `Cơ quan ${code}`, level: options.level ?? 'department', parent_id: options.parentId ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function makeField(ctx: Ctx, name = 'Văn hóa') {
  return ctx.db.insertInto('fields').values({ code: `f-${unique()}`.toLowerCase().slice(0, 60), name, name_en: null }).returningAll().executeTakeFirstOrThrow();
}

let procedureSeq = 0;
/** A published procedure version, coded 9. and six digits from the process id and a counter unless `code` is given. */
export async function makeProcedure(
  ctx: Ctx,
  input: { agencyId: string; fieldId: string; onlineLevel?: number; onlineClass?: 'full' | 'partial' | 'none'; name?: string; code?: string },
) {
  procedureSeq++;
  const code = input.code ?? `9.${String((process.pid * 1000 + procedureSeq) % 1_000_000).padStart(6, '0')}`;
  const procedure = await ctx.db.insertInto('procedures').values({ code }).returningAll().executeTakeFirstOrThrow();
  const name = input.name ?? `Thủ tục thử ${code}`;
  const version = await ctx.db
    .insertInto('procedure_versions')
    .values({
      procedure_id: procedure.id,
      version: 1,
      status: 'published',
      name,
      agency_id: input.agencyId,
      field_id: input.fieldId,
      authority_level: 'province',
      audience: ['citizen'],
      online_level: input.onlineLevel ?? 4,
      online_class: input.onlineClass ?? 'full',
      steps: JSON.stringify([]) as never,
      time_limit_value: 10,
      time_limit_unit: 'working_days',
      same_day: false,
      fees: JSON.stringify([]) as never,
      legal_basis: JSON.stringify([]) as never,
      result_type: 'Giấy chứng nhận',
      submission_places: 'Bộ phận một cửa',
      search_text: name,
      published_at: new Date(),
    } as never)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { procedure, version };
}

export async function makeApplicant(ctx: Ctx) {
  const suffix = unique();
  return ctx.db
    .insertInto('accounts')
    .values({ username: `rp.${suffix}`.toLowerCase(), kind: 'citizen', password_hash: 'x', full_name: 'Nguyễn Văn Thử' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface DossierSpec {
  agencyId: string;
  versionId: string;
  status: number | null;
  channel?: number;
  receivedAt?: Date | null;
  dueAt?: Date | null;
  finishedAt?: Date | null;
  timeliness?: 'early' | 'on_time' | 'late' | null;
  electronicResult?: boolean;
  currentStep?: number | null;
}

export function dossierValues(applicantId: string, spec: DossierSpec) {
  const code = spec.status === null ? null : `RP-${unique()}`;
  return {
    code,
    agency_id: spec.agencyId,
    procedure_version_id: spec.versionId,
    applicant_id: applicantId,
    status: spec.status as never,
    channel: spec.channel ?? 2,
    applicant_name: 'Nguyễn Văn Thử',
    lookup_secret_hash: spec.status === null ? null : 'x',
    submitted_at: spec.status === null ? null : (spec.receivedAt ?? new Date('2020-01-01T00:00:00Z')),
    received_at: spec.receivedAt ?? null,
    due_at: spec.dueAt ?? null,
    finished_at: spec.finishedAt ?? null,
    timeliness: spec.timeliness ?? null,
    electronic_result: spec.electronicResult ?? false,
    current_step: spec.currentStep ?? null,
  };
}

/** Inserts dossiers in batches of 1,000 (one statement each, as the historical import does). */
export async function insertDossiers(ctx: Ctx, applicantId: string, specs: DossierSpec[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < specs.length; i += 1000) {
    const rows = await ctx.db
      .insertInto('dossiers')
      .values(specs.slice(i, i + 1000).map((s) => dossierValues(applicantId, s)))
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/** An officer holding `role` on `agencyId` (no account row needed: the reports only read). */
export function officer(agencyId: string, role: Role = 'inspector'): Actor {
  return { id: '00000000-0000-0000-0000-000000000000', username: 'report.officer', fullName: 'Cán bộ báo cáo', kind: 'staff', agencyId, departmentId: null, organisationId: null, roles: [{ role, agencyId }] };
}

/** A Vietnam-time instant. */
export function vn(text: string): Date {
  return new Date(`${text}+07:00`);
}

/** The Trà Vinh data set (2017): 2,002 dossiers, all resolved: 1,856 before the deadline, 65 on time, 81 late. */
export function traVinhSpecs(agencyId: string, versionIds: string[]): DossierSpec[] {
  const specs: DossierSpec[] = [];
  const counts: Array<['early' | 'on_time' | 'late', number]> = [
    ['early', 1856],
    ['on_time', 65],
    ['late', 81],
  ];
  let i = 0;
  for (const [timeliness, n] of counts) {
    for (let k = 0; k < n; k++, i++) {
      const day = 1 + (i % 300);
      const received = new Date(Date.UTC(2017, 0, day, 2));
      const due = new Date(received.getTime() + 14 * 86400_000);
      const finished = new Date(due.getTime() + (timeliness === 'early' ? -3 : timeliness === 'on_time' ? 0 : 4) * 86400_000);
      specs.push({
        agencyId,
        versionId: versionIds[i % versionIds.length]!,
        status: 10,
        channel: i % 5 === 0 ? 2 : 1,
        receivedAt: received,
        dueAt: due,
        finishedAt: finished,
        timeliness,
      });
    }
  }
  return specs;
}
