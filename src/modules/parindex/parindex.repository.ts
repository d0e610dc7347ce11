// SQL of the PAR Index: criteria sets and their nodes, assessments, entries (points) and evidence files.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { DomainError } from '../../core/errors.ts';
import type { AssessmentStatus, AutoSource, EntryState, SetKind, TreeNode } from './parindex.rules.ts';

export interface SetRow {
  id: string;
  kind: SetKind;
  year: number;
  name: string;
  note: string | null;
}

export interface AssessmentRow {
  id: string;
  set_id: string;
  agency_id: string;
  agency_code: string;
  agency_name: string;
  year: number;
  status: AssessmentStatus;
  submitted_at: Date | null;
  appraised_at: Date | null;
  version: number;
}

export interface EntryRow extends EntryState {
  nodeId: string;
  selfNote: string | null;
  selfSource: string | null;
  appraisalComment: string | null;
  appraisalSource: string | null;
}

export interface EvidenceRow {
  id: string;
  node_id: string;
  file_id: string;
  name: string;
  created_at: Date;
}

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

export class ParIndexRepository {
  sets(db: Executor): Promise<SetRow[]> {
    return db.selectFrom('par_sets').select(['id', 'kind', 'year', 'name', 'note']).orderBy('year', 'desc').orderBy('kind').execute();
  }

