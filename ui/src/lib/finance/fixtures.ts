// Payloads as the core sends them, for the finance screens' tests.
import type { BudgetVsActual, Comparison, DuesStatus, Projection, ProjectionView, ScenarioInput, User } from '$lib/ipc/bindings';

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
