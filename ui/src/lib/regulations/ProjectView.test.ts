import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '$lib/session/session.svelte';
import { detail, submission, user } from './fixtures';

const { commands } = vi.hoisted(() => ({
	commands: {
		regulationGet: vi.fn(),
		regulationArticleMove: vi.fn(),
		regulationArticleRemove: vi.fn(),
		regulationRecordDecision: vi.fn(),
		regulationsList: vi.fn()
	}
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('$app/navigation', () => ({ goto: vi.fn() }));

import ProjectView from './ProjectView.svelte';
import RegulationsView from './RegulationsView.svelte';

describe('a regulation project’s page', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = user('staff');
	});

	it('opens from /regulations?id=: the view with an id loads that project', async () => {
		commands.regulationGet.mockResolvedValue(detail());
		render(RegulationsView, { id: 'p1' });
		expect(await screen.findByTestId('project-heading')).toHaveTextContent('Reforma del Reglamento Financiero');
		expect(commands.regulationGet).toHaveBeenCalledWith('p1');
		expect(commands.regulationsList).not.toHaveBeenCalled();
	});

	it('lets those who edit change a draft: add, edit, move, remove, save a version, submit', async () => {
		commands.regulationGet.mockResolvedValue(detail());
		render(ProjectView, { id: 'p1' });
		await screen.findByTestId('project-detail');
		expect(screen.getByTestId('article-add')).toBeInTheDocument();
		expect(screen.getAllByTestId('article-edit')).toHaveLength(2);
		expect(screen.getAllByTestId('article-remove')).toHaveLength(2);
		expect(screen.getByTestId('project-submit')).toBeEnabled();
		expect(screen.getByTestId('project-save-version')).toBeEnabled();
		expect(screen.queryByTestId('editing-locked')).toBeNull();
		// The first cannot move up, the last cannot move down.
		const up = screen.getAllByTestId('article-move-up');
		const down = screen.getAllByTestId('article-move-down');
		expect(up[0]).toBeDisabled();
		expect(down[1]).toBeDisabled();
		expect(up[1]).toBeEnabled();
	});

	it('disables editing once submitted, shows the link to the agenda item, keeps the comments', async () => {
		commands.regulationGet.mockResolvedValue(
			detail({ submissions: [submission()] }, { status: 'submitted', has_unsaved_changes: false, session_id: 's1', agenda_item_id: 'i9' })
		);
		render(ProjectView, { id: 'p1' });
		await screen.findByTestId('project-detail');
		expect(screen.getByTestId('project-status')).toHaveTextContent('Presentado');
		for (const id of ['article-add', 'article-edit', 'article-remove', 'article-move-up', 'article-move-down', 'article-add-after', 'project-edit', 'project-submit', 'project-save-version']) {
			expect(screen.queryAllByTestId(id), id).toHaveLength(0);
		}
		expect(screen.getByTestId('editing-locked')).toHaveTextContent('ya no se modifica');
		// The article no longer takes the focus for moves.
		expect(screen.getAllByTestId('article')[0]).not.toHaveAttribute('tabindex');
		const link = screen.getByTestId('project-agenda-link');
		expect(link).toHaveAttribute('href', '/sessions/view?id=s1&tab=agenda');
		expect(screen.getByTestId('project-submission')).toHaveTextContent('CXII Reunión del Comité Permanente');
		// Comments stay open to reviewers.
		await fireEvent.click(screen.getAllByTestId('article-comments-toggle')[0]);
		expect(await screen.findByTestId('comment-add')).toBeInTheDocument();
	});

	it('hides the decision from staff', async () => {
		commands.regulationGet.mockResolvedValue(detail({ submissions: [submission()] }, { status: 'submitted' }));
		render(ProjectView, { id: 'p1' });
		await screen.findByTestId('project-detail');
		expect(screen.queryByTestId('project-decision')).toBeNull();
		expect(screen.queryByTestId('decision-dialog')).toBeNull();
	});

	it('offers the decision to a reviewer once submitted, and a return needs its note', async () => {
		session.user = user('chief_of_staff');
		commands.regulationGet.mockResolvedValue(detail({ submissions: [submission()] }, { status: 'submitted' }));
		render(ProjectView, { id: 'p1' });
		await fireEvent.click(await screen.findByTestId('project-decision'));
		const dialog = await screen.findByTestId('decision-dialog');
		await fireEvent.click(within(dialog).getByTestId('decision-returned'));
		await fireEvent.click(within(dialog).getByTestId('decision-save'));
		expect(await within(dialog).findByTestId('error-note')).toHaveTextContent('Indique por qué el Comité devolvió el proyecto.');
		expect(commands.regulationRecordDecision).not.toHaveBeenCalled();

		commands.regulationRecordDecision.mockResolvedValueOnce(
			detail({ submissions: [submission({ decision: 'returned', decision_note: 'Falta el artículo transitorio.', decided_on: '2026-01-20' })] }, { status: 'returned' })
		);
		await fireEvent.input(within(dialog).getByTestId('decision-note'), { target: { value: 'Falta el artículo transitorio.' } });
		await fireEvent.click(within(dialog).getByTestId('decision-save'));
		await waitFor(() =>
			expect(commands.regulationRecordDecision).toHaveBeenCalledWith('p1', 'returned', 'Falta el artículo transitorio.', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/))
		);
		expect(await screen.findByTestId('project-decision-summary')).toHaveTextContent('Falta el artículo transitorio.');
		// Returned: editable again.
		expect(screen.getByTestId('article-add')).toBeInTheDocument();
	});

	it('shows no edit actions to a role that only reads (auditor)', async () => {
		session.user = user('auditor');
		commands.regulationGet.mockResolvedValue(detail());
		render(ProjectView, { id: 'p1' });
		await screen.findByTestId('project-detail');
		expect(screen.queryByTestId('article-add')).toBeNull();
		expect(screen.queryByTestId('project-submit')).toBeNull();
		expect(screen.queryByTestId('editing-locked')).toBeNull();
	});

	it('moves an article up and keeps the focus with it; removes only after confirming', async () => {
		const d = detail();
		commands.regulationGet.mockResolvedValue(d);
		render(ProjectView, { id: 'p1' });
		await screen.findByTestId('project-detail');
		commands.regulationArticleMove.mockResolvedValueOnce({
			...d,
			articles: [{ ...d.articles[1], position: 0 }, { ...d.articles[0], position: 1 }]
		});
		await fireEvent.click(screen.getAllByTestId('article-move-up')[1]);
		await waitFor(() => expect(commands.regulationArticleMove).toHaveBeenCalledWith('a2', 0));
		await waitFor(() => expect(screen.getAllByTestId('article')[0]).toHaveTextContent('Artículo 2'));
		// Now first: its "up" is disabled, so the focus stays on the article itself.
		await waitFor(() => expect(document.activeElement?.id).toBe('article-a2'));

		// Alt+↓ on the focused article moves it back down.
		commands.regulationArticleMove.mockResolvedValueOnce(d);
		await fireEvent.keyDown(screen.getAllByTestId('article')[0], { key: 'ArrowDown', altKey: true });
		await waitFor(() => expect(commands.regulationArticleMove).toHaveBeenLastCalledWith('a2', 1));

		await fireEvent.click(screen.getAllByTestId('article-remove')[0]);
		expect(commands.regulationArticleRemove).not.toHaveBeenCalled();
		expect(await screen.findByText('¿Eliminar el artículo 1?')).toBeInTheDocument();
		expect(screen.getByText(/junto con su comentario/)).toBeInTheDocument();
		commands.regulationArticleRemove.mockResolvedValueOnce({ ...d, articles: [d.articles[1]], comments: [] });
		await fireEvent.click(screen.getByTestId('confirm'));
		await waitFor(() => expect(commands.regulationArticleRemove).toHaveBeenCalledWith('a1'));
		await waitFor(() => expect(screen.getAllByTestId('article')).toHaveLength(1));
	});

	it('shows the articles in the chosen working language', async () => {
		commands.regulationGet.mockResolvedValue(detail());
		render(ProjectView, { id: 'p1' });
		await screen.findByTestId('project-detail');
		expect(screen.getAllByTestId('article-text')[0]).toHaveTextContent('Este reglamento regula las finanzas.');
		await fireEvent.click(screen.getByTestId('articles-lang-tab-en'));
		expect(screen.getAllByTestId('article-text')[0]).toHaveTextContent('These regulations govern the finances.');
		expect(screen.getByTestId('article-missing')).toHaveTextContent('Sin texto en English.');
	});
});
