import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Account, Mission, User } from '$lib/ipc/bindings';
import { session } from '$lib/session/session.svelte';

const { commands } = vi.hoisted(() => ({
	commands: {
		financeAccounts: vi.fn(),
		missionRecordActualCost: vi.fn(),
		missionPostActualCost: vi.fn()
	}
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import es from '$lib/i18n/domains/cooperation/es.json';
import MissionCost from './MissionCost.svelte';

const LINKING: User = { id: 'u1', username: 'vinculacion', full_name: 'Vinculación', role: 'linking_cooperation', is_admin: false, language: 'es' };
const FINANCES: User = { ...LINKING, id: 'u2', username: 'finanzas', role: 'managing_finances' };

const ACCOUNTS: Account[] = [
	{ id: 'x1', code: '1101', name: 'Caja chica', kind: 'asset', current: true, cash_flow: 'cash' },
	{ id: 'x2', code: '1102', name: 'Bancos', kind: 'asset', current: true, cash_flow: 'cash' },
	{ id: 'x3', code: '5301', name: 'Viajes', kind: 'expense', current: false, cash_flow: 'operating' }
];

const UNDER_WAY: Mission = {
	id: 'm1',
	purpose: 'Asistencia técnica al IESS',
	country: 'EC',
	city: 'Quito',
	start_date: '2025-10-01',
	end_date: '2025-10-05',
	status: 'under_way',
	travellers: [{ name: 'Ana Pérez', role: 'Experta' }],
	itinerary: [],
	links: [],
	estimated_cost: { amount: '3000.00', currency: 'USD' },
	actual_cost: null,
	actual_paid_on: null,
	actual_budget_line: null,
	actual_entry_id: null,
	report: '',
	report_filed_on: null,
	notes: '',
	documents: [],
	updated_at: '2025-10-01T00:00:00Z'
};

const RECORDED: Mission = {
	...UNDER_WAY,
	status: 'completed',
	actual_cost: { amount: '1250.50', currency: 'USD' },
	actual_paid_on: '2025-10-06',
	actual_budget_line: '3.2'
};

async function fill(values: { amount?: string; currency?: string; paid_on?: string; line?: string }) {
	if (values.amount !== undefined) await fireEvent.input(screen.getByTestId('cost-amount'), { target: { value: values.amount } });
	if (values.currency !== undefined) await fireEvent.input(screen.getByTestId('cost-currency'), { target: { value: values.currency } });
	if (values.paid_on !== undefined) await fireEvent.input(screen.getByTestId('cost-paid-on'), { target: { value: values.paid_on } });
	if (values.line !== undefined) {
		const line = screen.getByTestId('cost-budget-line') as HTMLSelectElement;
		line.value = values.line;
		await fireEvent.change(line);
	}
}

describe('a mission’s actual cost', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = LINKING;
		commands.financeAccounts.mockResolvedValue(ACCOUNTS);
	});

	it('shows the estimate against the actual cost, when it was paid, its budget line and that it awaits posting', () => {
		render(MissionCost, { mission: RECORDED, onchanged: vi.fn() });
		expect(screen.getByTestId('mission-estimated')).toHaveTextContent('USD 3,000.00');
		expect(screen.getByTestId('mission-actual')).toHaveTextContent('USD 1,250.50');
		expect(screen.getByTestId('mission-paid-on')).toHaveTextContent('6 de octubre de 2025');
		expect(screen.getByTestId('mission-budget-line')).toHaveTextContent(es.cooperation.cost.line_3_2);
		expect(screen.getByTestId('mission-posting')).toHaveTextContent(es.cooperation.cost.not_posted);
	});

	it('says which journal entry holds a posted cost, and offers nothing more to do with it', () => {
		session.user = FINANCES;
		render(MissionCost, { mission: { ...RECORDED, actual_entry_id: 'e-0193' }, onchanged: vi.fn() });
		expect(screen.getByTestId('mission-posting')).toHaveTextContent('e-0193');
		expect(screen.queryByTestId('cost-record')).toBeNull();
		expect(screen.queryByTestId('cost-post')).toBeNull();
	});

	it('records the actual cost with the amount as typed, the date, the budget line and the bank account', async () => {
		const onchanged = vi.fn();
		commands.missionRecordActualCost.mockResolvedValueOnce(RECORDED);
		render(MissionCost, { mission: UNDER_WAY, onchanged });
		expect(screen.getByTestId('mission-actual')).toHaveTextContent(es.cooperation.cost.not_recorded);

		await fireEvent.click(screen.getByTestId('cost-record'));
		await screen.findByTestId('cost-form');
		expect(screen.getByTestId('cost-currency')).toHaveValue('USD');
		await waitFor(() => expect(screen.getByTestId('cost-cash-account')).toHaveValue('1102'));
		expect(screen.getByTestId('cost-cash-account')).toHaveTextContent('1101 — Caja chica');
		expect(screen.getByTestId('cost-cash-account')).not.toHaveTextContent('5301');
		expect(screen.getByTestId('cost-hint')).toHaveTextContent(es.cooperation.cost.posts_later);

		await fill({ amount: '1,250.50', currency: 'usd', paid_on: '2025-10-06', line: '3.2' });
		await fireEvent.click(screen.getByTestId('cost-save'));
		await waitFor(() => expect(commands.missionRecordActualCost).toHaveBeenCalledTimes(1));
		expect(commands.missionRecordActualCost).toHaveBeenCalledWith('m1', {
			cost: { amount: '1250.50', currency: 'USD' },
			paid_on: '2025-10-06',
			budget_line: '3.2',
			cash_account: '1102'
		});
		await waitFor(() => expect(onchanged).toHaveBeenCalledWith(RECORDED));
	});

	it('refuses a payment date in the future and a missing budget line before calling the core', async () => {
		render(MissionCost, { mission: UNDER_WAY, onchanged: vi.fn() });
		await fireEvent.click(screen.getByTestId('cost-record'));
		await screen.findByTestId('cost-form');
		await fill({ amount: '100', paid_on: '2999-01-01' });
		await fireEvent.click(screen.getByTestId('cost-save'));
		expect(await screen.findByTestId('error-paid_on')).toHaveTextContent(es.cooperation.cost.errors.paid_on.invalid_value);
		expect(screen.getByTestId('cost-budget-line')).toHaveAttribute('aria-invalid', 'true');
		expect(commands.missionRecordActualCost).not.toHaveBeenCalled();
	});

	it('puts the core’s refusal on the field it names', async () => {
		const onchanged = vi.fn();
		render(MissionCost, { mission: UNDER_WAY, onchanged });
		await fireEvent.click(screen.getByTestId('cost-record'));
		await screen.findByTestId('cost-form');
		await fill({ amount: '1250.50', paid_on: '2025-10-06', line: '3.1' });

		commands.missionRecordActualCost.mockRejectedValueOnce({ code: 'invalid_value', message: 'amount must be greater than zero', field: 'cost' });
		await fireEvent.click(screen.getByTestId('cost-save'));
		await waitFor(() => expect(screen.getByTestId('cost-amount')).toHaveAttribute('aria-invalid', 'true'));
		expect(screen.getByTestId('error-cost')).toHaveTextContent(es.cooperation.cost.errors.cost.invalid_value);

		commands.missionRecordActualCost.mockRejectedValueOnce({ code: 'invalid_format', message: 'currency', field: 'cost.currency' });
		await fireEvent.click(screen.getByTestId('cost-save'));
		await waitFor(() => expect(screen.getByTestId('cost-currency')).toHaveAttribute('aria-invalid', 'true'));
		expect(screen.getByTestId('error-currency')).toHaveTextContent(es.cooperation.cost.errors.cost_currency.invalid_format);

		commands.missionRecordActualCost.mockRejectedValueOnce({ code: 'invalid_value', message: 'once under way', field: 'status' });
		await fireEvent.click(screen.getByTestId('cost-save'));
		expect(await screen.findByTestId('error-status')).toHaveTextContent(es.cooperation.cost.errors.status.invalid_value);
		expect(onchanged).not.toHaveBeenCalled();
		expect(screen.getByTestId('cost-form')).toBeInTheDocument();
	});

	it('offers recording only once the mission is under way', () => {
		render(MissionCost, { mission: { ...UNDER_WAY, status: 'approved' }, onchanged: vi.fn() });
		expect(screen.queryByTestId('cost-record')).toBeNull();
	});

	it('hides “Post to the books” from a user who does not keep the books', () => {
		render(MissionCost, { mission: RECORDED, onchanged: vi.fn() });
		expect(screen.getByTestId('cost-record')).toHaveTextContent(es.cooperation.cost.correct);
		expect(screen.queryByTestId('cost-post')).toBeNull();
	});

	it('posts a recorded cost to the books for Managing & Finances, after a confirmation', async () => {
		session.user = FINANCES;
		const onchanged = vi.fn();
		const posted = { ...RECORDED, actual_entry_id: 'e-0193' };
		render(MissionCost, { mission: RECORDED, onchanged });

		await fireEvent.click(screen.getByTestId('cost-post'));
		const dialog = await screen.findByTestId('cost-post-dialog');
		expect(dialog).toHaveTextContent('USD 1,250.50');
		expect(commands.missionPostActualCost).not.toHaveBeenCalled();
		await waitFor(() => expect(screen.getByTestId('cost-post-account')).toHaveValue('1102'));

		commands.missionPostActualCost.mockRejectedValueOnce({ code: 'not_found', message: 'no USD/USD rate', field: 'rate' });
		await fireEvent.click(screen.getByTestId('cost-post-confirm'));
		expect(await screen.findByTestId('cost-post-error')).toHaveTextContent(es.cooperation.cost.errors.rate.not_found);

		commands.missionPostActualCost.mockResolvedValueOnce(posted);
		await fireEvent.click(screen.getByTestId('cost-post-confirm'));
		await waitFor(() => expect(commands.missionPostActualCost).toHaveBeenLastCalledWith('m1', '1102'));
		await waitFor(() => expect(onchanged).toHaveBeenCalledWith(posted));
	});

	it('tells Managing & Finances that recording posts at once', async () => {
		session.user = FINANCES;
		render(MissionCost, { mission: UNDER_WAY, onchanged: vi.fn() });
		await fireEvent.click(screen.getByTestId('cost-record'));
		expect(await screen.findByTestId('cost-hint')).toHaveTextContent(es.cooperation.cost.posts_now);
	});
});
