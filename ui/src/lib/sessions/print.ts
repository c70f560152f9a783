// The printed documents of a session: every call to the core's print commands goes through
// here, so the panel does not care how they are wired.
import { commands, type Language, type PrintOptions, type PrintedDocument } from '$lib/ipc/bindings';

export type { PrintOptions, PrintedDocument };

export type DocumentKind = 'agenda' | 'annotated' | 'minutes' | 'dossier';
export const DOCUMENT_KINDS: DocumentKind[] = ['agenda', 'annotated', 'minutes', 'dossier'];

export const printing = {
	printAgenda: (sessionId: string, options: PrintOptions) => commands.printAgenda(sessionId, options),
	printMinutes: (sessionId: string) => commands.printMinutes(sessionId),
	printDossier: (sessionId: string, options: PrintOptions) => commands.printDossier(sessionId, options),
	/** Copies the rendered PDF to `destination` (chosen in the system's save dialog). */
	documentSave: (path: string, destination: string) => commands.documentSave(path, destination),
	/** Opens the PDF in the system's viewer. */
	documentOpen: (path: string) => commands.documentOpen(path),
	/** Sends the PDF to the system's printer. */
	documentPrint: (path: string) => commands.documentPrint(path)
};

/** The language choices of a session: each working language, then each pair (main first). */
export function languageChoices(languages: Language[]): Language[][] {
	const out: Language[][] = languages.map((l) => [l]);
	for (let i = 0; i < languages.length; i++) {
		for (let j = i + 1; j < languages.length; j++) out.push([languages[i], languages[j]]);
	}
	return out;
}

/** Base64 (as the core sends the PDF) to bytes. */
export function base64ToBytes(b64: string): Uint8Array {
	const bin = atob(b64);
	const bytes = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
	return bytes;
}
