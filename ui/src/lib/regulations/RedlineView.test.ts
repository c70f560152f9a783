import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Redline } from '$lib/ipc/bindings';
import RedlineView from './RedlineView.svelte';

const REDLINE: Redline = {
	project_id: 'p1',
	language: 'es',
	from_version: 1,
	to_version: null,
	from_label: 'Versión 1',
	to_label: 'Texto en edición',
	added: 1,
	removed: 1,
	changed: 1,
	articles: [
		{
			article_id: 'a1',
			change: 'changed',
			number_from: '1',
			number_to: '1',
			number: [{ kind: 'equal', text: '1' }],
			heading: [{ kind: 'equal', text: 'Objeto' }],
			text: [
				{ kind: 'equal', text: 'El ejercicio es ' },
				{ kind: 'delete', text: 'semestral' },
				{ kind: 'insert', text: 'anual' },
				{ kind: 'equal', text: '.' }
			]
		},
		{
			article_id: 'a2',
			change: 'unchanged',
			number_from: '2',
			number_to: '2',
			number: [{ kind: 'equal', text: '2' }],
			heading: [],
			text: [{ kind: 'equal', text: 'Texto sin cambios.' }]
		},
		{
			article_id: 'a3',
			change: 'added',
			number_from: null,
			number_to: '3',
			number: [{ kind: 'insert', text: '3' }],
			heading: [],
			text: [{ kind: 'insert', text: 'Artículo nuevo.' }]
		},
		{
			article_id: 'a4',
			change: 'removed',
			number_from: '4',
			number_to: null,
			number: [{ kind: 'delete', text: '4' }],
			heading: [],
			text: [{ kind: 'delete', text: 'Artículo derogado.' }]
		}
	]
};

describe('the redline view', () => {
	it('strikes deletions (del, red class) and underlines insertions (ins, green class), keeping equal text plain', () => {
		render(RedlineView, { redline: REDLINE });
		const shown = screen.getAllByTestId('redline-article');
		// The unchanged article is folded away, after the three that changed.
		expect(shown.map((a) => a.dataset.change)).toEqual(['changed', 'added', 'removed', 'unchanged']);

		const text = within(shown[0]).getByTestId('redline-text');
		expect(text).toHaveTextContent('El ejercicio es semestralanual.');
		const del = text.querySelector('del');
		const ins = text.querySelector('ins');
		expect(del).toHaveTextContent('semestral');
		expect(del).toHaveClass('redline-del');
		expect(ins).toHaveTextContent('anual');
		expect(ins).toHaveClass('redline-ins');
		expect(text.querySelectorAll('del')).toHaveLength(1);
		expect(text.querySelectorAll('ins')).toHaveLength(1);
		expect([...text.querySelectorAll('[data-kind="equal"]')].map((s) => s.tagName)).toEqual(['SPAN', 'SPAN']);

		expect(within(shown[1]).getByTestId('redline-text').querySelector('ins.redline-ins')).toHaveTextContent('Artículo nuevo.');
		expect(within(shown[1]).getByTestId('redline-text').querySelector('del')).toBeNull();
		expect(within(shown[2]).getByTestId('redline-text').querySelector('del.redline-del')).toHaveTextContent('Artículo derogado.');
		expect(within(shown[1]).getByText('Agregado')).toBeInTheDocument();
		expect(within(shown[2]).getByText('Suprimido')).toBeInTheDocument();
	});

	it('shows a legend with a struck and an underlined sample, and the counts', () => {
		render(RedlineView, { redline: REDLINE });
		const legend = screen.getByTestId('redline-legend');
		expect(legend.querySelector('del.redline-del')).toHaveTextContent('texto suprimido');
		expect(legend.querySelector('ins.redline-ins')).toHaveTextContent('texto agregado');
		expect(screen.getByTestId('count-added')).toHaveTextContent('1');
		expect(screen.getByTestId('count-removed')).toHaveTextContent('1');
		expect(screen.getByTestId('count-changed')).toHaveTextContent('1');
		expect(screen.getByTestId('redline-counts')).toHaveTextContent('artículo modificado');
		expect(screen.getByText('De «Versión 1» a «Texto en edición»')).toBeInTheDocument();
	});

	it('folds the unchanged articles into a collapsible section, closed at first', () => {
		render(RedlineView, { redline: REDLINE });
		const folded = screen.getByTestId('redline-unchanged');
		expect(folded.tagName).toBe('DETAILS');
		expect(folded).not.toHaveAttribute('open');
		expect(within(folded).getByText('1 artículo sin cambios')).toBeInTheDocument();
		expect(within(folded).getByTestId('redline-article')).toHaveTextContent('Texto sin cambios.');
	});

	it('says so when nothing changed', () => {
		render(RedlineView, { redline: { ...REDLINE, added: 0, removed: 0, changed: 0, articles: [REDLINE.articles[1]] } });
		expect(screen.getByTestId('redline-same')).toBeInTheDocument();
		expect(screen.queryByTestId('redline-article')).not.toBeNull(); // the folded one
	});
});
