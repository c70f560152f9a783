// Payloads as the core sends them, for the finance screens' tests.
import type {
	Account,
	BudgetVsActual,
	Comparison,
	DuesStatus,
	EntrySummary,
	Projection,
	ProjectionView,
	ScenarioInput,
	StatementRow,
	StatementSection,
	Statements,
	User
} from '$lib/ipc/bindings';

export const FINANCE_USER: User = {
	id: 'u-fin',
	username: 'finanzas',
	full_name: 'Lucía Finanzas',
	role: 'managing_finances',
	is_admin: false,
	language: 'es'
};

export function status(over: Partial<DuesStatus> & { member_acronym: string }): DuesStatus {
	return {
		member_id: `m-${over.member_acronym}`,
		member_name: `Instituto ${over.member_acronym}`,
		category: 'titular',
		currency: 'USD',
		owed: '0.00',
		ageing: { current: '0.00', up_to_1_year: '0.00', one_to_2_years: '0.00', over_2_years: '0.00' },
		years_owed: 0,
		oldest_year: null,
		credit: [],
		has_active_plan: false,
		may_vote: true,
		reason: 'good_standing',
		...over
	};
}

/** IMSS in good standing, CCSS two years in arrears (no vote), BPS in arrears with a plan. */
export const STATUSES: DuesStatus[] = [
	status({ member_acronym: 'IMSS', member_name: 'Instituto Mexicano del Seguro Social' }),
	status({
		member_acronym: 'CCSS',
		member_name: 'Caja Costarricense de Seguro Social',
		owed: '2500.00',
		ageing: { current: '0.00', up_to_1_year: '1250.00', one_to_2_years: '1250.00', over_2_years: '0.00' },
		years_owed: 2,
		oldest_year: 2024,
		may_vote: false,
		reason: 'in_arrears'
	}),
	status({
		member_acronym: 'BPS',
		member_name: 'Banco de Previsión Social',
		category: 'associate',
		owed: '12345678901234567.11',
		years_owed: 3,
		has_active_plan: true,
		may_vote: true,
		reason: 'payment_plan'
	})
];

function cmp(original: string, final_budget: string, actual: string, variance: string, variance_pct: string | null): Comparison {
	return { original, final_budget, actual, variance, variance_pct };
}

export function comparison(): BudgetVsActual {
	return {
		year: 2026,
		currency: 'USD',
		status: 'approved',
		lines: [
			{
				chapter_code: '1',
				chapter_name: 'Ingresos',
				line_id: 'l-11',
				code: '1.1',
				name: 'Cuotas de los miembros',
				unit_code: 'SG',
				unit_name: 'Secretaría General',
				kind: 'revenue',
				amounts: cmp('1000000.00', '1000000.00', '900000.00', '-100000.00', '-10.0'),
				explanation: ''
			},
			{
				chapter_code: '3',
				chapter_name: 'Servicios',
				line_id: 'l-33',
				code: '3.3',
				name: 'Viajes y misiones',
				unit_code: 'AF',
				unit_name: 'Administración y Finanzas',
				kind: 'expense',
				amounts: cmp('200000.00', '250000.00', '200000.00', '50000.00', '20.0'),
				explanation: 'Misiones pospuestas'
			}
		],
		chapters: [
			{ code: '1', name: 'Ingresos', kind: 'revenue', amounts: cmp('1000000.00', '1000000.00', '900000.00', '-100000.00', '-10.0') },
			{ code: '3', name: 'Servicios', kind: 'expense', amounts: cmp('200000.00', '250000.00', '200000.00', '50000.00', '20.0') }
		],
		units: [
			{
				code: 'SG',
				name: 'Secretaría General',
				revenue: cmp('1000000.00', '1000000.00', '900000.00', '-100000.00', '-10.0'),
				expense: cmp('0.00', '0.00', '0.00', '0.00', null)
			}
		],
		revenue: cmp('1000000.00', '1000000.00', '900000.00', '-100000.00', '-10.0'),
		expense: cmp('200000.00', '250000.00', '200000.00', '50000.00', '20.0'),
		net: cmp('800000.00', '750000.00', '700000.00', '-50000.00', null)
	};
}

export const DRIVERS: ScenarioInput = {
	inflation: '0.04',
	mxn_per_usd: '18.5',
	salary_increase: '0.05',
	staffing_change: '0',
	sessions: 2,
	missions: 10,
	collection_rate: '0.95'
};

export function projection(): Projection {
	return {
		id: 'p1',
		name: 'Plan 2027',
		base_year: 2026,
		base_source: 'final_budget',
		years: 1,
		base_sessions: 2,
		base_missions: 10,
		updated_at: '2026-05-01T12:00:00Z',
		scenarios: [
			{ id: 'sc-base', name: 'Base', position: 0, drivers: DRIVERS, one_offs: [] },
			{ id: 'sc-high', name: 'Alto', position: 1, drivers: { ...DRIVERS, inflation: '0.08' }, one_offs: [] }
		]
	};
}

