// Identity rules (pure): what a valid username, personal ID, password look like; when login is rate-limited.
import type { Role } from '../../db/schema.ts';
import { isIsoDate, parseDateInput } from '../../core/time.ts';
import type { CitizenRegistrationBody, OrganisationRegistrationBody } from './identity.schemas.ts';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@-]{2,99}$/;
export const PERSONAL_ID_PATTERN = /^[0-9]{12}$/;
export const TAX_CODE_PATTERN = /^[0-9]{10}(-[0-9]{3})?$/;
export const PHONE_PATTERN = /^(\+84|0)[0-9]{9,10}$/;
export const EMAIL_PATTERN = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]{1,255}\.[a-z]{2,}$/i;

export function normaliseUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

export function normalisePhone(raw: string): string {
  return raw.replace(/[\s.-]/g, '');
}

/** Codes of the password rules the candidate breaks (empty when strong enough). */
export function passwordProblems(password: string, context: { username?: string; email?: string } = {}): string[] {
  const problems: string[] = [];
  if (password.length < 8) problems.push('PASSWORD_TOO_SHORT');
  if (password.length > 200) problems.push('PASSWORD_TOO_LONG');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (password.length >= 8 && classes < 3) problems.push('PASSWORD_TOO_SIMPLE');
  const lower = password.toLowerCase();
  const personal = [context.username, context.email?.split('@')[0]].filter((s): s is string => !!s && s.length >= 3);
  if (personal.some((s) => lower.includes(s.toLowerCase()))) problems.push('PASSWORD_CONTAINS_NAME');
  if (COMMON_PASSWORDS.has(lower)) problems.push('PASSWORD_TOO_COMMON');
  return problems;
}

const COMMON_PASSWORDS = new Set([
  'password', 'password1', 'password123', '12345678', '123456789', '1234567890', 'qwerty123', 'abc12345', 'matkhau123',
  'iloveyou', '11111111', '00000000', 'admin123', 'admin@123', 'p@ssw0rd', 'passw0rd', 'vietnam123', 'abcd1234',
]);

/** A date of birth given as yyyy-mm-dd that exists and lies between 1900 and today. */
export function isPlausibleBirthDate(iso: string, today: string): boolean {
  return isIsoDate(iso) && iso >= '1900-01-01' && iso <= today;
}

// Typed dates are read by core/time.ts parseDateInput (shared with the other forms that take a date).
export { parseDateInput };

/** Only the last 4 digits of a personal ID are shown: "079090001234" → "********1234". */
export function maskPersonalId(personalId: string | null): string {
  if (!personalId) return '';
  return personalId.length <= 4 ? '*'.repeat(personalId.length) : '*'.repeat(personalId.length - 4) + personalId.slice(-4);
}

/** An e-mail address that can also serve as the username (the login name of self-registered accounts). */
export function isRegistrableEmail(email: string): boolean {
  return email.length <= 100 && EMAIL_PATTERN.test(email) && USERNAME_PATTERN.test(email);
}

export const FULL_NAME_MAX = 200;
/**
 * A person's name as it is printed on receipts and decisions: it holds a letter, and no character the official
 * forms' fonts cannot print — emoji and other pictographic symbols (printed as □), invisible format characters
 * (zero-width spaces, direction marks), private-use or unassigned code points.
 */
export const PERSON_NAME_PATTERN = /^(?=.*\p{L})[^\p{So}\p{Cf}\p{Co}\p{Cn}\p{Extended_Pictographic}]*$/u;
export const TEXT_MAX = 500;

/** Problems of a new password and its repetition, as field errors on `path` (and `confirmPath`). */
export function newPasswordErrors(
  password: string,
  confirmation: string,
  context: { username?: string; email?: string },
  path = '/password',
  confirmPath = '/passwordConfirm',
): Array<{ path: string; code: string }> {
  if (!password) return [{ path, code: 'required' }];
  const errors = passwordProblems(password, context).map((code) => ({ path, code }));
  if (password !== confirmation) errors.push({ path: confirmPath, code: 'PASSWORD_MISMATCH' });
  return errors;
}

/** Where a reset/verification token lives: random base64url of 32 bytes. */
export const TOKEN_PATTERN = /^[\w-]{20,100}$/;

export interface FieldProblem {
  path: string;
  code: string;
}

function requiredText(value: string, path: string, problems: FieldProblem[], max = TEXT_MAX): string {
  const text = value.trim().replace(/\s+/g, ' ');
  if (!text) problems.push({ path, code: 'required' });
  else if (text.length > max) problems.push({ path, code: 'maxLength' });
  return text;
}

function personName(value: string, path: string, problems: FieldProblem[]): string {
  const name = requiredText(value, path, problems, FULL_NAME_MAX);
  if (name && name.length <= FULL_NAME_MAX && !PERSON_NAME_PATTERN.test(name)) problems.push({ path, code: 'NAME_INVALID' });
  return name;
}

