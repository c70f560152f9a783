import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncProgress } from '$lib/ipc/bindings';

const { commands } = vi.hoisted(() => ({
	commands: {
		syncStatus: vi.fn(),
		syncSiteKey: vi.fn(),
		syncSiteRename: vi.fn(),
		syncPeerAdd: vi.fn(),
		syncFolderSet: vi.fn(),
		syncNow: vi.fn(),
		syncPrepareTravel: vi.fn(),
		syncConflicts: vi.fn(),
		syncConflictResolve: vi.fn(),
		syncResend: vi.fn()
	}
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
// The shell's channel: the test plays the progress events through `onmessage`.
vi.mock('@tauri-apps/api/core', () => ({
	Channel: class<T> {
		onmessage: (m: T) => void = () => {};
	}
}));

import { notices } from '$lib/ui/notices.svelte';
import { session } from '$lib/session/session.svelte';
import TravelView from './TravelView.svelte';
import { KEY, PEER_ID, SITE_ID, status } from './fixtures';

const ADMIN = { id: 'u1', username: 'sg', full_name: 'Ana Pérez', role: 'secretary_general' as const, is_admin: true, language: 'es' as const };
const STAFF = { ...ADMIN, id: 'u3', role: 'staff' as const, is_admin: false };

function step(done: number, total: number, outcome: string, extra: Partial<SyncProgress['item']> = {}): SyncProgress {
	return {
		done,
		total,
		item: { file: `/media/usb/despacho/x-${done}.despacho-sync`, outcome, message: '', peer: 'Oficina central', seq: done, missing: null, changes: 4, conflicts: 0, ...extra }
	};
}

describe('TravelView', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		notices.clear();
		session.user = { ...ADMIN };
		commands.syncStatus.mockResolvedValue(status());
		commands.syncSiteKey.mockResolvedValue(KEY);
		commands.syncConflicts.mockResolvedValue([]);
	});

	it('shows this site, its key to copy, and each peer with its last bundles and changes waiting', async () => {
		const writeText = vi.fn().mockResolvedValue(undefined);
		Object.assign(navigator, { clipboard: { writeText } });
		render(TravelView);
		expect(await screen.findByTestId('site-name')).toHaveTextContent('Laptop de misión');
		expect(await screen.findByTestId('site-key')).toHaveTextContent(KEY);
		await fireEvent.click(screen.getByTestId('copy-key'));
		await waitFor(() => expect(writeText).toHaveBeenCalledWith(KEY));
		expect(notices.items.at(-1)?.text).toBe('Clave copiada al portapapeles.');
		const row = screen.getByTestId('peer-Oficina central');
		const cells = within(row).getAllByRole('cell');
		expect(cells[0]).toHaveTextContent('n.º 3');
		expect(cells[1]).toHaveTextContent('Nunca');
		expect(cells[2]).toHaveTextContent('12');
		expect(screen.getByTestId('conflicts-empty')).toHaveTextContent('No hay conflictos.');
	});

	it('syncs now with one progress step per bundle and says what it did', async () => {
		commands.syncNow.mockImplementation(async (channel: { onmessage: (p: SyncProgress) => void }) => {
			channel.onmessage(step(1, 2, 'imported', { conflicts: 1 }));
			channel.onmessage(step(2, 2, 'exported', { seq: 4 }));
			return { folder: '/media/usb/despacho', items: [step(1, 2, 'imported', { conflicts: 1 }).item, step(2, 2, 'exported', { seq: 4 }).item] };
		});
		render(TravelView);
		await fireEvent.click(await screen.findByTestId('sync-now'));
		await waitFor(() => expect(screen.getByTestId('sync-step')).toHaveTextContent('2 de 2'));
		const steps = screen.getByTestId('sync-steps');
		expect(steps).toHaveTextContent('Paquete n.º 1 de Oficina central: 4 cambio(s), 1 conflicto(s)');
		expect(steps).toHaveTextContent('Paquete n.º 4 para Oficina central: 4 cambio(s)');
		await waitFor(() =>
			expect(notices.items.at(-1)?.text).toBe('Sincronización terminada: 1 paquete(s) importado(s), 1 escrito(s), 1 conflicto(s).')
		);
		// The status and the inbox are read again afterwards.
		expect(commands.syncStatus).toHaveBeenCalledTimes(2);
		expect(commands.syncConflicts).toHaveBeenCalledTimes(2);
	});

	it('prepares for travel and names exactly the bundle that is missing', async () => {
		commands.syncPrepareTravel.mockImplementation(async (channel: { onmessage: (p: SyncProgress) => void }) => {
			channel.onmessage(step(1, 2, 'waiting', { seq: 7, missing: 6 }));
			channel.onmessage(step(2, 2, 'exported', { seq: 4 }));
			return {
				ready: false,
				report: { folder: '/media/usb/despacho', items: [] },
				peers: [{ id: PEER_ID, name: 'Oficina central', imported_seq: 5, imported_at: null, sent_seq: 4, sent_changes: 4, behind: 0, unconfirmed: 12 }],
				problems: [{ kind: 'waiting', peer: 'Oficina central', file: '/media/usb/despacho/b.despacho-sync', seq: 7, missing: 6, count: 0, message: 'bundle #7…' }]
			};
		});
		render(TravelView);
		await fireEvent.click(await screen.findByTestId('sync-prepare'));
		const verdict = await screen.findByTestId('travel-verdict');
		expect(verdict).toHaveTextContent('Aún no está listo para viajar');
		expect(screen.getByTestId('travel-problems')).toHaveTextContent(
			'Falta el paquete n.º 6 de Oficina central (el n.º 7 lo espera). Pida a Oficina central que lo escriba de nuevo en la carpeta.'
		);
		const items = within(screen.getByTestId('travel-checklist')).getAllByRole('listitem');
		expect(items[0]).toHaveTextContent('Cumplido');
		expect(items[1]).toHaveTextContent('No cumplido');
		expect(items[1]).toHaveTextContent('No falta ningún paquete intermedio');
		expect(screen.getByTestId('sync-steps')).toHaveTextContent('espera el n.º 6');
	});

	it('says when the laptop is ready to travel', async () => {
		commands.syncPrepareTravel.mockResolvedValue({
			ready: true,
			report: { folder: '/f', items: [] },
			peers: [{ id: PEER_ID, name: 'Oficina central', imported_seq: 5, imported_at: null, sent_seq: 4, sent_changes: 0, behind: 0, unconfirmed: 0 }],
			problems: []
		});
		render(TravelView);
		await fireEvent.click(await screen.findByTestId('sync-prepare'));
		expect(await screen.findByTestId('travel-verdict')).toHaveTextContent('Listo para viajar');
		expect(screen.queryByTestId('travel-problems')).toBeNull();
		expect(screen.getByTestId('travel-peers')).toHaveTextContent('Oficina central: último paquete importado n.º 5; paquete n.º 4 escrito');
	});

	it('sets the folder and shows the core refusal on the field', async () => {
		commands.syncStatus.mockResolvedValue(status({ folder: null, peers: [] }));
		commands.syncFolderSet.mockRejectedValueOnce({ code: 'not_found', message: '/nope does not exist', field: 'folder' });
		render(TravelView);
		await screen.findByTestId('sync-folder');
		expect(screen.getByTestId('sync-now')).toBeDisabled();
		expect(screen.getByTestId('need-folder')).toBeInTheDocument();
		expect(screen.getByTestId('peers-empty')).toHaveTextContent('No hay sitios inscritos todavía.');
		await fireEvent.click(screen.getByTestId('folder-save'));
		expect(await screen.findByTestId('error-folder')).toHaveTextContent('Indique la carpeta.');
		expect(commands.syncFolderSet).not.toHaveBeenCalled();
		await fireEvent.input(screen.getByTestId('sync-folder'), { target: { value: '/nope' } });
		await fireEvent.click(screen.getByTestId('folder-save'));
		expect(await screen.findByTestId('error-folder')).toHaveTextContent('La carpeta no existe.');
		expect(screen.getByTestId('sync-folder')).toHaveFocus();
		commands.syncFolderSet.mockResolvedValueOnce('/media/usb/despacho');
		commands.syncStatus.mockResolvedValue(status());
		await fireEvent.input(screen.getByTestId('sync-folder'), { target: { value: '/media/usb/despacho' } });
		await fireEvent.click(screen.getByTestId('folder-save'));
		await waitFor(() => expect(commands.syncFolderSet).toHaveBeenLastCalledWith('/media/usb/despacho'));
		await waitFor(() => expect(screen.getByTestId('sync-now')).toBeEnabled());
	});

	it('enrols a peer, checking the key before asking the core', async () => {
		commands.syncPeerAdd.mockRejectedValueOnce({ code: 'duplicate', message: 'already', field: 'name' });
		render(TravelView);
		await fireEvent.input(await screen.findByTestId('peer-name'), { target: { value: 'Oficina B' } });
		await fireEvent.input(screen.getByTestId('peer-key'), { target: { value: 'not a key' } });
		await fireEvent.click(screen.getByTestId('peer-add'));
		expect(await screen.findByTestId('error-peer-key')).toHaveTextContent('identificador:clave pública');
		expect(commands.syncPeerAdd).not.toHaveBeenCalled();
		const key = `${SITE_ID.replace('a', 'c')}:${'ef'.repeat(32)}`;
		await fireEvent.input(screen.getByTestId('peer-key'), { target: { value: key } });
		await fireEvent.click(screen.getByTestId('peer-add'));
		await waitFor(() => expect(commands.syncPeerAdd).toHaveBeenCalledWith('Oficina B', key));
		expect(await screen.findByTestId('error-peer-name')).toHaveTextContent('Ya hay un sitio inscrito con ese nombre o esa clave.');
	});

	it('writes a lost bundle again, only with a number already sent', async () => {
		commands.syncResend.mockResolvedValue({ path: '/media/usb/despacho/x', peer: 'Oficina central', seq: 2, changes: 9, files: 0, bytes: 100 });
		render(TravelView);
		await fireEvent.input(await screen.findByTestId('resend-seq'), { target: { value: '4' } });
		await fireEvent.click(screen.getByTestId('resend-submit'));
		expect(await screen.findByTestId('error-resend-seq')).toHaveTextContent('Indique un número de paquete ya enviado a ese sitio.');
		expect(commands.syncResend).not.toHaveBeenCalled();
		await fireEvent.input(screen.getByTestId('resend-seq'), { target: { value: '2' } });
		await fireEvent.click(screen.getByTestId('resend-submit'));
		await waitFor(() => expect(commands.syncResend).toHaveBeenCalledWith('Oficina central', 2));
		await waitFor(() => expect(notices.items.at(-1)?.text).toBe('Paquete n.º 2 para Oficina central escrito de nuevo (9 cambio(s)).'));
		expect(screen.queryByTestId('error-resend-seq')).toBeNull();
	});

	it('hides the administration from other roles', async () => {
		session.user = { ...STAFF };
		render(TravelView);
		expect(await screen.findByTestId('folder-current')).toHaveTextContent('/media/usb/despacho');
		expect(screen.queryByTestId('sync-folder')).toBeNull();
		expect(screen.queryByTestId('enrol-form')).toBeNull();
		expect(screen.queryByTestId('resend-form')).toBeNull();
		expect(screen.queryByTestId('site-name-input')).toBeNull();
		expect(screen.getByTestId('sync-now')).toBeEnabled();
	});
});
