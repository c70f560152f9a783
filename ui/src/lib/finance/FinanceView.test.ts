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
		projectionsList: vi.fn(),
		financeUnits: vi.fn(),
		fiscalYears: vi.fn(),
		ledgerEntries: vi.fn(),
		ratesList: vi.fn(),
		statementsGet: vi.fn()
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
		commands.financeUnits.mockResolvedValue([]);
		commands.fiscalYears.mockResolvedValue([]);
		commands.ledgerEntries.mockResolvedValue({ entries: [], total: 0 });
		commands.ratesList.mockResolvedValue([]);
		commands.statementsGet.mockRejectedValue({ code: 'not_found', message: 'no statements' });
	});

	it('opens the tab of the address and moves between all five tabs with the arrow keys, Home and End', async () => {
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
		const ledger = screen.getByRole('tab', { name: 'Contabilidad' });
		expect(ledger).toHaveAttribute('aria-selected', 'true');
		expect(window.location.search).toContain('tab=ledger');
		expect(await screen.findByTestId('ledger-empty')).toBeInTheDocument();

		await fireEvent.keyDown(ledger, { key: 'End' });
		const statements = screen.getByRole('tab', { name: 'Estados financieros' });
		expect(statements).toHaveAttribute('aria-selected', 'true');
		expect(window.location.search).toContain('tab=statements');

		await fireEvent.keyDown(statements, { key: 'ArrowRight' });
		expect(screen.getByRole('tab', { name: 'Cuotas' })).toHaveAttribute('aria-selected', 'true');
		expect(await screen.findByTestId('dues-empty')).toBeInTheDocument();
	});
});
