import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const { commands, dialog } = vi.hoisted(() => ({
	commands: {
		agendaGet: vi.fn(),
		agendaStepItem: vi.fn(),
		agendaMoveItem: vi.fn(),
		agendaApprove: vi.fn(),
		agendaAddItem: vi.fn(),
		agendaUpdateItem: vi.fn(),
		attachmentAdd: vi.fn(),
		sessionsList: vi.fn()
	},
	dialog: { open: vi.fn(), save: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('@tauri-apps/plugin-dialog', () => dialog);

import { session as auth } from '$lib/session/session.svelte';
import { notices } from '$lib/ui/notices.svelte';
import AgendaBuilder from './AgendaBuilder.svelte';
import { agenda, item, ITEMS, session } from './fixtures';

// jsdom has no DragEvent: without one, the pointer position of a drag would be lost.
if (!('DragEvent' in globalThis)) {
	class DragEvent extends MouseEvent {}
	Object.assign(globalThis, { DragEvent });
}

function rows() {
	return screen.getAllByTestId('agenda-item');
}
function row(id: string): HTMLElement {
	const r = rows().find((el) => el.dataset.id === id);
	if (!r) throw new Error(`no item ${id}`);
	return r;
}

describe('AgendaBuilder', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		auth.user = { id: 'u1', username: 'jo', full_name: 'Jefa de Oficina', role: 'chief_of_staff', is_admin: false, language: 'es' };
		commands.agendaGet.mockResolvedValue(agenda());
	});
	afterEach(() => notices.clear());

	it('renders the items with their computed numbers, start times, kinds and durations', async () => {
		render(AgendaBuilder, { session: session() });
		await screen.findAllByTestId('agenda-item');
		expect(rows().map((r) => r.dataset.number)).toEqual(['1', '1.1', '1.2', '2', '3']);
		expect(rows().map((r) => within(r).getByTestId('item-time').textContent)).toEqual(['09:00', '09:00', '09:10', '09:15', '10:00']);
		const report = row('i2');
		expect(report).toHaveTextContent('Informe de la Secretaría General');
		expect(report).toHaveTextContent('Report of the Secretary-General');
		expect(report).toHaveTextContent('Deliberación');
		expect(report).toHaveTextContent('Presenta: Secretaría General');
		expect(report).toHaveTextContent('45 min');
		expect(screen.getByTestId('agenda-status')).toHaveTextContent('Provisional');
		expect(screen.getByTestId('agenda-status')).toHaveTextContent('revisión 1');
		expect(screen.getByText(/5 puntos · 1 h 15 min · termina a las 10:15/)).toBeInTheDocument();
		// Each item has its own move buttons; the first cannot go up, the last cannot go down.
		expect(within(row('i1')).getByTestId('move-up')).toBeDisabled();
		expect(within(row('i3')).getByTestId('move-down')).toBeDisabled();
		expect(within(row('i2')).getByTestId('move-up')).toBeEnabled();
	});

	it('moves the focused item with Alt+ArrowUp through agendaStepItem and keeps the focus on it', async () => {
		const moved = [ITEMS[0], ITEMS[1], ITEMS[2], item({ ...ITEMS[4], number: '2', position: 1, start_time: '09:15' }), item({ ...ITEMS[3], number: '3', position: 2, start_time: '09:30' })];
		commands.agendaStepItem.mockResolvedValue(agenda({ items: moved }));
		render(AgendaBuilder, { session: session() });
		await screen.findAllByTestId('agenda-item');
		row('i3').focus();
		await userEvent.setup().keyboard('{Alt>}{ArrowUp}{/Alt}');
		await waitFor(() => expect(commands.agendaStepItem).toHaveBeenCalledWith('i3', 'up'));
		await waitFor(() => expect(row('i3').dataset.number).toBe('2'));
		await waitFor(() => expect(row('i3')).toHaveFocus());
		expect(screen.getByText('Clausura ahora es el punto 2.')).toBeInTheDocument();
	});

	it('indents and outdents with Alt+ArrowRight / Alt+ArrowLeft, and moves with the buttons', async () => {
		commands.agendaStepItem.mockResolvedValue(agenda());
		render(AgendaBuilder, { session: session() });
		await screen.findAllByTestId('agenda-item');
		await fireEvent.keyDown(row('i2'), { key: 'ArrowRight', altKey: true });
		await waitFor(() => expect(commands.agendaStepItem).toHaveBeenLastCalledWith('i2', 'indent'));
		await fireEvent.keyDown(row('i12'), { key: 'ArrowLeft', altKey: true });
		await waitFor(() => expect(commands.agendaStepItem).toHaveBeenLastCalledWith('i12', 'outdent'));
		// Without Alt, arrows are left alone.
		await fireEvent.keyDown(row('i2'), { key: 'ArrowUp' });
		await fireEvent.click(within(row('i2')).getByTestId('move-down'));
		await waitFor(() => expect(commands.agendaStepItem).toHaveBeenLastCalledWith('i2', 'down'));
		expect(commands.agendaStepItem).toHaveBeenCalledTimes(3);
	});

	it('drops a dragged item at the (parent, position) under the pointer', async () => {
		commands.agendaMoveItem.mockResolvedValue(agenda());
		render(AgendaBuilder, { session: session() });
		await screen.findAllByTestId('agenda-item');
		const data = { setData: vi.fn(), getData: () => 'i3', effectAllowed: '', dropEffect: '' };
		const target = row('i1');
		target.getBoundingClientRect = () => ({ top: 100, height: 40, bottom: 140, left: 0, right: 500, width: 500, x: 0, y: 100, toJSON: () => ({}) });

		// Onto the middle of "1 Apertura": becomes its last sub-item (1.3).
		await fireEvent.dragStart(row('i3'), { dataTransfer: data });
		await fireEvent.dragOver(target, { dataTransfer: data, clientY: 120 });
		expect(target.className).toContain('over-inside');
		await fireEvent.drop(target, { dataTransfer: data, clientY: 120 });
		await waitFor(() => expect(commands.agendaMoveItem).toHaveBeenCalledWith('i3', 'i1', 2));

		// Onto the top edge of "1 Apertura": becomes item 1.
		await fireEvent.dragStart(row('i3'), { dataTransfer: data });
		await fireEvent.dragOver(target, { dataTransfer: data, clientY: 102 });
		expect(target.className).toContain('over-before');
		await fireEvent.drop(target, { dataTransfer: data, clientY: 102 });
		await waitFor(() => expect(commands.agendaMoveItem).toHaveBeenLastCalledWith('i3', null, 0));
	});

	it('approves the agenda after confirmation', async () => {
		commands.agendaApprove.mockResolvedValue(agenda({ status: 'approved', approved_at: '2026-03-01T10:00:00Z' }));
		render(AgendaBuilder, { session: session() });
		await screen.findAllByTestId('agenda-item');
		await fireEvent.click(screen.getByTestId('approve-agenda'));
		expect(commands.agendaApprove).not.toHaveBeenCalled();
		await fireEvent.click(await screen.findByTestId('confirm'));
		await waitFor(() => expect(commands.agendaApprove).toHaveBeenCalledWith('s1'));
		await waitFor(() => expect(screen.getByTestId('agenda-status')).toHaveTextContent('Aprobado'));
		expect(screen.queryByTestId('approve-agenda')).toBeNull();
	});

	it('adds an item with a title per working language and marks the field the core refuses', async () => {
		commands.agendaAddItem.mockRejectedValueOnce({ code: 'too_long', message: 'title_en is too long', field: 'title_en' });
		commands.agendaAddItem.mockResolvedValueOnce(agenda());
		render(AgendaBuilder, { session: session() });
		await screen.findAllByTestId('agenda-item');
		await fireEvent.click(screen.getByTestId('add-item'));
		const form = await screen.findByTestId('item-form');
		const user = userEvent.setup();
		await user.type(form.querySelector('[name="title_es"]')!, 'Informe del Contralor');
		await user.type(form.querySelector('[name="title_en"]')!, 'Comptroller’s report');
		expect(form.querySelector('[name="title_pt"]')).toBeNull(); // not a working language of this session
		await user.click(within(form).getByTestId('save-item'));
		await waitFor(() => expect(form.querySelector('[name="title_en"]')).toHaveAttribute('aria-invalid', 'true'));
		expect(commands.agendaAddItem).toHaveBeenCalledWith('s1', null, null, {
			kind: 'information',
			presenter: '',
			duration_minutes: 15,
			titles: { es: 'Informe del Contralor', en: 'Comptroller’s report' },
			notes: {}
		});
		await user.click(within(form).getByTestId('save-item'));
		await waitFor(() => expect(commands.agendaAddItem).toHaveBeenCalledTimes(2));
	});

	it('attaches a file picked in the system dialog with a title', async () => {
		dialog.open.mockResolvedValue('/home/jo/Documentos/Informe financiero 2025.pdf');
		commands.attachmentAdd.mockResolvedValue(agenda());
		render(AgendaBuilder, { session: session() });
		await screen.findAllByTestId('agenda-item');
		await fireEvent.click(within(row('i2')).getByTestId('attach'));
		const form = await screen.findByTestId('attach-form');
		expect(form.querySelector('[name="title"]')).toHaveValue('Informe financiero 2025');
		await fireEvent.click(within(form).getByTestId('save-attachment'));
		await waitFor(() =>
			expect(commands.attachmentAdd).toHaveBeenCalledWith('i2', { title: 'Informe financiero 2025', path: '/home/jo/Documentos/Informe financiero 2025.pdf' })
		);
	});

	it('shows the agenda read-only once the session was held', async () => {
		render(AgendaBuilder, { session: session({ status: 'held' }) });
		await screen.findAllByTestId('agenda-item');
		expect(screen.queryByTestId('add-item')).toBeNull();
		expect(screen.queryByTestId('move-up')).toBeNull();
		expect(row('i1')).not.toHaveAttribute('draggable');
	});
});
