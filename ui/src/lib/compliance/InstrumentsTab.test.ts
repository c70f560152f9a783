import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Instrument, User } from '$lib/ipc/bindings';
import { session } from '$lib/session/session.svelte';

const { commands } = vi.hoisted(() => ({
	commands: {
		instrumentsList: vi.fn(),
		instrumentCreate: vi.fn(),
		instrumentUpdate: vi.fn(),
		instrumentArchive: vi.fn(),
		articleAdd: vi.fn(),
		articleUpdate: vi.fn(),
		articleArchive: vi.fn(),
		bodiesList: vi.fn()
	}
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import es from '$lib/i18n/domains/compliance/es.json';
import InstrumentsTab from './InstrumentsTab.svelte';

const SG: User = { id: 'u1', username: 'sg', full_name: 'Secretario General', role: 'secretary_general', is_admin: false, language: 'es' };

const STATUTE: Instrument = {
	id: 'i1',
	kind: 'statute',
	title: 'Estatuto de la Conferencia',
	body_id: null,
	body_code: null,
	adopted_on: '2010-11-20',
	notes: '',
	articles: [{ id: 'a12', instrument_id: 'i1', number: '12 bis', text: 'El Comité Permanente se reúne dos veces al año.' }],
	obligation_count: 3,
	archived: false,
	updated_at: '2026-01-01T00:00:00Z'
};

describe('instruments', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = SG;
		commands.instrumentsList.mockResolvedValue([STATUTE]);
		commands.bodiesList.mockResolvedValue([]);
	});

	it('lists instruments with their kind, adoption and articles', async () => {
		render(InstrumentsTab);
		const section = await screen.findByTestId('instrument');
		expect(section).toHaveTextContent('Estatuto de la Conferencia');
		expect(section).toHaveTextContent('Estatuto');
		expect(section).toHaveTextContent('Adoptado el 20 de noviembre de 2010');
		expect(section).toHaveTextContent('3 obligaciones lo citan');
		const row = within(section).getByTestId('article-row');
		expect(row).toHaveTextContent('12 bis');
		expect(row).toHaveTextContent('dos veces al año');
	});

	it('says so when there are none', async () => {
		commands.instrumentsList.mockResolvedValue([]);
		render(InstrumentsTab);
		expect(await screen.findByTestId('instruments-empty')).toHaveTextContent(es.compliance.instrument.empty);
	});

	it('records an instrument with its first articles, and the core’s refusal lands on the article it names', async () => {
		commands.instrumentCreate.mockRejectedValueOnce({ code: 'duplicate', message: 'article 5 appears twice', field: 'articles[1].number' });
		commands.instrumentCreate.mockResolvedValueOnce({ ...STATUTE, id: 'i2', title: 'Reglamento' });
		render(InstrumentsTab);
		await screen.findByTestId('instrument');
		await fireEvent.click(screen.getByTestId('instrument-new'));
		const dialog = await screen.findByTestId('instrument-dialog');
		const kind = within(dialog).getByTestId('instrument-kind') as HTMLSelectElement;
		kind.value = 'regulations';
		await fireEvent.change(kind);
		await fireEvent.input(within(dialog).getByTestId('instrument-title'), { target: { value: 'Reglamento' } });
		await fireEvent.click(within(dialog).getByTestId('instrument-add-article'));
		const numbers = within(dialog).getAllByTestId('instrument-article-number');
		const texts = within(dialog).getAllByTestId('instrument-article-text');
		await fireEvent.input(numbers[0], { target: { value: '5' } });
		await fireEvent.input(texts[0], { target: { value: 'Primero' } });
		await fireEvent.input(numbers[1], { target: { value: '5' } });
		await fireEvent.input(texts[1], { target: { value: 'Segundo' } });
		await fireEvent.click(within(dialog).getByTestId('instrument-save'));

		await waitFor(() => expect(commands.instrumentCreate).toHaveBeenCalledTimes(1));
		expect(commands.instrumentCreate).toHaveBeenCalledWith(
			{ kind: 'regulations', title: 'Reglamento', body_id: null, adopted_on: null, notes: '' },
			[
				{ number: '5', text: 'Primero' },
				{ number: '5', text: 'Segundo' }
			]
		);
		const error = await within(dialog).findByTestId('error-articles[1].number');
		expect(error).toHaveTextContent(es.compliance.errors.articles_number.duplicate);
		expect(within(dialog).getAllByTestId('instrument-article-number')[1]).toHaveAttribute('aria-invalid', 'true');

		await fireEvent.input(within(dialog).getAllByTestId('instrument-article-number')[1], { target: { value: '6' } });
		await fireEvent.click(within(dialog).getByTestId('instrument-save'));
		await waitFor(() => expect(commands.instrumentCreate).toHaveBeenCalledTimes(2));
		await waitFor(() => expect(screen.queryByTestId('instrument-dialog')).toBeNull());
	});

	it('asks the body of a resolution', async () => {
		render(InstrumentsTab);
		await screen.findByTestId('instrument');
		await fireEvent.click(screen.getByTestId('instrument-new'));
		const dialog = await screen.findByTestId('instrument-dialog');
		const kind = within(dialog).getByTestId('instrument-kind') as HTMLSelectElement;
		kind.value = 'body_resolution';
		await fireEvent.change(kind);
		await fireEvent.input(within(dialog).getByTestId('instrument-title'), { target: { value: 'Resolución 12' } });
		await fireEvent.click(within(dialog).getByTestId('instrument-save'));
		expect(await within(dialog).findByTestId('error-body_id')).toHaveTextContent(es.compliance.errors.body_id.required);
		expect(commands.instrumentCreate).not.toHaveBeenCalled();
	});

	it('adds an article to an instrument', async () => {
		commands.articleAdd.mockResolvedValue({ id: 'a14', instrument_id: 'i1', number: '14', text: 'Texto' });
		render(InstrumentsTab);
		await screen.findByTestId('instrument');
		await fireEvent.click(screen.getByTestId('article-new'));
		const dialog = await screen.findByTestId('article-dialog');
		await fireEvent.input(within(dialog).getByTestId('article-number'), { target: { value: '14' } });
		await fireEvent.input(within(dialog).getByTestId('article-text'), { target: { value: 'Texto' } });
		await fireEvent.click(within(dialog).getByTestId('article-save'));
		await waitFor(() => expect(commands.articleAdd).toHaveBeenCalledWith('i1', { number: '14', text: 'Texto' }));
	});

	it('archives after a confirmation, and says why the core refused while obligations cite it', async () => {
		commands.instrumentArchive.mockRejectedValue({ code: 'invalid_value', message: '3 obligation(s) cite this instrument', field: 'id' });
		render(InstrumentsTab);
		await screen.findByTestId('instrument');
		await fireEvent.click(screen.getByTestId('instrument-archive'));
		expect(commands.instrumentArchive).not.toHaveBeenCalled();
		await fireEvent.click(await screen.findByTestId('confirm'));
		await waitFor(() => expect(commands.instrumentArchive).toHaveBeenCalledWith('i1'));
		expect(await screen.findByTestId('error-banner')).toHaveTextContent(es.compliance.errors.id.invalid_value);
	});

	it('offers no editing to a role that may not edit compliance', async () => {
		session.user = { ...SG, role: 'linking_cooperation' };
		render(InstrumentsTab);
		await screen.findByTestId('instrument');
		expect(screen.queryByTestId('instrument-new')).toBeNull();
		expect(screen.queryByTestId('article-new')).toBeNull();
		expect(screen.queryByTestId('instrument-archive')).toBeNull();
		expect(screen.queryByTestId('article-edit')).toBeNull();
	});
});
