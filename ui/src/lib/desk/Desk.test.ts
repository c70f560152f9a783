import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Desk } from '$lib/ipc/bindings';

const { commands } = vi.hoisted(() => ({ commands: { deskSummary: vi.fn(), demoLoad: vi.fn() } }));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import DeskView from './Desk.svelte';
import { session as auth } from '$lib/session/session.svelte';
import { notices } from '$lib/ui/notices.svelte';
import { session } from '$lib/sessions/fixtures';

const EMPTY: Desk = {
	upcoming_sessions: [],
	open_action_items: [],
	terms_ending: [],
	members: { total: 0, titular: 0, associate: 0, adherent: 0, linked: 0, suspended: 0, withdrawn: 0, countries: 0 },
	recent: [],
	missions_under_way: [],
	agreements_expiring: [],
	open_requests: [],
	open_request_count: 0,
	budget_execution: null,
	obligations: null,
	postulations_to_review: []
};
const FULL: Desk = {
	upcoming_sessions: [],
	open_action_items: [],
	terms_ending: [],
	members: { total: 28, titular: 21, associate: 5, adherent: 1, linked: 1, suspended: 1, withdrawn: 0, countries: 19 },
	missions_under_way: [],
	agreements_expiring: [],
	open_requests: [],
	open_request_count: 0,
	budget_execution: null,
	obligations: null,
	postulations_to_review: [],
	recent: [
		{
			id: 'a1',
			at: '2025-06-01T15:04:00Z',
			user_id: 'u1',
			user_name: 'Ana Pérez',
			operation: 'members.create',
			entity: 'member',
			entity_id: 'm1',
			summary: '{"name":"Instituto Mexicano del Seguro Social","acronym":"IMSS","country":"MX"}'
		},
		{ id: 'a2', at: 'not a date', user_id: null, user_name: null, operation: 'future.op', entity: 'thing', entity_id: null, summary: '' }
	]
};

