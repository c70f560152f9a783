// The UI's translations (svelte-i18n). Spanish is the source language and the fallback: it is
// bundled with the app and ready at once. English, Portuguese and French are each their own
// chunk, loaded when first chosen (issue 9: the four dictionaries were ~430 kB of the start-up
// bundle, parsed before the first screen). The four hold the same keys (see i18n.test.ts).
// A domain may keep its messages apart, in `domains/<domain>/<lang>.json` (one top-level key
// per domain), so that screens built side by side do not edit the same file; they are merged
// here and checked together.
import { addMessages, init, locale, _ } from 'svelte-i18n';
import { get } from 'svelte/store';
import type { AppError, Language } from '$lib/ipc/bindings';
import es from './es.json';

type Messages = Record<string, unknown>;
type Loader = () => Promise<Messages>;

export const LANGUAGES: Language[] = ['es', 'en', 'pt', 'fr'];
const SPANISH_DOMAINS = import.meta.glob('./domains/*/es.json', { eager: true, import: 'default' }) as Record<
	string,
	Messages
>;
const MAIN_LOADERS: Record<Exclude<Language, 'es'>, Loader> = {
	en: () => import('./en.json').then((m) => m.default),
	pt: () => import('./pt.json').then((m) => m.default),
	fr: () => import('./fr.json').then((m) => m.default)
};
const DOMAIN_LOADERS = import.meta.glob(['./domains/*/en.json', './domains/*/pt.json', './domains/*/fr.json'], {
	import: 'default'
}) as Record<string, Loader>;

/** The main file's messages with every domain's file; a key defined twice is an error. */
function merged(main: Messages, domains: [string, Messages][]): Messages {
	const out: Messages = { ...main };
	for (const [path, messages] of domains) {
		for (const [key, value] of Object.entries(messages)) {
			if (key in out) throw new Error(`translation key '${key}' is defined twice (${path})`);
			out[key] = value;
		}
	}
	return out;
}

/** Spanish, the source and fallback language: always present. */
export const SPANISH: Messages = merged(es, Object.entries(SPANISH_DOMAINS));

const loading = new Map<Language, Promise<Messages>>([['es', Promise.resolve(SPANISH)]]);
/** Languages whose messages are registered with svelte-i18n (switching to them is immediate). */
const registered = new Set<Language>();

/** A language's messages (main file and every domain's), loaded once. */
export function messagesOf(lang: Language): Promise<Messages> {
	let pending = loading.get(lang);
	if (!pending) {
		const suffix = `/${lang}.json`;
		const domains = Object.entries(DOMAIN_LOADERS).filter(([path]) => path.endsWith(suffix));
		pending = Promise.all([
			MAIN_LOADERS[lang as Exclude<Language, 'es'>](),
			...domains.map(([path, load]) => load().then((m) => [path, m] as [string, Messages]))
		]).then(([main, ...parts]) => merged(main as Messages, parts as [string, Messages][]));
		// A failed load (it should not: the chunks are part of the app) may be tried again.
		pending.catch(() => loading.delete(lang));
		loading.set(lang, pending);
	}
	return pending;
}

async function register(lang: Language): Promise<void> {
	if (registered.has(lang)) return;
	addMessages(lang, (await messagesOf(lang)) as never);
	registered.add(lang);
}

/** Loads every language (tests, and the check that the four hold the same keys). */
export async function loadAllLanguages(): Promise<Record<Language, Messages>> {
	await Promise.all(LANGUAGES.map(register));
	const all = await Promise.all(LANGUAGES.map(messagesOf));
	return Object.fromEntries(LANGUAGES.map((l, i) => [l, all[i]])) as Record<Language, Messages>;
}

const STORAGE_KEY = 'despacho.language';

export function isLanguage(value: unknown): value is Language {
	return typeof value === 'string' && (LANGUAGES as string[]).includes(value);
}

let started = false;
/** The language last asked for: a slower load of an earlier choice must not win over it. */
let wanted: Language = 'es';

/**
 * Registers Spanish and picks the first language: `initial`, else the last one used on this
 * computer, else Spanish. Spanish is set at once; another language once its messages have
 * loaded (the returned promise), so that the first screen waits for it instead of flashing
 * Spanish.
 */
export function setupI18n(initial?: Language): Promise<void> {
	if (!started) {
		addMessages('es', SPANISH as never);
		registered.add('es');
		init({ fallbackLocale: 'es', initialLocale: 'es' });
		applyToDocument('es');
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
	firstLanguage = switchTo(first, false);
	return firstLanguage;
}

let firstLanguage: Promise<void> = Promise.resolve();

/** Resolves once the language chosen by the last `setupI18n` is loaded and set. */
export function languageReady(): Promise<void> {
	return firstLanguage;
}

function applyToDocument(lang: Language): void {
	if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

function switchTo(lang: Language, remember: boolean): Promise<void> {
	wanted = lang;
	const apply = () => {
		if (wanted !== lang) return;
		locale.set(lang);
		applyToDocument(lang);
		if (!remember) return;
		try {
			globalThis.localStorage?.setItem(STORAGE_KEY, lang);
		} catch {
			// ignore
		}
	};
	// A language already registered switches at once (before this returns).
	if (registered.has(lang)) {
		apply();
		return Promise.resolve();
	}
	return register(lang).then(apply);
}

/**
 * Switches the UI language (and remembers it on this computer for the sign-in screen): at once
 * when its messages are loaded, else as soon as they are. When two switches overlap, the last
 * one asked for wins.
 */
export function setLocale(lang: Language): Promise<void> {
	return switchTo(lang, true);
}

export function currentLocale(): Language {
	const l = get(locale);
	return isLanguage(l) ? l : 'es';
}

function has(key: string): boolean {
	let node: unknown = SPANISH;
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
