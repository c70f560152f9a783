/** Reads a file's bytes as strict UTF-8: text in another encoding is refused, never guessed. */
export function decodeUtf8(buffer: ArrayBuffer | Uint8Array): string | null {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
	} catch {
		return null;
	}
}
