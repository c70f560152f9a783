import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '$lib/i18n';
import { session } from '$lib/session/session.svelte';
import { cell, detail, SG } from './fixtures';

const { commands } = vi.hoisted(() => ({
	commands: { eligibilitySetVerdict: vi.fn(), eligibilityClearVerdict: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import MatrixTab from './MatrixTab.svelte';

function cellFor(candidate: string, requirement: string): HTMLElement {
	const row = screen.getAllByTestId('matrix-row').find((r) => r.dataset.candidate === candidate)!;
	return within(row).getAllByTestId('matrix-cell').find((c) => c.dataset.requirement === requirement)!;
}

describe('the requirement matrix', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = SG;
	});
	afterEach(() => setLocale('es'));

	it('shows a mark per cell with its words, and the eligibility of each candidate', () => {
		render(MatrixTab, { detail: detail(), editable: true, onchanged: vi.fn() });
		expect(screen.getAllByTestId('matrix-table')).toHaveLength(2);
		const plan = cellFor('Juan Carlos Benítez Ortiz', 'r-plan');
		expect(plan).toHaveTextContent('✗');
		expect(plan).toHaveTextContent('No cumple');
		expect(plan).toHaveAttribute('title', 'Documento no presentado.');
		expect(cellFor('Juan Carlos Benítez Ortiz', 'r-decl')).toHaveTextContent(/\?\s*Pendiente/);
		expect(cellFor('Juan Carlos Benítez Ortiz', 'r-dues')).toHaveTextContent(/✓\s*Cumple/);
		// A verdict set by hand is marked as such.
		expect(cellFor('Lucía Montenegro Paz', 'r-decl')).toHaveTextContent(/✓✎\s*Cumple \(decidido a mano\)/);
		const eligible = screen.getAllByTestId('matrix-eligible').map((e) => e.textContent?.trim());
		expect(eligible).toEqual(['No', 'No']);
	});

	it('opens a cell: the verdict, the reason in words and the evidence (Spanish)', async () => {
		render(MatrixTab, { detail: detail(), editable: true, onchanged: vi.fn() });
		await fireEvent.click(cellFor('Lucía Montenegro Paz', 'r-dues'));
		const dialog = await screen.findByTestId('cell-dialog');
		expect(within(dialog).getByTestId('cell-verdict')).toHaveTextContent('No cumple');
		expect(within(dialog).getByTestId('cell-reason')).toHaveTextContent('IGSS adeuda cuotas de 2 ejercicio(s) al 15 de julio de 2026 (regla de atrasos).');
	});

	it('shows the marks and the reasons in English', async () => {
		setLocale('en');
		render(MatrixTab, { detail: detail(), editable: false, onchanged: vi.fn() });
		const plan = cellFor('Juan Carlos Benítez Ortiz', 'r-plan');
		expect(plan).toHaveTextContent(/✗\s*Not met/);
		expect(screen.getAllByTestId('matrix-requirement')[0]).toHaveTextContent('Work plan');
		await fireEvent.click(plan);
		const dialog = await screen.findByTestId('cell-dialog');
		expect(within(dialog).getByTestId('cell-reason')).toHaveTextContent('Document not presented.');
		// Without the right to manage (or while locked) there is nothing to change.
		expect(within(dialog).queryByTestId('cell-form')).toBeNull();
	});

	it('refuses an override without a note, then records it with one', async () => {
		const onchanged = vi.fn();
		render(MatrixTab, { detail: detail(), editable: true, onchanged });
		await fireEvent.click(cellFor('Lucía Montenegro Paz', 'r-dues'));
		const dialog = await screen.findByTestId('cell-dialog');
		await fireEvent.click(within(dialog).getByTestId('cell-verdict-met'));
		await fireEvent.click(within(dialog).getByTestId('cell-save'));
		expect(await within(dialog).findByTestId('error-note')).toHaveTextContent('Para corregir a mano un dictamen automático, explique el motivo en la nota.');
		expect(within(dialog).getByTestId('cell-note-input')).toHaveAttribute('aria-invalid', 'true');
		expect(commands.eligibilitySetVerdict).not.toHaveBeenCalled();

		commands.eligibilitySetVerdict.mockResolvedValueOnce(cell({ postulation_id: 'p2', requirement_id: 'r-dues', source: 'override' }));
		await fireEvent.input(within(dialog).getByTestId('cell-note-input'), { target: { value: 'El IGSS pagó el 10 de julio; el ingreso aún no está registrado.' } });
		await fireEvent.input(within(dialog).getByTestId('cell-evidence-input'), { target: { value: 'Aviso bancario 2026-07-10' } });
		await fireEvent.click(within(dialog).getByTestId('cell-save'));
		await waitFor(() =>
			expect(commands.eligibilitySetVerdict).toHaveBeenCalledWith('p2', 'r-dues', {
				verdict: 'met',
				evidence: 'Aviso bancario 2026-07-10',
				note: 'El IGSS pagó el 10 de julio; el ingreso aún no está registrado.'
			})
		);
		expect(onchanged).toHaveBeenCalled();
	});

	it('records a declaration without a note, and clears a verdict set by hand', async () => {
		render(MatrixTab, { detail: detail(), editable: true, onchanged: vi.fn() });
		await fireEvent.click(cellFor('Juan Carlos Benítez Ortiz', 'r-decl'));
		let dialog = await screen.findByTestId('cell-dialog');
		expect(within(dialog).queryByTestId('cell-clear')).toBeNull();
		commands.eligibilitySetVerdict.mockResolvedValueOnce(cell({ postulation_id: 'p1', requirement_id: 'r-decl', source: 'manual' }));
		await fireEvent.click(within(dialog).getByTestId('cell-verdict-met'));
		await fireEvent.click(within(dialog).getByTestId('cell-save'));
		await waitFor(() => expect(commands.eligibilitySetVerdict).toHaveBeenCalledWith('p1', 'r-decl', { verdict: 'met', evidence: '', note: '' }));

		await fireEvent.click(cellFor('Lucía Montenegro Paz', 'r-decl'));
		dialog = await screen.findByTestId('cell-dialog');
		expect(within(dialog).getByTestId('cell-reason')).toHaveTextContent('Verificado a mano por Secretaría General.');
		commands.eligibilityClearVerdict.mockResolvedValueOnce(cell({ postulation_id: 'p2', requirement_id: 'r-decl' }));
		await fireEvent.click(within(dialog).getByTestId('cell-clear'));
		await waitFor(() => expect(commands.eligibilityClearVerdict).toHaveBeenCalledWith('p2', 'r-decl'));
	});
});