describe('Desk', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		auth.user = { id: 'u1', username: 'ana', full_name: 'Ana Pérez', role: 'secretary_general', is_admin: true, language: 'es' };
	});
	afterEach(() => notices.clear());

	it('shows the member counts and the recent activity, translated', async () => {
		commands.deskSummary.mockResolvedValue(FULL);
		render(DeskView);
		expect(await screen.findByTestId('count-total')).toHaveTextContent('28');
		expect(screen.getByTestId('count-titular')).toHaveTextContent(/21\s*Titular/);
		expect(screen.getByTestId('count-countries')).toHaveTextContent('19');
		const table = screen.getByTestId('recent-activity');
		expect(table).toHaveTextContent('Alta de institución');
		expect(table).toHaveTextContent('Institución: Instituto Mexicano del Seguro Social (IMSS)');
		expect(screen.getByRole('link', { name: 'Instituto Mexicano del Seguro Social (IMSS)' })).toHaveAttribute(
			'href',
			'/members/view?id=m1'
		);
		// An operation this UI does not know yet still shows, untranslated, rather than a key.
		expect(table).toHaveTextContent('future.op');
		expect(table).toHaveTextContent('Sistema');
		expect(screen.queryByTestId('desk-empty')).toBeNull();
	});

	it('offers the demo data to an administrator when there are no members', async () => {
		commands.deskSummary.mockResolvedValueOnce(EMPTY).mockResolvedValueOnce(FULL);
		commands.demoLoad.mockResolvedValue({ bodies: 9, members: 28, contacts: 3 });
		render(DeskView);
		expect(await screen.findByTestId('desk-empty')).toHaveTextContent('Aún no hay instituciones miembro');
		await fireEvent.click(screen.getByTestId('load-demo'));
		await waitFor(() => expect(commands.demoLoad).toHaveBeenCalledTimes(1));
		expect(await screen.findByTestId('count-total')).toHaveTextContent('28');
		expect(notices.items[0].text).toBe('Datos de demostración cargados: 28 instituciones y 3 contactos.');
	});

	it('lists the upcoming sessions and the open action items, each opening its record', async () => {
		commands.deskSummary.mockResolvedValue({
			...FULL,
			upcoming_sessions: [session()],
			open_action_items: [
				{
					id: 'a1',
					session_id: 's1',
					session_name: 'CXII Reunión del Comité Permanente',
					body_code: 'CPISS',
					item_id: null,
					description: 'Enviar el informe financiero a los miembros',
					owner_unit: 'managing_finances',
					person: 'Luis Gómez',
					due_date: '2020-01-31',
					status: 'open',
					done_at: null
				}
			]
		});
		render(DeskView);
		const upcoming = await screen.findByTestId('desk-upcoming');
		expect(upcoming).toHaveTextContent('Comité Permanente Interamericano de Seguridad Social');
		expect(upcoming).toHaveTextContent('Provisional');
		expect(screen.getByRole('link', { name: 'CXII Reunión del Comité Permanente' })).toHaveAttribute('href', '/sessions/view?id=s1');
		const actions = screen.getByTestId('desk-actions');
		expect(actions).toHaveTextContent('Administración y Finanzas');
		expect(actions).toHaveTextContent('Vencido');
		expect(screen.getByRole('link', { name: 'Enviar el informe financiero a los miembros' })).toHaveAttribute(
			'href',
			'/sessions/view?id=s1&tab=minutes'
		);
	});

	it('says when there are no upcoming sessions and hides an empty action list', async () => {
		commands.deskSummary.mockResolvedValue(FULL);
		render(DeskView);
		expect(await screen.findByTestId('desk-no-sessions')).toHaveTextContent('No hay sesiones próximas.');
		expect(screen.queryByTestId('desk-actions')).toBeNull();
	});

	it('warns of seats whose term ends soon, each opening its body', async () => {
		commands.deskSummary.mockResolvedValue({
			...FULL,
			terms_ending: [
				{
					id: 'seat1',
					body_id: 'b1',
					body_code: 'CPISS',
					member_id: 'm1',
					member_acronym: 'IMSS',
					member_name: 'Instituto Mexicano del Seguro Social',
					person_name: 'Zoé Ramírez',
					role: 'president',
					has_vote: true,
					term_from: '2024-01-10',
					term_to: '2027-01-10',
					position: 0
				}
			]
		});
		render(DeskView);
		const table = await screen.findByTestId('desk-terms');
		expect(table).toHaveTextContent('Instituto Mexicano del Seguro Social');
		expect(table).toHaveTextContent('Zoé Ramírez');
		expect(table).toHaveTextContent('CPISS');
		expect(table.querySelector('a')).toHaveAttribute('href', '/bodies?id=b1');
	});

	it('hides the terms section when no term ends soon', async () => {
		commands.deskSummary.mockResolvedValue(FULL);
		render(DeskView);
		await screen.findByTestId('member-counts');
		expect(screen.queryByTestId('desk-terms')).toBeNull();
	});

	it('does not offer the demo data to other users', async () => {
		auth.user = { ...auth.user!, is_admin: false };
		commands.deskSummary.mockResolvedValue(EMPTY);
		render(DeskView);
		await screen.findByTestId('desk-empty');
		expect(screen.queryByTestId('load-demo')).toBeNull();
	});
});