  set(db: Executor, id: string, lock = false): Promise<SetRow | undefined> {
    let q = db.selectFrom('par_sets').select(['id', 'kind', 'year', 'name', 'note']).where('id', '=', id);
    if (lock) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  setOf(db: Executor, kind: SetKind, year: number): Promise<SetRow | undefined> {
    return db.selectFrom('par_sets').select(['id', 'kind', 'year', 'name', 'note']).where('kind', '=', kind).where('year', '=', year).executeTakeFirst();
  }

  /** The latest set of a kind up to `year` (a new year's assessment starts from the last tree before it). */
  latestSet(db: Executor, kind: SetKind, year: number): Promise<SetRow | undefined> {
    return db.selectFrom('par_sets').select(['id', 'kind', 'year', 'name', 'note']).where('kind', '=', kind).where('year', '<=', year).orderBy('year', 'desc').limit(1).executeTakeFirst();
  }

  async insertSet(db: Executor, row: { kind: SetKind; year: number; name: string; note: string | null }): Promise<SetRow> {
    try {
      return await db.insertInto('par_sets').values(row).returning(['id', 'kind', 'year', 'name', 'note']).executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('PAR_SET_EXISTS', { kind: row.kind, year: row.year });
      throw error;
    }
  }

  async nodes(db: Executor, setId: string): Promise<TreeNode[]> {
    const rows = await db.selectFrom('par_nodes').selectAll().where('set_id', '=', setId).orderBy('position').orderBy('code').execute();
    return rows.map((r) => ({
      id: r.id,
      parentId: r.parent_id,
      depth: r.depth,
      code: r.code,
      position: r.position,
      name: r.name,
      nameEn: r.name_en,
      maxPoints: Number(r.max_points),
      evidenceRequired: r.evidence_required,
      fromSurvey: r.from_survey,
      autoSource: r.auto_source as AutoSource | null,
    }));
  }

  async insertNode(
    db: Executor,
    setId: string,
    n: { parentId: string | null; depth: number; code: string; position: number; name: string; nameEn: string | null; maxPoints: number; evidenceRequired: boolean; fromSurvey: boolean; autoSource: AutoSource | null },
  ): Promise<string> {
    try {
      const row = await db
        .insertInto('par_nodes')
        .values({
          set_id: setId,
          parent_id: n.parentId,
          depth: n.depth,
          code: n.code,
          position: n.position,
          name: n.name,
          name_en: n.nameEn,
          max_points: n.maxPoints,
          evidence_required: n.evidenceRequired,
          from_survey: n.fromSurvey,
          auto_source: n.autoSource,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('PAR_TREE_CODE_TAKEN', { code: n.code }, [{ path: '/code', code: 'PAR_TREE_CODE_TAKEN', params: { code: n.code } }]);
      throw error;
    }
  }

  async updateNode(db: Executor, id: string, patch: { name: string; nameEn: string | null; maxPoints: number; evidenceRequired: boolean; fromSurvey: boolean; autoSource: AutoSource | null }): Promise<void> {
    await db
      .updateTable('par_nodes')
      .set({ name: patch.name, name_en: patch.nameEn, max_points: patch.maxPoints, evidence_required: patch.evidenceRequired, from_survey: patch.fromSurvey, auto_source: patch.autoSource })
      .where('id', '=', id)
      .execute();
  }

  async deleteNode(db: Executor, id: string): Promise<void> {
    await db.deleteFrom('par_nodes').where('id', '=', id).execute();
  }

  async touchSet(db: Executor, id: string): Promise<void> {
    await db.updateTable('par_sets').set({ updated_at: new Date() }).where('id', '=', id).execute();
  }

  /** Whether an assessment of the set went past the draft (its tree's structure is then frozen). */
  async setInUse(db: Executor, setId: string): Promise<boolean> {
    const row = await db.selectFrom('par_assessments').select('id').where('set_id', '=', setId).where('status', '<>', 'draft').limit(1).executeTakeFirst();
    return !!row;
  }

  private assessmentQuery(db: Executor) {
    return db
      .selectFrom('par_assessments as a')
      .innerJoin('agencies as g', 'g.id', 'a.agency_id')
      .select(['a.id', 'a.set_id', 'a.agency_id', 'g.code as agency_code', 'g.name as agency_name', 'a.year', 'a.status', 'a.submitted_at', 'a.appraised_at', 'a.version']);
  }

  async assessment(db: Executor, id: string, lock = false): Promise<AssessmentRow | undefined> {
    if (lock) await db.selectFrom('par_assessments').select('id').where('id', '=', id).forUpdate().execute();
    return this.assessmentQuery(db).where('a.id', '=', id).executeTakeFirst();
  }

  assessmentOf(db: Executor, agencyId: string, year: number): Promise<AssessmentRow | undefined> {
    return this.assessmentQuery(db).where('a.agency_id', '=', agencyId).where('a.year', '=', year).executeTakeFirst();
  }

  /** Assessments of the agencies in `agencyIds` (null: all), newest year first. */
  assessments(db: Executor, agencyIds: readonly string[] | null, filter: { year?: number; setId?: string; status?: AssessmentStatus } = {}): Promise<AssessmentRow[]> {
    if (agencyIds && !agencyIds.length) return Promise.resolve([]);
    let q = this.assessmentQuery(db);
    if (agencyIds) q = q.where('a.agency_id', 'in', agencyIds);
    if (filter.year !== undefined) q = q.where('a.year', '=', filter.year);
    if (filter.setId !== undefined) q = q.where('a.set_id', '=', filter.setId);
    if (filter.status !== undefined) q = q.where('a.status', '=', filter.status);
    return q.orderBy('a.year', 'desc').orderBy('g.code').execute();
  }

  async insertAssessment(db: Executor, row: { setId: string; agencyId: string; year: number }): Promise<string> {
    try {
      const r = await db.insertInto('par_assessments').values({ set_id: row.setId, agency_id: row.agencyId, year: row.year }).returning('id').executeTakeFirstOrThrow();
      return r.id;
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('PAR_ASSESSMENT_EXISTS', { year: row.year });
      throw error;
    }
  }

  async setStatus(db: Executor, id: string, status: AssessmentStatus, by: string, at: Date): Promise<void> {
    const stamps =
      status === 'submitted' ? { submitted_at: at, submitted_by: by } : status === 'appraised' ? { appraised_at: at, appraised_by: by } : { submitted_at: null, submitted_by: null, appraised_at: null, appraised_by: null };
    await db
      .updateTable('par_assessments')
      .set((eb) => ({ status, ...stamps, updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  async entries(db: Executor, assessmentId: string): Promise<Map<string, EntryRow>> {
    const rows = await sql<{
      node_id: string;
      self_points: string | null;
      self_note: string | null;
      self_source: string | null;
      appraised_points: string | null;
      appraisal_comment: string | null;
      appraisal_source: string | null;
      evidence: string;
    }>`
      SELECT n.id AS node_id, e.self_points, e.self_note, e.self_source, e.appraised_points, e.appraisal_comment, e.appraisal_source,
        (SELECT count(*) FROM par_evidence v WHERE v.assessment_id = ${assessmentId} AND v.node_id = n.id) AS evidence
      FROM par_nodes n
      JOIN par_assessments a ON a.set_id = n.set_id AND a.id = ${assessmentId}
      LEFT JOIN par_entries e ON e.assessment_id = a.id AND e.node_id = n.id`.execute(db);
    return new Map(
      rows.rows.map((r) => [
        r.node_id,
        {
          nodeId: r.node_id,
          selfPoints: num(r.self_points),
          appraisedPoints: num(r.appraised_points),
          evidence: Number(r.evidence),
          selfNote: r.self_note,
          selfSource: r.self_source,
          appraisalComment: r.appraisal_comment,
          appraisalSource: r.appraisal_source,
        },
      ]),
    );
  }

  /** Entries of many assessments (the ranking, the export), by assessment id then node id. */
  async entriesOf(db: Executor, assessmentIds: readonly string[]): Promise<Map<string, Map<string, EntryState>>> {
    const out = new Map<string, Map<string, EntryState>>(assessmentIds.map((id) => [id, new Map()]));
    if (!assessmentIds.length) return out;
    const rows = await db.selectFrom('par_entries').select(['assessment_id', 'node_id', 'self_points', 'appraised_points']).where('assessment_id', 'in', assessmentIds).execute();
    for (const r of rows) out.get(r.assessment_id)!.set(r.node_id, { selfPoints: num(r.self_points), appraisedPoints: num(r.appraised_points), evidence: 0 });
    return out;
  }

  async saveSelf(db: Executor, assessmentId: string, nodeId: string, v: { points: number | null; note: string | null; source: string | null }): Promise<void> {
    await db
      .insertInto('par_entries')
      .values({ assessment_id: assessmentId, node_id: nodeId, self_points: v.points, self_note: v.note, self_source: v.source })
      .onConflict((oc) => oc.columns(['assessment_id', 'node_id']).doUpdateSet({ self_points: v.points, self_note: v.note, self_source: v.source, updated_at: new Date() }))
      .execute();
  }

  async saveAppraisal(db: Executor, assessmentId: string, nodeId: string, v: { points: number | null; comment: string | null; source: string | null }): Promise<void> {
    await db
      .insertInto('par_entries')
      .values({ assessment_id: assessmentId, node_id: nodeId, appraised_points: v.points, appraisal_comment: v.comment, appraisal_source: v.source })
      .onConflict((oc) => oc.columns(['assessment_id', 'node_id']).doUpdateSet({ appraised_points: v.points, appraisal_comment: v.comment, appraisal_source: v.source, updated_at: new Date() }))
      .execute();
  }

  evidence(db: Executor, assessmentId: string): Promise<EvidenceRow[]> {
    return db.selectFrom('par_evidence').select(['id', 'node_id', 'file_id', 'name', 'created_at']).where('assessment_id', '=', assessmentId).orderBy('created_at').execute();
  }

  evidenceById(db: Executor, assessmentId: string, id: string): Promise<EvidenceRow | undefined> {
    return db.selectFrom('par_evidence').select(['id', 'node_id', 'file_id', 'name', 'created_at']).where('assessment_id', '=', assessmentId).where('id', '=', id).executeTakeFirst();
  }

  async insertEvidence(db: Executor, row: { assessmentId: string; nodeId: string; fileId: string; name: string; by: string }): Promise<string> {
    const r = await db
      .insertInto('par_evidence')
      .values({ assessment_id: row.assessmentId, node_id: row.nodeId, file_id: row.fileId, name: row.name, created_by: row.by })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async deleteEvidence(db: Executor, id: string): Promise<void> {
    await db.deleteFrom('par_evidence').where('id', '=', id).execute();
  }
}
