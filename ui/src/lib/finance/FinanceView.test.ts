import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { commands } = vi.hoisted(() => ({
	commands: {
		duesStatus: vi.fn(),
		duesInvoices: vi.fn(),
		financeAccounts: vi.fn(),
		arrearsRuleGet: vi.fn(),
		budgetStructure: vi.fn(),
		budgetGet: vi.fn(),
		projectionsList: vi.fn()
	}
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import { session } from '$lib/session/session.svelte';
import FinanceView from './FinanceView.svelte';
import { FINANCE_USER } from './fixtures';

describe('FinanceView', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = FINANCE_USER;
		commands.duesStatus.mockResolvedValue([]);
		commands.duesInvoices.mockResolvedValue([]);
		commands.financeAccounts.mockResolvedValue([]);
		commands.arrearsRuleGet.mockResolvedValue({ arrears_years: 2, plan_keeps_vote: true });
		commands.budgetStructure.mockResolvedValue([]);
		commands.budgetGet.mockRejectedValue({ code: 'not_found', message: 'no budget' });
		commands.projectionsList.mockResolvedValue([]);
	});

	it('opens the tab of the address and moves between tabs with the arrow keys', async () => {
		render(FinanceView, { initialTab: 'budget' });
		expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Finanzas');
		const budget = screen.getByRole('tab', { name: 'Presupuesto' });
		expect(budget).toHaveAttribute('aria-selected', 'true');
		expect(await screen.findByTestId('budget-empty')).toBeInTheDocument();

		await fireEvent.keyDown(budget, { key: 'ArrowRight' });
		const projection = screen.getByRole('tab', { name: 'Proyección' });
		expect(projection).toHaveAttribute('aria-selected', 'true');
		expect(projection).toHaveFocus();
		expect(window.location.search).toContain('tab=projection');
		expect(await screen.findByTestId('projection-empty')).toBeInTheDocument();

		await fireEvent.keyDown(projection, { key: 'ArrowRight' });
		expect(screen.getByRole('tab', { name: 'Cuotas' })).toHaveAttribute('aria-selected', 'true');
		expect(await screen.findByTestId('dues-empty')).toBeInTheDocument();
	});
});
