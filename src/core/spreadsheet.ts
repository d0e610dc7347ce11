// Spreadsheet safety (OWASP CSV injection): a cell whose text starts with = + - @ (or a tab / carriage return)
// would be evaluated as a formula by Excel or LibreOffice. Exports prefix such text with an apostrophe; imports of
// our own exports drop it again.

/** Text a spreadsheet would run as a formula. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell a spreadsheet would evaluate gets a leading apostrophe. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Reverses neutraliseCell on import: a leading apostrophe before a formula character is dropped. */
export function unneutraliseCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}
