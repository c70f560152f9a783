import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { commands } = vi.hoisted(() => ({
	commands: {
		budgetStructure: vi.fn(),
		budgetGet: vi.fn(),
		budgetVsActual: vi.fn(),
		budgetSetExplanation: vi.fn(),
		budgetRevisions: vi.fn(),
		budgetSetOriginal: vi.fn(),
		budgetApprove: vi.fn(),
		financeExport: vi.fn()
	}
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import { session } from '$lib/session/session.svelte';
import BudgetTab from './BudgetTab.svelte';
import { comparison, FINANCE_USER } from './fixtures';

const BUDGET = {
	year: 2026,
	currency: 'USD',
	status: 'approved',
	approved_on: '2026-01-15',
	approved_by: 'u-sg',
	lines: [],
	original_revenue: '1000000.00',
	original_expense: '200000.00',
	final_revenue: '1000000.00',
	final_expense: '250000.00'
};

describe('BudgetTab', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = FINANCE_USER;
		commands.budgetStructure.mockResolvedValue([]);
		commands.budgetRevisions.mockResolvedValue([]);
	});

	it('shows the comparison with favourable and unfavourable variances, and saves an explanation on Enter', async () => {
		commands.budgetGet.mockResolvedValue(BUDGET);
		commands.budgetVsActual.mockResolvedValue(comparison());
		commands.budgetSetExplanation.mockResolvedValue(null);
		render(BudgetTab);
		const table = await screen.findByTestId('budget-table');
		expect(commands.budgetVsActual).toHaveBeenCalledWith(new Date().getFullYear());

		const travel = within(table).getByTestId('budget-line-3.3');
		expect(travel).toHaveTextContent('Viajes y misiones');
		expect(screen.getByTestId('variance-3.3')).toHaveTextContent('50,000.00');
		expect(screen.getByTestId('variance-3.3')).not.toHaveClass('unfavourable');
		expect(screen.getByTestId('variance-pct-3.3')).toHaveTextContent('20.0 %');
		expect(screen.getByTestId('variance-1.1')).toHaveTextContent('-100,000.00');
		expect(screen.getByTestId('variance-1.1')).toHaveClass('unfavourable');
		expect(screen.getByTestId('variance-1.1')).toHaveTextContent('(desfavorable)');
		expect(screen.getByTestId('chapter-total-3')).toHaveTextContent('Total 3 Servicios');
		expect(screen.getByTestId('variance-net')).toHaveTextContent('-50,000.00');
		expect(screen.getByTestId('variance-pct-net')).toHaveTextContent('—');
		expect(screen.getByTestId('budget-units')).toHaveTextContent('SG — Secretaría General');

		const user = userEvent.setup();
		await user.click(screen.getByTestId('explanation-1.1'));
		const input = screen.getByTestId('explanation-input-1.1');
		expect(input).toHaveFocus();
		await user.type(input, 'Dos miembros no pagaron{Enter}');
		await waitFor(() => expect(commands.budgetSetExplanation).toHaveBeenCalledWith(2026, 'l-11', 'Dos miembros no pagaron'));
		expect(await screen.findByTestId('explanation-1.1')).toHaveTextContent('Dos miembros no pagaron');
		await waitFor(() => expect(screen.getByTestId('explanation-1.1')).toHaveFocus());

		// Escape cancels without saving.
		await user.click(screen.getByTestId('explanation-3.3'));
		const other = screen.getByTestId('explanation-input-3.3');
		expect(other).toHaveValue('Misiones pospuestas');
		await user.clear(other);
		await user.type(other, 'otra cosa{Escape}');
		expect(screen.getByTestId('explanation-3.3')).toHaveTextContent('Misiones pospuestas');
		expect(commands.budgetSetExplanation).toHaveBeenCalledTimes(1);
	});

	it('offers to enter the original amounts when the year has no budget', async () => {
		commands.budgetGet.mockRejectedValue({ code: 'not_found', message: 'no budget for 2026' });
		commands.budgetStructure.mockResolvedValue([
			{
				id: 'ch3',
				code: '3',
				name: 'Servicios',
				kind: 'expense',
				position: 3,
				lines: [{ id: 'l-33', chapter_id: 'ch3', chapter_code: '3', code: '3.3', name: 'Viajes', unit_code: 'AF' }]
			}
		]);
		commands.budgetSetOriginal.mockResolvedValue({ ...BUDGET, status: 'draft' });
		render(BudgetTab);
		expect(await screen.findByTestId('budget-empty')).toHaveTextContent('No hay presupuesto');
		expect(screen.queryByTestId('budget-approve')).not.toBeInTheDocument();
		await fireEvent.input(screen.getByTestId('original-3.3'), { target: { value: '250,000.00' } });
		await fireEvent.click(screen.getByTestId('budget-save'));
		await waitFor(() => expect(commands.budgetSetOriginal).toHaveBeenCalledWith(new Date().getFullYear(), [['l-33', '250000.00']]));
	});

	it('exports the selected year’s budget report with the shared report actions', async () => {
		commands.budgetGet.mockResolvedValue(BUDGET);
		commands.budgetVsActual.mockResolvedValue(comparison());
		commands.financeExport.mockResolvedValue({ path: '/home/jo/Descargas/presupuesto.csv', rows: 8 });
		render(BudgetTab);
		await screen.findByTestId('budget-table');
		await fireEvent.click(screen.getByTestId('report-csv'));
		const year = new Date().getFullYear();
		await waitFor(() => expect(commands.financeExport).toHaveBeenCalledWith({ kind: 'budget', year }, 'es', 'csv'));
	});
});
