import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, countryName, countryOptions } from './countries';

describe('countries', () => {
	it('are the 249 codes the core accepts', () => {
		const rust = readFileSync(
			// Vitest runs in ui/; the core's list is the authority.
			resolve(process.cwd(), '../crates/despacho-core/src/countries.rs'),
			'utf8'
		);
		const list = rust.split('pub const CODES')[1].split('];')[0];
		const codes = [...list.matchAll(/"([A-Z]{2})"/g)].map((m) => m[1]);
		expect(codes).toHaveLength(249);
		expect([...COUNTRY_CODES]).toEqual(codes);
	});

	it('are named in the UI language', () => {
		expect(countryName('MX', 'es')).toBe('México');
		expect(countryName('US', 'fr')).toBe('États-Unis');
		expect(countryName('BR', 'pt')).toBe('Brasil');
	});

	it('are sorted by their localized name', () => {
		const options = countryOptions('es');
		expect(options).toHaveLength(249);
		const names = options.map((o) => o.name);
		expect(names).toEqual([...names].sort(new Intl.Collator('es').compare));
		// "Alemania" (DE) comes before "Argentina" (AR) in Spanish, unlike the codes.
		expect(names.indexOf('Alemania')).toBeLessThan(names.indexOf('Argentina'));
	});
});
