// Money in the UI: amounts arrive from Rust as decimal strings ("1234.50") and are shown with
// Intl, which formats the string exactly (no float on the way). Amounts typed by the user are
// normalized to a plain decimal string; Rust validates them.

import { numberFormatter } from '$lib/i18n/format';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * The locale figures are written in: Spanish as in Mexico, where the CISS has its seat
 * (1,234.50, the same as the printed statements); other languages as they come.
 */
export function numberLocale(locale: string): string {
	return locale === 'es' ? 'es-MX' : locale;
}

/** Is `s` a plain decimal string as Rust sends it? */
export function isDecimal(s: string): boolean {
	return DECIMAL.test(s);
}

/** Intl accepts exact decimal strings (ECMA-402 NumberFormat v3); TypeScript's lib types lag. */
type Exact = Parameters<Intl.NumberFormat['format']>[0];

/** An amount with its currency, per locale: "USD 1,234.50", "1 234,50 $US". */
export function formatMoney(amount: string, currency: string, locale: string): string {
	if (!isDecimal(amount)) return amount;
	try {
		return numberFormatter(numberLocale(locale), { style: 'currency', currency }).format(amount as unknown as Exact);
	} catch {
		return `${amount} ${currency}`;
	}
}

/** An amount without currency sign, two decimals, per locale (table cells). */
export function formatAmount(amount: string, locale: string, decimals = 2): string {
	if (!isDecimal(amount)) return amount;
	return numberFormatter(numberLocale(locale), {
		minimumFractionDigits: decimals,
		maximumFractionDigits: decimals
	}).format(amount as unknown as Exact);
}

/** A ratio as Rust sends it ("0.045") as a percentage per locale ("4.5 %"). */
export function formatPercent(ratio: string, locale: string): string {
	if (!isDecimal(ratio)) return ratio;
	return numberFormatter(numberLocale(locale), { style: 'percent', maximumFractionDigits: 2 }).format(
		ratio as unknown as Exact
	);
}

function separators(locale: string): { group: string; decimal: string } {
	const parts = numberFormatter(numberLocale(locale)).formatToParts(12345.6);
	return {
		group: parts.find((p) => p.type === 'group')?.value ?? ',',
		decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.'
	};
}

/**
 * What the user typed, as a plain decimal string for Rust: accepts the locale's grouping and
 * decimal separators ("1.234,50" in es-ES, "1,234.50" in en) and a plain "1234.50" anywhere.
 * Anything else is returned trimmed, unchanged, for Rust to refuse with a field error.
 */
export function normalizeAmount(typed: string, locale: string): string {
	const t = typed.trim().replace(/[\s\u00a0\u202f]/g, '');
	if (t === '' || isDecimal(t)) return t;
	const { group, decimal } = separators(locale);
	const g = group.trim() === '' ? '' : group;
	let s = t;
	if (g) s = s.split(g).join('');
	if (decimal !== '.') s = s.replace(decimal, '.');
	return isDecimal(s) ? s : t;
}

/** Is this decimal string below zero? (Sign without parsing to a float.) */
export function isNegative(amount: string): boolean {
	return amount.startsWith('-') && /[1-9]/.test(amount);
}

/** `amount` × 10^`places` (negative: divided), by moving the decimal point; canonical result. */
export function shiftDecimal(amount: string, places: number): string {
	if (!isDecimal(amount)) return amount;
	const negative = amount.startsWith('-');
	const [int, frac = ''] = (negative ? amount.slice(1) : amount).split('.');
	let digits = int + frac;
	let point = int.length + places;
	if (point <= 0) {
		digits = '0'.repeat(1 - point) + digits;
		point = 1;
	}
	if (point > digits.length) digits += '0'.repeat(point - digits.length);
	const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '');
	const part = digits.slice(point).replace(/0+$/, '');
	const out = part ? `${whole}.${part}` : whole;
	return negative && /[1-9]/.test(out) ? `-${out}` : out;
}

/**
 * A percentage typed by the user ("4,5" or "4.5") as the ratio Rust expects ("0.045"), by
 * moving the decimal point (no float). Null when it is empty or not a number.
 */
export function percentToRatio(typed: string, locale: string): string | null {
	const plain = normalizeAmount(typed, locale);
	if (!isDecimal(plain)) return null;
	return shiftDecimal(plain, -2);
}

/** A ratio as Rust sends it ("0.045") as the percentage shown in an input ("4.5"). */
export function ratioToPercent(ratio: string): string {
	return shiftDecimal(ratio, 2);
}

