import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkCitizenRegistration,
  checkNewMember,
  checkOrganisationRegistration,
  EMAIL_PATTERN,
  inFieldOrder,
  isPlausibleBirthDate,
  isRegistrableEmail,
  judgeLoginAttempt,
  pairDelayMs,
  windowRetryAfter,
  maskPersonalId,
  newPasswordErrors,
  parseDateInput,
  passwordProblems,
  PERSONAL_ID_PATTERN,
  PHONE_PATTERN,
  TAX_CODE_PATTERN,
  USERNAME_PATTERN,
} from '../../src/modules/identity/identity.rules.ts';

describe('passwordProblems', () => {
  const cases: Array<[string, { username?: string; email?: string }, string[]]> = [
    ['', {}, ['PASSWORD_TOO_SHORT']],
    ['Ab1!', {}, ['PASSWORD_TOO_SHORT']],
    ['Abcde1!', {}, ['PASSWORD_TOO_SHORT']], // 7 characters
    ['Abcdef1!', {}, []], // exactly 8, four classes
    ['abcdefg1', {}, ['PASSWORD_TOO_SIMPLE']], // two classes
    ['abcdefgh', {}, ['PASSWORD_TOO_SIMPLE']],
    ['ABCDEFGH', {}, ['PASSWORD_TOO_SIMPLE']],
    ['abcdefG1', {}, []], // three classes
    ['abcdef!1', {}, []], // lower, special, digit
    ['Mật-khẩu-mới', {}, []], // non-ASCII letters count as special characters
    ['        ', {}, ['PASSWORD_TOO_SIMPLE']], // spaces only: one class
    ['Aa1!'.repeat(50), {}, []], // exactly 200
    ['Aa1!'.repeat(50) + 'x', {}, ['PASSWORD_TOO_LONG']],
    ['P@ssw0rd', {}, ['PASSWORD_TOO_COMMON']],
    ['PASSWORD123', {}, ['PASSWORD_TOO_SIMPLE', 'PASSWORD_TOO_COMMON']],
    ['Xin-an.nguyen9', { username: 'an.nguyen@example.vn', email: 'an.nguyen@example.vn' }, ['PASSWORD_CONTAINS_NAME']],
    ['An.Nguyen@2026', { email: 'an.nguyen@example.vn' }, ['PASSWORD_CONTAINS_NAME']], // case-insensitive
    ['Abc@12345', { username: 'ab' }, []], // names shorter than 3 are ignored
    ['Congdan#2026', { username: 'demo.congdan' }, []], // only the whole name counts
  ];
  for (const [password, context, expected] of cases) {
    it(`${JSON.stringify(password.length > 30 ? `${password.slice(0, 12)}…(${password.length})` : password)} → [${expected.join(', ')}]`, () => {
      assert.deepEqual(passwordProblems(password, context), expected);
    });
  }
});

describe('newPasswordErrors', () => {
  it('asks for the password when empty, and nothing more', () => {
    assert.deepEqual(newPasswordErrors('', 'x', {}), [{ path: '/password', code: 'required' }]);
  });
  it('reports the mismatch on the repetition field, together with the strength problems', () => {
    assert.deepEqual(newPasswordErrors('short', 'other', {}), [
      { path: '/password', code: 'PASSWORD_TOO_SHORT' },
      { path: '/passwordConfirm', code: 'PASSWORD_MISMATCH' },
    ]);
  });
  it('accepts a strong repeated password', () => {
    assert.deepEqual(newPasswordErrors('Sen-Vang#2026', 'Sen-Vang#2026', {}), []);
  });
});

describe('isPlausibleBirthDate', () => {
  const today = '2026-11-23';
  const cases: Array<[string, boolean]> = [
    ['1990-05-12', true],
    ['1900-01-01', true],
    ['1899-12-31', false],
    ['2026-11-23', true], // born today
    ['2026-11-24', false], // tomorrow
    ['2000-02-29', true], // leap year
    ['1900-02-29', false], // 1900 is not a leap year
    ['2023-02-29', false],
    ['2023-04-31', false],
    ['2023-13-01', false],
    ['2023-00-10', false],
    ['2023-1-5', false],
    ['12/05/1990', false], // parseDateInput turns this into ISO first
    ['', false],
    ['1990-05-12T00:00', false],
  ];
  for (const [iso, expected] of cases) {
    it(`${JSON.stringify(iso)} → ${expected}`, () => assert.equal(isPlausibleBirthDate(iso, today), expected));
  }
});

