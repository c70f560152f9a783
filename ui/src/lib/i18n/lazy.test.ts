// Only Spanish is bundled with the first screen; the other languages load when chosen
// (issue 9). A fresh copy of the module shows what the app sees on a new start.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { get } from 'svelte/store';

type I18n = typeof import('./index');
type SvelteI18n = typeof import('svelte-i18n');

async function fresh(): Promise<{ i18n: I18n; lib: SvelteI18n }> {
	vi.resetModules();
	const lib = await import('svelte-i18n');
	const i18n = await import('./index');
	return { i18n, lib };
}

describe('languages loaded on demand', () => {
	beforeEach(() => localStorage.clear());
	afterEach(() => localStorage.clear());

	it('start in Spanish at once and switch to the language last used here once it has loaded', async () => {
		localStorage.setItem('despacho.language', 'fr');
		const { i18n, lib } = await fresh();
		const ready = i18n.setupI18n();
		// Before the French messages arrive the UI can already render (in Spanish).
		expect(get(lib.locale)).toBe('es');
		expect(get(lib._)('app.retry')).toBe(i18n.SPANISH.app && (i18n.SPANISH.app as Record<string, string>).retry);
		await ready;
		await i18n.languageReady();
		expect(get(lib.locale)).toBe('fr');
		expect(document.documentElement.lang).toBe('fr');
		const french = await i18n.messagesOf('fr');
		expect(get(lib._)('app.retry')).toBe((french.app as Record<string, string>).retry);
		expect(get(lib._)('app.retry')).not.toBe((i18n.SPANISH.app as Record<string, string>).retry);
	});

	it('let the last of two overlapping switches win, whichever loads first', async () => {
		const { i18n, lib } = await fresh();
		await i18n.setupI18n('es');
		const toEnglish = i18n.setLocale('en');
		const toPortuguese = i18n.setLocale('pt');
		await Promise.all([toPortuguese, toEnglish]);
		expect(get(lib.locale)).toBe('pt');
		expect(localStorage.getItem('despacho.language')).toBe('pt');
		// Back to a language already loaded: at once, before the promise is awaited.
		void i18n.setLocale('en');
		expect(get(lib.locale)).toBe('en');
		void i18n.setLocale('es');
		expect(get(lib.locale)).toBe('es');
	});

	it('load a language once, with every domain file merged in', async () => {
		const { i18n } = await fresh();
		const first = i18n.messagesOf('pt');
		expect(i18n.messagesOf('pt')).toBe(first);
		const pt = await first;
		// The main file's and the domains' top-level keys are all there, the same as Spanish's.
		expect(Object.keys(pt).sort()).toEqual(Object.keys(i18n.SPANISH).sort());
	});
});
