import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppInfo, User } from '$lib/ipc/bindings';

const { commands } = vi.hoisted(() => ({
	commands: {
		storeUnlock: vi.fn(),
		storeUnlockRecovery: vi.fn(),
		storeProtect: vi.fn(),
		setupFirstAdmin: vi.fn(),
		appInfo: vi.fn(),
		signInWait: vi.fn()
	}
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import { setLocale } from '$lib/i18n';
import ProtectForm from './ProtectForm.svelte';
import RecoveryKeyNotice from './RecoveryKeyNotice.svelte';
import SetupForm from './SetupForm.svelte';
import UnlockForm from './UnlockForm.svelte';
import { session } from './session.svelte';

const INFO: AppInfo = {
	version: '0.1.0',
	db_path: '/tmp/despacho.db',
	store: 'locked',
	needs_setup: false,
	user: null,
	keyring_problem: false,
	measure_first_paint: false
};
const ANA: User = { id: 'u1', username: 'ana', full_name: 'Ana Pérez', role: 'secretary_general', is_admin: true, language: 'es' };
const KEY = 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567';

function field(name: string): HTMLInputElement {
	return document.querySelector(`[name="${name}"]`) as HTMLInputElement;
}

describe('the encrypted store', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.info = { ...INFO };
		session.user = null;
		session.recoveryKey = null;
		session.protectReport = null;
	});
	afterEach(() => setLocale('es'));

	it('refuses a wrong passphrase with the translated message and opens with the right one', async () => {
		commands.storeUnlock.mockRejectedValueOnce({ code: 'wrong_passphrase', message: 'no', field: 'passphrase' });
		commands.storeUnlock.mockResolvedValueOnce({ ...INFO, store: 'open' });
		render(UnlockForm);
		const user = userEvent.setup();
		await user.type(field('passphrase'), 'una frase equivocada{Enter}');
		expect(await screen.findByTestId('unlock-error')).toHaveTextContent('La frase de paso no es correcta.');
		expect(session.locked).toBe(true);
		await user.type(field('passphrase'), 'la frase correcta{Enter}');
		await waitFor(() => expect(session.locked).toBe(false));
		expect(commands.storeUnlock).toHaveBeenLastCalledWith('la frase correcta', false);
	});

	it('says why the passphrase is asked when the keyring failed', () => {
		session.info = { ...INFO, keyring_problem: true };
		render(UnlockForm);
		expect(screen.getByTestId('unlock-keyring-problem')).toHaveTextContent('llavero');
	});

	it('unlocks with the recovery key and a new passphrase, checked first', async () => {
		commands.storeUnlockRecovery.mockResolvedValue({ ...INFO, store: 'open' });
		render(UnlockForm);
		const user = userEvent.setup();
		await user.click(screen.getByTestId('unlock-switch'));
		await user.type(field('recovery_key'), KEY.toLowerCase());
		await user.type(field('new_passphrase'), 'nueva frase larga');
		await user.type(field('new_passphrase_repeat'), 'otra cosa distinta');
		await user.click(screen.getByTestId('unlock-submit'));
		expect(await screen.findByTestId('unlock-error')).toHaveTextContent('no coinciden');
		expect(commands.storeUnlockRecovery).not.toHaveBeenCalled();
		await user.clear(field('new_passphrase_repeat'));
		await user.type(field('new_passphrase_repeat'), 'nueva frase larga');
		await user.click(screen.getByTestId('unlock-submit'));
		await waitFor(() => expect(commands.storeUnlockRecovery).toHaveBeenCalledWith(KEY.toLowerCase(), 'nueva frase larga', false));
	});

	it('shows the recovery key once and continues only when it is saved', async () => {
		session.recoveryKey = KEY;
		render(RecoveryKeyNotice);
		expect(screen.getByTestId('recovery-key')).toHaveTextContent(KEY);
		const go = screen.getByTestId('recovery-continue');
		expect(go).toBeDisabled();
		const user = userEvent.setup();
		await user.click(field('recovery_saved'));
		expect(go).toBeEnabled();
		await user.click(go);
		expect(session.recoveryKey).toBeNull();
	});

	it('asks the passphrase twice with the first administrator on a first start', async () => {
		session.info = { ...INFO, store: 'new', needs_setup: true };
		commands.setupFirstAdmin.mockResolvedValue({ user: ANA, recovery_key: KEY });
		render(SetupForm);
		const user = userEvent.setup();
		await user.type(field('full_name'), 'Ana Pérez');
		await user.type(field('username'), 'ana');
		await user.type(field('password'), 'a-long-password');
		await user.type(field('password_repeat'), 'a-long-password');
		await user.type(field('passphrase'), 'corta');
		await user.click(screen.getByTestId('setup-submit'));
		expect(await screen.findByTestId('error-passphrase')).toHaveTextContent('al menos 12 caracteres');
		expect(commands.setupFirstAdmin).not.toHaveBeenCalled();
		await user.clear(field('passphrase'));
		await user.type(field('passphrase'), 'una frase de paso larga');
		await user.type(field('passphrase_repeat'), 'una frase de paso larga');
		await user.click(field('remember'));
		await user.click(screen.getByTestId('setup-submit'));
		await waitFor(() => expect(commands.setupFirstAdmin).toHaveBeenCalledTimes(1));
		expect(commands.setupFirstAdmin.mock.calls[0].slice(1)).toEqual([true, 'una frase de paso larga', true]);
		await waitFor(() => expect(session.recoveryKey).toBe(KEY));
	});

	it('protects an unencrypted store and names its backup', async () => {
		session.info = { ...INFO, store: 'plaintext' };
		commands.storeProtect.mockResolvedValue({
			store_path: '/tmp/despacho.db',
			backup: '/tmp/despacho.db.before-encryption-20250101-000000.db',
			recovery_key: KEY,
			tables: 40,
			rows: 1234
		});
		commands.appInfo.mockResolvedValue({ ...INFO, store: 'open' });
		render(ProtectForm);
		const user = userEvent.setup();
		await user.type(field('passphrase'), 'una frase de paso larga');
		await user.type(field('passphrase_repeat'), 'una frase de paso larga');
		await user.click(screen.getByTestId('protect-submit'));
		await waitFor(() => expect(session.recoveryKey).toBe(KEY));
		expect(commands.storeProtect).toHaveBeenCalledWith('una frase de paso larga', false);
		expect(session.protectReport?.backup).toContain('before-encryption');
		expect(session.plaintext).toBe(false);
	});
});
