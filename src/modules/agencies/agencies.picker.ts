// The agency picker's options (issue 16): the agency tree in tree order, indented by depth, for the shared macro
// src/views/agency-picker.njk (a <select>, filtered in the browser by public/agency-picker.js). Merged agencies are
// left out of pickers that assign something to an agency (their dossiers are reported with their successor), or kept
// and marked where an old agency is a fair answer. Pure.
import type { TreeEntry } from './agencies.service.ts';

export interface PickerOption {
  /** What the form sends: the agency's code (default) or its id. */
  value: string;
  code: string;
  name: string;
  depth: number;
  /** Merged into another agency (shown with a mark). */
  merged: boolean;
}

export interface PickerChoice {
  /** Send the id instead of the code. */
  valueKey?: 'code' | 'id';
  /** Keep merged (inactive) agencies, marked; default: left out. */
  merged?: boolean;
  /** Leave this agency out (an agency cannot be its own parent or successor). */
  exceptCode?: string | undefined;
}

/** Options of an agency picker from tree entries (AgenciesService.tree / scopeTree / adminTree), in their order. */
export function pickerOptions(entries: readonly TreeEntry[], choice?: PickerChoice): PickerOption[] {
  return entries
    .filter((e) => (choice?.merged || e.agency.active) && e.agency.code !== choice?.exceptCode)
    .map((e) => ({
      value: choice?.valueKey === 'id' ? e.agency.id : e.agency.code,
      code: e.agency.code,
      name: e.agency.name,
      depth: e.depth,
      merged: !e.agency.active || e.agency.successor_id !== null,
    }));
}

/** Options from plain {code, name, depth} lists (the services' own option lists): never merged, value = code. */
export function codeOptions(list: ReadonlyArray<{ code: string; name: string; depth: number }>): PickerOption[] {
  return list.map((o) => ({ value: o.code, code: o.code, name: o.name, depth: o.depth, merged: false }));
}
