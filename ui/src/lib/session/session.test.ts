import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { get } from 'svelte/store';
import { locale } from 'svelte-i18n';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '$lib/ipc/bindings';

const { commands } = vi.hoisted(() => ({
	commands: { signIn: vi.fn(), setupFirstAdmin: vi.fn(), setLanguage: vi.fn(), appInfo: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import { setLocale } from '$lib/i18n';
import SetupForm from './SetupForm.svelte';
import SignInForm from './SignInForm.svelte';
import { session } from './session.svelte';

const ANA: User = {
	id: 'u1',
	username: 'ana',
	full_name: 'Ana Pérez',
	role: 'secretary_general',
	is_admin: true,
	language: 'pt'
};

function field(name: string): HTMLInputElement {
	return document.querySelector(`[name="${name}"]`) as HTMLInputElement;
}

describe('sign-in', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = null;
	});
	afterEach(() => setLocale('es'));

	it('shows invalid_credentials translated and keeps the user name', async () => {
		commands.signIn.mockRejectedValue({ code: 'invalid_credentials', message: 'wrong user name or password' });
		render(SignInForm);
		const user = userEvent.setup();
		await user.type(field('username'), 'ana');
		await user.type(field('password'), 'wrong-password{Enter}');
		expect(await screen.findByTestId('signin-error')).toHaveTextContent('Nombre de usuario o contraseña incorrectos.');
		expect(commands.signIn).toHaveBeenCalledWith('ana', 'wrong-password');
		expect(field('username')).toHaveValue('ana');
		expect(field('password')).toHaveValue('');
		expect(session.user).toBeNull();
	});

	it('signs in with Enter and switches the UI to the user language', async () => {
		commands.signIn.mockResolvedValue(ANA);
		render(SignInForm);
		const user = userEvent.setup();
		await user.type(field('username'), 'ana');
		await user.type(field('password'), 'a-long-password{Enter}');
		await waitFor(() => expect(session.user).toEqual(ANA));
		expect(get(locale)).toBe('pt');
		expect(document.documentElement.lang).toBe('pt');
	});
});

describe('first start', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = null;
	});
	afterEach(() => setLocale('es'));

	async function fill(password: string, repeat: string) {
		const user = userEvent.setup();
		await user.type(field('full_name'), 'Ana Pérez');
		await user.type(field('username'), 'ana');
		await user.type(field('password'), password);
		await user.type(field('password_repeat'), repeat);
		return user;
	}

	it('checks the password length and the repetition before calling the core', async () => {
		render(SetupForm);
		const user = await fill('short', 'short');
		await user.click(screen.getByTestId('setup-submit'));
		expect(await screen.findByTestId('error-password')).toHaveTextContent('al menos 12 caracteres');
		expect(field('password')).toHaveAttribute('aria-invalid', 'true');

		await user.clear(field('password'));
		await user.type(field('password'), 'a-long-password');
		await user.click(screen.getByTestId('setup-submit'));
		expect(await screen.findByTestId('error-password_repeat')).toHaveTextContent('Las contraseñas no coinciden.');
		expect(commands.setupFirstAdmin).not.toHaveBeenCalled();
	});

	it('creates the Secretary-General as administrator, with demo data by default', async () => {
		commands.setupFirstAdmin.mockResolvedValue({ user: { ...ANA, language: 'es' }, recovery_key: null });
		render(SetupForm);
		const user = await fill('a-long-password', 'a-long-password');
		await user.click(screen.getByTestId('setup-submit'));
		await waitFor(() => expect(commands.setupFirstAdmin).toHaveBeenCalledTimes(1));
		expect(commands.setupFirstAdmin).toHaveBeenCalledWith(
			{
				full_name: 'Ana Pérez',
				username: 'ana',
				password: 'a-long-password',
				language: 'es',
				role: 'secretary_general',
				is_admin: true
			},
			true,
			'',
			false
		);
		await waitFor(() => expect(session.user?.username).toBe('ana'));
	});

	it('marks the field the core names', async () => {
		commands.setupFirstAdmin.mockRejectedValue({
			code: 'invalid_format',
			message: "a user name may hold letters, digits, '.', '_' and '-' only",
			field: 'username'
		});
		render(SetupForm);
		const user = await fill('a-long-password', 'a-long-password');
		await fireEvent.click(field('load_demo'));
		await user.click(screen.getByTestId('setup-submit'));
		expect(await screen.findByTestId('error-username')).toHaveTextContent('Use solo letras');
		expect(field('username')).toHaveAttribute('aria-invalid', 'true');
		await waitFor(() => expect(field('username')).toHaveFocus());
		expect(commands.setupFirstAdmin.mock.calls[0][1]).toBe(false);
	});

	it('switches the screen language when another one is picked', async () => {
		render(SetupForm);
		await fireEvent.change(field('language'), { target: { value: 'fr' } });
		expect(await screen.findByRole('heading', { name: 'Premier démarrage' })).toBeInTheDocument();
		expect(document.documentElement.lang).toBe('fr');
	});
});
