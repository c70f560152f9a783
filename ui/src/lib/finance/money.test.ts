import { describe, expect, it } from 'vitest';
import {
	addDecimal,
	compareDecimal,
	formatAccounting,
	formatAmount,
	formatMoney,
	formatPercent,
	isNegative,
	isZero,
	normalizeAmount,
	percentToRatio,
	ratioToPercent,
	subtractDecimal,
	sumDecimals
} from './money';

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

describe('percentages typed in the UI', () => {
	it('become decimal ratio strings by moving the point', () => {
		expect(percentToRatio('4.5', 'en')).toBe('0.045');
		expect(percentToRatio('4,5', 'es-ES')).toBe('0.045');
		expect(percentToRatio('-1.25', 'en')).toBe('-0.0125');
		expect(percentToRatio('100', 'en')).toBe('1');
		expect(percentToRatio('0.5', 'en')).toBe('0.005');
		expect(percentToRatio('0', 'en')).toBe('0');
		expect(percentToRatio('-0', 'en')).toBe('0');
		expect(percentToRatio('12.3456789012345678901', 'en')).toBe('0.123456789012345678901');
	});

	it('refuse what is empty or not a number', () => {
		expect(percentToRatio('', 'en')).toBeNull();
		expect(percentToRatio('   ', 'en')).toBeNull();
		expect(percentToRatio('abc', 'en')).toBeNull();
		expect(percentToRatio('4.5%', 'en')).toBeNull();
	});

	it('show ratios back as percentages', () => {
		expect(ratioToPercent('0.045')).toBe('4.5');
		expect(ratioToPercent('1')).toBe('100');
		expect(ratioToPercent('-0.0125')).toBe('-1.25');
		expect(ratioToPercent('0.0000')).toBe('0');
		expect(ratioToPercent('0.95')).toBe('95');
	});

	it('compare decimal strings exactly', () => {
		expect(compareDecimal('10.00', '9.99')).toBe(1);
		expect(compareDecimal('-10', '-9.5')).toBe(-1);
		expect(compareDecimal('0.10', '0.1')).toBe(0);
		expect(compareDecimal('-0.01', '0')).toBe(-1);
		expect(compareDecimal('12345678901234567.11', '12345678901234567.10')).toBe(1);
		expect(isZero('0.00')).toBe(true);
		expect(isZero('-0.01')).toBe(false);
	});
});

describe('exact decimal sums', () => {
	it('add decimal strings without floats', () => {
		expect(addDecimal('0.10', '0.20')).toBe('0.30');
		expect(addDecimal('0.1', '0.2')).toBe('0.3');
		expect(sumDecimals(['0.10', '0.20', '0.30'])).toBe('0.60');
		expect(addDecimal('12345678901234567.11', '0.89')).toBe('12345678901234568.00');
		expect(addDecimal('999.99', '0.01')).toBe('1000.00');
	});

	it('add negatives and cross zero', () => {
		expect(addDecimal('-1.50', '1.50')).toBe('0.00');
		expect(addDecimal('1.5', '-0.25')).toBe('1.25');
		expect(addDecimal('0.25', '-1.5')).toBe('-1.25');
		expect(addDecimal('-0.10', '-0.20')).toBe('-0.30');
		expect(subtractDecimal('100.00', '100')).toBe('0.00');
		expect(subtractDecimal('50', '75.5')).toBe('-25.5');
	});

	it('keep the larger scale and count empty as zero', () => {
		expect(addDecimal('1', '0.005')).toBe('1.005');
		expect(addDecimal('10.5', '2.25')).toBe('12.75');
		expect(addDecimal('', '3.40')).toBe('3.40');
		expect(sumDecimals([])).toBe('0');
		expect(sumDecimals(['1', '', '2.00'])).toBe('3.00');
	});

	it('refuse what is not a decimal string', () => {
		expect(addDecimal('1,5', '1')).toBeNull();
		expect(sumDecimals(['1', 'abc'])).toBeNull();
	});

	it('show negatives in parentheses like the printed statements', () => {
		expect(formatAccounting('-1234.5', 'en')).toBe('(1,234.50)');
		expect(formatAccounting('1234.5', 'en')).toBe('1,234.50');
		expect(formatAccounting('-0.00', 'en')).toBe('0.00');
	});
});
