import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { commands } = vi.hoisted(() => ({
	commands: { syncConflicts: vi.fn(), syncConflictResolve: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import { notices } from '$lib/ui/notices.svelte';
import { session } from '$lib/session/session.svelte';
import ConflictInbox from './ConflictInbox.svelte';
import { conflict } from './fixtures';

const ADMIN = { id: 'u1', username: 'sg', full_name: 'Ana Pérez', role: 'secretary_general' as const, is_admin: true, language: 'es' as const };

describe('ConflictInbox', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		notices.clear();
		session.user = { ...ADMIN };
	});

	it('shows the record, the field, both values with who and when, and the provisional winner', async () => {
		commands.syncConflicts.mockResolvedValue([conflict()]);
		render(ConflictInbox);
		const c = await screen.findByTestId('conflict');
		expect(within(c).getByRole('heading', { level: 3 })).toHaveTextContent('Miembro: Instituto Nacional de Estadística');
		expect(c).toHaveTextContent('El mismo campo cambiado en dos sitios');
		expect(c).toHaveTextContent('Campo: Nombre');
		const here = within(c).getByTestId('side-local');
		const there = within(c).getByTestId('side-remote');
		expect(within(here).getByTestId('value')).toHaveTextContent('Instituto Nacional');
		expect(here).toHaveTextContent('Ana Pérez en Laptop de misión');
		expect(within(there).getByTestId('value')).toHaveTextContent('Instituto Nacional de Estadística');
		expect(there).toHaveTextContent('Luis Gómez en Oficina central');
		expect(there).toHaveTextContent('2026');
		// The later change is the provisional winner, on the other site's side.
		expect(within(there).getByTestId('provisional')).toHaveTextContent('Valor provisional');
		expect(within(here).queryByTestId('provisional')).toBeNull();
		expect(screen.getByTestId('conflicts-count')).toHaveTextContent('1 conflicto(s) abierto(s)');
	});

	it('resolves with the side chosen, then lists the conflict as resolved', async () => {
		const onresolved = vi.fn();
		commands.syncConflicts.mockResolvedValueOnce([conflict()]);
		commands.syncConflictResolve.mockResolvedValue(conflict({ resolved_take: 'a' }));
		commands.syncConflicts.mockResolvedValueOnce([conflict({ resolved_take: 'a', resolved_at: '2026-03-03T10:00:00Z' })]);
		render(ConflictInbox, { onresolved });
		const c = await screen.findByTestId('conflict');
		const keep = within(c).getByTestId('keep-local');
		expect(keep).toHaveAccessibleName('Conservar este valor (Este sitio) — Miembro: Instituto Nacional de Estadística');
		expect(within(c).getByTestId('keep-remote')).toHaveAccessibleName(
			'Conservar este valor (Oficina central) — Miembro: Instituto Nacional de Estadística'
		);
		await fireEvent.click(keep);
		await waitFor(() => expect(commands.syncConflictResolve).toHaveBeenCalledWith('c1', 'local'));
		await waitFor(() => expect(screen.getByTestId('conflicts-empty')).toHaveTextContent('No hay conflictos.'));
		expect(onresolved).toHaveBeenCalled();
		expect(notices.items.at(-1)?.text).toBe('Conflicto resuelto.');
		const resolved = screen.getByTestId('conflicts-resolved');
		expect(resolved).not.toHaveAttribute('open');
		expect(resolved).toHaveTextContent('Conflictos resueltos (1)');
		expect(within(resolved).getByTestId('resolved-conflict')).toHaveTextContent('Se conserva: Instituto Nacional');
	});

	it('takes the remote value with the other button, and shows a refusal', async () => {
		commands.syncConflicts.mockResolvedValue([conflict()]);
		commands.syncConflictResolve.mockRejectedValue({ code: 'forbidden', message: 'no' });
		render(ConflictInbox);
		await fireEvent.click(within(await screen.findByTestId('side-remote')).getByTestId('keep-remote'));
		await waitFor(() => expect(commands.syncConflictResolve).toHaveBeenCalledWith('c1', 'remote'));
		expect(await screen.findByTestId('error-banner')).toHaveTextContent('Su función no le permite realizar esta operación.');
	});

	it('shows an edit against a deletion in words, and no buttons to those who may not choose', async () => {
		session.user = { ...ADMIN, role: 'staff', is_admin: false };
		commands.syncConflicts.mockResolvedValue([
			conflict({
				kind: 'edit_delete',
				field: 'deleted_at',
				a: { ...conflict().a, value: '{"notes":"nota nueva"}' },
				b: { ...conflict().b, value: '"2026-03-01T11:00:00Z"' }
			})
		]);
		render(ConflictInbox);
		const c = await screen.findByTestId('conflict');
		expect(c).toHaveTextContent('Eliminado en un sitio, editado en otro');
		expect(within(c).getByTestId('side-local')).toHaveTextContent('Campos editados: notes: nota nueva');
		expect(within(c).getByTestId('side-remote')).toHaveTextContent('Eliminado el');
		expect(within(c).queryByRole('button')).toBeNull();
		expect(c).toHaveTextContent('Un administrador puede elegir el valor.');
	});
});
