// Use cases of the PAR Index (Chỉ số cải cách hành chính): the criteria trees (edited by the administrators of a
// top-level agency), the assessment of an agency for a year (its staff self-assess with evidence and submit; the
// reviewing body appraises, adds the survey points and closes it), the ranking, the history, the proposals of
// points from the product's own data.
//
// Who: the agency's leaders and administrators (ASSESS_ROLES on the agency, a grant above covers it) see and fill
// their own assessment; the reviewing body — administrators and inspectors of a top-level agency — sees every
// assessment and appraises. The ranking (appraised assessments only) is open to every staff account.
import { DomainError, type FieldError } from '../../core/errors.ts';
import type { Actor } from '../../core/actor.ts';
import type { Role } from '../../db/schema.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { FileStorage, StagedFile } from '../files/files.service.ts';
import { accepts, inspectUpload } from '../files/files.inspect.ts';
import { sanitiseFileName } from '../files/files.rules.ts';
import { NO_DATA, NO_PLAN_EVIDENCE, type ParAgencyRef, type ParDataPorts, type PlanEvidencePort } from './parindex.ports.ts';
import { ParIndexRepository, type AssessmentRow, type EntryRow, type EvidenceRow, type SetRow } from './parindex.repository.ts';
import {
  AUTO_SOURCES,
  canAppraise,
  canEditSelf,
  leaves,
  nextCode,
  ordered,
  pointsProblems,
  propose,
  rank,
  score,
  submitProblems,
  treeProblems,
  type AutoSource,
  type EntryState,
  type Problem,
  type Proposal,
  type Score,
  type SetKind,
  type TreeNode,
} from './parindex.rules.ts';
import './parindex.errors.ts';

export const ASSESS_ROLES: readonly Role[] = ['agency_leader', 'admin'];
export const REVIEW_ROLES: readonly Role[] = ['admin', 'inspector'];

type Locale = 'vi' | 'en';

export interface NodeInput {
  name: string;
  nameEn?: string | null;
  maxPoints: number;
  evidenceRequired?: boolean;
  fromSurvey?: boolean;
  autoSource?: AutoSource | null;
}

export interface TreeInput extends NodeInput {
  children?: TreeInput[];
}

export interface SelfItem {
  code: string;
  points: number | null;
  note?: string | null;
  source?: string | null;
}

export interface AppraisalItem {
  code: string;
  points: number | null;
  comment?: string | null;
  source?: string | null;
}

export interface AssessmentDetail {
  assessment: AssessmentRow;
  set: SetRow;
  nodes: TreeNode[];
  entries: Map<string, EntryRow>;
  evidence: EvidenceRow[];
  score: Score;
  /** What the actor may do here. */
  may: { edit: boolean; submit: boolean; appraise: boolean; reopen: boolean };
  reviewer: boolean;
}

export interface RankingRow {
  rank: number;
  agency: { code: string; name: string };
  assessmentId: string;
  fields: Array<{ code: string; points: number; maxPoints: number; index: number | null }>;
  points: number;
  index: number | null;
}

export interface Ranking {
  set: SetRow;
  fields: Array<{ code: string; name: string; nameEn: string | null; maxPoints: number }>;
  rows: RankingRow[];
}

function invalid(problems: readonly Problem[]): never {
  const first = problems[0]!;
  throw new DomainError(first.code, first.params, problems.map((p) => ({ path: p.path, code: p.code, ...(p.params ? { params: p.params } : {}) }) satisfies FieldError));
}

function cleanText(value: string | null | undefined, max: number): string | null {
  const t = value?.trim();
  return t ? t.slice(0, max) : null;
}

