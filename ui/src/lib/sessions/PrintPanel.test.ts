import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const { printing, dialog, renderPages } = vi.hoisted(() => ({
	printing: {
		printAgenda: vi.fn(),
		printMinutes: vi.fn(),
		printDossier: vi.fn(),
		documentSave: vi.fn(),
		documentOpen: vi.fn(),
		documentPrint: vi.fn()
	},
	dialog: { open: vi.fn(), save: vi.fn() },
	renderPages: vi.fn()
}));
vi.mock('./print', async (original) => ({ ...(await original<typeof import('./print')>()), printing }));
vi.mock('./pdf', () => ({ renderPages }));
vi.mock('@tauri-apps/plugin-dialog', () => dialog);
vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import { notices } from '$lib/ui/notices.svelte';
import PrintPanel from './PrintPanel.svelte';
import { session } from './fixtures';

const DOC = { path: '/data/documents/agenda-s1.pdf', pages: 4, pdf_base64: btoa('%PDF-1.7 fake') };

describe('PrintPanel', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		printing.printAgenda.mockResolvedValue(DOC);
		printing.printMinutes.mockResolvedValue({ ...DOC, pages: 2 });
		printing.documentSave.mockResolvedValue(null);
		printing.documentOpen.mockResolvedValue(null);
		printing.documentPrint.mockResolvedValue(null);
		renderPages.mockResolvedValue(4);
	});
	afterEach(() => notices.clear());

	it('offers the working languages and their pairs, and prints the agenda in the chosen ones', async () => {
		render(PrintPanel, { session: session({ languages: ['es', 'en', 'fr'] }) });
		const select = screen.getByLabelText('Idioma') as HTMLSelectElement;
		expect([...select.options].map((o) => o.textContent)).toEqual([
			'Español',
			'English',
			'Français',
			'Español + English',
			'Español + Français',
			'English + Français'
		]);
		await fireEvent.change(select, { target: { value: '3' } });
		await fireEvent.click(screen.getByTestId('print-agenda'));
		await waitFor(() => expect(printing.printAgenda).toHaveBeenCalledWith('s1', { languages: ['es', 'en'], annotated: false }));
		expect(await screen.findByTestId('print-summary')).toHaveTextContent('4 páginas');
		// The preview draws the first pages of the PDF the core sent into the preview area.
		await waitFor(() => expect(renderPages).toHaveBeenCalledTimes(1));
		const [bytes, container, max] = renderPages.mock.calls[0];
		expect(new TextDecoder().decode(bytes as Uint8Array)).toBe('%PDF-1.7 fake');
		expect(container).toBe(screen.getByTestId('print-preview'));
		expect(max).toBe(3);
	});

	it('prints the annotated agenda and the minutes', async () => {
		render(PrintPanel, { session: session() });
		await fireEvent.click(screen.getByTestId('print-kind-annotated'));
		await fireEvent.change(screen.getByLabelText('Idioma'), { target: { value: '1' } });
		await fireEvent.click(screen.getByTestId('print-agenda'));
		await waitFor(() => expect(printing.printAgenda).toHaveBeenCalledWith('s1', { languages: ['en'], annotated: true }));
		await fireEvent.click(screen.getByTestId('print-kind-minutes'));
		expect(screen.getByLabelText('Idioma')).toBeDisabled();
		await fireEvent.click(screen.getByTestId('print-agenda'));
		await waitFor(() => expect(printing.printMinutes).toHaveBeenCalledWith('s1'));
	});

	it('saves through the system dialog, opens and prints through the system', async () => {
		dialog.save.mockResolvedValue('/home/jo/CXII.pdf');
		render(PrintPanel, { session: session() });
		await fireEvent.click(screen.getByTestId('print-agenda'));
		const save = await screen.findByTestId('print-save');
		await fireEvent.click(save);
		await waitFor(() => expect(printing.documentSave).toHaveBeenCalledWith(DOC.path, '/home/jo/CXII.pdf'));
		expect(dialog.save.mock.calls[0][0]).toMatchObject({ defaultPath: 'CXII-Reunion-del-Comite-Permanente-orden-del-dia-es.pdf' });
		await waitFor(() => expect(notices.items.map((n) => n.text)).toContain('Se guardó el PDF en /home/jo/CXII.pdf'));
		await fireEvent.click(screen.getByTestId('print-open'));
		await waitFor(() => expect(printing.documentOpen).toHaveBeenCalledWith(DOC.path));
		await fireEvent.click(screen.getByTestId('print-print'));
		await waitFor(() => expect(printing.documentPrint).toHaveBeenCalledWith(DOC.path));
	});

	it('keeps the PDF usable when the preview cannot be drawn, and reports a render failure', async () => {
		renderPages.mockRejectedValue(new Error('no canvas'));
		render(PrintPanel, { session: session() });
		await fireEvent.click(screen.getByTestId('print-agenda'));
		expect(await screen.findByText(/el PDF está listo/)).toBeInTheDocument();
		expect(screen.getByTestId('print-save')).toBeEnabled();

		printing.printAgenda.mockRejectedValue({ code: 'internal', message: 'font missing' });
		await fireEvent.click(screen.getByTestId('print-agenda'));
		const banner = await screen.findByTestId('error-banner');
		expect(within(banner).getByText(/font missing/)).toBeInTheDocument();
	});
});
