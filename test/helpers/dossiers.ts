// Shared fixtures for tests that need applicants, officers and submitted dossiers.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Actor } from '../../src/core/actor.ts';
import type { AppContext } from '../../src/container.ts';
import { actorOf } from '../../src/modules/identity/identity.service.ts';
import type { SubmitResult } from '../../src/modules/dossiers/dossiers.service.ts';

/** Cấp Giấy chứng nhận đăng ký quyền tác giả (Cục Bản quyền tác giả): level 4, citizens and organisations. */
export const COPYRIGHT_PROCEDURE = '1.001823';

/** A minimal valid PDF and PNG (detected by content). */
export const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex')]);

type Ctx = AppContext;

/** The Actor of an existing account (demo accounts: demo.congdan, demo.motcua, demo.chuyenvien, …), with its roles. */
export async function actorByUsername(ctx: Ctx, username: string): Promise<Actor> {
  const account = await ctx.db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  const roles = await ctx.db.selectFrom('account_roles').select(['role', 'agency_id']).where('account_id', '=', account.id).execute();
  return actorOf(account, roles.map((r) => ({ role: r.role, agencyId: r.agency_id })));
}

/** A new citizen account (its own dossiers only). */
export async function newCitizen(ctx: Ctx, fullName = 'Lê Thị Bình'): Promise<Actor> {
  const suffix = randomBytes(4).toString('hex');
  const account = await ctx.db
    .insertInto('accounts')
    .values({
      username: `test.${suffix}`,
      kind: 'citizen',
      password_hash: 'x',
      full_name: fullName,
      email: `test.${suffix}@example.vn`,
      email_verified_at: new Date(),
      personal_id: `0790${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      phone: '0987654321',
      address: 'Số 1 Tràng Tiền, Hà Nội',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return actorOf(account, []);
}

export function upload(documentId: string, bytes: Buffer = PDF, filename = 'to-khai.pdf') {
  return { documentId, source: Readable.from([bytes]), filename, declaredType: 'application/pdf' };
}

/**
 * A dossier submitted online by `who` (status 1, channel 2) for `procedureCode`, with a complete form and one PDF
 * per required document. `now` fixes the submission instant (and so the code's day).
 */
export async function submittedDossier(
  ctx: Ctx,
  who: Actor,
  options: { procedureCode?: string; now?: Date } = {},
): Promise<SubmitResult & { agencyId: string }> {
  const dossiers = ctx.services.dossiers;
  const draft = await dossiers.createDraft(who, options.procedureCode ?? COPYRIGHT_PROCEDURE);
  await dossiers.saveForm(who, draft.id, { ...draft.form.data, requestContent: 'Đăng ký quyền tác giả cho tác phẩm "Mùa thu Hà Nội".' });
  for (const d of draft.documents.filter((x) => x.required)) await dossiers.addFile(who, draft.id, upload(d.documentId));
  const result = await dossiers.submit(who, draft.id, null, options.now ?? new Date());
  const row = await ctx.db.selectFrom('dossiers').select('agency_id').where('id', '=', draft.id).executeTakeFirstOrThrow();
  return { ...result, agencyId: row.agency_id };
}
