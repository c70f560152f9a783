import { beforeAll, describe, expect, it } from 'vitest';
import { getMessageFormatter } from 'svelte-i18n';
import { ERROR_CODES } from '$lib/ipc/call';
import { errorKey, LANGUAGES, loadAllLanguages } from './index';
import es from './es.json';

function flatten(node: unknown, prefix = ''): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
		const path = prefix ? `${prefix}.${key}` : key;
		if (value !== null && typeof value === 'object') Object.assign(out, flatten(value, path));
		else out[path] = value;
	}
	return out;
}

let flat: Record<string, Record<string, unknown>> = {};
beforeAll(async () => {
	const messages = await loadAllLanguages();
	flat = Object.fromEntries(LANGUAGES.map((l) => [l, flatten(messages[l])]));
});

describe('translations', () => {
	it('have exactly the same keys in es, en, pt and fr', () => {
		const source = Object.keys(flat.es).sort();
		expect(source.length).toBeGreaterThan(100);
		for (const lang of LANGUAGES) {
			expect(Object.keys(flat[lang]).sort(), `keys of ${lang}.json`).toEqual(source);
		}
	});

	it('have no empty or non-text values', () => {
		for (const lang of LANGUAGES) {
			for (const [key, value] of Object.entries(flat[lang])) {
				expect(typeof value, `${lang}: ${key}`).toBe('string');
				expect((value as string).trim(), `${lang}: ${key}`).not.toBe('');
			}
		}
	});

	it('are valid ICU messages that keep the placeholders of the Spanish source', () => {
		const placeholders = (s: string) => [...s.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]).sort();
		for (const lang of LANGUAGES) {
			for (const [key, value] of Object.entries(flat[lang])) {
				expect(() => getMessageFormatter(value as string, lang), `${lang}: ${key}`).not.toThrow();
				expect(placeholders(value as string), `${lang}: ${key}`).toEqual(placeholders(flat.es[key] as string));
			}
		}
	});

	it('translate every error code of the core', () => {
		expect(ERROR_CODES).toHaveLength(17);
		for (const code of ERROR_CODES) expect(flat.es[`errors.${code}`], code).toBeTypeOf('string');
	});

	it('name every role, category, status, subregion and audited operation', () => {
		const needed = [
			...['secretary_general', 'chief_of_staff', 'managing_finances', 'linking_cooperation', 'staff', 'auditor'].map(
				(r) => `roles.${r}`
			),
			...['titular', 'associate', 'adherent', 'linked'].map((c) => `categories.${c}`),
			...['active', 'suspended', 'withdrawn'].map((s) => `statuses.${s}`),
			...['1', '2', '3', '4', '5'].map((s) => `subregions.${s}`),
			...[
				'members.create',
				'members.update',
				'members.archive',
				'members.restore',
				'members.import',
				'contacts.create',
				'contacts.update',
				'contacts.delete',
				'users.create',
				'users.sign_in',
				'users.set_language',
				'demo.load'
			].map((op) => `audit.op.${op}`)
		];
		for (const key of needed) expect(flat.es[key], key).toBeTypeOf('string');
	});

	it('prefer a field-specific error message when there is one', () => {
		expect(errorKey({ code: 'duplicate', field: 'acronym' })).toBe('field_errors.acronym.duplicate');
		expect(errorKey({ code: 'required', field: 'acronym' })).toBe('errors.required');
		expect(errorKey({ code: 'storage' })).toBe('errors.storage');
		expect(es.field_errors.acronym.duplicate).toMatch(/siglas/);
	});
});
