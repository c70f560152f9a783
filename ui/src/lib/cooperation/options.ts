// What the cooperation screens share: the tabs, the workflows' allowed moves (as the core
// gives them) and where each kind of record opens.
import { numberLocale } from '$lib/finance/money';
import type { CooperationWorkflows, MemberFilter } from '$lib/ipc/bindings';

export const COOPERATION_TABS = ['agreements', 'assistance', 'missions', 'publications', 'lists'] as const;
export type CooperationTab = (typeof COOPERATION_TABS)[number];

export function isCooperationTab(value: unknown): value is CooperationTab {
	return typeof value === 'string' && (COOPERATION_TABS as readonly string[]).includes(value);
}

export type Workflow = keyof CooperationWorkflows;

/** The statuses a record may move to from `status`, as the core's workflow says (none when unknown). */
export function nextStates<W extends Workflow>(
	workflows: CooperationWorkflows | null,
	workflow: W,
	status: string
): string[] {
	if (!workflows) return [];
	const moves = workflows[workflow] as [string, string[]][];
	return moves.find(([from]) => from === status)?.[1] ?? [];
}

/** The link that opens a cooperation record. */
export function cooperationHref(tab: CooperationTab, id?: string): string {
	return id ? `/cooperation?tab=${tab}&id=${encodeURIComponent(id)}` : `/cooperation?tab=${tab}`;
}

/** Today as `YYYY-MM-DD` in local time. */
export function today(now: Date = new Date()): string {
	const p = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** An optional text: empty becomes null. */
export function opt(value: string): string | null {
	const v = value.trim();
	return v === '' ? null : v;
}

/** Every member not archived, by name: the choices of a member field. */
export const ALL_MEMBERS: MemberFilter = {
	search: null,
	country: null,
	category: null,
	subregion: null,
	status: null,
	include_archived: false,
	sort: 'name',
	descending: false
};

/** Days of notice as the core takes them: a whole number 0–65535, or none. */
export function noticeDays(typed: string): number | null | 'invalid' {
	const t = typed.trim();
	if (t === '') return null;
	if (!/^\d{1,5}$/.test(t)) return 'invalid';
	const n = Number(t);
	return n <= 65535 ? n : 'invalid';
}

/** Who may record cooperation records (the core decides; this only hides what it would refuse). */
export function canEditCooperation(user: { role: string } | null | undefined): boolean {
	return ['secretary_general', 'chief_of_staff', 'linking_cooperation'].includes(user?.role ?? '');
}

/** A file's size for people: bytes, KB or MB, with the locale's digits (as the figures elsewhere). */
export function fileSize(bytes: number, locale: string): string {
	const n = (v: number) => new Intl.NumberFormat(numberLocale(locale)).format(v);
	if (bytes < 1024) return `${n(bytes)} B`;
	if (bytes < 1024 * 1024) return `${n(Math.round(bytes / 1024))} KB`;
	return `${n(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;
}

/** The name of a file from its path (either kind of separator). */
export function baseName(path: string): string {
	return path.split(/[\\/]/).pop() || path;
}
