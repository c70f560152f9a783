import { describe, expect, it } from 'vitest';
import { focusFirstError, routeError, withoutField, type FieldErrors } from './form';

describe('form errors', () => {
	const FIELDS = ['name', 'email'] as const;

	it('puts an error on the field it names, or in the banner', () => {
		expect(routeError({ code: 'invalid_format', message: 'x', field: 'email' }, FIELDS)).toEqual({
			errors: { email: { code: 'invalid_format', message: 'x', field: 'email' } },
			failure: null
		});
		const other = routeError({ code: 'duplicate', message: 'y', field: 'acronym' }, FIELDS);
		expect(other.errors).toEqual({});
		expect(other.failure?.code).toBe('duplicate');
		expect(routeError('boom', FIELDS).failure?.code).toBe('internal');
	});

	it('clears one field and keeps the object when there is nothing to clear', () => {
		const errors: FieldErrors<'name' | 'email'> = { name: { code: 'required', field: 'name' } };
		expect(withoutField(errors, 'name')).toEqual({});
		expect(withoutField(errors, 'email')).toBe(errors);
	});

	it('focuses the first field in error, in the form order', async () => {
		document.body.innerHTML = '<form><input name="name"><input name="email_input"></form>';
		const form = document.querySelector('form')!;
		await focusFirstError(form, FIELDS, { email: { code: 'required', field: 'email' } }, (f) => (f === 'email' ? 'email_input' : f));
		expect(document.activeElement?.getAttribute('name')).toBe('email_input');
	});
});
