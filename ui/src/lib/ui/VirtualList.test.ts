import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import Harness from '$lib/test/VirtualListHarness.svelte';

describe('VirtualList', () => {
	it('is one table for screen readers: its header row and the whole count', () => {
		render(Harness, { count: 100_000 });
		const table = screen.getByRole('table', { name: 'People' });
		expect(table).toHaveAttribute('aria-rowcount', '100001');
		// The column headers are read once, in the table itself (the drawn header is hidden from
		// assistive technology).
		const headers = screen.getAllByRole('columnheader');
		expect(headers.map((h) => h.textContent)).toEqual(['Number', 'Name', 'Amount']);
		for (const h of headers) expect(table).toContainElement(h);
		const rows = within(table).getAllByRole('row');
		expect(rows[0]).toHaveAttribute('aria-rowindex', '1');
		expect(rows[1]).toHaveAttribute('aria-rowindex', '2');
		expect(within(rows[1]).getAllByRole('cell').map((c) => c.textContent)).toEqual(['1', 'Person 1', '0.00']);
	});

	it('draws the header above the scrolling region, with the same columns, hidden from screen readers', () => {
		render(Harness, { count: 50 });
		const head = screen.getByTestId('people-head');
		const viewport = screen.getByTestId('people-viewport');
		expect(head).toHaveAttribute('aria-hidden', 'true');
		// Outside the region that scrolls, just before it.
		expect(viewport).not.toContainElement(head);
		expect(head.nextElementSibling).toBe(viewport);
		expect([...head.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['Number', 'Name', 'Amount']);
		const widths = (root: Element) => [...root.querySelectorAll('col')].map((c) => (c as HTMLElement).style.width);
		expect(widths(head)).toEqual(['5rem', '', '8rem']);
		expect(widths(viewport)).toEqual(widths(head));
	});

	it('renders only a screenful and reports the rows in view, the header not counted', () => {
		const onrange = vi.fn();
		render(Harness, { count: 100_000, onrange });
		// No layout here: a 600 px region of 36 px rows shows rows 0 to 17 (exclusive).
		expect(onrange).toHaveBeenLastCalledWith(0, 17);
		const table = screen.getByRole('table', { name: 'People' });
		// The header row, 17 in view and 8 beyond the bottom edge (no spacer above at the top).
		expect(within(table).getAllByRole('row')).toHaveLength(1 + 17 + 8);
	});

	it('scrolls to a row far down: that row is rendered with its index', async () => {
		const onrange = vi.fn();
		const { component } = render(Harness, { count: 100_000, onrange });
		component.scrollToIndex(99_990);
		await vi.waitFor(() => expect(onrange).toHaveBeenLastCalledWith(99_990, 100_000));
		const table = screen.getByRole('table', { name: 'People' });
		const last = within(table).getByText('Person 100000').closest('tr');
		expect(last).toHaveAttribute('aria-rowindex', '100001');
	});
});
