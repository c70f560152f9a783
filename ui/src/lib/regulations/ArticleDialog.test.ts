import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ARTICLES, detail } from './fixtures';

const { commands } = vi.hoisted(() => ({
	commands: { regulationArticleAdd: vi.fn(), regulationArticleUpdate: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import ArticleDialog from './ArticleDialog.svelte';

describe('the article form', () => {
	beforeEach(() => vi.clearAllMocks());

	it('shows the core’s refusal of a repeated number on the number field and stays open', async () => {
		const onsaved = vi.fn();
		render(ArticleDialog, { open: true, projectId: 'p1', languages: ['es', 'en'], position: 1, onsaved });
		await fireEvent.input(screen.getByTestId('article-number'), { target: { value: '1' } });
		await fireEvent.input(screen.getByTestId('article-text-es'), { target: { value: 'Texto nuevo.' } });
		commands.regulationArticleAdd.mockRejectedValueOnce({ code: 'duplicate', message: 'the project already has an article 1', field: 'number' });
		await fireEvent.click(screen.getByTestId('article-save'));
		await waitFor(() => expect(commands.regulationArticleAdd).toHaveBeenCalledWith('p1', 1, { number: '1', headings: {}, texts: { es: 'Texto nuevo.' } }));
		const message = await screen.findByTestId('error-number');
		expect(message).toHaveTextContent('El proyecto ya tiene un artículo con este número.');
		const input = screen.getByTestId('article-number');
		expect(input).toHaveAttribute('aria-invalid', 'true');
		expect(input).toHaveAttribute('aria-describedby', 'article-number-error');
		await waitFor(() => expect(document.activeElement).toBe(input));
		expect(screen.queryByTestId('error-banner')).toBeNull();
		expect(onsaved).not.toHaveBeenCalled();
		expect(screen.getByTestId('article-dialog')).toBeInTheDocument();
		// Typing again clears it.
		await fireEvent.input(input, { target: { value: '1 bis' } });
		expect(screen.queryByTestId('error-number')).toBeNull();
	});

	it('opens the language tab where the core found a problem', async () => {
		render(ArticleDialog, { open: true, projectId: 'p1', languages: ['es', 'en'], editing: ARTICLES[0], onsaved: vi.fn() });
		expect(screen.getByTestId('article-number')).toHaveValue('1');
		commands.regulationArticleUpdate.mockRejectedValueOnce({ code: 'too_long', message: 'too long', field: 'text_en' });
		await fireEvent.click(screen.getByTestId('article-save'));
		const message = await screen.findByTestId('error-text_en');
		expect(message).toHaveTextContent('El texto es demasiado largo.');
		expect(screen.getByTestId('article-lang-tab-en')).toHaveAttribute('aria-selected', 'true');
		expect(screen.getByTestId('article-lang-tab-en')).toHaveTextContent('⚠');
		expect(message).toBeVisible();
	});

	it('requires the number and the Spanish text before asking the core, and saves an edit', async () => {
		const onsaved = vi.fn();
		render(ArticleDialog, { open: true, projectId: 'p1', languages: ['es'], onsaved });
		await fireEvent.click(screen.getByTestId('article-save'));
		expect(screen.getByTestId('error-number')).toHaveTextContent('Indique el número del artículo.');
		expect(commands.regulationArticleAdd).not.toHaveBeenCalled();
		await fireEvent.input(screen.getByTestId('article-number'), { target: { value: '3' } });
		await fireEvent.click(screen.getByTestId('article-save'));
		expect(screen.getByTestId('error-text_es')).toHaveTextContent('Escriba el texto del artículo en español.');
		await fireEvent.input(screen.getByTestId('article-heading-es'), { target: { value: 'Vigencia' } });
		await fireEvent.input(screen.getByTestId('article-text-es'), { target: { value: 'Entra en vigor al aprobarse.' } });
		const saved = detail();
		commands.regulationArticleAdd.mockResolvedValueOnce(saved);
		await fireEvent.click(screen.getByTestId('article-save'));
		await waitFor(() => expect(onsaved).toHaveBeenCalledWith(saved));
		expect(commands.regulationArticleAdd).toHaveBeenCalledWith('p1', null, { number: '3', headings: { es: 'Vigencia' }, texts: { es: 'Entra en vigor al aprobarse.' } });
	});
});
