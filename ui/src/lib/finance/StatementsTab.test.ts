import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const { commands, dialog, renderPages } = vi.hoisted(() => ({
	commands: {
		statementsGet: vi.fn(),
		financePrint: vi.fn(),
		financeExport: vi.fn(),
		documentSave: vi.fn(),
		documentOpen: vi.fn(),
		documentPrint: vi.fn()
	},
	dialog: { open: vi.fn(), save: vi.fn() },
	renderPages: vi.fn()
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('$lib/sessions/pdf', () => ({ renderPages }));
vi.mock('@tauri-apps/plugin-dialog', () => dialog);

import { notices } from '$lib/ui/notices.svelte';
import { statements } from './fixtures';
import StatementsTab from './StatementsTab.svelte';

const DOC = { path: '/data/prints/statements-2025-en.pdf', pages: 9, pdf_base64: btoa('%PDF-1.7 fake') };

describe('StatementsTab', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		commands.statementsGet.mockResolvedValue(statements());
		renderPages.mockResolvedValue(9);
	});
	afterEach(() => notices.clear());

	it('shows last year’s statements with the comparative year, negatives in parentheses, and a failed check', async () => {
		render(StatementsTab);
		const total = await screen.findByTestId('statements-total-assets');
		expect(commands.statementsGet).toHaveBeenCalledWith(new Date().getFullYear() - 1);
		expect(total).toHaveTextContent('1,197,500.50');
		expect(total.closest('tr')).toHaveTextContent(/Total del activo\s*1,197,500\.50\s*900,000\.00/);

		const position = screen.getByTestId('statement-position');
		expect(within(position).getByRole('columnheader', { name: '2025' })).toBeInTheDocument();
		expect(within(position).getByRole('columnheader', { name: '2024' })).toBeInTheDocument();
		expect(within(position).getByRole('rowheader', { name: '1201 Cuotas por cobrar' }).closest('tr')).toHaveTextContent('(2,500.00)');

		const banner = screen.getByTestId('statements-balanced');
		expect(banner).toHaveAttribute('data-ok', 'false');
		expect(banner).toHaveTextContent('Los estados presentan problemas');
		expect(banner).toHaveTextContent('El flujo de efectivo no concilia');
		expect(banner).not.toHaveTextContent('El activo no es igual');

		expect(screen.getByTestId('receivable-CCSS')).toHaveTextContent(/CCSS.*2,500\.00.*1,250\.00.*1,250\.00/);
	});

	it('shows an OK banner when every check passes', async () => {
		commands.statementsGet.mockResolvedValue({ ...statements(), checks: { balanced: true, net_assets_reconcile: true, cash_reconciles: true, journal_balances: true } });
		render(StatementsTab);
		const banner = await screen.findByTestId('statements-balanced');
		expect(banner).toHaveAttribute('data-ok', 'true');
		expect(banner).toHaveTextContent('Los estados cuadran');
	});

	it('exports the year’s statements to XLSX and CSV, and previews the PDF in the chosen language', async () => {
		commands.financeExport.mockResolvedValue({ path: '/home/jo/Descargas/estados-2025.xlsx', rows: 120 });
		commands.financePrint.mockResolvedValue(DOC);
		render(StatementsTab);
		await fireEvent.click(await screen.findByTestId('report-xlsx'));
		await waitFor(() => expect(commands.financeExport).toHaveBeenCalledWith({ kind: 'statements', year: 2025 }, 'es', 'xlsx'));
		await waitFor(() => expect(notices.items.map((n) => n.text)).toContain('Exportado a XLSX (120 filas): /home/jo/Descargas/estados-2025.xlsx'));
		await fireEvent.click(screen.getByTestId('report-csv'));
		await waitFor(() => expect(commands.financeExport).toHaveBeenLastCalledWith({ kind: 'statements', year: 2025 }, 'es', 'csv'));

		await fireEvent.change(screen.getByTestId('report-language'), { target: { value: 'en' } });
		await fireEvent.click(screen.getByTestId('report-preview'));
		await waitFor(() => expect(commands.financePrint).toHaveBeenCalledWith({ kind: 'statements', year: 2025 }, 'en'));
		expect(await screen.findByTestId('print-summary')).toHaveTextContent('9 páginas');
		await waitFor(() => expect(renderPages).toHaveBeenCalledTimes(1));
		expect(renderPages.mock.calls[0][1]).toBe(screen.getByTestId('print-preview'));

		dialog.save.mockResolvedValue('/home/jo/estados.pdf');
		commands.documentSave.mockResolvedValue(null);
		await fireEvent.click(screen.getByTestId('print-save'));
		await waitFor(() => expect(commands.documentSave).toHaveBeenCalledWith(DOC.path, '/home/jo/estados.pdf'));
		expect(dialog.save.mock.calls[0][0]).toMatchObject({ defaultPath: 'Estados-financieros-2025-en.pdf' });
	});

	it('shows the core’s refusal when the report cannot be exported', async () => {
		commands.financeExport.mockRejectedValue({ code: 'storage', message: 'disk full' });
		render(StatementsTab);
		await fireEvent.click(await screen.findByTestId('report-xlsx'));
		const banner = await screen.findByTestId('error-banner');
		expect(banner).toHaveTextContent('disk full');
	});
});
