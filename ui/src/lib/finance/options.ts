// What every finance screen shares: who may do what, today's date, the tabs.
import type { Account, Category, SkipReason, User, VotingReason } from '$lib/ipc/bindings';

/** The finance tabs, in order. Adding a tab (ledger, statements…) is one entry here and one in FinanceView. */
export const FINANCE_TABS = ['dues', 'budget', 'projection', 'ledger', 'statements'] as const;
export type FinanceTab = (typeof FINANCE_TABS)[number];

export function isFinanceTab(value: unknown): value is FinanceTab {
	return typeof value === 'string' && (FINANCE_TABS as readonly string[]).includes(value);
}

export const CATEGORIES: Category[] = ['titular', 'associate', 'adherent', 'linked'];
export const VOTING_REASONS: VotingReason[] = ['good_standing', 'payment_plan', 'in_arrears', 'not_active', 'archived'];
export const SKIP_REASONS: SkipReason[] = [
	'already_invoiced',
	'no_scale',
	'exempt',
	'not_active',
	'not_yet_admitted',
	'open_in_other_currency'
];

/** Who may record payments, scales, invoices, budgets and projections (the core decides). */
export function canWriteFinance(user: User | null | undefined): boolean {
	return !!user && ['secretary_general', 'managing_finances'].includes(user.role);
}

/** Who approves budgets and revisions and sets the arrears rule. */
export function canApproveFinance(user: User | null | undefined): boolean {
	return !!user && user.role === 'secretary_general';
}

/** Who closes a fiscal year (it cannot be undone). */
export function canCloseYear(user: User | null | undefined): boolean {
	return !!user && user.role === 'secretary_general';
}

/** The currencies an entry can be recorded in (the reporting currency first). */
export const ENTRY_CURRENCIES = ['USD', 'MXN'] as const;

/** How many journal entries the ledger asks the core for at a time (a window of the scrolled list). */
export const LEDGER_WINDOW = 200;

/** Today as `YYYY-MM-DD` in local time. */
export function today(now: Date = new Date()): string {
	const p = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export function thisYear(now: Date = new Date()): number {
	return now.getFullYear();
}

/** The bank and cash accounts that can receive a payment. */
export function cashAccounts(accounts: Account[]): Account[] {
	return accounts.filter((a) => a.cash_flow === 'cash');
}

/** A few years around `year` for year selectors. */
export function yearsAround(year: number, before = 3, after = 2): number[] {
	const out: number[] = [];
	for (let y = year + after; y >= year - before; y--) out.push(y);
	return out;
}

/** The default scenarios' names, as stored; shown translated. Other names show as typed. */
export const DEFAULT_SCENARIOS = ['base', 'prudent', 'optimistic'] as const;

/** A scenario's name for display: the default ones translated, the others as typed. */
export function scenarioLabel(name: string, t: (key: string) => string): string {
	return (DEFAULT_SCENARIOS as readonly string[]).includes(name) ? t(`finance.projection.scenario_names.${name}`) : name;
}
