// What the regulation project screens share: who may do what (the core decides; this only
// hides what it would refuse), where a project opens, its statuses and the choices of a
// comparison (a saved version or the working copy).
import type { AppError, Language, RegulationProject, RegulationStatus, RegulationVersion } from '$lib/ipc/bindings';
import { errorKey, hasMessage } from '$lib/i18n';
import { inLanguage } from '$lib/sessions/options';

export const STATUSES: RegulationStatus[] = ['draft', 'submitted', 'approved', 'returned'];

/** Edit and submit projects, comment (EditCompliance: the Secretary-General, the Chief of Staff, Staff). */
export function canEditRegulations(user: { role: string } | null | undefined): boolean {
	return ['secretary_general', 'chief_of_staff', 'staff'].includes(user?.role ?? '');
}

/** Record the Standing Committee's decision (ReviewCompliance: the Secretary-General, the Chief of Staff). */
export function canReviewRegulations(user: { role: string } | null | undefined): boolean {
	return ['secretary_general', 'chief_of_staff'].includes(user?.role ?? '');
}

/** A project's text changes only in draft or once returned. */
export function isEditable(status: RegulationStatus): boolean {
	return status === 'draft' || status === 'returned';
}

/** The link that opens a project (or the list). */
export function regulationHref(id?: string | null): string {
	return id ? `/regulations?id=${encodeURIComponent(id)}` : '/regulations';
}

/** Where a submission's agenda item is seen: the session's agenda. */
export function agendaHref(sessionId: string): string {
	return `/sessions/view?id=${encodeURIComponent(sessionId)}&tab=agenda`;
}

/** A project's title in the UI language, else Spanish (always present). */
export function projectTitle(p: Pick<RegulationProject, 'titles' | 'languages'>, lang: string): string {
	return inLanguage(p.titles, asLanguage(lang), p.languages);
}

export function asLanguage(lang: string | null | undefined): Language {
	return lang === 'en' || lang === 'pt' || lang === 'fr' ? lang : 'es';
}

/** The language a project opens in: the UI's when it is one of the project's, else its first. */
export function preferredLanguage(languages: Language[], lang: string | null | undefined): Language {
	const l = asLanguage(lang);
	return languages.includes(l) ? l : (languages[0] ?? 'es');
}

/** A side of a comparison as a select value: `w` is the working copy, a number a saved version. */
export type Side = 'w' | `${number}`;

export function sideValue(version: number | null): Side {
	return version === null ? 'w' : (String(version) as Side);
}

export function sideVersion(side: string): number | null {
	if (side === 'w' || side === '') return null;
	const n = Number(side);
	return Number.isInteger(n) && n > 0 ? n : null;
}

/**
 * What a comparison shows first: the working copy against the last version when the working
 * copy changed, else the last two versions (or the only version against the working copy).
 */
export function defaultSides(versions: RegulationVersion[], unsaved: boolean): { from: Side; to: Side } {
	const n = versions.length;
	if (n === 0) return { from: 'w', to: 'w' };
	const last = versions[n - 1].number;
	if (unsaved || n === 1) return { from: sideValue(last), to: 'w' };
	return { from: sideValue(versions[n - 2].number), to: sideValue(last) };
}

/**
 * The translation key for a refusal of the core on a regulation form: this domain's message
 * for the field where it has one (`regulations.field_errors.<field>.<code>`, with per-language
 * fields such as `text_en` read as `text`), else the app's.
 */
export function regulationErrorKey(error: Pick<AppError, 'code' | 'field'>): string {
	if (error.field) {
		const field = error.field.replace(/_(es|en|pt|fr)$/, '');
		const key = `regulations.field_errors.${field}.${error.code}`;
		if (hasMessage(key)) return key;
	}
	return errorKey(error);
}

/** Today as `YYYY-MM-DD` in local time. */
export function today(now: Date = new Date()): string {
	const p = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
