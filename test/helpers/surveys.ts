// Fixtures of the survey tests: resolved dossiers under an agency tree (inserted directly, as the report tests do),
// an administrator account, and the answer links read back from the queued invitation mails.
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../src/core/actor.ts';
import type { AppContext } from '../../src/container.ts';
import { insertDossiers, makeField, makeProcedure, vn, type DossierSpec } from './reports-fixtures.ts';

/** A staff account holding `role` on `agencyId` (a real row: rounds and audit entries name their author). */
export async function staffActor(ctx: AppContext, agencyId: string, role: 'admin' | 'agency_leader' | 'inspector' | 'receptionist' = 'admin'): Promise<Actor> {
  const suffix = randomBytes(4).toString('hex');
  const account = await ctx.db
    .insertInto('accounts')
    .values({ username: `sv.${role}.${suffix}`, kind: 'staff', password_hash: 'x', full_name: 'Cán bộ khảo sát', agency_id: agencyId })
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.db.insertInto('account_roles').values({ account_id: account.id, role, agency_id: agencyId }).execute();
  return { id: account.id, username: account.username, fullName: account.full_name, kind: 'staff', agencyId, departmentId: null, organisationId: null, roles: [{ role, agencyId }] };
}

/** An applicant with an e-mail address (the invitations go there). */
export async function surveyApplicant(ctx: AppContext) {
  const suffix = randomBytes(4).toString('hex');
  return ctx.db
    .insertInto('accounts')
    .values({ username: `sv.citizen.${suffix}`, kind: 'citizen', password_hash: 'x', full_name: 'Trần Thị Khảo', email: `khaosat.${suffix}@example.vn`, phone: '0912345678' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Dossiers for each (agency, count) pair, split over two procedures of that agency: `count` resolved in 2026
 * (status 9 or 10), plus one in progress and one resolved in 2025 that no 2026 round may draw.
 */
export async function resolvedDossiers(ctx: AppContext, applicantId: string, plan: Array<{ agencyId: string; count: number }>): Promise<{ resolved: string[]; others: string[] }> {
  const field = await makeField(ctx);
  const resolved: string[] = [];
  const others: string[] = [];
  for (const { agencyId, count } of plan) {
    const p1 = await makeProcedure(ctx, { agencyId, fieldId: field.id });
    const p2 = await makeProcedure(ctx, { agencyId, fieldId: field.id });
    const specs: DossierSpec[] = Array.from({ length: count }, (_, i) => ({
      agencyId,
      versionId: (i % 3 === 0 ? p2 : p1).version.id,
      status: i % 2 ? 9 : 10,
      receivedAt: vn('2026-03-01T08:00:00'),
      dueAt: vn('2026-03-15T17:00:00'),
      finishedAt: vn(`2026-${String(3 + (i % 9)).padStart(2, '0')}-10T09:00:00`),
      timeliness: 'early',
    }));
    resolved.push(...(await insertDossiers(ctx, applicantId, specs)));
    others.push(
      ...(await insertDossiers(ctx, applicantId, [
        { agencyId, versionId: p1.version.id, status: 4, receivedAt: vn('2026-03-01T08:00:00'), dueAt: vn('2026-03-15T17:00:00') },
        { agencyId, versionId: p1.version.id, status: 10, receivedAt: vn('2025-03-01T08:00:00'), dueAt: vn('2025-03-15T17:00:00'), finishedAt: vn('2025-03-10T09:00:00'), timeliness: 'early' },
      ])),
    );
  }
  return { resolved, others };
}

/** The answer links of the invitation mails sent to `email`, by dossier code. */
export async function invitationLinks(ctx: AppContext, email: string): Promise<Map<string, string>> {
  const rows = await ctx.db.selectFrom('mail_messages').select(['subject', 'body_text']).where('to_address', '=', email).execute();
  const links = new Map<string, string>();
  for (const row of rows) {
    const token = /\/khao-sat\/([A-Za-z0-9_-]+)/.exec(row.body_text)?.[1];
    const code = /(RP-[a-z0-9]+)/.exec(row.subject)?.[1];
    if (token && code) links.set(code, token);
  }
  return links;
}
