import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Body } from '$lib/ipc/bindings';

const { commands, goto } = vi.hoisted(() => ({
	commands: { bodiesList: vi.fn(), sessionSuggest: vi.fn(), sessionCreate: vi.fn(), sessionGet: vi.fn(), sessionUpdate: vi.fn() },
	goto: vi.fn()
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('$app/navigation', () => ({ goto }));

import SessionForm from './SessionForm.svelte';
import { session } from './fixtures';

const CPISS: Body = {
	id: 'b-cpiss',
	code: 'CPISS',
	names: session().body_names,
	kind: 'committee',
	membership: 'seats',
	quorum_rule: { kind: 'majority_of_voting' },
	resolution_pattern: '{body}/{year}/R-{n:02}',
	seat_count: 9,
	session_count: 111
};

function field(name: string): HTMLInputElement {
	const el = document.querySelector(`[name="${name}"]`);
	if (!el) throw new Error(`no field ${name}`);
	return el as HTMLInputElement;
}

describe('SessionForm', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		commands.bodiesList.mockResolvedValue([CPISS]);
		commands.sessionSuggest.mockResolvedValue({ ordinal: 112, name: 'CXII Reunión del Comité Permanente' });
	});

	it('pre-fills the ordinal and the name from the body, and sends the Rust input', async () => {
		commands.sessionCreate.mockResolvedValue(session());
		render(SessionForm);
		await waitFor(() => expect(field('body_id').querySelectorAll('option')).toHaveLength(2));
		await fireEvent.change(field('body_id'), { target: { value: 'b-cpiss' } });
		await waitFor(() => expect(commands.sessionSuggest).toHaveBeenCalledWith('b-cpiss', 'ordinary'));
		await waitFor(() => expect(field('name')).toHaveValue('CXII Reunión del Comité Permanente'));
		expect(field('ordinal')).toHaveValue(112);
		expect(field('time_zone')).toHaveValue('America/Mexico_City');

		await fireEvent.change(field('kind'), { target: { value: 'extraordinary' } });
		await waitFor(() => expect(commands.sessionSuggest).toHaveBeenLastCalledWith('b-cpiss', 'extraordinary'));

		await fireEvent.input(field('start_date'), { target: { value: '2026-03-10' } });
		await fireEvent.input(field('start_time'), { target: { value: '10:30' } });
		const user = userEvent.setup();
		await user.click(document.getElementById('session-lang-en')!);
		await user.click(screen.getByTestId('save-session'));
		await waitFor(() =>
			expect(commands.sessionCreate).toHaveBeenCalledWith({
				body_id: 'b-cpiss',
				ordinal: 112,
				name: 'CXII Reunión del Comité Permanente',
				kind: 'extraordinary',
				starts_at: '2026-03-10T10:30',
				ends_at: null,
				time_zone: 'America/Mexico_City',
				venue: '',
				virtual_link: null,
				languages: ['es', 'en']
			})
		);
		await waitFor(() => expect(goto).toHaveBeenCalledWith('/sessions/view?id=s1'));
	});

	it('marks the field the core refuses: starts_at on the start date and time', async () => {
		commands.sessionCreate.mockRejectedValue({ code: 'invalid_value', message: '2026-03-08T02:30 does not exist in America/Mexico_City', field: 'starts_at' });
		render(SessionForm, { initialBody: 'b-cpiss' });
		await waitFor(() => expect(field('name')).toHaveValue('CXII Reunión del Comité Permanente'));
		await fireEvent.input(field('start_date'), { target: { value: '2026-03-08' } });
		await userEvent.setup().click(screen.getByTestId('save-session'));

		const message = await screen.findByTestId('error-starts_at');
		expect(message).toHaveTextContent('Esa hora no existe en este huso horario');
		expect(field('start_date')).toHaveAttribute('aria-invalid', 'true');
		expect(field('start_time')).toHaveAttribute('aria-invalid', 'true');
		expect(field('start_date').getAttribute('aria-describedby')).toBe(message.id);
		await waitFor(() => expect(field('start_date')).toHaveFocus());
		expect(field('name')).not.toHaveAttribute('aria-invalid');
		expect(goto).not.toHaveBeenCalled();
	});

	it('marks a duplicate ordinal and requires a working language', async () => {
		commands.sessionCreate.mockRejectedValue({ code: 'duplicate', message: 'the body already has an ordinary session number 112', field: 'ordinal' });
		render(SessionForm, { initialBody: 'b-cpiss' });
		await waitFor(() => expect(field('name')).toHaveValue('CXII Reunión del Comité Permanente'));
		await fireEvent.input(field('start_date'), { target: { value: '2026-03-10' } });
		const user = userEvent.setup();
		await user.click(document.getElementById('session-lang-es')!);
		await user.click(screen.getByTestId('save-session'));
		expect(await screen.findByTestId('error-languages')).toHaveTextContent('Elija al menos un idioma de trabajo.');
		expect(commands.sessionCreate).not.toHaveBeenCalled();

		await user.click(document.getElementById('session-lang-es')!);
		await user.click(screen.getByTestId('save-session'));
		expect(await screen.findByTestId('error-ordinal')).toHaveTextContent('ya tiene una sesión de este tipo con ese número');
		expect(field('ordinal')).toHaveAttribute('aria-invalid', 'true');
	});
});
