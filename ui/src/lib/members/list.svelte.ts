// The member list's search, filters and sort, and the rows the core returned for them.
// One instance lives for the whole session, so the list keeps its filters when you come back.
import {
	commands,
	type AppError,
	type Category,
	type Member,
	type MemberFilter,
	type MemberSort,
	type MemberStatus
} from '$lib/ipc/bindings';
import { call, toAppError } from '$lib/ipc/call';

export const SEARCH_DELAY_MS = 250;

export class MemberList {
	search = $state('');
	country = $state('');
	category = $state<Category | ''>('');
	subregion = $state('');
	status = $state<MemberStatus | ''>('');
	includeArchived = $state(false);
	sort = $state<MemberSort>('name');
	descending = $state(false);

	rows = $state<Member[]>([]);
	loading = $state(false);
	loaded = $state(false);
	error = $state<AppError | null>(null);

	#timer: ReturnType<typeof setTimeout> | undefined;
	#request = 0;

	/** The filter as the core takes it. */
	filter(): MemberFilter {
		const search = this.search.trim();
		return {
			search: search === '' ? null : search,
			country: this.country === '' ? null : this.country,
			category: this.category === '' ? null : this.category,
			subregion: this.subregion === '' ? null : Number(this.subregion),
			status: this.status === '' ? null : this.status,
			include_archived: this.includeArchived,
			sort: this.sort,
			descending: this.descending
		};
	}

	get filtered(): boolean {
		return (
			this.search.trim() !== '' ||
			this.country !== '' ||
			this.category !== '' ||
			this.subregion !== '' ||
			this.status !== '' ||
			this.includeArchived
		);
	}

	async load(): Promise<void> {
		clearTimeout(this.#timer);
		const request = ++this.#request;
		this.loading = true;
		try {
			const filter = this.filter();
			const rows = await call(() => commands.membersList(filter));
			if (request !== this.#request) return;
			this.rows = rows;
			this.error = null;
			this.loaded = true;
		} catch (thrown) {
			if (request !== this.#request) return;
			this.error = toAppError(thrown);
		} finally {
			if (request === this.#request) this.loading = false;
		}
	}

	/** Reloads after the user stops typing for a moment. */
	searchLater(): void {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.load(), SEARCH_DELAY_MS);
	}

	sortBy(column: MemberSort): Promise<void> {
		if (this.sort === column) this.descending = !this.descending;
		else {
			this.sort = column;
			this.descending = false;
		}
		return this.load();
	}

	/** Forgets everything (on sign-out), without asking the core. */
	reset(): void {
		clearTimeout(this.#timer);
		this.#request++;
		this.search = '';
		this.country = '';
		this.category = '';
		this.subregion = '';
		this.status = '';
		this.includeArchived = false;
		this.sort = 'name';
		this.descending = false;
		this.rows = [];
		this.loaded = false;
		this.loading = false;
		this.error = null;
	}

	clearFilters(): Promise<void> {
		this.search = '';
		this.country = '';
		this.category = '';
		this.subregion = '';
		this.status = '';
		this.includeArchived = false;
		return this.load();
	}
}

export const memberList = new MemberList();
