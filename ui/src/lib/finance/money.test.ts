import { describe, expect, it } from 'vitest';
import { formatAmount, formatMoney, formatPercent, isNegative, normalizeAmount } from './money';

describe('money in the UI', () => {
	it('formats decimal strings exactly, beyond what a float can hold', () => {
		expect(formatAmount('12345678901234567.11', 'en')).toBe('12,345,678,901,234,567.11');
		expect(formatAmount('0.1', 'en')).toBe('0.10');
		expect(formatAmount('-1234567.5', 'es')).toBe('-1,234,567.50');
	});

	it('formats per locale with the currency', () => {
		expect(formatMoney('1234.5', 'USD', 'en')).toBe('$1,234.50');
		expect(formatMoney('-1234.5', 'USD', 'fr').replace(/\s/g, ' ')).toBe('-1 234,50 $US');
		expect(formatMoney('not a number', 'USD', 'en')).toBe('not a number');
	});

	it('formats ratios as percentages', () => {
		expect(formatPercent('0.045', 'en')).toBe('4.5%');
	});

	it('normalizes what the user typed in the locale', () => {
		expect(normalizeAmount('1.234,50', 'es-ES')).toBe('1234.50');
		expect(normalizeAmount('1,234.50', 'en')).toBe('1234.50');
		expect(normalizeAmount('1 234,50', 'fr')).toBe('1234.50');
		expect(normalizeAmount(' 1234.50 ', 'es')).toBe('1234.50');
		expect(normalizeAmount('1,234.50', 'es')).toBe('1234.50');
		expect(normalizeAmount('12abc', 'en')).toBe('12abc');
		expect(normalizeAmount('', 'en')).toBe('');
	});

	it('tells the sign without a float', () => {
		expect(isNegative('-0.01')).toBe(true);
		expect(isNegative('-0.00')).toBe(false);
		expect(isNegative('3')).toBe(false);
	});
});
