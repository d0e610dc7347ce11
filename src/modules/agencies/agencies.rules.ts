// Pure rules of the agency tree: codes, levels, cycles, tree order, what an agency is now made of after mergers.
// No I/O.
import type { FieldError } from '../../core/errors.ts';
import { formatDate } from '../../core/text.ts';
import type { AgenciesTable } from '../../db/schema.ts';

export type AgencyLevel = AgenciesTable['level'];

export const AGENCY_LEVELS: readonly AgencyLevel[] = ['ministry', 'department', 'province', 'provincial_department', 'district', 'commune'];

/** Same pattern as the CHECK constraint on agencies.code (migrations/0001_core.sql). */
export const AGENCY_CODE_PATTERN = /^[A-Z0-9][A-Z0-9.]{1,39}$/;
export const DEPARTMENT_CODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,19}$/;

/** Upper-cases and trims the ends; spaces inside stay (and make the code invalid). */
export function normaliseAgencyCode(raw: string): string {
  return raw.trim().toUpperCase();
}

export function isAgencyCode(code: string): boolean {
  return AGENCY_CODE_PATTERN.test(code);
}

export function isAgencyLevel(level: string): level is AgencyLevel {
  return (AGENCY_LEVELS as readonly string[]).includes(level);
}

export interface AgencyFields {
  code?: string | undefined;
  name?: string | undefined;
  shortName?: string | null | undefined;
  level?: string | undefined;
}

/**
 * Field problems of an agency's own fields (all at once). With `partial`, absent fields are not required
 * (an update changes only what it names).
 */
export function agencyFieldErrors(input: AgencyFields, options: { partial?: boolean } = {}): FieldError[] {
  const errors: FieldError[] = [];
  const required = (value: string | undefined) => !options.partial && (value === undefined || value.trim() === '');
  if (required(input.code)) errors.push({ path: '/code', code: 'required' });
  else if (input.code !== undefined && !isAgencyCode(input.code)) errors.push({ path: '/code', code: 'AGENCY_CODE_INVALID' });
  if (required(input.name)) errors.push({ path: '/name', code: 'required' });
  else if (input.name !== undefined && (input.name.trim() === '' || input.name.trim().length > 300)) {
    errors.push({ path: '/name', code: input.name.trim() === '' ? 'required' : 'AGENCY_NAME_TOO_LONG' });
  }
  if (input.shortName && input.shortName.trim().length > 100) errors.push({ path: '/shortName', code: 'AGENCY_NAME_TOO_LONG' });
  if (required(input.level)) errors.push({ path: '/level', code: 'required' });
  else if (input.level !== undefined && !isAgencyLevel(input.level)) errors.push({ path: '/level', code: 'AGENCY_LEVEL_INVALID' });
  return errors;
}

export function departmentFieldErrors(input: { code?: string; name?: string }): FieldError[] {
  const errors: FieldError[] = [];
  const code = input.code?.trim() ?? '';
  const name = input.name?.trim() ?? '';
  if (!code) errors.push({ path: '/code', code: 'required' });
  else if (!DEPARTMENT_CODE_PATTERN.test(code)) errors.push({ path: '/code', code: 'DEPARTMENT_CODE_INVALID' });
  if (!name) errors.push({ path: '/name', code: 'required' });
  else if (name.length > 300) errors.push({ path: '/name', code: 'AGENCY_NAME_TOO_LONG' });
  return errors;
}

/**
 * True when making `newParentId` the parent of `agencyId` would close a loop: the new parent is the agency
 * itself or lies in its subtree. `parentOf` maps every agency id to its parent id (null at the top).
 */
export function createsCycle(agencyId: string, newParentId: string | null, parentOf: ReadonlyMap<string, string | null>): boolean {
  const seen = new Set<string>();
  let current = newParentId;
  while (current !== null && current !== undefined) {
    if (current === agencyId) return true;
    if (seen.has(current)) return true; // an existing loop: refuse rather than spin
    seen.add(current);
    current = parentOf.get(current) ?? null;
  }
  return false;
}

export interface MergeCheck {
  agencyId: string;
  agencyActive: boolean;
  successorId: string;
  successorActive: boolean;
}

/** Problems of merging one agency into a successor (field errors on /successorCode), given the tree. */
export function mergeProblems(input: MergeCheck, parentOf: ReadonlyMap<string, string | null>): FieldError[] {
  if (!input.agencyActive) return [{ path: '/', code: 'AGENCY_INACTIVE' }];
  if (input.successorId === input.agencyId) return [{ path: '/successorCode', code: 'AGENCY_MERGE_SELF' }];
  if (!input.successorActive) return [{ path: '/successorCode', code: 'AGENCY_SUCCESSOR_INACTIVE' }];
  // The successor may not lie below the merged agency: its children would be moved under itself.
  if (createsCycle(input.agencyId, input.successorId, parentOf)) return [{ path: '/successorCode', code: 'AGENCY_MERGE_INTO_SUBTREE' }];
  return [];
}

