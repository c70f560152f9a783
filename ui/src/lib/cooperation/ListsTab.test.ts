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

	it('renders only the recipients in view of a long list, and scrolling reveals the later ones', async () => {
		const many = Array.from({ length: 1500 }, (_, i) => person(`c${i}`, `Contacto ${i}`, 'IMSS'));
		commands.listResolve.mockResolvedValue(many);
		render(ListsTab, { debounceMs: 0 });
		await waitFor(() => expect(screen.getByTestId('list-count')).toHaveTextContent('1500'));
		const table = screen.getByTestId('list-recipients');
		expect(table).toHaveAttribute('aria-rowcount', '1501');
		expect(screen.getAllByTestId('recipient-row')).toHaveLength(25);
		expect(table).toHaveTextContent('Contacto 0');
		expect(table).not.toHaveTextContent('Contacto 1000');
		const viewport = screen.getByTestId('list-recipients-viewport');
		viewport.scrollTop = 36 * 1000;
		await fireEvent.scroll(viewport);
		await waitFor(() => expect(table).toHaveTextContent('Contacto 1000'));
		expect(table).not.toHaveTextContent('Contacto 0 ');
		expect(screen.getAllByTestId('recipient-row').length).toBeLessThanOrEqual(33);
		const row = screen.getAllByTestId('recipient-row').find((r) => r.textContent?.includes('Contacto 1000'));
		expect(row).toHaveAttribute('aria-rowindex', '1002');
	});

	it('says so when nobody matches', async () => {
		commands.listResolve.mockResolvedValue([]);
		render(ListsTab, { debounceMs: 0 });
		expect(await screen.findByTestId('recipients-empty')).toBeInTheDocument();
		expect(screen.getByTestId('lists-empty')).toBeInTheDocument();
	});
});
