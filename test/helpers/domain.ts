// Shared fixtures of the domain tests: the demo agencies' e-ID codes and a DomainError matcher.
import assert from 'node:assert/strict';
import { DomainError } from '../../src/core/errors.ts';

export const MINISTRY = '000.00.00.G14';
export const COPYRIGHT = '000.00.12.G14';
export const TRA_VINH = '000.00.00.H59';
export const TV_SO = '000.20.00.H59';
export const TV_COMMUNE = 'H59.20.01.01';

/** For assert.rejects / assert.throws: a DomainError with this code (and exactly these field errors "path:code"). */
export function rejectsWith(code: string, paths?: string[]) {
  return (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code);
    if (paths) assert.deepEqual(error.fieldErrors.map((e) => `${e.path}:${e.code}`).sort(), [...paths].sort());
    return true;
  };
}
