import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { commands } = vi.hoisted(() => ({
	commands: {
		duesStatus: vi.fn(),
		duesInvoices: vi.fn(),
		financeAccounts: vi.fn(),
		arrearsRuleGet: vi.fn(),
		duesRecordPayment: vi.fn()
	}
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import { session } from '$lib/session/session.svelte';
import { notices } from '$lib/ui/notices.svelte';
import DuesTab from './DuesTab.svelte';
import { FINANCE_USER, STATUSES, status } from './fixtures';

const ACCOUNTS = [
	{ id: 'a1', code: '1101', name: 'Caja', kind: 'asset', current: true, cash_flow: 'cash' },
	{ id: 'a2', code: '1102', name: 'Bank USD', kind: 'asset', current: true, cash_flow: 'cash' },
	{ id: 'a3', code: '4101', name: 'Cuotas', kind: 'revenue', current: true, cash_flow: 'operating' }
];

function rows(): string[] {
	return screen.getAllByTestId(/^dues-row-/).map((r) => r.dataset.testid!.replace('dues-row-', ''));
}

describe('DuesTab', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		notices.clear();
		session.user = FINANCE_USER;
		commands.duesStatus.mockResolvedValue(STATUSES);
		commands.duesInvoices.mockResolvedValue([{ id: 'i1' }]);
		commands.financeAccounts.mockResolvedValue(ACCOUNTS);
		commands.arrearsRuleGet.mockResolvedValue({ arrears_years: 2, plan_keeps_vote: true });
	});

	it('shows each member with its debt, ageing and vote, and filters those in arrears', async () => {
		render(DuesTab);
		await screen.findByTestId('dues-row-CCSS');
		expect(rows()).toEqual(['BPS', 'CCSS', 'IMSS']);

		const ccss = screen.getByTestId('dues-row-CCSS');
		expect(within(ccss).getByRole('link', { name: 'CCSS' })).toHaveAttribute('href', '/members/view?id=m-CCSS');
		expect(screen.getByTestId('owed-CCSS').textContent).toMatch(/2,500\.00/);
		expect(screen.getByTestId('vote-CCSS')).toHaveTextContent('Sin voto');
		expect(screen.getByTestId('vote-CCSS')).toHaveTextContent('Voto suspendido por adeudo de cuotas');
		expect(screen.getByTestId('vote-IMSS')).toHaveTextContent('Con voto');
		expect(screen.getByTestId('vote-IMSS')).toHaveTextContent('Al corriente');
		expect(screen.getByTestId('vote-BPS')).toHaveTextContent('Con voto');
		expect(screen.getByTestId('plan-BPS')).toHaveTextContent('Plan de pagos');
		// Exact decimal strings, beyond what a float holds.
		expect(screen.getByTestId('owed-BPS').textContent).toMatch(/12,345,678,901,234,567\.11/);

		await fireEvent.click(screen.getByTestId('dues-arrears-only'));
		expect(rows()).toEqual(['BPS', 'CCSS']);

		await fireEvent.click(screen.getByTestId('dues-sort-owed'));
		expect(rows()).toEqual(['BPS', 'CCSS']);
		await fireEvent.click(screen.getByTestId('dues-sort-owed'));
		expect(rows()).toEqual(['CCSS', 'BPS']);

		await fireEvent.input(screen.getByTestId('dues-search'), { target: { value: 'costarricense' } });
		expect(rows()).toEqual(['CCSS']);
		expect(screen.getByTestId('dues-count')).toHaveTextContent('1 miembro');
	});

	it('explains what to do when no dues were ever invoiced', async () => {
		commands.duesInvoices.mockResolvedValue([]);
		commands.duesStatus.mockResolvedValue([status({ member_acronym: 'IMSS' })]);
		render(DuesTab);
		expect(await screen.findByTestId('dues-empty')).toHaveTextContent('Fije las escalas de cuotas del año');
	});

	it('records a payment as a plain decimal string, shows the refused field, and how the payment was applied', async () => {
		const user = userEvent.setup();
		render(DuesTab);
		await user.click(await screen.findByTestId('pay-CCSS'));
		const dialog = screen.getByTestId('payment-dialog');
		const amount = within(dialog).getByLabelText('Monto recibido');
		expect(amount).toHaveValue('2500.00');
		expect(within(dialog).getByLabelText('Moneda')).toHaveValue('USD');
		expect(within(dialog).getByLabelText('Cuenta bancaria')).toHaveValue('1102');
		expect(within(dialog).getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual(['', '1101', '1102']);

		commands.duesRecordPayment.mockRejectedValueOnce({ code: 'invalid_format', message: 'amount: not a decimal', field: 'amount' });
		await user.clear(amount);
		await user.type(amount, '1,250.5');
		await user.type(within(dialog).getByLabelText('Referencia bancaria'), 'SPEI 123');
		await user.click(screen.getByTestId('payment-save'));
		await waitFor(() =>
			expect(commands.duesRecordPayment).toHaveBeenCalledWith({
				member_id: 'm-CCSS',
				received_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
				amount: '1250.5',
				currency: 'USD',
				reference: 'SPEI 123',
				bank_account: '1102'
			})
		);
		const error = await screen.findByTestId('error-amount');
		expect(error).toHaveTextContent('El formato no es válido.');
		expect(amount).toHaveAttribute('aria-invalid', 'true');
		expect(amount.getAttribute('aria-describedby')).toBe(error.id);
		await waitFor(() => expect(amount).toHaveFocus());

		commands.duesRecordPayment.mockResolvedValueOnce({
			id: 'pay1',
			member_id: 'm-CCSS',
			received_on: '2026-05-02',
			currency: 'USD',
			amount: '1250.50',
			reference: 'SPEI 123',
			unapplied: '0.50',
			allocations: [{ invoice_id: 'i1', invoice_number: 'CISS-2024-0007', fiscal_year: 2024, amount: '1250.00' }],
			entry_id: 'e1'
		});
		commands.duesStatus.mockResolvedValue([STATUSES[0], { ...STATUSES[1], owed: '1250.00', years_owed: 1, may_vote: true, reason: 'good_standing' }, STATUSES[2]]);
		await fireEvent.input(amount, { target: { value: '1250.50' } });
		expect(screen.queryByTestId('error-amount')).not.toBeInTheDocument();
		await user.click(screen.getByTestId('payment-save'));
		await waitFor(() => expect(commands.duesRecordPayment).toHaveBeenCalledTimes(2));
		expect(commands.duesRecordPayment.mock.calls[1][0].amount).toBe('1250.50');
		await waitFor(() => expect(notices.items.map((n) => n.text).join()).toMatch(/CISS-2024-0007 \(2024\): .*1,250\.00.*crédito sin aplicar .*0\.50/));
		await waitFor(() => expect(screen.getByTestId('vote-CCSS')).toHaveTextContent('Con voto'));
		expect(commands.duesStatus).toHaveBeenCalledTimes(2);
	});
});
