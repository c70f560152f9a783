import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchResults } from '$lib/ipc/bindings';

const { commands, goto } = vi.hoisted(() => ({ commands: { search: vi.fn() }, goto: vi.fn() }));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('$app/navigation', () => ({ goto }));

import SearchBox from './SearchBox.svelte';

const seg = (text: string, hit = false) => ({ text, hit });

const RESULTS: SearchResults = {
	query: 'misión',
	terms: ['misión'],
	groups: [
		{
			kind: 'member',
			total: 1,
			hits: [
				{
					record_id: 'm1',
					parent_id: null,
					title: 'Instituto <img src=x onerror=alert(1)>',
					title_segments: [seg('Instituto '), seg('<img src=x onerror=alert(1)>', true)],
					snippet: [seg('<script>alert(1)</script> '), seg('misión', true)],
					rank: 2,
					archived: false
				}
			]
		},
		{
			kind: 'mission',
			total: 3,
			hits: [
				{ record_id: 'x1', parent_id: null, title: 'Misión a Lima', title_segments: [seg('Misión', true), seg(' a Lima')], snippet: [], rank: 1, archived: false },
				{ record_id: 'x2', parent_id: null, title: 'Misión a Quito', title_segments: [seg('Misión', true), seg(' a Quito')], snippet: [], rank: 0.5, archived: false }
			]
		}
	]
};

async function typeQuery(text: string) {
	const input = screen.getByTestId('search-input');
	await fireEvent.input(input, { target: { value: text } });
	return input;
}

describe('SearchBox', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		commands.search.mockResolvedValue(RESULTS);
	});

	it('is focused by Ctrl+K from anywhere and by "/" when not typing in a field', async () => {
		const other = document.createElement('input');
		document.body.appendChild(other);
		render(SearchBox, { debounceMs: 0 });
		const input = screen.getByTestId('search-input');

		await fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
		expect(document.activeElement).toBe(input);

		other.focus();
		await fireEvent.keyDown(other, { key: '/' });
		expect(document.activeElement).toBe(other);

		(document.activeElement as HTMLElement).blur();
		await fireEvent.keyDown(document.body, { key: '/' });
		expect(document.activeElement).toBe(input);
		other.remove();
	});

	it('groups the hits by kind, shows hostile text literally, and Enter opens the first hit', async () => {
		render(SearchBox, { debounceMs: 0 });
		const input = await typeQuery('misión');
		const results = await screen.findByTestId('search-results');
		expect(commands.search).toHaveBeenCalledWith('misión');
		expect(within(results).getByTestId('search-group-member')).toHaveTextContent('Miembros');
		expect(within(results).getByTestId('search-group-mission')).toHaveTextContent('Misiones');
		expect(within(results).getByTestId('search-group-mission')).toHaveTextContent('2 de 3');

		const hits = within(results).getAllByTestId('search-hit');
		expect(hits).toHaveLength(3);
		expect(hits[0]).toHaveTextContent('Instituto <img src=x onerror=alert(1)>');
		expect(hits[0]).toHaveTextContent('<script>alert(1)</script>');
		expect(results.querySelector('img, script')).toBeNull();
		expect(within(hits[0]).getAllByText((_, el) => el?.tagName === 'STRONG').map((e) => e.textContent)).toEqual([
			'<img src=x onerror=alert(1)>',
			'misión'
		]);
		expect(hits[1]).toHaveAttribute('href', '/cooperation?tab=missions&id=x1');

		await fireEvent.keyDown(input, { key: 'Enter' });
		expect(goto).toHaveBeenCalledWith('/members/view?id=m1');
	});

	it('moves with the arrows, opens the chosen hit, and Escape closes', async () => {
		render(SearchBox, { debounceMs: 0 });
		const input = await typeQuery('mis');
		await screen.findByTestId('search-results');
		await fireEvent.keyDown(input, { key: 'ArrowDown' });
		await fireEvent.keyDown(input, { key: 'ArrowDown' });
		await fireEvent.keyDown(input, { key: 'ArrowUp' });
		expect(screen.getAllByTestId('search-hit')[1]).toHaveAttribute('aria-selected', 'true');
		await fireEvent.keyDown(input, { key: 'Escape' });
		expect(screen.queryByTestId('search-results')).toBeNull();

		await typeQuery('misi');
		await screen.findByTestId('search-results');
		await fireEvent.keyDown(input, { key: 'ArrowDown' });
		await fireEvent.keyDown(input, { key: 'Enter' });
		expect(goto).toHaveBeenCalledWith('/cooperation?tab=missions&id=x1');
	});

	it('says when nothing is found', async () => {
		commands.search.mockResolvedValue({ query: 'zzz', terms: ['zzz'], groups: [] });
		render(SearchBox, { debounceMs: 0 });
		await typeQuery('zzz');
		await waitFor(() => expect(screen.getByTestId('search-empty')).toHaveTextContent('zzz'));
	});
});
