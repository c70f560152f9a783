import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from './csv';

describe('decodeUtf8', () => {
	it('reads UTF-8 text with accents', () => {
		const bytes = new TextEncoder().encode('name,acronym\nInstituto Nicaragüense,INSS\n');
		expect(decodeUtf8(bytes)).toBe('name,acronym\nInstituto Nicaragüense,INSS\n');
	});

	it('refuses Latin-1 bytes instead of guessing', () => {
		// "Nicaragüense" in ISO-8859-1: ü is the single byte 0xFC.
		const latin1 = Uint8Array.from([0x4e, 0x69, 0x63, 0x61, 0x72, 0x61, 0x67, 0xfc, 0x65, 0x6e, 0x73, 0x65]);
		expect(decodeUtf8(latin1)).toBeNull();
	});
});
