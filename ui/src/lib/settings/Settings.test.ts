import { render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '$lib/ipc/bindings';

const { commands } = vi.hoisted(() => ({
	commands: {
		usersList: vi.fn(),
		letterheadGet: vi.fn(),
		accountsList: vi.fn(),
		idleLockGet: vi.fn(),
		backupSettingsGet: vi.fn(),
		backupsList: vi.fn()
	}
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('$app/state', () => ({ page: { url: new URL('http://localhost/settings') } }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }));

import { session } from '$lib/session/session.svelte';
import Settings from './Settings.svelte';

const SG: User = { id: 'u-sg', username: 'sg', full_name: 'Secretaria General', role: 'secretary_general', is_admin: true, language: 'es' };
const AUDITOR: User = { id: 'u-aud', username: 'aud', full_name: 'Auditora', role: 'auditor', is_admin: true, language: 'es' };
const STAFF: User = { id: 'u-st', username: 'st', full_name: 'Personal', role: 'staff', is_admin: false, language: 'es' };

describe('Settings by role', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		commands.usersList.mockResolvedValue([SG]);
		commands.letterheadGet.mockResolvedValue({ organization: '', lines: [], logo: null });
		commands.accountsList.mockResolvedValue([{ user: SG, active: true, must_change_password: false, failed_sign_ins: 0, locked_until: null }]);
		commands.idleLockGet.mockResolvedValue(15);
		commands.backupSettingsGet.mockResolvedValue(null);
		commands.backupsList.mockResolvedValue([]);
	});

	it('gives an administrator the accounts, the idle lock, the backups and the audit log', async () => {
		session.user = SG;
		render(Settings);
		expect(screen.getByTestId('own-password')).toBeInTheDocument();
		expect(screen.getByTestId('nav-audit')).toHaveAttribute('href', '/audit');
		expect(await screen.findByTestId('accounts-table')).toBeInTheDocument();
		expect(screen.getByTestId('idle-form')).toBeInTheDocument();
		expect(screen.getByTestId('backup-form')).toBeInTheDocument();
	});

	it('gives the Auditor the audit log but no administration, even when administrator', async () => {
		session.user = AUDITOR;
		render(Settings);
		expect(screen.getByTestId('nav-audit')).toHaveAttribute('href', '/audit');
		expect(screen.queryByTestId('idle-form')).toBeNull();
		expect(screen.queryByTestId('backup-form')).toBeNull();
		await waitFor(() => expect(commands.accountsList).not.toHaveBeenCalled());
	});

	it('gives everyone else only their own password', () => {
		session.user = STAFF;
		render(Settings);
		expect(screen.getByTestId('own-password')).toBeInTheDocument();
		expect(screen.queryByTestId('nav-audit')).toBeNull();
		expect(screen.queryByTestId('backup-form')).toBeNull();
	});
});
