/**
 * Puts the chosen tab in the address without a new history entry, so that reloading or going
 * back returns to it. `only` drops the other parameters (a record's `id` belongs to the tab
 * it was opened in).
 */
export function setTabInUrl(tab: string, { only = false }: { only?: boolean } = {}): void {
	const url = new URL(window.location.href);
	if (only) url.search = '';
	url.searchParams.set('tab', tab);
	history.replaceState(history.state, '', url);
}
