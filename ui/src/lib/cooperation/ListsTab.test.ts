import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Recipient } from '$lib/ipc/bindings';

const { commands } = vi.hoisted(() => ({
	commands: { listsList: vi.fn(), listResolve: vi.fn(), listCreate: vi.fn(), listExport: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import ListsTab from './ListsTab.svelte';

const person = (id: string, name: string, acronym: string): Recipient => ({
	contact_id: id,
	contact_name: name,
	position: '',
	email: `${id}@example.org`,
	phone: null,
	languages: ['es'],
	member_id: `m-${acronym}`,
	member_name: acronym,
	member_acronym: acronym,
	country: 'MX',
	category: 'titular',
	subregion: 1
});

describe('ListsTab', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		commands.listsList.mockResolvedValue([]);
	});

	it('sends the chosen criteria and shows who the list reaches', async () => {
		commands.listResolve.mockImplementation(async (c: { categories: string[]; languages: string[] }) =>
			c.categories.includes('titular') && c.languages.includes('pt') ? [person('c1', 'Maria Silva', 'INSS')] : [person('c1', 'Maria Silva', 'INSS'), person('c2', 'Juan Pérez', 'IMSS')]
		);
		render(ListsTab, { debounceMs: 0 });
		await waitFor(() => expect(screen.getAllByTestId('recipient-row')).toHaveLength(2));

		await fireEvent.click(screen.getByTestId('list-category-titular'));
		await fireEvent.click(screen.getByTestId('list-language-pt'));
		await fireEvent.click(screen.getByTestId('list-subregion-3'));
		await waitFor(() =>
			expect(commands.listResolve).toHaveBeenLastCalledWith({ categories: ['titular'], countries: [], subregions: [3], languages: ['pt'] })
		);
		await waitFor(() => expect(screen.getAllByTestId('recipient-row')).toHaveLength(1));
		expect(screen.getByTestId('list-recipients')).toHaveTextContent('Maria Silva');
		expect(screen.getByTestId('list-count')).toHaveTextContent('1 destinatario');

		commands.listCreate.mockResolvedValue({ id: 'l1', name: 'Lusophone', criteria: {}, recipient_count: 1 });
		await fireEvent.input(screen.getByTestId('list-name'), { target: { value: 'Lusophone' } });
		await fireEvent.submit(screen.getByTestId('list-builder'));
		await waitFor(() =>
			expect(commands.listCreate).toHaveBeenCalledWith({
				name: 'Lusophone',
				criteria: { categories: ['titular'], countries: [], subregions: [3], languages: ['pt'] }
			})
		);
		commands.listExport.mockResolvedValue({ path: '/home/u/Downloads/x.vcf', rows: 1 });
		await fireEvent.click(await screen.findByTestId('list-export-vcf'));
		expect(commands.listExport).toHaveBeenCalledWith('l1', 'vcf');
	});

	it('says so when nobody matches', async () => {
		commands.listResolve.mockResolvedValue([]);
		render(ListsTab, { debounceMs: 0 });
		expect(await screen.findByTestId('recipients-empty')).toBeInTheDocument();
		expect(screen.getByTestId('lists-empty')).toBeInTheDocument();
	});
});
