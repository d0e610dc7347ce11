// PAR Index on a real database: the seeded 2025 trees, the demo's assessments (seed), the life cycle of an
// assessment and who may do what, the tree frozen once in use, evidence files, proposals through the ports,
// the audit entries.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { before, describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import { NO_DATA } from '../../src/modules/parindex/parindex.ports.ts';
import { leaves, score } from '../../src/modules/parindex/parindex.rules.ts';
import { ParIndexService } from '../../src/modules/parindex/parindex.service.ts';
import { seedDemoParIndex } from '../../src/seed/parindex.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, PDF } from '../helpers/dossiers.ts';

const ctx = await createTestContext({ demo: true });
const par = ctx.services.parIndex;
let admin: Actor;
let leader: Actor;

const code = (error: unknown) => (error instanceof DomainError ? error.code : String(error));

before(async () => {
  admin = await actorByUsername(ctx, 'demo.quantri');
  leader = await actorByUsername(ctx, 'demo.lanhdao');
});

describe('PAR Index: the seeded trees (migration 0049)', () => {
  it('has a valid 2025 tree for ministries (7 fields, 31.5 survey points) and for provinces (8 fields)', async () => {
    const sets = await par.sets();
    const ministry = await par.set(sets.find((s) => s.kind === 'ministry' && s.year === 2025)!.id);
    const province = await par.set(sets.find((s) => s.kind === 'province' && s.year === 2025)!.id);
    assert.deepEqual(ministry.problems, []);
    assert.deepEqual(province.problems, []);
    assert.equal(ministry.nodes.filter((n) => n.depth === 1).length, 7);
    assert.equal(province.nodes.filter((n) => n.depth === 1).length, 8);
    const survey = leaves(ministry.nodes).filter((l) => l.fromSurvey).reduce((s, l) => s + Math.round(l.maxPoints * 100), 0) / 100;
    assert.equal(survey, 31.5);
    assert.match(ministry.set.note ?? '', /minh họa/);
    // Full points everywhere give 100,00%.
    const full = new Map(leaves(ministry.nodes).map((l) => [l.id, { selfPoints: l.maxPoints, appraisedPoints: l.maxPoints, evidence: 1 }]));
    assert.equal(score(ministry.nodes, full, 'appraised').index, 100);
  });
});

describe('PAR Index: the demo (seed)', () => {
  it('assesses the demo ministry and province for 2025 (appraised) and 2026 (in progress), once', async () => {
    assert.equal(await seedDemoParIndex(ctx), 4);
    assert.equal(await seedDemoParIndex(ctx), null);
    const ranking = await par.ranking(admin, 'ministry', 2025);
    assert.deepEqual(ranking.rows.map((r) => [r.rank, r.agency.code]), [[1, '000.00.00.G14']]);
    assert.ok(ranking.rows[0]!.index! > 70 && ranking.rows[0]!.index! < 100);
    const history = await par.history(admin, '000.00.00.H59');
    assert.deepEqual(history.years.map((y) => [y.year, y.kind, y.status, y.rank]), [[2025, 'province', 'appraised', 1], [2026, 'province', 'draft', null]]);
    // Audited in the same transactions.
    const actions = (await ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'parindex.%').execute()).map((r) => r.action);
    for (const a of ['parindex.set.create', 'parindex.assessment.start', 'parindex.self.save', 'parindex.evidence.add', 'parindex.assessment.submit', 'parindex.appraisal.save', 'parindex.assessment.appraised']) assert.ok(actions.includes(a), a);
  });
});

