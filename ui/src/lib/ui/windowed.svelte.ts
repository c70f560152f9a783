// Rows of a long list fetched from the core in windows as the user scrolls (with VirtualList):
// the core pages (limit/offset, a total), the UI keeps at most `maxPages` windows in memory and
// forgets the farthest ones, so that 100,000 journal entries never sit in the webview at once.

export type Page<T> = { rows: T[]; total: number };

export class Windowed<T> {
	/** Rows in the whole list, as the core last counted them. */
	total = $state(0);
	/** Whether the first window has come back (for the empty state). */
	loaded = $state(false);
	loading = $state(false);
	/** Loaded rows by index; windows come and go. */
	private rows = $state.raw<Record<number, T>>({});
	private pages = new Map<number, number>(); // page number → last use
	private asked = new Set<number>();
	private generation = 0;
	private uses = 0;

	constructor(
		private readonly fetch: (offset: number, limit: number) => Promise<Page<T>>,
		private readonly pageSize = 200,
		private readonly maxPages = 8,
		private readonly onerror: (thrown: unknown) => void = () => {}
	) {}

	/** Row `index`, or undefined while its window is on its way. */
	at(index: number): T | undefined {
		return this.rows[index];
	}

	/** Forgets every row and fetches the first window again (a new filter, a new entry). */
	async reset(): Promise<void> {
		this.generation++;
		this.pages.clear();
		this.asked.clear();
		this.rows = {};
		await this.ensure(0, 1);
	}

	/** Fetches the windows covering rows `first`..`last` (exclusive) that are not loaded. */
	async ensure(first: number, last: number): Promise<void> {
		const size = this.pageSize;
		const from = Math.floor(first / size);
		const to = Math.floor(Math.max(first, last - 1) / size);
		const wanted: number[] = [];
		for (let p = from; p <= to; p++) {
			this.pages.set(p, ++this.uses);
			if (!this.asked.has(p)) wanted.push(p);
		}
		await Promise.all(wanted.map((p) => this.load(p)));
	}

	private async load(p: number): Promise<void> {
		const generation = this.generation;
		this.asked.add(p);
		this.loading = true;
		try {
			const page = await this.fetch(p * this.pageSize, this.pageSize);
			if (generation !== this.generation) return;
			const next: Record<number, T> = { ...this.rows };
			page.rows.forEach((row, i) => (next[p * this.pageSize + i] = row));
			this.total = page.total;
			this.rows = this.evict(next);
		} catch (thrown) {
			if (generation === this.generation) {
				this.asked.delete(p);
				this.onerror(thrown);
			}
		} finally {
			if (generation === this.generation) {
				this.loaded = true;
				this.loading = false;
			}
		}
	}

	/** Keeps the `maxPages` most recently wanted windows. */
	private evict(rows: Record<number, T>): Record<number, T> {
		if (this.pages.size <= this.maxPages) return rows;
		const oldest = [...this.pages.entries()].sort((a, b) => a[1] - b[1]).slice(0, this.pages.size - this.maxPages);
		for (const [p] of oldest) {
			this.pages.delete(p);
			this.asked.delete(p);
			for (let i = p * this.pageSize; i < (p + 1) * this.pageSize; i++) delete rows[i];
		}
		return rows;
	}
}
