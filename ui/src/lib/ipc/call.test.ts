import { describe, expect, it } from 'vitest';
import { call, toAppError } from './call';

describe('toAppError', () => {
	it('keeps an AppError from the core as it is', () => {
		expect(toAppError({ code: 'duplicate', message: 'MX already has IMSS', field: 'acronym' })).toEqual({
			code: 'duplicate',
			message: 'MX already has IMSS',
			field: 'acronym'
		});
		expect(toAppError({ code: 'not_found', message: 'gone' })).toEqual({ code: 'not_found', message: 'gone' });
	});

	it('drops an empty or null field', () => {
		expect(toAppError({ code: 'storage', message: 'disk', field: null })).toEqual({ code: 'storage', message: 'disk' });
	});

	it('turns a framework string into an internal error', () => {
		expect(toAppError('command members_foo not found')).toEqual({
			code: 'internal',
			message: 'command members_foo not found'
		});
	});

	it('turns an Error into an internal error', () => {
		expect(toAppError(new TypeError("Cannot read properties of undefined (reading 'invoke')"))).toEqual({
			code: 'internal',
			message: "Cannot read properties of undefined (reading 'invoke')"
		});
	});

	it('does not trust an unknown code', () => {
		const e = toAppError({ code: 'exploded', message: 'x' });
		expect(e.code).toBe('internal');
		expect(e.message).toContain('exploded');
	});

	it('copes with anything else', () => {
		expect(toAppError(undefined)).toEqual({ code: 'internal', message: 'undefined' });
		expect(toAppError(42)).toEqual({ code: 'internal', message: '42' });
		expect(toAppError(null).code).toBe('internal');
	});
});

describe('call', () => {
	it('returns the value of a command', async () => {
		await expect(call(async () => 7)).resolves.toBe(7);
	});

	it('rethrows any failure as an AppError', async () => {
		await expect(
			call(async () => {
				throw 'boom';
			})
		).rejects.toEqual({ code: 'internal', message: 'boom' });
		await expect(
			call(async () => {
				throw { code: 'forbidden', message: 'no' };
			})
		).rejects.toEqual({ code: 'forbidden', message: 'no' });
	});
});
