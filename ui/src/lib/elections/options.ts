// What the election screens share: who may do what (the core decides; this only hides what it
// would refuse), the call page's tabs, names of positions and requirements, the matrix marks,
// and the reasons of the verdicts in words (from the core's code and parameters).
import type {
	AppError,
	ElectionCall,
	ElectionPosition,
	ElectionRequirement,
	EligibilityCell,
	EligibilityReason,
	EligibilityVerdict,
	Language,
	User
} from '$lib/ipc/bindings';
import { hasMessage, errorKey } from '$lib/i18n';
import { countryName } from '$lib/i18n/countries';
import { formatDate } from '$lib/i18n/format';

/** The translate function of svelte-i18n (`$_`), as the helpers here take it. */
export type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;

export const CALL_TABS = ['positions', 'postulations', 'matrix', 'report'] as const;
export type CallTab = (typeof CALL_TABS)[number];

export function isCallTab(value: unknown): value is CallTab {
	return typeof value === 'string' && (CALL_TABS as readonly string[]).includes(value);
}

/** The link that opens the list of calls, or a call (on one of its tabs). */
export function electionsHref(id?: string, tab?: CallTab): string {
	if (!id) return '/elections';
	return `/elections?id=${encodeURIComponent(id)}${tab ? `&tab=${tab}` : ''}`;
}

/** ManageElections: the Secretary-General and the Chief of Staff. */
export function canManageElections(user: Pick<User, 'role'> | null | undefined): boolean {
	return ['secretary_general', 'chief_of_staff'].includes(user?.role ?? '');
}

/** SignEligibility: the Secretary-General only. */
export function canSignEligibility(user: Pick<User, 'role'> | null | undefined): boolean {
	return user?.role === 'secretary_general';
}

/** A signed call is locked: every change is refused until an amendment starts. */
export function isLocked(call: Pick<ElectionCall, 'status'>): boolean {
	return call.status === 'signed';
}

export const POSITION_KINDS = ['president', 'vice_president', 'secretary_general', 'comptroller', 'ciess_director', 'other'] as const;
export const REQUIREMENT_KINDS = ['document', 'declaration', 'rule'] as const;
export const RULES = ['received_before_closing', 'nominator_titular', 'nominator_current_in_dues', 'comptroller_nationality_differs_from_sg'] as const;
export const VERDICTS: EligibilityVerdict[] = ['met', 'not_met', 'pending'];

/** A position's name: its own for an `other` one, else its kind's. */
export function positionName(t: Translate, p: Pick<ElectionPosition, 'kind' | 'name'>): string {
	return p.kind === 'other' && p.name ? p.name : t(`elections.position_kind.${p.kind}`);
}

/** A requirement's text in `lang`, else in Spanish (always there). */
export function requirementText(r: Pick<ElectionRequirement, 'texts'>, lang: string): string {
	return r.texts[lang as Language] || r.texts.es || '';
}

/** The requirements that apply to a position, in the call's order (as the core applies them). */
export function requirementsFor(position: ElectionPosition, requirements: ElectionRequirement[]): ElectionRequirement[] {
	return requirements.filter(
		(r) =>
			(r.position_id === null || r.position_id === position.id) &&
			(r.rule !== 'comptroller_nationality_differs_from_sg' || position.kind === 'comptroller')
	);
}

/** The mark of a verdict in the matrix. */
export const MARK: Record<EligibilityVerdict, string> = { met: '✓', not_met: '✗', pending: '?' };

/** The cell of a postulation × requirement, if the requirement applies to it. */
export function cellOf(cells: EligibilityCell[], postulationId: string, requirementId: string): EligibilityCell | undefined {
	return cells.find((c) => c.postulation_id === postulationId && c.requirement_id === requirementId);
}

const DATE_PARAMS = new Set(['received_on', 'closes_on', 'as_of']);
const COUNTRY_PARAMS = new Set(['nationality', 'sg_nationality']);

/**
 * A reason in words, in the current language: its code's message with the parameters filled in
 * (dates per language, countries and categories named); the core's English message when the code
 * is unknown here.
 */
export function reasonText(t: Translate, reason: EligibilityReason, lang: string): string {
	const key = `elections.reason.${reason.code}`;
	if (!hasMessage(key)) return reason.message;
	const values: Record<string, string> = {};
	for (const [name, value] of Object.entries(reason.params)) {
		if (DATE_PARAMS.has(name)) values[name] = formatDate(value, lang);
		else if (COUNTRY_PARAMS.has(name)) values[name] = countryName(value, lang);
		else if (name === 'category') values[name] = t(`categories.${value}`);
		else if (name === 'status') values[name] = hasMessage(`elections.member_status.${value}`) ? t(`elections.member_status.${value}`) : value;
		else values[name] = value;
	}
	// Every placeholder gets a value, even one the core did not send.
	for (const name of ['member', 'members', 'status', 'category', 'years_owed', 'as_of', 'nationality', 'sg_nationality', 'candidates', 'titles', 'by', 'note', 'received_on', 'closes_on']) {
		if (!(name in values)) values[name] = '';
	}
	return t(key, { values });
}

/**
 * The translation key of an error on these screens: the elections' own message where there is
 * one (`elections.field_errors.<field>.<code>`, e.g. a change refused because the report is
 * signed), else the app's.
 */
export function electionErrorKey(error: Pick<AppError, 'code' | 'field'>): string {
	if (error.field) {
		const own = `elections.field_errors.${error.field}.${error.code}`;
		if (hasMessage(own)) return own;
	}
	return errorKey(error);
}

/** Today as `YYYY-MM-DD` in local time. */
export function today(now: Date = new Date()): string {
	const p = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** The name of a file from its path (either kind of separator). */
export function baseName(path: string): string {
	return path.split(/[\\/]/).pop() || path;
}