export function run(baseExpense: string): ProjectionView {
	const result = (id: string, name: string, drivers: ScenarioInput, expense: string) => ({
		scenario_id: id,
		name,
		drivers,
		lines: [{ id: 'l-33', amounts: [expense] }],
		chapters: [{ id: '3', amounts: [expense] }],
		revenue: ['1000000.00'],
		expense: [expense],
		balance: ['1000000.00']
	});
	return {
		id: 'p1',
		name: 'Plan 2027',
		base_year: 2026,
		base_source: 'final_budget',
		currency: 'USD',
		years: [2027],
		base_mxn_per_usd: '18.25',
		dues_called: null,
		lines: [
			{ line_id: 'l-33', chapter_code: '3', code: '3.3', name: 'Viajes', kind: 'expense', driver: 'missions', cost_currency: 'USD', base: '250000.00' }
		],
		chapters: [{ code: '3', name: 'Servicios', kind: 'expense' }],
		scenarios: [result('sc-base', 'Base', DRIVERS, baseExpense), result('sc-high', 'Alto', { ...DRIVERS, inflation: '0.08' }, '270000.00')]
	};
}

export const ACCOUNTS: Account[] = [
	{ id: 'a1', code: '1101', name: 'Caja', kind: 'asset', current: true, cash_flow: 'cash' },
	{ id: 'a2', code: '1102', name: 'Bank USD', kind: 'asset', current: true, cash_flow: 'cash' },
	{ id: 'a3', code: '4101', name: 'Cuotas', kind: 'revenue', current: true, cash_flow: 'operating' },
	{ id: 'a4', code: '5101', name: 'Viajes', kind: 'expense', current: true, cash_flow: 'operating' }
];

/** A journal entry's summary as a page of `ledgerEntries` carries it. */
export function entrySummary(number: number, over: Partial<EntrySummary> = {}): EntrySummary {
	return {
		id: `e${number}`,
		fiscal_year: 2026,
		number,
		entry_date: '2026-03-01',
		description: `Asiento ${number}`,
		kind: 'regular',
		source: 'manual',
		reference: '',
		currency: 'USD',
		total: '100.00',
		total_reporting: '100.00',
		lines: 2,
		attachments: 0,
		...over
	};
}

function row(key: string, label: string, amount: string, previous: string, account_code: string | null = null): StatementRow {
	return { key, account_code, label, amount, previous };
}

function section(key: string, label: string, rows: StatementRow[], total: StatementRow): StatementSection {
	return { key, label, rows, total };
}

/** The statements of 2025 (2024 comparative); the cash check fails. */
export function statements(): Statements {
	const empty = (key: string, label: string) => section(key, label, [], row(`${key}_total`, `Total ${label}`, '0.00', '0.00'));
	return {
		year: 2025,
		previous_year: 2024,
		currency: 'USD',
		year_status: 'closed',
		previous_year_status: 'closed',
		position: {
			current_assets: section(
				'current_assets',
				'Activo corriente',
				[row('account:1102', 'Bancos', '1200000.50', '900000.00', '1102'), row('account:1201', 'Cuotas por cobrar', '-2500.00', '0.00', '1201')],
				row('current_assets_total', 'Total del activo corriente', '1197500.50', '900000.00')
			),
			non_current_assets: empty('non_current_assets', 'Activo no corriente'),
			total_assets: row('total_assets', 'Total del activo', '1197500.50', '900000.00'),
			current_liabilities: empty('current_liabilities', 'Pasivo corriente'),
			non_current_liabilities: empty('non_current_liabilities', 'Pasivo no corriente'),
			total_liabilities: row('total_liabilities', 'Total del pasivo', '0.00', '0.00'),
			net_assets: section(
				'net_assets',
				'Activos netos',
				[row('surplus', 'Superávit acumulado', '1197500.50', '900000.00')],
				row('net_assets_total', 'Total de activos netos', '1197500.50', '900000.00')
			),
			total_liabilities_and_net_assets: row('total_liabilities_and_net_assets', 'Total del pasivo y activos netos', '1197500.50', '900000.00')
		},
		performance: {
			revenue: section('revenue', 'Ingresos', [row('account:4101', 'Cuotas', '500000.00', '450000.00', '4101')], row('revenue_total', 'Total de ingresos', '500000.00', '450000.00')),
			expenses: section('expenses', 'Gastos', [row('account:5101', 'Viajes', '202499.50', '150000.00', '5101')], row('expenses_total', 'Total de gastos', '202499.50', '150000.00')),
			surplus: row('surplus', 'Superávit del ejercicio', '297500.50', '300000.00')
		},
		net_assets: {
			opening: row('opening', 'Activos netos al inicio', '900000.00', '600000.00'),
			surplus: row('surplus', 'Superávit del ejercicio', '297500.50', '300000.00'),
			other_movements: [],
			closing: row('closing', 'Activos netos al cierre', '1197500.50', '900000.00')
		},
		cash_flow: {
			operating: empty('operating', 'Actividades de operación'),
			investing: empty('investing', 'Actividades de inversión'),
			financing: empty('financing', 'Actividades de financiación'),
			net_change: row('net_change', 'Variación neta del efectivo', '300000.50', '300000.00'),
			opening_cash: row('opening_cash', 'Efectivo al inicio', '900000.00', '600000.00'),
			closing_cash: row('closing_cash', 'Efectivo al cierre', '1200000.50', '900000.00')
		},
		budget_vs_actual: null,
		notes: {
			dues_receivable: [
				{
					member_id: 'm-CCSS',
					member_acronym: 'CCSS',
					member_name: 'Caja Costarricense de Seguro Social',
					currency: 'USD',
					total: '2500.00',
					ageing: { current: '0.00', up_to_1_year: '1250.00', one_to_2_years: '1250.00', over_2_years: '0.00' },
					years_owed: 2
				}
			]
		},
		checks: { balanced: true, net_assets_reconcile: true, cash_reconciles: false, journal_balances: true }
	};
}