describe('PAR Index: an assessment', () => {
  it('keeps each side to its own steps', async () => {
    const assessments = (await par.list(admin, 2026)).items;
    const draft = assessments.find((a) => a.agency_code === '000.00.00.G14')!;
    assert.equal(draft.status, 'draft');
    // The reviewing body cannot appraise a draft; a leader of another agency cannot read it.
    await assert.rejects(par.appraise(admin, draft.id, [{ code: '1.6', points: 1 }]), (e) => code(e) === 'PAR_ASSESSMENT_STATE');
    await assert.rejects(par.detail(leader, draft.id), (e) => code(e) === 'FORBIDDEN');
    await assert.rejects(par.start(leader, { agency: '000.00.00.G14', year: 2027, kind: 'ministry' }), (e) => code(e) === 'FORBIDDEN');
    // Survey points are the reviewing body's, not the agency's.
    await assert.rejects(par.saveSelf(admin, draft.id, [{ code: '1.6', points: 1 }]), (e) => code(e) === 'PAR_SURVEY_LEAF');
    // A criterion with children takes no points.
    await assert.rejects(par.saveSelf(admin, draft.id, [{ code: '1.1', points: 1 }]), (e) => code(e) === 'PAR_NOT_LEAF');
    // The 2025 one is closed: no more self-assessment.
    const closed = (await par.list(admin, 2025)).items.find((a) => a.agency_code === '000.00.00.G14')!;
    await assert.rejects(par.saveSelf(admin, closed.id, [{ code: '1.2', points: 1 }]), (e) => code(e) === 'PAR_ASSESSMENT_STATE');
    // One assessment per agency and year.
    await assert.rejects(par.start(admin, { agency: '000.00.00.G14', year: 2026, kind: 'ministry' }), (e) => code(e) === 'PAR_ASSESSMENT_EXISTS');
  });

  it('freezes the structure of a tree once an assessment was submitted against it, names stay editable', async () => {
    const set = (await par.sets()).find((s) => s.kind === 'ministry' && s.year === 2025)!;
    const node = (await par.set(set.id)).nodes.find((n) => n.code === '1.2')!;
    await assert.rejects(par.updateNode(admin, set.id, '1.2', { ...node, maxPoints: 3 }), (e) => code(e) === 'PAR_SET_IN_USE');
    await assert.rejects(par.addNode(admin, set.id, '1', { name: 'Mới', maxPoints: 1 }), (e) => code(e) === 'PAR_SET_IN_USE');
    const renamed = await par.updateNode(admin, set.id, '1.2', { ...node, name: 'Báo cáo cải cách hành chính định kỳ (quý, năm)' });
    assert.equal(renamed.name, 'Báo cáo cải cách hành chính định kỳ (quý, năm)');
    // Only an administrator of a top-level agency edits trees.
    await assert.rejects(par.updateNode(leader, set.id, '1.2', node), (e) => code(e) === 'FORBIDDEN');
  });

  it('stores evidence through the files service and releases it when removed', async () => {
    const draft = (await par.list(admin, 2026)).items.find((a) => a.agency_code === '000.00.00.H59')!;
    const staged = await ctx.services.files.stage(Readable.from([PDF]), 'ke-hoach.pdf');
    const row = await par.addEvidence(admin, draft.id, '1.1.1', staged);
    const file = await ctx.services.files.metadata(row.file_id);
    assert.equal(file?.media_type, 'application/pdf');
    await par.removeEvidence(admin, draft.id, row.id);
    assert.equal(await ctx.services.files.metadata(row.file_id), null);
    await assert.rejects(par.removeEvidence(admin, draft.id, row.id), (e) => code(e) === 'PAR_EVIDENCE_UNKNOWN');
  });

  it('proposes points from the ports with value, formula and source; nothing without data', async () => {
    const service = new ParIndexService(ctx.db, ctx.services.agencies, ctx.services.audit, ctx.services.files, { maxFileBytes: 1 << 20 });
    service.setPorts({ ...NO_DATA, sipas: async (_agency, year) => ({ rate: 0.8123, sampleSize: 412, marginOfError: 3.9, source: `SIPAS ${year}: 412 phiếu` }) });
    const draft = (await service.list(admin, 2026)).items.find((a) => a.agency_code === '000.00.00.G14')!;
    const proposals = await service.proposals(admin, draft.id);
    const sipas = proposals.find((p) => p.code === '3.4')!;
    assert.deepEqual(sipas.proposal, { autoSource: 'sipas', points: 4.87, rate: 0.8123, formula: 'R × P = 81,23% × 6 = 4,87', source: 'SIPAS 2026: 412 phiếu' });
    assert.equal(proposals.find((p) => p.code === '3.2.1')!.proposal, null);
    // The product's own wiring (container.ts): the catalog gives the share of online procedures of the demo ministry.
    const wired = await par.proposals(admin, draft.id);
    const online = wired.find((p) => p.code === '7.3.1')!.proposal;
    assert.ok(online, 'online services proposed from the catalog');
    assert.match(online.formula, /^R × P = [\d.]+ \/ [\d.]+ = [\d,]+% × 4 = [\d,]+$/);
    assert.match(online.source, /Danh mục TTHC/);
  });
});