function checkEmail(raw: string, problems: FieldProblem[], path = '/email'): string {
  const email = normaliseEmail(raw);
  if (!email) problems.push({ path, code: 'required' });
  else if (!isRegistrableEmail(email)) problems.push({ path, code: 'EMAIL_INVALID' });
  return email;
}

function checkPhone(raw: string, problems: FieldProblem[]): string {
  const phone = normalisePhone(raw.trim());
  if (!phone) problems.push({ path: '/phone', code: 'required' });
  else if (!PHONE_PATTERN.test(phone)) problems.push({ path: '/phone', code: 'PHONE_INVALID' });
  return phone;
}

/** The citizen's registration form or JSON body (identity.schemas.ts). */
export type CitizenRegistrationInput = CitizenRegistrationBody;

export interface CitizenRegistrationValues {
  fullName: string;
  personalId: string;
  dateOfBirth: string;
  phone: string;
  email: string;
  address: string;
}

/** Every problem of a citizen's registration form (format only; uniqueness is checked against the database). */
export function checkCitizenRegistration(input: CitizenRegistrationInput, today: string): { problems: FieldProblem[]; values: CitizenRegistrationValues } {
  const problems: FieldProblem[] = [];
  const fullName = personName(input.fullName, '/fullName', problems);
  const personalId = input.personalId.trim();
  if (!personalId) problems.push({ path: '/personalId', code: 'required' });
  else if (!PERSONAL_ID_PATTERN.test(personalId)) problems.push({ path: '/personalId', code: 'PERSONAL_ID_INVALID' });
  let dateOfBirth = '';
  if (!input.dateOfBirth.trim()) problems.push({ path: '/dateOfBirth', code: 'required' });
  else {
    const iso = parseDateInput(input.dateOfBirth);
    if (!iso || !isPlausibleBirthDate(iso, today)) problems.push({ path: '/dateOfBirth', code: 'BIRTH_DATE_INVALID' });
    else dateOfBirth = iso;
  }
  const phone = checkPhone(input.phone, problems);
  const email = checkEmail(input.email, problems);
  const address = requiredText(input.address, '/address', problems);
  problems.push(...newPasswordErrors(input.password, input.passwordConfirm, { username: email, email }));
  return { problems, values: { fullName, personalId, dateOfBirth, phone, email, address } };
}

/** The organisation's registration form or JSON body (identity.schemas.ts). */
export type OrganisationRegistrationInput = OrganisationRegistrationBody;

export interface OrganisationRegistrationValues {
  taxCode: string;
  organisationName: string;
  legalRepresentative: string;
  address: string;
  fullName: string;
  email: string;
  phone: string;
}

export function checkOrganisationRegistration(input: OrganisationRegistrationInput): { problems: FieldProblem[]; values: OrganisationRegistrationValues } {
  const problems: FieldProblem[] = [];
  const taxCode = input.taxCode.trim();
  if (!taxCode) problems.push({ path: '/taxCode', code: 'required' });
  else if (!TAX_CODE_PATTERN.test(taxCode)) problems.push({ path: '/taxCode', code: 'TAX_CODE_INVALID' });
  const organisationName = requiredText(input.organisationName, '/organisationName', problems);
  const legalRepresentative = personName(input.legalRepresentative, '/legalRepresentative', problems);
  const address = requiredText(input.address, '/address', problems);
  const fullName = personName(input.fullName, '/fullName', problems);
  const email = checkEmail(input.email, problems);
  const phone = checkPhone(input.phone, problems);
  problems.push(...newPasswordErrors(input.password, input.passwordConfirm, { username: email, email }));
  return { problems, values: { taxCode, organisationName, legalRepresentative, address, fullName, email, phone } };
}

/** A new member of an organisation: name and e-mail (the member sets the password from the e-mail). */
export function checkNewMember(input: { fullName: string; email: string }): { problems: FieldProblem[]; values: { fullName: string; email: string } } {
  const problems: FieldProblem[] = [];
  const fullName = personName(input.fullName, '/fullName', problems);
  const email = checkEmail(input.email, problems);
  return { problems, values: { fullName, email } };
}

export const CITIZEN_FIELD_ORDER = ['fullName', 'personalId', 'dateOfBirth', 'phone', 'email', 'address', 'password', 'passwordConfirm'];
export const ORGANISATION_FIELD_ORDER = ['taxCode', 'organisationName', 'legalRepresentative', 'address', 'fullName', 'email', 'phone', 'password', 'passwordConfirm'];
export const MEMBER_FIELD_ORDER = ['fullName', 'email'];

