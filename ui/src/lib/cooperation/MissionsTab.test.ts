import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mission, User } from '$lib/ipc/bindings';
import { session } from '$lib/session/session.svelte';

const { commands, dialog } = vi.hoisted(() => ({
	commands: {
		missionsList: vi.fn(),
		missionGet: vi.fn(),
		missionTimeline: vi.fn(),
		missionRecordActualCost: vi.fn(),
		financeAccounts: vi.fn(),
		cooperationDocumentAttach: vi.fn()
	},
	dialog: { open: vi.fn(), save: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('@tauri-apps/plugin-dialog', () => dialog);
vi.mock('$app/navigation', () => ({ goto: vi.fn() }));

import MissionsTab from './MissionsTab.svelte';

const LINKING: User = { id: 'u1', username: 'vinculacion', full_name: 'Vinculación', role: 'linking_cooperation', is_admin: false, language: 'es' };

const MISSION: Mission = {
	id: 'm1',
	purpose: 'Asistencia técnica al IESS',
	country: 'EC',
	city: 'Quito',
	start_date: '2025-10-01',
	end_date: '2025-10-05',
	status: 'completed',
	travellers: [],
	itinerary: [],
	links: [],
	estimated_cost: null,
	actual_cost: null,
	actual_paid_on: null,
	actual_budget_line: null,
	actual_entry_id: null,
	report: '',
	report_filed_on: null,
	notes: '',
	documents: [],
	updated_at: '2025-10-01T00:00:00Z'
};

describe('a mission’s detail', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = LINKING;
		commands.missionGet.mockResolvedValue(MISSION);
		commands.missionTimeline.mockResolvedValue([]);
		commands.financeAccounts.mockResolvedValue([]);
	});

	it('shows the actual cost recorded and the history gains its event; attaches the mission report', async () => {
		render(MissionsTab, { workflows: null, selectedId: 'm1' });
		await fireEvent.click(await screen.findByTestId('cost-record'));
		await fireEvent.input(await screen.findByTestId('cost-amount'), { target: { value: '900' } });
		await fireEvent.input(screen.getByTestId('cost-paid-on'), { target: { value: '2025-10-06' } });
		const line = screen.getByTestId('cost-budget-line') as HTMLSelectElement;
		line.value = '3.1';
		await fireEvent.change(line);
		commands.missionRecordActualCost.mockResolvedValueOnce({
			...MISSION,
			actual_cost: { amount: '900.00', currency: 'USD' },
			actual_paid_on: '2025-10-06',
			actual_budget_line: '3.1'
		});
		commands.missionTimeline.mockResolvedValue([
			{ id: 'ev1', owner: 'mission', owner_id: 'm1', owner_label: 'Asistencia técnica al IESS', on_date: '2025-10-06', at: '2025-10-06T12:00:00Z', kind: 'actual_cost', summary: '900.00 USD', user_name: 'Vinculación' }
		]);
		await fireEvent.click(screen.getByTestId('cost-save'));
		await waitFor(() => expect(screen.getByTestId('mission-actual')).toHaveTextContent('USD 900.00'));
		await waitFor(() => expect(screen.getByTestId('mission-timeline')).toHaveTextContent('Costo real'));

		dialog.open.mockResolvedValueOnce('/home/vinculacion/informe-quito.pdf');
		commands.cooperationDocumentAttach.mockResolvedValueOnce({
			id: 'd1', owner: 'mission', owner_id: 'm1', language: null, title: 'informe-quito.pdf', file_name: 'informe-quito.pdf', sha256: 'ab', size_bytes: 2048
		});
		await fireEvent.click(screen.getByTestId('document-attach'));
		await fireEvent.click(await screen.findByTestId('document-save'));
		await waitFor(() => expect(commands.cooperationDocumentAttach).toHaveBeenCalledWith('mission', 'm1', { title: 'informe-quito.pdf', path: '/home/vinculacion/informe-quito.pdf', language: null }));
		expect(await screen.findByTestId('document-row')).toHaveTextContent('2 KB');
		expect(screen.getByTestId('mission-actual')).toHaveTextContent('USD 900.00');
	});
});
