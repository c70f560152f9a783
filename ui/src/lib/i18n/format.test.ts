import { describe, expect, it } from 'vitest';
import { dateFormatter, formatDate, formatDateTime, numberFormatter } from './format';

describe('dates and numbers per locale', () => {
	it('write a calendar date in full, or short for narrow columns, without shifting the day', () => {
		expect(formatDate('2024-01-15', 'es')).toBe('15 de enero de 2024');
		expect(formatDate('2024-01-15', 'es', 'medium')).toBe('15 ene 2024');
		expect(formatDate('2024-01-15', 'en', 'medium')).toBe('Jan 15, 2024');
		expect(formatDate('2024-12-31', 'fr', 'medium')).toBe('31 déc. 2024');
		// Not a calendar date: shown as it came; nothing: empty.
		expect(formatDate('15/01/2024', 'es')).toBe('15/01/2024');
		expect(formatDate(null, 'es')).toBe('');
		expect(formatDateTime('not a time', 'es')).toBe('not a time');
	});

	it('build each formatter once per locale and options', () => {
		expect(dateFormatter('pt', { dateStyle: 'medium' })).toBe(dateFormatter('pt', { dateStyle: 'medium' }));
		expect(dateFormatter('pt', { dateStyle: 'medium' })).not.toBe(dateFormatter('pt', { dateStyle: 'long' }));
		expect(dateFormatter('pt', { dateStyle: 'medium' })).not.toBe(dateFormatter('fr', { dateStyle: 'medium' }));
		expect(numberFormatter('en', { minimumFractionDigits: 2 })).toBe(numberFormatter('en', { minimumFractionDigits: 2 }));
		expect(numberFormatter('en').format(1234.5)).toBe('1,234.5');
	});
});