describe('parseDateInput', () => {
  const cases: Array<[string, string | null]> = [
    ['12/05/1990', '1990-05-12'],
    ['1/2/1990', '1990-02-01'],
    ['01.02.1990', '1990-02-01'],
    ['01-02-1990', '1990-02-01'],
    [' 1990-05-12 ', '1990-05-12'],
    ['1990/05/12', null],
    ['12/05/90', null],
    ['31/02/2000', '2000-02-31'], // readable; isPlausibleBirthDate rejects it
    ['hôm qua', null],
    ['', null],
  ];
  for (const [raw, expected] of cases) {
    it(`${JSON.stringify(raw)} → ${expected}`, () => assert.equal(parseDateInput(raw), expected));
  }
});

describe('patterns', () => {
  const table: Array<[string, RegExp, string, boolean]> = [
    ['personal ID', PERSONAL_ID_PATTERN, '079090001234', true],
    ['personal ID', PERSONAL_ID_PATTERN, '07909000123', false],
    ['personal ID', PERSONAL_ID_PATTERN, '0790900012345', false],
    ['personal ID', PERSONAL_ID_PATTERN, '07909000123a', false],
    ['personal ID', PERSONAL_ID_PATTERN, '079 090 001 234', false],
    ['personal ID', PERSONAL_ID_PATTERN, '０７９０９０００１２３４', false], // full-width digits
    ['tax code', TAX_CODE_PATTERN, '0312345678', true],
    ['tax code', TAX_CODE_PATTERN, '0312345678-001', true],
    ['tax code', TAX_CODE_PATTERN, '031234567', false],
    ['tax code', TAX_CODE_PATTERN, '0312345678-01', false],
    ['tax code', TAX_CODE_PATTERN, '0312345678001', false],
    ['phone', PHONE_PATTERN, '0912345678', true],
    ['phone', PHONE_PATTERN, '+84912345678', true],
    ['phone', PHONE_PATTERN, '02838221111', true],
    ['phone', PHONE_PATTERN, '912345678', false],
    ['phone', PHONE_PATTERN, '091234567', false],
    ['phone', PHONE_PATTERN, '0912 345 678', false], // normalisePhone removes the spaces first
    ['e-mail', EMAIL_PATTERN, 'an.nguyen@example.vn', true],
    ['e-mail', EMAIL_PATTERN, 'an@sub.example.com.vn', true],
    ['e-mail', EMAIL_PATTERN, 'an@example', false],
    ['e-mail', EMAIL_PATTERN, 'an nguyen@example.vn', false],
    ['e-mail', EMAIL_PATTERN, '<an@example.vn>', false],
    ['e-mail', EMAIL_PATTERN, 'an@@example.vn', false],
    ['e-mail', EMAIL_PATTERN, '@example.vn', false],
    ['username', USERNAME_PATTERN, 'an.nguyen@example.vn', true],
    ['username', USERNAME_PATTERN, 'an+tag@example.vn', false],
    ['username', USERNAME_PATTERN, 'An@example.vn', false],
  ];
  for (const [name, pattern, value, expected] of table) {
    it(`${name}: ${JSON.stringify(value)} → ${expected}`, () => assert.equal(pattern.test(value), expected));
  }
  it('registrable e-mail: fits the username rule and 100 characters', () => {
    assert.equal(isRegistrableEmail('an.nguyen@example.vn'), true);
    assert.equal(isRegistrableEmail('an+tag@example.vn'), false);
    assert.equal(isRegistrableEmail(`${'a'.repeat(90)}@example.vn`), false);
  });
});

