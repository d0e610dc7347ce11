// The demo's SIPAS survey (issue 18): a round of the current year for each top-level agency the demo administrator
// manages that resolved dossiers this year, its sample drawn (seeded), invitations queued, and about three
// answers in four given — most online, some entered from paper — with seeded answers leaning to "satisfied", so
// the yearly report (/bao-cao/khao-sat-hai-long) shows data. Runs after the demo's year of history. Idempotent.
import type { AppContext } from '../container.ts';
import { DomainError } from '../core/errors.ts';
import { seededRandom } from '../core/random.ts';
import { vietnamYear } from '../core/time.ts';
import { actorOf } from '../modules/identity/identity.service.ts';

export const DEMO_SURVEY_ADMIN = 'demo.quantri';

export async function seedDemoSurvey(ctx: AppContext, options: { now?: Date; seed?: number; targetSize?: number } = {}): Promise<{ rounds: number; sampled: number; answered: number } | null> {
  const year = vietnamYear(options.now ?? new Date());
  const name = `Khảo sát SIPAS ${year}`;
  if (await ctx.db.selectFrom('survey_rounds').select('id').where('year', '=', year).where('name', '=', name).executeTakeFirst()) return null;
  const account = await ctx.db.selectFrom('accounts').selectAll().where('username', '=', DEMO_SURVEY_ADMIN).executeTakeFirst();
  if (!account) return null;
  const roles = await ctx.db.selectFrom('account_roles').select(['role', 'agency_id']).where('account_id', '=', account.id).execute();
  const actor = actorOf(account, roles.map((r) => ({ role: r.role, agencyId: r.agency_id })));
  const surveys = ctx.services.surveys;
  const random = seededRandom(options.seed ?? year);
  const roots = await ctx.db
    .selectFrom('agencies')
    .select(['id', 'code'])
    .where('parent_id', 'is', null)
    .where('active', '=', true)
    .where('id', 'in', roles.filter((r) => r.role === 'admin').map((r) => r.agency_id).concat(['00000000-0000-0000-0000-000000000000']))
    .orderBy('code')
    .execute();
  let rounds = 0;
  let sampled = 0;
  let answered = 0;
  for (const root of roots) {
    const round = await surveys.createRound(actor, { name, agencyId: root.id, year, periodFrom: `${year}-01-01`, periodTo: `${year}-12-31`, targetSize: options.targetSize ?? 150, minPerStratum: 1, seed: year });
    try {
      await surveys.draw(actor, round.id);
    } catch (error) {
      // No resolved dossier this year under this agency: the round stays, undrawn.
      if (error instanceof DomainError && error.code === 'SURVEY_NO_DOSSIERS') continue;
      throw error;
    }
    rounds += 1;
    const { links } = await surveys.invite(actor, round.id);
    sampled += links.length;
    const detail = await surveys.round(actor, round.id);
    const questions = detail.questionnaire.questions;
    const max = detail.questionnaire.scaleMax;
    // A respondent's mood (mostly content), then each answer around it.
    const sheet = () => {
      const mood = random() < 0.8 ? max - 1 : 2;
      return Object.fromEntries(questions.map((q) => [q.id, Math.min(max, Math.max(1, mood + Math.round((random() - 0.4) * 2)))]));
    };
    for (const link of links) {
      const draw = random();
      if (draw < 0.65) {
        await surveys.answer(link.url.slice(link.url.lastIndexOf('/') + 1), sheet());
        answered += 1;
      } else if (draw < 0.75) {
        const code = detail.samples.find((s) => s.dossierId === link.dossierId)?.code;
        if (!code) continue;
        await surveys.enterPaper(actor, round.id, code, sheet());
        answered += 1;
      }
    }
  }
  return { rounds, sampled, answered };
}
