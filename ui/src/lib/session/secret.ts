// The length rule of new passwords and passphrases, as far as a form can check it before asking
// the core (`users::MIN_PASSWORD_LEN`, `crypt::MIN_PASSPHRASE_LEN`: both 12 characters). The core
// checks the rest (two kinds of characters, not the user's name) and answers with the field.

/** The fewest characters of a new password or passphrase. */
export const MIN_SECRET_CHARS = 12;

/**
 * Whether a new password or passphrase is too short. Characters are counted as Rust's `chars()`
 * counts them (code points: "ñ" is one, an emoji one), not as UTF-16 units.
 */
export function tooShort(secret: string): boolean {
	return [...secret].length < MIN_SECRET_CHARS;
}
