// Renders the first pages of a PDF into canvases with pdf.js (the legacy build, which also runs
// in older WebKitGTK). The worker is a file of the app (Vite `?url`), so the CSP's 'self' covers
// it; WebAssembly decoders are off and nothing is fetched, so connect-src stays as it is.
import workerUrl from 'pdfjs-dist/legacy/build/pdf.worker.min.mjs?url';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let lib: Promise<PdfJs> | null = null;

function pdfjs(): Promise<PdfJs> {
	if (!lib) {
		lib = import('pdfjs-dist/legacy/build/pdf.mjs').then((m) => {
			m.GlobalWorkerOptions.workerSrc = workerUrl;
			return m;
		});
	}
	return lib;
}

/** Draws up to `maxPages` pages of `data`, each into a new canvas appended to `container`. */
export async function renderPages(
	data: Uint8Array,
	container: HTMLElement,
	maxPages: number,
	label: (page: number, total: number) => string,
	width = 560
): Promise<number> {
	const m = await pdfjs();
	const task = m.getDocument({ data, isEvalSupported: false, useWasm: false, enableXfa: false });
	const doc = await task.promise;
	try {
		container.replaceChildren();
		const count = Math.min(doc.numPages, maxPages);
		for (let n = 1; n <= count; n++) {
			const page = await doc.getPage(n);
			const base = page.getViewport({ scale: 1 });
			const scale = width / base.width;
			const ratio = globalThis.devicePixelRatio || 1;
			const viewport = page.getViewport({ scale: scale * ratio });
			const canvas = document.createElement('canvas');
			canvas.width = Math.floor(viewport.width);
			canvas.height = Math.floor(viewport.height);
			canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
			canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
			canvas.setAttribute('role', 'img');
			canvas.setAttribute('aria-label', label(n, doc.numPages));
			container.append(canvas);
			const context = canvas.getContext('2d');
			if (!context) continue;
			await page.render({ canvas, canvasContext: context, viewport }).promise;
		}
		return doc.numPages;
	} finally {
		void doc.destroy();
	}
}
