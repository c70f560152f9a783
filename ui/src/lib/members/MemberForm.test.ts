import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Member } from '$lib/ipc/bindings';

const { commands, goto } = vi.hoisted(() => ({
	commands: {
		memberCreate: vi.fn(),
		memberUpdate: vi.fn(),
		memberGet: vi.fn()
	},
	goto: vi.fn()
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('$app/navigation', () => ({ goto }));

import MemberForm from './MemberForm.svelte';

const IMSS: Member = {
	id: '0190-imss',
	name: 'Instituto Mexicano del Seguro Social',
	acronym: 'IMSS',
	country: 'MX',
	category: 'titular',
	subregion: 5,
	admission_date: '1943-01-19',
	status: 'active',
	website: 'https://www.imss.gob.mx',
	email: null,
	notes: '',
	archived: false,
	contact_count: 0,
	created_at: '2025-01-01T00:00:00Z',
	updated_at: '2025-01-01T00:00:00Z'
};

function field(name: string): HTMLInputElement | HTMLSelectElement {
	const el = document.querySelector(`[name="${name}"]`);
	if (!el) throw new Error(`no field named ${name}`);
	return el as HTMLInputElement;
}

async function fillRequired() {
	const user = userEvent.setup();
	await user.type(field('name') as HTMLInputElement, 'Instituto Mexicano del Seguro Social');
	await user.type(field('acronym') as HTMLInputElement, 'IMSS');
	await fireEvent.change(field('country'), { target: { value: 'MX' } });
	await fireEvent.change(field('category'), { target: { value: 'titular' } });
	return user;
}

describe('MemberForm', () => {
	beforeEach(() => {
		vi.clearAllMocks();
	});

	it('shows a field error from the core under that field, focuses it and keeps the input', async () => {
		commands.memberCreate.mockRejectedValue({
			code: 'duplicate',
			message: 'MX already has a member with the acronym IMSS (Instituto Mexicano del Seguro Social)',
			field: 'acronym'
		});
		render(MemberForm);
		const user = await fillRequired();
		await user.click(screen.getByTestId('save-member'));

		const message = await screen.findByTestId('error-acronym');
		expect(message).toHaveTextContent('Ya hay una institución con estas siglas en este país.');
		const acronym = field('acronym');
		expect(acronym).toHaveAttribute('aria-invalid', 'true');
		expect(acronym.getAttribute('aria-describedby')).toBe(message.id);
		await waitFor(() => expect(acronym).toHaveFocus());
		// Only the field at fault is marked, and nothing the user typed is lost.
		expect(field('name')).not.toHaveAttribute('aria-invalid');
		expect(screen.queryByTestId('error-name')).toBeNull();
		expect(field('name')).toHaveValue('Instituto Mexicano del Seguro Social');
		expect(acronym).toHaveValue('IMSS');
		expect(goto).not.toHaveBeenCalled();
	});

	it('sends the input with the Rust field names and optional fields as null', async () => {
		commands.memberCreate.mockResolvedValue(IMSS);
		render(MemberForm);
		const user = await fillRequired();
		await fireEvent.change(field('subregion'), { target: { value: '5' } });
		await user.click(screen.getByTestId('save-member'));

		await waitFor(() => expect(commands.memberCreate).toHaveBeenCalledTimes(1));
		expect(commands.memberCreate).toHaveBeenCalledWith({
			name: 'Instituto Mexicano del Seguro Social',
			acronym: 'IMSS',
			country: 'MX',
			category: 'titular',
			subregion: 5,
			admission_date: null,
			status: 'active',
			website: null,
			email: null,
			notes: ''
		});
		await waitFor(() => expect(goto).toHaveBeenCalledWith('/members/view?id=0190-imss'));
	});

	it('checks required fields and the e-mail shape before calling the core', async () => {
		render(MemberForm);
		const user = userEvent.setup();
		await user.type(field('email') as HTMLInputElement, 'not-an-address');
		await user.click(screen.getByTestId('save-member'));

		expect(await screen.findByTestId('error-name')).toHaveTextContent('Este campo es obligatorio.');
		expect(screen.getByTestId('error-acronym')).toBeInTheDocument();
		expect(screen.getByTestId('error-country')).toBeInTheDocument();
		expect(screen.getByTestId('error-category')).toBeInTheDocument();
		expect(screen.getByTestId('error-email')).toHaveTextContent('correo');
		await waitFor(() => expect(field('name')).toHaveFocus());
		expect(commands.memberCreate).not.toHaveBeenCalled();
	});

	it('edits an existing member with memberUpdate', async () => {
		commands.memberGet.mockResolvedValue({ member: IMSS, contacts: [] });
		commands.memberUpdate.mockRejectedValue({
			code: 'invalid_value',
			message: 'the admission date is in the future',
			field: 'admission_date'
		});
		render(MemberForm, { id: IMSS.id });
		await waitFor(() => expect(field('name')).toHaveValue(IMSS.name));
		expect(field('admission_date')).toHaveValue('1943-01-19');
		await userEvent.setup().click(screen.getByTestId('save-member'));

		expect(await screen.findByTestId('error-admission_date')).toHaveTextContent('futura');
		expect(commands.memberUpdate).toHaveBeenCalledWith(IMSS.id, expect.objectContaining({ acronym: 'IMSS', subregion: 5 }));
		expect(field('admission_date')).toHaveAttribute('aria-invalid', 'true');
	});

	it('shows an error without a field as a banner', async () => {
		commands.memberCreate.mockRejectedValue({ code: 'forbidden', message: 'your role does not allow you to change member institutions' });
		render(MemberForm);
		const user = await fillRequired();
		await user.click(screen.getByTestId('save-member'));
		expect(await screen.findByTestId('error-banner')).toHaveTextContent('Su función no le permite realizar esta operación.');
	});
});
