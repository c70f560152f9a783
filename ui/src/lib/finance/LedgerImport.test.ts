import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { commands } = vi.hoisted(() => ({
	commands: { ledgerImportPreview: vi.fn(), ledgerImport: vi.fn(), bankStatementPreview: vi.fn(), bankStatementImport: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import { notices } from '$lib/ui/notices.svelte';
import LedgerImport from './LedgerImport.svelte';
import { ACCOUNTS } from './fixtures';

function choose(text: string) {
	const bytes = new TextEncoder().encode(text);
	const file = new File([bytes], 'diario.csv', { type: 'text/csv' });
	Object.defineProperty(file, 'arrayBuffer', { value: async () => bytes.buffer.slice(0) });
	const input = screen.getByTestId('ledger-import-file') as HTMLInputElement;
	Object.defineProperty(input, 'files', { value: [file], configurable: true });
	return fireEvent.change(input);
}

const CSV = 'date,reference,description,account,debit,credit,currency\n2026-03-01,F1,Viaje,5101,100,0,USD\n2026-03-01,F1,Viaje,1101,0,10x,USD\n';
const ENTRY = {
	first_line: 2,
	last_line: 3,
	ok: false,
	input: {
		entry_date: '2026-03-01',
		description: 'Viaje',
		kind: 'regular',
		reference: 'F1',
		currency: 'USD',
		rate: null,
		lines: [
			{ account: '5101', debit: '100', credit: '0', budget_line_id: null, unit_id: null, member_id: null, memo: '' },
			{ account: '1101', debit: '0', credit: '100', budget_line_id: null, unit_id: null, member_id: null, memo: '' }
		]
	}
};

describe('LedgerImport', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		notices.clear();
	});

	it('lists the problems per line and column and does not allow the import while any remain', async () => {
		commands.ledgerImportPreview.mockResolvedValue({
			delimiter: ',',
			entries: [ENTRY],
			issues: [{ line: 3, code: 'invalid_format', field: 'credit', message: "'10x' is not a decimal" }]
		});
		const onimported = vi.fn();
		render(LedgerImport, { accounts: ACCOUNTS, onimported });
		await choose(CSV);
		await waitFor(() => expect(commands.ledgerImportPreview).toHaveBeenCalledWith(CSV));
		const issues = await screen.findByTestId('import-issues');
		expect(issues).toHaveTextContent('Línea 3');
		expect(issues).toHaveTextContent('Columna «credit»: El formato no es válido.');
		expect(issues).toHaveTextContent("'10x' is not a decimal");
		expect(screen.getByTestId('ledger-import-rows')).toHaveTextContent('2–3');
		const run = screen.getByTestId('ledger-import-run');
		expect(run).toBeDisabled();
		await fireEvent.click(run);
		expect(commands.ledgerImport).not.toHaveBeenCalled();
		expect(onimported).not.toHaveBeenCalled();
	});

	it('previews a bank statement against the chosen accounts and imports it all at once', async () => {
		commands.bankStatementPreview.mockResolvedValue({ delimiter: ';', entries: [{ ...ENTRY, ok: true }], issues: [] });
		commands.bankStatementImport.mockResolvedValue({ entries: 1, lines: 2, entry_ids: ['e1'] });
		const onimported = vi.fn();
		render(LedgerImport, { accounts: ACCOUNTS, onimported });
		await fireEvent.click(screen.getByTestId('import-kind-bank'));
		expect([...(screen.getByLabelText('Cuenta bancaria') as HTMLSelectElement).options].map((o) => o.value)).toEqual(['', '1101', '1102']);
		await choose('date;description;amount\n2026-03-02;SPEI CCSS;1250.00\n');
		expect(screen.getByText(/Elija la cuenta bancaria y la de contrapartida/)).toBeInTheDocument();
		expect(commands.bankStatementPreview).not.toHaveBeenCalled();
		await fireEvent.change(screen.getByTestId('import-bank-account'), { target: { value: '1102' } });
		await fireEvent.change(screen.getByTestId('import-counterpart'), { target: { value: '4101' } });
		await waitFor(() => expect(commands.bankStatementPreview).toHaveBeenCalledWith('date;description;amount\n2026-03-02;SPEI CCSS;1250.00\n', '1102', '4101'));
		const run = await screen.findByTestId('ledger-import-run');
		await waitFor(() => expect(run).toBeEnabled());
		await fireEvent.click(run);
		await waitFor(() => expect(commands.bankStatementImport).toHaveBeenCalledWith(expect.stringContaining('SPEI CCSS'), '1102', '4101'));
		await waitFor(() => expect(onimported).toHaveBeenCalled());
		expect(notices.items.map((n) => n.text)).toContain('Se importó 1 asiento (2 líneas).');
	});
});
