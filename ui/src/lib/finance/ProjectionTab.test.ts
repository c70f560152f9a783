import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { commands } = vi.hoisted(() => ({
	commands: {
		projectionsList: vi.fn(),
		projectionGet: vi.fn(),
		projectionRun: vi.fn(),
		projectionUpdateScenario: vi.fn(),
		projectionDelete: vi.fn(),
		financePrint: vi.fn(),
		financeExport: vi.fn()
	}
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import { session } from '$lib/session/session.svelte';
import { DRIVERS, FINANCE_USER, projection, run } from './fixtures';
import ProjectionTab from './ProjectionTab.svelte';

describe('ProjectionTab', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = FINANCE_USER;
		commands.projectionsList.mockResolvedValue([
			{ id: 'p1', name: 'Plan 2027', base_year: 2026, base_source: 'final_budget', years: 1, scenario_count: 2, updated_at: '2026-05-01T12:00:00Z' }
		]);
		commands.projectionGet.mockResolvedValue(projection());
		commands.projectionRun.mockResolvedValue(run('250000.00'));
	});

	it('shows the drivers in percent, sends a typed 4.5 % as "0.045" and runs the projection again', async () => {
		render(ProjectionTab);
		const inflation = await screen.findByTestId('driver-inflation-Base');
		expect(inflation).toHaveValue('4');
		expect(screen.getByTestId('driver-inflation-Alto')).toHaveValue('8');
		expect(screen.getByTestId('driver-collection-Base')).toHaveValue('95');
		expect(screen.getByTestId('total-expense-Base-2027')).toHaveTextContent('250,000.00');
		expect(commands.projectionRun).toHaveBeenCalledTimes(1);

		commands.projectionUpdateScenario.mockResolvedValue({ ...projection().scenarios[0], drivers: { ...DRIVERS, inflation: '0.045' } });
		commands.projectionRun.mockResolvedValue(run('251250.00'));
		const user = userEvent.setup();
		await user.clear(inflation);
		await user.type(inflation, '4.5{Enter}');
		await waitFor(() =>
			expect(commands.projectionUpdateScenario).toHaveBeenCalledWith('sc-base', {
				inflation: '0.045',
				mxn_per_usd: '18.5',
				salary_increase: '0.05',
				staffing_change: '0',
				sessions: 2,
				missions: 10,
				collection_rate: '0.95'
			})
		);
		await waitFor(() => expect(screen.getByTestId('total-expense-Base-2027')).toHaveTextContent('251,250.00'));
		expect(commands.projectionRun).toHaveBeenCalledTimes(2);
		// The debounce after typing does not send the same drivers twice.
		await new Promise((r) => setTimeout(r, 700));
		expect(commands.projectionUpdateScenario).toHaveBeenCalledTimes(1);
		expect(screen.getByTestId('projection-chart')).toHaveTextContent('Base, 2027: ingresos 1,000,000.00, gastos 251,250.00');
	});

	it('refuses a rate that is not a number without calling the core', async () => {
		render(ProjectionTab);
		const inflation = await screen.findByTestId('driver-inflation-Base');
		await fireEvent.input(inflation, { target: { value: 'abc' } });
		await fireEvent.change(inflation);
		expect(await screen.findByTestId('error-inflation')).toHaveTextContent('El formato no es válido.');
		expect(inflation).toHaveAttribute('aria-invalid', 'true');
		expect(commands.projectionUpdateScenario).not.toHaveBeenCalled();
	});

	it('shows the error of the core on the driver it names', async () => {
		commands.projectionUpdateScenario.mockRejectedValue({ code: 'invalid_value', message: 'inflation out of range', field: 'inflation' });
		render(ProjectionTab);
		const inflation = await screen.findByTestId('driver-inflation-Base');
		await fireEvent.input(inflation, { target: { value: '250' } });
		await fireEvent.change(inflation);
		await waitFor(() => expect(commands.projectionUpdateScenario).toHaveBeenCalledWith('sc-base', expect.objectContaining({ inflation: '2.5' })));
		expect(await screen.findByTestId('error-inflation')).toHaveTextContent('Este valor no está permitido.');
	});

	it('prints and exports the selected projection with the shared report actions', async () => {
		commands.financeExport.mockResolvedValue({ path: '/home/jo/Descargas/plan-2027.xlsx', rows: 12 });
		commands.financePrint.mockRejectedValue({ code: 'internal', message: 'font missing' });
		render(ProjectionTab);
		await screen.findByTestId('projection-view');
		await fireEvent.click(screen.getByTestId('report-xlsx'));
		await waitFor(() => expect(commands.financeExport).toHaveBeenCalledWith({ kind: 'projection', id: 'p1' }, 'es', 'xlsx'));
		await fireEvent.click(screen.getByTestId('report-preview'));
		await waitFor(() => expect(commands.financePrint).toHaveBeenCalledWith({ kind: 'projection', id: 'p1' }, 'es'));
		expect(await screen.findByTestId('error-banner')).toHaveTextContent('font missing');
	});
});