describe('Desk: cooperation sections', () => {
	beforeEach(() => {
		vi.clearAllMocks();
	});

	it('leaves out missions, agreements and requests when there are none', async () => {
		commands.deskSummary.mockResolvedValue(FULL);
		render(DeskView);
		await screen.findByTestId('member-counts');
		expect(screen.queryByTestId('desk-missions')).toBeNull();
		expect(screen.queryByTestId('desk-agreements')).toBeNull();
		expect(screen.queryByTestId('desk-requests')).toBeNull();
	});

	it('shows each line opening its record when they exist', async () => {
		const mission = {
			id: 'x1',
			purpose: 'Visita técnica',
			country: 'PE',
			city: 'Lima',
			start_date: '2026-01-10',
			end_date: '2026-01-12',
			status: 'under_way' as const,
			travellers: ['Ana'],
			estimated_cost: null,
			actual_cost: null
		};
		const request = {
			id: 'r1',
			received_on: '2026-01-02',
			member_id: 'm1',
			member_acronym: 'IMSS',
			member_name: 'IMSS',
			contact_id: null,
			contact_name: null,
			area_id: null,
			area_code: null,
			title: 'Valuación actuarial',
			description: '',
			status: 'received' as const,
			decision_reason: '',
			decided_on: null,
			outcome: '',
			closed_on: null,
			updated_at: ''
		};
		commands.deskSummary.mockResolvedValue({ ...FULL, missions_under_way: [mission], open_requests: [request], open_request_count: 12 });
		render(DeskView);
		const missions = await screen.findByTestId('desk-missions');
		expect(missions).toHaveTextContent('Visita técnica');
		expect(missions.querySelector('a')).toHaveAttribute('href', '/cooperation?tab=missions&id=x1');
		const requests = screen.getByTestId('desk-requests');
		expect(requests.querySelector('a')).toHaveAttribute('href', '/cooperation?tab=assistance&id=r1');
		expect(screen.getByText('Ver las 12 solicitudes abiertas')).toBeInTheDocument();
		expect(screen.queryByTestId('desk-agreements')).toBeNull();
	});
	it('shows this year\'s spending per unit, with the total and overspending marked', async () => {
		commands.deskSummary.mockResolvedValue({
			...FULL,
			budget_execution: {
				year: 2026,
				currency: 'USD',
				status: 'approved',
				units: [
					{ code: 'SG', name: 'Secretaría General', final_budget: '120000.00', actual: '60000.00', executed_pct: '50.0' },
					{ code: 'VC', name: 'Vinculación y Cooperación', final_budget: '10000.00', actual: '12500.00', executed_pct: '125.0' },
					{ code: 'AF', name: 'Administración', final_budget: '0.00', actual: '300.00', executed_pct: null }
				],
				total: { code: '', name: '', final_budget: '130000.00', actual: '72800.00', executed_pct: '56.0' }
			}
		});
		render(DeskView);
		const table = await screen.findByTestId('desk-budget');
		expect(screen.getByRole('heading', { name: /Ejecución del presupuesto 2026 por unidad/ })).toBeInTheDocument();
		const rows = table.querySelectorAll('tbody tr');
		expect(rows).toHaveLength(4);
		expect(rows[0]).toHaveTextContent('Secretaría General');
		expect(rows[0]).toHaveTextContent('120,000.00');
		expect(rows[0]).toHaveTextContent('50.0 %');
		expect(rows[1].querySelector('.over-text')).toHaveTextContent('125.0 %');
		expect(rows[0].querySelector('.over-text')).toBeNull();
		expect(rows[2]).toHaveTextContent('—');
		expect(rows[3]).toHaveTextContent('Todas las unidades');
		expect(rows[3]).toHaveTextContent('72,800.00');
		expect(screen.getByRole('link', { name: 'Secretaría General' })).toHaveAttribute('href', '/finance?tab=budget');
	});

	it('leaves the budget section out when the year has no budget', async () => {
		commands.deskSummary.mockResolvedValue(FULL);
		render(DeskView);
		await screen.findByTestId('count-total');
		expect(screen.queryByTestId('desk-budget')).toBeNull();
	});
	it('lists obligations overdue first and the calls whose postulations await review', async () => {
		const occ = (id: string, title: string, due_on: string, days_left: number, overdue: boolean) =>
			({ id, obligation_title: title, due_on, days_left, overdue, unit_code: 'SG', responsible_name: 'Ana' }) as never;
		commands.deskSummary.mockResolvedValue({
			...FULL,
			obligations: {
				today: '2026-11-28',
				within_days: 30,
				overdue_count: 1,
				due_soon_count: 1,
				overdue: [occ('o1', 'Informe trimestral a la Presidencia', '2026-11-01', -27, true)],
				due_soon: [occ('v:o2:2026-12-10', 'Conciliación bancaria', '2026-12-10', 12, false)]
			},
			postulations_to_review: [
				{
					call: { id: 'c1', title: 'Elecciones 2027', session_name: 'XXXII Asamblea General', closes_on: '2027-01-15', postulation_count: 7 },
					pending_postulations: 2
				} as never
			]
		});
		render(DeskView);
		const list = await screen.findByTestId('desk-obligations');
		const items = list.querySelectorAll('li');
		expect(items).toHaveLength(2);
		expect(items[0]).toHaveTextContent('Informe trimestral a la Presidencia');
		expect(items[0]).toHaveTextContent('Vencido');
		expect(items[1]).toHaveTextContent('Conciliación bancaria');
		expect(screen.getByRole('link', { name: 'Conciliación bancaria' })).toHaveAttribute(
			'href',
			'/compliance?id=v%3Ao2%3A2026-12-10'
		);
		expect(screen.getByTestId('desk-postulations')).toHaveTextContent('2 de 7 postulaciones con requisitos pendientes');
		expect(screen.getByRole('link', { name: 'Elecciones 2027' })).toHaveAttribute('href', '/elections?id=c1');
	});

	it('leaves the obligations and postulations sections out when there is nothing', async () => {
		commands.deskSummary.mockResolvedValue(FULL);
		render(DeskView);
		await screen.findByTestId('count-total');
		expect(screen.queryByTestId('desk-obligations')).toBeNull();
		expect(screen.queryByTestId('desk-postulations')).toBeNull();
	});
});
