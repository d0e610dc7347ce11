import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConcurrentInsert, isUniqueViolation, uniqueViolation } from '../../src/db/errors.ts';

describe('unique violations (src/db/errors.ts)', () => {
  const unique = (constraint?: string) => Object.assign(new Error('duplicate key'), { code: '23505', ...(constraint ? { constraint } : {}) });

  it('reads the constraint of a 23505 only', () => {
    assert.equal(uniqueViolation(unique('accounts_email_key')), 'accounts_email_key');
    assert.equal(uniqueViolation(unique()), '');
    assert.equal(uniqueViolation(Object.assign(new Error('fk'), { code: '23503', constraint: 'accounts_email_key' })), null);
    assert.equal(uniqueViolation(new Error('plain')), null);
    assert.equal(uniqueViolation(null), null);
    assert.equal(uniqueViolation('23505'), null);
  });

  it('matches a constraint by name or pattern', () => {
    const cases: Array<[unknown, string | RegExp | undefined, boolean]> = [
      [unique('accounts_email_key'), undefined, true],
      [unique('accounts_email_key'), 'accounts_email_key', true],
      [unique('accounts_email_key'), 'accounts_username_key', false],
      [unique('accounts_username_key'), /^accounts_(personal_id|username)_key$/, true],
      [unique('accounts_email_key'), /^accounts_(personal_id|username)_key$/, false],
      [unique('dossiers_applicant_id_idempotency_key_key'), /idempotency_key/, true],
      [unique(), 'accounts_email_key', false],
      [Object.assign(new Error('check'), { code: '23514', constraint: 'accounts_email_key' }), 'accounts_email_key', false],
    ];
    for (const [error, constraint, expected] of cases) assert.equal(isUniqueViolation(error, constraint), expected, `${String(constraint)}`);
  });

  it('keeps the driver error as the cause of a concurrent insert', () => {
    const cause = unique('accounts_personal_id_key');
    const error = new ConcurrentInsert('accounts_personal_id_key', cause);
    assert.equal(error.constraint, 'accounts_personal_id_key');
    assert.equal(error.cause, cause);
    assert.ok(error instanceof Error);
  });
});
