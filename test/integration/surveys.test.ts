// The SIPAS survey against PostgreSQL: a round's sample drawn from real resolved dossiers (stratified, reproducible,
// nothing outside the scope or the period), invitations queued by mail, answers by link and on paper (once each;
// a dossier not in the sample is refused), the index per factor and overall, per agency, and the PAR Index port.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import { finitePopulationCorrection, Z95 } from '../../src/modules/surveys/surveys.rules.ts';
import { createTestContext } from '../helpers/db.ts';
import { makeAgency } from '../helpers/reports-fixtures.ts';
import { invitationLinks, resolvedDossiers, staffActor, surveyApplicant } from '../helpers/surveys.ts';

// An SMS gateway configured (never called here: the SMS stay queued in the outbox).
const ctx = await createTestContext({ config: { SMS_URL: 'http://127.0.0.1:9' } });
const surveys = ctx.services.surveys;

const rejects = (code: string) => (error: unknown) => {
  assert.ok(error instanceof DomainError, String(error));
  assert.equal(error.code, code);
  return true;
};

const province = await makeAgency(ctx, 'SV.00.00.P01', { level: 'province', name: 'Tỉnh Khảo Sát' });
const dept = await makeAgency(ctx, 'SV.10.00.P01', { parentId: province.id, level: 'provincial_department', name: 'Sở Một' });
const commune = await makeAgency(ctx, 'SV.20.00.P01', { parentId: province.id, level: 'commune', name: 'Xã Hai' });
const outside = await makeAgency(ctx, 'SV.00.00.Q99', { level: 'province', name: 'Tỉnh Khác' });
const applicant = await surveyApplicant(ctx);
const { resolved } = await resolvedDossiers(ctx, applicant.id, [
  { agencyId: dept.id, count: 30 },
  { agencyId: commune.id, count: 6 },
  { agencyId: outside.id, count: 5 },
]);
const admin = await staffActor(ctx, province.id, 'admin');
const leader = await staffActor(ctx, commune.id, 'agency_leader');

const roundInput = { name: 'SIPAS 2026', agencyId: province.id, year: 2026, periodFrom: '2026-01-01', periodTo: '2026-12-31', targetSize: 12, minPerStratum: 2, seed: 7 };

