import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '$lib/session/session.svelte';
import { detail, SG, STAFF } from './fixtures';

const { commands } = vi.hoisted(() => ({
	commands: {
		electionGet: vi.fn(),
		electionStartAmendment: vi.fn(),
		eligibilityReport: vi.fn(),
		membersList: vi.fn(),
		sessionsList: vi.fn()
	}
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }));

import CallPage from './CallPage.svelte';

const SIGNED = { version: 1, signed_by: 'u1', signed_by_name: 'Secretaría General', signed_at: '2026-07-21T15:30:00Z' };

function signed() {
	const d = detail({ status: 'signed', signed_versions: 1 });
	return { ...d, versions: [SIGNED] };
}

describe('a call page', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = SG;
		commands.membersList.mockResolvedValue([]);
		commands.sessionsList.mockResolvedValue([]);
	});

	it('lets a manager change an unlocked call', async () => {
		commands.electionGet.mockResolvedValue(detail());
		render(CallPage, { id: 'c1', initialTab: 'postulations' });
		expect(await screen.findByTestId('call-heading')).toHaveTextContent('Convocatoria para la elección de autoridades');
		expect(screen.queryByTestId('lock-banner')).toBeNull();
		expect(screen.getByTestId('call-edit')).toBeInTheDocument();
		expect(screen.getByTestId('postulation-new')).toBeInTheDocument();
		expect(screen.getAllByTestId('postulation-edit')).toHaveLength(2);
		await fireEvent.click(screen.getByTestId('call-tab-positions'));
		expect(await screen.findByTestId('position-add')).toBeInTheDocument();
		expect(screen.getByTestId('requirement-add')).toBeInTheDocument();
	});

	it('shows the lock banner with the version, the signer and the date once signed, and hides every change', async () => {
		commands.electionGet.mockResolvedValue(signed());
		render(CallPage, { id: 'c1', initialTab: 'postulations' });
		const banner = await screen.findByTestId('lock-banner');
		expect(banner).toHaveTextContent('la convocatoria está bloqueada');
		expect(within(banner).getByTestId('lock-version')).toHaveTextContent(/Versión 1, firmada por Secretaría General el .*2026/);
		expect(screen.getByTestId('call-status')).toHaveTextContent('Informe firmado');
		expect(screen.queryByTestId('call-edit')).toBeNull();
		expect(screen.queryByTestId('postulation-new')).toBeNull();
		expect(screen.queryByTestId('postulation-edit')).toBeNull();
		expect(screen.queryByTestId('postulation-attach')).toBeNull();
		await fireEvent.click(screen.getByTestId('call-tab-positions'));
		await screen.findByTestId('positions-table');
		expect(screen.queryByTestId('position-add')).toBeNull();
		expect(screen.queryByTestId('requirement-add')).toBeNull();
		await fireEvent.click(screen.getByTestId('call-tab-matrix'));
		await fireEvent.click(screen.getAllByTestId('matrix-cell')[0]);
		const dialog = await screen.findByTestId('cell-dialog');
		expect(within(dialog).queryByTestId('cell-form')).toBeNull();
	});

	it('starts an amendment only with a reason', async () => {
		commands.electionGet.mockResolvedValueOnce(signed());
		render(CallPage, { id: 'c1', initialTab: 'postulations' });
		await fireEvent.click(await screen.findByTestId('amend-start'));
		const form = await screen.findByTestId('amend-form');
		await fireEvent.click(within(form).getByTestId('amend-confirm'));
		expect(await within(form).findByTestId('error-reason')).toHaveTextContent('Este campo es obligatorio.');
		expect(commands.electionStartAmendment).not.toHaveBeenCalled();

		commands.electionStartAmendment.mockResolvedValueOnce({ ...signed().call, status: 'closed', amending: true });
		commands.electionGet.mockResolvedValueOnce({ ...detail({ status: 'closed', amending: true, signed_versions: 1 }), versions: [SIGNED] });
		await fireEvent.input(within(form).getByTestId('amend-reason'), { target: { value: 'Se recibió el comprobante de pago del IESS.' } });
		await fireEvent.click(within(form).getByTestId('amend-confirm'));
		await waitFor(() => expect(commands.electionStartAmendment).toHaveBeenCalledWith('c1', 'Se recibió el comprobante de pago del IESS.'));
		expect(await screen.findByTestId('amending-banner')).toHaveTextContent('la próxima firma será la versión 2');
		expect(screen.queryByTestId('lock-banner')).toBeNull();
		expect(screen.getByTestId('postulation-new')).toBeInTheDocument();
	});

	it('shows the call without any change to someone who may not manage elections', async () => {
		session.user = STAFF;
		commands.electionGet.mockResolvedValue(detail());
		render(CallPage, { id: 'c1', initialTab: 'postulations' });
		await screen.findByTestId('call-heading');
		expect(screen.queryByTestId('postulation-new')).toBeNull();
		expect(screen.queryByTestId('call-edit')).toBeNull();
	});
});
