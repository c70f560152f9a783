import { fireEvent, render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import Tabs from './Tabs.svelte';

const panel = createRawSnippet((t: () => string) => ({
	render: () => `<p data-testid="content-${t()}">panel ${t()}</p>`
}));

function setup(keep: string[] = []) {
	const onselect = vi.fn();
	render(Tabs, {
		props: {
			id: 'demo',
			tabs: ['due', 'obligations', 'instruments'] as const,
			selected: 'due',
			label: 'Sections',
			title: (t: string) => `Tab ${t}`,
			keep,
			onselect,
			panel
		}
	});
	return { onselect };
}

describe('Tabs', () => {
	it('renders a labelled tab list with only the selected panel, and a click selects another', async () => {
		const { onselect } = setup();
		expect(screen.getByRole('tablist', { name: 'Sections' })).toBeTruthy();
		const tabs = screen.getAllByRole('tab');
		expect(tabs.map((t) => t.textContent?.trim())).toEqual(['Tab due', 'Tab obligations', 'Tab instruments']);
		expect(tabs[0].getAttribute('aria-selected')).toBe('true');
		expect(tabs[1].getAttribute('tabindex')).toBe('-1');
		expect(screen.getByTestId('content-due')).toBeTruthy();
		expect(screen.queryByTestId('content-obligations')).toBeNull();

		await fireEvent.click(screen.getByTestId('demo-tab-obligations'));
		expect(onselect).toHaveBeenCalledWith('obligations');
		expect(screen.getByTestId('demo-tab-obligations').getAttribute('aria-selected')).toBe('true');
		expect(screen.getByTestId('content-obligations')).toBeTruthy();
		expect(screen.queryByTestId('content-due')).toBeNull();
		const panelEl = document.getElementById('demo-panel-obligations');
		expect(panelEl?.getAttribute('aria-labelledby')).toBe('demo-tab-obligations');
		expect(panelEl?.hidden).toBe(false);
	});

	it('moves with the arrow keys (wrapping), Home and End, and focuses the tab it selects', async () => {
		const { onselect } = setup();
		const first = screen.getByTestId('demo-tab-due');
		await fireEvent.keyDown(first, { key: 'ArrowLeft' });
		expect(onselect).toHaveBeenLastCalledWith('instruments');
		expect(document.activeElement?.id).toBe('demo-tab-instruments');
		await fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowRight' });
		expect(onselect).toHaveBeenLastCalledWith('due');
		await fireEvent.keyDown(document.activeElement as Element, { key: 'End' });
		expect(onselect).toHaveBeenLastCalledWith('instruments');
		await fireEvent.keyDown(document.activeElement as Element, { key: 'Home' });
		expect(onselect).toHaveBeenLastCalledWith('due');
		const calls = onselect.mock.calls.length;
		await fireEvent.keyDown(document.activeElement as Element, { key: 'a' });
		expect(onselect.mock.calls.length).toBe(calls);
	});

	it('keeps the panels named in `keep` mounted, hidden, when another tab is chosen', async () => {
		setup(['due']);
		await fireEvent.click(screen.getByTestId('demo-tab-instruments'));
		const kept = screen.getByTestId('content-due');
		expect(kept.closest('[role="tabpanel"]')?.hasAttribute('hidden')).toBe(true);
		expect(screen.getByTestId('content-instruments')).toBeTruthy();
	});
});
