import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { commands } = vi.hoisted(() => ({
	commands: {
		financeAccounts: vi.fn(),
		financeUnits: vi.fn(),
		budgetStructure: vi.fn(),
		fiscalYears: vi.fn(),
		ledgerEntries: vi.fn(),
		entryGet: vi.fn(),
		entryAttachments: vi.fn(),
		entryAttachmentAdd: vi.fn(),
		ratesList: vi.fn(),
		rateSet: vi.fn(),
		fiscalYearClose: vi.fn(),
		ledgerTrialBalance: vi.fn()
	}
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
const dialog = vi.hoisted(() => ({ open: vi.fn(), save: vi.fn() }));
vi.mock('@tauri-apps/plugin-dialog', () => dialog);

import { session } from '$lib/session/session.svelte';
import LedgerTab from './LedgerTab.svelte';
import { ACCOUNTS, entrySummary, FINANCE_USER } from './fixtures';

function page(from: number, count: number, total: number) {
	return { entries: Array.from({ length: count }, (_, i) => entrySummary(total - from - i)), total };
}

describe('LedgerTab', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		// No leftover one-time page from a test that stopped early.
		commands.ledgerEntries.mockReset();
		commands.entryAttachments.mockReset();
		session.user = FINANCE_USER;
		commands.financeAccounts.mockResolvedValue(ACCOUNTS);
		commands.financeUnits.mockResolvedValue([{ id: 'u1', code: 'SG', name: 'Secretaría General' }]);
		commands.budgetStructure.mockResolvedValue([]);
		commands.fiscalYears.mockResolvedValue([
			{ year: 2026, start_date: '2026-01-01', end_date: '2026-12-31', status: 'open', closed_at: null, closed_by: null },
			{ year: 2025, start_date: '2025-01-01', end_date: '2025-12-31', status: 'closed', closed_at: '2026-02-01T10:00:00Z', closed_by: 'u-sg' }
		]);
		commands.ratesList.mockResolvedValue([]);
	});

	/** The core's answer for a window: entries numbered from the newest (total) down. */
	function byOffset(total: number) {
		return async ({ limit, offset }: { limit: number; offset: number }) => page(offset, Math.max(0, Math.min(limit, total - offset)), total);
	}

	it('renders only the rows in view of a long journal, and fetches later windows of 200 as it scrolls', async () => {
		commands.ledgerEntries.mockImplementation(byOffset(100_000));
		render(LedgerTab);
		await waitFor(() => expect(screen.getByTestId('ledger-range')).toHaveTextContent(/^1–17 de 100[,.]?000 asientos$/));
		expect(commands.ledgerEntries).toHaveBeenCalledWith({ year: null, account: null, text: null, from: null, to: null, limit: 200, offset: 0 });
		const table = screen.getByTestId('ledger-table');
		expect(table).toHaveAttribute('aria-rowcount', '100001');
		// A screenful (17 rows of 36 px in 600 px) and 8 more: not 100,000.
		const rows = within(table).getAllByRole('row');
		expect(rows).toHaveLength(1 + 25);
		expect(rows[1]).toHaveAttribute('aria-rowindex', '2');
		expect(screen.getByTestId('ledger-row-100000')).toBeInTheDocument();
		expect(screen.queryByTestId('ledger-row-99900')).toBeNull();
		expect(screen.getByTestId('ledger-prev')).toBeDisabled();

		// Scrolling reveals later rows, from the window the core sends for them.
		const viewport = screen.getByTestId('ledger-table-viewport');
		viewport.scrollTop = 36 * 50_000;
		await fireEvent.scroll(viewport);
		await waitFor(() => expect(commands.ledgerEntries).toHaveBeenCalledWith(expect.objectContaining({ limit: 200, offset: 50_000 })));
		// Only the windows around the view: 0, then 49,800 (the rows above) and 50,000.
		expect(commands.ledgerEntries).toHaveBeenCalledTimes(3);
		await waitFor(() => expect(screen.getByTestId('ledger-row-50000')).toBeInTheDocument());
		expect(screen.getByTestId('ledger-row-50000')).toHaveAttribute('aria-rowindex', String(50_000 + 2));
		expect(screen.queryByTestId('ledger-row-100000')).toBeNull();
		expect(within(table).getAllByRole('row').length).toBeLessThan(45);
		expect(screen.getByTestId('ledger-range')).toHaveTextContent(/^50[,.]?001–50[,.]?017 de 100[,.]?000 asientos$/);
		expect(screen.getByTestId('ledger-prev')).toBeEnabled();

		// The next-page button scrolls one screenful (keeping the last row in view).
		await fireEvent.click(screen.getByTestId('ledger-next'));
		await waitFor(() => expect(screen.getByTestId('ledger-range')).toHaveTextContent(/^50[,.]?016–/));
	});

	it('starts again from the top with a new filter', async () => {
		commands.ledgerEntries.mockImplementationOnce(byOffset(120)).mockResolvedValue(page(0, 3, 3));
		render(LedgerTab);
		await waitFor(() => expect(screen.getByTestId('ledger-range')).toHaveTextContent('1–17 de 120 asientos'));
		await fireEvent.change(screen.getByTestId('ledger-year'), { target: { value: '2025' } });
		await fireEvent.input(screen.getByTestId('ledger-text'), { target: { value: ' SPEI ' } });
		await fireEvent.click(screen.getByTestId('ledger-search'));
		await waitFor(() =>
			expect(commands.ledgerEntries).toHaveBeenLastCalledWith({ year: 2025, account: null, text: 'SPEI', from: null, to: null, limit: 200, offset: 0 })
		);
		await waitFor(() => expect(screen.getByTestId('ledger-range')).toHaveTextContent('1–3 de 3 asientos'));
		expect(within(screen.getByTestId('ledger-table')).getAllByRole('row')).toHaveLength(4);
		expect(screen.getByTestId('ledger-next')).toBeDisabled();
	});

	it('opens an entry with its lines in both currencies and the stored rate, and attaches a document', async () => {
		commands.ledgerEntries.mockResolvedValue({ entries: [entrySummary(7, { currency: 'MXN', attachments: 1 })], total: 1 });
		commands.entryAttachments.mockResolvedValueOnce([]).mockResolvedValue([
			{ id: 'at1', entry_id: 'e7', file_name: 'factura-12.pdf', sha256: 'x', size_bytes: 2048, created_at: '2026-03-02T10:00:00Z' }
		]);
		commands.entryAttachmentAdd.mockResolvedValue({ id: 'at1', entry_id: 'e7', file_name: 'factura-12.pdf', sha256: 'x', size_bytes: 2048, created_at: '2026-03-02T10:00:00Z' });
		dialog.open.mockResolvedValue('/home/jo/factura-12.pdf');
		commands.entryGet.mockResolvedValue({
			id: 'e7',
			fiscal_year: 2026,
			number: 7,
			entry_date: '2026-03-01',
			description: 'Viáticos',
			kind: 'regular',
			source: 'manual',
			reference: 'F-12',
			currency: 'MXN',
			rate: '0.0541',
			total: '1850.00',
			lines: [
				{ line_no: 1, account_code: '5101', account_name: 'Viajes', debit: '1850.00', credit: '0', debit_reporting: '100.09', credit_reporting: '0', budget_line_id: null, unit_id: 'u1', member_id: null, memo: 'Lima' },
				{ line_no: 2, account_code: '1101', account_name: 'Caja', debit: '0', credit: '1850.00', debit_reporting: '0', credit_reporting: '100.09', budget_line_id: null, unit_id: null, member_id: null, memo: '' }
			]
		});
		render(LedgerTab);
		await fireEvent.click(await screen.findByRole('button', { name: 'Ver el asiento 2026/7' }));
		const detail = await screen.findByTestId('entry-detail');
		expect(commands.entryGet).toHaveBeenCalledWith('e7');
		expect(within(detail).getByTestId('entry-detail-currency')).toHaveTextContent('MXN · tipo de cambio 0.0541');
		expect(within(detail).getByRole('rowheader', { name: '5101 — Viajes' }).closest('tr')).toHaveTextContent(/1,850\.00\s*100\.09\s*SG\s*Lima/);
		expect(screen.getByTestId('ledger-row-7')).toHaveTextContent('1 documento adjunto');

		// A supporting document chosen in the system's dialog is attached to the entry.
		await waitFor(() => expect(commands.entryAttachments).toHaveBeenCalledWith('e7'));
		expect(within(detail).getByTestId('entry-attachments')).toHaveTextContent('Sin documentos adjuntos.');
		await fireEvent.click(within(detail).getByTestId('entry-attach'));
		await waitFor(() => expect(commands.entryAttachmentAdd).toHaveBeenCalledWith('e7', '/home/jo/factura-12.pdf'));
		await waitFor(() => expect(within(detail).getByTestId('entry-attachments')).toHaveTextContent('factura-12.pdf (2 KB'));
	});

	it('does not offer closing a fiscal year to Managing & Finances', async () => {
		commands.ledgerEntries.mockResolvedValue({ entries: [], total: 0 });
		render(LedgerTab);
		await screen.findByTestId('year-2026');
		expect(screen.queryByTestId('year-close-2026')).not.toBeInTheDocument();
	});

	it('lets the Secretary-General close an open year after the warning', async () => {
		session.user = { ...FINANCE_USER, role: 'secretary_general' };
		commands.ledgerEntries.mockResolvedValue({ entries: [], total: 0 });
		commands.fiscalYearClose.mockResolvedValue({});
		render(LedgerTab);
		await fireEvent.click(await screen.findByTestId('year-close-2026'));
		expect(screen.queryByTestId('year-close-2025')).not.toBeInTheDocument();
		const dialog = screen.getByRole('alertdialog');
		expect(dialog).toHaveTextContent('no se puede deshacer');
		expect(dialog).toHaveTextContent('asientos de ajuste en un ejercicio abierto');
		await fireEvent.click(within(dialog).getByTestId('confirm'));
		await waitFor(() => expect(commands.fiscalYearClose).toHaveBeenCalledWith(2026));
		await waitFor(() => expect(commands.fiscalYears).toHaveBeenCalledTimes(2));
	});
});
