import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Obligation, Occurrence, OccurrenceDetail as Detail, User } from '$lib/ipc/bindings';
import { session } from '$lib/session/session.svelte';

const { commands, dialog } = vi.hoisted(() => ({
	commands: {
		occurrenceGet: vi.fn(),
		obligationGet: vi.fn(),
		bodiesList: vi.fn(),
		occurrenceSetStatus: vi.fn(),
		occurrenceSignOff: vi.fn(),
		occurrenceAddEvidence: vi.fn(),
		occurrenceRemoveEvidence: vi.fn()
	},
	dialog: { open: vi.fn(), save: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('@tauri-apps/plugin-dialog', () => dialog);

import es from '$lib/i18n/domains/compliance/es.json';
import OccurrenceDetail from './OccurrenceDetail.svelte';

const STAFF: User = { id: 'u-staff', username: 'ana', full_name: 'Ana Staff', role: 'staff', is_admin: false, language: 'es' };
const CHIEF: User = { id: 'u-chief', username: 'jefe', full_name: 'Jefe de Gabinete', role: 'chief_of_staff', is_admin: false, language: 'es' };

const OCC: Occurrence = {
	id: 'v:o1:2026-03-31',
	stored: false,
	obligation_id: 'o1',
	obligation_title: 'Presentar los estados financieros auditados',
	unit_id: 'unit1',
	unit_code: 'DAF',
	responsible_name: 'Directora de Administración',
	key: '2026-03-31',
	due_on: '2026-03-31',
	days_left: -4,
	session_id: null,
	session_name: null,
	session_cancelled: false,
	status: 'pending',
	overdue: true,
	note: '',
	completed_by: null,
	completed_by_name: null,
	completed_at: null,
	signed_off_by: null,
	signed_off_by_name: null,
	signed_off_at: null,
	sign_off_note: '',
	evidence_count: 0
};

const OBLIGATION: Obligation = {
	id: 'o1',
	title: OCC.obligation_title,
	description: 'Ante el Comité Permanente',
	unit_id: 'unit1',
	unit_code: 'DAF',
	unit_name: 'Administración y Finanzas',
	responsible_name: 'Directora de Administración',
	responsible_user_id: null,
	recurrence: { kind: 'yearly', month: 3, day: 31 },
	body_code: null,
	starts_on: '2020-01-01',
	ends_on: null,
	articles: [{ article_id: 'a12', number: '12 bis', instrument_id: 'i1', instrument_kind: 'statute', instrument_title: 'Estatuto' }],
	archived: false,
	updated_at: '2026-01-01T00:00:00Z'
};

function detail(over: Partial<Occurrence> = {}): Detail {
	return { occurrence: { ...OCC, ...over }, evidence: [] };
}

async function shown() {
	return screen.findByTestId('occurrence-detail');
}

describe('an occurrence', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = STAFF;
		commands.obligationGet.mockResolvedValue(OBLIGATION);
		commands.bodiesList.mockResolvedValue([]);
	});

	it('shows the obligation, its source articles, due date, responsible and how often it falls due', async () => {
		commands.occurrenceGet.mockResolvedValue(detail());
		render(OccurrenceDetail, { id: OCC.id });
		await shown();
		expect(commands.occurrenceGet).toHaveBeenCalledWith('v:o1:2026-03-31');
		expect(screen.getByTestId('occurrence-heading')).toHaveTextContent(OCC.obligation_title);
		expect(screen.getByTestId('occurrence-status')).toHaveTextContent('Pendiente');
		expect(screen.getByTestId('occurrence-overdue')).toHaveTextContent('Vencida hace 4 días');
		await waitFor(() => expect(screen.getByTestId('occurrence-articles')).toHaveTextContent('Estatuto, art. 12 bis'));
		expect(screen.getByTestId('occurrence-detail')).toHaveTextContent('Cada año el 31 de marzo');
		expect(screen.getByTestId('occurrence-detail')).toHaveTextContent('DAF — Administración y Finanzas');
		expect(screen.getByTestId('occurrence-detail')).toHaveTextContent('Directora de Administración');
	});

	it('starts a pending occurrence at once, passing back its (virtual) id', async () => {
		commands.occurrenceGet.mockResolvedValue(detail());
		commands.occurrenceSetStatus.mockResolvedValue(detail({ id: 'row1', stored: true, status: 'in_progress' }));
		render(OccurrenceDetail, { id: OCC.id });
		await shown();
		await fireEvent.click(screen.getByTestId('move-in_progress'));
		await waitFor(() => expect(commands.occurrenceSetStatus).toHaveBeenCalledWith('v:o1:2026-03-31', { status: 'in_progress', note: '' }));
		await waitFor(() => expect(screen.getByTestId('occurrence-status')).toHaveTextContent('En curso'));
	});

	it('marking done without a note or evidence shows the core’s refusal under the note', async () => {
		commands.occurrenceGet.mockResolvedValue(detail());
		commands.occurrenceSetStatus.mockRejectedValueOnce({
			code: 'required',
			message: 'an occurrence is done with evidence or a note on what was done',
			field: 'evidence'
		});
		render(OccurrenceDetail, { id: OCC.id });
		await shown();
		await fireEvent.click(screen.getByTestId('move-done'));
		const form = await screen.findByTestId('note-dialog');
		await fireEvent.click(within(form).getByTestId('note-submit'));
		await waitFor(() => expect(commands.occurrenceSetStatus).toHaveBeenCalledWith(OCC.id, { status: 'done', note: '' }));
		const error = await screen.findByTestId('error-note');
		expect(error).toHaveTextContent(es.compliance.errors.evidence.required);
		expect(within(form).getByTestId('note-text')).toHaveAttribute('aria-invalid', 'true');
		expect(screen.getByTestId('note-dialog')).toBeInTheDocument();

		// With a note on what was done, it goes through.
		commands.occurrenceSetStatus.mockResolvedValueOnce(
			detail({ id: 'row1', stored: true, status: 'done', note: 'Enviados el 28 de marzo', completed_by: 'u-staff', completed_by_name: 'Ana Staff' })
		);
		await fireEvent.input(within(form).getByTestId('note-text'), { target: { value: ' Enviados el 28 de marzo ' } });
		expect(screen.queryByTestId('error-note')).toBeNull();
		await fireEvent.click(within(form).getByTestId('note-submit'));
		await waitFor(() => expect(commands.occurrenceSetStatus).toHaveBeenLastCalledWith(OCC.id, { status: 'done', note: 'Enviados el 28 de marzo' }));
		await waitFor(() => expect(screen.getByTestId('occurrence-status')).toHaveTextContent('Cumplida'));
		expect(screen.getByTestId('occurrence-completed-by')).toHaveTextContent('Ana Staff');
	});

	it('waiving asks the reason before calling the core, and shows the core’s refusal too', async () => {
		commands.occurrenceGet.mockResolvedValue(detail());
		render(OccurrenceDetail, { id: OCC.id });
		await shown();
		await fireEvent.click(screen.getByTestId('move-waived'));
		const form = await screen.findByTestId('note-dialog');
		expect(form).toHaveAttribute('data-mode', 'waived');
		await fireEvent.input(within(form).getByTestId('note-text'), { target: { value: '   ' } });
		await fireEvent.click(within(form).getByTestId('note-submit'));
		expect(await screen.findByTestId('error-note')).toHaveTextContent(es.compliance.errors.note.required);
		expect(commands.occurrenceSetStatus).not.toHaveBeenCalled();

		commands.occurrenceSetStatus.mockRejectedValueOnce({ code: 'required', message: 'waiving an occurrence needs the reason', field: 'note' });
		await fireEvent.input(within(form).getByTestId('note-text'), { target: { value: 'x' } });
		await fireEvent.click(within(form).getByTestId('note-submit'));
		expect(await screen.findByTestId('error-note')).toHaveTextContent(es.compliance.errors.note.required);

		commands.occurrenceSetStatus.mockResolvedValueOnce(detail({ id: 'row1', stored: true, status: 'waived', note: 'El Comité no sesionó' }));
		await fireEvent.input(within(form).getByTestId('note-text'), { target: { value: 'El Comité no sesionó' } });
		await fireEvent.click(within(form).getByTestId('note-submit'));
		await waitFor(() => expect(commands.occurrenceSetStatus).toHaveBeenLastCalledWith(OCC.id, { status: 'waived', note: 'El Comité no sesionó' }));
		await waitFor(() => expect(screen.getByTestId('occurrence-status')).toHaveTextContent('Dispensada'));
		expect(screen.getByTestId('occurrence-note')).toHaveTextContent('El Comité no sesionó');
	});

	it('hides sign-off from staff, even for a done occurrence', async () => {
		commands.occurrenceGet.mockResolvedValue(
			detail({ id: 'row1', stored: true, status: 'done', note: 'Hecho', completed_by: 'u-other', completed_by_name: 'Otra Persona' })
		);
		render(OccurrenceDetail, { id: 'row1' });
		await shown();
		expect(screen.queryByTestId('sign-off')).toBeNull();
		expect(screen.queryByTestId('sign-off-own')).toBeNull();
		expect(screen.getByTestId('occurrence-signed-off-by')).toHaveTextContent('Sin visto bueno todavía');
	});

	it('lets a reviewer sign off what someone else completed, then shows who did what and locks it', async () => {
		session.user = CHIEF;
		const done = detail({ id: 'row1', stored: true, status: 'done', note: 'Hecho', completed_by: 'u-staff', completed_by_name: 'Ana Staff', completed_at: '2026-03-28T14:00:00Z' });
		commands.occurrenceGet.mockResolvedValue(done);
		commands.occurrenceSignOff.mockResolvedValue({
			...done,
			occurrence: { ...done.occurrence, signed_off_by: 'u-chief', signed_off_by_name: 'Jefe de Gabinete', signed_off_at: '2026-04-02T10:00:00Z', sign_off_note: 'Conforme' }
		});
		render(OccurrenceDetail, { id: 'row1' });
		await shown();
		expect(screen.getByTestId('occurrence-completed-by')).toHaveTextContent('Ana Staff');
		await fireEvent.click(screen.getByTestId('sign-off'));
		const form = await screen.findByTestId('note-dialog');
		await fireEvent.input(within(form).getByTestId('note-text'), { target: { value: 'Conforme' } });
		await fireEvent.click(within(form).getByTestId('note-submit'));
		await waitFor(() => expect(commands.occurrenceSignOff).toHaveBeenCalledWith('row1', 'Conforme'));
		await waitFor(() => expect(screen.getByTestId('occurrence-signed-off-by')).toHaveTextContent('Jefe de Gabinete'));
		expect(screen.getByTestId('occurrence-signed-off-by')).toHaveTextContent('Conforme');
		expect(screen.queryByTestId('sign-off')).toBeNull();
		expect(screen.queryByTestId('occurrence-moves')).toBeNull();
		expect(screen.queryByTestId('evidence-attach')).toBeNull();
	});

	it('does not offer a reviewer to sign off what they completed themselves', async () => {
		session.user = CHIEF;
		commands.occurrenceGet.mockResolvedValue(detail({ id: 'row1', stored: true, status: 'waived', note: 'No aplica', completed_by: 'u-chief', completed_by_name: 'Jefe de Gabinete' }));
		render(OccurrenceDetail, { id: 'row1' });
		await shown();
		expect(screen.queryByTestId('sign-off')).toBeNull();
		expect(screen.getByTestId('sign-off-own')).toBeInTheDocument();
		expect(screen.getByTestId('move-in_progress')).toHaveTextContent('Reabrir');
	});

	it('shows no moves and no evidence actions to a role that may not edit compliance', async () => {
		session.user = { ...STAFF, role: 'managing_finances' };
		commands.occurrenceGet.mockResolvedValue(detail());
		render(OccurrenceDetail, { id: OCC.id });
		await shown();
		expect(screen.queryByTestId('occurrence-moves')).toBeNull();
		expect(screen.queryByTestId('evidence-attach')).toBeNull();
		expect(screen.getByTestId('evidence-empty')).toBeInTheDocument();
	});

	it('attaches a file chosen in the system dialog with its title, effective date and note', async () => {
		commands.occurrenceGet.mockResolvedValue(detail());
		dialog.open.mockResolvedValueOnce('/home/ana/Documentos/estados-2025.pdf');
		const withFile = {
			occurrence: { ...OCC, id: 'row1', stored: true, evidence_count: 1 },
			evidence: [
				{ id: 'e1', occurrence_id: 'row1', title: 'Estados 2025', file_name: 'estados-2025.pdf', sha256: 'ab', size_bytes: 2048, note: 'Versión firmada', effective_on: '2026-03-28', created_at: '2026-03-28T00:00:00Z' }
			]
		};
		commands.occurrenceAddEvidence.mockResolvedValueOnce(withFile);
		render(OccurrenceDetail, { id: OCC.id });
		await shown();
		await fireEvent.click(screen.getByTestId('evidence-attach'));
		const title = await screen.findByTestId('evidence-title');
		expect(title).toHaveValue('estados-2025.pdf');
		await fireEvent.input(title, { target: { value: 'Estados 2025' } });
		await fireEvent.input(screen.getByTestId('evidence-effective-on'), { target: { value: '2026-03-28' } });
		await fireEvent.input(screen.getByTestId('evidence-note-text'), { target: { value: 'Versión firmada' } });
		await fireEvent.click(screen.getByTestId('evidence-save'));
		await waitFor(() =>
			expect(commands.occurrenceAddEvidence).toHaveBeenCalledWith(OCC.id, {
				title: 'Estados 2025',
				path: '/home/ana/Documentos/estados-2025.pdf',
				note: 'Versión firmada',
				effective_on: '2026-03-28'
			})
		);
		const row = await screen.findByTestId('evidence-row');
		expect(row).toHaveTextContent('28 de marzo de 2026');
		expect(row).toHaveTextContent('estados-2025.pdf');

		// Removing asks first, and uses the stored occurrence from then on.
		commands.occurrenceRemoveEvidence.mockRejectedValueOnce({ code: 'invalid_value', message: 'only evidence', field: 'evidence_id' });
		await fireEvent.click(screen.getByTestId('evidence-remove'));
		expect(commands.occurrenceRemoveEvidence).not.toHaveBeenCalled();
		await fireEvent.click(await screen.findByTestId('confirm'));
		await waitFor(() => expect(commands.occurrenceRemoveEvidence).toHaveBeenCalledWith('e1'));
		expect(await screen.findByTestId('error-banner')).toHaveTextContent(es.compliance.errors.evidence_id.invalid_value);
	});
});
