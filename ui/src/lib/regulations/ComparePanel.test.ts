import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Redline } from '$lib/ipc/bindings';
import { detail, VERSION } from './fixtures';

const { commands } = vi.hoisted(() => ({
	commands: { regulationCompare: vi.fn(), printRegulationRedline: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ save: vi.fn(), open: vi.fn() }));
vi.mock('$lib/sessions/pdf', () => ({ renderPages: vi.fn().mockResolvedValue(undefined) }));

import ComparePanel from './ComparePanel.svelte';

const EMPTY: Redline = {
	project_id: 'p1',
	language: 'es',
	from_version: 1,
	to_version: null,
	from_label: 'Versión 1',
	to_label: 'Texto en edición',
	articles: [],
	added: 0,
	removed: 0,
	changed: 0
};

describe('the comparison panel', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		commands.regulationCompare.mockResolvedValue(EMPTY);
	});

	it('compares the last version with the working copy first, then what the user chooses, per language', async () => {
		const v2 = { ...VERSION, id: 'v2', number: 2, label: '' };
		render(ComparePanel, { detail: detail({ versions: [VERSION, v2] }), language: 'en' });
		await waitFor(() => expect(commands.regulationCompare).toHaveBeenCalledWith('p1', 2, null, 'en'));
		expect(await screen.findByTestId('redline')).toBeInTheDocument();

		const from = screen.getByTestId('compare-from') as HTMLSelectElement;
		const to = screen.getByTestId('compare-to') as HTMLSelectElement;
		expect([...to.options].map((o) => o.textContent?.trim())).toEqual(['Versión 1 — Primera lectura', 'Versión 2', 'Texto en edición']);
		from.value = '1';
		await fireEvent.change(from);
		await waitFor(() => expect(commands.regulationCompare).toHaveBeenLastCalledWith('p1', 1, null, 'en'));
		to.value = '2';
		await fireEvent.change(to);
		await waitFor(() => expect(commands.regulationCompare).toHaveBeenLastCalledWith('p1', 1, 2, 'en'));
		const lang = screen.getByTestId('compare-language') as HTMLSelectElement;
		lang.value = 'es';
		await fireEvent.change(lang);
		await waitFor(() => expect(commands.regulationCompare).toHaveBeenLastCalledWith('p1', 1, 2, 'es'));

		commands.printRegulationRedline.mockResolvedValueOnce({ path: '/data/prints/redline.pdf', pages: 2, pdf_base64: 'JVBERg==' });
		await fireEvent.click(screen.getByTestId('compare-print'));
		await waitFor(() => expect(commands.printRegulationRedline).toHaveBeenCalledWith('p1', 1, 2, 'es'));
		expect(await screen.findByTestId('print-summary')).toHaveTextContent('2 páginas');
	});

	it('compares the last two versions when the working copy has not changed', async () => {
		const v2 = { ...VERSION, id: 'v2', number: 2 };
		render(ComparePanel, { detail: detail({ versions: [VERSION, v2] }, { has_unsaved_changes: false }), language: 'es' });
		await waitFor(() => expect(commands.regulationCompare).toHaveBeenCalledWith('p1', 1, 2, 'es'));
	});
});
