// What the compliance screens share: the tabs, who may do what (the core decides; this only
// hides what it would refuse), dates, and the recurrence read as a sentence.
import { get } from 'svelte/store';
import { _ } from 'svelte-i18n';
import type { AppError, Body, BodyKind, InstrumentKind, Language, Recurrence } from '$lib/ipc/bindings';
import { errorKey, hasMessage } from '$lib/i18n';
import { formatDate } from '$lib/i18n/format';

export const COMPLIANCE_TABS = ['due', 'obligations', 'instruments', 'period'] as const;
export type ComplianceTab = (typeof COMPLIANCE_TABS)[number];

export function isComplianceTab(value: unknown): value is ComplianceTab {
	return typeof value === 'string' && (COMPLIANCE_TABS as readonly string[]).includes(value);
}

/** The link that opens a tab of the compliance screen, or a record in it. */
export function complianceHref(tab: ComplianceTab, id?: string): string {
	return id ? `/compliance?tab=${tab}&id=${encodeURIComponent(id)}` : `/compliance?tab=${tab}`;
}

/** Who records instruments, obligations, statuses and evidence (EditCompliance). */
export function canEditCompliance(user: { role: string } | null | undefined): boolean {
	return ['secretary_general', 'chief_of_staff', 'staff'].includes(user?.role ?? '');
}

/** Who signs off a done or waived occurrence (ReviewCompliance). */
export function canReviewCompliance(user: { role: string } | null | undefined): boolean {
	return ['secretary_general', 'chief_of_staff'].includes(user?.role ?? '');
}

/** The windows the "due soon" view offers, in days. */
export const WITHIN_CHOICES = [7, 30, 90] as const;

/** Today as `YYYY-MM-DD` in local time. */
export function today(now: Date = new Date()): string {
	const p = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** The first and last day of the current year: the period the views start with. */
export function thisYear(now: Date = new Date()): { from: string; to: string } {
	const y = now.getFullYear();
	return { from: `${y}-01-01`, to: `${y}-12-31` };
}

/** An optional text: empty becomes null. */
export function opt(value: string | null | undefined): string | null {
	const v = (value ?? '').trim();
	return v === '' ? null : v;
}

/** The name of a file from its path (either kind of separator). */
export function baseName(path: string): string {
	return path.split(/[\\/]/).pop() || path;
}

// ---------------------------------------------------------------------------------------------
// Errors: a compliance-specific message when there is one, else the app's.

/** The translation key for an error: `compliance.errors.<field>.<code>` if written, else the app's. */
export function complianceErrorKey(error: Pick<AppError, 'code' | 'field'>): string {
	if (error.field) {
		const field = error.field.replace(/\[\d+\]/g, '');
		const specific = `compliance.errors.${field.replace(/\./g, '_')}.${error.code}`;
		if (hasMessage(specific)) return specific;
	}
	return errorKey(error);
}

// ---------------------------------------------------------------------------------------------
// Recurrence

export type RecurrenceKind = Recurrence['kind'];

/** The fields of a recurrence the core may name in its refusal. */
export const RECURRENCE_FIELDS = [
	'recurrence.date',
	'recurrence.month',
	'recurrence.day',
	'recurrence.start_month',
	'recurrence.body_id',
	'recurrence.days_before'
] as const;
export type RecurrenceField = (typeof RECURRENCE_FIELDS)[number];
export const RECURRENCE_KINDS: RecurrenceKind[] = ['once', 'yearly', 'monthly', 'quarterly', 'before_sessions'];

/** A blank recurrence of each kind (what the editor starts with). */
export function blankRecurrence(kind: RecurrenceKind, bodyId = ''): Recurrence {
	switch (kind) {
		case 'once':
			return { kind, date: '' };
		case 'yearly':
			return { kind, month: 1, day: 1 };
		case 'monthly':
			return { kind, day: 1 };
		case 'quarterly':
			return { kind, day: 1, start_month: 1 };
		case 'before_sessions':
			return { kind, body_id: bodyId, days_before: 30, ordinary_only: true };
	}
}

/** The long name of a month (1–12) in `locale`. */
export function monthName(month: number, locale: string): string {
	if (!(month >= 1 && month <= 12)) return '';
	return new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, month - 1, 1)));
}

/** A day of a month without the year ("31 de marzo", "March 31"). */
export function dayAndMonth(month: number, day: number, locale: string): string {
	if (!(month >= 1 && month <= 12) || !(day >= 1 && day <= 31)) return '';
	return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
		new Date(Date.UTC(2000, month - 1, day))
	);
}

/** The four months of a quarterly rule, in calendar order. */
export function quarterMonths(startMonth: number): number[] {
	if (!(startMonth >= 1 && startMonth <= 12)) return [];
	return [0, 3, 6, 9].map((k) => ((startMonth - 1 + k) % 12) + 1).sort((a, b) => a - b);
}

function bodyName(body: Body | undefined, language: Language): string {
	return body ? body.names[language] || body.names.es : '';
}

/**
 * The recurrence as a sentence in the current language: "Cada año el 31 de marzo",
 * "30 días antes de cada sesión ordinaria del Comité Permanente".
 */
export function recurrenceSentence(r: Recurrence, bodies: Body[], language: Language): string {
	const t = get(_);
	switch (r.kind) {
		case 'once':
			return r.date ? t('compliance.recurrence.sentence.once', { values: { date: formatDate(r.date, language) } }) : t('compliance.recurrence.sentence.once_undated');
		case 'yearly': {
			const date = dayAndMonth(r.month, r.day, language);
			if (!date) return t('compliance.recurrence.sentence.incomplete');
			const key = r.month === 2 && r.day === 29 ? 'yearly_leap' : 'yearly';
			return t(`compliance.recurrence.sentence.${key}`, { values: { date } });
		}
		case 'monthly':
			if (!(r.day >= 1 && r.day <= 31)) return t('compliance.recurrence.sentence.incomplete');
			return t(`compliance.recurrence.sentence.${r.day > 28 ? 'monthly_end' : 'monthly'}`, { values: { day: r.day } });
		case 'quarterly': {
			const months = quarterMonths(r.start_month);
			if (!(r.day >= 1 && r.day <= 31) || months.length === 0) return t('compliance.recurrence.sentence.incomplete');
			const list = new Intl.ListFormat(language, { type: 'conjunction' }).format(months.map((m) => monthName(m, language)));
			return t(`compliance.recurrence.sentence.${r.day > 28 ? 'quarterly_end' : 'quarterly'}`, { values: { day: r.day, months: list } });
		}
		case 'before_sessions': {
			const body = bodies.find((b) => b.id === r.body_id);
			const kind: BodyKind = body?.kind ?? 'other';
			const of = body
				? t(`compliance.recurrence.of_body.${kind}`, { values: { body: bodyName(body, language) } })
				: t('compliance.recurrence.of_body.unchosen');
			const sessions = t(`compliance.recurrence.sentence.${r.ordinary_only ? 'sessions_ordinary' : 'sessions_any'}`, { values: { of } });
			const days = Math.abs(r.days_before);
			if (!Number.isFinite(days)) return t('compliance.recurrence.sentence.incomplete');
			if (r.days_before === 0) return t('compliance.recurrence.sentence.same_day', { values: { sessions } });
			return t(`compliance.recurrence.sentence.${r.days_before > 0 ? 'before' : 'after'}`, { values: { days, sessions } });
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Instruments

export const INSTRUMENT_KINDS: InstrumentKind[] = [
	'statute',
	'regulations',
	'headquarters_agreement',
	'presidency_determination',
	'body_resolution',
	'other'
];
