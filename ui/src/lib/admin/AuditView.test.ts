import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditRecord, User } from '$lib/ipc/bindings';

const { commands } = vi.hoisted(() => ({
	commands: { auditSearch: vi.fn(), auditExport: vi.fn(), auditChainCheck: vi.fn(), usersList: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import { session } from '$lib/session/session.svelte';
import { notices } from '$lib/ui/notices.svelte';
import AuditView from './AuditView.svelte';

const AUDITOR: User = { id: 'u-aud', username: 'auditor', full_name: 'Auditora Externa', role: 'auditor', is_admin: false, language: 'es' };
const SG: User = { id: 'u-sg', username: 'sg', full_name: 'Secretaria General', role: 'secretary_general', is_admin: true, language: 'es' };

function row(seq: number): AuditRecord {
	return {
		seq,
		id: `a${seq}`,
		at: '2026-03-01T10:00:00Z',
		user_id: 'u-sg',
		user_name: 'sg',
		operation: 'members.update',
		entity: 'member',
		entity_id: `m${seq}`,
		summary: JSON.stringify({ name: '<img src=x onerror=alert(1)>', seq })
	};
}

function page(from: number, count: number, total: number) {
	return { entries: Array.from({ length: count }, (_, i) => row(total - from - i)), total };
}

describe('AuditView', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		commands.auditSearch.mockReset();
		notices.clear();
		session.user = AUDITOR;
	});

	/** The core's answer for a window: rows numbered from the newest (total) down. */
	function byOffset(total: number) {
		return async ({ limit, offset }: { limit: number; offset: number }) => page(offset, Math.max(0, Math.min(limit, total - offset)), total);
	}

	it('renders only the rows in view, fetches windows of 200 as it scrolls, and shows a summary as text', async () => {
		commands.auditSearch.mockImplementationOnce(byOffset(120)).mockResolvedValue(page(0, 1, 1));
		render(AuditView);
		await waitFor(() => expect(screen.getByTestId('audit-range')).toHaveTextContent('1–17 de 120 filas'));
		expect(commands.auditSearch).toHaveBeenLastCalledWith({
			user_id: null, operation: null, entity: null, entity_id: null, from: null, to: null, text: null, limit: 200, offset: 0
		});
		// An auditor may not list the accounts: the user filter is a text field.
		expect(commands.usersList).not.toHaveBeenCalled();
		expect(screen.getByTestId('audit-user').tagName).toBe('INPUT');
		// A screenful (17 rows of 36 px) and 8 more, not the 120 loaded.
		const table = screen.getByTestId('audit-table');
		expect(table).toHaveAttribute('aria-rowcount', '121');
		expect(within(table).getAllByRole('row')).toHaveLength(1 + 25);
		expect(screen.queryByTestId('audit-row-70')).toBeNull();
		expect(screen.getByTestId('audit-prev')).toBeDisabled();
		// The user's name is a button that filters by that user; cut like the other cells when
		// long, whole in its title.
		const user = within(screen.getByTestId('audit-row-120')).getByRole('button', { name: 'sg' });
		expect(user).toHaveAttribute('title', 'sg — Filtrar por este usuario');
		expect(user).toHaveClass('user');

		// Scrolling (here the next-page button and then the scroll bar) reveals later rows.
		await fireEvent.click(screen.getByTestId('audit-next'));
		await waitFor(() => expect(screen.getByTestId('audit-range')).toHaveTextContent('16–32 de 120 filas'));
		const viewport = screen.getByTestId('audit-table-viewport');
		viewport.scrollTop = 36 * 45;
		await fireEvent.scroll(viewport);
		await waitFor(() => expect(screen.getByTestId('audit-range')).toHaveTextContent('46–62 de 120 filas'));
		expect(screen.getByTestId('audit-row-70')).toHaveAttribute('aria-rowindex', String(120 - 70 + 2));
		// All 120 rows came in the first window.
		expect(commands.auditSearch).toHaveBeenCalledTimes(1);

		await fireEvent.click(screen.getByTestId('audit-expand-70'));
		const summary = screen.getByTestId('audit-summary-70');
		expect(summary.textContent).toContain('"name": "<img src=x onerror=alert(1)>"');
		expect(summary.querySelector('img')).toBeNull();
		expect(screen.getByTestId('audit-expand-70')).toHaveAttribute('aria-expanded', 'true');

		// A filter starts again from the top.
		await fireEvent.input(screen.getByTestId('audit-operation'), { target: { value: ' members. ' } });
		await fireEvent.click(screen.getByTestId('audit-search'));
		await waitFor(() =>
			expect(commands.auditSearch).toHaveBeenLastCalledWith(expect.objectContaining({ operation: 'members.', offset: 0 }))
		);
		await waitFor(() => expect(screen.getByTestId('audit-next')).toBeDisabled());
		expect(screen.queryByTestId('audit-summary-70')).toBeNull();
	});

	it('shows the first broken row of the chain in an alert, and the row count when it is intact', async () => {
		commands.auditSearch.mockResolvedValue(page(0, 2, 2));
		commands.auditChainCheck
			.mockResolvedValueOnce({
				rows: 812,
				ok: false,
				first_broken: { seq: 417, id: 'a417', at: '2026-02-01T09:00:00Z', operation: 'ledger.post', reason: 'the hash does not match the row' }
			})
			.mockResolvedValueOnce({ rows: 812, ok: true, first_broken: null });
		render(AuditView);
		await fireEvent.click(screen.getByTestId('audit-verify'));
		const alert = await screen.findByTestId('audit-chain-broken');
		expect(alert).toHaveAttribute('role', 'alert');
		expect(within(alert).getByTestId('broken-seq')).toHaveTextContent('417');
		expect(alert).toHaveTextContent('a417');
		expect(alert).toHaveTextContent('ledger.post');
		expect(alert).toHaveTextContent('the hash does not match the row');
		expect(screen.queryByTestId('audit-chain-ok')).toBeNull();

		await fireEvent.click(screen.getByTestId('audit-verify'));
		expect(await screen.findByTestId('audit-chain-ok')).toHaveTextContent('812 filas verificadas');
		expect(screen.queryByTestId('audit-chain-broken')).toBeNull();
	});

	it('offers the accounts as a list to an administrator and exports what matches', async () => {
		session.user = SG;
		commands.usersList.mockResolvedValue([SG, AUDITOR]);
		commands.auditSearch.mockResolvedValue(page(0, 2, 2));
		commands.auditExport.mockResolvedValue({ path: '/home/sg/Descargas/auditoria.csv', rows: 2 });
		render(AuditView);
		await waitFor(() => expect(screen.getByTestId('audit-user').tagName).toBe('SELECT'));
		await fireEvent.change(screen.getByTestId('audit-user'), { target: { value: 'u-aud' } });
		await waitFor(() => expect(commands.auditSearch).toHaveBeenLastCalledWith(expect.objectContaining({ user_id: 'u-aud', offset: 0 })));
		await fireEvent.click(screen.getByTestId('audit-export'));
		await waitFor(() => expect(notices.items.at(-1)?.text).toContain('/home/sg/Descargas/auditoria.csv'));
		expect(commands.auditExport).toHaveBeenCalledWith(expect.objectContaining({ user_id: 'u-aud', limit: 0, offset: 0 }));
	});
});
