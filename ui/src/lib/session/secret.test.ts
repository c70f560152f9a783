import { describe, expect, it } from 'vitest';
import { MIN_SECRET_CHARS, tooShort } from './secret';

describe('tooShort', () => {
	it('refuses eleven characters and takes twelve', () => {
		expect(MIN_SECRET_CHARS).toBe(12);
		expect(tooShort('a'.repeat(11))).toBe(true);
		expect(tooShort('a'.repeat(12))).toBe(false);
		expect(tooShort('')).toBe(true);
	});

	it('counts characters as the core does, not UTF-16 units', () => {
		// Eleven emoji are 22 UTF-16 units but eleven characters: still too short for the core.
		expect('😀'.repeat(11).length).toBe(22);
		expect(tooShort('😀'.repeat(11))).toBe(true);
		expect(tooShort('ñandú pingüi')).toBe(false);
		expect(tooShort('ñandú pingü')).toBe(true);
	});
});