describe('maskPersonalId', () => {
  const cases: Array<[string | null, string]> = [
    ['079090001234', '********1234'],
    ['1234', '****'],
    ['', ''],
    [null, ''],
  ];
  for (const [raw, expected] of cases) it(`${raw} → ${expected}`, () => assert.equal(maskPersonalId(raw), expected));
});

describe('judgeLoginAttempt', () => {
  const limits = { maxPerPair: 3, maxPerAccount: 10, maxPerAddress: 20, windowMs: 15 * 60_000, delayMs: 30_000 };
  const now = new Date('2026-12-04T10:00:00Z');
  const later = (ms: number) => new Date(now.getTime() + ms);
  const counter = (attempts: number, blockedUntil: Date | null = null) => ({ attempts, blockedUntil, expiresAt: later(10 * 60_000) });
  const fresh = { pair: counter(0), account: counter(0), address: counter(0) };

  it('lets the first attempts of a pair in without a wait, then waits from the limit on', () => {
    const first = judgeLoginAttempt(fresh, now, limits);
    assert.deepEqual(first, { allowed: true, pairBlockedUntil: null, pairExpiresAt: later(15 * 60_000), locksAccount: false });
    const third = judgeLoginAttempt({ ...fresh, pair: counter(2) }, now, limits);
    assert.ok(third.allowed);
    assert.deepEqual(third.pairBlockedUntil, later(30_000), 'the attempt that reaches the limit starts the wait');
  });

  it('doubles the wait of a pair with every further failure, capped at the window', () => {
    assert.deepEqual([2, 3, 4, 5, 6, 10, 60].map((n) => pairDelayMs(n, limits)), [0, 30_000, 60_000, 120_000, 240_000, 900_000, 900_000]);
  });

  it('refuses a pair while it waits, with the seconds left', () => {
    const verdict = judgeLoginAttempt({ ...fresh, pair: counter(3, later(12_500)) }, now, limits);
    assert.deepEqual(verdict, { allowed: false, reason: 'pair', retryAfterSeconds: 13 });
    assert.equal(judgeLoginAttempt({ ...fresh, pair: counter(3, later(-1)) }, now, limits).allowed, true, 'the wait is over');
  });

  it('refuses at the account and address limits, not before, until their window ends', () => {
    assert.equal(judgeLoginAttempt({ ...fresh, account: counter(9), address: counter(19) }, now, limits).allowed, true);
    assert.deepEqual(judgeLoginAttempt({ ...fresh, address: counter(20) }, now, limits), { allowed: false, reason: 'address', retryAfterSeconds: 600 });
    assert.deepEqual(judgeLoginAttempt({ ...fresh, account: counter(10) }, now, limits), { allowed: false, reason: 'account', retryAfterSeconds: 600 });
  });

  it('names the account-wide lock (it has an unlock link) and the longest wait when several refuse', () => {
    const verdict = judgeLoginAttempt({ pair: counter(5, later(700_000)), account: counter(10), address: counter(0) }, now, limits);
    assert.deepEqual(verdict, { allowed: false, reason: 'account', retryAfterSeconds: 700 });
  });

  it('marks the attempt that fills the account-wide limit', () => {
    const verdict = judgeLoginAttempt({ ...fresh, account: counter(9) }, now, limits);
    assert.ok(verdict.allowed && verdict.locksAccount);
  });

  it('counts registrations in a fixed window', () => {
    assert.equal(windowRetryAfter({ attempts: 5, expiresAt: later(90_000) }, 5, now), 0);
    assert.equal(windowRetryAfter({ attempts: 6, expiresAt: later(90_000) }, 5, now), 90);
  });
});

