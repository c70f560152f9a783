// The UI's translations (svelte-i18n). Spanish is the source language; the four files hold
// the same keys (see i18n.test.ts). The messages are small, so all four load synchronously.
// A domain may keep its messages apart, in `domains/<domain>/<lang>.json` (one top-level key
// per domain), so that screens built side by side do not edit the same file; they are merged
// here and checked together.
import { addMessages, init, locale, _ } from 'svelte-i18n';
import { get } from 'svelte/store';
import type { AppError, Language } from '$lib/ipc/bindings';
import es from './es.json';
import en from './en.json';
import pt from './pt.json';
import fr from './fr.json';

export const LANGUAGES: Language[] = ['es', 'en', 'pt', 'fr'];
const DOMAINS = import.meta.glob('./domains/*/*.json', { eager: true, import: 'default' }) as Record<
	string,
	Record<string, unknown>
>;

/** The main file's messages with every domain's file for `lang`; a key defined twice is an error. */
function merged(lang: Language, main: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = { ...main };
	for (const [path, messages] of Object.entries(DOMAINS)) {
		if (!path.endsWith(`/${lang}.json`)) continue;
		for (const [key, value] of Object.entries(messages)) {
			if (key in out) throw new Error(`translation key '${key}' is defined twice (${path})`);
			out[key] = value;
		}
	}
	return out;
}

export const MESSAGES: Record<Language, Record<string, unknown>> = {
	es: merged('es', es),
	en: merged('en', en),
	pt: merged('pt', pt),
	fr: merged('fr', fr)
};
const STORAGE_KEY = 'despacho.language';

export function isLanguage(value: unknown): value is Language {
	return typeof value === 'string' && (LANGUAGES as string[]).includes(value);
}

let started = false;

/** Registers the messages and picks the first language: the last one used on this computer, else Spanish. */
export function setupI18n(initial?: Language): void {
	if (!started) {
		for (const lang of LANGUAGES) addMessages(lang, MESSAGES[lang] as never);
		started = true;
	}
	let first: Language = initial ?? 'es';
	if (!initial) {
		try {
			const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
			if (isLanguage(saved)) first = saved;
		} catch {
			// no storage: keep Spanish
		}
	}
	init({ fallbackLocale: 'es', initialLocale: first });
	applyToDocument(first);
}

function applyToDocument(lang: Language): void {
	if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** Switches the UI language at once (and remembers it on this computer for the sign-in screen). */
export function setLocale(lang: Language): void {
	locale.set(lang);
	applyToDocument(lang);
	try {
		globalThis.localStorage?.setItem(STORAGE_KEY, lang);
	} catch {
		// ignore
	}
}

export function currentLocale(): Language {
	const l = get(locale);
	return isLanguage(l) ? l : 'es';
}

function has(key: string): boolean {
	let node: unknown = MESSAGES.es;
	for (const part of key.split('.')) {
		if (node === null || typeof node !== 'object' || !(part in node)) return false;
		node = (node as Record<string, unknown>)[part];
	}
	return typeof node === 'string';
}

/**
 * The translation key for an error: a field-specific message where one exists
 * (`field_errors.<field>.<code>`), else the message of its code (`errors.<code>`).
 */
export function errorKey(error: Pick<AppError, 'code' | 'field'>): string {
	if (error.field) {
		const specific = `field_errors.${error.field}.${error.code}`;
		if (has(specific)) return specific;
	}
	return `errors.${error.code}`;
}

/** Translates an error in the current language (for code outside components). */
export function errorText(error: Pick<AppError, 'code' | 'field'>): string {
	return get(_)(errorKey(error));
}

export { has as hasMessage };
