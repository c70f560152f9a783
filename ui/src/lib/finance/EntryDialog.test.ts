import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { commands } = vi.hoisted(() => ({ commands: { entryPost: vi.fn() } }));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import EntryDialog from './EntryDialog.svelte';
import { ACCOUNTS } from './fixtures';

const UNITS = [{ id: 'u1', code: 'SG', name: 'Secretaría General' }];

describe('EntryDialog', () => {
	beforeEach(() => vi.clearAllMocks());

	it('shows the difference until debits equal credits, and Enter in the last amount adds a line', async () => {
		const user = userEvent.setup();
		render(EntryDialog, { open: true, accounts: ACCOUNTS, structure: [], units: UNITS, onsaved: vi.fn() });
		const balance = screen.getByTestId('entry-balance');
		await user.type(screen.getByTestId('entry-debit-0'), '0.10');
		await user.type(screen.getByTestId('entry-debit-1'), '0.20');
		expect(screen.getByTestId('entry-total-debit')).toHaveTextContent('0.30');
		expect(balance).toHaveTextContent('Diferencia: 0.30 de más en el Debe.');

		await user.click(screen.getByTestId('entry-debit-1'));
		await user.keyboard('{Enter}');
		expect(screen.getByTestId('entry-line-2')).toBeInTheDocument();
		expect(screen.getByTestId('entry-account-2')).toHaveFocus();
		await user.type(screen.getByTestId('entry-credit-2'), '0.3');
		expect(screen.getByTestId('entry-total-credit')).toHaveTextContent('0.30');
		expect(balance).toHaveTextContent('Cuadrado');
		expect(balance).not.toHaveTextContent('Diferencia');

		await user.type(screen.getByTestId('entry-credit-0'), 'abc');
		expect(balance).toHaveTextContent('no es un número');
	});

	it('sends normalized decimal strings and puts the core’s lines[1].debit error under that cell', async () => {
		const user = userEvent.setup();
		const onsaved = vi.fn();
		render(EntryDialog, { open: true, accounts: ACCOUNTS, structure: [], units: UNITS, onsaved });
		await user.type(screen.getByTestId('entry-description'), 'Viáticos Lima');
		await fireEvent.change(screen.getByTestId('entry-account-0'), { target: { value: '5101' } });
		await fireEvent.change(screen.getByTestId('entry-account-1'), { target: { value: '1101' } });
		await user.type(screen.getByTestId('entry-debit-0'), '1,250.5');
		await user.type(screen.getByTestId('entry-credit-1'), '1250.50');
		expect(screen.getByTestId('entry-balance')).toHaveTextContent('Cuadrado');

		commands.entryPost.mockRejectedValueOnce({ code: 'invalid_value', message: 'a line has both sides', field: 'lines[1].debit' });
		await user.click(screen.getByTestId('entry-save'));
		await waitFor(() => expect(commands.entryPost).toHaveBeenCalledTimes(1));
		const input = commands.entryPost.mock.calls[0][0];
		expect(input).toMatchObject({ description: 'Viáticos Lima', kind: 'regular', currency: 'USD', rate: null, reference: '' });
		expect(input.lines).toEqual([
			{ account: '5101', debit: '1250.5', credit: '0', budget_line_id: null, unit_id: null, member_id: null, memo: '' },
			{ account: '1101', debit: '0', credit: '1250.50', budget_line_id: null, unit_id: null, member_id: null, memo: '' }
		]);

		const error = await screen.findByTestId('error-lines[1].debit');
		expect(error).toHaveTextContent('Este valor no está permitido.');
		const cell = screen.getByTestId('entry-debit-1');
		expect(cell).toHaveAttribute('aria-invalid', 'true');
		expect(cell.getAttribute('aria-describedby')).toBe(error.id);
		expect(cell.closest('td')).toContainElement(error);
		await waitFor(() => expect(cell).toHaveFocus());
		expect(onsaved).not.toHaveBeenCalled();
	});
});
