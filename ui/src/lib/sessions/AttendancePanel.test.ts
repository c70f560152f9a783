import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { commands } = vi.hoisted(() => ({ commands: { attendanceGet: vi.fn(), attendanceSet: vi.fn() } }));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import { session as auth } from '$lib/session/session.svelte';
import AttendancePanel from './AttendancePanel.svelte';
import { session, sheet } from './fixtures';

function line(key: string): HTMLElement {
	const l = screen.getAllByTestId('attendance-line').find((el) => el.dataset.key === key);
	if (!l) throw new Error(`no line ${key}`);
	return l;
}

describe('AttendancePanel', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		auth.user = { id: 'u1', username: 'jo', full_name: 'Jefa de Oficina', role: 'chief_of_staff', is_admin: false, language: 'es' };
	});

	it('updates the quorum from the sheet the core returns after each change', async () => {
		commands.attendanceGet.mockResolvedValue(sheet(1));
		commands.attendanceSet.mockResolvedValue(sheet(2));
		render(AttendancePanel, { session: session() });
		const quorum = await screen.findByTestId('quorum');
		expect(within(quorum).getByTestId('quorum-voting')).toHaveTextContent('3');
		expect(within(quorum).getByTestId('quorum-present')).toHaveTextContent('1');
		expect(within(quorum).getByTestId('quorum-required')).toHaveTextContent('2');
		expect(quorum).toHaveTextContent('No hay quórum');
		expect(quorum).toHaveTextContent('Mayoría de los miembros con voto');

		await fireEvent.change(within(line('seat-2')).getByLabelText(/Asistencia de Caja Costarricense/), { target: { value: 'present' } });
		await waitFor(() =>
			expect(commands.attendanceSet).toHaveBeenCalledWith('s1', {
				seat_id: 'seat-2',
				member_id: null,
				status: 'present',
				attendee: '',
				represented_by: '',
				with_vote: false
			})
		);
		await waitFor(() => expect(within(quorum).getByTestId('quorum-present')).toHaveTextContent('2'));
		expect(quorum).toHaveTextContent('Sí, hay quórum');
		expect(quorum).toHaveAttribute('data-reached', 'true');
	});

	it('asks who represented before recording a represented seat, and shows voice-only seats', async () => {
		commands.attendanceGet.mockResolvedValue(sheet(0));
		render(AttendancePanel, { session: session() });
		await screen.findByTestId('quorum');
		expect(line('seat-sg')).toHaveTextContent('Solo voz');
		await fireEvent.change(within(line('seat-3')).getByLabelText(/Asistencia de Banco/), { target: { value: 'represented' } });
		const who = within(line('seat-3')).getByLabelText(/Quién representó/);
		await waitFor(() => expect(who).toHaveAttribute('aria-invalid', 'true'));
		expect(line('seat-3')).toHaveTextContent('Indique quién representó.');
		expect(commands.attendanceSet).not.toHaveBeenCalled();
	});
});
