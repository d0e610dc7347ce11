// The demo's fee-bearing level-4 procedure: the copyright registration certificate (1.001823) charges its lệ phí
// online before submission (check-answers → payment → the payment submits the dossier), so `npm start` shows fees →
// payment → receipt end to end. Loaded by the demo server
// on first start only (the test template's demo catalog keeps no fee definition; tests set their own). Idempotent.
import type { AppContext } from '../container.ts';
import { actorOf } from '../modules/identity/identity.service.ts';

export const DEMO_FEE_PROCEDURE = '1.001823';

export async function seedDemoFees(ctx: AppContext): Promise<boolean> {
  const version = await ctx.db
    .selectFrom('procedure_versions as v')
    .innerJoin('procedures as p', 'p.id', 'v.procedure_id')
    .select(['v.version', 'v.fee_rules'])
    .where('p.code', '=', DEMO_FEE_PROCEDURE)
    .where('v.status', '=', 'published')
    .orderBy('v.version', 'desc')
    .executeTakeFirst();
  if (!version || version.fee_rules !== null) return false;
  const account = await ctx.db.selectFrom('accounts').selectAll().where('username', '=', 'demo.danhmuc').executeTakeFirst();
  if (!account) return false;
  const roles = await ctx.db.selectFrom('account_roles').select(['role', 'agency_id']).where('account_id', '=', account.id).execute();
  const manager = actorOf(account, roles.map((r) => ({ role: r.role, agencyId: r.agency_id })));
  await ctx.services.payments.saveFees(manager, DEMO_FEE_PROCEDURE, version.version, {
    charge: 'before_submission',
    lines: [{ label: 'Lệ phí cấp Giấy chứng nhận đăng ký quyền tác giả (tác phẩm viết, âm nhạc, nhiếp ảnh, báo chí)', kind: 'le_phi', basis: 'fixed', amountVnd: 100_000 }],
  });
  return true;
}
