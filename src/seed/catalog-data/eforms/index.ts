// The demo catalog's own e-forms (issue 15): the official declaration forms of the most-used procedures of the
// demo agencies, each with a filled example. `withDemoEforms` gives them to the procedures that have no form yet
// (procedure codes, documents, fees and workflows stay as they are).
import type { ProcedureExchange } from '../../../modules/catalog/catalog.exchange.ts';
import { COPYRIGHT_EXAMPLE, COPYRIGHT_FORM } from '../forms.ts';
import type { DemoEform } from './common.ts';
import { ministryEforms } from './ministry.ts';
import { travinhEforms } from './travinh.ts';

export type { DemoEform } from './common.ts';

/** Every demo e-form with its example, the copyright registration's (1.001823) first. */
export const DEMO_EFORMS: readonly DemoEform[] = [{ code: '1.001823', form: COPYRIGHT_FORM, example: COPYRIGHT_EXAMPLE }, ...ministryEforms, ...travinhEforms];

const BY_CODE = new Map(DEMO_EFORMS.map((e) => [e.code, e]));

/** The procedures, each with its demo e-form when it has none of its own. */
export function withDemoEforms(procedures: ProcedureExchange[]): ProcedureExchange[] {
  return procedures.map((p) => {
    const demo = BY_CODE.get(p.code);
    return demo && !p.form ? { ...p, form: demo.form } : p;
  });
}
