import { act, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const { commands } = vi.hoisted(() => ({
	commands: { signIn: vi.fn(), signInWait: vi.fn(), setLanguage: vi.fn(), appInfo: vi.fn(), storeWarm: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import { idleLock } from '$lib/admin/idle.svelte';
import SignInForm from './SignInForm.svelte';
import { session } from './session.svelte';

function field(name: string): HTMLInputElement {
	return document.querySelector(`[name="${name}"]`) as HTMLInputElement;
}

/** Lets the pending promises of the form settle (fake timers do not run them). */
async function settle() {
	for (let i = 0; i < 5; i++) await act(() => Promise.resolve());
}

beforeEach(() => {
	vi.clearAllMocks();
	session.user = null;
	idleLock.lockedOut = false;
});

describe('sign-in throttle', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	async function tryOnce() {
		await fireEvent.input(field('username'), { target: { value: 'ana' } });
		await fireEvent.input(field('password'), { target: { value: 'wrong-password' } });
		await fireEvent.click(screen.getByTestId('signin-submit'));
		await settle();
	}

	it('counts down the wait the core gives, with the button disabled until 0', async () => {
		commands.signIn.mockRejectedValue({ code: 'forbidden', message: 'too many failed sign-ins; try again in 3 seconds' });
		commands.signInWait.mockResolvedValue(3);
		render(SignInForm);
		await tryOnce();
		expect(commands.signInWait).toHaveBeenCalledWith('ana');
		const wait = screen.getByTestId('signin-wait');
		expect(wait).toHaveAttribute('aria-live', 'polite');
		expect(wait).toHaveTextContent('Demasiados intentos: espere 3 s');
		expect(screen.getByTestId('signin-submit')).toBeDisabled();

		await act(() => vi.advanceTimersByTime(1000));
		expect(wait).toHaveTextContent('espere 2 s');
		await act(() => vi.advanceTimersByTime(1000));
		expect(wait).toHaveTextContent('espere 1 s');
		expect(screen.getByTestId('signin-submit')).toBeDisabled();
		await act(() => vi.advanceTimersByTime(1000));
		expect(wait).not.toHaveTextContent('espere');
		expect(screen.getByTestId('signin-submit')).toBeEnabled();
		expect(screen.queryByTestId('signin-error')).toBeNull();
		expect(commands.signIn).toHaveBeenCalledTimes(1);
	});

	it('keeps the button enabled after a failure while the core asks for no wait', async () => {
		commands.signIn.mockRejectedValue({ code: 'invalid_credentials', message: 'wrong user name or password' });
		commands.signInWait.mockResolvedValue(0);
		render(SignInForm);
		await tryOnce();
		expect(commands.signInWait).toHaveBeenCalledWith('ana');
		expect(screen.getByTestId('signin-error')).toHaveTextContent('Nombre de usuario o contraseña incorrectos.');
		expect(screen.getByTestId('signin-submit')).toBeEnabled();
	});

	it('says so when the idle lock signed the user out', () => {
		idleLock.lockedOut = true;
		render(SignInForm);
		expect(screen.getByTestId('signin-idle')).toHaveTextContent('Sesión cerrada por inactividad');
	});
});

describe('warming the desk', () => {
	it('asks the core once, after the screen is painted, and ignores a refusal', async () => {
		commands.storeWarm.mockRejectedValue({ code: 'locked', message: 'the store is locked' });
		render(SignInForm);
		expect(commands.storeWarm).not.toHaveBeenCalled();
		await waitFor(() => expect(commands.storeWarm).toHaveBeenCalledTimes(1));
		await settle();
		expect(screen.queryByTestId('signin-error')).toBeNull();
		expect(screen.getByTestId('signin-submit')).toBeEnabled();
	});
});
