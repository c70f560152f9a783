import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Agreement, User } from '$lib/ipc/bindings';
import { session } from '$lib/session/session.svelte';
import { noticeDays } from './options';

const { commands } = vi.hoisted(() => ({
	commands: {
		agreementsList: vi.fn(),
		agreementGet: vi.fn(),
		agreementCreate: vi.fn(),
		agreementUpdate: vi.fn(),
		agreementSetStatus: vi.fn(),
		membersList: vi.fn()
	}
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('$app/navigation', () => ({ goto: vi.fn() }));

import AgreementsTab from './AgreementsTab.svelte';

const LINKING: User = {
	id: 'u1',
	username: 'vinculacion',
	full_name: 'Vinculación',
	role: 'linking_cooperation',
	is_admin: false,
	language: 'es'
};

const SAVED: Agreement = {
	id: 'a1',
	member_id: null,
	member_acronym: null,
	counterpart_name: 'OISS',
	counterpart: 'OISS',
	subject: 'Cooperación en formación',
	signed_on: null,
	valid_from: '2026-01-01',
	valid_to: '2028-12-31',
	notice_days: 90,
	notice_date: '2028-10-02',
	renewal_date: null,
	status: 'draft',
	notes: '',
	document_count: 0,
	updated_at: '2026-11-28T00:00:00Z'
};

describe('agreements', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = LINKING;
		commands.agreementsList.mockResolvedValue([]);
		commands.membersList.mockResolvedValue([]);
	});

	it('reads the days of notice as a whole number or nothing', () => {
		expect(noticeDays('')).toBeNull();
		expect(noticeDays(' 90 ')).toBe(90);
		expect(noticeDays('-3')).toBe('invalid');
		expect(noticeDays('2.5')).toBe('invalid');
		expect(noticeDays('70000')).toBe('invalid');
	});

	it('records a new agreement with another organization and shows the core refusing a date', async () => {
		render(AgreementsTab, { workflows: null });
		await fireEvent.click(await screen.findByTestId('agreement-new'));
		await fireEvent.input(screen.getByTestId('agreement-counterpart'), { target: { value: 'OISS' } });
		await fireEvent.input(screen.getByTestId('agreement-subject'), { target: { value: 'Cooperación en formación' } });
		await fireEvent.input(document.querySelector('[name="valid_from"]') as HTMLInputElement, { target: { value: '2029-01-01' } });
		await fireEvent.input(document.querySelector('[name="valid_to"]') as HTMLInputElement, { target: { value: '2028-12-31' } });
		await fireEvent.input(document.querySelector('[name="notice_days"]') as HTMLInputElement, { target: { value: '90' } });
		commands.agreementCreate.mockRejectedValueOnce({ code: 'invalid_value', message: 'ends before it starts', field: 'valid_to' });
		await fireEvent.click(screen.getByTestId('agreement-save'));
		await waitFor(() => expect(commands.agreementCreate).toHaveBeenCalledTimes(1));
		expect(commands.agreementCreate).toHaveBeenCalledWith({
			member_id: null,
			counterpart_name: 'OISS',
			subject: 'Cooperación en formación',
			signed_on: null,
			valid_from: '2029-01-01',
			valid_to: '2028-12-31',
			notice_days: 90,
			renewal_date: null,
			notes: ''
		});
		const field = document.querySelector('[name="valid_to"]') as HTMLInputElement;
		await waitFor(() => expect(field).toHaveAttribute('aria-invalid', 'true'));

		await fireEvent.input(document.querySelector('[name="valid_from"]') as HTMLInputElement, { target: { value: '2026-01-01' } });
		commands.agreementCreate.mockResolvedValueOnce(SAVED);
		commands.agreementsList.mockResolvedValue([SAVED]);
		await fireEvent.click(screen.getByTestId('agreement-save'));
		await waitFor(() => expect(commands.agreementCreate).toHaveBeenCalledTimes(2));
		expect(await screen.findByText('Cooperación en formación')).toBeInTheDocument();
	});

	it('asks for a subject and a counterpart before calling the core', async () => {
		render(AgreementsTab, { workflows: null });
		await fireEvent.click(await screen.findByTestId('agreement-new'));
		await fireEvent.click(screen.getByTestId('agreement-save'));
		expect(commands.agreementCreate).not.toHaveBeenCalled();
		expect(screen.getByTestId('agreement-subject')).toHaveAttribute('aria-invalid', 'true');
		expect(screen.getByTestId('agreement-counterpart')).toHaveAttribute('aria-invalid', 'true');
	});

	it('offers nothing to record to a role that may not', async () => {
		session.user = { ...LINKING, role: 'managing_finances' };
		render(AgreementsTab, { workflows: null });
		await screen.findByTestId('agreements-empty');
		expect(screen.queryByTestId('agreement-new')).toBeNull();
	});
});
