import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { User, UserAccount } from '$lib/ipc/bindings';

const { commands } = vi.hoisted(() => ({
	commands: { accountsList: vi.fn(), accountResetPassword: vi.fn(), accountSetActive: vi.fn(), passwordChange: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import { session } from '$lib/session/session.svelte';
import Accounts from './Accounts.svelte';
import PasswordDialog from './PasswordDialog.svelte';

const ADMIN: User = { id: 'u-sg', username: 'sg', full_name: 'Secretaria General', role: 'secretary_general', is_admin: true, language: 'es' };
const JO: User = { id: 'u-jo', username: 'jo', full_name: 'Jo Ruiz', role: 'staff', is_admin: false, language: 'es' };

function account(user: User, extra: Partial<UserAccount> = {}): UserAccount {
	return { user, active: true, must_change_password: false, failed_sign_ins: 0, locked_until: null, ...extra };
}

function input(name: string): HTMLInputElement {
	return document.querySelector(`dialog [name="${name}"]`) as HTMLInputElement;
}

describe('Accounts', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = ADMIN;
		commands.accountsList.mockResolvedValue([
			account(ADMIN),
			account(JO, { must_change_password: true, failed_sign_ins: 6, locked_until: '2026-03-01T10:15:00Z' })
		]);
	});

	it('lists the accounts with their flags and throttle', async () => {
		render(Accounts);
		const jo = await screen.findByTestId('account-jo');
		expect(jo).toHaveTextContent('Jo Ruiz');
		expect(jo).toHaveTextContent('Debe cambiarla');
		expect(jo).toHaveTextContent('Bloqueada hasta');
	});

	it('checks the new password, then puts the core error on the password field', async () => {
		commands.accountResetPassword.mockRejectedValue({ code: 'invalid_value', message: 'the password contains the user name', field: 'password' });
		render(Accounts);
		await fireEvent.click(await screen.findByTestId('reset-jo'));
		const dialog = screen.getByRole('dialog');
		expect(dialog).toHaveTextContent('Restablecer la contraseña de Jo Ruiz');

		// The form's own checks first: too short, then the two do not match.
		await fireEvent.input(input('password'), { target: { value: 'corta' } });
		await fireEvent.submit(within(dialog).getByTestId('password-form'));
		expect(await within(dialog).findByTestId('error-password')).toBeInTheDocument();
		expect(commands.accountResetPassword).not.toHaveBeenCalled();
		await fireEvent.input(input('password'), { target: { value: 'Jo-nueva-clave-2026' } });
		await fireEvent.input(input('repeat'), { target: { value: 'Jo-nueva-clave-2025' } });
		await fireEvent.submit(within(dialog).getByTestId('password-form'));
		expect(await within(dialog).findByTestId('error-repeat')).toHaveTextContent('no coinciden');
		expect(commands.accountResetPassword).not.toHaveBeenCalled();

		await fireEvent.input(input('repeat'), { target: { value: 'Jo-nueva-clave-2026' } });
		await fireEvent.submit(within(dialog).getByTestId('password-form'));
		await waitFor(() => expect(commands.accountResetPassword).toHaveBeenCalledWith('u-jo', 'Jo-nueva-clave-2026'));
		const error = await within(dialog).findByTestId('error-password');
		expect(error).toHaveTextContent('al menos 12 caracteres');
		expect(input('password')).toHaveAttribute('aria-invalid', 'true');
		expect(input('password').getAttribute('aria-describedby')).toContain(error.id);
		expect(screen.queryByTestId('error-banner')).toBeNull();
	});

	it('asks before deactivating and shows the core refusal', async () => {
		commands.accountSetActive.mockRejectedValue({ code: 'invalid_value', message: 'the store must keep one active administrator', field: 'user_id' });
		render(Accounts);
		await fireEvent.click(await screen.findByTestId('toggle-jo'));
		expect(commands.accountSetActive).not.toHaveBeenCalled();
		await fireEvent.click(screen.getByTestId('confirm'));
		await waitFor(() => expect(commands.accountSetActive).toHaveBeenCalledWith('u-jo', false));
		expect(await screen.findByTestId('accounts-refusal')).toHaveTextContent('debe quedar al menos un administrador activo');
	});
});

describe('own password', () => {
	beforeEach(() => vi.clearAllMocks());

	it('sends the current and the new password, and routes a wrong current password to its field', async () => {
		commands.passwordChange.mockRejectedValue({ code: 'invalid_credentials', message: 'the current password is wrong', field: 'current_password' });
		render(PasswordDialog, { open: true });
		await fireEvent.input(input('current_password'), { target: { value: 'vieja-clave-2025' } });
		await fireEvent.input(input('password'), { target: { value: 'Nueva-clave-2026' } });
		await fireEvent.input(input('repeat'), { target: { value: 'Nueva-clave-2026' } });
		await fireEvent.submit(screen.getByTestId('password-form'));
		await waitFor(() => expect(commands.passwordChange).toHaveBeenCalledWith('vieja-clave-2025', 'Nueva-clave-2026'));
		expect(await screen.findByTestId('error-current_password')).toHaveTextContent('La contraseña actual no es correcta.');
	});
});
