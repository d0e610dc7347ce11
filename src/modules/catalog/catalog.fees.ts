// The catalog's narrow port to the fee definitions of the payments module (wired in src/container.ts): the catalog
// interchange format carries a version's structured fee rules (`feeRules`, procedure_versions.fee_rules), and the
// payments module alone knows what a valid definition is (payments.rules.ts checkFeeDefinition). The catalog never
// imports the payments module.
import type { FieldError } from '../../core/errors.ts';
import type { FeeRulesExchange } from './catalog.exchange.ts';

export interface VersionFeesPort {
  /**
   * Every problem of a fee definition against the version's e-form schema (the stored one, or the generated form's),
   * at paths relative to the definition (`/lines/0/countField`), and the definition as it is stored.
   */
  check(feeRules: FeeRulesExchange, formSchema: Record<string, unknown>): { value: object; errors: FieldError[] };
}
