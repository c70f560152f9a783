import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Body, Instrument, Obligation, User } from '$lib/ipc/bindings';
import { session } from '$lib/session/session.svelte';

const { commands } = vi.hoisted(() => ({
	commands: {
		obligationsList: vi.fn(),
		obligationGet: vi.fn(),
		obligationCreate: vi.fn(),
		obligationUpdate: vi.fn(),
		obligationArchive: vi.fn(),
		occurrencesList: vi.fn(),
		instrumentsList: vi.fn(),
		financeUnits: vi.fn(),
		bodiesList: vi.fn()
	}
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import es from '$lib/i18n/domains/compliance/es.json';
import ObligationsTab from './ObligationsTab.svelte';

const STAFF: User = { id: 'u1', username: 'ana', full_name: 'Ana', role: 'staff', is_admin: false, language: 'es' };

const STATUTE: Instrument = {
	id: 'i1',
	kind: 'statute',
	title: 'Estatuto',
	body_id: null,
	body_code: null,
	adopted_on: '2010-11-20',
	notes: '',
	articles: [
		{ id: 'a12', instrument_id: 'i1', number: '12', text: 'El Comité Permanente se reúne dos veces al año.' },
		{ id: 'a13', instrument_id: 'i1', number: '13', text: 'La Secretaría General presenta el presupuesto.' }
	],
	obligation_count: 1,
	archived: false,
	updated_at: '2026-01-01T00:00:00Z'
};
const CPISS = {
	id: 'b2',
	code: 'CPISS',
	names: { es: 'Comité Permanente', en: 'Standing Committee', pt: 'Comitê Permanente', fr: 'Comité permanent' },
	kind: 'committee'
} as Body;

const REPORT: Obligation = {
	id: 'o1',
	title: 'Informe de la Secretaría General',
	description: '',
	unit_id: 'unit-sg',
	unit_code: 'SG',
	unit_name: 'Secretaría General',
	responsible_name: 'Secretario General',
	responsible_user_id: null,
	recurrence: { kind: 'before_sessions', body_id: 'b2', days_before: 30, ordinary_only: true },
	body_code: 'CPISS',
	starts_on: '2026-01-01',
	ends_on: null,
	articles: [{ article_id: 'a12', number: '12', instrument_id: 'i1', instrument_kind: 'statute', instrument_title: 'Estatuto' }],
	archived: false,
	updated_at: '2026-01-01T00:00:00Z'
};

describe('obligations', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = STAFF;
		commands.obligationsList.mockResolvedValue([REPORT]);
		commands.instrumentsList.mockResolvedValue([STATUTE]);
		commands.financeUnits.mockResolvedValue([{ id: 'unit-sg', code: 'SG', name: 'Secretaría General' }]);
		commands.bodiesList.mockResolvedValue([CPISS]);
	});

	it('lists each obligation with its source, responsible and when it falls due, and filters by unit and instrument', async () => {
		render(ObligationsTab);
		const row = await screen.findByTestId('obligation-row');
		expect(row).toHaveTextContent('Informe de la Secretaría General');
		expect(row).toHaveTextContent('Estatuto, art. 12');
		expect(row).toHaveTextContent('SG');
		await waitFor(() => expect(within(row).getByTestId('obligation-recurrence')).toHaveTextContent('30 días antes de cada sesión ordinaria del Comité Permanente'));

		const unit = screen.getByTestId('obligation-filter-unit') as HTMLSelectElement;
		unit.value = 'unit-sg';
		await fireEvent.change(unit);
		await waitFor(() => expect(commands.obligationsList).toHaveBeenLastCalledWith({ unit_id: 'unit-sg', instrument_id: null, obligation_id: null }));
		commands.obligationsList.mockResolvedValueOnce([]);
		const instrument = screen.getByTestId('obligation-filter-instrument') as HTMLSelectElement;
		instrument.value = 'i1';
		await fireEvent.change(instrument);
		await waitFor(() => expect(commands.obligationsList).toHaveBeenLastCalledWith({ unit_id: 'unit-sg', instrument_id: 'i1', obligation_id: null }));
		expect(await screen.findByTestId('obligations-empty')).toHaveTextContent(es.compliance.obligation.none_filtered);
	});

	it('records an obligation with its articles, unit, person and a session-relative recurrence', async () => {
		commands.obligationCreate.mockResolvedValue({ ...REPORT, id: 'o2', title: 'Proyecto de presupuesto' });
		render(ObligationsTab);
		await screen.findByTestId('obligation-row');
		await fireEvent.click(screen.getByTestId('obligation-new'));
		const dialog = await screen.findByTestId('obligation-dialog');

		// Nothing chosen: the title and the articles are asked before the core is.
		await fireEvent.click(within(dialog).getByTestId('obligation-save'));
		expect(await within(dialog).findByTestId('error-article_ids')).toHaveTextContent(es.compliance.errors.article_ids.required);
		expect(within(dialog).getByTestId('error-title')).toBeInTheDocument();
		expect(commands.obligationCreate).not.toHaveBeenCalled();

		await fireEvent.input(within(dialog).getByTestId('obligation-title'), { target: { value: ' Proyecto de presupuesto ' } });
		const articles = within(dialog).getAllByTestId('obligation-article');
		await fireEvent.click(articles[1]);
		const unit = within(dialog).getByTestId('obligation-unit') as HTMLSelectElement;
		unit.value = 'unit-sg';
		await fireEvent.change(unit);
		await fireEvent.input(within(dialog).getByTestId('obligation-person'), { target: { value: 'Director de Finanzas' } });
		const kind = within(dialog).getByTestId('recurrence-kind') as HTMLSelectElement;
		kind.value = 'before_sessions';
		await fireEvent.change(kind);
		const body = within(dialog).getByTestId('recurrence-body') as HTMLSelectElement;
		body.value = 'b2';
		await fireEvent.change(body);
		await fireEvent.input(within(dialog).getByTestId('recurrence-days'), { target: { value: '400' } });

		commands.obligationCreate.mockRejectedValueOnce({ code: 'invalid_value', message: 'at most 366 days', field: 'recurrence.days_before' });
		await fireEvent.click(within(dialog).getByTestId('obligation-save'));
		expect(await within(dialog).findByTestId('error-recurrence.days_before')).toHaveTextContent(es.compliance.errors.recurrence_days_before.invalid_value);
		expect(commands.obligationCreate).toHaveBeenLastCalledWith({
			title: 'Proyecto de presupuesto',
			description: '',
			unit_id: 'unit-sg',
			responsible_name: 'Director de Finanzas',
			responsible_user_id: null,
			recurrence: { kind: 'before_sessions', body_id: 'b2', days_before: 400, ordinary_only: true },
			starts_on: null,
			ends_on: null,
			article_ids: ['a13']
		});

		await fireEvent.input(within(dialog).getByTestId('recurrence-days'), { target: { value: '60' } });
		expect(within(dialog).queryByTestId('error-recurrence.days_before')).toBeNull();
		await fireEvent.click(within(dialog).getByTestId('obligation-save'));
		await waitFor(() => expect(commands.obligationCreate).toHaveBeenCalledTimes(2));
		expect(commands.obligationCreate.mock.calls[1][0].recurrence).toEqual({ kind: 'before_sessions', body_id: 'b2', days_before: 60, ordinary_only: true });
		await waitFor(() => expect(screen.queryByTestId('obligation-dialog')).toBeNull());
	});

	it('edits an obligation starting from what it is', async () => {
		commands.obligationUpdate.mockResolvedValue(REPORT);
		render(ObligationsTab);
		await screen.findByTestId('obligation-row');
		await fireEvent.click(screen.getByTestId('obligation-edit'));
		const dialog = await screen.findByTestId('obligation-dialog');
		expect(within(dialog).getByTestId('obligation-title')).toHaveValue('Informe de la Secretaría General');
		expect(within(dialog).getByTestId('recurrence-sentence')).toHaveTextContent('30 días antes de cada sesión ordinaria del Comité Permanente');
		expect(within(dialog).getAllByTestId('obligation-article')[0]).toBeChecked();
		await fireEvent.click(within(dialog).getByTestId('obligation-save'));
		await waitFor(() => expect(commands.obligationUpdate).toHaveBeenCalledWith('o1', expect.objectContaining({ recurrence: REPORT.recurrence, article_ids: ['a12'] })));
	});

	it('archives an obligation only once the user confirms', async () => {
		commands.obligationArchive.mockResolvedValue(null);
		render(ObligationsTab);
		await screen.findByTestId('obligation-row');
		await fireEvent.click(screen.getByTestId('obligation-archive'));
		const confirm = await screen.findByRole('alertdialog');
		expect(confirm).toHaveTextContent('Informe de la Secretaría General');
		expect(commands.obligationArchive).not.toHaveBeenCalled();
		await fireEvent.click(within(confirm).getByTestId('confirm'));
		await waitFor(() => expect(commands.obligationArchive).toHaveBeenCalledWith('o1'));
	});

	it('opens one obligation with its due dates (the search links there)', async () => {
		commands.obligationGet.mockResolvedValue(REPORT);
		commands.occurrencesList.mockResolvedValue([]);
		render(ObligationsTab, { selectedId: 'o1' });
		expect(await screen.findByTestId('obligation-heading')).toHaveTextContent('Informe de la Secretaría General');
		expect(commands.occurrencesList).toHaveBeenCalledWith(expect.objectContaining({ obligation_id: 'o1' }));
		expect(commands.obligationsList).not.toHaveBeenCalled();
	});

	it('offers no recording, editing or archiving to a role that may not edit compliance', async () => {
		session.user = { ...STAFF, role: 'managing_finances' };
		render(ObligationsTab);
		await screen.findByTestId('obligation-row');
		expect(screen.queryByTestId('obligation-new')).toBeNull();
		expect(screen.queryByTestId('obligation-edit')).toBeNull();
		expect(screen.queryByTestId('obligation-archive')).toBeNull();
	});
});
