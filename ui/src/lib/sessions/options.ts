// The closed sets and small helpers the session screens share (values as the core spells them).
import type {
	ActionStatus,
	BodyNames,
	ItemKind,
	ItemStep,
	Language,
	OwnerUnit,
	SeatRole,
	SessionKind,
	SessionStatus,
	User
} from '$lib/ipc/bindings';

export const SESSION_STATUSES: SessionStatus[] = ['planned', 'convened', 'held', 'closed'];
export const SESSION_KINDS: SessionKind[] = ['ordinary', 'extraordinary'];
export const ITEM_KINDS: ItemKind[] = ['information', 'deliberation', 'decision', 'election'];
export const ITEM_STEPS: ItemStep[] = ['up', 'down', 'indent', 'outdent'];
export const WORKING_LANGUAGES: Language[] = ['es', 'en', 'pt', 'fr'];
export const OWNER_UNITS: OwnerUnit[] = ['secretary_general', 'chief_of_staff', 'managing_finances', 'linking_cooperation'];
export const ACTION_STATUSES: ActionStatus[] = ['open', 'done'];
export const SEAT_ROLES: SeatRole[] = [
	'president',
	'vice_president',
	'coordinator',
	'secretary',
	'technical_secretary',
	'comptroller',
	'director',
	'representative',
	'member'
];

/** The time zone of the CISS seat, the default for new sessions. */
export const DEFAULT_TIME_ZONE = 'America/Mexico_City';

/** The Americas' usual zones (IANA names), for the session form. */
export const TIME_ZONES: string[] = [
	'America/Mexico_City',
	'America/Cancun',
	'America/Tijuana',
	'America/Guatemala',
	'America/El_Salvador',
	'America/Tegucigalpa',
	'America/Managua',
	'America/Costa_Rica',
	'America/Panama',
	'America/Havana',
	'America/Santo_Domingo',
	'America/Puerto_Rico',
	'America/Port-au-Prince',
	'America/Jamaica',
	'America/Barbados',
	'America/Port_of_Spain',
	'America/Bogota',
	'America/Caracas',
	'America/Guayaquil',
	'America/Lima',
	'America/La_Paz',
	'America/Santiago',
	'America/Argentina/Buenos_Aires',
	'America/Montevideo',
	'America/Asuncion',
	'America/Sao_Paulo',
	'America/Manaus',
	'America/Paramaribo',
	'America/Guyana',
	'America/New_York',
	'America/Chicago',
	'America/Denver',
	'America/Los_Angeles',
	'America/Toronto',
	'America/Vancouver',
	'Europe/Madrid',
	'Europe/Lisbon',
	'Europe/Paris',
	'Europe/Geneva',
	'UTC'
];

/** A body's name in the UI language (Spanish when that one is empty). */
export function bodyName(names: BodyNames | null | undefined, lang: string): string {
	if (!names) return '';
	const l = (['es', 'en', 'pt', 'fr'] as const).find((x) => x === lang) ?? 'es';
	return names[l] || names.es;
}

/** A text of a per-language map in `lang`, else in the first language that has one. */
export function inLanguage(texts: Partial<Record<Language, string>>, lang: Language, order: Language[] = WORKING_LANGUAGES): string {
	if (texts[lang]) return texts[lang]!;
	for (const l of order) if (texts[l]) return texts[l]!;
	for (const l of WORKING_LANGUAGES) if (texts[l]) return texts[l]!;
	return '';
}

/** An RFC 3339 instant as a date and time in the session's own time zone. */
export function formatInZone(iso: string | null | undefined, timeZone: string, locale: string, withTime = true): string {
	if (!iso) return '';
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	try {
		return new Intl.DateTimeFormat(locale, {
			dateStyle: 'medium',
			...(withTime ? { timeStyle: 'short' } : {}),
			timeZone
		}).format(d);
	} catch {
		return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(withTime ? { timeStyle: 'short' } : {}) }).format(d);
	}
}

/** The local `YYYY-MM-DD` and `HH:MM` of an RFC 3339 value written with its zone's offset. */
export function splitLocal(iso: string | null | undefined): { date: string; time: string } {
	if (!iso) return { date: '', time: '' };
	const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(iso);
	return m ? { date: m[1], time: m[2] } : { date: '', time: '' };
}

/** The statuses a session may move to next (only forward; steps may be skipped). */
export function nextStatuses(status: SessionStatus): SessionStatus[] {
	const i = SESSION_STATUSES.indexOf(status);
	return SESSION_STATUSES.slice(i + 1);
}

/** Who may prepare or record sessions (the core decides; the UI hides what would be refused). */
export function canEditSessions(user: User | null | undefined): boolean {
	return !!user && ['secretary_general', 'chief_of_staff', 'staff'].includes(user.role);
}

/** Who may approve agendas and minutes, and move a session's status. */
export function canApproveSessions(user: User | null | undefined): boolean {
	return !!user && ['secretary_general', 'chief_of_staff'].includes(user.role);
}

/** Who may change the bodies and their rules. */
export function canManageBodies(user: User | null | undefined): boolean {
	return !!user && user.is_admin && user.role !== 'auditor';
}

/** Minutes as "1 h 30 min". */
export function formatDuration(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	if (h === 0) return `${m} min`;
	return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** A safe file name from a session's name ("CXII Reunión…" → "CXII-Reunion-…"). */
export function fileName(name: string, suffix: string): string {
	const base = name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80);
	return `${base || 'documento'}${suffix ? '-' + suffix : ''}.pdf`;
}
