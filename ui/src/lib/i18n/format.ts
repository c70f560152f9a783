// Dates and numbers per locale, with Intl. Building an Intl formatter costs far more than
// using one (a long list formats hundreds of cells per scrolled frame): each is built once per
// locale and options and kept.

const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
	let f = formatters.get(key);
	if (!f) formatters.set(key, (f = make()));
	return f as F;
}

/** The date formatter for `locale` and `options`, built once. */
export function dateFormatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	return cached(`d|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

/** The number formatter for `locale` and `options`, built once (throws as Intl does on bad options). */
export function numberFormatter(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
	return cached(`n|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
}

/** A timestamp (RFC 3339) as a local date and time. */
export function formatDateTime(iso: string, locale: string): string {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	return dateFormatter(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/**
 * A calendar date (`YYYY-MM-DD`) as a local date, without any time-zone shift: in full
 * ("15 de enero de 2024"), or `medium` for narrow table columns ("15 ene 2024").
 */
export function formatDate(
	date: string | null | undefined,
	locale: string,
	style: 'long' | 'medium' = 'long'
): string {
	if (!date) return '';
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	if (!m) return date;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return dateFormatter(locale, { dateStyle: style, timeZone: 'UTC' }).format(d);
}

export function formatNumber(n: number, locale: string): string {
	return numberFormatter(locale).format(n);
}

const ROMAN = ['', 'I', 'II', 'III', 'IV', 'V'];

/** Subregion 1–5 as I–V. */
export function roman(n: number | null | undefined): string {
	return n != null && n >= 1 && n <= 5 ? ROMAN[n] : '';
}
