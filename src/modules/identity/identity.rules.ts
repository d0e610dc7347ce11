// Identity rules (pure): what a valid username, personal ID, password look like; when login is rate-limited.

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

export interface RateLimitInput {
  failuresForAccount: number;
  failuresFromAddress: number;
  maxPerAccount: number;
  maxPerAddress: number;
}

/** Login is refused (before the password is even checked) once either counter reached its limit. */
export function loginBlocked(input: RateLimitInput): boolean {
  return input.failuresForAccount >= input.maxPerAccount || input.failuresFromAddress >= input.maxPerAddress;
}

/** A date of birth given as yyyy-mm-dd that exists and lies between 1900 and today. */
export function isPlausibleBirthDate(iso: string, today: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) return false;
  return iso >= '1900-01-01' && iso <= today;
}
