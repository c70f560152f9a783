import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ComplianceCounts, User } from '$lib/ipc/bindings';
import { session } from '$lib/session/session.svelte';

const { commands } = vi.hoisted(() => ({
	commands: {
		occurrencesByUnit: vi.fn(),
		occurrencesByInstrument: vi.fn(),
		printCompliance: vi.fn()
	}
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('$lib/sessions/pdf', () => ({ renderPages: vi.fn().mockResolvedValue(undefined) }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ save: vi.fn(), open: vi.fn() }));

import es from '$lib/i18n/domains/compliance/es.json';
import PeriodTab from './PeriodTab.svelte';
import { thisYear } from './options';

const COUNTS: ComplianceCounts = { total: 5, pending: 1, in_progress: 1, done: 2, waived: 1, overdue: 1, signed_off: 2 };
const SG: User = { id: 'u1', username: 'sg', full_name: 'SG', role: 'secretary_general', is_admin: false, language: 'es' };

describe('a period by unit or by instrument, and its report', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = SG;
		commands.occurrencesByUnit.mockResolvedValue([
			{ unit: { id: 'u', code: 'DAF', name: 'Administración y Finanzas' }, counts: COUNTS, occurrences: [] },
			{ unit: null, counts: { ...COUNTS, total: 1 }, occurrences: [] }
		]);
		commands.occurrencesByInstrument.mockResolvedValue([{ instrument_id: 'i1', kind: 'statute', title: 'Estatuto', counts: COUNTS, occurrences: [] }]);
	});

	it('starts with this year by unit, and switches to instruments', async () => {
		render(PeriodTab);
		const year = thisYear();
		await waitFor(() => expect(commands.occurrencesByUnit).toHaveBeenCalledWith(year.from, year.to));
		const rows = await screen.findAllByTestId('period-row');
		expect(rows[0]).toHaveTextContent('DAF — Administración y Finanzas');
		expect(rows[1]).toHaveTextContent(es.compliance.period.no_unit);
		const by = screen.getByTestId('period-by') as HTMLSelectElement;
		by.value = 'instrument';
		await fireEvent.change(by);
		await waitFor(() => expect(commands.occurrencesByInstrument).toHaveBeenCalledWith(year.from, year.to));
		expect(await screen.findByText('Estatuto')).toBeInTheDocument();
	});

	it('prints the compliance report for the period in the user’s language', async () => {
		commands.printCompliance.mockResolvedValue({ path: '/tmp/c.pdf', pages: 3, pdf_base64: 'JVBERi0=' });
		render(PeriodTab);
		await screen.findAllByTestId('period-row');
		await fireEvent.input(screen.getByTestId('period-from'), { target: { value: '2025-01-01' } });
		await fireEvent.input(screen.getByTestId('period-to'), { target: { value: '2025-12-31' } });
		await fireEvent.click(screen.getByTestId('period-print'));
		await waitFor(() => expect(commands.printCompliance).toHaveBeenCalledWith('2025-01-01', '2025-12-31', 'es'));
		expect(await screen.findByText(es.compliance.period.printed)).toBeInTheDocument();
	});

	it('refuses a period that ends before it starts, on the field', async () => {
		render(PeriodTab);
		await screen.findAllByTestId('period-row');
		await fireEvent.input(screen.getByTestId('period-from'), { target: { value: '2025-06-01' } });
		await fireEvent.input(screen.getByTestId('period-to'), { target: { value: '2025-01-01' } });
		await fireEvent.click(screen.getByTestId('period-print'));
		expect(await screen.findByTestId('error-to')).toHaveTextContent(es.compliance.errors.to.invalid_value);
		expect(commands.printCompliance).not.toHaveBeenCalled();
	});
});
