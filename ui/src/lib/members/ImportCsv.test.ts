import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportPreview } from '$lib/ipc/bindings';

const { commands, goto } = vi.hoisted(() => ({
	commands: { membersImportPreview: vi.fn(), membersImport: vi.fn(), membersList: vi.fn() },
	goto: vi.fn()
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('$app/navigation', () => ({ goto }));

import ImportCsv from './ImportCsv.svelte';

function choose(bytes: Uint8Array<ArrayBuffer>) {
	const file = new File([bytes], 'miembros.csv', { type: 'text/csv' });
	// jsdom's File may lack arrayBuffer(); the app uses it, so give it one.
	Object.defineProperty(file, 'arrayBuffer', { value: async () => bytes.buffer.slice(0) });
	const input = screen.getByTestId('import-file') as HTMLInputElement;
	Object.defineProperty(input, 'files', { value: [file], configurable: true });
	return fireEvent.change(input);
}

const CSV = 'name,acronym,country,category\nCaja Nacional de Salud,CNS,BO,titular\nBanco,BPS,UY,nope\n';

const withIssue: ImportPreview = {
	delimiter: ',',
	rows: [
		{ line: 2, ok: true, input: { name: 'Caja Nacional de Salud', acronym: 'CNS', country: 'BO', category: 'titular', subregion: null, admission_date: null, status: 'active', website: null, email: null, notes: '' } },
		{ line: 3, ok: false, input: { name: 'Banco', acronym: 'BPS', country: 'UY', category: null, subregion: null, admission_date: null, status: 'active', website: null, email: null, notes: '' } }
	],
	issues: [{ line: 3, code: 'invalid_value', field: 'category', message: "unknown category 'nope'" }],
	ignored_columns: []
};

describe('ImportCsv', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		commands.membersList.mockResolvedValue([]);
	});

	it('refuses a file that is not UTF-8 without calling the core', async () => {
		render(ImportCsv);
		await choose(Uint8Array.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x4e, 0x69, 0x63, 0x61, 0x72, 0x61, 0x67, 0xfc, 0x65]));
		expect(await screen.findByTestId('error-file')).toHaveTextContent('no está en UTF-8');
		expect(commands.membersImportPreview).not.toHaveBeenCalled();
	});

	it('previews the rows, lists the issues per line and does not allow the import', async () => {
		commands.membersImportPreview.mockResolvedValue(withIssue);
		render(ImportCsv);
		await choose(new TextEncoder().encode(CSV));
		await waitFor(() => expect(commands.membersImportPreview).toHaveBeenCalledWith(CSV));
		const issues = await screen.findByTestId('import-issues');
		expect(issues).toHaveTextContent('Línea 3');
		expect(issues).toHaveTextContent('Categoría: Este valor no está permitido.');
		expect(screen.getByTestId('import-rows')).toHaveTextContent('Bolivia');
		expect(screen.getByTestId('run-import')).toBeDisabled();
	});

	it('imports a clean file and goes back to the list', async () => {
		commands.membersImportPreview.mockResolvedValue({ ...withIssue, rows: [withIssue.rows[0]], issues: [] });
		commands.membersImport.mockResolvedValue({ created: 1 });
		render(ImportCsv);
		await choose(new TextEncoder().encode(CSV));
		const button = await screen.findByTestId('run-import');
		await waitFor(() => expect(button).toBeEnabled());
		await fireEvent.click(button);
		await waitFor(() => expect(commands.membersImport).toHaveBeenCalledWith(CSV));
		await waitFor(() => expect(goto).toHaveBeenCalledWith('/members'));
	});
});
