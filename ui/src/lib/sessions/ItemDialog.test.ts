import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { commands } = vi.hoisted(() => ({
	commands: { agendaAddItem: vi.fn(), agendaUpdateItem: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import '$lib/i18n';
import ItemDialog from './ItemDialog.svelte';
import { agenda } from './fixtures';

describe('ItemDialog', () => {
	beforeEach(() => {
		commands.agendaAddItem.mockReset().mockResolvedValue(agenda());
	});

	it('saves an item after the duration was typed into its number field', async () => {
		const onsaved = vi.fn();
		render(ItemDialog, { open: true, sessionId: 's1', languages: ['es', 'en'], onsaved });
		const user = userEvent.setup();
		await user.type(await screen.findByLabelText('Título (Español)'), 'Apertura y quórum');
		const duration = screen.getByRole('spinbutton');
		await user.clear(duration);
		await user.type(duration, '20');
		await user.click(screen.getByTestId('save-item'));
		await waitFor(() => expect(commands.agendaAddItem).toHaveBeenCalledTimes(1));
		expect(commands.agendaAddItem).toHaveBeenCalledWith('s1', null, null, {
			kind: 'information',
			presenter: '',
			duration_minutes: 20,
			titles: { es: 'Apertura y quórum' },
			notes: {}
		});
		await waitFor(() => expect(onsaved).toHaveBeenCalled());
	});

	it('refuses an empty duration on its field without calling the core', async () => {
		render(ItemDialog, { open: true, sessionId: 's1', languages: ['es'], onsaved: vi.fn() });
		const user = userEvent.setup();
		await user.type(await screen.findByLabelText('Título (Español)'), 'Clausura');
		await user.clear(screen.getByRole('spinbutton'));
		await user.click(screen.getByTestId('save-item'));
		await waitFor(() => expect(screen.getByRole('spinbutton')).toHaveAttribute('aria-invalid', 'true'));
		expect(commands.agendaAddItem).not.toHaveBeenCalled();
	});
});