/** Problems in the order of the form's fields (the error summary follows the page); stable within a field. */
export function inFieldOrder(problems: FieldProblem[], order: readonly string[]): FieldProblem[] {
  const rank = (p: FieldProblem) => {
    const index = order.indexOf(p.path.replace(/^\//, '').split('/')[0] ?? '');
    return index < 0 ? order.length : index;
  };
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => rank(a.problem) - rank(b.problem) || a.index - b.index)
    .map((entry) => entry.problem);
}

// Sign-in limits ----------------------------------------------------------------------

/** One rate-limit counter as locked for the attempt (attempts within the window that ends at expiresAt). */
export interface LimitCounter {
  attempts: number;
  blockedUntil: Date | null;
  expiresAt: Date;
}

export interface LoginLimits {
  maxPerPair: number;
  maxPerAccount: number;
  maxPerAddress: number;
  windowMs: number;
  delayMs: number;
}

export type LoginVerdict =
  | {
      allowed: true;
      /** The pair's wait after this attempt (null: none) and when its counter ends without further attempts. */
      pairBlockedUntil: Date | null;
      pairExpiresAt: Date;
      /** This attempt fills the account-wide limit: if it fails, the account is locked (and its owner told). */
      locksAccount: boolean;
    }
  | { allowed: false; reason: 'pair' | 'account' | 'address'; retryAfterSeconds: number };

/**
 * The wait of a pair (account × address) after its n-th counted attempt: none before the limit, then the base
 * delay, doubled by every further failure, capped at the window.
 */
export function pairDelayMs(attempts: number, limits: Pick<LoginLimits, 'maxPerPair' | 'delayMs' | 'windowMs'>): number {
  if (attempts < limits.maxPerPair) return 0;
  const doublings = Math.min(attempts - limits.maxPerPair, 30);
  return Math.min(limits.delayMs * 2 ** doublings, limits.windowMs);
}

/**
 * Decides, before the password is checked, whether an attempt may be judged. Attempts being judged count like
 * failures (a success gives its count back), so concurrent attempts cannot pass the limits together. The pair
 * limit applies to one account from one address; the looser account limit to it from everywhere (an attacker
 * elsewhere cannot keep the owner out of their own pair, and the account-wide lock has an e-mailed unlock link);
 * the address limit across accounts. When several refuse, the longest wait is given.
 */
export function judgeLoginAttempt(
  counters: { pair: LimitCounter; account: LimitCounter; address: LimitCounter },
  now: Date,
  limits: LoginLimits,
): LoginVerdict {
  const { pair, account, address } = counters;
  const seconds = (until: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  const refusals: Array<{ reason: 'pair' | 'account' | 'address'; retryAfterSeconds: number }> = [];
  if (pair.blockedUntil && pair.blockedUntil > now) refusals.push({ reason: 'pair', retryAfterSeconds: seconds(pair.blockedUntil) });
  if (address.attempts >= limits.maxPerAddress) refusals.push({ reason: 'address', retryAfterSeconds: seconds(address.expiresAt) });
  if (account.attempts >= limits.maxPerAccount) refusals.push({ reason: 'account', retryAfterSeconds: seconds(account.expiresAt) });
  if (refusals.length) {
    const longest = Math.max(...refusals.map((r) => r.retryAfterSeconds));
    // The account-wide lock is named (its message points to the unlock link) whenever it is among the reasons.
    const reason = refusals.some((r) => r.reason === 'account') ? 'account' : refusals[0]!.reason;
    return { allowed: false, reason, retryAfterSeconds: longest };
  }
  const delay = pairDelayMs(pair.attempts + 1, limits);
  return {
    allowed: true,
    pairBlockedUntil: delay > 0 ? new Date(now.getTime() + delay) : null,
    pairExpiresAt: new Date(now.getTime() + Math.max(limits.windowMs, delay)),
    locksAccount: account.attempts + 1 === limits.maxPerAccount,
  };
}

/** Seconds until a fixed-window counter that went over `max` lets the next attempt in; 0 when allowed. */
export function windowRetryAfter(counter: { attempts: number; expiresAt: Date }, max: number, now: Date): number {
  if (counter.attempts <= max) return 0;
  return Math.max(1, Math.ceil((counter.expiresAt.getTime() - now.getTime()) / 1000));
}

/** Where each staff role works, in the order a person holding several roles is sent (the day's dossiers first). */
const ROLE_LANDINGS: ReadonlyArray<readonly [Role, string]> = [
  ['receptionist', '/can-bo'],
  ['specialist', '/can-bo'],
  ['department_head', '/can-bo'],
  ['agency_leader', '/can-bo'],
  ['accountant', '/ke-toan/thanh-toan'],
  ['catalog_manager', '/quan-tri/thu-tuc'],
  ['admin', '/quan-tri'],
  ['inspector', '/quan-tri'],
];

/**
 * Where a sign-in lands when no page was asked for: applicants on their own dossiers, officials on their work
 * (the queue, the accountant's payments, the catalog, the administration), anyone else on the home page.
 */
export function landingPath(kind: string, roles: readonly Role[]): string {
  if (kind === 'citizen' || kind === 'organisation') return '/ho-so';
  for (const [role, path] of ROLE_LANDINGS) if (roles.includes(role)) return path;
  return '/';
}
