import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Occurrence, User } from '$lib/ipc/bindings';
import { session } from '$lib/session/session.svelte';

const { commands } = vi.hoisted(() => ({
	commands: { occurrencesOverdue: vi.fn(), occurrencesDueSoon: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import es from '$lib/i18n/domains/compliance/es.json';
import DueTab from './DueTab.svelte';

const STAFF: User = { id: 'u1', username: 'ana', full_name: 'Ana', role: 'staff', is_admin: false, language: 'es' };

function occ(over: Partial<Occurrence>): Occurrence {
	return {
		id: 'v:o1:2026-03-31',
		stored: false,
		obligation_id: 'o1',
		obligation_title: 'Estados financieros auditados',
		unit_id: null,
		unit_code: 'DAF',
		responsible_name: 'Directora',
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
		evidence_count: 0,
		...over
	};
}

describe('due and overdue', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = STAFF;
	});

	it('lists what is overdue and what is due within 30 days, each opening its detail', async () => {
		commands.occurrencesOverdue.mockResolvedValue([occ({})]);
		commands.occurrencesDueSoon.mockResolvedValue([
			occ({ id: 'row9', obligation_title: 'Informe al Comité', due_on: '2026-04-10', days_left: 6, overdue: false, status: 'in_progress', session_name: 'CPISS 2026-1' })
		]);
		render(DueTab);
		await waitFor(() => expect(commands.occurrencesDueSoon).toHaveBeenCalledWith(30));
		const overdue = await screen.findByTestId('overdue-table');
		expect(within(overdue).getByTestId('occurrence-row')).toHaveTextContent('Vencida hace 4 días');
		expect(within(overdue).getByTestId('occurrence-link')).toHaveAttribute('href', '/compliance?tab=due&id=v%3Ao1%3A2026-03-31');
		expect(screen.getByTestId('overdue-count')).toHaveTextContent('1');
		const soon = screen.getByTestId('due-soon-table');
		expect(soon).toHaveTextContent('Vence en 6 días');
		expect(soon).toHaveTextContent('En curso');
		expect(soon).toHaveTextContent('CPISS 2026-1');
	});

	it('looks 7 or 90 days ahead on request, and says when nothing is due', async () => {
		commands.occurrencesOverdue.mockResolvedValue([]);
		commands.occurrencesDueSoon.mockResolvedValue([]);
		render(DueTab);
		expect(await screen.findByTestId('overdue-empty')).toHaveTextContent(es.compliance.due.overdue_none);
		expect(await screen.findByTestId('due-soon-empty')).toHaveTextContent('Nada vence en los próximos 30 días.');
		const within_ = screen.getByTestId('due-within') as HTMLSelectElement;
		within_.value = '90';
		await fireEvent.change(within_);
		await waitFor(() => expect(commands.occurrencesDueSoon).toHaveBeenLastCalledWith(90));
		expect(await screen.findByTestId('due-soon-empty')).toHaveTextContent('Nada vence en los próximos 90 días.');
	});
});
