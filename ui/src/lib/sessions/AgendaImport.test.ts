import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgendaImportPreview } from '$lib/ipc/bindings';

const { commands } = vi.hoisted(() => ({ commands: { agendaImportPreview: vi.fn(), agendaImport: vi.fn() } }));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import AgendaImport from './AgendaImport.svelte';
import { agenda } from './fixtures';

const ROWS: AgendaImportPreview['rows'] = [
	{ line: 1, number: '1', kind: 'information', presenter: '', duration_minutes: 15, titles: { es: 'Apertura' }, notes: {}, ok: true },
	{ line: 2, number: '1.1', kind: 'information', presenter: 'Presidencia', duration_minutes: 5, titles: { es: 'Quórum' }, notes: {}, ok: true },
	{ line: 3, number: '2', kind: 'decision', presenter: '', duration_minutes: 30, titles: { es: 'Informe' }, notes: {}, ok: true }
];

describe('AgendaImport', () => {
	beforeEach(() => vi.clearAllMocks());

	it('previews a pasted list, lists the issues per line and refuses to import until it is clean', async () => {
		commands.agendaImportPreview.mockResolvedValueOnce({
			delimiter: '',
			rows: ROWS,
			issues: [{ line: 3, code: 'invalid_value', field: 'duration_minutes', message: 'an item lasts at most 1440 minutes' }],
			ignored_columns: []
		});
		commands.agendaImportPreview.mockResolvedValueOnce({ delimiter: '', rows: ROWS, issues: [], ignored_columns: [] });
		commands.agendaImport.mockResolvedValue(agenda());
		const onimported = vi.fn();
		render(AgendaImport, { open: true, sessionId: 's1', languages: ['es', 'en'], onimported });

		await fireEvent.click(screen.getByTestId('import-tab-text'));
		const text = '1. Apertura\n1.1 Quórum\n2) Informe (3000 min)';
		await fireEvent.input(screen.getByTestId('agenda-import-text'), { target: { value: text } });
		await fireEvent.click(screen.getByTestId('agenda-import-check'));
		await waitFor(() => expect(commands.agendaImportPreview).toHaveBeenCalledWith('s1', { text }));
		const issues = await screen.findByTestId('agenda-import-issues');
		expect(issues).toHaveTextContent('Línea 3');
		expect(issues).toHaveTextContent('Duración: La duración va de 0 a 1440 minutos.');
		expect(screen.getByTestId('agenda-import-rows')).toHaveTextContent('1.1');
		expect(screen.getByTestId('agenda-import-run')).toBeDisabled();

		const fixed = '1. Apertura\n1.1 Quórum\n2) Informe (30 min)';
		await fireEvent.input(screen.getByTestId('agenda-import-text'), { target: { value: fixed } });
		await fireEvent.click(screen.getByTestId('agenda-import-check'));
		await waitFor(() => expect(screen.getByTestId('agenda-import-run')).toBeEnabled());
		await fireEvent.click(screen.getByTestId('agenda-import-run'));
		await waitFor(() => expect(commands.agendaImport).toHaveBeenCalledWith('s1', { text: fixed }));
		expect(onimported).toHaveBeenCalledTimes(1);
	});

	it('refuses a CSV file that is not UTF-8 without calling the core', async () => {
		render(AgendaImport, { open: true, sessionId: 's1', languages: ['es'], onimported: vi.fn() });
		const bytes = Uint8Array.from([0x6e, 0x75, 0x6d, 0x62, 0x65, 0x72, 0x0a, 0x31, 0x2c, 0xe9]);
		const file = new File([bytes], 'orden.csv', { type: 'text/csv' });
		Object.defineProperty(file, 'arrayBuffer', { value: async () => bytes.buffer.slice(0) });
		const input = screen.getByTestId('agenda-import-file') as HTMLInputElement;
		Object.defineProperty(input, 'files', { value: [file], configurable: true });
		await fireEvent.change(input);
		expect(await screen.findByRole('alert')).toHaveTextContent('no está en UTF-8');
		expect(commands.agendaImportPreview).not.toHaveBeenCalled();
	});
});
