import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { session as sessionFixture } from '$lib/sessions/fixtures';
import { detail, submission } from './fixtures';

const { commands } = vi.hoisted(() => ({
	commands: { regulationEligibleSessions: vi.fn(), regulationSubmit: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import SubmitDialog from './SubmitDialog.svelte';

const OPEN = sessionFixture({ id: 's1', name: 'CXII Reunión del Comité Permanente', agenda_status: 'provisional' });
const APPROVED = sessionFixture({ id: 's2', name: 'CXIII Reunión del Comité Permanente', agenda_status: 'approved', agenda_revision: 2, starts_at: '2026-06-10T09:00:00-06:00' });

async function choose(id: string) {
	const select = (await screen.findByTestId('submit-session')) as HTMLSelectElement;
	select.value = id;
	await fireEvent.change(select);
}

describe('submitting a project to the Standing Committee', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		commands.regulationEligibleSessions.mockResolvedValue([OPEN, APPROVED]);
	});

	it('warns when the agenda is approved and submits only after the confirmation', async () => {
		const onsubmitted = vi.fn();
		render(SubmitDialog, { open: true, projectId: 'p1', unsaved: false, onsubmitted });
		await choose('s2');
		expect(screen.getByTestId('submit-warning')).toHaveTextContent('ya está aprobado (revisión 2)');
		expect(screen.getByTestId('submit-session')).toHaveAttribute('aria-describedby', 'submit-warning');

		await fireEvent.click(screen.getByTestId('submit-go'));
		expect(await screen.findByTestId('submit-confirm-step')).toHaveTextContent('¿Reabrir un orden del día aprobado?');
		expect(commands.regulationSubmit).not.toHaveBeenCalled();

		// Back out: nothing submitted, the choice is kept.
		await fireEvent.click(screen.getByTestId('submit-back'));
		expect(commands.regulationSubmit).not.toHaveBeenCalled();
		expect((screen.getByTestId('submit-session') as HTMLSelectElement).value).toBe('s2');

		await fireEvent.click(screen.getByTestId('submit-go'));
		const result = detail({ submissions: [submission({ session_id: 's2' })] }, { status: 'submitted' });
		commands.regulationSubmit.mockResolvedValueOnce(result);
		await fireEvent.click(await screen.findByTestId('submit-confirm'));
		await waitFor(() => expect(commands.regulationSubmit).toHaveBeenCalledWith('p1', 's2'));
		expect(commands.regulationSubmit).toHaveBeenCalledTimes(1);
		await waitFor(() => expect(onsubmitted).toHaveBeenCalledWith(result));
	});

	it('submits at once to a session whose agenda is provisional', async () => {
		render(SubmitDialog, { open: true, projectId: 'p1', unsaved: true, onsubmitted: vi.fn() });
		expect(await screen.findByTestId('submit-saves-version')).toBeInTheDocument();
		await choose('s1');
		expect(screen.queryByTestId('submit-warning')).toBeNull();
		commands.regulationSubmit.mockResolvedValueOnce(detail({}, { status: 'submitted' }));
		await fireEvent.click(screen.getByTestId('submit-go'));
		await waitFor(() => expect(commands.regulationSubmit).toHaveBeenCalledWith('p1', 's1'));
		expect(screen.queryByTestId('submit-confirm-step')).toBeNull();
	});

	it('asks for a session, and shows the core’s refusal of one on the field', async () => {
		render(SubmitDialog, { open: true, projectId: 'p1', unsaved: false, onsubmitted: vi.fn() });
		await screen.findByTestId('submit-session');
		await fireEvent.click(screen.getByTestId('submit-go'));
		expect(screen.getByTestId('error-session_id')).toHaveTextContent('Elija una sesión.');
		expect(commands.regulationSubmit).not.toHaveBeenCalled();

		await choose('s1');
		commands.regulationSubmit.mockRejectedValueOnce({ code: 'invalid_value', message: 'the session has already started', field: 'session_id' });
		await fireEvent.click(screen.getByTestId('submit-go'));
		expect(await screen.findByTestId('error-session_id')).toHaveTextContent('Esa sesión ya no puede recibir el proyecto');
		expect(screen.getByTestId('submit-session')).toHaveAttribute('aria-invalid', 'true');
	});

	it('says when no session can receive the project', async () => {
		commands.regulationEligibleSessions.mockResolvedValue([]);
		render(SubmitDialog, { open: true, projectId: 'p1', unsaved: false, onsubmitted: vi.fn() });
		expect(await screen.findByTestId('submit-no-sessions')).toBeInTheDocument();
		expect(screen.getByTestId('submit-go')).toBeDisabled();
	});
});
