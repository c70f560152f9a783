import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { commands, dialog } = vi.hoisted(() => ({
	commands: { letterheadGet: vi.fn(), letterheadSet: vi.fn() },
	dialog: { open: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('@tauri-apps/plugin-dialog', () => dialog);

import '$lib/i18n';
import LetterheadForm from './LetterheadForm.svelte';

const DEFAULT = { organization: 'Conferencia Interamericana de Seguridad Social', address: 'Ciudad de México', logo_sha256: null };

describe('LetterheadForm', () => {
	beforeEach(() => {
		commands.letterheadGet.mockReset().mockResolvedValue(DEFAULT);
		commands.letterheadSet.mockReset();
		dialog.open.mockReset();
	});

	it('sends the chosen PNG logo with the texts', async () => {
		commands.letterheadSet.mockResolvedValue({ ...DEFAULT, logo_sha256: 'abc' });
		dialog.open.mockResolvedValue('/home/ana/logo.png');
		render(LetterheadForm);
		const user = userEvent.setup();
		const address = await screen.findByLabelText('Dirección');
		await waitFor(() => expect(address).toHaveValue('Ciudad de México'));
		await user.clear(address);
		await user.type(address, 'San Ramón s/n');
		await user.click(screen.getByRole('button', { name: 'Elegir imagen PNG…' }));
		await waitFor(() => expect(screen.getByTestId('letterhead-logo')).toHaveTextContent('/home/ana/logo.png'));
		await user.click(screen.getByTestId('save-letterhead'));
		await waitFor(() =>
			expect(commands.letterheadSet).toHaveBeenCalledWith({
				organization: DEFAULT.organization,
				address: 'San Ramón s/n',
				logo_path: '/home/ana/logo.png',
				remove_logo: false
			})
		);
		await waitFor(() => expect(screen.getByTestId('letterhead-logo')).toHaveTextContent('Hay un logotipo definido.'));
	});

	it('shows the core refusing the logo under the logo', async () => {
		commands.letterheadSet.mockRejectedValue({ code: 'invalid_format', message: 'the logo must be a PNG image', field: 'logo_path' });
		dialog.open.mockResolvedValue('/home/ana/logo.jpg.png');
		render(LetterheadForm);
		const user = userEvent.setup();
		await waitFor(() => expect(screen.getByLabelText('Organización')).toHaveValue(DEFAULT.organization));
		await user.click(screen.getByRole('button', { name: 'Elegir imagen PNG…' }));
		await user.click(screen.getByTestId('save-letterhead'));
		expect(await screen.findByTestId('error-logo_path')).toBeInTheDocument();
	});

	it('requires the organization without calling the core', async () => {
		render(LetterheadForm);
		const user = userEvent.setup();
		const org = await screen.findByLabelText('Organización');
		await waitFor(() => expect(org).toHaveValue(DEFAULT.organization));
		await user.clear(org);
		await user.click(screen.getByTestId('save-letterhead'));
		await waitFor(() => expect(org).toHaveAttribute('aria-invalid', 'true'));
		expect(commands.letterheadSet).not.toHaveBeenCalled();
	});
});
