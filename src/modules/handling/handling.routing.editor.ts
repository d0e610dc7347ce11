// The workflow editor's agency rule of a step (handling.workflow.pages.ts; the rule itself: handling.routing.ts):
// "Cơ quan xử lý: cố định / theo địa chỉ trên tờ khai / theo lựa chọn trên tờ khai", the e-form field picked from
// the version's e-form (a select), and option → agency rows (selects; blank rows ignored, a few blank rows offered).
// Form fields "steps.{i}.agencyRule.kind", "….field", "….options.{j}.value", "….options.{j}.agencyCode".
import type { FormBody } from '../../http/form-page.ts';
import { AGENCY_RULE_KINDS, isRuleKind, ruleOfInput, type AgencyRule, type EformField } from './handling.routing.ts';

/** A step's rule as the form shows it (every value a string, as typed). */
export interface RuleForm {
  kind: string;
  field: string;
  options: Array<{ value: string; agencyCode: string }>;
}

/** Blank option rows offered after the filled ones (no JavaScript: a re-render adds more). */
const BLANK_ROWS = 3;
const MAX_ROWS = 200;

function one(body: FormBody, name: string): string {
  const value = body?.[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' ? last.slice(0, 200).trim() : '';
}

/** The rule of step `i` of a submitted editor form. */
export function ruleFromBody(body: FormBody, i: number): RuleForm {
  const at = (name: string) => `steps.${i}.agencyRule.${name}`;
  const options: RuleForm['options'] = [];
  for (let j = 0; j < MAX_ROWS; j++) {
    if (body?.[at(`options.${j}.value`)] === undefined && body?.[at(`options.${j}.agencyCode`)] === undefined) break;
    options.push({ value: one(body, at(`options.${j}.value`)), agencyCode: one(body, at(`options.${j}.agencyCode`)) });
  }
  return { kind: one(body, at('kind')) || 'fixed', field: one(body, at('field')), options };
}

/** The form of a stored or shown rule (absent: fixed). */
export function ruleFormOf(rule: AgencyRule | null | undefined): RuleForm {
  if (!rule || rule.kind === 'fixed') return { kind: 'fixed', field: '', options: [] };
  return { kind: rule.kind, field: rule.field, options: rule.kind === 'eform_option' ? rule.options.map((o) => ({ ...o })) : [] };
}

/** The service input of a form's rule (WorkflowInput.steps[i].agencyRule); undefined for fixed; an unknown kind as sent (the service refuses it). */
export function ruleInput(form: RuleForm | undefined): AgencyRule | { kind: string } | undefined {
  if (!form || form.kind === 'fixed' || form.kind === '') return undefined;
  if (!isRuleKind(form.kind)) return { kind: form.kind };
  return ruleOfInput(form);
}

/** What the step's rule fieldset shows: the kinds, the fields of the right kinds, option rows with blanks. */
export function ruleView(form: RuleForm | undefined, fields: readonly EformField[], agencyCodes: ReadonlySet<string>, locale: 'vi' | 'en') {
  const rule = form ?? { kind: 'fixed', field: '', options: [] };
  const usable = fields.filter((f) => f.kind === 'address' || f.kind === 'choice');
  const chosen = usable.find((f) => f.name === rule.field);
  return {
    kind: isRuleKind(rule.kind) ? rule.kind : 'fixed',
    kinds: AGENCY_RULE_KINDS,
    field: rule.field,
    fields: usable.map((f) => ({ name: f.name, label: f.label[locale], kind: f.kind })),
    fieldMissing: rule.field !== '' && !chosen,
    // The option values: those of the field chosen, else of every choice field (grouped).
    choices: fields.filter((f) => f.kind === 'choice' && (!chosen || chosen.kind !== 'choice' || f.name === chosen.name)).map((f) => ({ label: f.label[locale], options: f.options })),
    // Each row with what the selects cannot show otherwise: a value or agency code not in their lists stays visible as sent.
    options: [...rule.options, ...Array.from({ length: BLANK_ROWS }, () => ({ value: '', agencyCode: '' }))].slice(0, MAX_ROWS).map((o) => ({
      ...o,
      valueMissing: o.value !== '' && !fields.some((f) => f.kind === 'choice' && f.options.some((x) => x.value === o.value)),
      agencyMissing: o.agencyCode !== '' && !agencyCodes.has(o.agencyCode),
    })),
  };
}