describe('registration forms', () => {
  const today = '2026-11-23';
  const goodCitizen = {
    fullName: '  Nguyễn   Thị  Bình ',
    personalId: '001190012345',
    dateOfBirth: '25/08/1990',
    phone: '0912 345 678',
    email: ' Binh.Nguyen@Example.VN ',
    address: 'Số 1 Tràng Tiền, Hà Nội',
    password: 'Sen-Vang#2026',
    passwordConfirm: 'Sen-Vang#2026',
  };
  it('normalises a valid citizen registration', () => {
    const { problems, values } = checkCitizenRegistration(goodCitizen, today);
    assert.deepEqual(problems, []);
    assert.deepEqual(values, {
      fullName: 'Nguyễn Thị Bình',
      personalId: '001190012345',
      dateOfBirth: '1990-08-25',
      phone: '0912345678',
      email: 'binh.nguyen@example.vn',
      address: 'Số 1 Tràng Tiền, Hà Nội',
    });
  });
  it('reports every problem of a citizen registration at once', () => {
    const { problems } = checkCitizenRegistration(
      { fullName: ' ', personalId: '12345', dateOfBirth: '31/02/1990', phone: '12', email: 'x@', address: '', password: 'abc', passwordConfirm: 'abd' },
      today,
    );
    assert.deepEqual(problems, [
      { path: '/fullName', code: 'required' },
      { path: '/personalId', code: 'PERSONAL_ID_INVALID' },
      { path: '/dateOfBirth', code: 'BIRTH_DATE_INVALID' },
      { path: '/phone', code: 'PHONE_INVALID' },
      { path: '/email', code: 'EMAIL_INVALID' },
      { path: '/address', code: 'required' },
      { path: '/password', code: 'PASSWORD_TOO_SHORT' },
      { path: '/passwordConfirm', code: 'PASSWORD_MISMATCH' },
    ]);
  });
  it('rejects a birth date in the future', () => {
    const { problems } = checkCitizenRegistration({ ...goodCitizen, dateOfBirth: '2026-11-24' }, today);
    assert.deepEqual(problems, [{ path: '/dateOfBirth', code: 'BIRTH_DATE_INVALID' }]);
  });
  it('checks an organisation registration', () => {
    const { problems, values } = checkOrganisationRegistration({
      taxCode: '0312345678-001', organisationName: 'Công ty A', legalRepresentative: 'Trần B', address: 'Hà Nội',
      fullName: 'Lê C', email: 'c@a.vn', phone: '+84912345678', password: 'Sen-Vang#2026', passwordConfirm: 'Sen-Vang#2026',
    });
    assert.deepEqual(problems, []);
    assert.equal(values.taxCode, '0312345678-001');
    const bad = checkOrganisationRegistration({
      taxCode: '123', organisationName: '', legalRepresentative: '', address: '', fullName: '', email: '', phone: '', password: '', passwordConfirm: '',
    });
    assert.deepEqual(bad.problems.map((p) => `${p.path}:${p.code}`), [
      '/taxCode:TAX_CODE_INVALID', '/organisationName:required', '/legalRepresentative:required', '/address:required',
      '/fullName:required', '/email:required', '/phone:required', '/password:required',
    ]);
  });
  it('checks a new member', () => {
    assert.deepEqual(checkNewMember({ fullName: 'A', email: 'A@B.VN' }), { problems: [], values: { fullName: 'A', email: 'a@b.vn' } });
    assert.deepEqual(checkNewMember({ fullName: 'x'.repeat(201), email: 'no' }).problems.map((p) => p.code), ['maxLength', 'EMAIL_INVALID']);
  });
});

describe('inFieldOrder', () => {
  it('sorts by the form order, keeps the order within a field, and puts unknown fields last', () => {
    const problems = [
      { path: '/email', code: 'EMAIL_TAKEN' },
      { path: '/other', code: 'x' },
      { path: '/password', code: 'PASSWORD_TOO_SIMPLE' },
      { path: '/fullName', code: 'required' },
      { path: '/password', code: 'PASSWORD_CONTAINS_NAME' },
    ];
    assert.deepEqual(inFieldOrder(problems, ['fullName', 'email', 'password']).map((p) => `${p.path}:${p.code}`), [
      '/fullName:required', '/email:EMAIL_TAKEN', '/password:PASSWORD_TOO_SIMPLE', '/password:PASSWORD_CONTAINS_NAME', '/other:x',
    ]);
  });
});
