import { render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ComplianceAttention, Occurrence, User } from '$lib/ipc/bindings';
import { session } from '$lib/session/session.svelte';
import { notices } from '$lib/ui/notices.svelte';

const { commands } = vi.hoisted(() => ({ commands: { complianceAttention: vi.fn(), desktopNotify: vi.fn() } }));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
const where = vi.hoisted(() => ({ page: { url: new URL('http://localhost/') } }));
vi.mock('$app/state', () => where);

import AttentionNotice from './AttentionNotice.svelte';
import { attentionText, notifyComplianceAttention, resetComplianceAttention } from './attention';

const STAFF: User = { id: 'u1', username: 'ana', full_name: 'Ana', role: 'staff', is_admin: false, language: 'es' };

const LATE = {
	id: 'v:o1:2026-03-31',
	obligation_title: 'Estados financieros auditados',
	due_on: '2026-03-31',
	overdue: true,
	days_left: -4
} as Occurrence;
const SOON = { id: 'v:o2:2026-04-20', obligation_title: 'Informe al Comité Permanente', due_on: '2026-04-20', overdue: false, days_left: 16 } as Occurrence;

function attention(over: Partial<ComplianceAttention> = {}): ComplianceAttention {
	return { today: '2026-04-04', within_days: 30, overdue_count: 2, due_soon_count: 3, overdue: [LATE], due_soon: [SOON], ...over };
}

describe('the compliance reminder at start', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		resetComplianceAttention();
		notices.clear();
		session.user = STAFF;
	});

	it('asks what is overdue or due within 30 days and sends the counts to the desktop', async () => {
		commands.complianceAttention.mockResolvedValue(attention());
		const found = await notifyComplianceAttention();
		expect(commands.complianceAttention).toHaveBeenCalledWith(30);
		expect(found?.overdue_count).toBe(2);
		// The sentence goes to the desktop, under the app's title; the app shows it in AttentionNotice.
		expect(notices.items).toHaveLength(0);
		expect(commands.desktopNotify).toHaveBeenCalledWith(
			'Despacho — cumplimiento normativo',
			'2 obligaciones vencidas y 3 por vencer en los próximos 30 días.'
		);
	});

	it('still gives the app what to show when the desktop notification is refused', async () => {
		commands.complianceAttention.mockResolvedValue(attention());
		commands.desktopNotify.mockRejectedValue({ code: 'too_long', message: 'body', field: 'body' });
		expect((await notifyComplianceAttention())?.due_soon_count).toBe(3);
	});

	it('asks only once per app start for the same user', async () => {
		commands.complianceAttention.mockResolvedValue(attention());
		await notifyComplianceAttention();
		expect(await notifyComplianceAttention()).toBeNull();
		expect(commands.complianceAttention).toHaveBeenCalledTimes(1);
		expect(commands.desktopNotify).toHaveBeenCalledTimes(1);
		// Another user signing in on the same run is told too.
		session.user = { ...STAFF, id: 'u2' };
		await notifyComplianceAttention();
		expect(commands.complianceAttention).toHaveBeenCalledTimes(2);
	});

	it('says nothing when nothing is overdue or due soon, when no one is signed in, or when the question fails', async () => {
		commands.complianceAttention.mockResolvedValueOnce(attention({ overdue_count: 0, due_soon_count: 0, overdue: [], due_soon: [] }));
		expect(await notifyComplianceAttention()).toBeNull();
		resetComplianceAttention();
		commands.complianceAttention.mockRejectedValueOnce({ code: 'storage', message: 'disk' });
		expect(await notifyComplianceAttention()).toBeNull();
		session.user = null;
		resetComplianceAttention();
		expect(await notifyComplianceAttention()).toBeNull();
		expect(commands.complianceAttention).toHaveBeenCalledTimes(2);
		expect(notices.items).toHaveLength(0);
		expect(commands.desktopNotify).not.toHaveBeenCalled();
	});

	it('counts in the singular, and nothing overdue', async () => {
		commands.complianceAttention.mockResolvedValue(attention({ overdue_count: 0, due_soon_count: 1, overdue: [] }));
		const found = await notifyComplianceAttention();
		expect(attentionText(found!)).toBe('Nada vencido y 1 por vencer en los próximos 30 días.');
		expect(commands.desktopNotify).toHaveBeenCalledWith(expect.any(String), 'Nada vencido y 1 por vencer en los próximos 30 días.');
	});

	it('the notice component links to the compliance screen and to the first occurrences', async () => {
		commands.complianceAttention.mockResolvedValue(attention());
		render(AttentionNotice);
		const box = await screen.findByTestId('compliance-attention');
		expect(box).toHaveTextContent('2 obligaciones vencidas y 3 por vencer en los próximos 30 días.');
		expect(screen.getByTestId('compliance-attention-link')).toHaveAttribute('href', '/compliance?tab=due');
		expect(screen.getByRole('link', { name: 'Estados financieros auditados' })).toHaveAttribute(
			'href',
			'/compliance?tab=due&id=v%3Ao1%3A2026-03-31'
		);
		expect(box).toHaveTextContent('31 de marzo de 2026');
		screen.getByRole('button', { name: 'Cerrar aviso' }).click();
		await waitFor(() => expect(screen.queryByTestId('compliance-attention')).toBeNull());
	});

	it('the component shows nothing when nothing needs attention', async () => {
		commands.complianceAttention.mockResolvedValue(attention({ overdue_count: 0, due_soon_count: 0, overdue: [], due_soon: [] }));
		render(AttentionNotice);
		await waitFor(() => expect(commands.complianceAttention).toHaveBeenCalled());
		expect(screen.queryByTestId('compliance-attention')).toBeNull();
	});
});
