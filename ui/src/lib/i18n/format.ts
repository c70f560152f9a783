// Dates and numbers per locale, with Intl.

/** A timestamp (RFC 3339) as a local date and time. */
export function formatDateTime(iso: string, locale: string): string {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** A calendar date (`YYYY-MM-DD`) as a local date, without any time-zone shift. */
export function formatDate(date: string | null | undefined, locale: string): string {
	if (!date) return '';
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	if (!m) return date;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

export function formatNumber(n: number, locale: string): string {
	return new Intl.NumberFormat(locale).format(n);
}

const ROMAN = ['', 'I', 'II', 'III', 'IV', 'V'];

/** Subregion 1–5 as I–V. */
export function roman(n: number | null | undefined): string {
	return n != null && n >= 1 && n <= 5 ? ROMAN[n] : '';
}
