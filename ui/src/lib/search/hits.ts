// Where each kind of search hit opens.
import type { SearchHit, SearchKind } from '$lib/ipc/bindings';
import { cooperationHref } from '$lib/cooperation/options';

export function hitHref(kind: SearchKind, hit: SearchHit): string {
	const id = encodeURIComponent(hit.record_id);
	const parent = hit.parent_id ? encodeURIComponent(hit.parent_id) : '';
	switch (kind) {
		case 'member':
			return `/members/view?id=${id}`;
		case 'contact':
			return parent ? `/members/view?id=${parent}` : '/members';
		case 'session':
			return `/sessions/view?id=${id}`;
		case 'agenda_item':
			return parent ? `/sessions/view?id=${parent}` : '/sessions';
		case 'minutes':
		case 'resolution':
		case 'action_item':
			return parent ? `/sessions/view?id=${parent}&tab=minutes` : '/sessions';
		case 'agreement':
			return cooperationHref('agreements', hit.record_id);
		case 'request':
			return cooperationHref('assistance', hit.record_id);
		case 'mission':
			return cooperationHref('missions', hit.record_id);
		case 'publication':
			return cooperationHref('publications', hit.record_id);
		case 'budget_line':
			return '/finance?tab=budget';
		case 'obligation':
			return `/compliance?tab=obligations&id=${id}`;
		case 'postulation':
			return parent ? `/elections?id=${parent}&tab=postulations` : '/elections';
		case 'regulation':
			return `/regulations?id=${id}`;
	}
}
