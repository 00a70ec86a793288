/**
 * The password policy for users created through the admin API (the demo users
 * seeded with --demo are exempt: their password is printed in the README).
 *
 * Length is what matters most (NIST SP 800-63B): at least 12 characters, no
 * composition rules, but refuse the obviously guessable — one repeated
 * character, a well-known password, or the account's own email or name.
 */

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

/** Well-known passwords of 12+ characters (shorter ones fail the length rule anyway). */
const COMMON = new Set([
  'password1234',
  'password12345',
  'password123456',
  '123456789012',
  '1234567890123',
  'qwertyuiopas',
  'qwerty123456',
  'administrator',
  'frontdesk123',
  'frontdesk1234',
  'letmein12345',
  'welcome12345',
  'iloveyou1234',
  'changeme1234',
  'hotelpassword',
  'reception123',
  'reception1234',
]);

/** A sentence saying what is wrong with the password, or null when it is acceptable. */
export function passwordProblem(password: string, account: { email: string; name: string }): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `the password must be at least ${MIN_PASSWORD_LENGTH} characters long (it has ${length})`;
  if (length > MAX_PASSWORD_LENGTH) return `the password must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  const lower = password.toLowerCase();
  if (new Set(lower).size <= 2) return 'the password must not be one or two characters repeated';
  if (COMMON.has(lower)) return 'the password is a well-known password; choose another';
  const local = account.email.toLowerCase().split('@')[0] ?? '';
  if (lower === account.email.toLowerCase() || (local.length >= 4 && lower.includes(local))) {
    return 'the password must not contain the email address';
  }
  const name = account.name.toLowerCase().replace(/\s+/g, '');
  if (name.length >= 4 && lower.replace(/\s+/g, '').includes(name)) return "the password must not contain the user's name";
  return null;
}