describe('surveys (integration)', () => {
  let roundId = '';
  let sampledIds: string[] = [];

  test('the draw: stratified by agency and procedure, within scope and period, sizes adding up', async () => {
    const round = await surveys.createRound(admin, roundInput);
    roundId = round.id;
    const strata = await surveys.draw(admin, round.id);
    // Four strata (two procedures in each of the two agencies below the province); 36 resolved dossiers in 2026.
    assert.equal(strata.length, 4);
    assert.equal(strata.reduce((a, s) => a + s.population, 0), 36);
    assert.equal(strata.reduce((a, s) => a + s.allocated, 0), 12);
    for (const s of strata) assert.ok(s.allocated >= Math.min(2, s.population));
    const samples = await ctx.db.selectFrom('survey_samples').select(['dossier_id', 'agency_id']).where('round_id', '=', round.id).execute();
    sampledIds = samples.map((s) => s.dossier_id);
    assert.equal(new Set(sampledIds).size, 12);
    const resolvedInScope = new Set(resolved);
    assert.ok(sampledIds.every((id) => resolvedInScope.has(id)));
    assert.ok(samples.every((s) => s.agency_id === dept.id || s.agency_id === commune.id), 'nothing outside the scope');
    const detail = await surveys.round(admin, round.id);
    assert.equal(detail.round.population, 36);
    assert.equal(detail.round.sampleSize, 12);
    await assert.rejects(surveys.draw(admin, round.id), rejects('SURVEY_ALREADY_DRAWN'));
  });

  test('the same seed over the same dossiers draws the same sample', async () => {
    const again = await surveys.createRound(admin, { ...roundInput, name: 'SIPAS 2026 (kiểm tra)' });
    await surveys.draw(admin, again.id);
    const samples = await ctx.db.selectFrom('survey_samples').select('dossier_id').where('round_id', '=', again.id).execute();
    assert.deepEqual(samples.map((s) => s.dossier_id).sort(), [...sampledIds].sort());
    await ctx.db.deleteFrom('survey_rounds').where('id', '=', again.id).execute();
  });

  test('authorisation: another agency cannot see the round, a leader reads without managing', async () => {
    const stranger = await staffActor(ctx, outside.id, 'admin');
    await assert.rejects(surveys.round(stranger, roundId), rejects('NOT_FOUND'));
    await assert.rejects(surveys.draw(await staffActor(ctx, commune.id, 'receptionist'), roundId), rejects('FORBIDDEN'));
    await assert.rejects(surveys.createRound(stranger, roundInput), rejects('VALIDATION_FAILED'));
    await assert.rejects(surveys.invite(leader, roundId), rejects('FORBIDDEN'));
  });

  test('invitations, answers by link (once), paper entry, and the index', async () => {
    await assert.rejects(surveys.answer('x'.repeat(32), {}), rejects('SURVEY_NOT_IN_SAMPLE'));
    const sent = await surveys.invite(admin, roundId);
    assert.equal(sent.invited, 12);
    assert.equal(sent.email, 12);
    assert.equal(sent.sms, 12);
    const sms = await ctx.db.selectFrom('sms_messages').select(['to_number', 'body']).execute();
    assert.equal(sms.filter((m) => /\/khao-sat\/[A-Za-z0-9_-]{32}$/.test(m.body)).length, 12);
    assert.equal((await surveys.invite(admin, roundId)).invited, 0, 'each dossier invited once');
    const links = await invitationLinks(ctx, applicant.email!);
    assert.equal(links.size, 12);
    const tokens = [...links.values()];
    const form = await surveys.answerForm(tokens[0]!);
    const qs = form.questionnaire.questions;
    assert.equal(qs.length, 20, 'the standard SIPAS questionnaire: 5 factors × 4 questions');
    assert.equal(form.questionnaire.factors.length, 5);
    const all = (v: number) => Object.fromEntries(qs.map((q) => [q.id, v]));

    // Out of range: nothing recorded.
    await assert.rejects(surveys.answer(tokens[0]!, { ...all(5), [qs[0]!.id]: 6 }), rejects('VALIDATION_FAILED'));
    await surveys.answer(tokens[0]!, all(5));
    await assert.rejects(surveys.answer(tokens[0]!, all(1)), rejects('SURVEY_ALREADY_ANSWERED'));
    await surveys.answer(tokens[1]!, all(2));

    // Paper: a code of the sample, then one that is not in it.
    const codes = [...links.keys()];
    const sampledCodes = new Set(codes);
    await surveys.enterPaper(admin, roundId, codes[2]!, all(4));
    await assert.rejects(surveys.enterPaper(admin, roundId, codes[2]!, all(4)), rejects('SURVEY_ALREADY_ANSWERED'));
    const notSampled = await ctx.db.selectFrom('dossiers').select('code').where('id', 'in', resolved).execute();
    const outsider = notSampled.map((d) => d.code!).find((c) => !sampledCodes.has(c))!;
    await assert.rejects(surveys.enterPaper(admin, roundId, outsider, all(4)), rejects('SURVEY_NOT_IN_SAMPLE'));
    const paper = await ctx.db.selectFrom('survey_samples').select(['source', 'entered_by']).where('round_id', '=', roundId).where('source', '=', 'paper').execute();
    assert.deepEqual(paper, [{ source: 'paper', entered_by: admin.id }]);

    // Index: respondents at 100 %, 0 %, 100 % (4 is "satisfied") → 66.667 %; s = 57.735; N = 36.
    const detail = await surveys.round(admin, roundId);
    const overall = detail.results.overall;
    assert.equal(overall.responses, 3);
    assert.equal(overall.sampleSize, 12);
    assert.equal(overall.responseRate, 25);
    assert.equal(overall.overall.n, 3);
    assert.equal(overall.overall.value!.toFixed(3), (200 / 3).toFixed(3));
    const expectedMoe = ((Z95 * Math.sqrt(10000 / 3)) / Math.sqrt(3)) * finitePopulationCorrection(3, 36);
    assert.equal(overall.overall.marginOfError!.toFixed(3), expectedMoe.toFixed(3));
    for (const f of overall.factors) assert.equal(f.satisfied.value!.toFixed(3), (200 / 3).toFixed(3));
    // Mean on the scale: (5 + 2 + 4) / 3 → (11/3 − 1) / 4 = 66.667 %; perception and expectation averages the same.
    assert.equal(overall.overallMeanPercent!.toFixed(3), (((11 / 3 - 1) / 4) * 100).toFixed(3));
    assert.equal(overall.factors[0]!.perception!.toFixed(3), (11 / 3).toFixed(3));
    const perAgency = detail.results.agencies.reduce((a, r) => a + r.responses, 0);
    assert.equal(perAgency, 3);

    // The PAR Index port: the year overall, per agency, none for another year or an agency without answers.
    const year = await surveys.yearIndex(null, 2026);
    assert.ok(year);
    assert.equal(year.sampleSize, 3);
    assert.equal(year.index.toFixed(3), (200 / 3).toFixed(3));
    assert.equal(year.marginOfError.toFixed(3), expectedMoe.toFixed(3));
    const provinceIndex = await surveys.yearIndex(province.id, 2026);
    assert.equal(provinceIndex?.index.toFixed(3), (200 / 3).toFixed(3));
    assert.equal(await surveys.yearIndex(outside.id, 2026), null);
    assert.equal(await surveys.yearIndex(null, 2019), null);
    assert.equal(await surveys.yearIndex('not-an-id', 2026), null);
  });

  test('the yearly report: the organiser sees every agency and the overall row; a leader only their agency', async () => {
    const full = await surveys.yearReport(admin, 2026);
    assert.equal(full.rounds.length, 1);
    assert.ok(full.overall);
    assert.equal(full.overall.responses, 3);
    const limited = await surveys.yearReport(leader, 2026);
    assert.equal(limited.rounds.length, 1, 'the province round sampled the commune');
    assert.equal(limited.overall, null, 'no overall row for a reader below the organiser');
    assert.deepEqual(limited.agencies.map((a) => a.agencyId), [commune.id]);
    const elsewhere = await surveys.yearReport(await staffActor(ctx, outside.id, 'inspector'), 2026);
    assert.equal(elsewhere.rounds.length, 0);
  });

  test('questionnaire editing: texts and scale; the scale is fixed once answered', async () => {
    const q = await ctx.db.selectFrom('survey_questionnaires').select('id').where('code', '=', 'sipas').executeTakeFirstOrThrow();
    const view = await surveys.questionnaire(admin, q.id);
    const input = {
      titleVi: view.titleVi,
      titleEn: view.titleEn,
      scaleMax: 5,
      satisfiedFrom: 4,
      factors: view.factors.map((f) => ({ id: f.id, nameVi: f.nameVi, nameEn: f.nameEn })),
      questions: view.questions.map((x, i) => ({ id: x.id, textVi: i === 0 ? 'Câu hỏi đã sửa' : x.textVi, textEn: x.textEn })),
    };
    const saved = await surveys.updateQuestionnaire(admin, q.id, input);
    assert.equal(saved.questions[0]!.textVi, 'Câu hỏi đã sửa');
    await assert.rejects(surveys.updateQuestionnaire(admin, q.id, { ...input, scaleMax: 7 }), rejects('SURVEY_QUESTIONNAIRE_IN_USE'));
    await assert.rejects(surveys.updateQuestionnaire(admin, q.id, { ...input, titleVi: ' ' }), rejects('VALIDATION_FAILED'));
    await assert.rejects(surveys.updateQuestionnaire(leader, q.id, input), rejects('FORBIDDEN'));
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'survey.%').execute();
    assert.deepEqual([...new Set(audit.map((a) => a.action))].sort(), ['survey.answer.paper', 'survey.questionnaire.update', 'survey.round.create', 'survey.round.draw', 'survey.round.invite']);
  });
});
