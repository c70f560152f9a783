import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ElectionCallDetail, EligibilityReportView } from '$lib/ipc/bindings';
import { session } from '$lib/session/session.svelte';
import { CHIEF, detail, SG } from './fixtures';

const { commands } = vi.hoisted(() => ({
	commands: { eligibilityReport: vi.fn(), eligibilitySign: vi.fn(), printEligibility: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }));
vi.mock('$lib/sessions/pdf', () => ({ renderPages: vi.fn(async () => {}) }));

import ReportTab from './ReportTab.svelte';

function view(d: ElectionCallDetail): EligibilityReportView {
	const requirements = d.requirements;
	return {
		signature: null,
		draft: true,
		report: {
			call: d.call,
			computed_at: '2026-07-20T10:00:00Z',
			positions: d.positions.map((position) => ({
				position,
				requirements,
				candidates: d.postulations
					.filter((p) => p.position_id === position.id)
					.map((postulation) => ({
						postulation,
						cells: requirements.map((r) => d.cells.find((c) => c.postulation_id === postulation.id && c.requirement_id === r.id)!),
						eligible: false
					})),
				eligible: []
			}))
		}
	};
}

describe('the eligibility report', () => {
	beforeEach(() => {
		vi.clearAllMocks();
	});

	it('lists per position what each candidate does not meet and why, and who is eligible', async () => {
		session.user = CHIEF;
		const d = detail();
		commands.eligibilityReport.mockResolvedValue(view(d));
		render(ReportTab, { detail: d, canManage: true, onchanged: vi.fn() });
		expect(await screen.findByTestId('report-draft')).toBeInTheDocument();
		const reasons = screen.getAllByTestId('report-reason').map((r) => r.textContent?.replace(/\s+/g, ' ').trim());
		expect(reasons).toContain('No cumple: Plan de trabajo — Documento no presentado.');
		expect(screen.getAllByTestId('report-eligible')[0]).toHaveTextContent('ninguna candidatura cumple todos los requisitos.');
		expect(commands.eligibilityReport).toHaveBeenCalledWith('c1', null);
	});

	it('offers the sign-off to the Secretary-General only', async () => {
		session.user = CHIEF;
		const d = detail();
		commands.eligibilityReport.mockResolvedValue(view(d));
		const first = render(ReportTab, { detail: d, canManage: true, onchanged: vi.fn() });
		await screen.findByTestId('report-draft');
		expect(screen.queryByTestId('report-sign')).toBeNull();
		expect(screen.getByTestId('sign-sg-only')).toHaveTextContent('Solo el Secretario General puede firmar el informe.');
		first.unmount();

		session.user = SG;
		render(ReportTab, { detail: d, canManage: true, onchanged: vi.fn() });
		expect(await screen.findByTestId('report-sign')).toBeInTheDocument();
	});

	it('asks for a confirmation before signing, then signs and reloads the call', async () => {
		session.user = SG;
		const d = detail();
		commands.eligibilityReport.mockResolvedValue(view(d));
		commands.eligibilitySign.mockResolvedValueOnce({ version: 1, signed_by: 'u1', signed_by_name: 'Secretaría General', signed_at: '2026-07-21T10:00:00Z' });
		const onchanged = vi.fn();
		render(ReportTab, { detail: d, canManage: true, onchanged });
		await fireEvent.click(await screen.findByTestId('report-sign'));
		expect(await screen.findByRole('alertdialog')).toHaveTextContent('quedará firmado como versión 1');
		expect(commands.eligibilitySign).not.toHaveBeenCalled();
		await fireEvent.click(screen.getByTestId('confirm'));
		await waitFor(() => expect(commands.eligibilitySign).toHaveBeenCalledWith('c1'));
		await waitFor(() => expect(onchanged).toHaveBeenCalled());
	});

	it('does not offer the sign-off while the call is still open', async () => {
		session.user = SG;
		const d = detail({ status: 'open' });
		commands.eligibilityReport.mockResolvedValue(view(d));
		render(ReportTab, { detail: d, canManage: true, onchanged: vi.fn() });
		expect(await screen.findByTestId('sign-needs-close')).toBeInTheDocument();
		expect(screen.queryByTestId('report-sign')).toBeNull();
	});

	it('prints the report in the chosen language', async () => {
		session.user = CHIEF;
		const d = detail();
		commands.eligibilityReport.mockResolvedValue(view(d));
		commands.printEligibility.mockResolvedValueOnce({ path: '/data/prints/informe.pdf', pages: 2, pdf_base64: 'JVBERg==' });
		render(ReportTab, { detail: d, canManage: true, onchanged: vi.fn() });
		const language = (await screen.findByTestId('report-print-language')) as HTMLSelectElement;
		language.value = 'fr';
		await fireEvent.change(language);
		await fireEvent.click(screen.getByTestId('report-print'));
		await waitFor(() => expect(commands.printEligibility).toHaveBeenCalledWith('c1', 'fr', null));
		expect(await screen.findByTestId('print-summary')).toHaveTextContent('2 páginas');
	});
});