/** Compares two decimal strings exactly (for sorting): −1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
	if (!isDecimal(a) || !isDecimal(b)) return a < b ? -1 : a > b ? 1 : 0;
	const na = isNegative(a);
	const nb = isNegative(b);
	if (na !== nb) return na ? -1 : 1;
	const abs = (s: string) => (s.startsWith('-') ? s.slice(1) : s).split('.');
	const [ia, fa = ''] = abs(a);
	const [ib, fb = ''] = abs(b);
	const wa = ia.replace(/^0+(?=\d)/, '');
	const wb = ib.replace(/^0+(?=\d)/, '');
	const len = Math.max(wa.length, wb.length);
	const flen = Math.max(fa.length, fb.length);
	const ka = wa.padStart(len, '0') + fa.padEnd(flen, '0');
	const kb = wb.padStart(len, '0') + fb.padEnd(flen, '0');
	const c = ka < kb ? -1 : ka > kb ? 1 : 0;
	return na ? -c : c;
}

/** Is this decimal string zero (or empty)? */
export function isZero(amount: string): boolean {
	return !/[1-9]/.test(amount);
}

/** Splits a decimal string into sign, digits and scale: "-12.30" → { negative, digits: "1230", scale: 2 }. */
function parts(amount: string): { negative: boolean; digits: string; scale: number } {
	const negative = amount.startsWith('-');
	const [int, frac = ''] = (negative ? amount.slice(1) : amount).split('.');
	return { negative, digits: (int + frac).replace(/^0+(?=\d)/, ''), scale: frac.length };
}

/** Adds two strings of digits (non-negative integers). */
function addDigits(a: string, b: string): string {
	let out = '';
	let carry = 0;
	for (let i = a.length - 1, j = b.length - 1; i >= 0 || j >= 0 || carry; i--, j--) {
		const d = (i >= 0 ? a.charCodeAt(i) - 48 : 0) + (j >= 0 ? b.charCodeAt(j) - 48 : 0) + carry;
		out = String(d % 10) + out;
		carry = d >= 10 ? 1 : 0;
	}
	return out.replace(/^0+(?=\d)/, '') || '0';
}

/** Subtracts two strings of digits, `a` ≥ `b` (non-negative integers). */
function subDigits(a: string, b: string): string {
	let out = '';
	let borrow = 0;
	for (let i = a.length - 1, j = b.length - 1; i >= 0; i--, j--) {
		let d = a.charCodeAt(i) - 48 - (j >= 0 ? b.charCodeAt(j) - 48 : 0) - borrow;
		borrow = d < 0 ? 1 : 0;
		if (d < 0) d += 10;
		out = String(d) + out;
	}
	return out.replace(/^0+(?=\d)/, '') || '0';
}

/** Compares two strings of digits without leading zeros. */
function cmpDigits(a: string, b: string): number {
	if (a.length !== b.length) return a.length < b.length ? -1 : 1;
	return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The exact sum of two decimal strings, with the larger of their scales ("0.10" + "0.20" =
 * "0.30", "1.5" + "-0.25" = "1.25"). No float on the way. Empty counts as zero; anything that
 * is not a decimal string gives null.
 */
export function addDecimal(a: string, b: string): string | null {
	const x = a.trim() === '' ? '0' : a.trim();
	const y = b.trim() === '' ? '0' : b.trim();
	if (!isDecimal(x) || !isDecimal(y)) return null;
	const p = parts(x);
	const q = parts(y);
	const scale = Math.max(p.scale, q.scale);
	const pd = (p.digits + '0'.repeat(scale - p.scale)).replace(/^0+(?=\d)/, '');
	const qd = (q.digits + '0'.repeat(scale - q.scale)).replace(/^0+(?=\d)/, '');
	let negative: boolean;
	let digits: string;
	if (p.negative === q.negative) {
		negative = p.negative;
		digits = addDigits(pd, qd);
	} else if (cmpDigits(pd, qd) >= 0) {
		negative = p.negative;
		digits = subDigits(pd, qd);
	} else {
		negative = q.negative;
		digits = subDigits(qd, pd);
	}
	digits = digits.padStart(scale + 1, '0');
	const int = digits.slice(0, digits.length - scale);
	const frac = digits.slice(digits.length - scale);
	const out = scale > 0 ? `${int}.${frac}` : int;
	return negative && /[1-9]/.test(digits) ? `-${out}` : out;
}

/** The exact sum of decimal strings (empty ones count as zero); null when one is not a number. */
export function sumDecimals(amounts: readonly string[]): string | null {
	let total = '0';
	for (const a of amounts) {
		const next = addDecimal(total, a);
		if (next === null) return null;
		total = next;
	}
	return total;
}

/** `a − b`, exactly; null when one is not a number. */
export function subtractDecimal(a: string, b: string): string | null {
	const y = b.trim() === '' ? '0' : b.trim();
	if (!isDecimal(y)) return null;
	return addDecimal(a, y.startsWith('-') ? y.slice(1) : `-${y}`);
}

/** An amount as printed statements show it: negatives in parentheses, "(1,234.50)". */
export function formatAccounting(amount: string, locale: string): string {
	if (!isDecimal(amount)) return amount;
	if (isNegative(amount)) return `(${formatAmount(amount.slice(1), locale)})`;
	return formatAmount(amount.startsWith('-') ? amount.slice(1) : amount, locale);
}
