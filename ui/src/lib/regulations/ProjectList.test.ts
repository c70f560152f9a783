import { render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '$lib/session/session.svelte';
import { project, user } from './fixtures';

const { commands } = vi.hoisted(() => ({ commands: { regulationsList: vi.fn() } }));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('$app/navigation', () => ({ goto: vi.fn() }));

import ProjectList from './ProjectList.svelte';

describe('the list of regulation projects', () => {
	beforeEach(() => vi.clearAllMocks());

	it('shows status, instrument and last version, each project linked by its id', async () => {
		session.user = user('staff');
		commands.regulationsList.mockResolvedValue([
			project(),
			project({ id: 'p2', titles: { es: 'Reglamento de elecciones' }, status: 'submitted', version_count: 3, has_unsaved_changes: false, instrument: '' })
		]);
		render(ProjectList, {});
		const rows = await screen.findAllByTestId('project-row');
		expect(rows).toHaveLength(2);
		expect(rows[0]).toHaveTextContent('Reglamento Financiero');
		expect(rows[0]).toHaveTextContent('Versión 1');
		expect(rows[0]).toHaveTextContent('cambios sin guardar');
		expect(rows[1]).toHaveTextContent('Presentado');
		expect(rows[1]).toHaveTextContent('Versión 3');
		expect(rows[1]).not.toHaveTextContent('cambios sin guardar');
		expect(screen.getByRole('link', { name: 'Reglamento de elecciones' })).toHaveAttribute('href', '/regulations?id=p2');
		expect(screen.getByTestId('project-new')).toBeInTheDocument();
	});

	it('has an empty state, and no "New project" for a role that does not edit', async () => {
		session.user = user('auditor');
		commands.regulationsList.mockResolvedValue([]);
		render(ProjectList, {});
		expect(await screen.findByTestId('projects-empty')).toHaveTextContent('Todavía no hay proyectos de reglamento.');
		expect(screen.queryByTestId('project-new')).toBeNull();
	});
});
