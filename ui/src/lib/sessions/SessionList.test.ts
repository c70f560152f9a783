import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const { commands, goto } = vi.hoisted(() => ({
	commands: { sessionsList: vi.fn(), bodiesList: vi.fn(), calendarExport: vi.fn() },
	goto: vi.fn()
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('$app/navigation', () => ({ goto }));

import { session as auth } from '$lib/session/session.svelte';
import { notices } from '$lib/ui/notices.svelte';
import SessionList from './SessionList.svelte';
import { session } from './fixtures';

describe('SessionList', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		auth.user = { id: 'u1', username: 'jo', full_name: 'Jefa de Oficina', role: 'chief_of_staff', is_admin: false, language: 'es' };
		commands.bodiesList.mockResolvedValue([]);
		commands.sessionsList.mockResolvedValue([session({ status: 'convened', agenda_status: 'approved', agenda_revision: 2 })]);
	});
	afterEach(() => notices.clear());

	it('shows each session with its body, dates in its own time zone and statuses', async () => {
		render(SessionList);
		const [row] = await screen.findAllByTestId('session-row');
		expect(row).toHaveTextContent('CXII Reunión del Comité Permanente');
		expect(row).toHaveTextContent('Comité Permanente Interamericano de Seguridad Social');
		expect(row).toHaveTextContent('9:00'); // 09:00 in Mexico City, whatever the computer's zone
		expect(row).toHaveTextContent('America/Mexico_City');
		expect(row).toHaveTextContent('Convocada');
		expect(row).toHaveTextContent('Aprobado');
		expect(row).toHaveTextContent('revisión 2');
		expect(commands.sessionsList).toHaveBeenCalledWith(expect.objectContaining({ body: null, status: null, descending: false }));
		expect(screen.getByTestId('new-session')).toHaveAttribute('href', '/sessions/edit');

		await fireEvent.change(screen.getByLabelText('Estado'), { target: { value: 'held' } });
		await waitFor(() => expect(commands.sessionsList).toHaveBeenLastCalledWith(expect.objectContaining({ status: 'held' })));
		await fireEvent.click(screen.getByLabelText('Todas'));
		await waitFor(() => expect(commands.sessionsList).toHaveBeenLastCalledWith(expect.objectContaining({ from_date: null, descending: true })));
	});

	it('exports every session as a calendar and says where the file is', async () => {
		commands.calendarExport.mockResolvedValue({ path: '/root/Downloads/despacho-sesiones.ics', rows: 5 });
		render(SessionList);
		await screen.findAllByTestId('session-row');
		await fireEvent.click(screen.getByTestId('export-calendar-all'));
		await waitFor(() => expect(commands.calendarExport).toHaveBeenCalledWith(null));
		await waitFor(() =>
			expect(notices.items.map((n) => n.text)).toContain('Se exportaron 5 sesiones al archivo /root/Downloads/despacho-sesiones.ics')
		);
	});
});