export class ParIndexService {
  private ports: ParDataPorts = NO_DATA;
  private planEvidencePort: PlanEvidencePort = NO_PLAN_EVIDENCE;

  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly files: FileStorage,
    private readonly options: { maxFileBytes: number },
    private readonly repo = new ParIndexRepository(),
  ) {}

  /** The data the proposals read (container.ts wires the reports, scorecards and surveys services). */
  setPorts(ports: ParDataPorts): void {
    this.ports = ports;
  }

  /** The PAR plan's evidence, offered on the self-assessment (container.ts wires the plan module). */
  setPlanEvidence(port: PlanEvidencePort): void {
    this.planEvidencePort = port;
  }

  /** The evidence the agency's PAR plan of the assessment's year gathered, by field code (for the assessment's editors). */
  async planEvidence(actor: Actor | null, id: string) {
    this.requireStaff(actor);
    const a = await this.load(this.db, id);
    await this.access(this.db, actor, a);
    return this.planEvidencePort.evidenceFor(a.agency_id, a.year);
  }

  // Access ---------------------------------------------------------------------------------------------

  async isReviewer(actor: Actor | null): Promise<boolean> {
    return !!actor && actor.kind === 'staff' && (await this.agencies.holdsOnRoot(actor, REVIEW_ROLES));
  }

  async requireReviewer(actor: Actor | null): Promise<Actor> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!(await this.isReviewer(actor))) throw new DomainError('FORBIDDEN');
    return actor;
  }

  /** Editing the criteria trees: administrators of a top-level agency. */
  async requireTreeAdmin(actor: Actor | null): Promise<Actor> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'staff' || !(await this.agencies.holdsOnRoot(actor, ['admin']))) throw new DomainError('FORBIDDEN');
    return actor;
  }

  requireStaff(actor: Actor | null): Actor {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN');
    return actor;
  }

  /** The agencies whose assessments the actor fills (empty for a reviewer without a grant of its own). */
  assessableScope(actor: Actor | null): Promise<string[]> {
    return this.agencies.scopeOf(actor, ASSESS_ROLES);
  }

  private async access(db: Executor, actor: Actor | null, a: AssessmentRow): Promise<{ actor: Actor; reviewer: boolean; own: boolean }> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const reviewer = await this.isReviewer(actor);
    const held = actor.kind === 'staff' ? (await this.agencies.rolesOn(actor, [a.agency_id], db)).get(a.agency_id) : undefined;
    const own = !!held && [...held].some((r) => ASSESS_ROLES.includes(r));
    if (!reviewer && !own) throw new DomainError('FORBIDDEN');
    return { actor, reviewer, own };
  }

  private async load(db: Executor, id: string, lock = false): Promise<AssessmentRow> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new DomainError('PAR_ASSESSMENT_UNKNOWN');
    const a = await this.repo.assessment(db, id, lock);
    if (!a) throw new DomainError('PAR_ASSESSMENT_UNKNOWN');
    return a;
  }

  private async agencyByCode(code: string): Promise<ParAgencyRef> {
    const found = /^[A-Za-z0-9.]{2,40}$/.test(code.trim()) ? await this.agencies.current(code.trim().toUpperCase()) : undefined;
    if (!found) throw new DomainError('PAR_AGENCY_UNKNOWN');
    return { id: found.agency.id, code: found.agency.code, name: found.agency.name };
  }

  // Criteria trees -------------------------------------------------------------------------------------

  sets(): Promise<SetRow[]> {
    return this.repo.sets(this.db);
  }

  async set(id: string): Promise<{ set: SetRow; nodes: TreeNode[]; problems: Problem[]; inUse: boolean }> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new DomainError('PAR_SET_UNKNOWN');
    const set = await this.repo.set(this.db, id);
    if (!set) throw new DomainError('PAR_SET_UNKNOWN');
    const nodes = await this.repo.nodes(this.db, id);
    return { set, nodes: ordered(nodes), problems: treeProblems(nodes), inUse: await this.repo.setInUse(this.db, id) };
  }

  /** A new year's set: a copy of the latest tree of that kind before it (or empty when there is none). */
  async createSet(actor: Actor | null, input: { kind: SetKind; year: number; name?: string | null }): Promise<SetRow> {
    const by = await this.requireTreeAdmin(actor);
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) invalid([{ path: '/year', code: 'PAR_YEAR_INVALID' }]);
    return this.db.transaction().execute(async (tx) => {
      const from = await this.repo.latestSet(tx, input.kind, input.year);
      const name = cleanText(input.name, 300) ?? (input.kind === 'ministry' ? `Chỉ số CCHC cấp bộ ${input.year}` : `Chỉ số CCHC cấp tỉnh ${input.year}`);
      const set = await this.repo.insertSet(tx, { kind: input.kind, year: input.year, name, note: from ? `${from.note ?? ''}${from.note ? ' ' : ''}(Sao từ bộ tiêu chí năm ${from.year}.)`.slice(0, 2000) : null });
      if (from) await this.copyNodes(tx, await this.repo.nodes(tx, from.id), set.id);
      await this.audit.record(tx, by, { action: 'parindex.set.create', targetType: 'par_set', targetId: set.id, summary: { kind: set.kind, year: set.year, copiedFrom: from?.year ?? null } });
      return set;
    });
  }

  private async copyNodes(tx: Executor, nodes: readonly TreeNode[], setId: string): Promise<void> {
    const ids = new Map<string, string>();
    for (const n of ordered(nodes)) {
      const id = await this.repo.insertNode(tx, setId, { ...n, parentId: n.parentId ? (ids.get(n.parentId) ?? null) : null });
      ids.set(n.id, id);
    }
  }

  private async editableSet(tx: Executor, setId: string): Promise<{ set: SetRow; nodes: TreeNode[] }> {
    if (!/^[0-9a-f-]{36}$/i.test(setId)) throw new DomainError('PAR_SET_UNKNOWN');
    const set = await this.repo.set(tx, setId, true);
    if (!set) throw new DomainError('PAR_SET_UNKNOWN');
    return { set, nodes: await this.repo.nodes(tx, setId) };
  }

  private nodeProblems(input: NodeInput): Problem[] {
    const problems: Problem[] = [];
    const name = input.name?.trim() ?? '';
    if (!name || name.length > 500) problems.push({ path: '/name', code: 'PAR_NODE_NAME' });
    if (!Number.isFinite(input.maxPoints) || input.maxPoints < 0 || input.maxPoints > 100 || Math.abs(input.maxPoints * 100 - Math.round(input.maxPoints * 100)) > 1e-6) {
      problems.push({ path: '/maxPoints', code: 'PAR_MAX_INVALID' });
    }
    return problems;
  }

  /** Adds a field (parent null), a criterion or a sub-criterion at the end of its siblings; the tree is re-checked on the page. */
  async addNode(actor: Actor | null, setId: string, parentCode: string | null, input: NodeInput): Promise<TreeNode> {
    const by = await this.requireTreeAdmin(actor);
    const problems = this.nodeProblems(input);
    if (problems.length) invalid(problems);
    return this.db.transaction().execute(async (tx) => {
      const { set, nodes } = await this.editableSet(tx, setId);
      if (await this.repo.setInUse(tx, set.id)) throw new DomainError('PAR_SET_IN_USE');
      const parent = parentCode ? nodes.find((n) => n.code === parentCode) : null;
      if (parentCode && !parent) throw new DomainError('PAR_NODE_UNKNOWN');
      if (parent && parent.depth >= 3) invalid([{ path: '/parent', code: 'PAR_NODE_TOO_DEEP' }]);
      const code = nextCode(nodes, parent ?? null);
      const position = nodes.reduce((m, n) => Math.max(m, n.position), 0) + 1;
      const node = {
        parentId: parent?.id ?? null,
        depth: (parent?.depth ?? 0) + 1,
        code,
        position,
        name: input.name.trim(),
        nameEn: cleanText(input.nameEn, 500),
        maxPoints: input.maxPoints,
        evidenceRequired: !!input.evidenceRequired,
        fromSurvey: !!input.fromSurvey,
        autoSource: input.autoSource ?? null,
      };
      const id = await this.repo.insertNode(tx, set.id, node);
      await this.repo.touchSet(tx, set.id);
      await this.audit.record(tx, by, { action: 'parindex.node.add', targetType: 'par_set', targetId: set.id, summary: { code, name: node.name, maxPoints: node.maxPoints } });
      return { id, ...node };
    });
  }

  /** Renames a node, sets its maximum, its evidence and survey flags and its data source. */
  async updateNode(actor: Actor | null, setId: string, code: string, input: NodeInput): Promise<TreeNode> {
    const by = await this.requireTreeAdmin(actor);
    const problems = this.nodeProblems(input);
    if (problems.length) invalid(problems);
    return this.db.transaction().execute(async (tx) => {
      const { set, nodes } = await this.editableSet(tx, setId);
      const node = nodes.find((n) => n.code === code);
      if (!node) throw new DomainError('PAR_NODE_UNKNOWN');
      const structural = node.maxPoints !== input.maxPoints || node.fromSurvey !== !!input.fromSurvey;
      if (structural && (await this.repo.setInUse(tx, set.id))) throw new DomainError('PAR_SET_IN_USE');
      const next = {
        ...node,
        name: input.name.trim(),
        nameEn: cleanText(input.nameEn, 500),
        maxPoints: input.maxPoints,
        evidenceRequired: !!input.evidenceRequired,
        fromSurvey: !!input.fromSurvey,
        autoSource: input.autoSource ?? null,
      };
      await this.repo.updateNode(tx, node.id, next);
      await this.repo.touchSet(tx, set.id);
      await this.audit.record(tx, by, {
        action: 'parindex.node.update',
        targetType: 'par_set',
        targetId: set.id,
        summary: { code, name: next.name, maxPoints: `${node.maxPoints} → ${next.maxPoints}`, evidenceRequired: next.evidenceRequired, fromSurvey: next.fromSurvey, autoSource: next.autoSource },
      });
      return next;
    });
  }

  async removeNode(actor: Actor | null, setId: string, code: string): Promise<void> {
    const by = await this.requireTreeAdmin(actor);
    await this.db.transaction().execute(async (tx) => {
      const { set, nodes } = await this.editableSet(tx, setId);
      const node = nodes.find((n) => n.code === code);
      if (!node) throw new DomainError('PAR_NODE_UNKNOWN');
      if (await this.repo.setInUse(tx, set.id)) throw new DomainError('PAR_SET_IN_USE');
      await this.repo.deleteNode(tx, node.id);
      await this.repo.touchSet(tx, set.id);
      await this.audit.record(tx, by, { action: 'parindex.node.remove', targetType: 'par_set', targetId: set.id, summary: { code, name: node.name } });
    });
  }

  /**
   * Replaces the whole tree of a set (the JSON API): validated as a whole first — a tree whose maxima do not add up
   * is refused with the problems naming each node — then written with codes numbered in order.
   */
  async replaceTree(actor: Actor | null, setId: string, fields: readonly TreeInput[]): Promise<TreeNode[]> {
    const by = await this.requireTreeAdmin(actor);
    // Numbered and checked before anything is written.
    const planned: TreeNode[] = [];
    const problems: Problem[] = [];
    let position = 0;
    const walk = (items: readonly TreeInput[], parent: TreeNode | null, path: string) => {
      items.forEach((item, i) => {
        const code = parent ? `${parent.code}.${i + 1}` : String(i + 1);
        for (const p of this.nodeProblems(item)) problems.push({ ...p, path: `${path}/${i}${p.path}`, params: { code } });
        const node: TreeNode = {
          id: `new:${code}`,
          parentId: parent?.id ?? null,
          depth: (parent?.depth ?? 0) + 1,
          code,
          position: ++position,
          name: (item.name ?? '').trim(),
          nameEn: cleanText(item.nameEn, 500),
          maxPoints: item.maxPoints,
          evidenceRequired: !!item.evidenceRequired,
          fromSurvey: !!item.fromSurvey,
          autoSource: item.autoSource ?? null,
        };
        planned.push(node);
        if (item.children?.length) {
          if (node.depth >= 3) problems.push({ path: `${path}/${i}/children`, code: 'PAR_NODE_TOO_DEEP', params: { code } });
          else walk(item.children, node, `${path}/${i}/children`);
        }
      });
    };
    walk(fields, null, '/fields');
    if (problems.length) invalid(problems);
    const treeErrors = treeProblems(planned);
    if (treeErrors.length) invalid(treeErrors);
    return this.db.transaction().execute(async (tx) => {
      const { set, nodes } = await this.editableSet(tx, setId);
      if (await this.repo.setInUse(tx, set.id)) throw new DomainError('PAR_SET_IN_USE');
      for (const n of nodes.filter((x) => x.parentId === null)) await this.repo.deleteNode(tx, n.id);
      await this.copyNodes(tx, planned, set.id);
      await this.repo.touchSet(tx, set.id);
      await this.audit.record(tx, by, { action: 'parindex.tree.replace', targetType: 'par_set', targetId: set.id, summary: { nodes: planned.length, fields: planned.filter((n) => n.depth === 1).map((n) => `${n.code} ${n.maxPoints}`) } });
      return ordered(await this.repo.nodes(tx, set.id));
    });
  }

  // Assessments ----------------------------------------------------------------------------------------

  /** The assessments the actor may open: every one for the reviewing body, else those of its agencies. */
  async list(actor: Actor | null, year?: number): Promise<{ items: AssessmentRow[]; reviewer: boolean; agencies: ParAgencyRef[] }> {
    const by = this.requireStaff(actor);
    const reviewer = await this.isReviewer(by);
    const scope = await this.assessableScope(by);
    const items = await this.repo.assessments(this.db, reviewer ? null : scope, year !== undefined ? { year } : {});
    const all = await this.agencies.list();
    const agencies = all.filter((a) => a.active && (reviewer || scope.includes(a.id)) && !a.successor_id).map((a) => ({ id: a.id, code: a.code, name: a.name }));
    return { items, reviewer, agencies };
  }

  /** Starts the assessment of an agency for a year against the set of that kind and year (a valid tree). */
  async start(actor: Actor | null, input: { agency: string; year: number; kind: SetKind }): Promise<AssessmentRow> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) invalid([{ path: '/year', code: 'PAR_YEAR_INVALID' }]);
    const agency = await this.agencyByCode(input.agency);
    if (!(await this.isReviewer(actor))) await this.agencies.authorize(actor, ASSESS_ROLES, agency.id);
    return this.db.transaction().execute(async (tx) => {
      const set = await this.repo.setOf(tx, input.kind, input.year);
      if (!set) throw new DomainError('PAR_SET_UNKNOWN');
      const problems = treeProblems(await this.repo.nodes(tx, set.id));
      if (problems.length) throw new DomainError('PAR_TREE_INVALID', { problems: problems.length });
      const id = await this.repo.insertAssessment(tx, { setId: set.id, agencyId: agency.id, year: input.year });
      await this.audit.record(tx, actor, { action: 'parindex.assessment.start', targetType: 'par_assessment', targetId: id, agencyId: agency.id, summary: { agency: agency.code, year: input.year, kind: input.kind } });
      return (await this.repo.assessment(tx, id))!;
    });
  }

  async detail(actor: Actor | null, id: string): Promise<AssessmentDetail> {
    this.requireStaff(actor);
    const a = await this.load(this.db, id);
    const { reviewer, own } = await this.access(this.db, actor, a);
    const [set, nodes, entries, evidence] = await Promise.all([this.repo.set(this.db, a.set_id), this.repo.nodes(this.db, a.set_id), this.repo.entries(this.db, a.id), this.repo.evidence(this.db, a.id)]);
    return {
      assessment: a,
      set: set!,
      nodes: ordered(nodes),
      entries,
      evidence,
      score: score(nodes, entries, a.status),
      may: { edit: own && canEditSelf(a.status), submit: own && canEditSelf(a.status), appraise: reviewer && canAppraise(a.status), reopen: reviewer && a.status !== 'draft' },
      reviewer,
    };
  }

  private leafByCode(nodes: readonly TreeNode[], code: string, path: string): TreeNode {
    const node = nodes.find((n) => n.code === code);
    if (!node) throw new DomainError('PAR_NODE_UNKNOWN', undefined, [{ path, code: 'PAR_NODE_UNKNOWN' }]);
    if (!leaves(nodes).some((l) => l.id === node.id)) invalid([{ path, code: 'PAR_NOT_LEAF', params: { code } }]);
    return node;
  }

  /** The agency's own points (and notes) on leaves of a draft: refused above a criterion's maximum. */
  async saveSelf(actor: Actor | null, id: string, items: readonly SelfItem[]): Promise<Score> {
    this.requireStaff(actor);
    return this.db.transaction().execute(async (tx) => {
      const a = await this.load(tx, id, true);
      const { actor: by, own } = await this.access(tx, actor, a);
      if (!own) throw new DomainError('FORBIDDEN');
      if (!canEditSelf(a.status)) throw new DomainError('PAR_ASSESSMENT_STATE', { status: a.status });
      return this.saveLeaves(tx, by, a, items, 'parindex.self.save', {
        extraProblem: (leaf, item, i) =>
          leaf.fromSurvey && item.points !== null ? { path: `/items/${i}/points`, code: 'PAR_SURVEY_LEAF', params: { code: leaf.code, name: leaf.name } } : null,
        save: (leaf, item) => this.repo.saveSelf(tx, a.id, leaf.id, { points: item.points, note: cleanText(item.note, 2000), source: cleanText(item.source, 500) }),
      });
    });
  }

  /**
   * Points on leaves of an assessment, by the agency or the reviewing body: every item checked first (the leaf
   * exists and is a leaf, the points within its maximum, `extraProblem`), all problems refused together, then each
   * written (`save`), one audit entry, and the new score.
   */
  private async saveLeaves<T extends { code: string; points: number | null; source?: string | null }>(
    tx: Executor,
    by: Actor,
    a: AssessmentRow,
    items: readonly T[],
    action: string,
    step: { extraProblem?: (leaf: TreeNode, item: T, i: number) => Problem | null; save: (leaf: TreeNode, item: T) => Promise<void> },
  ): Promise<Score> {
    const nodes = await this.repo.nodes(tx, a.set_id);
    const problems: Problem[] = [];
    const writes: Array<{ leaf: TreeNode; item: T }> = [];
    items.forEach((item, i) => {
      const leaf = this.leafByCode(nodes, item.code, `/items/${i}/code`);
      const extra = step.extraProblem?.(leaf, item, i);
      if (extra) problems.push(extra);
      problems.push(...pointsProblems(leaf, item.points, `/items/${i}/points`));
      writes.push({ leaf, item });
    });
    if (problems.length) invalid(problems);
    for (const { leaf, item } of writes) await step.save(leaf, item);
    await this.audit.record(tx, by, {
      action,
      targetType: 'par_assessment',
      targetId: a.id,
      agencyId: a.agency_id,
      summary: { items: writes.map(({ leaf, item }) => `${leaf.code}=${item.points ?? '—'}${item.source ? ` (${item.source})` : ''}`) },
    });
    return score(nodes, await this.repo.entries(tx, a.id), a.status);
  }

  /** An evidence file for a leaf of a draft: inspected like every upload (PDF, images, Word, Excel), then stored. */
  async addEvidence(actor: Actor | null, id: string, code: string, staged: StagedFile | null | undefined): Promise<EvidenceRow> {
    this.requireStaff(actor);
    const a = await this.load(this.db, id);
    const { actor: by, own } = await this.access(this.db, actor, a);
    if (!own) throw new DomainError('FORBIDDEN');
    if (!canEditSelf(a.status)) throw new DomainError('PAR_ASSESSMENT_STATE', { status: a.status });
    const leaf = this.leafByCode(await this.repo.nodes(this.db, a.set_id), code, '/code');
    const field = (c: string, params?: Record<string, string | number>): never => {
      throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/file', code: c, ...(params ? { params } : {}) }]);
    };
    if (!staged || staged.sizeBytes === 0) return field('required');
    if (staged.truncated || staged.sizeBytes > this.options.maxFileBytes) return field('maxLength', { limit: this.options.maxFileBytes });
    const detected = await inspectUpload(this.files.inspector, staged.tempPath, 'attachment', staged.originalName, { field: '/file' });
    if (!accepts('attachment', detected)) throw new DomainError('PAR_FILE_TYPE', undefined, [{ path: '/file', code: 'PAR_FILE_TYPE' }]);
    const name = sanitiseFileName(staged.originalName).slice(0, 255) || 'tai-lieu';
    return this.db.transaction().execute(async (tx) => {
      const current = await this.load(tx, id, true);
      if (!canEditSelf(current.status)) throw new DomainError('PAR_ASSESSMENT_STATE', { status: current.status });
      const mediaType = detected === 'pdf' ? 'application/pdf' : detected === 'jpg' ? 'image/jpeg' : detected === 'png' ? 'image/png' : detected === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      const file = await this.files.commit(tx, staged, { mediaType, createdBy: by.id });
      const evidenceId = await this.repo.insertEvidence(tx, { assessmentId: a.id, nodeId: leaf.id, fileId: file.id, name, by: by.id });
      await this.audit.record(tx, by, { action: 'parindex.evidence.add', targetType: 'par_assessment', targetId: a.id, agencyId: a.agency_id, summary: { code: leaf.code, name, sha256: file.sha256 } });
      return (await this.repo.evidenceById(tx, a.id, evidenceId))!;
    });
  }

  async removeEvidence(actor: Actor | null, id: string, evidenceId: string): Promise<void> {
    this.requireStaff(actor);
    const keys = await this.db.transaction().execute(async (tx) => {
      const a = await this.load(tx, id, true);
      const { actor: by, own } = await this.access(tx, actor, a);
      if (!own) throw new DomainError('FORBIDDEN');
      if (!canEditSelf(a.status)) throw new DomainError('PAR_ASSESSMENT_STATE', { status: a.status });
      const row = /^[0-9a-f-]{36}$/i.test(evidenceId) ? await this.repo.evidenceById(tx, a.id, evidenceId) : undefined;
      if (!row) throw new DomainError('PAR_EVIDENCE_UNKNOWN');
      await this.repo.deleteEvidence(tx, row.id);
      await this.audit.record(tx, by, { action: 'parindex.evidence.remove', targetType: 'par_assessment', targetId: a.id, agencyId: a.agency_id, summary: { name: row.name } });
      return this.files.release(tx, [row.file_id]);
    });
    await this.files.removeContent(keys);
  }

  /** The evidence file (reviewing body, or the agency's own staff). */
  async evidenceFile(actor: Actor | null, id: string, evidenceId: string) {
    this.requireStaff(actor);
    const a = await this.load(this.db, id);
    await this.access(this.db, actor, a);
    const row = /^[0-9a-f-]{36}$/i.test(evidenceId) ? await this.repo.evidenceById(this.db, a.id, evidenceId) : undefined;
    if (!row) throw new DomainError('PAR_EVIDENCE_UNKNOWN');
    const opened = await this.files.open(row.file_id);
    if (!opened) throw new DomainError('PAR_EVIDENCE_UNKNOWN');
    return { ...opened, name: row.name };
  }

  /** Draft → submitted: refused while a leaf lacks points or required evidence (each named). */
  async submit(actor: Actor | null, id: string, now = new Date()): Promise<AssessmentRow> {
    this.requireStaff(actor);
    return this.db.transaction().execute(async (tx) => {
      const a = await this.load(tx, id, true);
      const { actor: by, own } = await this.access(tx, actor, a);
      if (!own) throw new DomainError('FORBIDDEN');
      if (!canEditSelf(a.status)) throw new DomainError('PAR_ASSESSMENT_STATE', { status: a.status });
      const nodes = await this.repo.nodes(tx, a.set_id);
      const tree = treeProblems(nodes);
      if (tree.length) throw new DomainError('PAR_TREE_INVALID', { problems: tree.length });
      const entries = await this.repo.entries(tx, a.id);
      const problems = submitProblems(nodes, entries);
      if (problems.length) invalid(problems);
      await this.repo.setStatus(tx, a.id, 'submitted', by.id, now);
      const s = score(nodes, entries, 'submitted');
      await this.audit.record(tx, by, { action: 'parindex.assessment.submit', targetType: 'par_assessment', targetId: a.id, agencyId: a.agency_id, summary: { year: a.year, selfPoints: s.points } });
      return (await this.repo.assessment(tx, a.id))!;
    });
  }

  /** The reviewing body's points and comments (adjusted points; the survey leaves' points) on a submitted assessment. */
  async appraise(actor: Actor | null, id: string, items: readonly AppraisalItem[]): Promise<Score> {
    this.requireStaff(actor);
    return this.db.transaction().execute(async (tx) => {
      const a = await this.load(tx, id, true);
      const { actor: by, reviewer } = await this.access(tx, actor, a);
      if (!reviewer) throw new DomainError('FORBIDDEN');
      if (!canAppraise(a.status)) throw new DomainError('PAR_ASSESSMENT_STATE', { status: a.status });
      return this.saveLeaves(tx, by, a, items, 'parindex.appraisal.save', {
        save: (leaf, item) => this.repo.saveAppraisal(tx, a.id, leaf.id, { points: item.points, comment: cleanText(item.comment, 2000), source: cleanText(item.source, 500) }),
      });
    });
  }

  /** Submitted → appraised (final: the ranking counts it). */
  async finish(actor: Actor | null, id: string, now = new Date()): Promise<AssessmentRow> {
    this.requireStaff(actor);
    return this.db.transaction().execute(async (tx) => {
      const a = await this.load(tx, id, true);
      const { actor: by, reviewer } = await this.access(tx, actor, a);
      if (!reviewer) throw new DomainError('FORBIDDEN');
      if (!canAppraise(a.status)) throw new DomainError('PAR_ASSESSMENT_STATE', { status: a.status });
      await this.repo.setStatus(tx, a.id, 'appraised', by.id, now);
      const s = score(await this.repo.nodes(tx, a.set_id), await this.repo.entries(tx, a.id), 'appraised');
      await this.audit.record(tx, by, { action: 'parindex.assessment.appraised', targetType: 'par_assessment', targetId: a.id, agencyId: a.agency_id, summary: { year: a.year, points: s.points, index: s.index } });
      return (await this.repo.assessment(tx, a.id))!;
    });
  }

  /** The reviewing body steps back: appraised → submitted, submitted → draft (returned to the agency). */
  async reopen(actor: Actor | null, id: string, now = new Date()): Promise<AssessmentRow> {
    this.requireStaff(actor);
    return this.db.transaction().execute(async (tx) => {
      const a = await this.load(tx, id, true);
      const { actor: by, reviewer } = await this.access(tx, actor, a);
      if (!reviewer) throw new DomainError('FORBIDDEN');
      if (a.status === 'draft') throw new DomainError('PAR_ASSESSMENT_STATE', { status: a.status });
      const to = a.status === 'appraised' ? 'submitted' : 'draft';
      await this.repo.setStatus(tx, a.id, to, by.id, now);
      await this.audit.record(tx, by, { action: 'parindex.assessment.reopen', targetType: 'par_assessment', targetId: a.id, agencyId: a.agency_id, summary: { from: a.status, to } });
      return (await this.repo.assessment(tx, a.id))!;
    });
  }

  /** Points proposed from the product's own data for the leaves with a data source: value, formula and source. */
  async proposals(actor: Actor | null, id: string, locale: Locale = 'vi', now = new Date()): Promise<Array<{ code: string; name: string; proposal: Proposal | null }>> {
    this.requireStaff(actor);
    const a = await this.load(this.db, id);
    const { actor: by } = await this.access(this.db, actor, a);
    const nodes = await this.repo.nodes(this.db, a.set_id);
    const agency = { id: a.agency_id, code: a.agency_code, name: a.agency_name };
    const cache = new Map<AutoSource, Promise<import('./parindex.rules.ts').Measured | null>>();
    const measure = (source: AutoSource) => {
      let p = cache.get(source);
      if (!p) {
        p = (async () => {
          try {
            if (source === 'online_services') return await this.ports.onlineServices(agency, a.year, now);
            if (source === 'on_time_rate') return await this.ports.onTimeRate(by, agency, a.year, now);
            if (source === 'score_766') return await this.ports.score766(agency, a.year, now);
            return await this.ports.sipas(agency, a.year);
          } catch (error) {
            // A source that refuses (no access to the reports) or fails proposes nothing; the points are entered by hand.
            if (error instanceof DomainError) return null;
            throw error;
          }
        })();
        cache.set(source, p);
      }
      return p;
    };
    const out = [];
    for (const leaf of leaves(nodes)) {
      if (!leaf.autoSource || !AUTO_SOURCES.includes(leaf.autoSource)) continue;
      const measured = await measure(leaf.autoSource);
      out.push({ code: leaf.code, name: leaf.name, proposal: measured ? propose(leaf, measured, locale) : null });
    }
    return out;
  }

  // Ranking, history -----------------------------------------------------------------------------------

  /** The appraised assessments of a kind and year, ranked by points (ties share a rank). */
  async ranking(actor: Actor | null, kind: SetKind, year: number): Promise<Ranking> {
    this.requireStaff(actor);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) invalid([{ path: '/year', code: 'PAR_YEAR_INVALID' }]);
    const set = await this.repo.setOf(this.db, kind, year);
    if (!set) throw new DomainError('PAR_SET_UNKNOWN');
    return this.rankingOf(set);
  }

  private async rankingOf(set: SetRow): Promise<Ranking> {
    const nodes = await this.repo.nodes(this.db, set.id);
    const assessments = await this.repo.assessments(this.db, null, { setId: set.id, status: 'appraised' });
    const entries = await this.repo.entriesOf(this.db, assessments.map((a) => a.id));
    const scored = assessments.map((a) => ({ a, s: score(nodes, entries.get(a.id) ?? new Map<string, EntryState>(), 'appraised') }));
    const ranked = rank(scored, (x) => x.s.points, (x) => x.a.agency_name);
    return {
      set,
      fields: ordered(nodes).filter((n) => n.depth === 1).map((f) => ({ code: f.code, name: f.name, nameEn: f.nameEn, maxPoints: f.maxPoints })),
      rows: ranked.map(({ rank: r, item: { a, s } }) => ({
        rank: r,
        agency: { code: a.agency_code, name: a.agency_name },
        assessmentId: a.id,
        fields: s.fields.map((f) => ({ code: f.code, points: f.points, maxPoints: f.maxPoints, index: f.index })),
        points: s.points,
        index: s.index,
      })),
    };
  }

  /** An agency's assessments year by year (oldest first): status, points, index, and its rank once appraised. */
  async history(actor: Actor | null, agencyCode: string): Promise<{ agency: ParAgencyRef; years: Array<{ year: number; kind: SetKind; status: string; assessmentId: string; points: number; index: number | null; rank: number | null; of: number | null }> }> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const agency = await this.agencyByCode(agencyCode);
    if (!(await this.isReviewer(actor))) await this.agencies.authorize(actor, ASSESS_ROLES, agency.id);
    const items = (await this.repo.assessments(this.db, [agency.id])).sort((x, y) => x.year - y.year);
    const years = [];
    for (const a of items) {
      const set = (await this.repo.set(this.db, a.set_id))!;
      const nodes = await this.repo.nodes(this.db, a.set_id);
      const s = score(nodes, await this.repo.entries(this.db, a.id), a.status);
      let position: { rank: number | null; of: number | null } = { rank: null, of: null };
      if (a.status === 'appraised') {
        const r = await this.rankingOf(set);
        position = { rank: r.rows.find((row) => row.assessmentId === a.id)?.rank ?? null, of: r.rows.length };
      }
      years.push({ year: a.year, kind: set.kind, status: a.status, assessmentId: a.id, points: s.points, index: s.index, ...position });
    }
    return { agency, years };
  }
}
