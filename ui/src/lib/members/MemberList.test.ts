import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Member, MemberFilter } from '$lib/ipc/bindings';

const { commands, goto } = vi.hoisted(() => ({
	commands: { membersList: vi.fn(), membersExport: vi.fn() },
	goto: vi.fn()
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('$app/navigation', () => ({ goto }));

import MemberListView from './MemberList.svelte';
import { MemberList, SEARCH_DELAY_MS } from './list.svelte';
import { notices } from '$lib/ui/notices.svelte';

function member(over: Partial<Member>): Member {
	return {
		id: 'id',
		name: 'Name',
		acronym: 'ACR',
		country: 'MX',
		category: 'titular',
		subregion: null,
		admission_date: null,
		status: 'active',
		website: null,
		email: null,
		notes: '',
		archived: false,
		contact_count: 0,
		created_at: '2025-01-01T00:00:00Z',
		updated_at: '2025-01-01T00:00:00Z',
		...over
	};
}

const ROWS = [
	member({ id: 'a', name: 'Caja Costarricense de Seguro Social', acronym: 'CCSS', country: 'CR', subregion: 2, contact_count: 1 }),
	member({ id: 'b', name: 'Seguro Social de Salud', acronym: 'EsSalud', country: 'PE', category: 'titular', subregion: 1 }),
	member({ id: 'c', name: 'Instituto Venezolano de los Seguros Sociales', acronym: 'IVSS', country: 'VE', status: 'suspended', category: 'associate' })
];

function lastFilter(): MemberFilter {
	const calls = commands.membersList.mock.calls;
	return calls[calls.length - 1][0] as MemberFilter;
}

describe('MemberList', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		commands.membersList.mockResolvedValue(ROWS);
	});
	afterEach(() => {
		vi.useRealTimers();
		notices.clear();
	});

	it('renders one row per member with translated, localized cells', async () => {
		render(MemberListView, { list: new MemberList() });
		const rows = await screen.findAllByTestId('member-row');
		expect(rows).toHaveLength(3);
		const first = within(rows[0]);
		expect(first.getByRole('link', { name: 'Caja Costarricense de Seguro Social' })).toHaveAttribute(
			'href',
			'/members/view?id=a'
		);
		expect(rows[0]).toHaveTextContent('Costa Rica');
		expect(rows[0]).toHaveTextContent('Titular');
		expect(first.getByRole('cell', { name: 'II' })).toBeInTheDocument();
		expect(rows[2]).toHaveTextContent('Suspendido');
		expect(rows[2]).toHaveTextContent('Asociado');
		expect(screen.getByTestId('member-count')).toHaveTextContent('3 instituciones');
		expect(commands.membersList).toHaveBeenCalledWith({
			search: null,
			country: null,
			category: null,
			subregion: null,
			status: null,
			include_archived: false,
			sort: 'name',
			descending: false
		});
	});

	it('sends the filters the user picks', async () => {
		render(MemberListView, { list: new MemberList() });
		await screen.findAllByTestId('member-row');

		await fireEvent.change(screen.getByLabelText('Categoría'), { target: { value: 'associate' } });
		await waitFor(() => expect(lastFilter().category).toBe('associate'));

		await fireEvent.change(screen.getByLabelText('País'), { target: { value: 'VE' } });
		await waitFor(() => expect(lastFilter().country).toBe('VE'));

		await fireEvent.change(screen.getByLabelText('Subregión'), { target: { value: '4' } });
		await waitFor(() => expect(lastFilter().subregion).toBe(4));

		await fireEvent.change(screen.getByLabelText('Estado'), { target: { value: 'suspended' } });
		await waitFor(() => expect(lastFilter().status).toBe('suspended'));

		await userEvent.setup().click(screen.getByLabelText('Mostrar archivadas'));
		await waitFor(() => expect(lastFilter().include_archived).toBe(true));
		expect(lastFilter()).toMatchObject({ category: 'associate', country: 'VE', subregion: 4, status: 'suspended' });
	});

	it('searches once the user stops typing', async () => {
		vi.useFakeTimers({ shouldAdvanceTime: true });
		render(MemberListView, { list: new MemberList() });
		await screen.findAllByTestId('member-row');
		const before = commands.membersList.mock.calls.length;
		const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
		await user.type(screen.getByLabelText('Buscar'), 'seguro');
		expect(commands.membersList.mock.calls.length).toBe(before);
		await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS + 10);
		await waitFor(() => expect(commands.membersList.mock.calls.length).toBe(before + 1));
		expect(lastFilter().search).toBe('seguro');
	});

	it('sorts by a column header and says so with aria-sort', async () => {
		render(MemberListView, { list: new MemberList() });
		await screen.findAllByTestId('member-row');
		const header = screen.getByTestId('sort-acronym');
		expect(header.closest('th')).toHaveAttribute('aria-sort', 'none');
		expect(screen.getByTestId('sort-name').closest('th')).toHaveAttribute('aria-sort', 'ascending');

		await fireEvent.click(header);
		await waitFor(() => expect(lastFilter()).toMatchObject({ sort: 'acronym', descending: false }));
		expect(header.closest('th')).toHaveAttribute('aria-sort', 'ascending');

		await fireEvent.click(header);
		await waitFor(() => expect(lastFilter()).toMatchObject({ sort: 'acronym', descending: true }));
		expect(header.closest('th')).toHaveAttribute('aria-sort', 'descending');
	});

	it('opens a member when its row is clicked', async () => {
		render(MemberListView, { list: new MemberList() });
		const rows = await screen.findAllByTestId('member-row');
		await fireEvent.click(rows[1].querySelectorAll('td')[2]);
		expect(goto).toHaveBeenCalledWith('/members/view?id=b');
	});

	it('shows an empty state, with a way out of the filters', async () => {
		commands.membersList.mockResolvedValue([]);
		const list = new MemberList();
		list.search = 'nada';
		render(MemberListView, { list });
		expect(await screen.findByTestId('members-empty')).toHaveTextContent(
			'Ninguna institución coincide con la búsqueda y los filtros.'
		);
		await fireEvent.click(screen.getByRole('button', { name: 'Quitar filtros' }));
		await waitFor(() => expect(lastFilter().search).toBeNull());
		expect(await screen.findByTestId('members-empty')).toHaveTextContent('Aún no hay instituciones miembro.');
	});

	it('exports and shows where the file was written', async () => {
		commands.membersExport.mockResolvedValue({ path: '/root/Downloads/despacho-miembros-2025-06-01.csv', rows: 3 });
		render(MemberListView, { list: new MemberList() });
		await screen.findAllByTestId('member-row');
		await fireEvent.click(screen.getByTestId('export-members'));
		await waitFor(() =>
			expect(notices.items.map((n) => n.text)).toContain(
				'Se exportaron 3 instituciones al archivo /root/Downloads/despacho-miembros-2025-06-01.csv'
			)
		);
	});

	it('shows a translated error when the list cannot load', async () => {
		commands.membersList.mockRejectedValue({ code: 'not_signed_in', message: 'sign in first' });
		render(MemberListView, { list: new MemberList() });
		expect(await screen.findByTestId('error-banner')).toHaveTextContent('Inicie sesión para continuar.');
	});
});
