import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { commands } = vi.hoisted(() => ({
	commands: { backupSettingsGet: vi.fn(), backupSettingsSet: vi.fn(), backupNow: vi.fn(), backupsList: vi.fn(), idleLockGet: vi.fn(), idleLockSet: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
const dialog = vi.hoisted(() => ({ open: vi.fn(), save: vi.fn() }));
vi.mock('@tauri-apps/plugin-dialog', () => dialog);

import { notices } from '$lib/ui/notices.svelte';
import Backups from './Backups.svelte';
import IdleLockSetting from './IdleLockSetting.svelte';

describe('Backups', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		notices.clear();
		commands.backupSettingsGet.mockResolvedValue(null);
		commands.backupsList.mockResolvedValue([
			{ path: '/media/usb/despacho/despacho-20260301-100000.db', name: 'despacho-20260301-100000.db', bytes: 2_500_000, taken_at: '2026-03-01T10:00:00Z' }
		]);
	});

	it('sends the folder chosen in the dialog and the numbers, then shows the core error on its field', async () => {
		dialog.open.mockResolvedValue('/media/usb/despacho');
		commands.backupSettingsSet.mockRejectedValueOnce({ code: 'invalid_value', message: 'backups run every 1 to 168 hours', field: 'every_hours' });
		render(Backups);
		await waitFor(() => expect(screen.getByTestId('backups-empty')).toBeInTheDocument());
		expect(screen.getByTestId('backup-now')).toBeDisabled();
		await fireEvent.click(screen.getByTestId('backup-choose'));
		await waitFor(() => expect(screen.getByTestId('backup-folder')).toHaveValue('/media/usb/despacho'));
		expect(dialog.open).toHaveBeenCalledWith(expect.objectContaining({ directory: true }));
		await fireEvent.input(screen.getByTestId('backup-every_hours'), { target: { value: '12' } });
		await fireEvent.input(screen.getByTestId('backup-keep'), { target: { value: '30' } });
		await fireEvent.click(screen.getByTestId('backup-save'));
		await waitFor(() =>
			expect(commands.backupSettingsSet).toHaveBeenCalledWith({ folder: '/media/usb/despacho', every_hours: 12, keep: 30 })
		);
		const error = await screen.findByTestId('error-every_hours');
		expect(error).toHaveTextContent('Entre 1 y 168 horas.');
		expect(screen.getByTestId('backup-every_hours')).toHaveAttribute('aria-invalid', 'true');
		expect(screen.getByTestId('backup-every_hours')).toHaveFocus();
		expect(screen.queryByTestId('error-banner')).toBeNull();

		commands.backupSettingsSet.mockResolvedValueOnce({ folder: '/media/usb/despacho', every_hours: 12, keep: 30 });
		await fireEvent.click(screen.getByTestId('backup-save'));
		await waitFor(() => expect(screen.getByTestId('backups-table')).toHaveTextContent('despacho-20260301-100000.db'));
		expect(screen.queryByTestId('error-every_hours')).toBeNull();
		expect(screen.getByTestId('restore-command')).toHaveTextContent('despacho-cli restore ARCHIVO --yes');
	});

	it('refuses numbers out of range before asking the core', async () => {
		commands.backupSettingsGet.mockResolvedValue({ folder: '/srv/copias', every_hours: 24, keep: 14 });
		render(Backups);
		await waitFor(() => expect(screen.getByTestId('backup-folder')).toHaveValue('/srv/copias'));
		await fireEvent.input(screen.getByTestId('backup-keep'), { target: { value: '0' } });
		await fireEvent.click(screen.getByTestId('backup-save'));
		expect(await screen.findByTestId('error-keep')).toHaveTextContent('Entre 1 y 100 copias.');
		expect(commands.backupSettingsSet).not.toHaveBeenCalled();
	});

	it('backs up now and says where, how big and whether it is sound', async () => {
		commands.backupSettingsGet.mockResolvedValue({ folder: '/srv/copias', every_hours: 24, keep: 14 });
		commands.backupNow.mockResolvedValue({
			path: '/srv/copias/despacho-20260302-090000.db', bytes: 3_145_728, pages: 768, integrity: 'ok', schema_version: 9,
			sha256: 'ab', taken_at: '2026-03-02T09:00:00Z', pruned: []
		});
		render(Backups);
		await waitFor(() => expect(screen.getByTestId('backup-now')).toBeEnabled());
		await fireEvent.click(screen.getByTestId('backup-now'));
		await waitFor(() => expect(notices.items.at(-1)?.text).toContain('/srv/copias/despacho-20260302-090000.db'));
		expect(notices.items.at(-1)?.text).toContain('ok');
		expect(notices.items.at(-1)?.text).toContain('3 MB');
	});
});

describe('IdleLockSetting', () => {
	beforeEach(() => vi.clearAllMocks());

	it('saves the minutes and shows the core error on the field', async () => {
		commands.idleLockGet.mockResolvedValue(15);
		commands.idleLockSet.mockRejectedValueOnce({ code: 'invalid_value', message: 'the idle lock is between 1 and 240 minutes', field: 'idle_lock_minutes' });
		render(IdleLockSetting);
		await waitFor(() => expect(screen.getByTestId('idle-minutes')).toHaveValue(15));
		await fireEvent.input(screen.getByTestId('idle-minutes'), { target: { value: '30' } });
		await fireEvent.click(screen.getByTestId('idle-save'));
		await waitFor(() => expect(commands.idleLockSet).toHaveBeenCalledWith(30));
		expect(await screen.findByTestId('error-idle_lock_minutes')).toHaveTextContent('Entre 1 y 240 minutos.');
	});
});
