import { render, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { commands } = vi.hoisted(() => ({ commands: { syncOnStart: vi.fn() } }));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import { notices } from '$lib/ui/notices.svelte';
import StartSync from './StartSync.svelte';

const item = (outcome: string, changes = 0, conflicts = 0) => ({
	file: `/f/${outcome}.despacho-sync`, outcome, message: '', peer: 'Oficina', seq: 1, missing: null, changes, conflicts
});

describe('StartSync', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		notices.clear();
	});

	it('says what the import at start brought', async () => {
		commands.syncOnStart.mockResolvedValue({ folder: '/f', items: [item('imported', 7, 1), item('imported', 3, 0)] });
		render(StartSync);
		await waitFor(() =>
			expect(notices.items.map((n) => n.text)).toEqual([
				'Sincronización al iniciar: 2 paquete(s) importado(s), 10 cambio(s), 1 conflicto(s).'
			])
		);
		expect(commands.syncOnStart).toHaveBeenCalledTimes(1);
	});

	it('says when bundles could not be imported, and nothing when there was nothing', async () => {
		commands.syncOnStart.mockResolvedValueOnce({ folder: '/f', items: [item('refused'), item('waiting')] });
		render(StartSync);
		await waitFor(() => expect(notices.items.at(-1)?.kind).toBe('error'));
		expect(notices.items.at(-1)?.text).toContain('2 paquete(s)');
		notices.clear();
		commands.syncOnStart.mockResolvedValueOnce(null);
		render(StartSync);
		await waitFor(() => expect(commands.syncOnStart).toHaveBeenCalledTimes(2));
		expect(notices.items).toEqual([]);
	});

	it('says the folder could not be read', async () => {
		commands.syncOnStart.mockRejectedValue({ code: 'storage', message: 'cannot use /media/usb' });
		render(StartSync);
		await waitFor(() => expect(notices.items.at(-1)?.text).toBe('No se pudo leer la carpeta de sincronización al iniciar.'));
	});
});
