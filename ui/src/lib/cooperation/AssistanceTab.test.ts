import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CooperationWorkflows, RequestDetail, TimelineEvent } from '$lib/ipc/bindings';

const { commands } = vi.hoisted(() => ({
	commands: {
		requestsList: vi.fn(),
		requestGet: vi.fn(),
		requestTimeline: vi.fn(),
		requestSetStatus: vi.fn(),
		membersList: vi.fn(),
		bodiesList: vi.fn(),
		memberGet: vi.fn()
	}
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('$app/navigation', () => ({ goto: vi.fn() }));

import AssistanceTab from './AssistanceTab.svelte';

const WORKFLOWS: CooperationWorkflows = {
	agreements: [],
	requests: [
		['received', ['under_assessment']],
		['under_assessment', ['approved', 'declined']],
		['approved', ['in_progress']],
		['declined', []],
		['in_progress', ['closed']],
		['closed', []]
	],
	missions: [],
	publications: []
};

function detail(status: RequestDetail['request']['status']): RequestDetail {
	return {
		request: {
			id: 'r1',
			received_on: '2026-03-02',
			member_id: 'm1',
			member_acronym: 'IMSS',
			member_name: 'Instituto Mexicano del Seguro Social',
			contact_id: null,
			contact_name: null,
			area_id: null,
			area_code: 'CAPAT',
			title: 'Actuarial valuation',
			description: '',
			status,
			decision_reason: '',
			decided_on: null,
			outcome: '',
			closed_on: null,
			updated_at: '2026-03-02T10:00:00Z'
		},
		experts: [],
		deliverables: [],
		missions: []
	};
}

const ev = (id: string, on_date: string, kind: string, summary = '', owner: 'request' | 'mission' = 'request'): TimelineEvent => ({
	id,
	owner,
	owner_id: owner === 'request' ? 'r1' : 'x1',
	owner_label: owner === 'request' ? 'Actuarial valuation' : 'Visit to Mexico City',
	on_date,
	at: `${on_date}T10:00:00Z`,
	kind,
	summary,
	user_name: 'Ana'
});

describe('AssistanceTab', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		commands.requestTimeline.mockResolvedValue([]);
	});

	it("renders a request's whole timeline in the core's order", async () => {
		commands.requestGet.mockResolvedValue(detail('in_progress'));
		commands.requestTimeline.mockResolvedValue([
			ev('e1', '2026-03-02', 'received', 'Actuarial valuation'),
			ev('e2', '2026-03-09', 'status:under_assessment'),
			ev('e3', '2026-03-20', 'status:approved', 'urgent'),
			ev('e4', '2026-04-01', 'planned', 'Visit to Mexico City', 'mission'),
			ev('e5', '2026-04-02', 'expert_added', '<b>Dr. Ruiz</b>')
		]);
		render(AssistanceTab, { workflows: WORKFLOWS, selectedId: 'r1' });
		const timeline = await screen.findByTestId('request-timeline');
		const items = within(timeline).getAllByTestId('timeline-event');
		expect(items.map((li) => li.dataset.kind)).toEqual([
			'received',
			'status:under_assessment',
			'status:approved',
			'planned',
			'expert_added'
		]);
		expect(items[1]).toHaveTextContent('Estado: En evaluación');
		expect(items[2]).toHaveTextContent('Estado: Aprobada — urgent');
		expect(within(items[3]).getByRole('link', { name: 'Visit to Mexico City' })).toHaveAttribute(
			'href',
			'/cooperation?tab=missions&id=x1'
		);
		// A summary is text, never markup.
		expect(items[4]).toHaveTextContent('<b>Dr. Ruiz</b>');
		expect(items[4].querySelector('b')).toBeNull();
	});

	it.each([
		['received', ['under_assessment']],
		['under_assessment', ['approved', 'declined']],
		['approved', ['in_progress']],
		['in_progress', ['closed']],
		['closed', []],
		['declined', []]
	] as const)('offers from %s only the moves the core allows', async (status, moves) => {
		commands.requestGet.mockResolvedValue(detail(status));
		render(AssistanceTab, { workflows: WORKFLOWS, selectedId: 'r1' });
		await screen.findByTestId('request-detail');
		const offered = screen.queryAllByTestId(/^status-action-/).map((b) => b.dataset.testid!.replace('status-action-', ''));
		expect(offered).toEqual([...moves]);
	});

	it('sends a decline with its reason, and shows what the core refuses', async () => {
		commands.requestGet.mockResolvedValue(detail('under_assessment'));
		commands.requestSetStatus.mockRejectedValue({ code: 'invalid_value', message: 'no', field: 'status' });
		render(AssistanceTab, { workflows: WORKFLOWS, selectedId: 'r1' });
		await fireEvent.click(await screen.findByTestId('status-action-declined'));
		await fireEvent.input(screen.getByTestId('move-text'), { target: { value: 'Out of scope' } });
		await fireEvent.click(screen.getByTestId('move-confirm'));
		expect(commands.requestSetStatus).toHaveBeenCalledWith('r1', expect.objectContaining({ status: 'declined', reason: 'Out of scope', outcome: '' }));
		expect(await screen.findByTestId('error-banner')).toBeInTheDocument();
	});

	it('says so when no request matches', async () => {
		commands.requestsList.mockResolvedValue([]);
		render(AssistanceTab, { workflows: WORKFLOWS });
		expect(await screen.findByTestId('requests-empty')).toBeInTheDocument();
	});
});
