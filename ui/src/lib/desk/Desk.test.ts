import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Desk } from '$lib/ipc/bindings';

const { commands } = vi.hoisted(() => ({ commands: { deskSummary: vi.fn(), demoLoad: vi.fn() } }));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import DeskView from './Desk.svelte';
import { session } from '$lib/session/session.svelte';
import { notices } from '$lib/ui/notices.svelte';

const EMPTY: Desk = {
	upcoming_sessions: [],
	open_action_items: [],
	members: { total: 0, titular: 0, associate: 0, adherent: 0, linked: 0, suspended: 0, withdrawn: 0, countries: 0 },
	recent: []
};
const FULL: Desk = {
	upcoming_sessions: [],
	open_action_items: [],
	members: { total: 28, titular: 21, associate: 5, adherent: 1, linked: 1, suspended: 1, withdrawn: 0, countries: 19 },
	recent: [
		{
			id: 'a1',
			at: '2025-06-01T15:04:00Z',
			user_id: 'u1',
			user_name: 'Ana Pérez',
			operation: 'members.create',
			entity: 'member',
			entity_id: 'm1',
			summary: '{"name":"Instituto Mexicano del Seguro Social","acronym":"IMSS","country":"MX"}'
		},
		{ id: 'a2', at: 'not a date', user_id: null, user_name: null, operation: 'future.op', entity: 'thing', entity_id: null, summary: '' }
	]
};

describe('Desk', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = { id: 'u1', username: 'ana', full_name: 'Ana Pérez', role: 'secretary_general', is_admin: true, language: 'es' };
	});
	afterEach(() => notices.clear());

	it('shows the member counts and the recent activity, translated', async () => {
		commands.deskSummary.mockResolvedValue(FULL);
		render(DeskView);
		expect(await screen.findByTestId('count-total')).toHaveTextContent('28');
		expect(screen.getByTestId('count-titular')).toHaveTextContent(/21\s*Titular/);
		expect(screen.getByTestId('count-countries')).toHaveTextContent('19');
		const table = screen.getByTestId('recent-activity');
		expect(table).toHaveTextContent('Alta de institución');
		expect(table).toHaveTextContent('Institución: Instituto Mexicano del Seguro Social (IMSS)');
		expect(screen.getByRole('link', { name: 'Instituto Mexicano del Seguro Social (IMSS)' })).toHaveAttribute(
			'href',
			'/members/view?id=m1'
		);
		// An operation this UI does not know yet still shows, untranslated, rather than a key.
		expect(table).toHaveTextContent('future.op');
		expect(table).toHaveTextContent('Sistema');
		expect(screen.queryByTestId('desk-empty')).toBeNull();
	});

	it('offers the demo data to an administrator when there are no members', async () => {
		commands.deskSummary.mockResolvedValueOnce(EMPTY).mockResolvedValueOnce(FULL);
		commands.demoLoad.mockResolvedValue({ bodies: 9, members: 28, contacts: 3 });
		render(DeskView);
		expect(await screen.findByTestId('desk-empty')).toHaveTextContent('Aún no hay instituciones miembro');
		await fireEvent.click(screen.getByTestId('load-demo'));
		await waitFor(() => expect(commands.demoLoad).toHaveBeenCalledTimes(1));
		expect(await screen.findByTestId('count-total')).toHaveTextContent('28');
		expect(notices.items[0].text).toBe('Datos de demostración cargados: 28 instituciones y 3 contactos.');
	});

	it('does not offer the demo data to other users', async () => {
		session.user = { ...session.user!, is_admin: false };
		commands.deskSummary.mockResolvedValue(EMPTY);
		render(DeskView);
		await screen.findByTestId('desk-empty');
		expect(screen.queryByTestId('load-demo')).toBeNull();
	});
});