export interface TreeNode<T> {
  item: T;
  depth: number;
  children: Array<TreeNode<T>>;
}

/**
 * Arranges flat rows into a forest: children under their parent, siblings by code. Rows whose parent is not in
 * the list become roots (a scoped view of the tree).
 */
export function buildForest<T extends { id: string; parent_id: string | null; code: string }>(rows: readonly T[]): Array<TreeNode<T>> {
  const byId = new Map(rows.map((row) => [row.id, { item: row, depth: 0, children: [] as Array<TreeNode<T>> }]));
  const roots: Array<TreeNode<T>> = [];
  for (const node of byId.values()) {
    const parent = node.item.parent_id ? byId.get(node.item.parent_id) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (nodes: Array<TreeNode<T>>, depth: number, seen: Set<string>) => {
    nodes.sort((a, b) => (a.item.code < b.item.code ? -1 : a.item.code > b.item.code ? 1 : 0));
    for (const node of nodes) {
      node.depth = depth;
      if (seen.has(node.item.id)) {
        node.children = [];
        continue;
      }
      seen.add(node.item.id);
      sort(node.children, depth + 1, seen);
    }
  };
  sort(roots, 0, new Set());
  return roots;
}

/** Depth-first (pre-order) listing of a forest: parents before their children. */
export function treeOrder<T extends { id: string; parent_id: string | null; code: string }>(rows: readonly T[]): Array<{ item: T; depth: number }> {
  const out: Array<{ item: T; depth: number }> = [];
  const walk = (nodes: Array<TreeNode<T>>) => {
    for (const node of nodes) {
      out.push({ item: node.item, depth: node.depth });
      walk(node.children);
    }
  };
  walk(buildForest(rows));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Agency history in reports: what an agency is made of "now"
// ---------------------------------------------------------------------------------------------

export interface HistoryNode {
  id: string;
  parent_id: string | null;
  successor_id: string | null;
}

/**
 * Where an agency belongs now: its successor once merged (successor_id set), else its parent. A merged agency's
 * dossiers stay with it (their agency_id) and are reported with its successor, never with its old parent too.
 */
export function effectiveParent(node: HistoryNode): string | null {
  return node.successor_id ?? node.parent_id;
}

/**
 * The agencies "now part of" the roots: the roots and every agency whose effective-parent chain leads to one of
 * them (recursive: an agency merged into one that was merged in turn, the agencies below a merged one). The
 * reports, the 766 scorecard and the disclosure pages count the dossiers of this set (AgenciesService.nowPartOf,
 * the same walk in SQL). Loops in bad data end the walk.
 */
export function nowPartOf(nodes: readonly HistoryNode[], rootIds: readonly string[]): Set<string> {
  const below = new Map<string, string[]>();
  for (const n of nodes) {
    const up = effectiveParent(n);
    if (up !== null && up !== n.id) below.set(up, [...(below.get(up) ?? []), n.id]);
  }
  const out = new Set<string>();
  const stack = [...rootIds];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    for (const child of below.get(id) ?? []) stack.push(child);
  }
  return out;
}

/**
 * The agency that answers for `id` today: itself when not merged, else the last of its successor chain (A merged
 * into B, B into C → C). Null when the chain loops (bad data).
 */
export function finalSuccessor(successorOf: ReadonlyMap<string, string | null>, id: string): string | null {
  const seen = new Set<string>();
  let current = id;
  for (;;) {
    if (seen.has(current)) return null;
    seen.add(current);
    const next = successorOf.get(current) ?? null;
    if (next === null) return current;
    current = next;
  }
}

/** The visible note of a page reached with an old agency code (vi/en through `t`), "Cơ quan X đã hợp nhất vào Y từ dd/mm/yyyy". */
export function redirectNoteText(
  t: (key: string, params?: Record<string, string | number>) => string,
  redirect: { code: string; name: string; reason: 'merged' | 'code_changed'; since: string | null; successorCode: string; successorName: string },
): string {
  const date = redirect.since && /^\d{4}-\d{2}-\d{2}$/.test(redirect.since) ? formatDate(redirect.since) : null;
  const params = { code: redirect.code, name: redirect.name, successor: redirect.successorName, successorCode: redirect.successorCode, date: date ?? '' };
  if (redirect.reason === 'code_changed') return t('agencies.redirect.codeChanged', params);
  return t(date ? 'agencies.redirect.merged' : 'agencies.redirect.mergedUndated', params);
}
